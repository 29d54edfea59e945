"""--grader and --model, the same on every command that grades: start, serve, grade, eval."""

from __future__ import annotations

import json
import os
import pty
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.fakeapi.server import FakeAnthropic
from tutor.cli import app
from tutor.cli.common import GRADERS
from tutor.cli.start_cmd import serve_command

runner = CliRunner()
ANSWERS = {"lesson": "how-llms-work", "answers": [
    {"id": "a1", "step": 1, "answer": "Subword tokens keep the vocabulary small while still "
                                      "covering rare words by splitting them into pieces."}]}
LABELLED = {"lesson": "how-llms-work", "answers": [{**ANSWERS["answers"][0], "label": "advance"}]}


def test_the_cli_offers_the_graders_the_factory_builds() -> None:
    from tutor.grading.factory import GRADERS as FACTORY

    assert GRADERS == FACTORY


@pytest.fixture
def claude(fake_api: FakeAnthropic, monkeypatch: pytest.MonkeyPatch) -> FakeAnthropic:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "fake-key-test-0000000000000000")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake_api.base_url)
    return fake_api


def _file(tmp_path: Path, data: object, name: str = "answers.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_grade_sends_the_model_named_by_model(claude: FakeAnthropic, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["grade", str(_file(tmp_path, ANSWERS)), "--grader", "claude",
                                 "--model", "claude-test-model-a", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert [r.body["model"] for r in claude.message_requests] == ["claude-test-model-a"]


def test_eval_sends_the_model_named_by_model(claude: FakeAnthropic, tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", str(_file(tmp_path, LABELLED)), "--grader", "claude",
                                 "--model", "claude-test-model-b", "--quiet"])
    assert result.exit_code == 0, result.output
    assert {r.body["model"] for r in claude.message_requests} == {"claude-test-model-b"}


def test_grade_auto_picks_claude_when_a_key_is_set(claude: FakeAnthropic, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["grade", str(_file(tmp_path, ANSWERS)), "--grader", "auto",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["grader"] == "claude"
    assert len(claude.message_requests) == 1


def test_grade_auto_is_the_local_grader_with_no_key(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["grade", str(_file(tmp_path, ANSWERS)), "--grader", "AUTO",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["grader"] == "local"


@pytest.mark.parametrize("command", [["grade"], ["eval"]])
@pytest.mark.parametrize(("flags", "message"), [
    (["--grader", "gpt"], "--grader 'gpt': choose one of auto, claude, local"),
    (["--grader", "local", "--model", "claude-haiku-4-5"], "the local grader has none"),
    (["--model", " "], "--model is empty"),
])
def test_bad_grader_or_model_exits_2_before_anything_is_read(
    tmp_path: Path, command: list[str], flags: list[str], message: str
) -> None:
    out = tmp_path / "out.json"
    done = subprocess.run([sys.executable, "-m", "tutor", *command, str(tmp_path / "none.json"),
                           *flags, "--out", str(out)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


_START_PROBE = """
import sys
from tutor.tui.app import TutorApp

def run(self, *args, **kwargs):  # stands in for the event loop: which grader would it build?
    grader = self.grader_source()
    claude = getattr(grader, "primary", grader)
    print(self.lesson_ref.name, claude.name, claude.settings.model)

TutorApp.run = run
sys.argv = ["tutor", *{args!r}]
from tutor.cli import main
main()
"""


def test_start_builds_the_grader_with_the_model_named(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "ANTHROPIC_BASE_URL": "http://127.0.0.1:9",
           "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
           "TUTOR_CONFIG_DIR": str(tmp_path), "TUTOR_DATA_DIR": str(tmp_path)}
    args = ["start", "--grader", "claude", "--model", "claude-test-model-a"]
    controller, terminal = pty.openpty()  # `tutor start` needs a terminal on stdin
    try:
        done = subprocess.run([sys.executable, "-c", _START_PROBE.format(args=args)], env=env,
                              capture_output=True, text=True, timeout=60, check=False,
                              stdin=terminal)
    finally:
        os.close(terminal)
        os.close(controller)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["how-llms-work", "claude", "claude-test-model-a"]


def test_serve_passes_grader_and_model_to_each_session() -> None:
    argv = shlex.split(serve_command("how-llms-work", "claude", "claude-test-model-a"))
    assert argv[-4:] == ["--grader", "claude", "--model", "claude-test-model-a"]
