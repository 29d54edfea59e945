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


# --- the learner's words, quoted ------------------------------------------------------------

from tutor.grading.hints import (  # noqa: E402
    LEAD_CHARS,
    LEAD_SLACK,
    learner_quote,
    mix_up_quote,
    question_of,
    unlisted,
)

CHECKPOINT = "Ice floats because it is less dense than liquid water."


@pytest.mark.parametrize(("said", "quote"), [
    ("I think it floats because it's cold.", "it floats because it's cold"),
    ("Because the cube is hollow inside.", "the cube is hollow inside"),
    ("It has air inside. Also it is light.", "It has air inside"),  # its first sentence
    ("the water pushes it up from below", "the water pushes it up from below"),
    ("“the water pushes it up”", "the water pushes it up"),
    ("it depends on the meaning of 'float'", "it depends on the meaning of 'float'"),
    ("the the ice is light", "the ice is light"),
    ("it changes the density i guess", "it changes the density"),
    ("the ice is lighter, or something like that.", "the ice is lighter"),
])
def test_the_learners_clause_is_quoted_tidied(said: str, quote: str) -> None:
    assert learner_quote(said, CHECKPOINT) == quote


@pytest.mark.parametrize("said", [
    None, "", "   ", "no idea", "I'm lost on this one", "idk, sorry", "dunno really",
    "Is it because of the salt?",  # a question of the learner's
    "Where do I find that? The page will not load.",
    "cold, ice, water, floating",  # a list of terms
    "That's why it works.",  # points back at something else
    "it is",  # too few words
    "ice is less dense than liquid water, so it floats",  # the Checkpoint read back
])
def test_no_quote_of_what_does_not_read_as_the_learners_point(said: str | None) -> None:
    assert learner_quote(said, CHECKPOINT) is None


def test_a_quote_that_repeats_a_missing_idea_is_not_used() -> None:
    missing = "Water expands when it freezes into a crystal lattice."
    said = "water expands when it freezes into crystals, I read somewhere"
    assert learner_quote(said, CHECKPOINT) is not None
    assert learner_quote(said, CHECKPOINT, avoid=[missing]) is None


def test_a_long_clause_is_cut_at_a_break_or_a_word_with_an_ellipsis() -> None:
    long = ("The ice cube has lots of tiny air bubbles trapped inside it, which make the whole "
            "thing lighter than the water around it")
    quote = learner_quote(long, CHECKPOINT)
    assert quote == "The ice cube has lots of tiny air bubbles trapped inside it…"
    unbroken = ("The frozen cube keeps lots of tiny trapped air bubbles inside the middle of the "
                "block of the frozen stuff")
    cut = learner_quote(unbroken, CHECKPOINT)
    assert cut is not None and cut.endswith("…") and len(cut) <= LEAD_CHARS + LEAD_SLACK + 1
    assert unbroken.startswith(cut.rstrip("…")) and cut.split()[-1].rstrip("…") not in (
        "the", "of", "a")


def test_a_lead_in_of_an_older_hint_is_read_back_off_it() -> None:
    # Hints once opened on the learner's words; a resumed transcript may still hold one.
    question = "What happens to water as it freezes?"
    assert question_of(f"You wrote “it floats because it's cold”. {question}") == question
    assert question_of(f"You say “the cube is light”. {question}") == question
    assert question_of(question) == question


def test_list_markers_become_sentence_ends() -> None:
    assert unlisted("- ice floats;\n- water sinks") == "ice floats. water sinks."
    assert unlisted("plain text - with a dash") == "plain text - with a dash"
    assert learner_quote("1. the cube is light;\n2. it floats", CHECKPOINT) == "the cube is light"


def test_a_mix_up_is_quoted_from_the_clause_that_states_it() -> None:
    said = "The water is warm, but the ice has air trapped inside it"
    assert mix_up_quote(said, "Ice floats because of the air trapped inside it.",
                        CHECKPOINT) == "the ice has air trapped inside it"
    # never cut at a link word ("king and queen …" is not "queen …")
    assert mix_up_quote("it's spelling - king and queen share letters",
                        "Words that share letters get similar vectors.",
                        CHECKPOINT) == "king and queen share letters"


def test_a_question_asked_after_a_lead_in_counts_as_asked() -> None:
    step = LESSON.steps[5]
    wrong = step.misconceptions[1]
    hint = f"You wrote “it lies to please you”. {wrong.hint}"  # an older hint's shape
    again = _request(6, previous=[Attempt(answer="it lies to please you", hint=hint)])
    second = next_question(again, Rung.HINT, step.expectations, wrong.text)
    assert (second.text, second.target) == (step.scripts[0].hint, step.expectations[0])


def test_quotes_of_the_semeval_answers_are_the_learners_words() -> None:
    for _, rubric, answer in _semeval():
        quote = learner_quote(answer, rubric)
        if quote is None:
            continue
        assert not leaks.leaks(quote, rubric)
        assert not quote.startswith(("- ", "* ")) and not quote.endswith((";", ",", ":"))
        assert quote.rstrip("…") in " ".join(answer.split()).translate(
            str.maketrans({'"': "'", "“": "‘", "”": "’"})), (quote, answer)


# --- a repertoire, not a template: one learner's walk meets a different move at each step ---

def _opening(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+|“", _QUOTED.sub("“", text).casefold())[:4])


@pytest.mark.parametrize("said", [None, "the water gets colder at night"])
def test_a_walk_through_a_lesson_with_no_script_meets_no_opening_twice(said: str | None) -> None:
    steps = "\n".join(f"""## Step {n}: Step {n}

Words about topic {n}.

**Task:** Try thing {n} with a jar.

**Question:** Why does thing {n} happen when the jar is cold?

**Checkpoint:** The learner should understand that reason {n} holds.
""" for n in range(1, 8))
    lesson = parse_lesson(f"# Seven\n\n{steps}")
    seen: list[str] = []
    for step in lesson.steps:
        request = GradeRequest.for_step(lesson, step, said or "no idea")
        texts = [generic_question(request, rung, said) for rung in QUESTIONS]
        seen += [_opening(t) for t in texts]
        for text in texts:
            assert not grammar_problems(text, step.checkpoint), text
    assert len(set(seen)) == len(seen), [o for o in seen if seen.count(o) > 1]


def test_a_task_pump_never_presents_the_question_as_the_task() -> None:
    # Walking a lesson with no sidecar, "Think back to the Task you did: “<the Question>”"
    # read as if the Question were the Task.
    from tutor.prompts import render

    part = "Why does a rubber band make a sound when you pluck it?"
    text = render("hints/pump.j2", part=part, said=None, variant=1, task=True)
    assert f"“{part}”" in text and text.endswith("?")
    assert "Task you did: “" not in text and "Task you did. “" not in text


_EXPLAINED = GradeRequest(
    answer="Hmm, maybe from the water then?",
    question="Where does most of a tree's mass come from?",
    checkpoint="Most of a tree's mass comes from carbon dioxide taken from the air, not the soil.",
    explanation=("A tree can weigh many tonnes, yet the soil it grows in barely loses any weight. "
                 "Plants take in gas through small pores in their leaves. Most of a tree's mass "
                 "comes from carbon dioxide taken from the air."),
    task="Think of a seedling that grows into a large tree in a pot of soil.", step_number=1)


def test_with_no_words_to_build_on_the_hint_rung_points_back_to_the_step() -> None:
    hint = generic_question(_EXPLAINED, Rung.HINT, None, "Most of a tree's mass comes from "
                            "carbon dioxide taken from the air")
    # The line nearest the missing idea that repeats no run of it: the one that states the
    # idea word for word is never quoted.
    assert "“A tree can weigh many tonnes, yet the soil it grows in barely loses any weight.”" \
        in hint, hint
    assert not leaks.leaks(hint, _EXPLAINED.checkpoint)
    assert hint.count("?") == 1


def test_the_other_rungs_and_the_learners_words_keep_their_moves() -> None:
    for rung in (Rung.PUMP, Rung.PROMPT):
        assert "tonnes" not in generic_question(_EXPLAINED, rung, None, None)
    said = generic_question(_EXPLAINED, Rung.HINT, "maybe from the water then", None)
    assert "tonnes" not in said and "maybe from the water" in said


def test_a_line_of_the_step_is_quoted_without_its_markup() -> None:
    request = _EXPLAINED.model_copy(update={"explanation": (
        "A **tree** can weigh many tonnes, yet the [soil](https://example.org) it grows in "
        "barely loses any `weight`.")})
    hint = generic_question(request, Rung.HINT, None, None)
    assert "“A tree can weigh many tonnes, yet the soil it grows in barely loses any weight.”" \
        in hint, hint
