"""Temperature: reshape an authored next-token distribution, and sample from it."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from tutor.labs.errors import LabError

# Authored probabilities are written by hand; allow rounding in the last digit.
_SUM_TOLERANCE = 0.01


class NextTokenDistribution(BaseModel):
    """`[lab.temperature]`: a prompt and the probabilities of its candidate next tokens."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    prompt: str
    note: str = ""
    tokens: list[str] = Field(min_length=2)
    probabilities: list[float] = Field(min_length=2)

    @model_validator(mode="after")
    def _consistent(self) -> NextTokenDistribution:
        if len(self.tokens) != len(self.probabilities):
            raise ValueError(
                f"{len(self.tokens)} tokens but {len(self.probabilities)} probabilities; "
                "give one probability per token"
            )
        if any(p <= 0 for p in self.probabilities):
            raise ValueError("every probability must be above 0")
        total = sum(self.probabilities)
        if abs(total - 1.0) > _SUM_TOLERANCE:
            raise ValueError(f"the probabilities add up to {total:g}, not 1")
        return self

    @classmethod
    def from_lab_data(cls, data: dict[str, Any] | None) -> NextTokenDistribution:
        """Read `[lab.temperature]` from a step; a bad table is a LabError naming the problem."""
        if not data:
            raise LabError(
                "The temperature lab needs a [lab.temperature] table (prompt, tokens, "
                "probabilities) in the step's ```tutor block of the lesson extension."
            )
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'table'}: {e['msg']}"
                for e in exc.errors()
            )
            raise LabError(
                f"[lab.temperature] in the lesson extension is invalid: {problems}"
            ) from exc


def apply_temperature(probabilities: Sequence[float], temperature: float) -> list[float]:
    """Softmax of log-probabilities divided by T: T=1 gives the distribution back, T→0 the argmax.

    At T=0 the limit is taken exactly: all mass on the most likely token (shared
    equally if several tie). Higher T flattens towards uniform.
    """
    if temperature < 0 or math.isnan(temperature):
        raise LabError(f"Temperature must be 0 or more, not {temperature:g}.")
    if not probabilities or any(p <= 0 for p in probabilities):
        raise LabError("Every probability must be above 0.")
    logs = [math.log(p) for p in probabilities]
    top = max(logs)
    if temperature == 0:
        winners = [i for i, lp in enumerate(logs) if lp == top]
        return [1 / len(winners) if i in winners else 0.0 for i in range(len(logs))]
    # Subtracting the max keeps exp() in range however small T is.
    weights = [math.exp((lp - top) / temperature) for lp in logs]
    total = math.fsum(weights)
    return [w / total for w in weights]


def sample_indices(
    probabilities: Sequence[float], rng: random.Random, count: int
) -> list[int]:
    """Draw `count` token indices from a distribution with the caller's generator."""
    return rng.choices(range(len(probabilities)), weights=probabilities, k=count)


def sample_completions(
    dist: NextTokenDistribution, temperature: float, rng: random.Random, count: int = 5
) -> list[str]:
    """`count` completions of the prompt at this temperature: the prompt plus a sampled token."""
    reshaped = apply_temperature(dist.probabilities, temperature)
    return [dist.prompt + dist.tokens[i] for i in sample_indices(reshaped, rng, count)]


def describe(temperature: float, samples: Sequence[str], dist: NextTokenDistribution) -> str:
    """One line for the transcript: the temperature tried and what came out."""
    picked = [s[len(dist.prompt):].strip() for s in samples]
    return f"T={temperature:.1f} sampled: {', '.join(picked)}"
