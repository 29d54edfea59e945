"""Grade eval items with a Grader: batched, with bounded concurrency, failures kept in place."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence

from pydantic import BaseModel, Field

from tutor.grading.protocol import Grader, GraderError
from tutor.grading.verdict import Decision, Verdict
from tutor.harness.items import EvalItem

Progress = Callable[[int], None]  # called with the number of answers just graded


class Run(BaseModel):
    """One grading of one answer: a verdict, or the reason there is none."""

    verdict: Verdict | None = None
    error: str | None = None
    latency_ms: float = 0.0

    @property
    def decision(self) -> Decision | None:
        return self.verdict.decision if self.verdict is not None else None


class ItemResult(BaseModel):
    """An item and every grading of it (one per --repeat)."""

    item: EvalItem
    runs: list[Run] = Field(default_factory=list)

    @property
    def first(self) -> Run:
        return self.runs[0]


def _run_for(outcome: Verdict | GraderError, elapsed_ms: float) -> Run:
    if isinstance(outcome, GraderError):
        return Run(error=outcome.message, latency_ms=elapsed_ms)
    # A grader that times itself is believed; otherwise the wall time of its batch is used.
    latency = outcome.latency_ms if outcome.latency_ms > 0 else elapsed_ms
    return Run(verdict=outcome, latency_ms=latency)


async def _grade_chunk(grader: Grader, chunk: Sequence[EvalItem]) -> list[Run]:
    started = time.perf_counter()
    try:
        outcomes = await grader.grade_many([i.request for i in chunk])
    except GraderError as exc:
        elapsed = (time.perf_counter() - started) * 1000
        return [Run(error=exc.message, latency_ms=elapsed) for _ in chunk]
    except Exception as exc:
        # A grader bug on one batch is a measured failure of that batch, not the end of a
        # long run whose other results would be lost.
        elapsed = (time.perf_counter() - started) * 1000
        message = f"{type(exc).__name__}: {exc}"
        return [Run(error=message, latency_ms=elapsed) for _ in chunk]
    elapsed = (time.perf_counter() - started) * 1000
    if len(outcomes) != len(chunk):
        message = f"the grader returned {len(outcomes)} verdicts for {len(chunk)} answers"
        return [Run(error=message, latency_ms=elapsed) for _ in chunk]
    return [_run_for(o, elapsed) for o in outcomes]


async def grade_items(
    grader: Grader, items: Sequence[EvalItem], *, repeat: int = 1, batch_size: int = 16,
    concurrency: int = 4, progress: Progress | None = None,
) -> list[ItemResult]:
    """Grade every item `repeat` times, in input order; a failure is a Run with an error.

    Items go to `grade_many` in batches (the local grader embeds a batch at once) and at
    most `concurrency` batches are in flight (the Claude grader's rate limits).
    """
    if repeat < 1 or batch_size < 1 or concurrency < 1:
        raise ValueError("repeat, batch_size and concurrency must be at least 1")
    results = [ItemResult(item=i) for i in items]
    gate = asyncio.Semaphore(concurrency)

    async def one(start: int) -> tuple[int, list[Run]]:
        async with gate:
            runs = await _grade_chunk(grader, items[start:start + batch_size])
        if progress is not None:
            progress(len(runs))
        return start, runs

    for _ in range(repeat):
        batches = await asyncio.gather(*(one(s) for s in range(0, len(items), batch_size)))
        for start, runs in batches:
            for offset, run in enumerate(runs):
                results[start + offset].runs.append(run)
    return results
