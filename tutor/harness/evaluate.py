"""One eval run end to end, with no terminal and no files: datasets + grader -> Metrics."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tutor.grading.protocol import Grader
from tutor.harness.datasets import Dataset, load_datasets
from tutor.harness.runner import ItemResult, Progress, grade_items
from tutor.harness.summary import Leaks, Metrics, Mode, summarise


@dataclass(frozen=True)
class Options:
    """How to run: reruns, batching, concurrency, and how the grader's answers were obtained."""

    repeat: int = 1
    batch_size: int = 16
    concurrency: int = 4
    limit: int | None = None  # grade only the first N answers (quick checks on big sets)
    lesson: str | None = None  # for `tutor grade` inputs that are a bare list
    mode: Mode = "live"


@dataclass(frozen=True)
class Outcome:
    """The metrics, and the per-answer results they were computed from."""

    metrics: Metrics
    results: list[ItemResult]
    datasets: list[Dataset]


def load(paths: list[Path], options: Options) -> list[Dataset]:
    """Read the datasets (InputError on any bad record, before anything is graded)."""
    return load_datasets(paths, lesson=options.lesson)


async def evaluate(datasets: list[Dataset], grader: Grader, leaks: Leaks, options: Options,
                   progress: Progress | None = None) -> Outcome:
    """Grade every labelled answer and compute the metrics."""
    items = [i for d in datasets for i in d.items]
    total = len(items)
    if options.limit is not None:
        items = items[:options.limit]
    results = await grade_items(grader, items, repeat=options.repeat,
                                batch_size=options.batch_size,
                                concurrency=options.concurrency, progress=progress)
    metrics = summarise(results, grader=grader.name, datasets=datasets, leaks=leaks,
                        mode=options.mode, repeat=options.repeat)
    if len(items) < total:
        metrics.warnings.append(f"graded only the first {len(items)} of {total} answers "
                                "(--limit); the figures describe that subset")
    return Outcome(metrics=metrics, results=results, datasets=datasets)
