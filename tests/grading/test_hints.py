"""Templated hints are questions about the missing idea that never state the Checkpoint."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.grading.hints import leaks_checkpoint, templated_hint, topic_of
from tutor.grading.local.ideas import key_ideas
from tutor.grading.verdict import LADDER, GradeRequest, Rung
from tutor.lesson import load_lesson

LESSON = load_lesson("how-llms-work")


def _ideas(checkpoint: str) -> list[str]:
    return [p.strip() for p in checkpoint.replace("—", ",").replace(";", ",").split(",")]


@settings(max_examples=150, deadline=None)
@given(
    step=st.sampled_from(LESSON.steps),
    rung=st.sampled_from(LADDER),
    pick=st.integers(min_value=0, max_value=50),
    whole=st.booleans(),
)
def test_hint_never_states_the_checkpoint(step, rung: Rung, pick: int, whole: bool) -> None:  # type: ignore[no-untyped-def]
    ideas = _ideas(step.checkpoint)
    idea = step.checkpoint if whole else ideas[pick % len(ideas)]
    hint = templated_hint(GradeRequest.for_step(LESSON, step, "x"), rung, idea)
    assert hint.endswith("?")
    assert not leaks_checkpoint(hint, step.checkpoint)


def test_hint_without_idea_is_a_question() -> None:
    step = LESSON.steps[0]
    for rung in LADDER:
        assert templated_hint(GradeRequest.for_step(LESSON, step, "x"), rung, None).endswith("?")


def test_hint_names_the_topic_of_the_missing_idea() -> None:
    step = LESSON.steps[0]
    hint = templated_hint(GradeRequest.for_step(LESSON, step, "x"), Rung.HINT,
                          "rare words are split into pieces")
    assert "rare words" in hint
    assert "split" not in hint


def test_leak_detects_restating() -> None:
    checkpoint = LESSON.steps[0].checkpoint
    assert leaks_checkpoint("Rare words are split into pieces, right?", checkpoint)
    assert leaks_checkpoint(checkpoint, checkpoint)
    assert not leaks_checkpoint("What happens to rare words?", checkpoint)


def test_topic_is_the_subject() -> None:
    assert topic_of("embeddings encode semantic meaning") == "embeddings"
    assert topic_of(None) is None


@pytest.mark.parametrize(("idea", "topic"), [
    # the subject ends at a preposition or an adverb, not only at a verb
    ("Relationships between words are consistent directions", "relationships"),
    ("resolving ambiguity based on context", "ambiguity"),
    ("information early in a very long context may get less attention", "information"),
    # "no word" is asked about as "words": the hint names the topic, not the claim's "no"
    ("No word is ever unknown, because anything can be spelled from pieces.", "words"),
    # coordinated adjectives: the first and the noun
    ("Small, fast models suit simple or high-volume tasks", "small models"),
    # a phrase said or quoted is the subject
    ("Saying I don't know is rarely the most probable continuation", "“I don't know”"),
    ('"I don\'t know" is rarely the most probable continuation', "“I don't know”"),
])
def test_topic_reads_as_a_topic(idea: str, topic: str) -> None:
    assert topic_of(idea) == topic


def test_no_seed_hint_names_a_bare_preposition_adverb_or_singular_quantified_word() -> None:
    for step in LESSON.steps:
        request = GradeRequest.for_step(LESSON, step, "x")
        for idea in key_ideas(request) + key_ideas(request.model_copy(update={"expectations": []})):
            topic = topic_of(idea) or ""
            assert not set(topic.split()) & {"between", "based", "early", "rarely", "saying",
                                              "word", "fast"}, (idea, topic)
