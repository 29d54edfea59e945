"""Which of a step's own texts (an expectation, a misconception) a grader's words name."""

from __future__ import annotations

import re


def normal(text: str) -> str:
    """Case, spacing and punctuation dropped: what two copies of one text share."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.casefold())).strip()


def match_text(said: str | None, known: list[str]) -> str | None:
    """The one text of `known` that `said` copies, or None.

    Case, spacing and punctuation are forgiven, and a copy that is cut short or runs on
    still names its text when it names no other.
    """
    if said is None or not (wanted := normal(said)):
        return None
    exact = [k for k in known if normal(k) == wanted]
    if exact:
        return exact[0]
    near = [k for k in known if (n := normal(k)) and (n in wanted or wanted in n)]
    return near[0] if len(near) == 1 else None
