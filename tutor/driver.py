"""The session driver: the one place that runs the Socratic machine for an interactive front end.

It owns the lesson, the machine `State` and the `Transcript`. Every event is written
to the transcript (fsynced) before its effects are handed back, so whatever the
learner saw is on disk. It grades through any `Grader` and turns grader failures
into `GraderFailed` events, never exceptions. It knows nothing about Textual: the
TUI (and the tests) drive it the same way.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from tutor.errors import StorageError, TutorError
from tutor.grading.terms import Rung
from tutor.lesson.models import Lesson, Step
from tutor.session import (
    AnswerTooLong,
    Effect,
    Event,
    GraderFailed,
    LessonComplete,
    Phase,
    RequestGrade,
    Resume,
    Reveal,
    ShowFeedback,
    ShowHint,
    State,
    StepRecord,
    VerdictReady,
    transition,
)
from tutor.session.start import start_event
from tutor.store import ResumePoint, Transcript, find_resumable

if TYPE_CHECKING:
    # pydantic models: imported where an answer is graded, never before the first frame.
    from tutor.grading.protocol import Grader
    from tutor.grading.verdict import Attempt, GradeRequest

#: Templates the screen renders on the event loop (hints without a grader, the reveal).
SCREEN_TEMPLATES = (*(f"hints/{rung.value}.j2" for rung in Rung), "tui/reveal.md.j2")

GraderSource = Callable[[], "Grader"]
"""Builds the grader. Called once, in a thread, on first need (loading a model is slow)."""

# A pause longer than this between two records counts as a break, not study time.
_MAX_GAP = timedelta(minutes=5)


@dataclass(frozen=True, kw_only=True)
class StepSummary:
    """One row of the end-of-lesson summary."""

    number: int
    title: str
    outcome: str
    attempts: int
    hints: int
    first_try: bool
    idea: str = ""  # what the step taught: its Checkpoint, said to the learner


@dataclass(frozen=True, kw_only=True)
class LessonSummary:
    """What the learner did in the lesson: per step, totals and the time spent."""

    lesson_title: str
    steps: list[StepSummary]
    seconds: float | None  # None when the transcript could not be read back

    @property
    def attempts(self) -> int:
        return sum(s.attempts for s in self.steps)

    @property
    def hints(self) -> int:
        return sum(s.hints for s in self.steps)

    @property
    def passed(self) -> int:
        return sum(1 for s in self.steps if s.outcome == "passed")

    @property
    def first_try(self) -> int:
        return sum(1 for s in self.steps if s.first_try)


Speaker = Literal["you", "tutor", "pass", "hint", "reveal", "note"]

_RUNG_NAMES = {Rung.PUMP: "a nudge", Rung.HINT: "a hint", Rung.PROMPT: "a pointed question",
               Rung.ASSERTION: "the last hint"}


@dataclass(frozen=True)
class Turn:
    """One turn of a step's conversation, as the learner saw it."""

    speaker: Speaker
    text: str
    detail: str = ""


@dataclass
class _StepLog:
    """Earlier work on a step: for the grader (attempts, lab notes) and the screen (turns)."""

    attempts: list[Attempt] = field(default_factory=list)
    lab_notes: list[str] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)


def _strip_rubric_voice(checkpoint: str) -> str:
    """'The learner should understand that X' -> 'X': the reveal speaks to the learner."""
    text = checkpoint.strip()
    for prefix in ("The learner should understand that ", "The learner should understand "):
        if text.startswith(prefix):
            rest = text[len(prefix):]
            return rest[:1].upper() + rest[1:]
    return text


def recap_idea(checkpoint: str) -> str:
    """A step's idea for the end-of-lesson recap: the Checkpoint said to the learner.

    A rubric lists what to understand as "that A, that B, and that C"; with its opening
    gone, the later "that"s read as a stray word ("…the window, that information…").
    """
    idea = _strip_rubric_voice(checkpoint)
    if idea == checkpoint.strip():
        return idea  # not in the rubric's voice: the author's words as they are
    return idea.replace(", and that ", ", and ").replace(", that ", ", ")


def excerpt(text: str, limit: int = 160) -> str:
    """The start of `text`, cut at a word with an ellipsis when it is longer than `limit`."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] or flat[:limit]
    return cut.rstrip(" ,;:.") + "…"


def too_long_turns(effect: AnswerTooLong) -> list[Turn]:
    """The answer's start (not all of it: it would fill the screen) and why it was not sent."""
    size = len(effect.answer)
    return [
        Turn("you", excerpt(effect.answer), f"{size:,} characters, not sent"),
        Turn("tutor", f"That answer is {size:,} characters long; the limit is "
                      f"{effect.limit:,}. All of it is still in the answer box: cut it down "
                      "to the heart of your idea, then press Enter."),
    ]


def _quoted(words: str, feedback: str) -> bool:
    """True when the feedback already quotes these words, whole or cut short with an
    ellipsis: said twice, a clause the feedback called a mix-up would also be called right."""
    said = " ".join(words.split()).strip().rstrip(".")
    if said in feedback:
        return True
    for quote in re.findall(r"“([^”]+)”", feedback):
        head = " ".join(quote.split()).rstrip("…").rstrip(".").strip()
        if head and (said.startswith(head) or said in head):
            return True
    return False


class SessionDriver:
    """Runs one learner's session of one lesson: events in, effects out, all of it recorded."""

    unit = "Step"  # what the progress line counts ("Step 2 of 7")

    def __init__(self, lesson: Lesson, transcript: Transcript, grader: GraderSource,
                 state: State | None = None) -> None:
        self.lesson = lesson
        self.transcript = transcript
        self.state = state or State()
        self._grader_source = grader
        self._grader: Grader | None = None
        self._grader_lock = asyncio.Lock()
        self._logs: dict[int, _StepLog] = {}
        self._requests: dict[int, RequestGrade] = {}

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
        if (state.index, state.attempts, state.hints, state.choice, state.draft) == (
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
            elif record.note.get("kind") == "lab":
                note = record.note
                driver._remember_lab(int(note["step"]), str(note["lab"]), str(note["summary"]))
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
        for effect in effects:
            if isinstance(effect, RequestGrade):
                self._requests[effect.attempt_id] = effect
                choice = f"chose “{effect.choice}”" if effect.choice else ""
                self._log(effect.number).turns.append(Turn("you", effect.answer, choice))
            elif isinstance(effect, ShowFeedback) and isinstance(event, VerdictReady):
                self._feedback(event.attempt_id, effect)
            elif isinstance(effect, ShowHint):
                self._hint(effect, self.hint_text(effect), graded=isinstance(event, VerdictReady))
            elif isinstance(effect, Reveal):
                self._log(effect.number).turns.append(Turn("reveal", self.reveal_text(effect)))
            elif isinstance(effect, AnswerTooLong):
                self._log(effect.number).turns.extend(too_long_turns(effect))

    def _feedback(self, attempt_id: int, effect: ShowFeedback) -> None:
        log = self._log(effect.number)
        asked = self._requests.pop(attempt_id, None)
        if asked is not None:
            from tutor.grading.verdict import Attempt  # loaded with the verdict being shown

            log.attempts.append(Attempt(answer=asked.answer))
        verdict = effect.verdict
        if verdict.advanced:
            log.turns.append(Turn("pass", verdict.feedback or "That's the idea.", "✓ passed"))
        else:
            # The learner's own credited words, never the rubric's wording of them: before
            # the reveal the tutor does not state the Checkpoint.
            # On one line: a quote keeps the learner's words, not where their box wrapped.
            # Nor words the feedback or the hint already quote: the hint may open on them.
            shown = f"{verdict.feedback}\n{verdict.hint or ''}"
            quotes = [f"“{' '.join(k.evidence.split()).rstrip('.')}”" for k in verdict.covered
                      if k.evidence and not _quoted(k.evidence, shown)]
            right = "; ".join(dict.fromkeys(quotes))
            text = "\n".join(filter(None, [verdict.feedback,
                                           f"Right so far, in your words: {right}."
                                           if right else ""]))
            if text:
                log.turns.append(Turn("tutor", text))

    def _hint(self, effect: ShowHint, text: str, *, graded: bool) -> None:
        log = self._log(effect.number)
        if graded and log.attempts:
            from tutor.grading.verdict import Attempt

            log.attempts[-1] = Attempt(answer=log.attempts[-1].answer, hint=text)
        detail = _RUNG_NAMES[effect.rung] + (" (you asked)" if effect.stuck else "")
        log.turns.append(Turn("hint", text, detail))

    def _remember_lab(self, number: int, lab: str, summary: str) -> None:
        log = self._log(number)
        log.lab_notes.append(summary)
        log.turns.append(Turn("note", summary, f"lab: {lab}"))

    def turns(self, number: int) -> list[Turn]:
        """The conversation of a step so far (also after a resume), oldest first."""
        return list(self._log(number).turns)

    def _log(self, number: int) -> _StepLog:
        return self._logs.setdefault(number, _StepLog())

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
        async with self._grader_lock:
            if self._grader is None:
                self._grader = await asyncio.to_thread(self._build_grader)
            return self._grader

    def _build_grader(self) -> Grader:
        """Build the grader and let it load what its first answer needs (a worker thread).

        The templates of the hints and the reveal are compiled here too: the screen renders
        them on the event loop, where importing jinja2 and compiling them stalled typing for
        50-90 ms at the first reveal.
        """
        grader = self._grader_source()
        warm = getattr(grader, "warm", None)
        if callable(warm):
            warm()
        from tutor.prompts import environment

        for name in SCREEN_TEMPLATES:
            environment().get_template(name)
        return grader

    def request_for(self, effect: RequestGrade) -> GradeRequest:
        """The full grade request for an attempt: step context, history, choice and lab notes."""
        from tutor.grading.verdict import GradeRequest

        step = self.step(effect.number)
        log = self._log(effect.number)
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
        if self._grader is not None:
            await self._grader.aclose()

    # Words shown to the learner, and notes of them in the transcript

    def hint_text(self, effect: ShowHint) -> str:
        """The hint for this rung: the grader's own, else (the learner pressed "I'm stuck")
        the script's question for the idea the last verdict found missing, or the first."""
        if effect.text:
            return effect.text
        from tutor.grading.hints import next_question
        from tutor.grading.verdict import GradeRequest

        step = self.step(effect.number)
        request = GradeRequest.for_step(self.lesson, step, "", rung=effect.rung,
                                        previous=list(self._log(effect.number).attempts))
        last = self.state.last_verdict
        missing = last.missing if last is not None and last.missing else step.expectations
        return next_question(request, effect.rung, missing).text

    def reveal_text(self, effect: Reveal) -> str:
        """What the tutor says after the last rung: the Checkpoint, explained."""
        from tutor.prompts import render  # jinja2 is imported on first use, not at start-up

        step = self.step(effect.number)
        assertions = [s.assertion for s in step.scripts if s.assertion]
        last = self.state.last_verdict
        stated = next((m for m in step.misconceptions
                       if last is not None and m.text == last.misconception), None)
        return render("tui/reveal.md.j2", step=step,
                      idea=_strip_rubric_voice(step.checkpoint),
                      correction=stated.correction if stated else None,
                      assertions=assertions if len(assertions) == len(step.scripts) else [])

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
        self._remember_lab(number, lab, summary)

    # The end

    @property
    def complete(self) -> bool:
        """The lesson has been finished."""
        return self.state.phase is Phase.COMPLETE

    def summary(self, effect: LessonComplete | None = None) -> LessonSummary:
        """Steps, attempts, hints and time spent (from the transcript's own timestamps)."""
        records: tuple[StepRecord, ...] = effect.records if effect else self.state.records
        rows = [
            StepSummary(number=r.number, title=self.step(r.number).title,
                        outcome=r.outcome or "not reached", attempts=r.attempts, hints=r.hints,
                        first_try=r.first_try,
                        idea=recap_idea(self.step(r.number).checkpoint))
            for r in records
        ]
        try:
            seconds: float | None = study_seconds(self.transcript.path)
        except StorageError:
            seconds = None
        return LessonSummary(lesson_title=self.lesson.title, steps=rows, seconds=seconds)


def study_seconds(path: Path) -> float:
    """Time spent in a transcript: the sum of gaps between records, breaks cut to 5 minutes."""
    from tutor.store.records import load

    loaded = load(path)
    stamps = [datetime.fromisoformat(loaded.header.started_at)]
    stamps += [datetime.fromisoformat(r.at) for r in loaded.records]
    total = timedelta()
    for before, after in pairwise(stamps):
        total += min(max(after - before, timedelta()), _MAX_GAP)
    return total.total_seconds()


def factory_source(name: str | None = None, *, model: str | None = None) -> GraderSource:
    """A GraderSource that builds the named grader (None: the configured default) when called;
    `model` overrides the configured Claude model."""

    def build() -> Grader:
        from tutor.grading.factory import make_grader

        return make_grader(name, model=model)

    return build
