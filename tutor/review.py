"""A review session: the shaky ideas of a finished lesson, asked again on a short screen.

It is a session of the same state machine, run by the same driver, over a lesson made of
review steps: one per idea asked, with no explanation, the idea's pump as the Question
(the step's own Question when the idea has no script) and only that idea to grade. Its
transcript is kept under `<data>/reviews/<lesson>/`, with the ideas asked in the header,
so mastery is rebuilt from it like any session, and it is never offered for resuming.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tutor.driver import GraderSource, LessonSummary, SessionDriver
from tutor.lesson.models import ExpectationScript, Lesson, Step
from tutor.mastery import ReviewItem
from tutor.session import Effect, LessonComplete, Start
from tutor.store import Transcript
from tutor.store.mastery import REVIEWS

#: Hints a review question may give before the idea is explained: the pump was the question,
#: so the ladder goes on from the hint rung.
REVIEW_HINTS = 2


def review_step(step: Step, idea: str) -> Step:
    """Step `step` cut down to one idea: its pump (else the step's Question), that idea alone
    to grade, and its script moved up a rung (the pump has been asked)."""
    script = next((s for s in step.scripts if s.text == idea), ExpectationScript(text=idea))
    question = script.pump or step.question
    shifted = (ExpectationScript(text=idea, pump=script.hint, hint=script.prompt,
                                 prompt=script.prompt, expect=script.expect,
                                 assertion=script.assertion)
               if script.pump else script)
    where = (f"Going over an idea from step {step.number}, “{step.title}”, again. "
             "Answer in your own words.")
    return replace(step, explanation="", task=where, question=question, directives=[],
                   expectations=[idea], scripts=[shifted], needs=[], lab_data={})


class ReviewDriver(SessionDriver):
    """A session driver over review steps (the step numbers are the lesson's own)."""

    unit = "Review"

    def __init__(self, lesson: Lesson, transcript: Transcript, grader: GraderSource,
                 items: list[ReviewItem]) -> None:
        super().__init__(lesson, transcript, grader)
        self.items = items
        self._steps = {item.idea.step: review_step(lesson_step, item.idea.idea)
                       for item in items
                       if (lesson_step := lesson.step(item.idea.step)) is not None}

    @classmethod
    def open(cls, lesson: Lesson, grader: GraderSource, items: list[ReviewItem], *,
             grader_name: str = "", root: Path | None = None,
             ) -> tuple[ReviewDriver, list[Effect]]:
        """Start a review of `items` (one idea per step, in the order asked)."""
        asked = [{"step": i.idea.step, "idea": i.idea.idea} for i in items]
        transcript = Transcript.create(
            lesson.name, lesson.content_hash, grader=grader_name, root=root, shelf=REVIEWS,
            lesson_path=str(lesson.source) if lesson.source else None,
            extra={"review": asked})
        driver = cls(lesson, transcript, grader, items)
        start = Start(lesson=lesson.name, content_hash=lesson.content_hash,
                      steps=tuple(driver._steps), max_hints=REVIEW_HINTS)
        return driver, driver.apply(start)

    def step(self, number: int) -> Step:
        """The review step with this number."""
        return self._steps[number]

    def summary(self, effect: LessonComplete | None = None) -> LessonSummary:
        """The lesson summary, titled as a review."""
        done = super().summary(effect)
        return replace(done, lesson_title=f"Review of {self.lesson.title}")


def due(lesson: Lesson, *, now: float, root: Path | None = None) -> list[ReviewItem]:
    """The ideas of `lesson` to review at `now` (the caller's clock), most urgent first."""
    from tutor.mastery import review_queue
    from tutor.store import mastery

    book = mastery.load(lesson, root=root)
    return [item for item in review_queue(book, now) if lesson.step(item.idea.step)]

