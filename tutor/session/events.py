"""Events that drive the Socratic state machine. They are also what a transcript records."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from tutor.grading.verdict import Verdict


class _Event(BaseModel):
    # Each event's validator is built on first use (only Start and Shown are used before the
    # TUI's first frame); `defer_build` changes when it is made, not what it accepts.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Start(_Event):
    """Open a lesson at its first step."""

    type: Literal["start"] = "start"
    lesson: str
    content_hash: str
    steps: tuple[int, ...]
    celebrate: tuple[int, ...] = ()
    max_hints: int = Field(default=3, ge=0, le=3)


class Shown(_Event):
    """The current step is on screen; the learner may answer."""

    type: Literal["shown"] = "shown"


class Choose(_Event):
    """The learner picked an option of the step's buttons."""

    type: Literal["choose"] = "choose"
    option: str


class Submit(_Event):
    """The learner submitted an answer."""

    type: Literal["submit"] = "submit"
    answer: str


class VerdictReady(_Event):
    """The grader answered the attempt `attempt_id`."""

    type: Literal["verdict"] = "verdict"
    attempt_id: int
    verdict: Verdict


class GraderFailed(_Event):
    """The grader could not answer `attempt_id`; the answer must not be lost."""

    type: Literal["grader_failed"] = "grader_failed"
    attempt_id: int
    message: str


class Stuck(_Event):
    """"I'm stuck": climb the hint ladder without grading."""

    type: Literal["stuck"] = "stuck"


class Skip(_Event):
    """Leave the step without passing it."""

    type: Literal["skip"] = "skip"


class Continue(_Event):
    """Go on after an advance or a reveal."""

    type: Literal["continue"] = "continue"


class Resume(_Event):
    """A session was reopened after a stop; re-issue whatever was in flight."""

    type: Literal["resume"] = "resume"


Event = Annotated[
    Start | Shown | Choose | Submit | VerdictReady | GraderFailed | Stuck | Skip | Continue
    | Resume,
    Field(discriminator="type"),
]
