"""Learner spelling to dictionary spelling, before the model reads an answer.

WordPiece splits a misspelt word ("knowlege", "embedings") into pieces that mean
nothing, and chat shorthand ("bc", "dont", "temp") into pieces that mean something
else, so a right answer typed in a hurry reads as a wrong one. Each word is looked at
in this order:
1. shorthand and apostrophe-less contractions from a fixed table ("bc" -> "because");
2. a word the model's vocabulary or the step's own text knows (also less a common
   ending) is kept, and so is a short word or an acronym;
3. a word only the English word list knows is kept, unless it is a clipped form of
   exactly one of the step's words ("temp" -> "temperature", "vocab" -> "vocabulary");
4. any other word is a typo: it becomes the one step word one edit away (two for long
   words), else a clipped form's step word, else a contraction one edit away ("dosnt"),
   else the commonest English word one edit away with the same first letter.
A word with no single best fix is left as it is. The rewritten text keeps a map to the
learner's own characters, so evidence quotes their words.
"""

from __future__ import annotations

import gzip
import io
import json
import re
from collections.abc import Container
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from itertools import islice

from tutor.grading.embedded.files import wordpiece_words
from tutor.grading.protocol import GraderError

#: General chat shorthand and contractions typed without an apostrophe. Words that are
#: also ordinary English words ("its", "cant", "wont", "well") are left out on purpose.
SHORTHAND: dict[str, str] = {
    "u": "you", "ur": "your", "r": "are", "bc": "because", "bcuz": "because",
    "cuz": "because", "coz": "because", "cos": "because", "b/c": "because",
    "w/": "with", "w/o": "without", "ppl": "people", "thru": "through", "tho": "though",
    "altho": "although", "alot": "a lot", "idk": "I don't know", "dunno": "don't know",
    "gonna": "going to", "wanna": "want to", "gotta": "got to", "kinda": "kind of",
    "sorta": "sort of",
    "prolly": "probably", "probs": "probably", "smth": "something", "sth": "something",
    "sb": "somebody", "imo": "in my opinion", "imho": "in my opinion", "btw": "by the way",
    "esp": "especially", "approx": "approximately", "diff": "different", "b4": "before",
    "ofc": "of course", "rly": "really", "pls": "please", "plz": "please", "msg": "message",
    "nums": "numbers", "num": "number", "yr": "year", "yrs": "years",
    "w": "with", "abt": "about", "bcs": "because", "becos": "because", "wat": "what",
    "dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "isnt": "isn't",
    "arent": "aren't", "wasnt": "wasn't", "werent": "weren't", "wouldnt": "wouldn't",
    "shouldnt": "shouldn't", "couldnt": "couldn't", "hasnt": "hasn't", "havent": "haven't",
    "hadnt": "hadn't", "mustnt": "mustn't", "aint": "ain't", "im": "I'm", "ive": "I've",
    "youre": "you're", "theyre": "they're", "thats": "that's", "whats": "what's",
    "theres": "there's",
}

#: Shorthand that is only read as such when written with its slash ("w/", "b/c").
_SLASHED = re.compile(r"(?<![\w/])(?:b/c|w/o|w/)(?![\w/])", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_EDITS = "abcdefghijklmnopqrstuvwxyz"
#: Shortest word checked for a typo: shorter ones have too many neighbours to guess from.
MIN_TYPO = 4
#: Length from which a step's word may be two edits away ("vocabluary").
TWO_EDITS_FROM = 7
#: Shortest word fixed towards a general English word rather than one of the step's.
MIN_ENGLISH_TYPO = 5
#: A general English word is a fix only if it is common (about the 8,000 commonest words):
#: a rare neighbour ("lockup" for "lookup") is likelier a word the list lacks than a typo.
COMMON = 20_000
#: A clipped form must leave at least this many letters off ("temp" -> "temperature").
MIN_CLIPPED = 3
#: Known-word endings, so "analogies" is known when "analogy" is.
_ENDINGS = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""),
            ("ing", "e"), ("ly", ""), ("er", ""), ("ers", ""), ("ness", ""), ("al", ""))


@dataclass(frozen=True)
class Normalized:
    """The rewritten text and, per rewrite, where it sits in both texts."""

    text: str
    original: str
    #: (start in text, end in text, start in original, end in original), in order.
    edits: tuple[tuple[int, int, int, int], ...] = ()

    def original_span(self, start: int, end: int) -> str:
        """The learner's own characters behind `text[start:end]`."""
        return self.original[self._to_original(start, True):self._to_original(end, False)]

    def _to_original(self, at: int, is_start: bool) -> int:
        shift = 0
        for new_start, new_end, old_start, old_end in self.edits:
            if at < new_start or (at == new_start and not is_start):
                break
            if at < new_end or (at == new_end and not is_start):
                return old_start if is_start else old_end
            shift = old_end - new_end
        return at + shift


#: Lines of the word list parsed per JSON call (see `english`).
_CHUNK = 2048


@lru_cache(maxsize=1)
def english() -> dict[str, int]:
    """pyspellchecker's English word list with counts (160k words, one per line)."""
    try:
        raw = (files("spellchecker") / "resources" / "en.json.gz").read_bytes()
    except (ImportError, OSError) as exc:
        raise GraderError(
            f"The local grader's English word list cannot be read ({exc}); reinstall tutor "
            "so that its dependency pyspellchecker is installed.") from exc
    stream = io.StringIO(gzip.decompress(raw).decode("utf-8"))
    counts: dict[str, int] = {}
    # In chunks of lines: one json.loads of the whole list (0.2 s), or even one split of it
    # into lines (35 ms), holds the GIL long enough for the TUI to drop a key if this loads
    # while the learner types; a chunk holds it for about 2 ms.
    while chunk := list(islice(stream, _CHUNK)):
        body = "".join(chunk).strip().removeprefix("{").removesuffix("}").strip().rstrip(",")
        if body:
            counts.update(json.loads("{" + body + "}"))
    return counts


def step_words(*texts: str) -> frozenset[str]:
    """The lower-cased words of a step's texts: its own vocabulary."""
    return frozenset(w.lower() for text in texts for w in _WORD.findall(text) if "'" not in w)


def normalize(answer: str, step: frozenset[str]) -> Normalized:
    """`answer` with shorthand expanded and typos fixed against the step's words and English."""
    pieces: list[str] = []
    edits: list[tuple[int, int, int, int]] = []
    cursor, length = 0, 0
    for match in _tokens(answer):
        word = match.group(0)
        fixed = _fix(word, step)
        if fixed is None:
            continue
        if word[:1].isupper() and fixed[:1].islower():
            fixed = fixed[0].upper() + fixed[1:]
        pieces.append(answer[cursor:match.start()])
        length += match.start() - cursor
        edits.append((length, length + len(fixed), match.start(), match.end()))
        pieces.append(fixed)
        length += len(fixed)
        cursor = match.end()
    if not edits:
        return Normalized(text=answer, original=answer)
    pieces.append(answer[cursor:])
    return Normalized(text="".join(pieces), original=answer, edits=tuple(edits))


def _tokens(answer: str) -> list[re.Match[str]]:
    slashed = list(_SLASHED.finditer(answer))
    taken = [(m.start(), m.end()) for m in slashed]
    words = [m for m in _WORD.finditer(answer)
             if not any(s <= m.start() < e for s, e in taken)]
    return sorted(slashed + words, key=lambda m: m.start())


@lru_cache(maxsize=16384)
def _fix(word: str, step: frozenset[str]) -> str | None:
    lower = word.lower().replace("’", "'")
    if lower in SHORTHAND:
        return SHORTHAND[lower]
    if "'" in lower or len(lower) < MIN_TYPO or not word[1:].islower():
        return None
    if _known(lower, step, wordpiece_words()):
        return None
    if _known(lower, step, english()):  # a word, though not the model's: unless a clipped form
        return _clipped(lower, step)
    return _nearest(lower, step)


def _known(word: str, step: frozenset[str], words: Container[str]) -> bool:
    """`word`, or `word` less a common ending, is in `words` or the step's words."""
    stems = [word] + [word[: len(word) - len(end)] + add for end, add in _ENDINGS
                      if word.endswith(end) and len(word) - len(end) >= 3]
    return any(s in words or s in step for s in stems)


def _clipped(word: str, step: frozenset[str]) -> str | None:
    """The one step word that `word` is the start of ("temp" -> "temperature")."""
    longer = [w for w in step if len(w) >= len(word) + MIN_CLIPPED and w.startswith(word)]
    if longer and len({w[: len(word) + MIN_CLIPPED] for w in longer}) == 1:
        return min(longer, key=len)
    return None


def _nearest(word: str, step: frozenset[str]) -> str | None:
    """The one best word within reach, or None when nothing or a tie is there."""
    near = _one_edit(word)
    own = sorted(w for w in near if w in step)
    if not own and len(word) >= TWO_EDITS_FROM:
        letters = frozenset(word)
        # Two edits bring in at most two letters and drop at most two: a cheap, exact
        # filter before the distance itself.
        own = sorted(w for w, theirs in _letters(step).items()
                     if abs(len(w) - len(word)) <= 2 and len(letters - theirs) <= 2
                     and len(theirs - letters) <= 2 and _within(word, w, 2))
    if own:
        return own[0] if len(own) == 1 else None
    clipped = _clipped(word, step)
    if clipped:
        return clipped
    contractions = [w for w in near if w in SHORTHAND and "'" in SHORTHAND[w]]
    if contractions:
        return SHORTHAND[min(contractions)]
    if len(word) < MIN_ENGLISH_TYPO:
        return None
    counts = english()
    ranked = sorted((-counts[w], w) for w in near
                    if w[0] == word[0] and counts.get(w, 0) >= COMMON)
    return ranked[0][1] if ranked else None


@lru_cache(maxsize=64)
def _letters(step: frozenset[str]) -> dict[str, frozenset[str]]:
    """Each step word's set of letters, once per step."""
    return {w: frozenset(w) for w in step}


def _one_edit(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _EDITS]
    inserts = [a + c + b for a, b in splits for c in _EDITS]
    return set(deletes + swaps + replaces + inserts) - {word}


def _within(a: str, b: str, limit: int) -> bool:
    """True when the optimal-string-alignment distance (edits with adjacent swaps) of `a` and
    `b` is at most `limit`; gives up as soon as two rows in a row exceed it (a swap reaches
    back two rows), which most pairs of unrelated words do within a few letters."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit and min(previous) > limit:
            return False
        previous2, previous = previous, current
    return previous[-1] <= limit
