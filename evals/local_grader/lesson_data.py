"""Hand-written lesson answers for the judge and the decision (`evals/train/` only).

`evals/train/answers.json` (seed-lesson answers written to fit on, never a test set) is
split in two halves by a hash of each answer's id: the judge is trained on one half, the
decision is fitted on the other, so no fitted part reads judge outputs on answers the
judge was trained on. `evals/dev/`, `evals/seed/`, `evals/transcripts/` and
`evals/adversarial/` are never read here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from tutor.grading.leaks import rubric_body
from tutor.grading.verdict import Decision
from tutor.harness.datasets import load_datasets
from tutor.harness.items import EvalItem

ROOT = Path(__file__).resolve().parents[2]
TRAIN = ROOT / "evals" / "train" / "answers.json"
STATES, CONTRADICTS, NEITHER = 0, 1, 2
#: Tags of a hint whose answer says something wrong about the step's ideas.
WRONG_TAGS = frozenset({"misconception", "contradiction"})

Pair = tuple[str, str, int, str]


def for_judge(item_id: str) -> bool:
    """Whether an answer belongs to the judge's half (else the decision's)."""
    return hashlib.sha256(item_id.encode()).digest()[0] % 2 == 0


def items(judge_half: bool) -> list[EvalItem]:
    """The train set's answers of one half."""
    return [it for d in load_datasets([TRAIN]) for it in d.items
            if for_judge(it.id) == judge_half]


def judge_pairs() -> list[Pair]:
    """(text, answer, label, kind) from the judge's half, only where the labels say it:
    another step's Checkpoint against the answer (neither); the Checkpoint against it (an
    answer to advance states it, a misconception or contradiction contradicts it, any other
    hint-worthy answer neither); and each
    expectation whose reading the gold labels fix: a needed one in an answer to advance
    (when the step has one group of needed ideas), a `missing` one in a hint (neither,
    or contradicts when it is the only one missing from a wrong answer; a wrong answer
    missing several is skipped: which one it contradicts is not labelled), a needed one
    not missing from a partial answer (states)."""
    out: list[Pair] = []
    mine = items(judge_half=True)
    checkpoints = sorted({rubric_body(it.request.checkpoint) for it in mine})
    for it in mine:
        request = it.request
        answer = request.answer
        # An answer read against another step's Checkpoint states nothing of it, so the
        # judge learns to read the answer, not which Checkpoint it is shown.
        others = [c for c in checkpoints if c != rubric_body(request.checkpoint)]
        if others:
            other = others[int(hashlib.sha256(it.id.encode()).hexdigest(), 16) % len(others)]
            out.append((other, answer, NEITHER, "lesson_other_step"))
        advance = it.label is Decision.ADVANCE
        wrong = bool(WRONG_TAGS & set(it.tags))
        whole = STATES if advance else CONTRADICTS if wrong else NEITHER
        out.append((rubric_body(request.checkpoint), answer, whole, "lesson_checkpoint"))
        ideas = list(request.expectations)
        groups = request.needs or [list(range(len(ideas)))]
        if advance:
            if len(groups) == 1:
                out += [(ideas[i], answer, STATES, "lesson_idea") for i in groups[0]]
            continue
        missing = set(it.missing or [])
        for idea in ideas:
            if idea in missing and not (wrong and len(missing) > 1):  # which one is wrong?
                label = CONTRADICTS if wrong else NEITHER
                out.append((idea, answer, label, "lesson_idea"))
        if len(groups) == 1 and "partial" in it.tags:
            out += [(ideas[i], answer, STATES, "lesson_idea") for i in groups[0]
                    if ideas[i] not in missing]
    return out
