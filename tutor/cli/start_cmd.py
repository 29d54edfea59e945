"""`tutor` / `tutor start LESSON`: the learner's TUI; `tutor serve`: the same app in a browser."""

from __future__ import annotations

import gc
import os
import shlex
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

    from tutor.lesson.models import Lesson

#: The bundled lesson `tutor` opens; the same as `tutor.lesson.DEFAULT_LESSON` (a test checks),
#: spelt out here so the CLI starts without importing the lesson parser and pydantic.
DEFAULT_LESSON = "how-llms-work"

_LESSON_HELP = "A lesson file or a bundled name (`tutor lessons list` shows them)."


def open_lesson(lesson: str) -> Lesson:
    """The lesson, parsed; a missing or broken one raises InputError/LessonError (exit 2).

    Read before the full-screen app starts, so a bad name or a broken file is a message on
    stderr and exit 2, not a screen that waits for a key (or hangs with no terminal).
    """
    from tutor.lesson import load_lesson

    return load_lesson(lesson)


def check_terminal() -> None:
    """Refuse to start the full-screen app with no terminal to read keys from.

    With stdin from a file, a pipe or /dev/null the app would draw and then wait forever
    for a key. textual-serve (`tutor serve`) runs the app over pipes on purpose, naming
    its driver in TEXTUAL_DRIVER.
    """
    from tutor.errors import TutorError

    if os.environ.get("TEXTUAL_DRIVER") or sys.stdin.isatty():
        return
    raise TutorError("the lesson app needs a terminal to read keys from, and stdin is not "
                     "one. Run it in a terminal; `tutor serve` puts it in a browser, and "
                     "`tutor grade` grades a file of answers", title="No terminal")


def run_tui(lesson: str = DEFAULT_LESSON, grader: str | None = None,
            model: str | None = None, *, review: bool = False) -> None:
    """Open `lesson` in the TUI. Textual and the grader are imported only now.

    The garbage collector is off until the first frame is drawn: start-up makes some 70,000
    objects that live as long as the app (Textual, pydantic schemas, the lesson), and
    collecting as they were made walked them over and over, ~0.1 s before the first frame.
    The app freezes what start-up made and turns the collector back on when the first
    frame is out.
    """
    gc.disable()
    try:
        opened = open_lesson(lesson)
        if review:
            nothing_to_review(opened)
        check_terminal()
        from tutor.driver import factory_source
        from tutor.tui.app import TutorApp

        app = TutorApp(opened, grader=factory_source(grader, model=model),
                       grader_name=grader or "", collect_after_first_frame=True,
                       review=review)
        app.run()
    finally:
        gc.enable()
    if app.return_code:
        raise SystemExit(app.return_code)


def nothing_to_review(lesson: Lesson) -> None:
    """With nothing to review, say so and stop (exit 0) before the app starts."""
    import time

    from tutor.review import due

    if due(lesson, now=time.time()):
        return
    print(f"Nothing to review in {lesson.name}: every idea you have answered is solid, or "
          f"you have not started the lesson. `tutor start {lesson.name}` opens it; "
          f"`tutor progress {lesson.name}` shows where you stand.", file=sys.stderr)
    raise SystemExit(0)


def serve_command(lesson: str, grader: str | None, model: str | None = None) -> str:
    """The shell command textual-serve runs for each browser session."""
    argv = [sys.executable, "-m", "tutor", "start", lesson]
    if grader:
        argv += ["--grader", grader]
    if model:
        argv += ["--model", model]
    return shlex.join(argv)


def register(app: typer.Typer) -> None:
    """Add the `start` and `serve` commands to the app."""
    import typer  # here, not at the top: bare `tutor` runs `run_tui` without typer

    from tutor.cli.common import GRADER_HELP, MODEL_HELP, check_grader_and_model

    @app.command("start")
    def start(
        lesson: str = typer.Argument(DEFAULT_LESSON, metavar="LESSON", help=_LESSON_HELP),
        grader: str | None = typer.Option(None, "--grader", help=GRADER_HELP),
        model: str | None = typer.Option(None, "--model", help=MODEL_HELP),
        review: bool = typer.Option(
            False, "--review",
            help="Ask again the ideas you are shaky on (`tutor progress` lists them)."),
    ) -> None:
        """Open a lesson in the terminal."""
        run_tui(lesson, check_grader_and_model(grader, model), model, review=review)

    @app.command("serve")
    def serve(
        lesson: str = typer.Argument(DEFAULT_LESSON, metavar="LESSON", help=_LESSON_HELP),
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
        port: int = typer.Option(8000, "--port", help="Port to listen on."),
        grader: str | None = typer.Option(None, "--grader", help=GRADER_HELP),
        model: str | None = typer.Option(None, "--model", help=MODEL_HELP),
    ) -> None:
        """Serve the lesson app to a web browser (textual-serve)."""
        from textual_serve.server import Server

        grader = check_grader_and_model(grader, model)
        open_lesson(lesson)  # each browser session would only show the error
        typer.echo(f"Serving {lesson} on http://{host}:{port}/ (ctrl+c to stop)", err=True)
        Server(serve_command(lesson, grader, model), host=host, port=port,
               title="tutor").serve()
