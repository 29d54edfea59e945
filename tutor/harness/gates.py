"""CI gates: `--fail-under accuracy=0.9 --fail-over false_advance_rate=0.05`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

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
    top, _, rest = name.partition(".")
    if top not in Metrics.model_fields:
        raise InputError(f"--fail-{direction} {text!r}: metrics.json has no '{top}'. "
                         f"Numeric metrics: {_numeric(Metrics)}; nested ones are dotted "
                         "(latency_ms.p95, pedagogy.hints_aimed_rate)")
    group = _model(Metrics.model_fields[top].annotation)
    if group is not None:
        # A fixed group (latency_ms, usage, pedagogy): a misspelt figure in it is bad input
        # too, not a gate that fails on "undefined" data after the whole eval has run.
        inner = rest.partition(".")[0]
        if inner not in group.model_fields:
            raise InputError(f"--fail-{direction} {text!r}: metrics.json's '{top}' has no "
                             f"'{inner}'. Its figures: {_numeric(group, f'{top}.')}")
    return Gate(metric=name, threshold=threshold, direction=direction)


_NUMERIC = (int, float, float | None, int | None)


def _numeric(model: type[BaseModel], prefix: str = "") -> str:
    return ", ".join(prefix + k for k, f in model.model_fields.items()
                     if f.annotation in _NUMERIC)


def _model(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model a field holds (also when it may be None), else None."""
    if get_origin(annotation) in (dict, list):  # per_tag, per_step: keyed by the data
        return None
    for candidate in (annotation, *get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


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
