"""The class report's numbers, counted from result rows: exact counts, sampled examples.

Every count is over all rows; only the example answers shown are capped, so a page for
10,000 answers stays small.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from tutor.batch.results import ResultRow
from tutor.classreport.outline import Outline, StepOutline
from tutor.grading.matching import match_text, normal
from tutor.grading.verdict import Decision, Flag

EXAMPLES_PER_MISCONCEPTION = 3
FLAGGED_SHOWN = 25  # per kind; the count above the list is exact
HELD_SHOWN = 3  # held answers shown per step that has no authored misconceptions

#: What a teacher reads as an attempt on the grader, by kind. `empty` is not one.
INJECTION_FLAGS = frozenset({Flag.INJECTION, Flag.FORGED_ROLE, Flag.FORGED_VERDICT,
                             Flag.FORGED_DELIMITER})
GAMING_FLAGS = frozenset({Flag.KEYWORD_LIST, Flag.COPIED_QUESTION, Flag.GIBBERISH,
                          Flag.TOO_LONG})


class Cell(StrEnum):
    """One learner's standing on one step."""

    ADVANCED = "advanced"
    HELD = "held"
    ERROR = "error"  # answered, but no answer could be graded
    NONE = "none"  # not answered


@dataclass
class IdeaShare:
    """How many graded answers to a step stated one of its ideas."""

    number: int  # from 1, as on the page
    idea: str
    needed: bool
    stated: int = 0
    graded: int = 0

    @property
    def share(self) -> float | None:
        return self.stated / self.graded if self.graded else None


@dataclass
class StepStats:
    """One step's answers: answered = advanced + held + errors."""

    number: int
    title: str
    ideas: list[IdeaShare]
    misconceptions: list[str]
    answered: int = 0
    advanced: int = 0
    held: int = 0
    errors: int = 0
    #: On a step with no authored misconceptions, a few held answers (not flagged), so the
    #: page can still show what the class said where it went wrong.
    held_examples: list[Example] = field(default_factory=list)

    @property
    def graded(self) -> int:
        return self.advanced + self.held


@dataclass(frozen=True)
class Example:
    """An answer shown on the page, with who wrote it."""

    id: str
    step: int
    learner: str | None
    answer: str | None  # None: results written before rows carried the answer
    flags: tuple[str, ...] = ()


@dataclass
class MisconceptionStats:
    """An authored misconception the class stated, how often, and a few of the answers."""

    step: int
    number: int  # from 1 within the step, as listed in the lesson
    text: str
    count: int = 0
    examples: list[Example] = field(default_factory=list)
    _seen: set[str] = field(default_factory=set, repr=False)

    def add(self, row: ResultRow) -> None:
        """Count a row; keep it as an example while there are fewer than three unlike it."""
        self.count += 1
        key = normal(row.answer or row.id)
        if len(self.examples) < EXAMPLES_PER_MISCONCEPTION and key not in self._seen:
            self._seen.add(key)
            self.examples.append(_example(row))


@dataclass
class FlagGroup:
    """The answers flagged as one kind of attempt on the grader."""

    kind: str
    flags: frozenset[Flag]
    count: int = 0
    shown: list[Example] = field(default_factory=list)


@dataclass
class LearnerStep:
    """One learner on one step: the standing and, when held, what their answers lacked."""

    cell: Cell = Cell.NONE
    answers: int = 0
    missing: list[int] = field(default_factory=list)  # idea numbers, from 1
    other_missing: int = 0  # missing ideas the step does not list
    misconceptions: list[int] = field(default_factory=list)  # numbers, from 1


@dataclass
class LearnerStats:
    """One learner across the steps."""

    name: str
    steps: dict[int, LearnerStep]

    @property
    def advanced(self) -> int:
        return sum(1 for s in self.steps.values() if s.cell is Cell.ADVANCED)

    @property
    def held(self) -> int:
        return sum(1 for s in self.steps.values() if s.cell is Cell.HELD)


@dataclass
class ClassStats:
    """Everything the page shows."""

    title: str
    lesson: str
    grader: str
    from_lesson: bool
    total: int
    advanced: int
    held: int
    errors: int
    steps: list[StepStats]
    misconceptions: list[MisconceptionStats]
    flag_groups: list[FlagGroup]
    empty: int
    learners: list[LearnerStats]
    unnamed: int  # answers with no `learner`
    without_text: int  # rows from results written before rows carried the answer

    @property
    def flagged(self) -> int:
        return sum(g.count for g in self.flag_groups)


def class_stats(rows: list[ResultRow], outline: Outline, *, lesson: str, grader: str) -> ClassStats:
    """Count the rows into the page's numbers."""
    steps = {n: _step_stats(o) for n, o in outline.steps.items()}
    misconceptions = {(n, text): MisconceptionStats(step=n, number=i + 1, text=text)
                      for n, o in outline.steps.items() for i, text in enumerate(o.misconceptions)}
    groups = [FlagGroup("injection", INJECTION_FLAGS), FlagGroup("gaming", GAMING_FLAGS)]
    learners = _Learners(outline)
    empty = unnamed = without_text = 0
    for row in rows:
        stats = steps[row.step]
        stats.answered += 1
        if row.answer is None:
            without_text += 1
        if row.error is not None:
            stats.errors += 1
        else:
            if row.decision is Decision.ADVANCE:
                stats.advanced += 1
            else:
                stats.held += 1
            covered = set(row.covered)
            for share in stats.ideas:
                share.graded += 1
                share.stated += share.idea in covered
        if (row.error is None and row.decision is not Decision.ADVANCE and not row.flags
                and not stats.misconceptions and len(stats.held_examples) < HELD_SHOWN
                and row.answer and all(normal(row.answer) != normal(e.answer or "")
                                       for e in stats.held_examples)):
            stats.held_examples.append(_example(row))
        if row.misconception is not None and (key := (row.step, row.misconception)) \
                in misconceptions:
            misconceptions[key].add(row)
        flags = set(row.flags)
        empty += Flag.EMPTY in flags
        for group in groups:
            if flags & group.flags:
                group.count += 1
                if len(group.shown) < FLAGGED_SHOWN:
                    group.shown.append(_example(row))
        if row.learner is None:
            unnamed += 1
        else:
            learners.add(row)
    ordered = list(steps.values())
    return ClassStats(
        title=outline.title, lesson=lesson, grader=grader, from_lesson=outline.from_lesson,
        total=len(rows), advanced=sum(s.advanced for s in ordered),
        held=sum(s.held for s in ordered), errors=sum(s.errors for s in ordered),
        steps=ordered,
        misconceptions=sorted((m for m in misconceptions.values() if m.count),
                              key=lambda m: (-m.count, m.step, m.number)),
        flag_groups=groups, empty=empty, learners=learners.ranked(),
        unnamed=unnamed, without_text=without_text,
    )


def _step_stats(outline: StepOutline) -> StepStats:
    ideas = [IdeaShare(number=i + 1, idea=idea, needed=i in outline.needed)
             for i, idea in enumerate(outline.ideas)]
    return StepStats(number=outline.number, title=outline.title, ideas=ideas,
                     misconceptions=list(outline.misconceptions))


def _example(row: ResultRow) -> Example:
    return Example(id=row.id, step=row.step, learner=row.learner, answer=row.answer,
                   flags=tuple(f.value for f in row.flags))


class _Learners:
    """Each learner's answers, folded step by step as the rows arrive."""

    def __init__(self, outline: Outline) -> None:
        self._outline = outline
        self._by_name: dict[str, LearnerStats] = {}
        # Per (learner, step): the ideas their answers lacked and those any answer stated.
        self._missing: dict[tuple[str, int], dict[int, None]] = {}
        self._covered: dict[tuple[str, int], set[int]] = {}

    def add(self, row: ResultRow) -> None:
        assert row.learner is not None
        learner = self._by_name.get(row.learner)
        if learner is None:
            learner = self._by_name[row.learner] = LearnerStats(
                row.learner, {n: LearnerStep() for n in self._outline.steps})
        step = learner.steps[row.step]
        step.answers += 1
        if row.error is not None:
            if step.cell is Cell.NONE:
                step.cell = Cell.ERROR
            return
        if row.decision is Decision.ADVANCE:
            step.cell = Cell.ADVANCED
        elif step.cell is not Cell.ADVANCED:
            step.cell = Cell.HELD
        outline = self._outline.steps[row.step]
        key = (row.learner, row.step)
        covered = self._covered.setdefault(key, set())
        missing = self._missing.setdefault(key, {})
        covered.update(i for i in _numbers(row.covered, outline.ideas) if i)
        for number in _numbers(row.missing, outline.ideas):
            if number:
                missing[number] = None
            else:
                step.other_missing += 1
        if row.misconception in outline.misconceptions:
            number = outline.misconceptions.index(row.misconception) + 1
            if number not in step.misconceptions:
                step.misconceptions.append(number)

    def ranked(self) -> list[LearnerStats]:
        """Who needs help first: fewest steps advanced, most held, then by name."""
        for (name, number), missing in self._missing.items():
            step = self._by_name[name].steps[number]
            if step.cell is Cell.HELD:
                covered = self._covered.get((name, number), set())
                step.missing = sorted(i for i in missing if i not in covered)
            else:
                step.missing, step.other_missing, step.misconceptions = [], 0, []
        return sorted(self._by_name.values(), key=lambda s: (s.advanced, -s.held, s.name))


def _numbers(texts: Iterable[str], ideas: list[str]) -> list[int]:
    """Each text's idea number (from 1) among the step's ideas; 0 for one it does not list."""
    out = []
    for text in texts:
        own = text if text in ideas else match_text(text, ideas)
        out.append(ideas.index(own) + 1 if own is not None else 0)
    return out
