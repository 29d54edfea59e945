"""The tutor's next question: the author's script in AutoTutor's order, else a generic
question that is always grammatical and never a rubric fragment."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import REPO
from tutor.grading import leaks
from tutor.grading.hints import (
    generic_question,
    leaks_checkpoint,
    next_question,
    option_question,
    templated_hint,
)
from tutor.grading.verdict import LADDER, Attempt, GradeRequest, Rung
from tutor.lesson import load_lesson, parse_lesson

LESSON = load_lesson("how-llms-work")
QUESTIONS = (Rung.PUMP, Rung.HINT, Rung.PROMPT)
SAMPLE = REPO / "evals" / "semeval" / "sample-300.jsonl"


def _request(step_number: int, answer: str = "x", **kw: object) -> GradeRequest:
    step = LESSON.step(step_number)
    assert step is not None
    return GradeRequest.for_step(LESSON, step, answer, **kw)  # type: ignore[arg-type]


# --- scripts -------------------------------------------------------------------------------

@pytest.mark.parametrize("step", LESSON.steps, ids=lambda s: str(s.number))
def test_each_rung_asks_the_missing_expectations_own_question(step) -> None:  # type: ignore[no-untyped-def]
    request = GradeRequest.for_step(LESSON, step, "x")
    for script in step.scripts:
        asked = [next_question(request, rung, [script.text]) for rung in QUESTIONS]
        assert [q.text for q in asked] == [script.pump, script.hint, script.prompt]
        assert {q.target for q in asked} == {script.text}
        final = next_question(request, Rung.ASSERTION, [script.text])
        assert (final.text, final.target) == (script.assertion, script.text)


def test_the_first_missing_expectation_is_asked_about() -> None:
    step = LESSON.steps[0]
    second, third = step.expectations[1:]
    question = next_question(_request(1), Rung.PUMP, [third, second])
    assert (question.text, question.target) == (step.scripts[2].pump, third)


def test_a_stated_misconception_is_questioned_first_and_once() -> None:
    step = LESSON.steps[5]
    wrong = step.misconceptions[1]
    first = next_question(_request(6), Rung.PUMP, step.expectations, wrong.text)
    assert (first.text, first.target) == (wrong.hint, wrong.text)
    # said again after its question was asked: the ladder goes on with the expectation
    again = _request(6, previous=[Attempt(answer="it lies", hint=wrong.hint)])
    second = next_question(again, Rung.HINT, step.expectations, wrong.text)
    assert (second.text, second.target) == (step.scripts[0].hint, step.expectations[0])


def test_a_rung_the_author_left_out_borrows_a_question_not_yet_asked() -> None:
    lesson = parse_lesson("""# T

## Step 1: One

Words.

```tutor
[[expectations]]
text = "Ice floats because it is less dense than water."
pump = "What happens to an ice cube dropped in a glass of water?"
prompt = "Ice is less ___ than water?"
```

**Task:** Do.

**Question:** Why does ice float?

**Checkpoint:** Ice is less dense than water.
""")
    step = lesson.steps[0]
    request = GradeRequest.for_step(lesson, step, "it is cold")
    idea = step.expectations[0]
    # no `hint`: the narrower prompt comes early rather than repeating the pump
    assert next_question(request, Rung.HINT, [idea]).text == "Ice is less ___ than water?"
    asked = request.model_copy(update={"previous": [Attempt(answer="a", hint="Ice is less ___ "
                                                                            "than water?")]})
    assert next_question(asked, Rung.PROMPT, [idea]).text == "Ice is less ___ than water?"
    # no assertion either: a generic question, still aimed at the idea
    final = next_question(request, Rung.ASSERTION, [idea])
    assert final.target == idea and final.text.endswith("?") and "dense" not in final.text


def test_no_scripted_question_leaks_the_checkpoint() -> None:
    for step in LESSON.steps:
        for script in step.scripts:
            for rung in QUESTIONS:
                text = script.question(rung.value) or ""
                assert not leaks.leaks(text, step.checkpoint), text
        for wrong in step.misconceptions:
            assert not leaks.leaks(wrong.hint or "", step.checkpoint), wrong.hint


def test_templated_hint_keeps_its_old_contract() -> None:
    step = LESSON.steps[2]
    request = _request(3)
    assert templated_hint(request, Rung.PUMP, step.expectations[1]) == step.scripts[1].pump
    assert templated_hint(request, Rung.PUMP, None) == step.scripts[0].pump


def test_option_question_names_the_chosen_option_never_the_expected_one() -> None:
    request = _request(7, choice="Short translation")
    question = option_question(request)
    assert "“Short translation”" in question and question.endswith("?")
    assert "Technical architecture" not in question


def test_leak_detects_restating() -> None:
    checkpoint = LESSON.steps[0].checkpoint
    assert leaks_checkpoint("Rare words are split into pieces, right?", checkpoint)
    assert leaks_checkpoint(checkpoint, checkpoint)
    assert not leaks_checkpoint("What happens to rare words?", checkpoint)


def test_no_lesson_words_in_the_hint_code() -> None:
    source = (REPO / "tutor" / "grading" / "hints.py").read_text(encoding="utf-8").casefold()
    for word in ("token", "embedding", "attention", "temperature", "hallucinat", "subword"):
        assert word not in source


# --- the generic fallback: grammatical, never a rubric fragment ----------------------------

_QUOTED = re.compile(r"“[^”]*”")
_DANGLING = re.compile(r"\b(a|an|the|of|to|in|on|at|for|with|about|from|by|and|or)\s*[?.!,;:]",
                       re.IGNORECASE)
_DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)
_LOWER_START = re.compile(r"(?:^|[.?!]\s+)[a-z]")


def grammar_problems(text: str, rubric: str) -> list[str]:
    """What is wrong with a generic question (the quoted learner's or Question's words are
    theirs, so the template's own grammar is checked with each quote as one word)."""
    frame = _QUOTED.sub("Q", text)
    problems = []
    if not text.rstrip().endswith("?"):
        problems.append("does not end with '?'")
    if _DANGLING.search(frame):
        problems.append(f"dangling word: {_DANGLING.search(frame)}")
    if _DOUBLED.search(text):
        problems.append(f"doubled word: {_DOUBLED.search(text)}")
    if _LOWER_START.search(frame):
        problems.append("a sentence starts in lower case")
    if "{{" in text or "}}" in text or "None" in frame:
        problems.append("template residue")
    if leaks.leaks(text, rubric):
        problems.append(f"repeats the rubric: {leaks.shared_run(text, rubric)}")
    return problems


def _semeval() -> list[tuple[str, str, str]]:
    """(question, rubric, answer) for every item of the SemEval sample."""
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    return [(r["question"], " ".join(r["rubric"]), r["answer"]) for r in rows]


def test_generic_questions_over_every_semeval_rubric_are_grammatical() -> None:
    items = _semeval()
    assert len({q for q, _, _ in items}) > 100
    bad = []
    for question, rubric, answer in items:
        request = GradeRequest(answer=answer, question=question, checkpoint=rubric)
        for rung in LADDER:
            for said in (None, answer):
                text = generic_question(request, rung, said)
                bad += [(text, p) for p in grammar_problems(text, rubric)]
    assert not bad, bad[:5]


def test_generic_questions_differ_from_rung_to_rung() -> None:
    for question, rubric, answer in _semeval()[::10]:
        request = GradeRequest(answer=answer, question=question, checkpoint=rubric)
        for said in (None, answer):
            texts = [generic_question(request, rung, said) for rung in LADDER]
            assert len(set(texts)) == len(texts), texts


def test_the_grammar_checks_catch_broken_questions() -> None:
    rubric = "Ice is less dense than water so it floats."
    assert grammar_problems("What more can you say about the?", rubric)
    assert grammar_problems("Think about about ice.", rubric)
    assert grammar_problems("Why? because it is.", rubric)
    assert grammar_problems("Why is ice less dense than water so it floats?", rubric)
    assert not grammar_problems("You wrote “it is cold”. Why is that so?", rubric)


@settings(max_examples=150, deadline=None)
@given(question=st.text(min_size=1, max_size=200), answer=st.text(max_size=200),
       rubric=st.text(max_size=200), rung=st.sampled_from(LADDER))
def test_any_step_text_gets_a_question(question: str, answer: str, rubric: str,
                                       rung: Rung) -> None:
    request = GradeRequest(answer=answer, question=question, checkpoint=rubric)
    text = generic_question(request, rung, answer)
    assert text.endswith("?") and not leaks.leaks(text, rubric)


def test_a_question_part_that_repeats_the_rubric_is_not_quoted(tmp_path: Path) -> None:
    request = GradeRequest(answer="no idea", question="Why is ice less dense than water?",
                           checkpoint="Ice is less dense than water because of its lattice.")
    for rung in LADDER:
        assert "dense" not in generic_question(request, rung)


def test_a_classs_generic_questions_do_not_all_open_alike() -> None:
    from collections import Counter

    items = _semeval()
    for rung in LADDER[:-1]:
        openings = Counter(
            " ".join(generic_question(GradeRequest(answer=a, question=q, checkpoint=r), rung)
                     .casefold().split()[:4])
            for q, r, a in items)
        assert openings.most_common(1)[0][1] < 0.5 * len(items), openings.most_common(3)


def test_a_line_break_in_the_learners_words_does_not_cut_the_clause_quoted() -> None:
    # A line break is where the answer box wrapped (or Enter in the long editor), not the end
    # of a sentence: quoting up to it read "You wrote “Plants get energy from”".
    request = _request(1)
    said = "Whole words would make\nthe vocabulary far too big"
    text = generic_question(request, Rung.PUMP, said)
    assert "“Whole words would make the vocabulary far too big”" in text, text
    assert "\n" not in text
