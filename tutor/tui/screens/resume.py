"""On start: offer to continue the learner's unfinished session, or to start over."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class ResumeScreen(ModalScreen[bool]):
    """Dismisses with True to resume, False to start over."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose(True)", "Resume"),
        Binding("s", "choose(False)", "Start over"),
        Binding("escape", "choose(True)", "Resume", show=False),
    ]
    DEFAULT_CSS = """
    ResumeScreen { align: center middle; }
    ResumeScreen > Vertical {
        width: 64; max-width: 95%; height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    ResumeScreen Label { width: 100%; margin: 0 0 1 0; }
    ResumeScreen Horizontal { height: auto; align: center middle; }
    ResumeScreen Button { margin: 0 1; }
    """

    def __init__(self, step_number: int | None, step_title: str, *, done: int, total: int,
                 changed: bool) -> None:
        """`step_number`: where the session goes on (None: every step is done)."""
        super().__init__()
        self.step_number = step_number
        self.step_title = step_title
        self.done = done
        self.total = total
        self.changed = changed

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Welcome back", classes="title")
            yield Label(self.where(), id="where")
            if self.changed:
                yield Label("The lesson has changed since you started it; your progress "
                            "still applies to the same step numbers.", id="changed",
                            classes="warning")
            with Horizontal():
                resume = ("See your summary" if self.step_number is None
                          else f"Resume at step {self.step_number}")
                yield Button(resume, id="resume", variant="primary")
                yield Button("Start over", id="restart")

    def where(self) -> str:
        """How far the learner got, and where the session goes on."""
        done = (f"You have done all {self.total} steps." if self.done == self.total
                else f"You have done {self.done} of {self.total} "
                     f"step{'' if self.total == 1 else 's'}.")
        if self.step_number is None:
            return done
        return f"{done} Next: step {self.step_number}, {self.step_title}."

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "resume")

    def action_choose(self, resume: bool) -> None:
        """Close with the learner's choice."""
        self.dismiss(resume)
