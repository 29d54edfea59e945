"""What a review asks again, and in which order: the shakiest ideas, the longest unseen first."""

from __future__ import annotations

import math
from dataclasses import dataclass

from tutor.mastery.model import Book, IdeaMastery

#: A review is short: at most this many questions, one idea per step.
REVIEW_LENGTH = 5
_DAY = 86_400.0


@dataclass(frozen=True)
class ReviewItem:
    """One idea to ask again, and how urgent it is."""

    idea: IdeaMastery
    urgency: float


def urgency(idea: IdeaMastery, now: float) -> float:
    """How much asking this idea again is worth: how shaky it is (1 - mastery), growing
    with the days since it was last seen (log-scaled: a week counts, a year not 50× more)."""
    days = max(0.0, now - idea.last_seen) / _DAY if idea.last_seen is not None else 0.0
    return (1.0 - idea.mastery) * (1.0 + math.log1p(days))


def review_queue(book: Book, now: float, *, limit: int = REVIEW_LENGTH) -> list[ReviewItem]:
    """The ideas to review at `now` (seconds since the epoch, from the caller's clock): each
    step's most urgent idea that was seen and is not solid, most urgent first."""
    best: dict[int, ReviewItem] = {}
    for idea in book.ideas.values():
        if not idea.needs_review:
            continue
        item = ReviewItem(idea=idea, urgency=urgency(idea, now))
        held = best.get(idea.step)
        if held is None or item.urgency > held.urgency:
            best[idea.step] = item
    ranked = sorted(best.values(), key=lambda i: (-i.urgency, i.idea.step))
    return ranked[:limit]
