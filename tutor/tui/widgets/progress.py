"""Where the learner is: step k of n, and how each step went."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tutor.session import Phase, State

# One glyph per step; the legend is in the tooltip.
_GLYPHS = {"first": ("★", "green"), "passed": ("✓", "green"), "revealed": ("◆", "yellow"),
           "skipped": ("↷", "dim"), "current": ("●", "bold"), "ahead": ("○", "dim")}


class LessonProgress(Static):
    """A one-line progress indicator drawn from the machine's State."""

    DEFAULT_CSS = "LessonProgress { height: 1; padding: 0 1; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tooltip = "★ passed first try · ✓ passed · ◆ explained · ↷ skipped · ● current"

    def show(self, state: State, *, unit: str = "Step") -> None:
        """Redraw for this state; `unit` is what is counted ("Step 2 of 7")."""
        total = len(state.steps)
        text = Text()
        if state.phase is Phase.COMPLETE:
            text.append(f"Lesson complete · {total} steps  ", style="bold")
        else:
            text.append(f"{unit} {state.index + 1} of {total}  ", style="bold")
        for i, record in enumerate(state.records):
            key = ("first" if record.first_try else record.outcome) if record.outcome else (
                "current" if i == state.index and state.phase is not Phase.COMPLETE else "ahead")
            glyph, style = _GLYPHS[key]
            text.append(glyph + " ", style=style)
        done = sum(1 for r in state.records if r.outcome)
        if done:  # "first try: 0" on step 1 said nothing, and said it cryptically
            first = sum(1 for r in state.records if r.first_try)
            text.append(f" {first} of {done} done on the first try", style="dim")
        self.update(text, layout=False)  # one row of fixed size: no need to reflow the screen
