"""The shared hint checks (tutor.grading.hints), adapted to a GradeRequest for the Claude grader."""

from __future__ import annotations

import re

from tutor.grading.hints import leaks_checkpoint, templated_hint
from tutor.grading.verdict import GradeRequest

#: Words every Checkpoint in the lesson format uses, which say nothing about its idea.
_FRAME = {"learner", "should", "understand", "that", "this", "with", "from", "they", "their",
          "about", "into", "than", "them", "have", "will", "would", "each", "what", "when"}


def hint_leaks(hint: str, request: GradeRequest) -> bool:
    """True when `hint` gives the request's Checkpoint away (the shared overlap check)."""
    return leaks_checkpoint(hint, request.checkpoint)


def templated_hint_for(request: GradeRequest, missing_idea: str | None = None) -> str:
    """The templated hint for the request's rung (used when the model's hint leaks)."""
    idea = missing_idea or (request.expectations[0] if request.expectations else None)
    return templated_hint(request, request.rung, idea)


def overlap_leaks(hint: str, checkpoint: str) -> bool:
    """A second, looser leak check: half the Checkpoint's content words, or 5 in a row."""
    idea = _content(checkpoint)
    said = set(_content(hint))
    if idea and len(set(idea) & said) / len(set(idea)) >= 0.5:
        return True
    runs = {" ".join(idea[i:i + 5]) for i in range(len(idea) - 4)}
    return any(run in " ".join(_content(hint)) for run in runs)


def _content(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 3 and w not in _FRAME]
