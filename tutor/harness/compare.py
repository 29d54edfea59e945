"""`--compare OLD.json`: which metrics got better and which got worse since an earlier run."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from tutor.errors import InputError
from tutor.harness.gates import lookup

Trend = Literal["better", "worse", "same", "n/a"]

# Headline metrics and whether a higher value is better.
HEADLINE: tuple[tuple[str, bool], ...] = (
    ("accuracy", True),
    ("kappa", True),
    ("false_advance_rate", False),
    ("false_hold_rate", False),
    ("precision", True),
    ("recall", True),
    ("errors", False),
    ("hint_leakage", False),
    ("pedagogy.hints_aimed_rate", True),
    ("pedagogy.answer_leak_rate", False),
    ("pedagogy.wrong_praised_rate", False),
    ("pedagogy.distinct_hints_rate", True),
    ("pedagogy.hints_same_opening_rate", False),
    ("stability", False),
    ("latency_ms.p50", False),
    ("latency_ms.p95", False),
    ("usage.cost_per_answer_usd", False),
)
_GROUPED: tuple[tuple[str, bool], ...] = (("accuracy", True), ("false_advance_rate", False))
_EPSILON = 1e-9


@dataclass(frozen=True)
class Change:
    """One metric, before and after."""

    metric: str
    old: float | None
    new: float | None
    trend: Trend

    @property
    def delta(self) -> float | None:
        return None if self.old is None or self.new is None else self.new - self.old


def load_old(path: Path) -> dict[str, Any]:
    """An earlier metrics.json; anything else is an InputError."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"--compare {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"--compare {path}: cannot read ({exc})") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"--compare {path}:{exc.lineno}: not JSON ({exc.msg}). "
                         "Give a metrics.json written by `tutor eval --out`") from None
    if not isinstance(data, dict) or "accuracy" not in data or "n" not in data:
        raise InputError(f"--compare {path}: not a metrics.json written by `tutor eval --out`")
    return data


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def trend(old: float | None, new: float | None, higher_is_better: bool) -> Trend:
    """Whether the move from old to new is an improvement."""
    if old is None or new is None:
        return "n/a"
    if abs(new - old) <= _EPSILON:
        return "same"
    return "better" if (new > old) == higher_is_better else "worse"


def _change(old: dict[str, Any], new: dict[str, Any], metric: str, higher: bool) -> Change:
    before, after = _number(lookup(old, metric)), _number(lookup(new, metric))
    return Change(metric=metric, old=before, new=after, trend=trend(before, after, higher))


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Headline metrics, then per-step and per-tag accuracy and false-advance rate."""
    changes = [_change(old, new, m, higher) for m, higher in HEADLINE]
    for group in ("per_step", "per_tag"):
        keys = list(dict.fromkeys([*(new.get(group) or {}), *(old.get(group) or {})]))
        for key in keys:
            for metric, higher in _GROUPED:
                changes.append(_change(old, new, f"{group}.{key}.{metric}", higher))
    return [c for c in changes if c.old is not None or c.new is not None]


def comparability(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Reasons the two runs are not like for like (different data, replayed responses)."""
    notes: list[str] = []
    digest = sorted(d.get("sha256", "") for d in old.get("datasets") or [])
    if digest != sorted(d.get("sha256", "") for d in new.get("datasets") or []):
        notes.append("the datasets differ from the earlier run's; differences may come from "
                     "the data, not the grader")
    if old.get("replayed") != new.get("replayed"):
        notes.append("one run used replayed responses and the other did not")
    if old.get("grader") != new.get("grader"):
        notes.append(f"grader changed: {old.get('grader')} → {new.get('grader')}")
    return notes


def notable(changes: list[Change]) -> list[Change]:
    """Every headline metric, and the per-step/per-tag rows that moved."""
    headline = {m for m, _ in HEADLINE}
    return [c for c in changes if c.metric in headline or c.trend in ("better", "worse")]
