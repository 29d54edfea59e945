"""The typer app: every subcommand wired up. Each subcommand lives in its own module.

The subcommand modules import only typer at the top; what a command needs (the batch
runner, the eval harness, graders, rich tables) is imported when that command runs.
"""

from __future__ import annotations

import typer

from tutor.cli import config_cmd, eval_cmd, grade_cmd, lessons_cmd, start_cmd

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
