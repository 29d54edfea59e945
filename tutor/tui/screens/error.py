"""A problem that stops the lesson from opening (a broken lesson file, an unwritable disk)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tutor.errors import TutorError
from tutor.tui.widgets.footer import KeyFooter
from tutor.tui.widgets.header import title_bar


class ErrorScreen(Screen[None]):
    """The error's title and its message as written for the user; any of q/esc quits."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q,escape", "leave", "Quit")]
    DEFAULT_CSS = "ErrorScreen #error { padding: 1 2; }"

    def __init__(self, error: TutorError) -> None:
        super().__init__()
        self.error = error

    def compose(self) -> ComposeResult:
        yield title_bar()
        with VerticalScroll():
            yield Static(f"[b]{self.error.title}[/b]\n\n", id="error-title")
            yield Static(self.error.message, id="error", markup=False)
        yield KeyFooter()

    def action_leave(self) -> None:
        """Quit with the error's exit code, so a script that ran `tutor start` can tell."""
        self.app.exit(return_code=self.error.exit_code)
