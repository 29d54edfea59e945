"""Events that drive the Socratic state machine. They are also what a transcript records.

Frozen dataclasses, not pydantic models: a new session makes and writes its first events
before the TUI's first frame, and importing pydantic there cost a quarter of a second.
Events read back from a transcript are still validated by pydantic (`tutor.store.records`
builds the validator from these classes on first use); `__pydantic_config__` keeps them as
strict about unknown fields as the models they replace.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar, Literal, get_args

from tutor.grading.terms import MAX_HINTS

if TYPE_CHECKING:
    from tutor.grading.verdict import Verdict


@dataclass(frozen=True, kw_only=True)
class _Event:
    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}

    def to_json(self) -> dict[str, Any]:
        """The event as plain JSON data, fields in the order they are declared."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}


def _plain(value: Any) -> Any:
    """JSON data for a field: tuples become lists, enums their values, models their dumps."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    dump = getattr(value, "model_dump", None)  # the verdict, a pydantic model
    if dump is not None:
        return dump(mode="json")
    return value


@dataclass(frozen=True, kw_only=True)
class Start(_Event):
    """Open a lesson at its first step."""

    type: Literal["start"] = "start"
    lesson: str
    content_hash: str
    steps: tuple[int, ...]
    celebrate: tuple[int, ...] = ()
    max_hints: int = MAX_HINTS
    #: Steps with buttons: an answer is graded only once an option is chosen.
    choose_first: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if not 0 <= self.max_hints <= MAX_HINTS:
            raise ValueError(f"max_hints must be 0 to {MAX_HINTS}, not {self.max_hints}")


@dataclass(frozen=True, kw_only=True)
class Shown(_Event):
    """The current step is on screen; the learner may answer."""

    type: Literal["shown"] = "shown"


@dataclass(frozen=True, kw_only=True)
class Choose(_Event):
    """The learner picked an option of the step's buttons."""

    type: Literal["choose"] = "choose"
    option: str


@dataclass(frozen=True, kw_only=True)
class Submit(_Event):
    """The learner submitted an answer."""

    type: Literal["submit"] = "submit"
    answer: str


@dataclass(frozen=True, kw_only=True)
class VerdictReady(_Event):
    """The grader answered the attempt `attempt_id`."""

    type: Literal["verdict"] = "verdict"
    attempt_id: int
    verdict: Verdict


@dataclass(frozen=True, kw_only=True)
class GraderFailed(_Event):
    """The grader could not answer `attempt_id`; the answer must not be lost."""

    type: Literal["grader_failed"] = "grader_failed"
    attempt_id: int
    message: str


@dataclass(frozen=True, kw_only=True)
class Stuck(_Event):
    """"I'm stuck": climb the hint ladder without grading."""

    type: Literal["stuck"] = "stuck"


@dataclass(frozen=True, kw_only=True)
class Skip(_Event):
    """Leave the step without passing it."""

    type: Literal["skip"] = "skip"


@dataclass(frozen=True, kw_only=True)
class Continue(_Event):
    """Go on after an advance or a reveal."""

    type: Literal["continue"] = "continue"


@dataclass(frozen=True, kw_only=True)
class GoTo(_Event):
    """Go back to a step already reached (to redo it), or on to the furthest one."""

    type: Literal["go_to"] = "go_to"
    step: int


@dataclass(frozen=True, kw_only=True)
class Resume(_Event):
    """A session was reopened after a stop; re-issue whatever was in flight."""

    type: Literal["resume"] = "resume"


Event = (Start | Shown | Choose | Submit | VerdictReady | GraderFailed | Stuck | Skip | Continue
         | GoTo | Resume)
"""Any event; `type` tells them apart (the transcript reader validates on it)."""

EVENT_TYPES: tuple[type[_Event], ...] = get_args(Event)
