"""The Socratic state machine: `transition(state, event) -> (state, effects)`.

Pure: no I/O, no clock, no randomness. The TUI, the batch runner, a resumed session
(replaying its transcript) and the tests all drive this same function. Effects are
instructions for the driver (show this, grade that); the machine never performs them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

from tutor.grading.terms import LADDER, MAX_ANSWER_CHARS, MAX_HINTS, Rung
from tutor.session.events import (
    Choose,
    Continue,
    Event,
    GoTo,
    GraderFailed,
    Resume,
    Shown,
    Skip,
    Start,
    Stuck,
    Submit,
    VerdictReady,
)

if TYPE_CHECKING:
    from tutor.grading.verdict import Verdict


class Phase(StrEnum):
    NOT_STARTED = "not_started"
    PRESENTING = "presenting"  # the step is being put on screen
    AWAITING = "awaiting"  # waiting for the learner's answer
    GRADING = "grading"  # an answer is with the grader
    PASSED = "passed"  # feedback after an advance; Continue moves on
    REVEALED = "revealed"  # the Checkpoint was explained; Continue moves on
    COMPLETE = "complete"


Outcome = Literal["passed", "revealed", "skipped"]


@dataclass(frozen=True)
class StepRecord:
    """How the learner did on one step."""

    number: int
    attempts: int = 0  # over every visit: a step redone counts its earlier tries too
    hints: int = 0  # all hints given, asked for or not
    outcome: Outcome | None = None  # the latest visit's; a redo keeps it until it has one
    asked: int = 0  # hints the learner asked for ("I'm stuck")

    @property
    def first_try(self) -> bool:
        return self.outcome == "passed" and self.attempts == 1 and self.hints == 0


@dataclass(frozen=True)
class State:
    """Where a learner is in a lesson. Immutable; every transition returns a new one."""

    phase: Phase = Phase.NOT_STARTED
    lesson: str = ""
    content_hash: str = ""
    steps: tuple[int, ...] = ()
    celebrate: tuple[int, ...] = ()
    max_hints: int = MAX_HINTS
    choose_first: tuple[int, ...] = ()  # steps whose buttons need a choice before grading
    index: int = 0
    hints: int = 0  # hints given on the current step (the ladder position)
    attempts: int = 0  # graded attempts on the current step
    next_attempt_id: int = 1  # unique across the session: a late verdict cannot land elsewhere
    pending_id: int | None = None
    pending_answer: str | None = None
    choice: str | None = None
    draft: str | None = None  # an answer whose grading failed, kept for the learner
    last_verdict: Verdict | None = None
    records: tuple[StepRecord, ...] = field(default_factory=tuple)
    completed: int = 0  # times the lesson reached COMPLETE (must end at most 1)
    reached: int = 0  # the furthest step index entered: any step up to it can be gone to

    @property
    def step_number(self) -> int | None:
        if self.phase in (Phase.NOT_STARTED, Phase.COMPLETE) or not self.steps:
            return None
        return self.steps[self.index]

    @property
    def record(self) -> StepRecord:
        return self.records[self.index]

    @property
    def next_rung(self) -> Rung:
        return LADDER[min(self.hints, len(LADDER) - 1)]

    @property
    def resume_index(self) -> int:
        """The step a resumed session opens on: the next one if this one was already passed
        or explained (only the Enter to go on was missing); len(steps) if none is left."""
        return self.next_index if self.phase in (Phase.PASSED, Phase.REVEALED) else self.index

    @property
    def next_index(self) -> int:
        """Where going on leads: the first later step not done yet (after a step redone,
        back to where the learner was); len(steps) when none is left."""
        return next((i for i in range(self.index + 1, len(self.steps))
                     if self.records[i].outcome is None), len(self.steps))

    def can_go_to(self, number: int) -> bool:
        """A step already reached, other than this one, while no answer is being graded."""
        if number not in self.steps or self.phase in (Phase.NOT_STARTED, Phase.COMPLETE,
                                                      Phase.GRADING):
            return False
        index = self.steps.index(number)
        return index != self.index and index <= self.reached


# Effects: what the driver should do after a transition.


@dataclass(frozen=True)
class PresentStep:
    number: int
    index: int


@dataclass(frozen=True)
class RequestGrade:
    attempt_id: int
    number: int
    answer: str
    rung: Rung
    attempt: int
    choice: str | None


@dataclass(frozen=True)
class ShowFeedback:
    number: int
    verdict: Verdict


@dataclass(frozen=True)
class ShowHint:
    number: int
    rung: Rung
    text: str | None  # None: the driver renders the templated hint for this rung
    stuck: bool = False


@dataclass(frozen=True)
class Reveal:
    number: int


@dataclass(frozen=True)
class Celebrate:
    number: int


@dataclass(frozen=True)
class RestoreDraft:
    answer: str


@dataclass(frozen=True)
class AnswerTooLong:
    """An answer over the length limit: not graded, kept for the learner to shorten."""

    number: int
    answer: str
    limit: int


@dataclass(frozen=True)
class Notice:
    message: str
    severity: Literal["information", "warning", "error"] = "information"


@dataclass(frozen=True)
class LessonComplete:
    records: tuple[StepRecord, ...]


Effect = (
    PresentStep | RequestGrade | ShowFeedback | ShowHint | Reveal | Celebrate | RestoreDraft
    | Notice | LessonComplete | AnswerTooLong
)
Result = tuple[State, list[Effect]]


def _with_record(state: State, **changes: object) -> tuple[StepRecord, ...]:
    records = list(state.records)
    records[state.index] = replace(records[state.index], **changes)  # type: ignore[arg-type]
    return tuple(records)


def _enter(state: State, index: int) -> Result:
    """Move to step `index`, or complete the lesson after the last one."""
    if index >= len(state.steps):
        done = replace(state, phase=Phase.COMPLETE, pending_id=None, pending_answer=None,
                       completed=state.completed + 1)
        return done, [LessonComplete(records=done.records)]
    nxt = replace(state, phase=Phase.PRESENTING, index=index, hints=0, attempts=0,
                  pending_id=None, pending_answer=None, choice=None, draft=None,
                  last_verdict=None, reached=max(state.reached, index))
    return nxt, [PresentStep(number=nxt.steps[index], index=index)]


def _reveal(state: State) -> Result:
    number = state.steps[state.index]
    revealed = replace(state, phase=Phase.REVEALED, pending_id=None, pending_answer=None,
                       records=_with_record(state, outcome="revealed"))
    return revealed, [Reveal(number=number)]


def _start(event: Start) -> Result:
    if not event.steps:
        return State(), [Notice("This lesson has no steps.", "error")]
    state = State(lesson=event.lesson, content_hash=event.content_hash, steps=event.steps,
                  celebrate=event.celebrate, max_hints=event.max_hints,
                  choose_first=event.choose_first,
                  records=tuple(StepRecord(number=n) for n in event.steps))
    return _enter(state, 0)


def _submit(state: State, event: Submit) -> Result:
    answer = event.answer.strip()
    if not answer:
        return state, [Notice("Write an answer first, or press \"I'm stuck\" for a hint.",
                              "warning")]
    if len(answer) > MAX_ANSWER_CHARS:
        # Not an attempt: nothing is graded, the ladder stays, and the text is kept (as a
        # draft, so a resumed session brings it back too) for the learner to shorten.
        return replace(state, draft=answer), [
            AnswerTooLong(number=state.steps[state.index], answer=answer,
                          limit=MAX_ANSWER_CHARS)]
    if state.choice is None and state.steps[state.index] in state.choose_first:
        # The reasons are graded against a choice: without one there is nothing to explain.
        return state, [Notice("Pick one of the options first, then explain your choice.",
                              "warning")]
    attempt_id = state.next_attempt_id
    rung = state.next_rung if state.hints < state.max_hints else Rung.ASSERTION
    grading = replace(state, phase=Phase.GRADING, pending_id=attempt_id, pending_answer=answer,
                      next_attempt_id=attempt_id + 1, draft=None)
    return grading, [RequestGrade(attempt_id=attempt_id, number=state.steps[state.index],
                                  answer=answer, rung=rung, attempt=state.attempts + 1,
                                  choice=state.choice)]


def _verdict(state: State, event: VerdictReady) -> Result:
    number = state.steps[state.index]
    attempts = state.attempts + 1
    tries = state.record.attempts + 1  # the record counts the step's earlier visits too
    verdict = event.verdict
    if verdict.advanced:
        passed = replace(state, phase=Phase.PASSED, attempts=attempts, pending_id=None,
                         pending_answer=None, last_verdict=verdict,
                         records=_with_record(state, attempts=tries, outcome="passed"))
        effects: list[Effect] = [ShowFeedback(number=number, verdict=verdict)]
        if number in state.celebrate:
            effects.append(Celebrate(number=number))
        return passed, effects
    if verdict.flags:
        # The guard refused the answer (gaming, injection, gibberish…): it said nothing
        # about the step, so it is no try at the idea (the summary's tries leave it out),
        # it neither climbs the hint ladder nor brings the explanation nearer. The
        # feedback says why it was refused.
        held = replace(state, phase=Phase.AWAITING, pending_id=None, pending_answer=None,
                       last_verdict=verdict)
        return held, [ShowFeedback(number=number, verdict=verdict)]
    graded = replace(state, attempts=attempts, last_verdict=verdict,
                     records=_with_record(state, attempts=tries))
    if state.hints >= state.max_hints:
        revealed, reveal_effects = _reveal(graded)
        return revealed, [ShowFeedback(number=number, verdict=verdict), *reveal_effects]
    rung = state.next_rung
    hinted = replace(graded, phase=Phase.AWAITING, hints=state.hints + 1, pending_id=None,
                     pending_answer=None,
                     records=_with_record(graded, hints=graded.record.hints + 1))
    return hinted, [ShowFeedback(number=number, verdict=verdict),
                    ShowHint(number=number, rung=rung, text=verdict.hint)]


def _stuck(state: State) -> Result:
    number = state.steps[state.index]
    if state.hints >= state.max_hints:
        return _reveal(state)
    rung = state.next_rung
    record = state.record
    hinted = replace(state, hints=state.hints + 1,
                     records=_with_record(state, hints=record.hints + 1, asked=record.asked + 1))
    return hinted, [ShowHint(number=number, rung=rung, text=None, stuck=True)]


def transition(state: State, event: Event) -> Result:
    """Apply one event. Events that make no sense in the current phase change nothing."""
    phase = state.phase
    if isinstance(event, Start):
        if phase is not Phase.NOT_STARTED:
            return state, []
        return _start(event)
    if phase in (Phase.NOT_STARTED, Phase.COMPLETE):
        return state, []
    if isinstance(event, Shown):
        if phase is Phase.PRESENTING:
            return replace(state, phase=Phase.AWAITING), []
        return state, []
    if isinstance(event, Resume):
        return _resume(state)
    if isinstance(event, Skip):
        if phase in (Phase.PRESENTING, Phase.AWAITING, Phase.GRADING):
            skipped = replace(state, records=_with_record(state, outcome="skipped"))
            return _enter(skipped, skipped.next_index)
        return state, []
    if isinstance(event, Continue):
        if phase in (Phase.PASSED, Phase.REVEALED):
            return _enter(state, state.next_index)
        return state, []
    if isinstance(event, GoTo):
        if not state.can_go_to(event.step):
            return state, []
        return _enter(state, state.steps.index(event.step))
    if phase is Phase.AWAITING:
        if isinstance(event, Submit):
            return _submit(state, event)
        if isinstance(event, Choose):
            return replace(state, choice=event.option), []
        if isinstance(event, Stuck):
            return _stuck(state)
        return state, []
    if phase is Phase.GRADING and isinstance(event, VerdictReady | GraderFailed):
        if event.attempt_id != state.pending_id:
            return state, []  # a late reply for an attempt that is no longer waiting
        if isinstance(event, VerdictReady):
            return _verdict(state, event)
        kept = state.pending_answer or ""
        back = replace(state, phase=Phase.AWAITING, pending_id=None, pending_answer=None,
                       draft=kept)
        return back, [Notice(f"Could not grade your answer: {event.message}. "
                             "Your answer is kept; submit it again.", "error"),
                      RestoreDraft(answer=kept)]
    return state, []


def _resume(state: State) -> Result:
    """Re-issue what was on screen or in flight when the session stopped.

    A step already passed or explained is done: the session goes on to the next one, as
    the Enter the learner had not pressed yet would have.
    """
    if state.phase in (Phase.PASSED, Phase.REVEALED):
        return _enter(state, state.resume_index)
    number = state.steps[state.index]
    effects: list[Effect] = [PresentStep(number=number, index=state.index)]
    if state.phase is Phase.GRADING and state.pending_id is not None:
        effects.append(RequestGrade(
            attempt_id=state.pending_id, number=number, answer=state.pending_answer or "",
            rung=state.next_rung if state.hints < state.max_hints else Rung.ASSERTION,
            attempt=state.attempts + 1, choice=state.choice))
    elif state.draft:
        effects.append(RestoreDraft(answer=state.draft))
    phase = Phase.AWAITING if state.phase is Phase.PRESENTING else state.phase
    return replace(state, phase=phase), effects


def replay(events: list[Event]) -> State:
    """Fold a recorded event list into the state it leads to (how a session resumes)."""
    state = State()
    for event in events:
        state, _ = transition(state, event)
    return state
