"""`tutor` / `tutor start LESSON`: the learner's TUI (issue 5 fills this in)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the `start` command (and the no-argument default) to the app."""

    @app.command("start")
    def start(lesson: str = typer.Argument("how-llms-work")) -> None:
        """Open a lesson in the TUI (not built yet)."""
        raise typer.Exit(3)
