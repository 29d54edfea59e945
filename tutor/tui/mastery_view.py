"""Mastery on screen: each step's ideas as solid / shaky / not yet, and the review offer."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from tutor.driver import SessionDriver
from tutor.errors import TutorError
from tutor.mastery import Book, ReviewItem
from tutor.wording import count

_STYLES = {"solid": ("●", "green"), "shaky": ("◐", "yellow"), "not yet": ("○", "red")}


def book_for(driver: SessionDriver) -> Book | None:
    """The lesson's mastery now, with this session in it (None if it cannot be read)."""
    from tutor.store import mastery

    try:
        return mastery.load(driver.lesson, root=mastery.root_of(driver.transcript.path))
    except (TutorError, OSError):
        return None


def mastery_text(book: Book, steps: list[tuple[int, str]]) -> Text:
    """How sure the learner is of each idea of these steps."""
    text = Text()
    text.append("How sure you are of each idea\n", style="bold")
    text.append("● solid  ◐ shaky  ○ not yet\n", style="dim")
    for number, title in steps:
        text.append(f"\n{number}. {title}\n", style="bold")
        for idea in book.of_step(number):
            mark, style = _STYLES[idea.band]
            text.append(f"{mark} {idea.band:<7} ", style=style)
            text.append(f"{idea.idea}\n")
    return text


class ReviewOffer(ModalScreen[bool]):
    """On start, after a finished lesson: review its shaky ideas (True) or start over."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose(True)", "Review"),
        Binding("s", "choose(False)", "Start over"),
        Binding("escape", "choose(True)", "Review", show=False),
    ]
    DEFAULT_CSS = """
    ReviewOffer { align: center middle; }
    ReviewOffer > Vertical {
        width: 64; max-width: 95%; height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    ReviewOffer Label { width: 100%; margin: 0 0 1 0; }
    ReviewOffer Horizontal { height: auto; align: center middle; }
    ReviewOffer Button { margin: 0 1; }
    """

    def __init__(self, items: list[ReviewItem]) -> None:
        super().__init__()
        self.items = items

    def compose(self) -> ComposeResult:
        steps = sorted({i.idea.step for i in self.items})
        where = ", ".join(str(n) for n in steps)
        with Vertical():
            yield Label("Welcome back", classes="title")
            yield Label(f"You finished this lesson. {count(len(self.items), 'idea')} "
                        f"from step{'s' if len(steps) > 1 else ''} {where} "
                        f"{'is' if len(self.items) == 1 else 'are'} still shaky: a short "
                        "review asks "
                        f"{'it' if len(self.items) == 1 else 'them'} again.", id="offer")
            with Horizontal():
                yield Button(f"Review ({count(len(self.items), 'question')})", id="review",
                             variant="primary")
                yield Button("Start over", id="restart")

    def on_mount(self) -> None:
        self.query_one("#review", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "review")

    def action_choose(self, review: bool) -> None:
        """Close with the learner's choice."""
        self.dismiss(review)
