"""2-way accuracy of the local grader on a fixed sample of SemEval-2013 train answers.

The grader has no fitted parameters (hand-set thresholds), so every question is unseen.
Rubric = the reference answers joined, as in `tutor eval` format (b).
Run: nice python evals/local_grader/semeval_sample.py [N per corpus]
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from tutor.grading.local.grader import LocalGrader
from tutor.grading.verdict import Decision, GradeRequest

DATA = Path("/work/shared/data/semeval2013")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    grader = LocalGrader()
    for corpus in ("beetle", "scientsbank"):
        rows = [json.loads(line) for line in (DATA / f"{corpus}-train.jsonl").open()]
        sample = random.Random(7).sample(rows, n)
        right = false_adv = gold_hint = 0
        for row in sample:
            request = GradeRequest(answer=row["answer"], question=row["question"],
                                   checkpoint=" ".join(row["reference_answers"]))
            advanced = grader.grade_sync(request).decision is Decision.ADVANCE
            gold = row["label_2way"] == "correct"
            right += advanced == gold
            gold_hint += not gold
            false_adv += advanced and not gold
        print(f"{corpus}: n={n} accuracy={right / n:.3f} "
              f"false_advance_rate={false_adv / max(gold_hint, 1):.3f}")


if __name__ == "__main__":
    main()
