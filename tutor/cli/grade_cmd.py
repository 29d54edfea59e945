"""`tutor grade ANSWERS.json` (issue 6 fills this in)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the `grade` command to the app."""

    @app.command("grade")
    def grade() -> None:
        """Grade a file of answers (not built yet)."""
        raise typer.Exit(3)
