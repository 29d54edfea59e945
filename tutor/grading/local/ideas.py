"""What to look for and where: the Checkpoint's key ideas, and the spans of an answer."""

from __future__ import annotations

import re

from tutor.grading.leaks import rubric_body
from tutor.grading.text import content_stems, words
from tutor.grading.verdict import GradeRequest

_IDEA_SPLIT = re.compile(r"\s*(?:;|—|–|\.\s+|,\s+and\s+that\s+|,\s+that\s+|\band\s+that\b|,\s+)\s*")
_SENTENCE = re.compile(r"[^.!?;\n]+[.!?;]*")
_CLAUSE_BREAK = re.compile(r"\s*(?:[,:;(){}\[\]]|->|→|=>|\s-\s|\bso\b|\bbut\b|\bwhile\b|"
                           r"\bwhereas\b|\bbecause\b)\s*", re.IGNORECASE)


def checkpoint_body(checkpoint: str) -> str:
    """The Checkpoint without its rubric voice (one rule with the leak check's)."""
    return rubric_body(checkpoint)


def key_ideas(request: GradeRequest) -> list[str]:
    """The ideas to look for: authored expectations, else the Checkpoint split into clauses
    (line by line: a rubric's reference answers come one a line)."""
    if request.expectations:
        return list(request.expectations)
    return list(dict.fromkeys(i for line in _lines(request.checkpoint) for i in _clauses(line)))


def checkpoint_lines(checkpoint: str) -> list[str]:
    """The Checkpoint's lines without their rubric voice: what the judge reads it as (a
    rubric's reference answers come one a line; a lesson's Checkpoint is one)."""
    return [checkpoint_body(line) for line in _lines(checkpoint)]


def _lines(checkpoint: str) -> list[str]:
    return [line for line in checkpoint.splitlines() if line.strip()] or [checkpoint]


def _clauses(text: str) -> list[str]:
    """One Checkpoint line split into the clauses that carry an idea each."""
    body = checkpoint_body(text).rstrip(".")
    body = re.sub(r"\s*\([^)]*\)", "", body)  # asides like "(classification, extraction)"
    parts = [re.sub(r"^(?:and|so|but)\s+", "", p.strip(" .")) for p in _IDEA_SPLIT.split(body)]
    ideas = [p for p in parts if len(content_stems(p)) >= 2]
    return ideas or [body]


def alternatives(request: GradeRequest, ideas: list[str]) -> list[list[int]]:
    """What is enough to advance, as groups of indices into `ideas` (any one group, all of
    it): the lesson's `needs` for authored expectations; for a Checkpoint of several lines
    (a rubric's reference answers, one a line), each line's ideas; else all the ideas."""
    if request.expectations:
        groups = request.needed_groups()
    else:
        index = {idea: i for i, idea in enumerate(ideas)}
        groups = [[index[c] for c in dict.fromkeys(_clauses(line)) if c in index]
                  for line in _lines(request.checkpoint)]
    return [g for g in groups if g] or [list(range(len(ideas)))]


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
