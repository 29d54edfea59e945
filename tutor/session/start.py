"""Build the Start event for a lesson (kept here so every driver starts sessions alike)."""

from __future__ import annotations

from tutor.grading.terms import MAX_HINTS
from tutor.lesson.models import Lesson
from tutor.session.events import Start


def start_event(lesson: Lesson, *, max_hints: int = MAX_HINTS) -> Start:
    """The event that opens `lesson` at its first step."""
    return Start(
        lesson=lesson.name, content_hash=lesson.content_hash,
        steps=tuple(s.number for s in lesson.steps),
        celebrate=tuple(s.number for s in lesson.steps if s.celebrates), max_hints=max_hints,
        choose_first=tuple(s.number for s in lesson.steps if s.buttons is not None),
    )
