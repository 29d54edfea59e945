"""How the grader teaches, not only whether it decides right: the pedagogy figures of an eval.

Pure functions over (gold item, first-run verdict) pairs. Every figure is measured on the
answers a careful tutor would hold back (gold `hint`), where the tutor's words matter:

- **aimed**: of the gold-hint answers with a non-empty gold `missing` label that got a hint,
  the share whose hint is aimed at one of those ideas (`Verdict.hint_target` in `missing`).
  A hint aimed at one of the step's misconceptions, or at nothing named, is counted apart.
- **answer leak**: of the gold-hint answers held back with a hint, the share whose hint or
  feedback repeats a run of four Checkpoint content words (tutor.grading.leaks) while the
  Checkpoint is still to be found (a hint decision is always before the reveal).
- **praise of a wrong answer**: of the gold-hint answers tagged with a WRONG_TAGS tag that
  were graded, the share whose feedback or hint opens with praise (PRAISE_OPENERS).
- **distinct hints**: of the hints given to gold-hint answers, the share of distinct texts,
  and the share that open with the same four words as another hint.

A figure with no answers to count is None (undefined), never 0.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pydantic import BaseModel

from tutor.grading.leaks import leaks
from tutor.grading.verdict import Decision, Verdict
from tutor.harness.metrics import ratio

#: Gold tags that mark an answer as holding a wrong idea: praise must never open a reply to it.
WRONG_TAGS = frozenset({"misconception", "wrong"})

#: How praise opens a reply, in generic English (matched case-insensitively at the start of
#: the feedback or hint, on a word boundary, after any leading quote or bracket). A reply
#: that opens with one of these tells the learner they are right, or partly right, before
#: saying anything else.
PRAISE_OPENERS: tuple[str, ...] = (
    "good", "great", "nice", "excellent", "well done", "well said", "perfect", "brilliant",
    "fantastic", "wonderful", "awesome", "superb", "exactly", "correct", "right",
    "absolutely", "spot on", "yes", "bravo", "impressive", "that's right", "that is right",
    "that's correct", "that is correct", "that's a good", "that's a great", "you're right",
    "you are right", "you're correct", "you are correct", "you're partly", "you are partly",
    "you're on the right track", "you are on the right track", "you're close",
    "you are close", "you've got", "you have got", "you got", "you have made a start",
    "you've made a start", "you made a good", "you make a good", "you have a good",
    "you've got the right idea",
)

#: Words compared for "opens the same way".
OPENING_WORDS = 4

_PRAISE = re.compile(
    r"^[\s\"'“‘(\[*_-]*(?:" + "|".join(re.escape(p) for p in
                                        sorted(PRAISE_OPENERS, key=len, reverse=True))
    + r")(?![\w'’])", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def opens_with_praise(text: str | None) -> bool:
    """True when `text` opens with one of PRAISE_OPENERS."""
    return bool(text) and _PRAISE.match((text or "").replace("’", "'")) is not None


def normal(text: str) -> str:
    """Case, punctuation and spacing folded, for comparing texts written by different hands."""
    return " ".join(_WORD.findall(text.casefold().replace("’", "'")))


def opening(text: str, words: int = OPENING_WORDS) -> str:
    """The first `words` words of `text`, normalised."""
    return " ".join(normal(text).split()[:words])


@dataclass(frozen=True)
class Graded:
    """One gold-labelled answer and the verdict of its first run (None: not graded)."""

    label: Decision
    tags: Sequence[str]
    missing: Sequence[str] | None  # gold: None when unlabelled
    checkpoint: str
    misconceptions: Sequence[str]
    verdict: Verdict | None


class Pedagogy(BaseModel):
    """The pedagogy figures of metrics.json (see the module docstring for each)."""

    hints_aimed_rate: float | None
    hints_aimed: int
    hints_aim_counted: int  # gold-hint answers with a missing label that got a hint
    hints_aimed_at_misconception: int
    hints_aimed_at_nothing: int
    answer_leak_rate: float | None
    answers_leaked: int
    leak_counted: int  # gold-hint answers held back with a hint
    wrong_praised_rate: float | None
    wrong_praised: int
    praise_counted: int  # graded gold-hint answers tagged with a WRONG_TAGS tag
    distinct_hints_rate: float | None
    distinct_hints: int
    hints_same_opening_rate: float | None
    hints_same_opening: int
    hints_counted: int  # hints given to gold-hint answers


def pedagogy(rows: Iterable[Graded]) -> Pedagogy:
    """Every pedagogy figure over the graded answers (see the module docstring)."""
    held = [r for r in rows if r.label is Decision.HINT]
    hinted = [(r, r.verdict) for r in held if r.verdict is not None
              and r.verdict.decision is Decision.HINT and r.verdict.hint]

    aim = [(r, v) for r, v in hinted if r.missing]
    aimed = sum(_target(v) in {normal(m) for m in r.missing or ()} for r, v in aim)
    at_misconception = sum(_target(v) is not None and _target(v) in {
        normal(m) for m in r.misconceptions} for r, v in aim)
    at_nothing = sum(_target(v) is None for _, v in aim)

    leaked = sum(leaks(v.hint or "", r.checkpoint) or leaks(v.feedback, r.checkpoint)
                 for r, v in hinted)

    wrong = [r.verdict for r in held if r.verdict is not None and WRONG_TAGS & set(r.tags)]
    praised = sum(opens_with_praise(v.feedback) or opens_with_praise(v.hint) for v in wrong)

    hints = [normal(v.hint or "") for _, v in hinted]
    openings = Counter(opening(h) for h in hints)
    same_opening = sum(openings[opening(h)] > 1 for h in hints)

    return Pedagogy(
        hints_aimed_rate=ratio(aimed, len(aim)), hints_aimed=aimed,
        hints_aim_counted=len(aim), hints_aimed_at_misconception=at_misconception,
        hints_aimed_at_nothing=at_nothing,
        answer_leak_rate=ratio(leaked, len(hinted)), answers_leaked=leaked,
        leak_counted=len(hinted),
        wrong_praised_rate=ratio(praised, len(wrong)), wrong_praised=praised,
        praise_counted=len(wrong),
        distinct_hints_rate=ratio(len(set(hints)), len(hints)), distinct_hints=len(set(hints)),
        hints_same_opening_rate=ratio(same_opening, len(hints)),
        hints_same_opening=same_opening, hints_counted=len(hints))


def _target(verdict: Verdict) -> str | None:
    target = verdict.hint_target
    return normal(target) if target and target.strip() else None
