"""The `tutor` command. Each subcommand lives in its own module; this file wires them up."""

from __future__ import annotations

import sys

import typer

from tutor.cli import config_cmd, eval_cmd, grade_cmd, lessons_cmd, start_cmd
from tutor.errors import TutorError

app = typer.Typer(
    name="tutor",
    help="A Socratic tutor for the terminal.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(lessons_cmd.app, name="lessons")
grade_cmd.register(app)
eval_cmd.register(app)
start_cmd.register(app)
config_cmd.register(app)


@app.callback(invoke_without_command=True)
def _default(ctx: typer.Context) -> None:
    """With no command, open the bundled lesson in the TUI."""
    if ctx.invoked_subcommand is None:
        start_cmd.run_tui()


def main() -> None:
    """Entry point: run the CLI, turning TutorError into a message and an exit code."""
    try:
        app()
    except TutorError as exc:
        print(f"tutor: {exc.title.lower()}: {exc.message}", file=sys.stderr)
        raise SystemExit(exc.exit_code) from None
    except KeyboardInterrupt:
        print("tutor: interrupted", file=sys.stderr)
        raise SystemExit(130) from None
