"""Grade an answer set concurrently through any Grader, in input order, checkpointing as it goes.

The runner keeps a sliding window of work in flight: as soon as one call to the grader
returns, the next answer (or chunk) starts, up to the concurrency. A slow reply holds up
only its own slot, never a wave of others. How to call the grader is the grader's to say,
through optional attributes (read with getattr, so any Grader works without them):

- `batch_size: int` — answers per `grade_many` call the grader prefers (1, the default:
  one `grade` per answer; the local grader embeds a whole chunk in one pass);
- `max_concurrency: int | None` — calls the grader can usefully have in flight at once
  (None, the default: as many as the caller asks for);
- `async prepare(concurrency: int)` — called once before the first answer, so the grader
  can size its HTTP connection pool (one pool shared by every answer) to the window.
"""

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

#: Answers in flight at once when nobody says otherwise. Against the real API each answer is
#: one Messages call of ~1-4 s, so 32 in flight is roughly 500-2,000 requests a minute: within
#: the request limits of Anthropic's usage tiers 2 and up (1,000+ RPM), and with the shared
#: prompt prefix cached, the input-token limits too. A tier-1 account (50 RPM) gets 429s with
#: retry-after: the SDK waits them out, then the runner backs off as a whole (below), so a
#: run slows down instead of failing. More in flight buys nothing once the limit is reached.
DEFAULT_CONCURRENCY = 32


@dataclass(frozen=True)
class RunOptions:
    """How hard to push the grader."""

    concurrency: int = DEFAULT_CONCURRENCY  # calls to the grader in flight at once
    chunk_size: int | None = None  # answers per grade_many call; None: the grader's batch_size
    retries: int = 5  # further attempts for an answer whose failure is retryable (429, 529…)
    backoff_s: float = 2.0  # first pause after a retryable failure; doubles each time
    max_backoff_s: float = 60.0


def request_for(answers: AnswerSet, item: AnswerItem) -> GradeRequest:
    """The grade request for one answer of the set."""
    return GradeRequest.for_step(answers.lesson, item.step, item.answer, choice=item.choice)


def chunk_size_for(grader: Grader, opts: RunOptions) -> int:
    """Answers per call: the options' if given, else what the grader declares (default 1)."""
    size = opts.chunk_size if opts.chunk_size is not None else getattr(grader, "batch_size", 1)
    return max(1, int(size or 1))


def window_for(grader: Grader, opts: RunOptions) -> int:
    """Calls in flight at once: the options' concurrency, capped by the grader's own limit."""
    window = max(1, opts.concurrency)
    cap = getattr(grader, "max_concurrency", None)
    return min(window, max(1, int(cap))) if cap else window


async def prepare_grader(grader: Grader, options: RunOptions | None = None) -> None:
    """Let the grader get ready for the window (open its client, size its pool), if it can.

    Idempotent: the runner calls it before the first answer; a caller may call it earlier.
    """
    prepare = getattr(grader, "prepare", None)
    if callable(prepare):
        opts = options or RunOptions()
        await prepare(concurrency=window_for(grader, opts) * chunk_size_for(grader, opts))


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
    size = chunk_size_for(grader, opts)
    # (answers, attempt): a chunk whose answers failed retryably comes back at the end.
    queue: deque[tuple[list[AnswerItem], int]] = deque(
        (todo[k : k + size], 0) for k in range(0, len(todo), size)
    )
    if not queue:
        return [rows[i.id] for i in answers.items]
    window = min(window_for(grader, opts), len(queue))
    await prepare_grader(grader, opts)
    gate = _Backoff(opts)

    async def run(chunk: list[AnswerItem], attempt: int) -> list[AnswerItem]:
        """Grade one chunk; keep its finished rows; return the answers to try again."""
        await gate.wait()
        outcomes = await _grade_many(grader, [request_for(answers, i) for i in chunk])
        got: list[ResultRow] = []
        retry: list[AnswerItem] = []
        for item, outcome in zip(chunk, outcomes, strict=True):
            if isinstance(outcome, Verdict):
                got.append(ResultRow.graded(item, outcome))
            elif outcome.retryable and attempt < opts.retries:
                retry.append(item)
            else:
                got.append(ResultRow.failed(item, outcome))
        if retry:
            gate.trip(attempt, _retry_after(outcomes))
        if got:
            rows.update((r.id, r) for r in got)
            if checkpoint is not None:
                checkpoint.record(got)
            if on_rows is not None:
                on_rows(got)
        return retry

    running: dict[asyncio.Task[list[AnswerItem]], int] = {}
    try:
        while queue or running:
            while queue and len(running) < window:
                chunk, attempt = queue.popleft()
                running[asyncio.ensure_future(run(chunk, attempt))] = attempt
            finished, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in finished:
                attempt = running.pop(task)
                retry = task.result()  # run() turns grader failures into rows; this is a bug
                if retry:
                    queue.append((retry, attempt + 1))
    finally:
        for task in running:
            task.cancel()
        if running:
            await asyncio.gather(*running, return_exceptions=True)
    return [rows[i.id] for i in answers.items]


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


def _retry_after(outcomes: Sequence[Verdict | GraderError]) -> float:
    """The longest wait a failure asked for (a server's retry-after), or 0."""
    waits = [getattr(o, "retry_after", None) for o in outcomes if isinstance(o, GraderError)]
    return max((float(w) for w in waits if isinstance(w, int | float) and w > 0), default=0.0)


_MAX_RETRY_AFTER_S = 60.0


class _Backoff:
    """A pause shared by every slot: one 429 slows the whole run, not just one answer."""

    def __init__(self, opts: RunOptions) -> None:
        self._opts = opts
        self._resume_at = 0.0

    def trip(self, attempt: int, retry_after: float = 0.0) -> None:
        """Pause for the doubling back-off or the server's retry-after, whichever is longer
        (a retry-after is honoured up to a minute, as the SDK does)."""
        backoff = min(self._opts.backoff_s * 2**attempt, self._opts.max_backoff_s)
        delay = max(backoff, min(retry_after, _MAX_RETRY_AFTER_S))
        now = asyncio.get_running_loop().time()
        self._resume_at = max(self._resume_at, now + delay)

    async def wait(self) -> None:
        loop = asyncio.get_running_loop()
        while (delay := self._resume_at - loop.time()) > 0:
            await asyncio.sleep(delay)
