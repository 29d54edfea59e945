"""Does a text give the Checkpoint away? A run of its wording, stop words aside.

One measure for the lesson check (cards and script questions), the hints and the eval:
a text leaks the Checkpoint when it repeats `RUN` consecutive content words of it (stemmed,
stop words skipped, the rubric's "The learner should understand that" left out). Three
words in a row may still only name a topic ("photosynthesis converts light"); four state
a claim.
"""

from __future__ import annotations

import re

from tutor.grading.text import is_content, stem, words

#: Consecutive Checkpoint content words a text may not repeat.
RUN = 4

_BOILERPLATE = re.compile(
    r"^\s*(?:the\s+)?(?:learner|student)s?\s+should\s+(?:understand|know|see|realise|realize)"
    r"(?:\s+that)?\s*:?\s*",
    re.IGNORECASE,
)
# A short lead-in ("the main differences:") names what follows; the ideas are after it.
# "the" and three words at most, so "Temperature 0: deterministic" keeps its subject.
_HEADING = re.compile(r"^the\s+[\w'-]+(?:\s+[\w'-]+){0,2}\s*:\s+", re.IGNORECASE)


def rubric_body(checkpoint: str) -> str:
    """The Checkpoint without "The learner should understand that" or a heading before a colon."""
    body = _HEADING.sub("", _BOILERPLATE.sub("", checkpoint).strip())
    return body.strip() or checkpoint.strip()


def _content(text: str) -> list[tuple[str, str]]:
    """(stem, word) of each content word of `text`, in order."""
    return [(stem(w), w) for w in words(text) if is_content(w)]


def shared_run(text: str, checkpoint: str, run: int = RUN) -> str | None:
    """The first run of `run` or more consecutive Checkpoint content words that `text`
    repeats, in the Checkpoint's own words; None when it repeats none."""
    said = [s for s, _ in _content(text)]
    rubric = _content(rubric_body(checkpoint))
    if len(said) < run or len(rubric) < run:
        return None
    grams = {tuple(said[i:i + run]) for i in range(len(said) - run + 1)}
    for i in range(len(rubric) - run + 1):
        if tuple(s for s, _ in rubric[i:i + run]) in grams:
            return " ".join(w for _, w in rubric[i:i + run])
    return None


def leaks(text: str, checkpoint: str, run: int = RUN) -> bool:
    """True when `text` repeats a run of `run` Checkpoint content words."""
    return shared_run(text, checkpoint, run) is not None
