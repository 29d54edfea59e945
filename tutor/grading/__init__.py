"""Grading: the Grader protocol, the Verdict model, the guard and the graders.

The names below are loaded on first use: the session and the TUI's first frame import
`tutor.grading.terms` (plain enums) without paying for the pydantic models.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tutor.grading.protocol import (
        Grader,
        GraderError,
        GraderOutputError,
        GraderUnavailable,
    )
    from tutor.grading.verdict import (
        LADDER,
        Attempt,
        Decision,
        Flag,
        GradeRequest,
        KeyIdea,
        Rung,
        Usage,
        Verdict,
    )

_HOME = {
    **dict.fromkeys(("Grader", "GraderError", "GraderOutputError", "GraderUnavailable"),
                    "tutor.grading.protocol"),
    **dict.fromkeys(("LADDER", "Attempt", "Decision", "Flag", "GradeRequest", "KeyIdea", "Rung",
                     "Usage", "Verdict"), "tutor.grading.verdict"),
}

__all__ = [
    "LADDER",
    "Attempt",
    "Decision",
    "Flag",
    "GradeRequest",
    "Grader",
    "GraderError",
    "GraderOutputError",
    "GraderUnavailable",
    "KeyIdea",
    "Rung",
    "Usage",
    "Verdict",
]


def __getattr__(name: str) -> Any:
    """`from tutor.grading import Verdict` imports the module that holds it, once."""
    if name in _HOME:
        return getattr(import_module(_HOME[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
