"""A deterministic grader for layout tests (snapshots), implementing the Grader protocol.

Walkthrough tests use the real local grader; this one exists so screenshots do not
depend on a model: it advances an answer that contains every word of `passwords`.
"""

from __future__ import annotations

from collections.abc import Sequence

from tutor.grading.protocol import GraderError
from tutor.grading.verdict import Decision, GradeRequest, KeyIdea, Verdict


class ScriptedGrader:
    """Advances answers containing the word 'because'; holds the rest with a fixed hint."""

    name = "scripted"

    def __init__(self, *, fallback_from: str | None = None) -> None:
        self.requests: list[GradeRequest] = []
        self.fallback_from = fallback_from

    async def grade(self, request: GradeRequest) -> Verdict:
        self.requests.append(request)
        good = "because" in request.answer.lower()
        return Verdict(
            decision=Decision.ADVANCE if good else Decision.HINT, score=0.9 if good else 0.2,
            covered=[KeyIdea(idea="the reason", evidence="because")] if good else [],
            missing=[] if good else ["the reason"],
            feedback="You gave the reason, which is the heart of it." if good
            else "You named the topic but not the reason behind it.",
            hint=None if good else "What would go wrong without it?",
            rung=request.rung, grader=self.name, fallback_from=self.fallback_from,
            fallback_reason="connection refused" if self.fallback_from else None)

    async def grade_many(self, requests: Sequence[GradeRequest]) -> list[Verdict | GraderError]:
        return [await self.grade(r) for r in requests]

    async def aclose(self) -> None:
        return None
