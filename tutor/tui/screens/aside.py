"""The concept card or the diagram over the whole width, for a terminal too narrow for both.

Beside the step, on a narrow terminal the panel squeezed the step's column until the
Question went off the screen. Over it, the card has the full width, and Esc brings the
step back exactly as it was.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

from tutor.lesson.models import Step
from tutor.tui.widgets.aside import Aside
from tutor.tui.widgets.footer import KeyFooter


class AsideScreen(ModalScreen[None]):
    """The step's card or diagram in a frame over the step; Esc (or its key again) closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,ctrl+o,ctrl+r", "close", "Back to the step", key_display="Esc")]
    DEFAULT_CSS = """
    AsideScreen { align: center top; }
    AsideScreen > Aside {
        width: 100%; max-width: 100; height: auto; max-height: 100%;
        border: round $accent; border-title-color: $accent; padding: 0 1;
        background: $surface;
    }
    AsideScreen .diagram { margin: 1 0; }
    """

    def __init__(self, step: Step, *, card: bool, diagram: bool) -> None:
        super().__init__()
        self.step = step
        self.card = card
        self.diagram = diagram

    def compose(self) -> ComposeResult:
        aside = Aside()
        aside.border_title = "Concept card" if self.card else "Diagram"
        yield aside
        yield KeyFooter()

    def on_mount(self) -> None:
        # The frame's border and padding take 4 columns.
        width = min(100, self.app.size.width) - 4
        self.query_one(Aside).show(self.step, card=self.card, diagram=self.diagram,
                                   width=width)

    def action_close(self) -> None:
        """Back to the step."""
        self.dismiss(None)
