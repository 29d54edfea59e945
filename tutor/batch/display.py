"""What `tutor grade` shows on stderr: a progress bar (terminals only) and a summary table."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from tutor.batch.results import ResultRow, Summary


class ProgressBar:
    """A rich progress bar on stderr, or nothing at all when stderr is not a terminal."""

    def __init__(self, console: Console, total: int, done: int, label: str) -> None:
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        if console.is_terminal:
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=console,
                transient=True,
            )
            self._task = self._progress.add_task(label, total=total, completed=done)

    def __enter__(self) -> ProgressBar:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def rows(self, rows: list[ResultRow]) -> None:
        """Count rows as done."""
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, len(rows))

    def update(self, done: int, total: int) -> None:
        """Show `done` of `total` (a batch's counts, as the API reports them)."""
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=done, total=total)


def summary_table(summary: Summary, lesson_title: str, grader: str) -> Table:
    """Per step: advanced / hinted / errors, and a total row."""
    table = Table(title=f"{lesson_title} · graded by {grader}", title_justify="left")
    table.add_column("step", justify="right")
    for name in ("advanced", "hinted", "errors"):
        table.add_column(name, justify="right")
    for number, counts in summary.per_step.items():
        errors = f"[red]{counts.errors}[/]" if counts.errors else "0"
        table.add_row(str(number), str(counts.advanced), str(counts.hinted), errors)
    table.add_section()
    errors = f"[red]{summary.errors}[/]" if summary.errors else "0"
    table.add_row("all", str(summary.advanced), str(summary.hinted), errors, style="bold")
    return table
