"""`tutor eval DATASET…` (issue 7 fills this in)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the `eval` command to the app."""

    @app.command("eval")
    def eval_() -> None:
        """Run the eval harness (not built yet)."""
        raise typer.Exit(3)
