"""The shared hint checks, adapted to a GradeRequest (the hints module works on lesson steps).

`tutor.grading.hints` (leak check and templated hints, shared with the local grader) is the
source of truth. Until it is installed, a plain overlap check and the per-rung questions in
prompts/claude/fallback_hint.j2 stand in, so a Claude verdict is never lost for want of it.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any

from tutor.grading.verdict import GradeRequest
from tutor.lesson.models import Step
from tutor.prompts import render

#: Words every Checkpoint in the lesson format uses, which say nothing about its idea.
_FRAME = {"learner", "should", "understand", "that", "this", "with", "from", "they", "their",
          "about", "into", "than", "them", "have", "will", "would", "each", "what", "when"}


def _shared(name: str) -> Callable[..., Any] | None:
    try:
        hints = importlib.import_module("tutor.grading.hints")
    except ImportError:
        return None
    found = getattr(hints, name, None)
    return found if callable(found) else None


def hint_leaks(hint: str, request: GradeRequest) -> bool:
    """True when `hint` gives the request's Checkpoint away (the shared overlap check)."""
    check = _shared("leaks_checkpoint")
    if check is not None:
        return bool(check(hint, request.checkpoint))
    return overlap_leaks(hint, request.checkpoint)


def templated_hint_for(request: GradeRequest) -> str:
    """The templated hint for the request's step and rung (used when the model's leaks)."""
    template = _shared("templated_hint")
    if template is None:
        return render("claude/fallback_hint.j2", rung=request.rung.value)
    step = Step(
        number=request.step_number or 0, title=request.step_title, slug="", line=0,
        explanation=request.explanation, task=request.task, question=request.question,
        checkpoint=request.checkpoint, expectations=list(request.expectations),
        misconceptions=list(request.misconceptions),
    )
    return str(template(step, request.rung))


def overlap_leaks(hint: str, checkpoint: str) -> bool:
    """Stand-in leak check: the hint holds half the Checkpoint's content words, or 5 in a row."""
    idea = _content(checkpoint)
    said = set(_content(hint))
    if idea and len(set(idea) & said) / len(set(idea)) >= 0.5:
        return True
    runs = {" ".join(idea[i:i + 5]) for i in range(len(idea) - 4)}
    return any(run in " ".join(_content(hint)) for run in runs)


def _content(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 3 and w not in _FRAME]

