"""How often the local grader praises ("Good: …") the answers it advances, right and wrong.

    python benchmarks/praise.py

Tuning sets only (evals/dev and its odd-surface set, the further authors of evals/train, the
no-sidecar lesson's SemEval answers in tests/grading/unseen/): never evals/seed,
evals/transcripts, evals/adversarial or evals/lessons. A praised wrong answer is the worse
mistake: the tutor then says a wrong idea is right.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tutor.grading.local.grader import LocalGrader  # noqa: E402
from tutor.grading.verdict import Decision  # noqa: E402
from tutor.harness.datasets import load_datasets  # noqa: E402

SETS = [ROOT / "evals/dev/answers.json", ROOT / "evals/dev/odd_surface.json",
        *sorted((ROOT / "evals/train/authors").glob("*.json")),
        ROOT / "tests/grading/unseen/science-answers.json"]


def main() -> None:
    """Print, for the advanced answers, how many right and wrong ones were praised."""
    grader = LocalGrader()
    right = wrong = right_praised = wrong_praised = 0
    for path in SETS:
        items = [it for d in load_datasets([path]) for it in d.items]
        for item, verdict in zip(items, grader.grade_batch([it.request for it in items]),
                                 strict=True):
            if verdict.decision is not Decision.ADVANCE:
                continue
            praised = verdict.feedback.startswith("Good")
            if item.label is Decision.ADVANCE:
                right, right_praised = right + 1, right_praised + praised
            else:
                wrong, wrong_praised = wrong + 1, wrong_praised + praised
    print(f"right answers advanced: {right}, praised {right_praised}")
    print(f"wrong answers advanced: {wrong}, praised {wrong_praised}")


if __name__ == "__main__":
    main()
