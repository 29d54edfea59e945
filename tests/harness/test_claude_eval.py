"""`tutor eval --grader claude` through the real SDK against the fake Messages API on 127.0.0.1:
a recorded run, then the same run replayed and labelled as such."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from tests.fakeapi.replies import verdict
from tests.fakeapi.server import FakeAnthropic
from tutor.errors import InputError
from tutor.harness.command import EvalArgs, run_eval
from tutor.harness.summary import Leaks

HELD = ("dogs", "FAIL", "mice run")  # the fake model holds answers with these words


@pytest.fixture
def claude_env(fake_api: FakeAnthropic, monkeypatch: pytest.MonkeyPatch) -> FakeAnthropic:
    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake_api.base_url)
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test-not-a-real-key")
    fake_api.default = lambda body: verdict(
        "hint" if any(w in json.dumps(body) for w in HELD) else "advance",
        usage={"input_tokens": 900, "output_tokens": 120})
    return fake_api


def quiet() -> Console:
    return Console(file=io.StringIO(), width=120)


def test_recorded_then_replayed(claude_env: FakeAnthropic, small_set: Path, tmp_path: Path,
                                leaks: Leaks) -> None:
    cassettes = tmp_path / "cassettes"
    live_out, replay_out = tmp_path / "live.json", tmp_path / "replay.json"
    args = EvalArgs(datasets=[small_set], grader="claude", record=cassettes, out=live_out)
    assert run_eval(args, leaks=leaks, console=quiet()) == 0
    live = json.loads(live_out.read_text(encoding="utf-8"))
    calls = len(claude_env.message_requests)
    assert calls >= 6
    assert live["mode"] == "recorded" and live["replayed"] is False
    assert live["usage"]["input_tokens"] > 0 and live["usage"]["cost_usd"] > 0
    assert live["fallbacks"] == 0

    report = tmp_path / "report"
    args = EvalArgs(datasets=[small_set], grader="claude", replay=cassettes, out=replay_out,
                    report=report)
    assert run_eval(args, leaks=leaks, console=quiet()) == 0
    replayed = json.loads(replay_out.read_text(encoding="utf-8"))
    assert len(claude_env.message_requests) == calls  # nothing reached the server
    assert replayed["mode"] == "replayed" and replayed["replayed"] is True
    assert replayed["confusion"] == live["confusion"]
    html = (report / "index.html").read_text(encoding="utf-8")
    assert 'id="replayed"' in html and "not a measure of the grader" in html


def test_replay_needs_a_folder(claude_env: FakeAnthropic, small_set: Path, tmp_path: Path,
                               leaks: Leaks) -> None:
    with pytest.raises(InputError, match="no such folder"):
        run_eval(EvalArgs(datasets=[small_set], grader="claude", replay=tmp_path / "none"),
                 leaks=leaks, console=quiet())


def test_command_line_flags(claude_env: FakeAnthropic, small_set: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tutor.cli import app

    out, report, results = tmp_path / "m.json", tmp_path / "r", tmp_path / "res.jsonl"
    result = CliRunner().invoke(app, [
        "eval", str(small_set), "--grader", "claude", "--out", str(out), "--report", str(report),
        "--results", str(results), "--repeat", "2", "--fail-under", "accuracy=0.99",
        "--fail-under", "recall=0.1", "--fail-over", "false_advance_rate=0.5"])
    assert result.exit_code == 1, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    # the fake model advances x1 and x2 (gold advance, hint) and holds the other four
    assert data["confusion"] == {"true_advance": 1, "false_advance": 1, "false_hold": 1,
                                 "true_hold": 3}
    assert data["repeat"] == 2 and data["stability"] == 0.0
    assert (report / "index.html").is_file() and len(results.read_text().splitlines()) == 6
    assert "accuracy = 0.6667 is under 0.99" in result.output
    assert "recall" not in result.output.split("gate failed")[-1]
