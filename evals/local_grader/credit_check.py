"""What the local grader credits in answers that hold a wrong idea (dev and train only).

For each gold-`hint` answer tagged as saying something wrong (misconception, contradiction,
wrong, relation/role swap, right-then-wrong, negation, padded), print the words the verdict
credits from this answer (a covered idea's evidence found in the answer): each is a claim
"these words state a needed idea". A careful reader checks them by eye; the count is the
figure. Never run on evals/seed, evals/transcripts or evals/adversarial (test sets).

    python evals/local_grader/credit_check.py [evals/dev/answers.json ...]
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tutor.grading.local.grader import LocalGrader  # noqa: E402
from tutor.grading.verdict import Decision  # noqa: E402
from tutor.harness.datasets import load_datasets  # noqa: E402

WRONG = frozenset({"misconception", "contradiction", "wrong", "relation-swap", "role-swap",
                   "right-then-wrong", "negation", "padded", "fixed", "goal"})
TEST_SETS = ("seed", "transcripts", "adversarial")


async def main(paths: list[Path]) -> None:
    """Print each credited clause of a wrong answer, and the counts."""
    if any(part in TEST_SETS for p in paths for part in p.parts):
        raise SystemExit("credit_check reads fitting and choosing sets only, not test sets.")
    grader = LocalGrader()
    items = [it for d in load_datasets(paths) for it in d.items
             if it.label is Decision.HINT and WRONG & set(it.tags)]
    verdicts = await grader.grade_many([it.request for it in items])
    credited = advanced = 0
    for it, v in zip(items, verdicts, strict=True):
        if isinstance(v, Exception):
            continue
        flat = " ".join(it.request.answer.split())
        words = [k.evidence for k in v.covered
                 if k.evidence and " ".join(k.evidence.split()) in flat]
        advanced += v.decision is Decision.ADVANCE
        if words:
            credited += 1
            print(f"{it.id} [{','.join(it.tags)}] {v.decision.value}: {it.request.answer[:140]!r}")
            for w in words:
                print(f"    credited: {w!r}")
    print(f"\n{credited} of {len(items)} wrong answers have credited words; "
          f"{advanced} advanced")


if __name__ == "__main__":
    asyncio.run(main([Path(a) for a in sys.argv[1:]] or
                     [ROOT / "evals" / "dev" / "answers.json",
                      ROOT / "evals" / "train" / "answers.json"]))
