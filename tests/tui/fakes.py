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


class WordedGrader:
    """A fixed decision worded by the local grader's own reply code (no model): advances
    answers containing 'because'; holds the rest, naming a misconception the answer states
    word for word, with the script's feedback and question, opened on the learner's words
    (the whole answer stands for the clause the local grader finds nearest the step)."""

    name = "worded"

    async def grade(self, request: GradeRequest) -> Verdict:
        from tutor.grading.local import reply

        good = "because" in request.answer.lower()
        stated = next((m.text for m in request.misconceptions
                       if m.text.lower().rstrip(".") in request.answer.lower()), None)
        return reply.verdict(
            request, covered=[], missing=[] if good else list(request.expectations),
            misconception=stated, misconception_words=request.answer.strip() if stated else None,
            score=0.9 if good else 0.2, advanced=good, unsure=False, grader=self.name,
            clauses=[request.answer])

    async def grade_many(self, requests: Sequence[GradeRequest]) -> list[Verdict | GraderError]:
        return [await self.grade(r) for r in requests]

    async def aclose(self) -> None:
        return None
