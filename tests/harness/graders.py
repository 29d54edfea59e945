"""Small, honest Grader implementations for the harness tests (the protocol, fully)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tutor.grading import (
    Decision,
    GradeRequest,
    GraderError,
    GraderUnavailable,
    Usage,
    Verdict,
)
from tutor.grading.protocol import grade_in_order

_WORD = re.compile(r"[a-z]+")
_STOP = {"the", "a", "an", "and", "or", "of", "to", "is", "are", "that", "it", "in", "be",
         "learner", "should", "understand", "with", "for", "on", "they", "this"}


def words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


class OverlapGrader:
    """Advances when the answer shares at least `need` content words with the Checkpoint.

    Answers containing "FAIL" cannot be graded (GraderUnavailable in their slot); the hint it
    writes is either a question or, for answers containing "LEAK", the Checkpoint itself.
    """

    def __init__(self, need: int = 2, *, latency_ms: float = 10.0,
                 usage: Usage | None = None) -> None:
        self.name = "overlap"
        self.need = need
        self.latency_ms = latency_ms
        self.usage = usage
        self.calls = 0
        self.closed = False

    async def grade(self, request: GradeRequest) -> Verdict:
        self.calls += 1
        if "FAIL" in request.answer:
            raise GraderUnavailable("the test grader refuses answers that say FAIL")
        shared = words(request.answer) & words(request.checkpoint)
        advance = len(shared) >= self.need
        hint = None
        if not advance:
            hint = request.checkpoint if "LEAK" in request.answer else "What else could matter?"
        return Verdict(decision=Decision.ADVANCE if advance else Decision.HINT,
                       score=min(1.0, len(shared) / (self.need * 2)),
                       missing=[] if advance else ["the core idea"],
                       feedback=f"shared words: {', '.join(sorted(shared)) or 'none'}",
                       hint=hint, grader=self.name, latency_ms=self.latency_ms,
                       usage=self.usage)

    async def grade_many(self, requests: Sequence[GradeRequest]) -> list[Verdict | GraderError]:
        return await grade_in_order(self.grade, requests)

    async def aclose(self) -> None:
        self.closed = True


class AlternatingGrader(OverlapGrader):
    """Like OverlapGrader, but flips every decision on odd-numbered passes (unstable)."""

    def __init__(self, flip_ids: set[str]) -> None:
        super().__init__()
        self.name = "alternating"
        self.flip_answers = flip_ids
        self.seen: dict[str, int] = {}

    async def grade(self, request: GradeRequest) -> Verdict:
        verdict = await super().grade(request)
        count = self.seen.get(request.answer, 0)
        self.seen[request.answer] = count + 1
        if request.answer in self.flip_answers and count % 2 == 1:
            flipped = Decision.HINT if verdict.advanced else Decision.ADVANCE
            return verdict.model_copy(update={"decision": flipped})
        return verdict
