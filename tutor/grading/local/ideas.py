"""What to look for and where: the Checkpoint's key ideas, and the spans of an answer."""

from __future__ import annotations

import re

from tutor.grading.leaks import rubric_body
from tutor.grading.local.text import content_stems, words
from tutor.grading.verdict import GradeRequest

_IDEA_SPLIT = re.compile(r"\s*(?:;|—|–|\.\s+|,\s+and\s+that\s+|,\s+that\s+|\band\s+that\b|,\s+)\s*")
_SENTENCE = re.compile(r"[^.!?;\n]+[.!?;]*")
_CLAUSE_BREAK = re.compile(r"\s*(?:[,:;(){}\[\]]|->|→|=>|\s-\s|\bso\b|\bbut\b|\bwhile\b|"
                           r"\bwhereas\b|\bbecause\b)\s*", re.IGNORECASE)


def checkpoint_body(checkpoint: str) -> str:
    """The Checkpoint without its rubric voice (one rule with the leak check's)."""
    return rubric_body(checkpoint)


def key_ideas(request: GradeRequest) -> list[str]:
    """The ideas to look for: authored expectations, else the Checkpoint split into clauses."""
    if request.expectations:
        return list(request.expectations)
    body = checkpoint_body(request.checkpoint).rstrip(".")
    body = re.sub(r"\s*\([^)]*\)", "", body)  # asides like "(classification, extraction)"
    parts = [re.sub(r"^(?:and|so|but)\s+", "", p.strip(" .")) for p in _IDEA_SPLIT.split(body)]
    ideas = [p for p in parts if len(content_stems(p)) >= 2]
    return ideas or [body]


def spans(answer: str) -> list[tuple[int, int]]:
    """Character spans of the answer's sentences and clauses (≥ 2 words) where an idea may sit."""
    found: list[tuple[int, int]] = []
    for sentence in _SENTENCE.finditer(answer):
        start, end = sentence.span()
        found.append((start, end))
        cut = start
        pieces: list[tuple[int, int]] = []
        for brk in _CLAUSE_BREAK.finditer(answer, start, end):
            pieces.append((cut, brk.start()))
            cut = brk.end()
        pieces.append((cut, end))
        if len(pieces) > 1:
            found.extend(p for p in pieces if len(words(answer[p[0]:p[1]])) >= 2)
    whole = (0, len(answer))
    return [s for s in dict.fromkeys(found) if s != whole and len(words(answer[s[0]:s[1]])) >= 2]


# What may stand before a clause that reads as its learner's point when quoted on its own:
# the end of a sentence, or a link that starts a new clause ("…, so it lies", "… - it keeps").
_OPENS_AFTER = re.compile(r"(?:^|[.!?;:]|\s[-–—]|->|→|=>|\b(?:so|but|while|whereas|because))\s*$",
                          re.IGNORECASE)


def opens_clause(answer: str, start: int) -> bool:
    """True when a span of `answer` starting at `start` starts a sentence or a clause, not
    the middle of a phrase ("a large one…" after "For a simple, short task,")."""
    return _OPENS_AFTER.search(answer[:start]) is not None
