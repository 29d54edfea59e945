"""Softmax with temperature over an authored distribution, and seeded sampling."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutor.labs.errors import LabError
from tutor.labs.temperature import (
    NextTokenDistribution,
    apply_temperature,
    describe,
    sample_completions,
    sample_indices,
)
from tutor.lesson import load_lesson

SEED_PROBS = [0.82, 0.05, 0.04, 0.03, 0.025, 0.015, 0.012, 0.008]


def seed_distribution() -> NextTokenDistribution:
    step = load_lesson("how-llms-work").step(5)
    assert step is not None
    return NextTokenDistribution.from_lab_data(step.lab_data["temperature"])


def test_the_seed_lesson_authors_the_france_distribution() -> None:
    dist = seed_distribution()
    assert dist.prompt == "The capital of France is"
    assert dist.tokens[0] == " Paris"
    assert dist.probabilities == SEED_PROBS
    assert "Illustrative" in dist.note


def test_temperature_one_gives_the_distribution_back() -> None:
    assert apply_temperature(SEED_PROBS, 1.0) == pytest.approx(SEED_PROBS, abs=1e-12)


def test_temperature_zero_is_one_hot_on_the_most_likely_token() -> None:
    assert apply_temperature(SEED_PROBS, 0.0) == [1.0, 0, 0, 0, 0, 0, 0, 0]


def test_temperature_zero_shares_a_tie_equally() -> None:
    assert apply_temperature([0.4, 0.4, 0.2], 0.0) == [0.5, 0.5, 0.0]


def test_tiny_temperature_approaches_one_hot_without_overflow() -> None:
    out = apply_temperature(SEED_PROBS, 1e-4)
    assert out[0] == pytest.approx(1.0)
    assert all(p == pytest.approx(0.0) for p in out[1:])


def test_exact_values_at_half_and_double_temperature() -> None:
    # T=0.5 squares then renormalises: [.25, .0625, .0625] / .375.
    assert apply_temperature([0.5, 0.25, 0.25], 0.5) == pytest.approx([2 / 3, 1 / 6, 1 / 6])
    # T=2 takes square roots: [1/√2, 1/2, 1/2] / (1/√2 + 1).
    assert apply_temperature([0.5, 0.25, 0.25], 2.0) == pytest.approx(
        [math.sqrt(2) - 1, 1 - 1 / math.sqrt(2), 1 - 1 / math.sqrt(2)]
    )


def test_negative_temperature_is_refused() -> None:
    with pytest.raises(LabError, match="0 or more"):
        apply_temperature(SEED_PROBS, -0.1)


distributions = st.lists(
    st.floats(min_value=1e-4, max_value=1.0), min_size=2, max_size=10
).map(lambda xs: [x / sum(xs) for x in xs])


@given(distributions, st.floats(min_value=0.0, max_value=50.0))
def test_reshaped_distribution_sums_to_one(probs: list[float], t: float) -> None:
    assert math.fsum(apply_temperature(probs, t)) == pytest.approx(1.0)


@given(distributions, st.floats(min_value=0.01, max_value=50.0))
def test_temperature_preserves_the_order_of_tokens(probs: list[float], t: float) -> None:
    out = apply_temperature(probs, t)
    for i in range(len(probs)):
        for j in range(len(probs)):
            if probs[i] > probs[j]:
                assert out[i] >= out[j]


@given(distributions)
def test_very_high_temperature_is_nearly_uniform(probs: list[float]) -> None:
    out = apply_temperature(probs, 1e6)
    assert out == pytest.approx([1 / len(probs)] * len(probs), abs=1e-4)


@given(distributions, st.floats(min_value=0.05, max_value=0.95))
def test_cooling_sharpens_the_top_token(probs: list[float], t: float) -> None:
    top = max(range(len(probs)), key=probs.__getitem__)
    assert apply_temperature(probs, t)[top] >= probs[top] - 1e-12


def test_sampling_is_reproducible_with_a_seeded_generator() -> None:
    assert sample_indices([0.5, 0.25, 0.25], random.Random(42), 10) == [
        1, 0, 0, 0, 1, 1, 2, 0, 0, 0
    ]
    dist = seed_distribution()
    assert [s.removeprefix(dist.prompt) for s in sample_completions(
        dist, 2.0, random.Random(7), 5)] == [" Paris", " Paris", " located", " Paris", " a"]


def test_sampling_at_zero_always_picks_paris() -> None:
    dist = seed_distribution()
    samples = sample_completions(dist, 0.0, random.Random(), 20)
    assert set(samples) == {"The capital of France is Paris"}


def test_describe_names_the_temperature_and_the_picks() -> None:
    dist = seed_distribution()
    line = describe(2.0, ["The capital of France is Paris", "The capital of France is a"], dist)
    assert line == "T=2.0 sampled: Paris, a"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (None, "needs a \\[lab.temperature\\] table"),
        ({"prompt": "x", "tokens": ["a", "b", "c"], "probabilities": [0.5, 0.5]}, "3 tokens but 2"),
        ({"prompt": "x", "tokens": ["a", "b"], "probabilities": [0.5, 0.2]}, "add up to 0.7"),
        ({"prompt": "x", "tokens": ["a", "b"], "probabilities": [1.0, 0.0]}, "above 0"),
        ({"tokens": ["a", "b"], "probabilities": [0.5, 0.5]}, "prompt"),
    ],
)
def test_bad_lab_data_is_a_clear_lab_error(data: dict[str, object] | None, message: str) -> None:
    with pytest.raises(LabError, match=message):
        NextTokenDistribution.from_lab_data(data)
