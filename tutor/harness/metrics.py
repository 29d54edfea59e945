"""Agreement metrics between gold labels and a grader's decisions. Pure functions, no I/O.

"Positive" is advance throughout: a false advance is a gold-hint answer the grader let
through (the error that hurts a learner most), a false hold a gold-advance answer held back.
A rate whose denominator is zero is None (undefined), never 0: "no data" must not read as
"perfect".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tutor.grading.verdict import Decision


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when the denominator is zero."""
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class Confusion:
    """The 2×2 table of gold label against the grader's decision."""

    true_advance: int = 0  # gold advance, graded advance
    false_advance: int = 0  # gold hint, graded advance
    false_hold: int = 0  # gold advance, graded hint
    true_hold: int = 0  # gold hint, graded hint

    @property
    def n(self) -> int:
        return self.true_advance + self.false_advance + self.false_hold + self.true_hold

    @property
    def gold_advance(self) -> int:
        return self.true_advance + self.false_hold

    @property
    def gold_hint(self) -> int:
        return self.false_advance + self.true_hold

    @property
    def graded_advance(self) -> int:
        return self.true_advance + self.false_advance

    @property
    def graded_hint(self) -> int:
        return self.false_hold + self.true_hold

    @property
    def accuracy(self) -> float | None:
        return ratio(self.true_advance + self.true_hold, self.n)

    @property
    def false_advance_rate(self) -> float | None:
        """Share of gold-hint answers that were advanced."""
        return ratio(self.false_advance, self.gold_hint)

    @property
    def false_hold_rate(self) -> float | None:
        """Share of gold-advance answers that were held back."""
        return ratio(self.false_hold, self.gold_advance)

    @property
    def precision(self) -> float | None:
        """Of the answers advanced, the share a human would advance."""
        return ratio(self.true_advance, self.graded_advance)

    @property
    def recall(self) -> float | None:
        """Of the answers a human would advance, the share advanced."""
        return ratio(self.true_advance, self.gold_advance)

    @property
    def kappa(self) -> float | None:
        """Cohen's kappa: agreement beyond chance. None when chance agreement is already 1.

        That happens when gold and grader each use one and the same class only; kappa is
        0/0 there (scikit-learn returns nan), so it is reported as undefined.
        """
        n = self.n
        if n == 0:
            return None
        observed = (self.true_advance + self.true_hold) / n
        expected = (self.gold_advance * self.graded_advance
                    + self.gold_hint * self.graded_hint) / (n * n)
        if math.isclose(expected, 1.0):
            return None
        return (observed - expected) / (1.0 - expected)


def confusion(pairs: Iterable[tuple[Decision, Decision]]) -> Confusion:
    """Count (gold, graded) pairs into a Confusion table."""
    counts = {(g, p): 0 for g in Decision for p in Decision}
    for gold, graded in pairs:
        counts[(gold, graded)] += 1
    return Confusion(
        true_advance=counts[(Decision.ADVANCE, Decision.ADVANCE)],
        false_advance=counts[(Decision.HINT, Decision.ADVANCE)],
        false_hold=counts[(Decision.ADVANCE, Decision.HINT)],
        true_hold=counts[(Decision.HINT, Decision.HINT)],
    )


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0..100), linear between closest ranks (numpy's default)."""
    if not values:
        return None
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} is outside 0..100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def flip_rate(runs: Iterable[Sequence[Decision]]) -> tuple[float | None, int, int]:
    """Share of answers whose decision differs between reruns: (rate, flipped, answers).

    Each element holds one answer's decisions across the reruns; answers graded fewer than
    twice cannot flip and are left out of the denominator.
    """
    flipped = counted = 0
    for decisions in runs:
        if len(decisions) < 2:
            continue
        counted += 1
        flipped += len(set(decisions)) > 1
    return ratio(flipped, counted), flipped, counted


def leakage_rate(flags: Iterable[bool]) -> tuple[float | None, int, int]:
    """Share of hints that give the Checkpoint away: (rate, leaked, hints)."""
    values = list(flags)
    leaked = sum(values)
    return ratio(leaked, len(values)), leaked, len(values)
