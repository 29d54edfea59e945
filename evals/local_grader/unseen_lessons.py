"""The local grader on lessons it has never seen, with and without the lessons' examples.

The lessons in `lesson_data.UNSEEN_LESSONS` are kept out of every fitted part (no rule-made
pairs for the judge, no answers for the judge or the decision), so grading their labelled
answers (`evals/lessons/<lesson>/answers.json`, written by authors who did not write the
lessons' `[[examples]]`) measures a lesson the grader has never seen: leave-one-lesson-out
for each of them at once. Each is graded twice: with the examples (the step cuts are
calibrated on them) and without (the shipped cut).

    python evals/local_grader/unseen_lessons.py
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).parent)]

from lesson_data import UNSEEN_LESSONS  # type: ignore[import-not-found]  # noqa: E402

from tutor.grading.local.grader import LocalGrader  # noqa: E402
from tutor.grading.verdict import Decision  # noqa: E402
from tutor.harness.datasets import load_datasets  # noqa: E402

LESSONS = ROOT / "evals" / "lessons"


def figures(advanced: list[bool], gold: list[bool]) -> dict[str, float | int]:
    """Accuracy, kappa, false advance and false hold of one run."""
    n = len(gold)
    agree = sum(a == g for a, g in zip(advanced, gold, strict=True)) / max(n, 1)
    pa, pg = sum(advanced) / max(n, 1), sum(gold) / max(n, 1)
    pe = pa * pg + (1 - pa) * (1 - pg)
    holds = [a for a, g in zip(advanced, gold, strict=True) if not g]
    rights = [a for a, g in zip(advanced, gold, strict=True) if g]
    return {"n": n, "accuracy": round(agree, 3),
            "kappa": round((agree - pe) / (1 - pe), 3) if pe < 1 else 0.0,
            "false_advance_rate": round(sum(holds) / max(len(holds), 1), 3),
            "false_hold_rate": round(sum(not a for a in rights) / max(len(rights), 1), 3)}


async def main() -> None:
    """Print each unseen lesson's figures with and without its examples, and both pooled."""
    report: dict[str, dict[str, dict[str, float | int]]] = {}
    pooled: dict[str, tuple[list[bool], list[bool]]] = {"with": ([], []), "without": ([], [])}
    for name in sorted(UNSEEN_LESSONS):
        path = LESSONS / name / "answers.json"
        if not path.is_file():
            print(f"{name}: no labelled answers yet ({path})")
            continue
        items = [it for d in load_datasets([path]) for it in d.items]
        gold = [it.label is Decision.ADVANCE for it in items]
        report[name] = {}
        for mode in ("with", "without"):
            requests = [it.request if mode == "with"
                        else it.request.model_copy(update={"examples": []}) for it in items]
            verdicts = await LocalGrader().grade_many(requests)
            advanced = [not isinstance(v, Exception) and v.decision is Decision.ADVANCE
                        for v in verdicts]
            report[name][f"{mode}_examples"] = figures(advanced, gold)
            pooled[mode][0].extend(advanced)
            pooled[mode][1].extend(gold)
    report["pooled"] = {f"{m}_examples": figures(*pooled[m]) for m in pooled if pooled[m][1]}
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    asyncio.run(main())
