"""The end of the lesson: steps, attempts, hints used and time spent."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tutor.driver import LessonSummary
from tutor.tui.widgets.footer import KeyFooter
from tutor.tui.widgets.header import title_bar
from tutor.wording import count

if TYPE_CHECKING:
    from tutor.mastery import Book

_OUTCOMES = {"passed": "passed", "revealed": "explained", "skipped": "skipped"}


def duration(seconds: float | None) -> str:
    """'42 s', '12 min 5 s', '1 h 3 min'; 'time unknown' when it could not be read."""
    if seconds is None:
        return "time unknown"
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60} s"
    return f"{s // 3600} h {s % 3600 // 60} min"


def summary_table(summary: LessonSummary) -> Table:
    """One row per step, and the totals."""
    table = Table(expand=True, show_edge=False)
    table.add_column("Step", justify="right", width=4)
    table.add_column("Title", ratio=1, overflow="ellipsis", no_wrap=True)
    table.add_column("Result", width=12, no_wrap=True)
    table.add_column("Tries", justify="right", width=5)
    table.add_column("Hints", justify="right", width=5)
    for row in summary.steps:
        result = ("★ first try" if row.first_try
                  else _OUTCOMES.get(row.outcome, row.outcome))
        table.add_row(str(row.number), row.title, result, str(row.attempts), str(row.hints))
    return table


def recap(summary: LessonSummary) -> Text:
    """What the lesson taught, step by step: each title and its idea."""
    text = Text()
    text.append("What you learned\n", style="bold")
    for row in summary.steps:
        text.append(f"\n{row.number}. {row.title}\n", style="bold")
        if row.idea:
            text.append(f"{row.idea}\n")
    return text


class SummaryScreen(Screen[None]):
    """Shown once the last step is done."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape,q", "app.quit", "Close the tutor", key_display="Enter/Esc/q")]
    DEFAULT_CSS = """
    SummaryScreen #totals { padding: 1 2; }
    SummaryScreen #steps { padding: 0 1; height: auto; }
    SummaryScreen #recap { padding: 1 2; }
    SummaryScreen #mastery { padding: 1 2 0 2; height: auto; }
    """

    def __init__(self, summary: LessonSummary, mastery: Book | None = None) -> None:
        """`mastery`: the lesson's, this session included (None: not shown)."""
        super().__init__()
        self.summary = summary
        self.mastery = mastery

    def compose(self) -> ComposeResult:
        s = self.summary
        yield title_bar()
        with VerticalScroll():
            totals = Text()
            totals.append(f"You finished “{s.lesson_title}”.\n\n", style="bold")
            # Two short lines, so that a narrow screen never wraps a count from its unit.
            totals.append(f"{s.passed} of {len(s.steps)} steps passed, {s.first_try} on the "
                          f"first try\n{count(s.attempts, 'answer')} · {count(s.hints, 'hint')} · "
                          f"{duration(s.seconds)}")
            yield Static(totals, id="totals")
            yield Static(summary_table(s), id="steps")
            if self.mastery is not None:
                from tutor.tui.mastery_view import mastery_text

                steps = [(row.number, row.title) for row in s.steps]
                yield Static(mastery_text(self.mastery, steps), id="mastery")
            yield Static(recap(s), id="recap")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = self.summary.lesson_title
        self.sub_title = "Summary"
