"""Words said in English: counts ("1 word", "2 words") and a rubric said to the learner."""

from __future__ import annotations


def count(n: int, singular: str, plural: str | None = None) -> str:
    """`n` and the noun, singular for exactly one ("1 token", "0 tokens", "3 steps")."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def strip_rubric_voice(checkpoint: str) -> str:
    """'The learner should understand that X' -> 'X': the reveal speaks to the learner."""
    text = checkpoint.strip()
    for prefix in ("The learner should understand that ", "The learner should understand "):
        if text.startswith(prefix):
            rest = text[len(prefix):]
            return rest[:1].upper() + rest[1:]
    return text


def complete_assertions(assertions: list[str | None]) -> list[str]:
    """The author's assertions when every expectation has one, else none: a partial set
    would explain only part of the step."""
    said = [a.strip() for a in assertions if a and a.strip()]
    return said if said and len(said) == len(assertions) else []


def step_idea(checkpoint: str, assertions: list[str | None]) -> str:
    """The idea of a step said to the learner: the author's assertions when every
    expectation has one (plain sentences), else the Checkpoint without its rubric voice."""
    said = complete_assertions(assertions)
    if said:
        return " ".join(a if a[-1] in ".!?" else f"{a}." for a in said)
    return strip_rubric_voice(checkpoint)
