"""Tokenizer and embedding-space cores: exact arithmetic on a hand-made model, then the real one."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import numpy.typing as npt
import pytest

from tutor.labs.embeddings import (
    WordSpace,
    describe_analogy,
    describe_words,
    shared_space,
    shipped_words,
)
from tutor.labs.errors import LabError
from tutor.labs.expression import parse_expression
from tutor.labs.model import load_model
from tutor.labs.tokenizer import describe, is_continuation, tokenize, word_count


class AxisModel:
    """A stand-in text model with hand-set unit vectors, so cosines are known exactly."""

    VECTORS: ClassVar[dict[str, list[float]]] = {
        "king": [1.0, 1.0, 0.0],
        "man": [1.0, 0.0, 0.0],
        "woman": [0.0, 0.0, 1.0],
        "queen": [0.0, 1.0, 1.0],
        "apple": [0.0, -1.0, 0.0],
        "duke": [1.0, 0.9, 0.1],
    }

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def embed(self, texts: list[str]) -> npt.NDArray[np.float32]:
        self.embedded.extend(texts)
        rows = np.array([self.VECTORS[t] for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    def tokenize(self, text: str) -> list[str]:
        return text.split()


def test_analogy_ranks_exactly_and_leaves_the_inputs_out() -> None:
    space = WordSpace(AxisModel(), ["king", "man", "woman", "queen", "apple", "duke"])
    result = space.evaluate(parse_expression("king - man + woman = queen"))
    # king/|king| - man + woman = (1/√2 - 1, 1/√2, 1): nearest queen (0, 1, 1)/√2.
    assert [n.word for n in result.neighbours] == ["queen", "duke", "apple"]
    assert result.excluded == ["king", "man", "woman"]
    assert result.target_rank == 1
    assert result.candidates == 3
    v = np.array([1 / np.sqrt(2) - 1, 1 / np.sqrt(2), 1.0])
    expected = float(v @ np.array([0, 1, 1]) / (np.linalg.norm(v) * np.sqrt(2)))
    assert result.target_cosine == pytest.approx(expected, abs=1e-6)
    assert result.neighbours[0].cosine == pytest.approx(expected, abs=1e-6)


def test_the_statement_is_honest_about_exclusions() -> None:
    space = WordSpace(AxisModel(), ["king", "man", "woman", "queen", "apple", "duke"])
    text = space.evaluate(parse_expression("king - man + woman = queen")).statement()
    assert "'queen' is the nearest of 3 words" in text
    assert "input words (king, man, woman) are left out, as word2vec demos do" in text


def test_a_target_outside_the_list_is_ranked_against_it() -> None:
    space = WordSpace(AxisModel(), ["king", "man", "woman", "apple", "duke"])
    result = space.evaluate(parse_expression("king - man + woman = queen"))
    assert result.target_rank == 1
    assert result.candidates == 3  # apple, duke and the target itself


def test_the_list_is_embedded_once_and_words_outside_it_on_demand() -> None:
    model = AxisModel()
    space = WordSpace(model, ["king", "man", "apple"])
    space.neighbours_of("king")
    space.neighbours_of("man")
    space.vectors(["queen", "queen", "king"])
    assert model.embedded == ["king", "man", "apple", "queen"]


def test_a_sum_that_cancels_out_is_a_lab_error() -> None:
    space = WordSpace(AxisModel(), ["king", "man"])
    with pytest.raises(LabError, match="cancels out"):
        space.evaluate(parse_expression("king - king"))


def test_the_shipped_word_list_has_the_analogy_words_once_each() -> None:
    words = shipped_words()
    assert len(words) == len(set(words)) >= 300
    assert {"king", "queen", "man", "woman", "paris", "france", "berlin"} <= set(words)


# The real shipped model, offline.

def test_the_seed_sentence_tokenizes_into_seven_wordpieces() -> None:
    result = tokenize("I'm learning about tokenization", load_model())
    assert result.pieces == ["i", "'", "m", "learning", "about", "token", "##ization"]
    assert (result.token_count, result.words) == (7, 4)
    assert result.tokens_per_word == 1.75
    assert describe(result) == (
        "tokenized \"I'm learning about tokenization\" → 7 tokens (4 words)"
    )


def test_continuations_and_word_counts() -> None:
    assert is_continuation("##ization") and not is_continuation("token")
    assert not is_continuation("##")  # a literal '##' typed by the learner
    assert word_count("  two   words ") == 2
    assert tokenize("", load_model()).tokens_per_word is None


def test_king_minus_man_plus_woman_lands_on_queen_with_the_real_model() -> None:
    result = shared_space().evaluate(parse_expression("king - man + woman = queen"))
    assert result.neighbours[0].word == "queen"
    assert result.target_rank == 1
    assert result.target_cosine == pytest.approx(0.577, abs=0.01)
    # Honest: without the exclusion the sum is still nearest to 'king' itself.
    assert result.nearest_with_inputs is not None
    assert result.nearest_with_inputs.word == "king"
    assert describe_analogy(result) == "king − man + woman → nearest 'queen', 'queen' ranked #1"


def test_real_neighbours_make_sense() -> None:
    space = shared_space()
    near = {w: space.neighbours_of(w, 3) for w in ["car", "king"]}
    assert near["car"][0].word == "truck"
    assert "queen" in [n.word for n in near["king"]]
    assert describe_words(["car", "king"], near) == (
        "embedded car, king (nearest: car→truck; king→monarch)"
    )
    assert space.project(["car", "truck", "king"]).shape == (3, 2)
