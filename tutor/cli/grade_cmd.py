"""`tutor grade ANSWERS.json`: exit 0 all graded, 1 some could not be, 2 bad input.

The batch runner, the graders and rich are imported when the command runs, so the other
commands (and `tutor` itself) start without them.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tutor.cli.common import GRADER_HELP, MODEL_HELP, check_grader_and_model
from tutor.errors import InputError, TutorError

if TYPE_CHECKING:
    from rich.console import Console

    from tutor.batch.answers import AnswerSet
    from tutor.batch.output import Format
    from tutor.batch.results import Report
    from tutor.grading.protocol import Grader


class OutputFormat(StrEnum):
    """The --format choices: the values of `tutor.batch.output.Format` (a test checks)."""

    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"




def register(app: typer.Typer) -> None:
    """Add the `grade` command to the app."""

    @app.command("grade")
    def grade(
        answers: Annotated[
            str, typer.Argument(
                metavar="ANSWERS", help='An answers.json file, or "-" for stdin.',
                show_default=False)
        ],
        lesson: Annotated[
            str | None,
            typer.Option(
                "--lesson",
                help="Lesson file or bundled name (needed for a bare list of answers; "
                'overrides the file\'s "lesson").',
            ),
        ] = None,
        grader: Annotated[
            str | None,
            typer.Option(
                "--grader",
                help=GRADER_HELP,
                show_default=False,
            ),
        ] = None,
        model: Annotated[
            str | None, typer.Option("--model", help=MODEL_HELP, show_default=False)
        ] = None,
        out: Annotated[
            Path | None,
            typer.Option("--out", help="Write results here (atomically) instead of stdout."),
        ] = None,
        fmt: Annotated[
            OutputFormat | None,
            typer.Option(
                "--format",
                help="json, jsonl or csv (default: from the --out suffix, else json).",
                show_default=False,
            ),
        ] = None,
        concurrency: Annotated[
            int,
            typer.Option("--concurrency", min=1, max=256, help="Answers graded at the same time."),
        ] = 32,
        batch_api: Annotated[
            bool,
            typer.Option(
                "--batch-api",
                help="Send the answers through Anthropic's Message Batches API "
                "(half price; results within 24 h).",
            ),
        ] = False,
        poll: Annotated[
            float,
            typer.Option("--poll", min=0.05, help="--batch-api: seconds between status checks."),
        ] = 10.0,
        fresh: Annotated[
            bool,
            typer.Option(
                "--fresh", help="Ignore results saved by an interrupted run; grade everything."
            ),
        ] = False,
        report: Annotated[
            Path | None,
            typer.Option(
                "--report", metavar="FILE.html",
                help="Also write the class report: one self-contained HTML page.",
            ),
        ] = None,
    ) -> None:
        """Grade a file of answers against a lesson's Checkpoints."""
        from rich.console import Console

        err = Console(stderr=True, soft_wrap=True)
        try:
            code = _grade(
                answers, lesson, grader, model, out, fmt, concurrency, batch_api, poll, fresh,
                report, err,
            )
        except TutorError as exc:
            err.print(f"tutor: {exc.title.lower()}: {exc.message}", highlight=False, markup=False)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err.print(
                "tutor: interrupted; the answers graded so far are kept. "
                "Run the same command again to continue.",
                highlight=False,
            )
            raise typer.Exit(130) from None
        raise typer.Exit(code)


def _grade(
    source: str,
    lesson: str | None,
    grader_name: str | None,
    model: str | None,
    out: Path | None,
    fmt_choice: OutputFormat | None,
    concurrency: int,
    batch_api: bool,
    poll: float,
    fresh: bool,
    report_page: Path | None,
    err: Console,
) -> int:
    import asyncio

    from tutor.batch.answers import load_answers
    from tutor.batch.output import Format

    grader_name = check_grader_and_model(grader_name, model)
    if batch_api and grader_name == "local":
        raise InputError("--batch-api sends the answers to Claude; drop --grader local")
    answers = load_answers(source, lesson=lesson)
    if out is not None:
        check_output("--out", out)
    if report_page is not None:
        check_output("--report", report_page)
        if out is not None and report_page.resolve() == out.resolve():
            raise InputError(f"--report {report_page} is also the --out file; name another file")
    fmt = Format(fmt_choice.value) if fmt_choice else _format_for(out)
    if batch_api:
        report = _run_batch_api(answers, model, out, fmt, poll, fresh, report_page, err)
    else:
        report = asyncio.run(
            _run(answers, grader_name, model, out, fmt, concurrency, fresh, report_page, err))
    if report_page is not None:
        err.print(f"tutor: class report written to {report_page}", highlight=False)
    failed = report.summary.errors
    if failed:
        err.print(
            f"tutor: {failed} of {report.summary.total} answer(s) could not be graded "
            '(each has an "error" in the output); run the same command again to retry them',
            highlight=False,
        )
        return 1
    return 0


async def _run(
    answers: AnswerSet,
    grader_name: str | None,
    model: str | None,
    out: Path | None,
    fmt: Format,
    concurrency: int,
    fresh: bool,
    report_page: Path | None,
    err: Console,
) -> Report:
    from tutor.batch.job import GradeJob, run_job
    from tutor.batch.runner import RunOptions

    grader = _make_grader(grader_name, model)
    try:
        # How many answers go to one grade_many call is the grader's own `batch_size`.
        options = RunOptions(concurrency=concurrency)
        job = GradeJob(out=out, fmt=fmt, options=options, fresh=fresh, report=report_page)
        return await run_job(answers, grader, job, err)
    finally:
        await grader.aclose()


def _run_batch_api(
    answers: AnswerSet, model: str | None, out: Path | None, fmt: Format, poll: float,
    fresh: bool, report_page: Path | None, err: Console,
) -> Report:
    import asyncio

    from tutor.batch.batch_api import run_batch_job
    from tutor.batch.job import GradeJob

    job = GradeJob(out=out, fmt=fmt, fresh=fresh, report=report_page)
    report: Report = asyncio.run(run_batch_job(answers, job, poll, err, model=model))
    return report


def _make_grader(name: str | None, model: str | None = None) -> Grader:
    from tutor.grading.factory import make_grader

    # No silent stand-in: one output must not mix Claude's verdicts with the local grader's.
    # A Claude failure is retried by the runner, then reported on its answer.
    return make_grader(name, fallback_to_local=False, model=model)


def check_output(flag: str, out: Path) -> None:
    """Refuse an output that cannot be written before any answer is graded, naming it."""
    from tutor.store.atomic import cannot_write

    reason = cannot_write(out)
    if reason is None:
        return
    fix = (f"name a file in it, e.g. {flag} {out / 'results.json'}" if out.is_dir()
           else "choose a folder you can write to")
    raise InputError(f"{flag} {out}: cannot write the output there ({reason}); {fix}")


def _format_for(out: Path | None) -> Format:
    from tutor.batch.output import Format

    suffix = out.suffix.lower().lstrip(".") if out is not None else ""
    return Format(suffix) if suffix in {f.value for f in Format} else Format.JSON
