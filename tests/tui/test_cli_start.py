"""`tutor start` / `tutor serve` wiring that needs no terminal or browser."""

from __future__ import annotations

import shlex
import sys

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
