"""The one interface every grader implements, and the errors a grader may raise."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol, runtime_checkable

from tutor.errors import TutorError
from tutor.grading.verdict import GradeRequest, Verdict


class GraderError(TutorError):
    """A grader could not produce a verdict. The answer is kept; nothing is consumed."""

    title = "Grader failed"
    exit_code = 1
    retryable = False


class GraderUnavailable(GraderError):
    """The grader cannot be reached (network, auth, overload after retries)."""

    title = "Grader unavailable"
    retryable = True


class GraderOutputError(GraderError):
    """The grader replied, but not with a valid verdict (after retries)."""

    title = "Grader reply invalid"


@runtime_checkable
class Grader(Protocol):
    """Decide advance or hint for answers against a rubric.

    Optional capabilities, looked up with getattr by the callers that can use them:

    - `batch_size: int` and `max_concurrency: int | None` — how many answers `tutor grade`
      hands to one `grade_many` call, and how many such calls it keeps in flight (the local
      grader: 256 answers, one call; Claude: one answer, many calls).
    - `async prepare(concurrency: int)` — called once before a batch: open the client with
      a pool of that size, load the model.
    - `warm()` — synchronous, called by the TUI in a worker thread after its first frame:
      load whatever the first answer would otherwise load on the event loop.
    - `GraderError.retry_after` (seconds) — a server's back-off, honoured by the batch runner.
    """

    name: str

    async def grade(self, request: GradeRequest) -> Verdict:
        """Grade one answer. Raises GraderError when no verdict can be given."""
        ...

    async def grade_many(self, requests: Sequence[GradeRequest]) -> list[Verdict | GraderError]:
        """Grade several answers (in order); a failure is returned in its slot, not raised."""
        ...

    async def aclose(self) -> None:
        """Release clients and sessions."""
        ...


async def grade_in_order(
    grade: Callable[[GradeRequest], Awaitable[Verdict]], requests: Sequence[GradeRequest]
) -> list[Verdict | GraderError]:
    """Grade one request after another; a GraderError sits in its request's slot."""
    out: list[Verdict | GraderError] = []
    for request in requests:
        try:
            out.append(await grade(request))
        except GraderError as exc:
            out.append(exc)
    return out
