"""What every lab screen shares: a full-size modal frame, Esc to close, a summary on dismiss."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tutor.tui.widgets.footer import KeyFooter

LAB_CSS = """
LabScreen { align: center middle; }
LabScreen > #lab-frame {
    width: 100%; max-width: 100; height: auto; max-height: 100%; overflow-y: auto;
    border: round $accent; border-title-color: $accent; padding: 0 1;
    background: $surface;
}
LabScreen .lab-help { color: $text-muted; height: auto; }
LabScreen .lab-status { color: $warning; height: auto; }
LabScreen .lab-error { color: $error; height: auto; }
LabScreen .lab-row { height: 1; }
LabScreen .lab-row > .lab-label { width: auto; padding-right: 1; }
LabScreen .lab-row > Input { width: 1fr; height: 1; border: none; padding: 0 1; }
LabScreen .lab-row > Input:focus { background: $boost; }
"""

MAX_RECORDED = 6


class LabScreen(ModalScreen[str | None]):
    """A lab: a modal over the step that dismisses with what the learner did, or None."""

    DEFAULT_CSS = LAB_CSS
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close lab")]
    LAB_TITLE = "Lab"

    def __init__(self) -> None:
        super().__init__()
        self._record: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="lab-frame") as frame:
            frame.border_title = self.LAB_TITLE
            yield from self.compose_lab()
        yield KeyFooter()

    def compose_lab(self) -> ComposeResult:
        """The lab's own widgets, inside the frame."""
        yield Static()

    def record(self, line: str) -> None:
        """Note something the learner did, for the transcript (repeats are kept once)."""
        if line not in self._record:
            self._record.append(line)

    def summary(self) -> str | None:
        """What the learner did in this lab, in plain text, or None if nothing.

        Only the latest MAX_RECORDED things are kept: the summary goes to the grader
        as context, where a short note serves better than a full log.
        """
        kept = self._record[-MAX_RECORDED:]
        dropped = len(self._record) - len(kept)
        lines = ([f"{dropped} earlier tries"] if dropped else []) + kept
        return "; ".join(lines) or None

    def before_close(self) -> None:
        """A last chance to record what is on screen when the learner leaves."""

    def action_close(self) -> None:
        """Leave the lab, handing its summary to whoever opened it."""
        self.before_close()
        self.dismiss(self.summary())


class LabProblemScreen(LabScreen):
    """Shown instead of a lab whose authored data cannot be used: says what is wrong."""

    LAB_TITLE = "Lab unavailable"

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose_lab(self) -> ComposeResult:
        yield Static(self.message, classes="lab-error")
        yield Static("Press Esc to go back to the step.", classes="lab-help")
