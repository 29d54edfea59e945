"""Word-level helpers shared by the guard, the hints and the local grader (pure Python)."""

from __future__ import annotations

import re
from functools import lru_cache


def wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of a literal, as a set."""
    return frozenset(text.split())


_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?", re.IGNORECASE)

#: Function words and rubric boilerplate: they carry no idea of their own.
STOPWORDS = wordset(
    """
    a an the and or but if then so than that this these those there here of to in on at by
    for with from into onto as about over under up down out off per via is are was were be been
    being am do does did doing have has had having it its it's they them their theirs he she his
    her we us our you your i me my mine what which who whom whose when where why how whether
    also just very really quite rather much many more most some any each every all both either
    neither such own same other another can could may might must shall should will would
    learner learners should understand understands understanding student students know knows
    think thinks like etc e.g i.e eg ie one's s t
    """
)

#: Words that deny or reverse a claim.
NEGATIONS = wordset(
    """
    no not never none nothing nobody nowhere neither nor cannot can't cant don't dont doesn't
    doesnt didn't didnt isn't isnt aren't arent wasn't wasnt weren't werent won't wont
    wouldn't wouldnt shouldn't shouldnt couldn't couldnt hasn't hasnt haven't havent without
    lack lacks lacking n't
    """
)

_SUFFIXES = ("ization", "isation", "ations", "ation", "ness", "ments", "ment", "ings", "ing",
             "ies", "ied", "ed", "es", "ly", "s")


#: Texts up to this long are cached: every honest answer and step text, not a flood of
#: enormous answers (the guard blocks answers past 2,000 characters anyway).
CACHED_CHARS = 2000


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits, with an inner apostrophe kept)."""
    return list(_words(text) if len(text) <= CACHED_CHARS else _split(text))


def _split(text: str) -> tuple[str, ...]:
    return tuple(w.lower().replace("’", "'") for w in _WORD.findall(text))


# The guard, the features and the hints each read the same answer and the same step text
# again; caching the split saves a third of a batch's pure-Python time.
_words = lru_cache(maxsize=4096)(_split)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix-stripping stem, so `splits`, `split` and `splitting` meet."""
    w = word.lower()
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # splitt(ing) -> split
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


def is_content(word: str) -> bool:
    """True for a word that carries meaning (not a stopword, not a negation, not one letter)."""
    return word not in STOPWORDS and word not in NEGATIONS and (len(word) > 1 or word.isdigit())


def content_stems(text: str) -> list[str]:
    """Stems of the content words of `text`, in order, repeats kept."""
    return list(_content_stems(text) if len(text) <= CACHED_CHARS else _stems(text))


def _stems(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in words(text) if is_content(w))


_content_stems = lru_cache(maxsize=4096)(_stems)


def longest_common_run(a: list[str], b: list[str]) -> int:
    """Length of the longest run of consecutive items that `a` and `b` share."""
    best = 0
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0] * (len(b) + 1)
        for j, y in enumerate(b, start=1):
            if x == y:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def sentences(text: str) -> list[str]:
    """Split text into sentences and clauses a learner would write as separate points."""
    parts = re.split(r"(?<=[.!?;])\s+|\n+|\s+[-–—•]\s+|^\s*[-*•]\s+", text.strip())
    return [p.strip(" -–—•*\t") for p in parts if p and p.strip(" -–—•*\t")]
