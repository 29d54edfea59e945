"""Templated Socratic hints (a question aimed at a missing idea) and the Checkpoint leak test.

Wording lives in `prompts/hints/<rung>.j2`; this module only picks the topic the question
points at. The topic is at most two content words of the missing idea (its subject, e.g.
"rare words"), never the idea's claim, so the hint asks about it instead of stating it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tutor.grading.local.text import (
    content_stems,
    is_content,
    longest_common_run,
    stem,
    wordset,
)
from tutor.grading.verdict import GradeRequest, Rung
from tutor.prompts import render

#: A hint leaks the Checkpoint when it repeats a run of this many consecutive Checkpoint
#: content words (stemmed, stopwords skipped): three content words in a row state a claim
#: ("rare words split"), two only name a topic ("rare words").
LEAK_RUN = 3
#: ...or when it contains this share of the Checkpoint's distinct content words (and at
#: least LEAK_MIN_WORDS of them), however they are arranged.
LEAK_SHARE = 0.5
LEAK_MIN_WORDS = 4
TOPIC_WORDS = 2

_BOILERPLATE = re.compile(
    r"^\s*(?:the\s+)?(?:learner|student)s?\s+should\s+(?:understand|know|see|realise|realize)"
    r"(?:\s+(?:that|the\s+trade-offs?))?\s*:?\s*",
    re.IGNORECASE,
)


# Verbs that end a rubric sentence's subject ("embeddings | encode semantic meaning").
_VERBS = frozenset(stem(w) for w in wordset(
    """
    allow balance capture complete default encode get give help introduce keep let make matter
    mean need produce resolve split struggle weigh use lose depend cause lead predict generate
    """
))


def leaks_checkpoint(hint: str, checkpoint: str) -> bool:
    """True when `hint` restates the Checkpoint (see LEAK_RUN and LEAK_SHARE)."""
    rubric = content_stems(_BOILERPLATE.sub("", checkpoint))
    said = content_stems(hint)
    if not rubric or not said:
        return False
    if longest_common_run(said, rubric) >= LEAK_RUN:
        return True
    shared = set(rubric) & set(said)
    return len(shared) >= LEAK_MIN_WORDS and len(shared) >= LEAK_SHARE * len(set(rubric))


# Words that end a subject without being verbs: prepositions and adverbs ("relationships |
# between words", "ambiguity | based on context", "information | early in a long context").
_SUBJECT_ENDS = wordset(
    """
    between among across through within without beyond against toward towards during based
    early late rarely often always usually sometimes never ever even still only
    """
)
# A subject counted by one of these is singular ("no word is ever unknown"); the hint asks
# about the plural ("words"), which reads as a topic and does not carry the claim's "no".
_QUANTIFIERS = wordset("no every each any")
# A quoted (or said) phrase at the start of an idea is its subject: '"I don't know" is
# rarely ...', 'Saying I don't know is rarely ...'.
_QUOTED_SUBJECT = re.compile(
    r'^\s*(?:saying\s+)?["“]([^"”]{2,40})["”]|^\s*saying\s+(.{2,40}?)\s+(?:is|are|was)\b',
    re.IGNORECASE)
_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|,")


def topic_of(idea: str | None) -> str | None:
    """The first content words of an idea (its subject), as the learner would write them."""
    if not idea:
        return None
    text = _BOILERPLATE.sub("", idea)
    quoted = _QUOTED_SUBJECT.match(text)
    if quoted:
        return f"“{(quoted.group(1) or quoted.group(2)).strip()}”"
    picked: list[str] = []
    counted = listed = False
    for word in _TOKEN.findall(text.lower().replace("’", "'")):
        if word == ",":
            listed = len(picked) == 1  # "small, fast models": keep the first and the noun
            continue
        if listed:
            listed = False
            continue
        if is_content(word) and stem(word) not in _VERBS and word not in _SUBJECT_ENDS:
            picked.append(word)
            if len(picked) == TOPIC_WORDS:
                break
        elif picked:
            break  # the subject ended; the rest of the idea is its claim
        else:
            counted = word in _QUANTIFIERS
    if counted and len(picked) == 1 and not picked[0].endswith("s"):
        picked[0] += "s"
    return " ".join(picked) or None


def templated_hint(request: GradeRequest, rung: Rung, missing_idea: str | None) -> str:
    """A Socratic question for `rung` aimed at `missing_idea`, never stating the Checkpoint."""
    return _hint(rung, topic_of(missing_idea), request.question, request.checkpoint)


# A class's answers to one step share a handful of (rung, topic) pairs: render each once.
@lru_cache(maxsize=1024)
def _hint(rung: Rung, topic: str | None, question: str, checkpoint: str) -> str:
    hint = render(f"hints/{rung.value}.j2", topic=topic, question=question)
    if topic and leaks_checkpoint(hint, checkpoint):
        hint = render(f"hints/{rung.value}.j2", topic=None, question=question)
    return hint
