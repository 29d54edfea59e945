"""Each metric against values computed by hand on small tables."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutor.grading import Decision
from tutor.harness.metrics import (
    Confusion,
    confusion,
    flip_rate,
    leakage_rate,
    percentile,
    ratio,
)

A, H = Decision.ADVANCE, Decision.HINT


def table(gold: str, graded: str) -> Confusion:
    """'AAH', 'AHH' -> pairs of decisions."""
    d = {"A": A, "H": H}
    return confusion((d[g], d[p]) for g, p in zip(gold, graded, strict=True))


def test_ten_answers_by_hand() -> None:
    # gold A A A A A H H H H H
    # pred A A A A H A A H H H -> TA 4, FH 1, FA 2, TH 3
    c = table("AAAAAHHHHH", "AAAAHAAHHH")
    assert (c.true_advance, c.false_hold, c.false_advance, c.true_hold) == (4, 1, 2, 3)
    assert c.n == 10
    assert c.accuracy == pytest.approx(0.7)
    # chance agreement: (5*6 + 5*4) / 100 = 0.5; kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4
    assert c.kappa == pytest.approx(0.4)
    assert c.false_advance_rate == pytest.approx(2 / 5)
    assert c.false_hold_rate == pytest.approx(1 / 5)
    assert c.precision == pytest.approx(4 / 6)
    assert c.recall == pytest.approx(4 / 5)


def test_kappa_with_unbalanced_classes() -> None:
    # gold A A A H, pred A A H H: po = 3/4; pe = (3*2 + 1*2)/16 = 0.5; kappa = 0.25/0.5 = 0.5
    assert table("AAAH", "AAHH").kappa == pytest.approx(0.5)


def test_kappa_perfect_and_opposite() -> None:
    assert table("AHAH", "AHAH").kappa == pytest.approx(1.0)
    # po = 0, pe = (1*1 + 1*1)/4 = 0.5 -> kappa = -1
    assert table("AH", "HA").kappa == pytest.approx(-1.0)


def test_single_class_everywhere_leaves_kappa_and_rates_undefined() -> None:
    c = table("AAAA", "AAAA")
    assert c.accuracy == 1.0
    assert c.kappa is None  # 0/0: chance agreement is already 1
    assert c.false_advance_rate is None  # no gold-hint answers at all
    assert c.false_hold_rate == 0.0
    assert c.precision == 1.0


def test_single_gold_class_with_mixed_decisions() -> None:
    # gold all advance, pred A A A H: po = 0.75, pe = (4*3 + 0*1)/16 = 0.75 -> kappa 0
    c = table("AAAA", "AAAH")
    assert c.kappa == pytest.approx(0.0)
    assert c.false_hold_rate == pytest.approx(0.25)
    assert c.false_advance_rate is None


def test_empty_table_is_undefined_not_zero() -> None:
    c = confusion([])
    assert c.n == 0
    assert c.accuracy is None and c.kappa is None and c.precision is None
    assert ratio(1, 0) is None


def test_precision_undefined_when_nothing_advanced() -> None:
    c = table("AH", "HH")
    assert c.precision is None
    assert c.recall == 0.0


def test_percentile_by_hand() -> None:
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == pytest.approx(2.5)
    # rank (4-1)*0.95 = 2.85 -> 3 + 0.85 * (4 - 3)
    assert percentile([1.0, 2.0, 3.0, 4.0], 95) == pytest.approx(3.85)
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) is None
    with pytest.raises(ValueError):
        percentile([1.0], 101)


@given(st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=50),
       st.floats(min_value=0, max_value=100))
def test_percentile_matches_numpy(values: list[float], q: float) -> None:
    assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)), rel=1e-9,
                                                  abs=1e-6)


decisions = st.sampled_from([A, H])


@given(st.lists(st.tuples(decisions, decisions), min_size=1, max_size=60))
def test_kappa_properties(pairs: list[tuple[Decision, Decision]]) -> None:
    c = confusion(pairs)
    swapped = confusion((p, g) for g, p in pairs)
    assert c.n == len(pairs)
    assert c.accuracy == pytest.approx(sum(g == p for g, p in pairs) / len(pairs))
    if c.kappa is not None:
        assert -1.0 - 1e-9 <= c.kappa <= 1.0 + 1e-9
        assert swapped.kappa == pytest.approx(c.kappa)  # Cohen's kappa is symmetric
    assert swapped.false_advance == c.false_hold


def test_flip_rate_by_hand() -> None:
    rate, flipped, counted = flip_rate([[A, A, A], [A, H, A], [H, H], [H]])
    assert (flipped, counted) == (1, 3)  # the single run cannot flip: left out
    assert rate == pytest.approx(1 / 3)
    assert flip_rate([[A]]) == (None, 0, 0)


def test_leakage_rate_by_hand() -> None:
    assert leakage_rate([True, False, False, True]) == (0.5, 2, 4)
    assert leakage_rate([]) == (None, 0, 0)
