"""A scripted Grader for runner tests: behaviour chosen by the answer text, calls counted.

It implements the Grader protocol the way any grader would; the end-to-end tests use
the real local and Claude graders instead.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from tutor.grading.protocol import GraderError, GraderOutputError, GraderUnavailable, grade_in_order
from tutor.grading.verdict import Decision, Flag, GradeRequest, Verdict


class ScriptedGrader:
    """'good…' advances, anything else hints; 'fail' errors; 'flaky' is unavailable once.

    A trailing '@N' makes the answer take N milliseconds.
    """

    name = "scripted"

    def __init__(self, log: Path | None = None) -> None:
        self.log = log  # one line per call, flushed: survives a SIGKILL of the process
        self.calls: Counter[str] = Counter()
        self.batches: list[int] = []
        self.in_flight = 0
        self.max_in_flight = 0

    async def grade(self, request: GradeRequest) -> Verdict:
        self.calls[request.answer] += 1
        if self.log is not None:
            with self.log.open("a", encoding="utf-8") as fh:
                fh.write(request.answer + "\n")
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            text, _, delay = request.answer.partition("@")
            await asyncio.sleep(int(delay or 0) / 1000)
            if text.startswith("fail"):
                raise GraderOutputError(f"cannot read a verdict for {text!r}")
            if "flaky" in text and self.calls[request.answer] == 1:
                raise GraderUnavailable("429 rate limited")
            if text.startswith("down"):
                raise GraderUnavailable("overloaded")
            if text.startswith("boom"):
                raise RuntimeError("bug in grader")
            good = text.startswith("good")
            return Verdict(
                decision=Decision.ADVANCE if good else Decision.HINT,
                score=0.9 if good else 0.2,
                feedback=f"step {request.step_number}: {text}",
                hint=None if good else "What else?",
                missing=[] if good else ["the idea"],
                flags=[Flag.KEYWORD_LIST] if text.startswith("kw") else [],
                grader=self.name,
            )
        finally:
            self.in_flight -= 1

    async def grade_many(self, requests: Sequence[GradeRequest]) -> list[Verdict | GraderError]:
        self.batches.append(len(requests))
        return await grade_in_order(self.grade, requests)

    async def aclose(self) -> None:
        return None
