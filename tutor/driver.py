"""The session driver: the one place that runs the Socratic machine for an interactive front end.

It owns the lesson, the machine `State` and the `Transcript`. Every event is written
to the transcript (fsynced) before its effects are handed back, so whatever the
learner saw is on disk. It grades through any `Grader` and turns grader failures
into `GraderFailed` events, never exceptions. It knows nothing about Textual: the
TUI (and the tests) drive it the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tutor.errors import TutorError
from tutor.grading.screen_text import choice_question, hint_text, reveal_text
from tutor.grading.source import GraderSource, LazyGrader
from tutor.lesson.models import Lesson, Step
from tutor.lesson_summary import LessonSummary, summarize
from tutor.session import (
    Effect,
    Event,
    GraderFailed,
    LessonComplete,
    Phase,
    RequestGrade,
    Resume,
    Reveal,
    ShowHint,
    State,
    StepRecord,
    VerdictReady,
    transition,
)
from tutor.session.start import start_event
from tutor.store import ResumePoint, Transcript, find_resumable
from tutor.turns import REMARK, History, Turn

if TYPE_CHECKING:
    # pydantic models: imported where an answer is graded, never before the first frame.
    from tutor.grading.protocol import Grader
    from tutor.grading.verdict import GradeRequest

__all__ = ["GraderSource", "SessionDriver"]


class SessionDriver:
    """Runs one learner's session of one lesson: events in, effects out, all of it recorded."""

    unit = "Step"  # what the progress line counts ("Step 2 of 7")

    def __init__(self, lesson: Lesson, transcript: Transcript, grader: GraderSource,
                 state: State | None = None) -> None:
        self.lesson = lesson
        self.transcript = transcript
        self.state = state or State()
        self._grader = LazyGrader(grader)
        self.history = History()

    # Opening a session

    @classmethod
    def new(cls, lesson: Lesson, grader: GraderSource, *, grader_name: str = "",
            root: Path | None = None) -> tuple[SessionDriver, list[Effect]]:
        """Start a fresh session of `lesson`; returns the driver and the first effects."""
        transcript = Transcript.create(
            lesson.name, lesson.content_hash, grader=grader_name, root=root,
            lesson_path=str(lesson.source) if lesson.source else None)
        driver = cls(lesson, transcript, grader)
        return driver, driver.apply(start_event(lesson))

    @classmethod
    def resumable(cls, lesson: Lesson, *, root: Path | None = None) -> ResumePoint | None:
        """The learner's unfinished session of this lesson, if it can still be continued."""
        point = find_resumable(lesson.name, lesson.content_hash, root=root)
        if point is None or point.step_number is None:
            return None
        if any(lesson.step(n) is None for n in point.state.steps):
            return None  # the lesson lost steps since: the old session cannot be mapped onto it
        state = point.state
        if (state.reached, state.attempts, state.hints, state.choice, state.draft) == (
                0, 0, 0, None, None) and state.phase is not Phase.GRADING:
            return None  # nothing done yet: resuming would be the same as starting over
        return point

    @classmethod
    def resume(cls, lesson: Lesson, grader: GraderSource,
               point: ResumePoint) -> tuple[SessionDriver, list[Effect]]:
        """Continue an unfinished session where it stopped (the `Resume` event re-issues it)."""
        driver = cls(lesson, Transcript.reopen(point.loaded), grader)
        for record in point.loaded.records:
            if record.event is not None:
                driver.state, effects = transition(driver.state, record.event)
                driver._observe(record.event, effects)
            else:
                driver.history.reread(record.note)
        return driver, driver.apply(Resume())

    # Running it

    def apply(self, event: Event) -> list[Effect]:
        """Run one event through the machine; it is on disk before the effects come back.

        A StorageError leaves the state as it was, so the learner's answer is not consumed.
        """
        state, effects = transition(self.state, event)
        if state is not self.state or effects:
            self.transcript.append(event)
        self.state = state
        self._observe(event, effects)
        return effects

    def _observe(self, event: Event, effects: list[Effect]) -> None:
        """Keep each step's history: attempts and hints for the grader, turns for the screen."""
        self.history.observe(event, effects, self, number=self.state.step_number)

    def turns(self, number: int) -> list[Turn]:
        """The conversation of a step so far (also after a resume), oldest first."""
        return list(self.history.log(number).turns)

    def step(self, number: int) -> Step:
        """The lesson step with this number."""
        step = self.lesson.step(number)
        if step is None:
            raise KeyError(number)
        return step

    @property
    def current_step(self) -> Step | None:
        """The step on screen, or None before the start and after the end."""
        number = self.state.step_number
        return None if number is None else self.step(number)

    # Grading

    async def grader(self) -> Grader:
        """The grader, built on first use in a thread so the event loop never waits on a model."""
        return await self._grader.get()

    def request_for(self, effect: RequestGrade) -> GradeRequest:
        """The full grade request for an attempt: step context, history, choice and lab notes."""
        from tutor.grading.verdict import GradeRequest

        step = self.step(effect.number)
        log = self.history.log(effect.number)
        return GradeRequest.for_step(
            self.lesson, step, effect.answer, rung=effect.rung, previous=list(log.attempts),
            choice=effect.choice, lab_notes="\n".join(log.lab_notes) or None)

    async def grade(self, effect: RequestGrade) -> Event:
        """Grade an attempt. Returns VerdictReady or GraderFailed; never raises a GraderError.

        A grader that cannot even be built (no key, no model) is a failure of this attempt too.
        """
        try:
            grader = await self.grader()
            verdict = await grader.grade(self.request_for(effect))
        except TutorError as exc:
            return GraderFailed(attempt_id=effect.attempt_id, message=exc.message)
        return VerdictReady(attempt_id=effect.attempt_id, verdict=verdict)

    async def aclose(self) -> None:
        """Release the grader's clients, if one was built."""
        await self._grader.aclose()

    # Words shown to the learner, and notes of them in the transcript

    def hint_text(self, effect: ShowHint) -> str:
        """The hint for this rung: the grader's own, else (the learner pressed "I'm stuck")
        the script's question for the idea the last verdict found missing, or the first."""
        if effect.text:
            return effect.text
        return hint_text(self.lesson, self.step(effect.number), effect.rung,
                         previous=list(self.history.log(effect.number).attempts),
                         last=self.state.last_verdict)

    def reveal_text(self, effect: Reveal) -> str:
        """What the tutor says after the last rung: the Checkpoint, explained."""
        return reveal_text(self.step(effect.number), last=self.state.last_verdict)

    def choice_question(self, number: int, option: str) -> str | None:
        """The question a pick the author did not expect gets at once; None for any other."""
        return choice_question(self.lesson, self.step(number), option)

    def note_choice(self, number: int, option: str, text: str) -> None:
        """Record the question a pick got."""
        self.transcript.note(kind="choice", step=number, option=option, text=text)

    def record_remark(self, number: int, text: str) -> None:
        """Keep what the learner typed after the step was done: recorded, shown, not graded."""
        self.transcript.note(kind="remark", step=number, text=text)
        self.history.add(number, Turn("you", text, REMARK))

    def note_hint(self, effect: ShowHint, text: str) -> None:
        """Record the hint the learner was shown."""
        self.transcript.note(kind="hint", step=effect.number, rung=effect.rung.value, text=text,
                             stuck=effect.stuck)

    def note_reveal(self, effect: Reveal, text: str) -> None:
        """Record the explanation shown after the last rung."""
        self.transcript.note(kind="reveal", step=effect.number, text=text)

    def record_lab(self, number: int, lab: str, summary: str) -> None:
        """Record what the learner did in a lab; the grader sees it as context."""
        self.transcript.note(kind="lab", step=number, lab=lab, summary=summary)
        self.history.lab(number, lab, summary)

    # The end

    @property
    def complete(self) -> bool:
        """The lesson has been finished."""
        return self.state.phase is Phase.COMPLETE

    def summary(self, effect: LessonComplete | None = None) -> LessonSummary:
        """Steps, attempts, hints and time spent (from the transcript's own timestamps)."""
        records: tuple[StepRecord, ...] = effect.records if effect else self.state.records
        return summarize(self.lesson.title, records, self.step, self.transcript.path)
