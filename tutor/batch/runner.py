"""Grade an answer set concurrently through any Grader, in input order, checkpointing as it goes."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tutor.batch.answers import AnswerItem, AnswerSet
from tutor.batch.checkpoint import Checkpoint
from tutor.batch.results import ResultRow
from tutor.grading.protocol import Grader, GraderError
from tutor.grading.verdict import GradeRequest, Verdict

OnRows = Callable[[list[ResultRow]], None]


@dataclass(frozen=True)
class RunOptions:
    """How hard to push the grader."""

    concurrency: int = 32  # requests in flight at once
    chunk_size: int = 1  # answers per grade_many call (the local grader embeds a chunk at once)
    retries: int = 5  # further attempts for an answer whose failure is retryable (429, 529…)
    backoff_s: float = 2.0  # first pause after a retryable failure; doubles each time
    max_backoff_s: float = 60.0


def request_for(answers: AnswerSet, item: AnswerItem) -> GradeRequest:
    """The grade request for one answer of the set."""
    return GradeRequest.for_step(answers.lesson, item.step, item.answer, choice=item.choice)


async def grade_answers(
    answers: AnswerSet,
    grader: Grader,
    *,
    checkpoint: Checkpoint | None = None,
    options: RunOptions | None = None,
    on_rows: OnRows | None = None,
) -> list[ResultRow]:
    """One row per answer, in input order; answers in the checkpoint are not graded again."""
    opts = options or RunOptions()
    done = checkpoint.done if checkpoint is not None else {}
    rows: dict[str, ResultRow] = {i.id: done[i.id] for i in answers.items if i.id in done}
    todo = [i for i in answers.items if i.id not in rows]
    size = max(1, opts.chunk_size)
    chunks = deque(todo[k : k + size] for k in range(0, len(todo), size))
    gate = _Backoff(opts)

    async def worker() -> None:
        while chunks:
            chunk = chunks.popleft()
            got = await _grade_chunk(answers, grader, chunk, gate, opts)
            rows.update((r.id, r) for r in got)
            if checkpoint is not None:
                checkpoint.record(got)
            if on_rows is not None:
                on_rows(got)

    workers = min(max(1, opts.concurrency), len(chunks))
    await asyncio.gather(*(worker() for _ in range(workers)))
    return [rows[i.id] for i in answers.items]


async def _grade_chunk(
    answers: AnswerSet,
    grader: Grader,
    chunk: Sequence[AnswerItem],
    gate: _Backoff,
    opts: RunOptions,
) -> list[ResultRow]:
    """Grade a chunk, retrying retryable failures after a shared back-off; never raises."""
    results: dict[str, ResultRow] = {}
    pending = list(chunk)
    for attempt in range(opts.retries + 1):
        await gate.wait()
        outcomes = await _grade_many(grader, [request_for(answers, i) for i in pending])
        retry: list[AnswerItem] = []
        for item, outcome in zip(pending, outcomes, strict=True):
            if isinstance(outcome, Verdict):
                results[item.id] = ResultRow.graded(item, outcome)
            elif outcome.retryable and attempt < opts.retries:
                retry.append(item)
            else:
                results[item.id] = ResultRow.failed(item, outcome)
        if not retry:
            break
        gate.trip(attempt)
        pending = retry
    return [results[i.id] for i in chunk]


async def _grade_many(grader: Grader, requests: list[GradeRequest]) -> list[Verdict | GraderError]:
    """The grader's verdicts, with anything it raised turned into one error per request."""
    try:
        if len(requests) == 1:
            return [await grader.grade(requests[0])]
        outcomes = await grader.grade_many(requests)
    except GraderError as exc:
        return [exc] * len(requests)
    except Exception as exc:  # a bug in one grader call must not sink a whole run
        return [GraderError(f"{type(exc).__name__}: {exc}")] * len(requests)
    if len(outcomes) != len(requests):
        err = GraderError(f"grader returned {len(outcomes)} verdicts for {len(requests)} answers")
        return [err] * len(requests)
    return outcomes


class _Backoff:
    """A pause shared by all workers: one 429 slows the whole run, not just one answer."""

    def __init__(self, opts: RunOptions) -> None:
        self._opts = opts
        self._resume_at = 0.0

    def trip(self, attempt: int) -> None:
        delay = min(self._opts.backoff_s * 2**attempt, self._opts.max_backoff_s)
        now = asyncio.get_running_loop().time()
        self._resume_at = max(self._resume_at, now + delay)

    async def wait(self) -> None:
        loop = asyncio.get_running_loop()
        while (delay := self._resume_at - loop.time()) > 0:
            await asyncio.sleep(delay)
