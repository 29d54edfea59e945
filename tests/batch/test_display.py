"""stderr display: the summary table, and a progress bar only on a terminal."""

from __future__ import annotations

import io

from rich.console import Console

from tutor.batch.display import ProgressBar, summary_table
from tutor.batch.results import ResultRow, Summary
from tutor.grading.verdict import Decision

ROWS = [
    ResultRow(id="a", step=1, decision=Decision.ADVANCE, score=1.0),
    ResultRow(id="b", step=1, decision=Decision.HINT, score=0.0),
    ResultRow(id="c", step=4, error="boom"),
]


def console(*, terminal: bool) -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, force_terminal=terminal, width=80), buf


def test_summary_table_counts_per_step_and_overall() -> None:
    con, buf = console(terminal=False)
    con.print(summary_table(Summary.of(ROWS), "How LLMs Work", "local"))
    lines = [
        " ".join(x.replace("│", " ").replace("┃", " ").split()) for x in buf.getvalue().splitlines()
    ]
    assert "How LLMs Work · graded by local" in lines[0]
    assert "step advanced hinted errors" in lines
    assert "1 1 1 0" in lines and "4 0 0 1" in lines and "all 1 1 1" in lines


def test_no_progress_bar_when_not_a_terminal() -> None:
    con, buf = console(terminal=False)
    with ProgressBar(con, 3, 0, "grading") as bar:
        bar.rows(ROWS)
    assert buf.getvalue() == ""


def test_progress_bar_on_a_terminal() -> None:
    con, buf = console(terminal=True)
    with ProgressBar(con, 3, 1, "grading") as bar:
        bar.rows(ROWS[:2])
    assert "grading" in buf.getvalue() and "3/3" in buf.getvalue()
