"""The tutor's next question: the author's script when there is one, else a generic one.

AutoTutor's order: if the answer states a known misconception, its question comes first
(once); otherwise the first missing expectation's question at the current rung (pump, hint,
prompt; at the assertion rung, its assertion). A rung the author left empty borrows the
nearest authored question not yet asked.

Without a script the question is built from the step's own Question and the learner's own
words, never from a fragment of the rubric: it quotes the part of the Question the answer
has touched least, or a clause the learner wrote, each a whole sentence. Wording lives in
`prompts/hints/<rung>.j2`; nothing here knows any lesson.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from tutor.grading import leaks
from tutor.grading.local.text import content_stems, longest_common_run, sentences
from tutor.grading.verdict import LADDER, GradeRequest, Rung
from tutor.prompts import render

#: A hint leaks the Checkpoint when it repeats a run of this many consecutive Checkpoint
#: content words (stemmed, stopwords skipped): three content words in a row state a claim
#: ("rare words split"), two only name a topic ("rare words").
LEAK_RUN = 3
#: ...or when it contains this share of the Checkpoint's distinct content words (and at
#: least LEAK_MIN_WORDS of them), however they are arranged.
LEAK_SHARE = 0.5
LEAK_MIN_WORDS = 4
#: The longest part of the Question or of the learner's answer a generic hint quotes.
QUOTE_WORDS = 30
#: A clause of the learner's this short says too little to build a question on.
MIN_SAID_WORDS = 3


def leaks_checkpoint(hint: str, checkpoint: str) -> bool:
    """True when `hint` restates the Checkpoint (see LEAK_RUN and LEAK_SHARE)."""
    rubric = content_stems(leaks.rubric_body(checkpoint))
    said = content_stems(hint)
    if not rubric or not said:
        return False
    if longest_common_run(said, rubric) >= LEAK_RUN:
        return True
    shared = set(rubric) & set(said)
    return len(shared) >= LEAK_MIN_WORDS and len(shared) >= LEAK_SHARE * len(set(rubric))


@dataclass(frozen=True)
class Question:
    """The tutor's next question and the expectation or misconception it is aimed at."""

    text: str
    target: str | None


def _asked(request: GradeRequest) -> set[str]:
    return {a.hint for a in request.previous if a.hint}


def _scripted(request: GradeRequest, rung: Rung, target: str) -> str | None:
    """The author's words for `target` at `rung`, or the nearest authored question not yet
    asked (a later rung before an earlier one: it narrows rather than repeats)."""
    script = request.script_for(target)
    if script is None:
        return None
    if rung is Rung.ASSERTION:
        return script.assertion
    asked = _asked(request)
    position = LADDER.index(rung)
    order = [LADDER[position], *LADDER[position + 1:-1], *reversed(LADDER[:position])]
    for candidate in order:
        text = script.question(candidate.value)
        if text and (candidate is rung or text not in asked):
            return text
    return None


def next_question(request: GradeRequest, rung: Rung, missing: Sequence[str],
                  misconception: str | None = None, said: str | None = None) -> Question:
    """The question for `rung`: the stated misconception's (once), else the first missing
    expectation's; `said` is the learner's own words the grader credited, if any."""
    asked = _asked(request)
    if misconception is not None:
        known = next((m for m in request.misconceptions if m.text == misconception), None)
        if known is not None and known.hint and known.hint not in asked:
            return Question(known.hint, misconception)
        if known is not None and not known.hint and rung is not Rung.ASSERTION:
            text = render("hints/misconception.j2", part=_untouched_part(request))
            if text not in asked:
                return Question(text, misconception)
    target = next(iter(missing), None)
    if target is not None:
        scripted = _scripted(request, rung, target)
        if scripted:
            return Question(scripted, target)
    return Question(generic_question(request, rung, said), target)


def templated_hint(request: GradeRequest, rung: Rung, missing_idea: str | None) -> str:
    """A question for `rung` aimed at `missing_idea` (else the step's first expectation)."""
    missing = [missing_idea] if missing_idea else list(request.expectations)
    return next_question(request, rung, missing).text


def option_question(request: GradeRequest) -> str:
    """A question about the option the learner chose, naming it (never the expected one)."""
    return render("hints/option.j2", option=request.choice)


def generic_question(request: GradeRequest, rung: Rung, said: str | None = None) -> str:
    """A question with no script: about the part of the Question the answer has touched
    least, or building on the learner's own words; whole sentences only, never a fragment
    of the rubric."""
    return _generic(rung, _untouched_part(request), _quotable(said, request.checkpoint))


#: Phrasings per rung of a generic question (the templates' `variant`).
VARIANTS = 3


@lru_cache(maxsize=1024)
def _generic(rung: Rung, part: str | None, said: str | None) -> str:
    # The phrasing follows from the words quoted, so the same question is always put the
    # same way, and a class's questions about different parts do not all open alike.
    variant = zlib.crc32((said or part or "").encode()) % VARIANTS
    return render(f"hints/{rung.value}.j2", part=part, said=said, variant=variant)


_QUESTION_WORDS = re.compile(
    r"^(?:why|how|what|which|who|whom|whose|when|where|whether|explain|describe|tell|say|"
    r"give|name|list|compare|predict|identify|suggest|state|show|use|is|are|does|do|did|can|"
    r"could|would|will|should)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.?!])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def _parts(question: str) -> list[str]:
    """The Question's sentences that ask something (a question or an instruction)."""
    found = [s.strip() for s in _SENTENCE.split(question.strip()) if s.strip()]
    asking = [s for s in found if s.endswith("?") or _QUESTION_WORDS.match(s)]
    return asking or found[-1:]


def _untouched_part(request: GradeRequest) -> str | None:
    """The asking sentence of the Question the answer (and the earlier ones) touched least,
    if it quotes whole and repeats no run of the rubric."""
    said = set(content_stems(" ".join([request.answer, *(a.answer for a in request.previous)])))
    best: tuple[float, int, str] | None = None
    for i, part in enumerate(_parts(request.question)):
        stems = content_stems(part)
        if (not stems or len(part.split()) > QUOTE_WORDS
                or leaks.leaks(part, request.checkpoint)):
            continue
        touched = len(set(stems) & said) / len(set(stems))
        if best is None or touched < best[0]:
            best = (touched, i, part)
    if best is None:
        return None
    part = _as_quote(best[2])
    return part if part[-1:] in (".", "?", "!") else part + "."


def _quotable(said: str | None, checkpoint: str) -> str | None:
    """The learner's clause to build on: whole, of a sensible length, and not a run of the
    Checkpoint (quoting that back would read as the tutor's own statement of it)."""
    if not said:
        return None
    # A line break is where the learner's box wrapped or they pressed Enter, not the end of
    # a sentence: split at one, a clause would be quoted cut off ("Plants get energy from").
    clauses = [c for c in sentences(" ".join(said.split()))
               if MIN_SAID_WORDS <= len(c.split()) <= QUOTE_WORDS
               and not leaks.leaks(c, checkpoint) and re.search(r"[A-Za-z]{2}", c)]
    if not clauses:
        return None
    clause = _as_quote(max(clauses, key=lambda c: len(content_stems(c))))
    # A slip of the keyboard ("the the") is not the learner's point: quoted once.
    return _DOUBLED.sub(r"\1", clause).rstrip(".,;:!?… ")


_DOUBLED = re.compile(r"\b(\w+)(?:\s+\1\b)+", re.IGNORECASE)


def _as_quote(text: str) -> str:
    """A sentence ready to sit inside quotation marks: no outer quotes or spaces."""
    return text.strip().strip("\"“”'‘’").strip()
