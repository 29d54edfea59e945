"""Typos and shorthand are spelt out before the model reads an answer; real words are left alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.grading.local.normalize import _within, english, normalize, step_words

STEP = step_words(
    "Why do LLMs use subword tokenization rather than whole words or characters?",
    "Common words get one token; rare words (rarely seen) are split into pieces from the "
    "vocabulary, "
    "so no word is unknown. Temperature controls randomness; the context window is finite.",
)


@pytest.mark.parametrize(("typed", "meant"), [
    ("knowlege", "knowledge"),      # one edit from a general English word
    ("vocabluary", "vocabulary"),   # two edits from one of the step's words
    ("windw", "window"),            # the step's word beats a commoner one ("wind")
    ("rarly", "rarely"),            # not "early": the step's own word "rare" comes first
    ("temp", "temperature"),        # a clipped form of exactly one of the step's words
    ("vocab", "vocabulary"),
    ("becuase", "because"),
    ("dont", "don't"),              # apostrophe-less contractions keep their negation
    ("dosnt", "doesn't"),
    ("bc", "because"),
    ("w/o", "without"),
    ("idk", "I don't know"),
    ("Peices", "Pieces"),           # a capital stays a capital
])
def test_typos_and_shorthand_are_spelt_out(typed: str, meant: str) -> None:
    assert normalize(typed, STEP).text == meant


@pytest.mark.parametrize("word", [
    "gist", "invent", "steroids", "lookup", "typos",  # real words the model's vocabulary lacks
    "subwords", "LLMs", "URLs", "GPT",                 # the step's words, plurals, acronyms
    "its", "cant", "well", "eval",                    # real words, and too short to guess
    "tokenization", "hallucinations",
])
def test_real_words_are_left_alone(word: str) -> None:
    assert normalize(f"the {word} here", STEP).text == f"the {word} here"


def test_evidence_maps_back_to_the_learners_own_words() -> None:
    typed = "bc rare words get split into peices, the vocab stays small"
    fixed = normalize(typed, STEP)
    assert fixed.text == "because rare words get split into pieces, the vocabulary stays small"
    start = fixed.text.index("rare")
    end = fixed.text.index(",")
    assert fixed.original_span(start, end) == "rare words get split into peices"
    assert fixed.original_span(0, len(fixed.text)) == typed
    vocab = fixed.text.index("vocabulary")
    assert fixed.original_span(vocab, vocab + len("vocabulary")) == "vocab"


@given(st.text(alphabet=st.sampled_from(list("abcdeikmnoprstuvw /.,'BCD")), max_size=60))
def test_the_whole_rewrite_maps_back_to_the_whole_answer(typed: str) -> None:
    fixed = normalize(typed, STEP)
    assert fixed.original_span(0, len(fixed.text)) == typed
    for new_start, new_end, old_start, old_end in fixed.edits:
        assert fixed.original_span(new_start, new_end) == typed[old_start:old_end]


def test_the_english_word_list_loads_whole() -> None:
    import gzip
    import json
    from importlib.resources import files

    counts = english()
    whole = json.loads(gzip.decompress(
        (files("spellchecker") / "resources" / "en.json.gz").read_bytes()))
    assert counts == whole  # read in chunks, yet every word and count as in one read
    assert len(counts) > 150_000
    assert counts["the"] > counts["because"] > counts["gist"] > 0


def test_a_missing_word_list_is_a_grader_error_that_says_what_to_do(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from tutor.grading.protocol import GraderError

    english.cache_clear()
    monkeypatch.setitem(sys.modules, "spellchecker", None)  # as if it were not installed
    try:
        with pytest.raises(GraderError, match="reinstall tutor"):
            english()
    finally:
        monkeypatch.undo()
        english.cache_clear()
    assert len(english()) > 150_000


def _osa(a: str, b: str) -> int:
    """Optimal-string-alignment distance, the whole table (the reference for `_within`)."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


@settings(max_examples=400, deadline=None)
@given(st.text("abcde", max_size=9), st.text("abcde", max_size=9), st.integers(0, 3))
def test_the_early_exit_distance_agrees_with_the_full_table(a: str, b: str, limit: int) -> None:
    assert _within(a, b, limit) == (_osa(a, b) <= limit)
