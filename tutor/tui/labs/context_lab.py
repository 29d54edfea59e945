"""The context-window calculator: convert an amount of text, and a table of window sizes."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label, Static

from tutor.labs.context import (
    ContextAssumptions,
    convert,
    describe,
    format_amount,
    parse_quantity,
    window_table,
)
from tutor.labs.errors import LabError
from tutor.tui.labs.base import LabScreen


class ContextLab(LabScreen):
    """Tokens ↔ words ↔ pages under the lesson's rules of thumb."""

    LAB_TITLE = "Lab: context-window calculator"
    DEFAULT_CSS = """
    ContextLab #windows { height: auto; max-height: 12; margin-top: 1; }
    ContextLab #result { height: auto; margin-top: 1; }
    """

    def __init__(self, rules: ContextAssumptions) -> None:
        super().__init__()
        self.rules = rules

    def compose_lab(self) -> ComposeResult:
        yield Static(
            f"The lesson's rules of thumb: {format_amount(self.rules.words_per_page)} words a "
            f"page, {self.rules.tokens_per_word:g} tokens a word (English). Type an amount in "
            "tokens, words or pages and press Enter.",
            classes="lab-help",
        )
        with Horizontal(classes="lab-row"):
            yield Label("Amount:", classes="lab-label")
            yield Input(placeholder="e.g. 100k tokens, 250 pages, 2000 words", id="amount")
        yield Static("", id="result")
        yield DataTable(id="windows", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#windows", DataTable)
        table.add_columns("Context window", "≈ words", "≈ pages")
        for row in window_table(self.rules):
            table.add_row(
                f"{format_amount(row.tokens)} tokens",
                format_amount(row.words),
                format_amount(row.pages),
            )
        self.query_one("#amount", Input).focus()

    @on(Input.Submitted, "#amount")
    def _convert(self, event: Input.Submitted) -> None:
        result = self.query_one("#result", Static)
        if not event.value.strip():
            return
        try:
            quantity = parse_quantity(event.value)
        except LabError as exc:
            result.update(f"[red]{exc.message}[/red]")
            return
        line = describe(quantity, convert(quantity, self.rules))
        result.update(line)
        self.record(line)

    def before_close(self) -> None:
        if self.summary() is None:
            self.record("looked at the table of window sizes in words and pages")
