"""On start: offer to continue the learner's unfinished session, or to start over."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label

from tutor.tui.screens.choice import StartOverChoice


class ResumeScreen(StartOverChoice):
    """Dismisses with True to resume, False to start over."""

    PRIMARY = "resume"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose(True)", "Resume"),
        Binding("s", "choose(False)", "Start over"),
        Binding("escape", "choose(True)", "Resume", show=False),
    ]

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
