"""The output of `tutor grade`: one row per answer, in input order, and a summary."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field

from tutor.batch.answers import AnswerItem
from tutor.grading.matching import match_text
from tutor.grading.protocol import GraderError
from tutor.grading.verdict import Decision, Flag, Verdict
from tutor.lesson import Step


class ResultRow(BaseModel):
    """One graded answer, or the reason it could not be graded (then `decision` is None).

    The fields after `error` came later (README: the result schema); a row written before
    them reads back with their defaults.
    """

    id: str
    step: int
    decision: Decision | None = None
    score: float | None = None
    feedback: str = ""
    hint: str | None = None
    missing: list[str] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    error: str | None = None
    #: The step's expectations the grader read as stated, in the step's own words (a grader's
    #: idea that copies none of them is kept in its words).
    covered: list[str] = Field(default_factory=list)
    #: The step's authored misconception the answer states, in the step's words; None if none.
    misconception: str | None = None
    #: The expectation or misconception the hint asks about (None on advance).
    hint_target: str | None = None
    choice: str | None = None  # the option picked on a hint:buttons step, as given
    learner: str | None = None  # the input's `learner`, as given
    answer: str | None = None  # the answer as given (None in results written before it)

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
            covered=_dedup(_own_words(k.idea, item.step.expectations) for k in verdict.covered),
            misconception=authored_misconception(verdict, item.step),
            hint_target=verdict.hint_target,
            choice=item.choice,
            learner=item.learner,
            answer=item.answer,
        )

    @classmethod
    def failed(cls, item: AnswerItem, error: GraderError | str) -> ResultRow:
        """The row for an answer that could not be graded, saying why."""
        why = error if isinstance(error, str) else f"{error.title.lower()}: {error.message}"
        return cls(id=item.id, step=item.step.number, error=why, choice=item.choice,
                   learner=item.learner, answer=item.answer)

    def for_item(self, item: AnswerItem) -> ResultRow:
        """This row with what the input says of its answer now (a row resumed from a
        checkpoint may predate a changed `learner`, or the fields themselves)."""
        now = {"choice": item.choice, "learner": item.learner, "answer": item.answer}
        if all(getattr(self, k) == v for k, v in now.items()):
            return self
        return self.model_copy(update=now)


def authored_misconception(verdict: Verdict, step: Step) -> str | None:
    """The step's authored misconception the verdict names, in the step's words, or None.

    A grader names one in `misconception`; Claude may word it its own way, and is asked to
    aim its hint at the one it sees, so a hint aimed at an authored misconception names it.
    A mix-up the lesson does not list is not one (it stays in the feedback).
    """
    authored = [m.text for m in step.misconceptions]
    named = match_text(verdict.misconception, authored)
    return named or (verdict.hint_target if verdict.hint_target in authored else None)


def _own_words(idea: str, expectations: list[str]) -> str:
    return match_text(idea, expectations) or idea


def _dedup(texts: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(texts))


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
