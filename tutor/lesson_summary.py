"""The end of a lesson: what the learner did per step, totals, time spent, and the recap."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path

from tutor.errors import StorageError
from tutor.lesson.models import Step
from tutor.session import StepRecord
from tutor.wording import strip_rubric_voice

# A pause longer than this between two records counts as a break, not study time.
_MAX_GAP = timedelta(minutes=5)


@dataclass(frozen=True, kw_only=True)
class StepSummary:
    """One row of the end-of-lesson summary."""

    number: int
    title: str
    outcome: str
    attempts: int
    hints: int  # all of them: asked for and given after an answer
    first_try: bool
    asked: int = 0  # the hints the learner asked for ("I'm stuck")
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
    def asked(self) -> int:
        """The hints the learner asked for; the rest came with the replies to answers."""
        return sum(s.asked for s in self.steps)

    @property
    def passed(self) -> int:
        return sum(1 for s in self.steps if s.outcome == "passed")

    @property
    def first_try(self) -> int:
        return sum(1 for s in self.steps if s.first_try)


def recap_idea(checkpoint: str) -> str:
    """A step's idea for the end-of-lesson recap: the Checkpoint said to the learner.

    A rubric lists what to understand as "that A, that B, and that C"; with its opening
    gone, the later "that"s read as a stray word ("…the window, that information…").
    """
    idea = strip_rubric_voice(checkpoint)
    if idea == checkpoint.strip():
        return idea  # not in the rubric's voice: the author's words as they are
    return idea.replace(", and that ", ", and ").replace(", that ", ", ")


def summarize(title: str, records: tuple[StepRecord, ...], step: Callable[[int], Step],
              transcript: Path) -> LessonSummary:
    """Steps, attempts, hints and time spent (from the transcript's own timestamps); `step`
    finds a step by its number (a review's steps are not the lesson's)."""
    rows = [StepSummary(number=r.number, title=step(r.number).title,
                        outcome=r.outcome or "not reached", attempts=r.attempts, hints=r.hints,
                        asked=r.asked, first_try=r.first_try,
                        idea=recap_idea(step(r.number).checkpoint))
            for r in records]
    try:
        seconds: float | None = study_seconds(transcript)
    except StorageError:
        seconds = None
    return LessonSummary(lesson_title=title, steps=rows, seconds=seconds)


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
