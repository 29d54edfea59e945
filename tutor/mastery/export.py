"""The mastery of one lesson as the JSON of `tutor progress --json` (README: "Progress")."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from tutor.mastery.model import SOLID, Band, Book, IdeaMastery


def _when(stamp: float | None) -> str | None:
    if stamp is None:
        return None
    return datetime.fromtimestamp(stamp, UTC).isoformat(timespec="seconds")


def _round(value: float) -> float:
    return round(min(max(value, 0.0), 1.0), 3)


def step_band(ideas: Sequence[IdeaMastery]) -> Band:
    """A step is solid when all its ideas are, not yet when none has been stated, else shaky."""
    if ideas and all(m.band == "solid" for m in ideas):
        return "solid"
    if all(m.band == "not yet" for m in ideas):
        return "not yet"
    return "shaky"


def idea_json(idea: IdeaMastery) -> dict[str, Any]:
    """One idea: its step, text, mastery in [0, 1], band and what went into it."""
    return {"step": idea.step, "idea": idea.idea, "mastery": _round(idea.mastery),
            "band": idea.band, "attempts": idea.attempts, "hints": idea.hints,
            "revealed": idea.revealed, "credited": idea.credited,
            "observations": idea.observations, "last_seen": _when(idea.last_seen)}


def lesson_json(name: str, title: str, steps: Sequence[tuple[int, str]],
                book: Book) -> dict[str, Any]:
    """One lesson: each step (in lesson order) with its totals and its ideas."""
    rows = []
    for number, step_title in steps:
        ideas = book.of_step(number)
        tally = book.steps.get(number)
        rows.append({
            "step": number, "title": step_title, "mastery": _round(book.step_mastery(number)),
            "band": step_band(ideas),
            "attempts": tally.attempts if tally else 0, "hints": tally.hints if tally else 0,
            "revealed": tally.revealed if tally else 0,
            "ideas": [idea_json(m) for m in ideas]})
    return {"lesson": name, "title": title, "sessions": book.sessions,
            "reviews": book.reviews, "solid_from": SOLID, "steps": rows}
