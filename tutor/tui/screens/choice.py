"""A welcome-back dialog with two ways on: the primary one (True) or start over (False)."""

from __future__ import annotations

from typing import ClassVar

from textual.screen import ModalScreen
from textual.widgets import Button


class StartOverChoice(ModalScreen[bool]):
    """Dismisses with True for the button `PRIMARY` (an id), False for "Start over"."""

    PRIMARY: ClassVar[str]
    DEFAULT_CSS = """
    StartOverChoice { align: center middle; }
    StartOverChoice > Vertical {
        width: 64; max-width: 95%; height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    StartOverChoice Label { width: 100%; margin: 0 0 1 0; }
    StartOverChoice Horizontal { height: auto; align: center middle; }
    StartOverChoice Button { margin: 0 1; }
    """

    def on_mount(self) -> None:
        self.query_one(f"#{self.PRIMARY}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == self.PRIMARY)

    def action_choose(self, primary: bool) -> None:
        """Close with the learner's choice."""
        self.dismiss(primary)
