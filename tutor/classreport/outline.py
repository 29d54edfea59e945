"""What the class report needs of a lesson: each step's title, ideas and misconceptions.

From the lesson when it can be loaded, else read off the results themselves (the ideas
the grader named), so a page can always be made.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tutor.batch.results import ResultRow
from tutor.grading.verdict import GradeRequest
from tutor.lesson import Lesson, Step


@dataclass
class StepOutline:
    """One step: its ideas (numbered from 1 on the page) and its authored misconceptions."""

    number: int
    title: str = ""
    ideas: list[str] = field(default_factory=list)
    needed: set[int] = field(default_factory=set)  # indices into `ideas` some group needs
    misconceptions: list[str] = field(default_factory=list)

    @classmethod
    def of_step(cls, step: Step) -> StepOutline:
        """A lesson step's outline; `needed` is the graders' own reading of `needs`."""
        request = GradeRequest(answer="", question=step.question, checkpoint=step.checkpoint,
                               expectations=list(step.expectations),
                               needs=[list(g) for g in step.needs])
        needed = {i for group in request.needed_groups() for i in group}
        return cls(number=step.number, title=step.title, ideas=list(step.expectations),
                   needed=needed, misconceptions=[m.text for m in step.misconceptions])

    def learn_from(self, row: ResultRow, misconceptions: bool = True) -> None:
        """Add the ideas (and, unless told not to, misconceptions) a row names that the
        outline lacks."""
        for idea in [*row.covered, *row.missing]:
            if idea not in self.ideas:
                self.ideas.append(idea)
                self.needed.add(len(self.ideas) - 1)
        if misconceptions and row.misconception and row.misconception not in self.misconceptions:
            self.misconceptions.append(row.misconception)


@dataclass
class Outline:
    """The lesson as the page shows it."""

    title: str
    steps: dict[int, StepOutline]
    from_lesson: bool

    @classmethod
    def of(cls, lesson: Lesson | None, name: str, rows: Iterable[ResultRow]) -> Outline:
        """The lesson's outline; steps (or, with no lesson, ideas) the rows name are added."""
        steps = {s.number: StepOutline.of_step(s) for s in lesson.steps} if lesson else {}
        authored = set(steps)
        # A lesson step with no authored expectations: its ideas are the ones the grader read
        # off its Checkpoint, as the results name them.
        bare = {n for n, o in steps.items() if not o.ideas}
        for row in rows:
            if row.step not in authored:
                steps.setdefault(row.step, StepOutline(number=row.step)).learn_from(row)
            elif row.step in bare:
                steps[row.step].learn_from(row, misconceptions=False)
        return cls(title=lesson.title if lesson else name,
                   steps=dict(sorted(steps.items())), from_lesson=lesson is not None)
