"""A step's cut read off its author's labelled examples (issue 22, point 3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutor.grading.local.calibration import MIN_EXAMPLES, SHIFT, calibrated_cut
from tutor.grading.local.grader import LocalGrader
from tutor.grading.verdict import GradeRequest
from tutor.lesson import load_lesson


def test_the_cut_moves_to_where_the_examples_split() -> None:
    scores = [0.30, 0.35, 0.40, 0.45, 0.05, 0.10, 0.15, 0.20]
    advance = [True, True, True, True, False, False, False, False]
    # The right ones sit below the shipped cut: it moves down to 0.40, which advances two of
    # them and none of the wrong ones (lower, down to 0.37, does no better and is further).
    assert calibrated_cut(scores, advance, 0.57) == pytest.approx(0.40)


def test_a_false_advance_costs_more_than_a_hold() -> None:
    # One wrong example scores 0.5 and one right one 0.5: holding both costs less.
    scores = [0.5, 0.5, 0.9, 0.9, 0.1, 0.1]
    advance = [True, False, True, True, False, False]
    assert calibrated_cut(scores, advance, 0.45) > 0.5


def test_too_few_examples_or_one_label_leave_the_shipped_cut() -> None:
    assert calibrated_cut([0.1] * (MIN_EXAMPLES - 1), [True] * (MIN_EXAMPLES - 1), 0.57) == 0.57
    assert calibrated_cut([0.1] * 10, [False] * 10, 0.57) == 0.57


@given(st.lists(st.tuples(st.floats(0, 1), st.booleans()), max_size=40), st.floats(0.3, 0.7))
def test_the_cut_never_moves_further_than_shift(rows: list[tuple[float, bool]], cut: float) -> None:
    found = calibrated_cut([s for s, _ in rows], [a for _, a in rows], cut)
    assert abs(found - cut) <= SHIFT + 1e-9


@pytest.mark.parametrize("name", ["how-vaccines-work", "reading-statistics"])
def test_a_lesson_with_examples_grades_with_its_own_cuts(name: str) -> None:
    lesson = load_lesson(name)
    grader = LocalGrader()
    for step in lesson.steps:
        assert len(step.examples) >= MIN_EXAMPLES
        request = GradeRequest.for_step(lesson, step, "I am not sure about this one.")
        verdict = grader.grade_sync(request)
        assert verdict.decision.value == "hint"
        assert abs(grader._cut(request) - grader._stage_two().cut) <= SHIFT + 1e-9
