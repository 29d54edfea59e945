"""Grading: the Grader protocol, the Verdict model, the guard and the graders."""

from tutor.grading.protocol import Grader, GraderError, GraderOutputError, GraderUnavailable
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
