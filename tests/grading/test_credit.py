"""Credit only what the judge read as right (issue 22, point 5).

The rule (`Analysis.credit`): a unit of the answer is credited for an idea, and so may be
quoted as right, only when the judge reads that unit as stating the idea and as neither
contradicting a needed idea nor stating an authored misconception; a whole answer of several
sentences is never quoted; an earlier answer that went wrong carries no credit over. The
first tests pin the rule on readings written out by hand; the last ones run the shipped
grader on answers a learner could type.
"""

from __future__ import annotations

import numpy as np
import pytest

from tutor.grading.local.analysis import Analysis
from tutor.grading.local.grader import LocalGrader
from tutor.grading.verdict import Attempt, GradeRequest
from tutor.lesson import load_lesson

S, C, N = 0, 1, 2


def _read(*rows: tuple[float, float]) -> np.ndarray:
    """(units, ideas, 3) from per-idea (P(states), P(contradicts)) of one unit."""
    return np.array([[[s, c, max(0.0, 1 - s - c)]] for s, c in rows], dtype=np.float32)


def _analysis(whole: str, spans: list[str], ideas: np.ndarray, wrong: np.ndarray | None = None,
              **extra: object) -> Analysis:
    """An Analysis of one idea whose judge readings are given: unit 0 is the whole answer."""
    a = Analysis(ideas=["the idea"], coverage=np.zeros((1 + len(spans), 1)),
                 alternatives=[[0]], whole=0.0, misconceptions=None,
                 span_texts=[whole, *spans], negation_mismatch=False, n_words=20,
                 unit_texts=[whole, *spans], wrong=["the mix-up"] if wrong is not None else [],
                 **extra)  # type: ignore[arg-type]
    a.judged = ideas[:1]
    a.span_ideas = ideas[1:] if len(ideas) > 1 else None
    if wrong is not None:
        a.judged_wrong = wrong[:1]
        a.span_wrong = wrong[1:] if len(wrong) > 1 else None
    return a


def test_a_clause_read_as_stating_the_idea_is_credited() -> None:
    a = _analysis("It is right. And more.", ["It is right.", "And more."],
                  _read((0.9, 0.0), (0.8, 0.0), (0.1, 0.0)))
    assert a.credit()[0] is not None
    assert a.credit()[0][0] == "It is right."  # type: ignore[index]


def test_a_whole_answer_of_several_sentences_is_never_quoted() -> None:
    # Only the whole reads as stating it: no single sentence does, so nothing is credited.
    a = _analysis("One half. The other half.", ["One half.", "The other half."],
                  _read((0.9, 0.0), (0.3, 0.0), (0.4, 0.0)))
    assert a.credit() == [None]


def test_a_clause_that_also_contradicts_a_needed_idea_is_not_credited() -> None:
    a = _analysis("Right bit; wrong bit", ["Right bit", "wrong bit"],
                  _read((0.7, 0.5), (0.7, 0.1), (0.6, 0.55)))
    assert a.credit()[0] == ("Right bit", pytest.approx(0.7))
    a = _analysis("Wrong bit", [], _read((0.6, 0.55)))
    assert a.credit() == [None]


def test_a_clause_that_states_a_misconception_more_surely_is_not_credited() -> None:
    wrong = _read((0.9, 0.0), (0.9, 0.0))
    a = _analysis("The mix-up, said well", ["The mix-up, said well"],
                  _read((0.7, 0.0), (0.7, 0.0)), wrong)
    assert a.credit() == [None]
    # A misconception worded like the idea reads as "stated" for a right clause too, but
    # less surely than the idea: the clause is still credited.
    a = _analysis("The idea, said well", ["The idea, said well"],
                  _read((0.9, 0.0), (0.9, 0.0)), _read((0.7, 0.0), (0.7, 0.0)))
    assert a.credit()[0] is not None


def test_an_earlier_mix_up_carries_no_credit_over() -> None:
    a = _analysis("Now this.", [], _read((0.1, 0.0)))
    a.judged_earlier = _read((0.8, 0.6))  # read as stating it, and as contradicting it
    a.earlier_quotes = ["An earlier mix-up."]
    assert a.earlier_credit() == [None]
    assert float(a.covered()[0]) < 0.5  # nor does it count towards the idea
    a.judged_earlier = _read((0.8, 0.05))
    assert a.earlier_credit() == [("An earlier mix-up.", pytest.approx(0.8))]
    assert float(a.covered()[0]) == pytest.approx(0.8)


LESSON = load_lesson("how-llms-work")
PRAISE = ("good:", "right so far", "on the right lines", "holds")


@pytest.fixture(scope="module")
def grader() -> LocalGrader:
    return LocalGrader()


def _request(step: int, answer: str, previous: list[Attempt] | None = None) -> GradeRequest:
    found = LESSON.step(step)
    assert found is not None
    return GradeRequest.for_step(LESSON, found, answer, previous=previous or [])


async def test_a_wrong_claim_beside_a_right_one_is_never_quoted_as_right(
        grader: LocalGrader) -> None:
    wrong = "rare words are never split into pieces"
    answer = f"Common words get their own token. But {wrong}."
    v = await grader.grade(_request(1, answer))
    quoted = [k.evidence or "" for k in v.covered]
    assert not any(wrong in q for q in quoted), quoted
    text = f"{v.feedback} {v.hint or ''}".lower()
    assert not (any(p in text for p in PRAISE) and wrong in text), text


async def test_every_credited_quote_is_read_by_the_judge_as_stating_its_idea(
        grader: LocalGrader) -> None:
    answers = [
        (5, "Temperature 0 always picks the likeliest token, so it is predictable. "
            "Temperature also controls how long the answer is."),
        (3, "Attention means each word looks at the others to see which matter, and bank is "
            "decided by the word right before it anyway."),
        (6, "It has no database of facts, it just continues patterns."),
    ]
    for step, answer in answers:
        request = _request(step, answer)
        analysis = grader.analyse([request])[0]
        v = await grader.grade(request)
        for k in v.covered:
            if k.evidence and k.evidence in answer:
                i = analysis.ideas.index(k.idea)
                credit = analysis.credit()[i]
                assert credit is not None and credit[0] == k.evidence, (answer, k)


async def test_an_earlier_misconception_is_not_credited_on_the_next_attempt(
        grader: LocalGrader) -> None:
    earlier = "Attention is the model's memory of what you told it in earlier chats."
    v = await grader.grade(_request(3, "Each token weighs how relevant the other words are.",
                                    [Attempt(answer=earlier, hint="What does a token look at?")]))
    assert all(k.evidence != earlier for k in v.covered)
    assert earlier not in f"{v.feedback} {v.hint or ''}"
