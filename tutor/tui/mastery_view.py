"""Mastery on screen: each step's ideas as solid / shaky / not yet, and the review offer."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label

from tutor.driver import SessionDriver
from tutor.errors import TutorError
from tutor.mastery import Book, ReviewItem
from tutor.tui.screens.choice import StartOverChoice
from tutor.wording import count

_STYLES = {"solid": ("●", "green"), "shaky": ("◐", "yellow"), "not yet": ("○", "red")}


def book_for(driver: SessionDriver) -> Book | None:
    """The lesson's mastery now, with this session in it (None if it cannot be read)."""
    from tutor.store import mastery

    try:
        return mastery.load(driver.lesson, root=mastery.root_of(driver.transcript.path))
    except (TutorError, OSError):
        return None


def mastery_text(book: Book, steps: list[tuple[int, str]]) -> Group:
    """How sure the learner is of each idea of these steps: a grid per step, so that an
    idea that wraps stays clear of the marks."""
    parts: list[RenderableType] = [
        Text.assemble(("How sure you are of each idea\n", "bold"),
                      ("● solid  ◐ shaky  ○ not yet", "dim"))]
    for number, title in steps:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        for idea in book.of_step(number):
            mark, style = _STYLES[idea.band]
            grid.add_row(Text(f"{mark} {idea.band}", style=style), idea.idea)
        parts += [Text(f"\n{number}. {title}", style="bold"), grid]
    return Group(*parts)


class ReviewOffer(StartOverChoice):
    """On start, after a finished lesson: review its shaky ideas (True) or start over."""

    PRIMARY = "review"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose(True)", "Review"),
        Binding("s", "choose(False)", "Start over"),
        Binding("escape", "choose(True)", "Review", show=False),
    ]

    def __init__(self, items: list[ReviewItem]) -> None:
        super().__init__()
        self.items = items

    def compose(self) -> ComposeResult:
        steps = [str(n) for n in sorted({i.idea.step for i in self.items})]
        where = steps[0] if len(steps) == 1 else f"{', '.join(steps[:-1])} and {steps[-1]}"
        asks = ("one of them" if len(self.items) == 1
                else f"{len(self.items)} of them")
        with Vertical():
            yield Label("Welcome back", classes="title")
            yield Label(f"You finished this lesson, and some of its ideas are not solid "
                        f"yet. A short review asks {asks} again, from "
                        f"step{'s' if len(steps) > 1 else ''} {where}.", id="offer")
            with Horizontal():
                yield Button(f"Review ({count(len(self.items), 'question')})", id="review",
                             variant="primary")
                yield Button("Start over", id="restart")
