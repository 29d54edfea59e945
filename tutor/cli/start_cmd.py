"""`tutor` / `tutor start LESSON`: the learner's TUI; `tutor serve`: the same app in a browser."""

from __future__ import annotations

import gc
import shlex
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

#: The bundled lesson `tutor` opens; the same as `tutor.lesson.DEFAULT_LESSON` (a test checks),
#: spelt out here so the CLI starts without importing the lesson parser and pydantic.
DEFAULT_LESSON = "how-llms-work"

_GRADER_HELP = "Grader: claude or local (default: claude when a key is set, else local)."


def run_tui(lesson: str = DEFAULT_LESSON, grader: str | None = None) -> None:
    """Open `lesson` in the TUI. Textual and the grader are imported only now.

    The garbage collector is off until the first frame is drawn: start-up makes some 70,000
    objects that live as long as the app (Textual, pydantic schemas, the lesson), and
    collecting as they were made walked them over and over, ~0.1 s before the first frame.
    The app freezes what start-up made and turns the collector back on when the first
    frame is out.
    """
    gc.disable()
    try:
        from tutor.driver import factory_source
        from tutor.tui.app import TutorApp

        app = TutorApp(lesson, grader=factory_source(grader), grader_name=grader or "",
                       collect_after_first_frame=True)
        app.run()
    finally:
        gc.enable()
    if app.return_code:
        raise SystemExit(app.return_code)


def serve_command(lesson: str, grader: str | None) -> str:
    """The shell command textual-serve runs for each browser session."""
    argv = [sys.executable, "-m", "tutor", "start", lesson]
    if grader:
        argv += ["--grader", grader]
    return shlex.join(argv)


def register(app: typer.Typer) -> None:
    """Add the `start` and `serve` commands to the app."""
    import typer  # here, not at the top: bare `tutor` runs `run_tui` without typer

    @app.command("start")
    def start(
        lesson: str = typer.Argument(DEFAULT_LESSON, metavar="LESSON",
                                     help="A lesson file or a bundled name."),
        grader: str | None = typer.Option(None, "--grader", help=_GRADER_HELP),
    ) -> None:
        """Open a lesson in the terminal."""
        run_tui(lesson, grader)

    @app.command("serve")
    def serve(
        lesson: str = typer.Argument(DEFAULT_LESSON, metavar="LESSON",
                                     help="A lesson file or a bundled name."),
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
        port: int = typer.Option(8000, "--port", help="Port to listen on."),
        grader: str | None = typer.Option(None, "--grader", help=_GRADER_HELP),
    ) -> None:
        """Serve the lesson app to a web browser (textual-serve)."""
        try:
            from textual_serve.server import Server
        except ImportError:
            typer.echo("tutor serve needs textual-serve: pip install 'tutor[serve]'", err=True)
            raise typer.Exit(2) from None
        typer.echo(f"Serving {lesson} on http://{host}:{port}/ (ctrl+c to stop)", err=True)
        Server(serve_command(lesson, grader), host=host, port=port, title="tutor").serve()
