"""Does calibrating a step's cut on its labelled examples help, and at what cost ratio?

    python evals/local_grader/calibration_check.py [SEED ...]

Tuning data only: the SemEval-2013 questions the judge was never trained on. For each
question, RIGHT right and WRONG wrong answers are drawn as the step's `[[examples]]`; the
others are decided by the shipped decision with the shipped cut, and with the cut
`calibration.calibrated_cut` picks on the examples, for several false-advance costs and
shifts. Each answer and example is scored once; the guard's blocks count as holds.
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tutor.grading.guard import inspect_answers  # noqa: E402
from tutor.grading.local import calibration  # noqa: E402
from tutor.grading.local.grader import LocalGrader  # noqa: E402
from tutor.grading.local.judge import JUDGE_PATH  # noqa: E402
from tutor.grading.verdict import GradeRequest  # noqa: E402

SEMEVAL = Path("/work/shared/data/semeval2013")
RIGHT, WRONG = 4, 6
COSTS = (1.0, 2.0, 3.0, 4.0)
SHIFTS = (0.1, 0.2)


def main() -> None:
    """Print accuracy, false advance and false hold for each configuration and seed."""
    held = set(json.loads(JUDGE_PATH.with_suffix(".json").read_text())["held_out_questions"])
    by_question: dict[str, list[dict[str, object]]] = defaultdict(list)
    for corpus in ("beetle", "scientsbank"):
        for line in (SEMEVAL / f"{corpus}-train.jsonl").open(encoding="utf-8"):
            row = json.loads(line)
            if row["question_id"] in held:
                by_question[row["question_id"]].append(row)
    rows = [r for rs in by_question.values() for r in rs]
    requests = [GradeRequest(answer=str(r["answer"]), question=str(r["question"]),
                             checkpoint="\n".join(r["reference_answers"]))  # type: ignore[arg-type]
                for r in rows]
    grader = LocalGrader()
    blocked = [rep.blocked for rep in inspect_answers(requests)]
    open_ = [q for q, b in zip(requests, blocked, strict=True) if not b]
    scores = iter(grader._stage_two().probability(a.features()) for a in grader.analyse(open_))
    score = {id(r): 0.0 if b else next(scores) for r, b in zip(rows, blocked, strict=True)}
    shipped = grader._stage_two().cut
    for seed in [int(a) for a in sys.argv[1:]] or [7, 8, 9]:
        rng = random.Random(seed)
        results: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
        for answers in by_question.values():
            answers = answers[:]
            rng.shuffle(answers)
            right = [r for r in answers if r["label_2way"] == "correct"][:RIGHT]
            wrong = [r for r in answers if r["label_2way"] != "correct"][:WRONG]
            if len(right) < 2 or len(wrong) < 3:
                continue
            examples = right + wrong
            ex_scores = [score[id(r)] for r in examples]
            ex_labels = [r in right for r in examples]
            cuts = {"shipped cut": shipped}
            for cost in COSTS:
                for shift in SHIFTS:
                    calibration.FALSE_ADVANCE_COST, calibration.SHIFT = cost, shift
                    cuts[f"cost {cost:g}, shift {shift:g}"] = calibration.calibrated_cut(
                        ex_scores, ex_labels, shipped)
            for r in answers:
                if any(r is e for e in examples):
                    continue
                for name, cut in cuts.items():
                    results[name].append((score[id(r)] >= cut, r["label_2way"] == "correct"))
        print(f"seed {seed}")
        for name, pairs in results.items():
            a = np.array(pairs)
            adv, gold = a[:, 0], a[:, 1]
            fa = (adv & ~gold).sum() / (~gold).sum()
            fh = (~adv & gold).sum() / gold.sum()
            print(f"  {name:22s} acc {(adv == gold).mean():.3f}  FA {fa:.3f}  FH {fh:.3f}"
                  f"  n {len(a)}")


if __name__ == "__main__":
    main()
