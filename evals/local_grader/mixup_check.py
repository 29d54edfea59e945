"""How often the local grader names the mix-up an answer really states.

    python evals/local_grader/mixup_check.py

Against `evals/local_grader/mixup_labels.json` (which authored misconception each of 227 dev and
further-author answers states, 0 for none, labelled apart from the code). For the judge's
reading of the most likely misconception (P(states) at least a cut, a margin over its best
idea, and some content words shared with the learner's closest words, as `grader._decide`
names one), print how many it names, how many of those are the one the answer states, and
how many are named where the answer states none. Tuning data only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tutor.grading.local.analysis import STATES  # noqa: E402
from tutor.grading.local.grader import LocalGrader  # noqa: E402
from tutor.grading.text import content_stems  # noqa: E402
from tutor.harness.datasets import load_datasets  # noqa: E402

LABELS = ROOT / "evals" / "local_grader" / "mixup_labels.json"
SETS = [ROOT / "evals/dev/answers.json", *sorted((ROOT / "evals/train/authors").glob("*.json"))]


def main() -> None:
    """Print naming figures for a grid of (cut, margin, shared words)."""
    labels = json.loads(LABELS.read_text(encoding="utf-8"))["labels"]
    items = [it for d in load_datasets(SETS) for it in d.items if it.id in labels]
    analyses = LocalGrader().analyse([it.request for it in items])
    rows = []
    for item, a in zip(items, analyses, strict=True):
        authored = [m.text for m in item.request.misconceptions]
        stated = a.judged_wrong[0, :, STATES] if a.judged_wrong is not None else np.zeros(0)
        if not len(stated):
            continue
        j = int(np.argmax(stated))
        words = a.misconception_words(j) or ""
        shared = len(set(content_stems(words)) & set(content_stems(authored[j])))
        rows.append((float(stated[j]), float(stated[j]) - float(a.judged[0, :, STATES].max()),
                     shared, j + 1, int(labels[item.id])))
    stating = sum(r[4] > 0 for r in rows)
    print(f"{len(rows)} answers, {stating} stating an authored misconception")
    for cut in (0.5, 0.7, 0.9):
        for margin in (0.0, 0.1, 0.2):
            for share in (1, 2):
                sel = [r for r in rows if r[0] >= cut and r[1] > margin and r[2] >= share]
                right = sum(r[3] == r[4] for r in sel)
                none = sum(r[4] == 0 for r in sel)
                print(f"P >= {cut}, margin > {margin}, shared >= {share}: named {len(sel)}, "
                      f"the stated one {right}, where none is stated {none}")


if __name__ == "__main__":
    main()
