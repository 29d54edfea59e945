"""`tutor start` / `tutor serve` wiring that needs no terminal or browser."""

from __future__ import annotations

import contextlib
import os
import pty
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

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
# (rich.table is not among them: Textual itself imports it). pydantic alone cost a quarter
# of a second: the lesson, the session's events and the transcript writer do without it.

HEAVY = ("typer", "pydantic", "anthropic", "onnxruntime", "numpy", "tokenizers", "jinja2",
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
    with _terminal() as tty:  # `tutor` refuses to start the app with no terminal
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                              check=True, timeout=60, stdin=tty)
    return set(done.stdout.split())


@contextlib.contextmanager
def _terminal() -> Iterator[int]:
    """A pseudo-terminal's end to give a child as its stdin."""
    controller, terminal = pty.openpty()
    try:
        yield terminal
    finally:
        os.close(terminal)
        os.close(controller)


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY
                  or any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_bare_tutor_starts_the_tui_without_typer_graders_or_batch_code() -> None:
    assert _heavy(_modules_at_run()) == []


def test_tutor_start_imports_no_grader_or_batch_code_before_the_app_runs() -> None:
    heavy = _heavy(_modules_at_run("start", "--grader", "local"))
    # typer itself imports pydantic (its parameter adapters); bare `tutor` skips typer.
    assert [m for m in heavy if m.split(".")[0] not in ("typer", "pydantic")] == []


_FIRST_FRAME_PROBE = """
import sys
from pathlib import Path
from tutor.grading.source import factory_source
from tutor.tui.app import TutorApp
from tutor.tui.lesson_screen import LessonScreen

TutorApp.WARM_UP_DELAY = 60.0  # the grader loads after the first frame: not in this probe
mount = TutorApp.on_mount

def first_frame(app):
    screen = app.screen
    step = screen.driver.state.step_number if isinstance(screen, LessonScreen) else None
    print(type(screen).__name__, step, " ".join(sorted(sys.modules)))
    app.exit()

def on_mount(self):
    mount(self)
    self.call_after_refresh(first_frame, self)  # as the app schedules its warm-up

TutorApp.on_mount = on_mount
app = TutorApp("how-llms-work", grader=factory_source("local"), data_root=Path({root!r}))
app.run(headless=True, size=(80, 24))
"""


def _first_frame(root: Path) -> tuple[str, str, set[str]]:
    probe = _FIRST_FRAME_PROBE.format(root=str(root))
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, timeout=60)
    screen, step, *modules = done.stdout.split()
    return screen, step, set(modules)


def test_the_first_frame_is_drawn_without_pydantic_or_a_grader(tmp_path: Path) -> None:
    """Parsing the lesson, writing the session's first events and drawing step 1 import none
    of the heavy parts. Opening it again reads the transcript back, which does use pydantic:
    the counter-check that the probe sees it when it is there."""
    screen, step, modules = _first_frame(tmp_path)
    assert (screen, step) == ("LessonScreen", "1")
    assert _heavy(modules) == []
    assert "pydantic" in _first_frame(tmp_path)[2]


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


def _tutor(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`tutor ARGS` with no terminal at all: stdin from /dev/null, output to pipes."""
    env = {"PATH": "/usr/bin:/bin", "TUTOR_DATA_DIR": str(cwd), "TUTOR_CONFIG_DIR": str(cwd),
           "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-m", "tutor", *args], cwd=cwd, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
                          check=False)


@pytest.mark.parametrize("command", ["start", "serve"])
def test_a_lesson_that_does_not_exist_is_a_message_and_exit_2_not_a_screen(
    tmp_path: Path, command: str
) -> None:
    done = _tutor(command, "no-such-lesson", cwd=tmp_path)
    assert done.returncode == 2
    assert "'no-such-lesson' is neither a lesson file nor a bundled lesson" in done.stderr
    assert "how-llms-work" in done.stderr  # what can be given instead
    assert "Traceback" not in done.stderr and "\x1b[" not in done.stdout + done.stderr
    assert "Serving" not in done.stderr


def test_a_broken_lesson_names_file_and_line_and_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.md"
    broken.write_text("# Broken\n\n## Step 1: One\n\n**Task:** Try.\n\n**Question:** Why?\n",
                      encoding="utf-8")
    done = _tutor("start", str(broken), cwd=tmp_path)
    assert done.returncode == 2
    assert f"{broken}:3: error: step 1 has no **Checkpoint:**" in done.stderr
    assert "\x1b[" not in done.stdout  # the full-screen app never started


def test_a_good_lesson_with_no_terminal_is_a_message_and_exit_2_not_a_hang(
    tmp_path: Path,
) -> None:
    done = _tutor("start", "--grader", "local", cwd=tmp_path)  # stdin is /dev/null
    assert done.returncode == 2
    assert "tutor: no terminal: the lesson app needs a terminal to read keys from" in done.stderr
    assert "\x1b[" not in done.stdout + done.stderr  # nothing was drawn


def test_the_app_starts_with_a_terminal_on_stdin(tmp_path: Path) -> None:
    """The counter-check: with a terminal, `tutor start` gets as far as running the app."""
    probe = _PROBE.format(args=["start", "--grader", "local"])
    with _terminal() as tty:
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                              timeout=60, stdin=tty, check=False)
    assert done.returncode == 0, done.stderr
    assert "textual" in done.stdout.split()
