"""The `tutor` command: `main` is the entry point, `app` the typer app (in `tutor.cli.commands`).

Bare `tutor` (no arguments) opens the TUI without importing typer: there is nothing to
parse, and typer with its parameter adapters costs a noticeable part of a second before
the first frame. Anything else goes through typer.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from tutor.errors import TutorError

if TYPE_CHECKING:
    from typer import Typer

    app: Typer


def main() -> None:
    """Entry point: run the CLI, turning TutorError into a message and an exit code."""
    try:
        if len(sys.argv) <= 1 and "_TUTOR_COMPLETE" not in os.environ:
            _bare()
        else:
            from tutor.cli.commands import app

            app()
    except TutorError as exc:
        print(f"tutor: {exc.title.lower()}: {exc.message}", file=sys.stderr)
        raise SystemExit(exc.exit_code) from None
    except KeyboardInterrupt:
        print("tutor: interrupted", file=sys.stderr)
        raise SystemExit(130) from None


def _bare() -> None:
    """`tutor`: the bundled lesson in the TUI, exactly as typer would run it."""
    from tutor.cli.start_cmd import run_tui

    try:
        run_tui()
    except KeyboardInterrupt:
        raise SystemExit(130) from None  # what typer does: exit 130, no message


def __getattr__(name: str) -> Any:
    """`from tutor.cli import app` builds the typer app on first use."""
    if name == "app":
        from tutor.cli.commands import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
