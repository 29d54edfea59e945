"""`tutor report RESULTS.json -o report.html`: the class report from results graded earlier.

Exit 0 written; 2 bad input (the message names the file and the fix; nothing written).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tutor.errors import InputError, TutorError

if TYPE_CHECKING:
    from rich.console import Console

    from tutor.batch.results import Report
    from tutor.lesson import Lesson


def register(app: typer.Typer) -> None:
    """Add the `report` command to the app."""

    @app.command("report")
    def report(
        results: Annotated[
            Path, typer.Argument(
                metavar="RESULTS", show_default=False,
                help="The output of `tutor grade` (.json, or .jsonl rows).")
        ],
        out: Annotated[
            Path | None,
            typer.Option("-o", "--out", metavar="FILE.html", show_default=False,
                         help="Where to write the page (default: RESULTS with .html)."),
        ] = None,
        lesson: Annotated[
            str | None,
            typer.Option("--lesson", help="Lesson file or bundled name, for step titles and "
                         'ideas (default: the results\' "lesson").'),
        ] = None,
    ) -> None:
        """Write the class report page from results graded earlier."""
        from rich.console import Console

        err = Console(stderr=True, soft_wrap=True)
        try:
            target = _report(results, out, lesson, err)
        except TutorError as exc:
            err.print(f"tutor: {exc.title.lower()}: {exc.message}", highlight=False, markup=False)
            raise typer.Exit(exc.exit_code) from None
        err.print(f"tutor: class report written to {target}", highlight=False, markup=False)


def _report(results: Path, out: Path | None, lesson_ref: str | None, err: Console) -> Path:
    from tutor.classreport.load import load_results
    from tutor.classreport.page import write_class_report
    from tutor.cli.grade_cmd import check_output

    target = out if out is not None else results.with_suffix(".html")
    if target.resolve() == results.resolve():
        raise InputError(f"-o {target} is the results file itself; name another file")
    report = load_results(results)
    check_output("-o", target)
    write_class_report(target, report, _lesson(report, lesson_ref, err))
    return target


def _lesson(report: Report, ref: str | None, err: Console) -> Lesson | None:
    """The lesson named by --lesson (which must load) or by the results (which may not)."""
    from tutor.lesson import load_lesson

    if ref is not None:
        return load_lesson(ref)
    if not report.lesson:
        return None
    try:
        return load_lesson(report.lesson)
    except TutorError:
        err.print(f"tutor: lesson {report.lesson!r} not found; the page names each step's ideas "
                  "as the grader did. Pass --lesson PATH for the lesson's own.",
                  highlight=False, markup=False)
        return None
