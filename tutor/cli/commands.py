"""The typer app: every subcommand wired up. Each subcommand lives in its own module.

The subcommand modules import only typer at the top; what a command needs (the batch
runner, the eval harness, graders, rich tables) is imported when that command runs.
"""

from __future__ import annotations

from typing import Annotated

import typer

from tutor.cli import (
    config_cmd,
    eval_cmd,
    grade_cmd,
    lessons_cmd,
    progress_cmd,
    report_cmd,
    start_cmd,
)

#: Help and usage errors as plain text (click's layout). Typer's rich panels print every
#: on/off flag, --help included, as if it took a value (`--fresh <bool>`).
HELP_STYLE = None

app = typer.Typer(
    name="tutor",
    help="A Socratic tutor for the terminal.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=HELP_STYLE,
)
app.add_typer(lessons_cmd.app, name="lessons")
grade_cmd.register(app)
report_cmd.register(app)
eval_cmd.register(app)
start_cmd.register(app)
config_cmd.register(app)
progress_cmd.register(app)


def version() -> str:
    """The installed distribution's version (the package's own when run from a checkout)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("tutor")
    except PackageNotFoundError:
        from tutor import __version__

        return __version__


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"tutor {version()}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _default(
    ctx: typer.Context,
    show_version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True,
        help="Show the version and exit.")] = False,
) -> None:
    """A Socratic tutor for the terminal. With no command, open the bundled lesson."""
    if ctx.invoked_subcommand is None:
        start_cmd.run_tui()
