"""`tutor eval DATASET…`: how far a grader agrees with human labels, and CI gates on it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tutor.cli.common import GRADER_HELP, MODEL_HELP, check_grader_and_model


def register(app: typer.Typer) -> None:
    """Add the `eval` command to the app."""

    @app.command("eval")
    def eval_(
        datasets: Annotated[list[Path], typer.Argument(
            metavar="DATASET",
            help="Labelled data: `tutor grade` inputs with labels (.json), rubric records "
                 "(.jsonl) or labelled transcripts; a folder means its .json/.jsonl files. "
                 "The format is detected per file.",
            show_default=False)],
        grader: Annotated[str | None, typer.Option(
            "--grader", help=GRADER_HELP)] = None,
        model: Annotated[str | None, typer.Option("--model", help=MODEL_HELP)] = None,
        lesson: Annotated[str | None, typer.Option(
            "--lesson", help="Lesson for `tutor grade` inputs that are a bare list.")] = None,
        out: Annotated[Path | None, typer.Option(
            "--out", help="Write the metrics as JSON here (atomically).")] = None,
        report: Annotated[Path | None, typer.Option(
            "--report", help="Write an HTML report into this folder (index.html).")] = None,
        results: Annotated[Path | None, typer.Option(
            "--results", help="Write every answer's gold label and verdicts as JSONL.")] = None,
        compare: Annotated[Path | None, typer.Option(
            "--compare", help="An earlier metrics.json: show what got better and worse.")] = None,
        fail_under: Annotated[list[str] | None, typer.Option(
            "--fail-under", metavar="METRIC=VALUE",
            help="Exit 1 if METRIC is below VALUE (repeatable), e.g. accuracy=0.9.")] = None,
        fail_over: Annotated[list[str] | None, typer.Option(
            "--fail-over", metavar="METRIC=VALUE",
            help="Exit 1 if METRIC is above VALUE (repeatable), e.g. "
                 "false_advance_rate=0.05.")] = None,
        repeat: Annotated[int, typer.Option(
            "--repeat", min=1, help="Grade each answer N times and measure decision flips.")] = 1,
        record: Annotated[Path | None, typer.Option(
            "--record", help="Claude grader: save every response into this folder.")] = None,
        replay: Annotated[Path | None, typer.Option(
            "--replay", help="Claude grader: answer from responses saved with --record "
                             "(labelled as replayed: not a measure of quality).")] = None,
        concurrency: Annotated[int, typer.Option(
            "--concurrency", min=1,
            help="Batches graded at the same time (the Claude grader also caps its own "
                 "requests in flight).")] = 4,
        batch_size: Annotated[int, typer.Option(
            "--batch-size", min=1, help="Answers per grade_many call.")] = 16,
        limit: Annotated[int | None, typer.Option(
            "--limit", min=1, help="Grade only the first N answers (a quick look).")] = None,
        quiet: Annotated[bool, typer.Option(
            "--quiet", "-q", help="No summary; gate failures and errors only.")] = False,
    ) -> None:
        """Grade labelled answers and report agreement with the human labels."""
        from tutor.harness.command import EvalArgs, run_eval

        grader = check_grader_and_model(grader, model)
        args = EvalArgs(
            datasets=datasets, grader=grader, model=model, lesson=lesson, out=out, report=report,
            results=results, compare=compare, fail_under=fail_under or [],
            fail_over=fail_over or [], repeat=repeat, record=record, replay=replay,
            concurrency=concurrency, batch_size=batch_size, limit=limit, quiet=quiet)
        code = run_eval(args)
        if code:
            raise typer.Exit(code)
