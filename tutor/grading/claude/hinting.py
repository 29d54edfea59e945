"""The shared hint checks, adapted to a GradeRequest (the hints module works on lesson steps)."""

from __future__ import annotations

from tutor.grading.verdict import GradeRequest
from tutor.lesson.models import Step


def hint_leaks(hint: str, request: GradeRequest) -> bool:
    """True when `hint` gives the request's Checkpoint away (the shared overlap check)."""
    from tutor.grading.hints import leaks_checkpoint

    return bool(leaks_checkpoint(hint, request.checkpoint))


def templated_hint_for(request: GradeRequest) -> str:
    """The templated hint for the request's step and rung (used when the model's leaks)."""
    from tutor.grading.hints import templated_hint

    step = Step(
        number=request.step_number or 0, title=request.step_title, slug="", line=0,
        explanation=request.explanation, task=request.task, question=request.question,
        checkpoint=request.checkpoint, expectations=list(request.expectations),
        misconceptions=list(request.misconceptions),
    )
    return str(templated_hint(step, request.rung))
