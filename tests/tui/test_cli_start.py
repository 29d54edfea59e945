"""`tutor start` / `tutor serve` wiring that needs no terminal or browser."""

from __future__ import annotations

import shlex
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from tutor.cli import app
from tutor.cli.start_cmd import serve_command


def test_serve_runs_tutor_start_with_the_lesson_and_grader() -> None:
    argv = shlex.split(serve_command("my lesson.md", "local"))
    assert argv == [sys.executable, "-m", "tutor", "start", "my lesson.md", "--grader", "local"]


def test_serve_listens_on_localhost_by_default() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "127.0.0.1" in result.output


# The start path: `tutor` with no arguments draws its first frame without the heavy parts
# (rich.table is not among them: Textual itself imports it).

HEAVY = ("typer", "anthropic", "onnxruntime", "numpy", "tokenizers", "jinja2",
         "tutor.batch", "tutor.harness", "tutor.grading.local", "tutor.grading.claude",
         "tutor.grading.factory", "tutor.config")

_PROBE = """
import sys
from tutor.tui.app import TutorApp

def run(self, *args, **kwargs):  # stands in for the event loop: what is imported by now?
    print(" ".join(sorted(sys.modules)))

TutorApp.run = run
sys.argv = [sys.argv[0], *{args!r}]
from tutor.cli import main
main()
"""


def _modules_at_run(*args: str) -> set[str]:
    probe = _PROBE.format(args=list(args))
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, timeout=60)
    return set(done.stdout.split())


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY
                  or any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_bare_tutor_starts_the_tui_without_typer_graders_or_batch_code() -> None:
    assert _heavy(_modules_at_run()) == []


def test_tutor_start_imports_no_grader_or_batch_code_before_the_app_runs() -> None:
    heavy = _heavy(_modules_at_run("start", "--grader", "local"))
    assert [m for m in heavy if not m.startswith("typer")] == []


def test_bare_tutor_and_typer_run_the_same_tui(monkeypatch: pytest.MonkeyPatch) -> None:
    import tutor.cli
    from tutor.cli import start_cmd

    calls: list[tuple[object, ...]] = []

    def fake_run_tui(*args: object) -> None:
        calls.append(args)
        raise SystemExit(3)  # the app's return code

    monkeypatch.setattr(start_cmd, "run_tui", fake_run_tui)
    monkeypatch.setattr(sys, "argv", ["tutor"])
    with pytest.raises(SystemExit) as bare:
        tutor.cli.main()
    result = CliRunner().invoke(app, [])
    assert (bare.value.code, result.exit_code) == (3, 3)
    assert calls == [(), ()]


def test_cli_copies_of_lesson_and_format_names_match_their_sources() -> None:
    from tutor.batch.output import Format
    from tutor.cli.grade_cmd import OutputFormat
    from tutor.cli.start_cmd import DEFAULT_LESSON
    from tutor.lesson import DEFAULT_LESSON as LESSON_DEFAULT

    assert DEFAULT_LESSON == LESSON_DEFAULT
    assert [f.value for f in OutputFormat] == [f.value for f in Format]
