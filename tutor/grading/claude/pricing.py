"""Estimated cost of a call from its `usage`, with a small price table.

Prices are Anthropic's published list prices in USD per million tokens for the models named
here, written down on 2026-11-28 from the author's notes of https://www.anthropic.com/pricing
(not re-checked online that day: the build machine has no internet). Check them there.
Prompt-cache writes (5-minute TTL) cost 1.25x the input price and cache reads 0.1x. A model
not in the table (a local server's, or a newer one) gets no estimate: cost 0.0.
"""

from __future__ import annotations

from typing import Any

from tutor.grading.verdict import Usage

PRICES_READ_ON = "2026-11-28"

#: model id prefix → (input, output) USD per million tokens. Longest prefix wins.
PRICES: dict[str, tuple[float, float]] = {
    "claude-haiku-4-5": (1.00, 5.00),
    "claude-3-5-haiku": (0.80, 4.00),
    "claude-sonnet-4": (3.00, 15.00),
    "claude-opus-4-5": (5.00, 25.00),
    "claude-opus-4-6": (5.00, 25.00),
    "claude-opus-4-1": (15.00, 75.00),
    "claude-opus-4-0": (15.00, 75.00),
}
CACHE_WRITE_FACTOR = 1.25
CACHE_READ_FACTOR = 0.10


def price_of(model: str) -> tuple[float, float] | None:
    """(input, output) USD per million tokens for `model`, or None when unknown."""
    matches = [prefix for prefix in PRICES if model.startswith(prefix)]
    return PRICES[max(matches, key=len)] if matches else None


def usage_from(raw: Any, model: str) -> Usage:
    """Our `Usage` from the API's usage object (or dict), with the estimated cost."""
    def field(name: str) -> int:
        value = raw.get(name) if isinstance(raw, dict) else getattr(raw, name, None)
        return int(value or 0)

    usage = Usage(
        input_tokens=field("input_tokens"), output_tokens=field("output_tokens"),
        cache_creation_input_tokens=field("cache_creation_input_tokens"),
        cache_read_input_tokens=field("cache_read_input_tokens"),
    )
    return usage.model_copy(update={"cost_usd": cost_of(usage, model)})


def cost_of(usage: Usage, model: str) -> float:
    """Estimated USD for these tokens on `model` (0.0 when the model's price is unknown)."""
    price = price_of(model)
    if price is None:
        return 0.0
    per_in, per_out = (p / 1_000_000 for p in price)
    return round(usage.input_tokens * per_in + usage.output_tokens * per_out
                 + usage.cache_creation_input_tokens * per_in * CACHE_WRITE_FACTOR
                 + usage.cache_read_input_tokens * per_in * CACHE_READ_FACTOR, 8)


def add(a: Usage | None, b: Usage) -> Usage:
    """The sum of two calls' usage (a re-ask or a retry costs tokens too)."""
    if a is None:
        return b
    return Usage(
        input_tokens=a.input_tokens + b.input_tokens,
        output_tokens=a.output_tokens + b.output_tokens,
        cache_creation_input_tokens=a.cache_creation_input_tokens + b.cache_creation_input_tokens,
        cache_read_input_tokens=a.cache_read_input_tokens + b.cache_read_input_tokens,
        cost_usd=round(a.cost_usd + b.cost_usd, 8),
    )
