"""Hand-written lesson answers for the judge and the decision (`evals/train/` only).

`evals/train/answers.json` (seed-lesson answers written to fit on, never a test set) is
split in two halves by a hash of each answer's id: the judge is trained on one half, the
decision is fitted on the other, so no fitted part reads judge outputs on answers the
judge was trained on. The answers by further authors (`evals/train/authors/*.json`, one
file an author) are split by author (JUDGE_AUTHORS), so the decision is also fitted on
wordings by a person the judge never read. `evals/dev/`, `evals/seed/`, `evals/transcripts/` and
`evals/adversarial/` are never read here.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import negatives  # type: ignore[import-not-found]

from tutor.grading.leaks import rubric_body
from tutor.grading.verdict import Decision
from tutor.harness.datasets import load_datasets
from tutor.harness.items import EvalItem

ROOT = Path(__file__).resolve().parents[2]
TRAIN = ROOT / "evals" / "train" / "answers.json"
AUTHORS = ROOT / "evals" / "train" / "authors"
LESSONS = ROOT / "lessons"
#: The further authors whose answers train the judge; the others' answers are the decision's.
#: Empty: the shipped judge read none of them (a retrain on author b was tried and not
#: shipped, evals/local_grader/README.md), so every author is the decision's.
JUDGE_AUTHORS: frozenset[str] = frozenset()
#: Bundled lessons kept out of all fitting (no rule-made pairs, no answers): the judge and
#: the decision never see them, so grading their labelled answers (`evals/lessons/`) measures
#: a lesson the grader has never seen (leave-one-lesson-out, for each of them at once).
UNSEEN_LESSONS = frozenset({"how-vaccines-work", "reading-statistics"})
STATES, CONTRADICTS, NEITHER = 0, 1, 2
#: Tags of a hint whose answer says something wrong about the step's ideas.
WRONG_TAGS = frozenset({"misconception", "contradiction", "relation-swap", "role-swap",
                        "negation", "fixed", "goal", "right-then-wrong"})
#: Tags of a hint whose answer states some needed ideas: those not `missing` are stated.
PART_TAGS = frozenset({"partial", "right-then-wrong"})

Pair = tuple[str, str, int, str]


def for_judge(item_id: str) -> bool:
    """Whether an answer belongs to the judge's half (else the decision's)."""
    return hashlib.sha256(item_id.encode()).digest()[0] % 2 == 0


def author_files(judge_half: bool) -> list[Path]:
    """The further authors' files of one half (`AUTHORS/<author>.json`)."""
    return [p for p in sorted(AUTHORS.glob("*.json")) if (p.stem in JUDGE_AUTHORS) == judge_half]


def items(judge_half: bool) -> list[EvalItem]:
    """The train set's answers of one half."""
    hashed = [it for d in load_datasets([TRAIN]) for it in d.items
              if for_judge(it.id) == judge_half]
    files = author_files(judge_half)
    return hashed + ([it for d in load_datasets(files) for it in d.items] if files else [])


def rule_made_pairs(rng: random.Random) -> list[Pair]:
    """`negatives` over every bundled lesson's expectations and misconceptions, step by step
    (relation swaps only where a step needs all its ideas: there each is a distinct part)."""
    from tutor.lesson.parser import load_lesson_file

    out: list[Pair] = []
    for path in sorted(LESSONS.glob("*.md")):
        if path.name.endswith(".ext.md") or path.stem in UNSEEN_LESSONS:
            continue
        for step in load_lesson_file(path).steps:
            ideas = list(step.expectations)
            if not ideas:
                continue
            made = negatives.for_sentences(ideas, rng)
            if len(step.needs) != 1 or len(step.needs[0]) < 2:
                made = [p for p in made if p[3] != "relation_swap"]
            out += made
            out += negatives.for_misconceptions(ideas, [m.text for m in step.misconceptions])
    return out


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
        if len(groups) == 1 and PART_TAGS & set(it.tags):
            out += [(ideas[i], answer, STATES, "lesson_idea") for i in groups[0]
                    if ideas[i] not in missing]
    return out
