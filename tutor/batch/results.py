"""The output of `tutor grade`: one row per answer, in input order, and a summary."""

from __future__ import annotations

from pydantic import BaseModel, Field

from tutor.batch.answers import AnswerItem
from tutor.grading.protocol import GraderError
from tutor.grading.verdict import Decision, Flag, Verdict


class ResultRow(BaseModel):
    """One graded answer, or the reason it could not be graded (then `decision` is None)."""

    id: str
    step: int
    decision: Decision | None = None
    score: float | None = None
    feedback: str = ""
    hint: str | None = None
    missing: list[str] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    error: str | None = None

    @classmethod
    def graded(cls, item: AnswerItem, verdict: Verdict) -> ResultRow:
        """The row for an answer the grader decided on."""
        return cls(
            id=item.id,
            step=item.step.number,
            decision=verdict.decision,
            score=round(verdict.score, 4),
            feedback=verdict.feedback,
            hint=verdict.hint,
            missing=list(verdict.missing),
            flags=list(verdict.flags),
        )

    @classmethod
    def failed(cls, item: AnswerItem, error: GraderError | str) -> ResultRow:
        """The row for an answer that could not be graded, saying why."""
        why = error if isinstance(error, str) else f"{error.title.lower()}: {error.message}"
        return cls(id=item.id, step=item.step.number, error=why)


class StepCounts(BaseModel):
    """How one step's answers came out."""

    advanced: int = 0
    hinted: int = 0
    errors: int = 0

    def add(self, row: ResultRow) -> None:
        """Count one row."""
        if row.error is not None:
            self.errors += 1
        elif row.decision is Decision.ADVANCE:
            self.advanced += 1
        else:
            self.hinted += 1


class Summary(BaseModel):
    """Totals over the run, overall and per step (keys are step numbers, as strings in JSON)."""

    total: int = 0
    advanced: int = 0
    hinted: int = 0
    errors: int = 0
    per_step: dict[int, StepCounts] = Field(default_factory=dict)

    @classmethod
    def of(cls, rows: list[ResultRow]) -> Summary:
        """Count rows overall and per step (steps in ascending order)."""
        overall = StepCounts()
        per_step: dict[int, StepCounts] = {}
        for row in rows:
            overall.add(row)
            per_step.setdefault(row.step, StepCounts()).add(row)
        return cls(
            total=len(rows),
            advanced=overall.advanced,
            hinted=overall.hinted,
            errors=overall.errors,
            per_step=dict(sorted(per_step.items())),
        )


class Report(BaseModel):
    """The whole `tutor grade` output."""

    lesson: str
    grader: str
    results: list[ResultRow]
    summary: Summary
