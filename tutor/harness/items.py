"""One labelled answer to grade: the request a grader gets, and the human's gold decision."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from tutor.grading.verdict import Decision, GradeRequest

RUBRIC_STEP = "rubric"  # the per-step bucket for rubric-only records (no lesson, no step)


class EvalItem(BaseModel):
    """A labelled answer, wherever it came from, with everything needed to grade it again."""

    model_config = ConfigDict(frozen=True)

    id: str
    source: str  # "file:line", so a disagreement can be found in the data
    dataset: str  # the file it came from
    label: Decision
    tags: list[str] = Field(default_factory=list)
    lesson: str = ""  # the lesson's name; empty for rubric-only records
    step: str = RUBRIC_STEP  # per-step key: the step number, or RUBRIC_STEP
    step_title: str = ""
    attempt: int = 1  # which try at this step (transcripts can hold several)
    #: Gold: the step's expectation texts a careful tutor would say the answer lacks;
    #: None when the answer carries no such label.
    missing: list[str] | None = None
    request: GradeRequest


def parse_label(value: object) -> Decision | None:
    """The gold label as a Decision, or None when it is not "advance" or "hint"."""
    if isinstance(value, str):
        try:
            return Decision(value.strip().lower())
        except ValueError:
            return None
    return None


def parse_tags(value: object) -> list[str] | None:
    """Tags as a list of strings (nulls dropped), or None when the value is not a list/string."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(t, str) or t is None for t in value):
        return [t for t in value if t]
    return None
