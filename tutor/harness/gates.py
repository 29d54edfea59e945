"""CI gates: `--fail-under accuracy=0.9 --fail-over false_advance_rate=0.05`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from tutor.errors import InputError
from tutor.harness.summary import Metrics

Direction = Literal["under", "over"]


@dataclass(frozen=True)
class Gate:
    """A threshold a metric must not cross: under (at least) or over (at most)."""

    metric: str  # a metrics.json key; dotted for nested ones (latency_ms.p95, per_tag.x.accuracy)
    threshold: float
    direction: Direction

    @property
    def flag(self) -> str:
        return f"--fail-{self.direction} {self.metric}={self.threshold:g}"


def parse_gate(text: str, direction: Direction) -> Gate:
    """Read `metric=value`; a metric metrics.json does not have is an InputError."""
    name, sep, raw = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise InputError(f"--fail-{direction} {text!r}: write METRIC=VALUE, "
                         f"e.g. --fail-{direction} accuracy=0.9")
    try:
        threshold = float(raw)
    except ValueError:
        raise InputError(f"--fail-{direction} {text!r}: {raw!r} is not a number") from None
    top = name.split(".")[0]
    if top not in Metrics.model_fields:
        known = ", ".join(k for k, f in Metrics.model_fields.items()
                          if f.annotation in (int, float, float | None, int | None))
        raise InputError(f"--fail-{direction} {text!r}: metrics.json has no '{top}'. "
                         f"Numeric metrics: {known}; nested ones are dotted (latency_ms.p95)")
    return Gate(metric=name, threshold=threshold, direction=direction)


def lookup(data: dict[str, Any], metric: str) -> Any:
    """A metric by dotted path in the metrics dict; None when any part is missing."""
    value: Any = data
    for part in metric.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def failures(metrics: Metrics, gates: list[Gate]) -> list[str]:
    """A message for each gate the metrics fail (an undefined metric fails its gate)."""
    data = metrics.model_dump(mode="json")
    messages: list[str] = []
    for gate in gates:
        value = lookup(data, gate.metric)
        if isinstance(value, bool) or not isinstance(value, int | float):
            messages.append(f"{gate.metric} is undefined on this data ({gate.flag})")
        elif gate.direction == "under" and value < gate.threshold:
            messages.append(f"{gate.metric} = {value:.4g} is under {gate.threshold:g} "
                            f"({gate.flag})")
        elif gate.direction == "over" and value > gate.threshold:
            messages.append(f"{gate.metric} = {value:.4g} is over {gate.threshold:g} "
                            f"({gate.flag})")
    return messages
