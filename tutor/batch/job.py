"""One `tutor grade` run: checkpoint, grade, write the output, tidy up."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from tutor.batch.answers import AnswerSet
from tutor.batch.checkpoint import Checkpoint, CheckpointKey, checkpoint_path
from tutor.batch.display import ProgressBar, summary_table
from tutor.batch.output import Format, emit, render
from tutor.batch.results import Report, ResultRow, Summary
from tutor.batch.runner import RunOptions, grade_answers, prepare_grader
from tutor.grading.protocol import Grader


@dataclass(frozen=True)
class GradeJob:
    """Where the output goes and how to grade."""

    out: Path | None = None
    fmt: Format = Format.JSON
    options: RunOptions = field(default_factory=RunOptions)
    fresh: bool = False  # ignore any checkpoint and grade everything again
    report: Path | None = None  # also write the class report page here


def grader_identity(grader: Grader) -> str:
    """The grader's name and, when it has one, its model: a new model means new verdicts."""
    model = getattr(getattr(grader, "settings", None), "model", None)
    return f"{grader.name}:{model}" if isinstance(model, str) else grader.name


def open_checkpoint(answers: AnswerSet, grader: str, job: GradeJob, err: Console) -> Checkpoint:
    """The run's checkpoint, resumed when it still matches the answers, lesson and grader."""
    path = checkpoint_path(job.out, answers.path)
    if job.fresh:
        path.unlink(missing_ok=True)
    key = CheckpointKey(answers=answers.digest(), lesson=answers.lesson.content_hash, grader=grader)
    checkpoint, notice = Checkpoint.open(path, key)
    if notice:
        err.print(f"tutor: {notice}", highlight=False)
    return checkpoint


async def run_job(answers: AnswerSet, grader: Grader, job: GradeJob, err: Console) -> Report:
    """Grade every answer through `grader`, write the output, and return the report."""
    checkpoint = open_checkpoint(answers, grader_identity(grader), job, err)
    try:
        done = sum(1 for i in answers.items if i.id in checkpoint.done)
        if done < len(answers.items):
            await prepare_grader(grader, job.options)  # the Claude grader loads the SDK here
        # What is loaded now (the SDK's thousands of classes) stays until the process ends:
        # frozen, the garbage collector stops walking it in every full collection during the
        # run and at exit (0.6 s of a `tutor grade` run's end with the SDK loaded).
        gc.freeze()
        with ProgressBar(err, len(answers.items), done, f"grading ({grader.name})") as bar:
            rows = await grade_answers(
                answers, grader, checkpoint=checkpoint, options=job.options, on_rows=bar.rows
            )
        return finish(answers, grader.name, rows, job, checkpoint, err)
    finally:
        checkpoint.close()


def finish(
    answers: AnswerSet,
    grader: str,
    rows: list[ResultRow],
    job: GradeJob,
    checkpoint: Checkpoint,
    err: Console,
) -> Report:
    """Write the output (and the class report), then drop the checkpoint if nothing is left
    to retry."""
    rows = [row.for_item(item) for row, item in zip(rows, answers.items, strict=True)]
    report = Report(
        lesson=answers.lesson.name, grader=grader, results=rows, summary=Summary.of(rows)
    )
    emit(render(report, job.fmt), job.out)
    if job.report is not None:
        from tutor.classreport.page import write_class_report  # jinja2 only when asked for

        write_class_report(job.report, report, answers.lesson)
    if report.summary.errors == 0:
        checkpoint.discard()
    err.print(summary_table(report.summary, answers.lesson.title, grader))
    return report
