"""What every grader takes (GradeRequest) and returns (Verdict)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from tutor.grading.terms import LADDER, Decision, Flag, Rung
from tutor.lesson.models import ExampleAnswer, ExpectationScript, Lesson, Misconception, Step

__all__ = ["LADDER", "Attempt", "Decision", "Flag", "GradeRequest", "KeyIdea", "Rung",
           "Usage", "Verdict"]

#: The models below are built on first use, not on import: none is needed before the TUI's
#: first frame (`defer_build` changes when the validator is made, not what it accepts).
_DEFERRED = ConfigDict(defer_build=True)


class Attempt(BaseModel):
    """An earlier answer to the same step and the hint it got."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    answer: str
    hint: str | None = None


class GradeRequest(BaseModel):
    """Everything a grader may use: the step as context, the answer, the rung to hint at."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    answer: str
    question: str
    checkpoint: str
    task: str = ""
    explanation: str = ""
    lesson_title: str = ""
    step_number: int | None = None
    step_title: str = ""
    expectations: list[str] = Field(default_factory=list)
    #: Each expectation's authored ladder, aligned with `expectations` (may be empty when
    #: a caller built the request by hand: then no expectation has a script).
    scripts: list[ExpectationScript] = Field(default_factory=list)
    misconceptions: list[Misconception] = Field(default_factory=list)
    #: What is enough to advance, as groups of `expectations` indices (any one group, all of
    #: it); empty: every expectation is needed.
    needs: list[list[int]] = Field(default_factory=list)
    rung: Rung = Rung.PUMP
    previous: list[Attempt] = Field(default_factory=list)
    choice: str | None = None  # the option picked on a hint:buttons step
    options: list[str] = Field(default_factory=list)  # the step's hint:buttons options
    expected_choice: str | None = None  # the option the author expects, if authored
    lab_notes: str | None = None  # what the learner did in a lab: context, never an answer
    #: The lesson author's labelled example answers to this step: an offline grader may
    #: calibrate on them (never shown to the learner, never sent as the answer).
    examples: list[ExampleAnswer] = Field(default_factory=list)

    @classmethod
    def for_step(
        cls,
        lesson: Lesson,
        step: Step,
        answer: str,
        *,
        rung: Rung = Rung.PUMP,
        previous: list[Attempt] | None = None,
        choice: str | None = None,
        lab_notes: str | None = None,
    ) -> GradeRequest:
        """Build a request from a lesson step."""
        return cls(
            answer=answer, question=step.question, checkpoint=step.checkpoint, task=step.task,
            explanation=step.explanation, lesson_title=lesson.title, step_number=step.number,
            step_title=step.title, expectations=list(step.expectations),
            scripts=list(step.scripts), misconceptions=list(step.misconceptions),
            needs=[list(g) for g in step.needs], rung=rung,
            previous=previous or [], choice=choice, lab_notes=lab_notes,
            options=list(step.buttons.options) if step.buttons else [],
            expected_choice=step.buttons.expected if step.buttons else None,
            examples=list(step.examples),
        )

    def needed_groups(self) -> list[list[int]]:
        """`needs` with indices that name no expectation left out; every expectation in one
        group when nothing is left (the default). Empty when there are no expectations."""
        count = len(self.expectations)
        groups = [kept for g in self.needs if (kept := [i for i in g if 0 <= i < count])]
        return groups or ([list(range(count))] if count else [])

    def script_for(self, expectation: str) -> ExpectationScript | None:
        """The authored script of one of this step's expectations, if it has one."""
        return next((s for s in self.scripts if s.text == expectation), None)


class KeyIdea(BaseModel):
    """One idea of the Checkpoint and the learner's own words that show it (if covered)."""

    model_config = _DEFERRED

    idea: str
    evidence: str | None = None


class Usage(BaseModel):
    """Tokens and estimated cost of one model call (Claude grader)."""

    model_config = _DEFERRED

    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_input_tokens: int = 0
    cache_read_input_tokens: int = 0
    cost_usd: float = 0.0


class Verdict(BaseModel):
    """A grader's decision about one answer, with its reasons and the next hint."""

    model_config = _DEFERRED

    decision: Decision
    score: float = Field(ge=0.0, le=1.0)
    covered: list[KeyIdea] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    misconception: str | None = None
    feedback: str = ""
    hint: str | None = None
    #: The text of the expectation (or misconception) the hint or question is aimed at;
    #: None on advance.
    hint_target: str | None = None
    rung: Rung | None = None
    flags: list[Flag] = Field(default_factory=list)
    grader: str = ""
    fallback_from: str | None = None  # set when another grader failed and this one stood in
    fallback_reason: str | None = None
    latency_ms: float = 0.0
    usage: Usage | None = None

    @property
    def advanced(self) -> bool:
        return self.decision is Decision.ADVANCE
