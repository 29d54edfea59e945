"""A tiny host app that opens one lab screen and keeps what it dismisses with."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from tutor.lesson import Step, load_lesson

UNSET = "<still open>"


def seed_step(number: int) -> Step:
    """A step of the bundled seed lesson, with its authoring extensions."""
    step = load_lesson("how-llms-work").step(number)
    assert step is not None
    return step


class LabHost(App[None]):
    """Shows a line of 'step' text and pushes the lab screen over it on start."""

    def __init__(self, screen: Screen[str | None]) -> None:
        super().__init__()
        self.lab = screen
        self.result: str | None = UNSET

    def compose(self) -> ComposeResult:
        yield Static("The step would be here.")

    def on_mount(self) -> None:
        self.push_screen(self.lab, self._lab_closed)

    def _lab_closed(self, summary: str | None) -> None:
        self.result = summary
