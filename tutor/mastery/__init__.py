"""Mastery per idea across sessions: Bayesian knowledge tracing over the grader's readings.

Pure, like the state machine: no I/O, no clock. Times come in from the transcripts (the
store's loader, `tutor.store.mastery`), as seconds since the epoch.
"""

from tutor.mastery.evidence import StepIdeas, observe_session
from tutor.mastery.model import (
    PARAMS,
    SHAKY,
    SOLID,
    Band,
    Book,
    IdeaMastery,
    Params,
    StepTally,
)
from tutor.mastery.review import ReviewItem, review_queue

__all__ = [
    "PARAMS",
    "SHAKY",
    "SOLID",
    "Band",
    "Book",
    "IdeaMastery",
    "Params",
    "ReviewItem",
    "StepIdeas",
    "StepTally",
    "observe_session",
    "review_queue",
]
