"""Counts said in English: "1 word", "2 words" (shared by the command line and the screens)."""

from __future__ import annotations


def count(n: int, singular: str, plural: str | None = None) -> str:
    """`n` and the noun, singular for exactly one ("1 token", "0 tokens", "3 steps")."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"
