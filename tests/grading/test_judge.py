"""The judge: it loads only the shipped file, reads negation and paraphrase, and drives the
local grader's verdicts on a lesson the code has never seen (tests/grading/data/)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from tutor.grading.embedded.embedder import ModelIntegrityError
from tutor.grading.local.grader import LocalGrader
from tutor.grading.local.judge import CONTRADICTS, JUDGE_PATH, NEITHER, STATES, Judge, get_judge
from tutor.grading.protocol import GraderError
from tutor.grading.verdict import Decision, GradeRequest
from tutor.lesson import load_lesson

LESSON = load_lesson(Path(__file__).parent / "data" / "science-basics.md")


@pytest.fixture(scope="module")
def judge() -> Judge:
    return get_judge()


@pytest.fixture(scope="module")
def grader() -> LocalGrader:
    return LocalGrader()


def _request(number: int, answer: str) -> GradeRequest:
    step = LESSON.step(number)
    assert step is not None
    return GradeRequest.for_step(LESSON, step, answer)


def test_the_shipped_judge_loads_and_scores_each_pair(judge: Judge) -> None:
    p = judge.score([("Mineral A is harder than mineral B.", "A is harder."),
                     ("Mineral A is harder than mineral B.", "A is harder."),
                     ("Water evaporates.", "I like football.")])
    assert p.shape == (3, 3)
    assert np.allclose(p.sum(axis=1), 1.0, atol=1e-4)
    assert np.array_equal(p[0], p[1])  # a duplicate pair is read once, in its slot
    assert judge.score([]).shape == (0, 3)


def test_a_corrupted_judge_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    damaged = tmp_path / "judge.onnx"
    shutil.copyfile(JUDGE_PATH, damaged)
    with damaged.open("r+b") as handle:
        handle.seek(1000)
        byte = handle.read(1)
        handle.seek(1000)
        handle.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(ModelIntegrityError, match="sha256") as caught:
        Judge(model_path=damaged)
    assert isinstance(caught.value, GraderError)
    assert str(damaged) in str(caught.value) and "reinstall" in str(caught.value)


def test_a_missing_judge_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(ModelIntegrityError, match="missing"):
        Judge(model_path=tmp_path / "nowhere.onnx")


@pytest.mark.parametrize(("idea", "paraphrase", "negated"), [
    ("Mineral A is harder than mineral B.",
     "B is the softer one, so A must be harder.",
     "Mineral A is not harder than mineral B."),
    ("Closing the switch makes a closed path through the battery and the bulb.",
     "When the switch is shut the circuit is complete, a loop with the bulb and battery in it.",
     "Closing the switch does not make a closed path through the battery and the bulb."),
    ("The water evaporates into the air as water vapor.",
     "It turns into vapor and goes into the air.",
     "The water does not evaporate into the air."),
])
def test_a_paraphrase_states_the_idea_and_a_negation_contradicts_it(
        judge: Judge, idea: str, paraphrase: str, negated: str) -> None:
    said, denied = judge.score([(idea, paraphrase), (idea, negated)])
    assert int(np.argmax(said)) == STATES
    assert int(np.argmax(denied)) == CONTRADICTS


def test_an_unrelated_answer_and_a_term_list_state_nothing(judge: Judge) -> None:
    idea = "A harder mineral scratches a softer one."
    off, terms = judge.score([(idea, "We had pizza for lunch and then played outside."),
                              (idea, "harder, mineral, scratches, softer")])
    assert int(np.argmax(off)) == NEITHER
    assert terms[STATES] < 0.5


async def test_a_new_lesson_is_graded_sensibly(grader: LocalGrader) -> None:
    answer = ("A is harder than B, because the harder mineral is the one that can scratch "
              "the softer one.")
    good = await grader.grade(_request(2, answer))
    assert good.decision is Decision.ADVANCE
    assert good.covered and all(k.evidence and k.evidence in answer for k in good.covered)
    off = await grader.grade(_request(2, "Minerals are pretty and some are used in jewelry."))
    assert off.decision is Decision.HINT and off.hint and not off.covered


@pytest.mark.xfail(strict=True, reason="known limit: on a lesson with authored ideas the "
                   "decision leans to advance, and the judge reads 'scratching only shows "
                   "which one is smoother' as stating that a harder mineral scratches a softer")
async def test_a_plausible_wrong_answer_on_a_new_lesson_is_held(grader: LocalGrader) -> None:
    wrong = await grader.grade(_request(2, "They are equally hard, since scratching only "
                                           "shows which one is smoother."))
    assert wrong.decision is Decision.HINT


async def test_a_negated_expectation_is_held_as_a_mix_up(grader: LocalGrader) -> None:
    verdict = await grader.grade(_request(
        1, "Closing the switch does not make a closed path through the battery and the bulb."))
    assert verdict.decision is Decision.HINT
    assert verdict.misconception


async def test_a_stated_misconception_is_named(grader: LocalGrader) -> None:
    verdict = await grader.grade(_request(
        1, "The bulb lights because the switch stores electricity and then lets it out."))
    assert verdict.decision is Decision.HINT
    assert verdict.misconception == "The bulb lights because the switch stores electricity."


async def test_a_step_without_authored_ideas_reads_the_checkpoint(grader: LocalGrader) -> None:
    good = await grader.grade(_request(3, "It evaporates and becomes water vapor in the air; "
                                          "the heat of the sun makes that happen faster."))
    assert good.decision is Decision.ADVANCE
    assert good.covered and not good.misconception


async def test_a_salad_of_the_checkpoint_words_is_held(grader: LocalGrader) -> None:
    salad = await grader.grade(_request(3, "vapor water sun heat evaporates air faster the"))
    assert salad.decision is Decision.HINT


@pytest.mark.xfail(strict=True, reason="known limit: the judge reads the negation, but its "
                   "'contradicts' weighs little in the decision (on SemEval it fires on right "
                   "answers too), so stage one's closeness advances a negated copy")
async def test_a_negated_copy_of_the_ideas_is_held(grader: LocalGrader) -> None:
    wrong = await grader.grade(_request(2, "Mineral A is not harder than mineral B, and a "
                                           "harder mineral does not scratch a softer one."))
    assert wrong.decision is Decision.HINT


@pytest.mark.xfail(strict=True, reason="known limit: the judge reads swapped roles "
                   "('B is harder than A') as stating 'A is harder than B' (P(states) 0.93)")
async def test_swapped_roles_are_held(grader: LocalGrader) -> None:
    wrong = await grader.grade(_request(2, "B is harder than A, because the harder mineral is "
                                           "the one that gets scratched."))
    assert wrong.decision is Decision.HINT


def test_the_judge_gives_the_same_numbers_on_every_cpu(judge: Judge) -> None:
    # Recorded on an AVX2-only CPU and equal to an AVX-512 VNNI one. Before the weights were
    # stored as uint8 (evals/local_grader/exact_int8.py), AVX2 saturated int16 sums and this
    # pair read [0.251, 0.504, 0.245]: neither, not states.
    assert judge._session.get_modelmeta().custom_metadata_map.get("exact_int8")
    p = judge.score([("Terminal 1 and the positive terminal are separated by the gap",
                      "the terminals are seperated")])
    assert np.allclose(p[0], [0.451548, 0.277920, 0.270532], atol=2e-3), p[0]
