"""Fit the local grader's decision stage on labelled seed-lesson answers and pick its cut.

Run:  nice python evals/local_grader/fit_decision.py [--write]

Two labelled sets by different authors: `evals/dev/answers.json` and the project's eval
set (`evals/seed/answers.json` + `evals/transcripts/`). Every answer is analysed twice:
with the lesson's authored expectations and misconceptions, and with the bare
Checkpoint only (as for a lesson without them). Answers the guard blocks never reach
this stage and are left out. Printed, all out of sample:
- dev -> eval and eval -> dev: fitted on one author's answers, scored on the other's;
- leave-one-step-out over both sets: each step decided by a model fitted on the other
  six steps, as a new lesson's would be. This is the figure to quote.
`--write` ships the model fitted on both sets, so `tutor eval` on the eval set is then
partly in-sample for this stage (17 weights and a cut); see evals/local_grader/README.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import numpy.typing as npt
from logistic import fit_logistic  # type: ignore[import-not-found]

from tutor.grading.guard import inspect_answer
from tutor.grading.local.decision import DECISION_PATH, Decider
from tutor.grading.local.grader import LocalGrader
from tutor.grading.verdict import Decision
from tutor.harness.datasets import load_datasets

DEV = [Path("evals/dev/answers.json")]
EVAL = [Path("evals/seed/answers.json"), Path("evals/transcripts")]
PENALTY = 1.0
#: The cut is the one with the best dev accuracy among those advancing at most this share
#: of the answers a tutor would hold back: a false advance costs a learner more than a hold.
MAX_FALSE_ADVANCE = 0.10
#: Which labelled answers the shipped model is fitted on (see the module docstring).
TRAIN = "both"

F = npt.NDArray[np.float64]


def rows(paths: list[Path]) -> tuple[F, F, list[str]]:
    """Decision features, gold labels and step keys for every (answer, rubric mode)."""
    items = [it for d in load_datasets(paths) for it in d.items
             if not inspect_answer(it.request).blocked]
    grader = LocalGrader()
    bare = [it.request.model_copy(update={"expectations": [], "misconceptions": []})
            for it in items]
    analyses = grader.analyse([it.request for it in items]) + grader.analyse(bare)
    x = np.stack([a.features() for a in analyses])
    y = np.array([it.label is Decision.ADVANCE for it in items] * 2, dtype=np.float64)
    steps = [it.step for it in items] * 2
    return x, y, steps


def decider(x: F, y: F) -> Decider:
    """Fit, then choose the cut on the same rows."""
    mean, scale, weights, bias = fit_logistic(x, y, PENALTY)
    p = 1.0 / (1.0 + np.exp(-(((x - mean) / scale) @ weights + bias)))
    best_cut, best_acc = 0.5, -1.0
    for cut in np.linspace(0.2, 0.9, 71):
        advanced = p >= cut
        fa = float((advanced & (y == 0)).sum() / max((y == 0).sum(), 1))
        acc = float((advanced == (y == 1)).mean())
        if fa <= MAX_FALSE_ADVANCE and acc > best_acc:
            best_cut, best_acc = float(cut), acc
    return Decider(mean=mean, scale=scale, weights=weights, bias=bias, cut=best_cut)


def figures(advanced: npt.NDArray[np.bool_], y: F) -> dict[str, float]:
    """Accuracy and false-advance rate (share of hint-worthy answers advanced)."""
    return {"accuracy": round(float((advanced == (y == 1)).mean()), 3),
            "false_advance_rate": round(float((advanced & (y == 0)).sum()
                                              / max((y == 0).sum(), 1)), 3),
            "n": len(y)}


def decide(model: Decider, x: F) -> npt.NDArray[np.bool_]:
    """The model's advance decisions for rows of features."""
    return np.array([model.probability(row) >= model.cut for row in x], dtype=bool)


def leave_one_step_out(x: F, y: F, steps: list[str]) -> dict[str, float]:
    """Figures with each step decided by a model fitted without it."""
    keys = np.array(steps)
    advanced = np.zeros(len(y), dtype=bool)
    for step in sorted(set(steps)):
        held = keys == step
        advanced[held] = decide(decider(x[~held], y[~held]), x[held])
    return figures(advanced, y)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the shipped weights")
    parser.add_argument("--train", choices=["dev", "both"], default=TRAIN,
                        help="fit the shipped model on the dev set only, or on dev + eval")
    args = parser.parse_args()
    xd, yd, sd = rows(DEV)
    xe, ye, se = rows(EVAL)
    report = {
        "dev_to_eval": figures(decide(decider(xd, yd), xe), ye),
        "eval_to_dev": figures(decide(decider(xe, ye), xd), yd),
        "leave_one_step_out": leave_one_step_out(np.vstack([xd, xe]), np.r_[yd, ye], sd + se),
    }
    for name, value in report.items():
        print(f"{name}: {value}")
    if args.train == "dev":
        model = decider(xd, yd)
        fitted_on = (f"evals/dev/answers.json ({len(yd) // 2} answers not blocked by the "
                     "guard, each with and without authored expectations)")
    else:
        model = decider(np.vstack([xd, xe]), np.r_[yd, ye])
        fitted_on = ("evals/dev/answers.json + evals/seed/answers.json + evals/transcripts/ "
                     f"({(len(yd) + len(ye)) // 2} answers not blocked by the guard, each with "
                     "and without authored expectations)")
    print(f"shipped ({args.train}) cut = {model.cut:.2f}")
    if args.write:
        extra = {"fitted_on": fitted_on,
                 "penalty": PENALTY, "max_false_advance": MAX_FALSE_ADVANCE,
                 "out_of_sample": report,
                 "command": "python evals/local_grader/fit_decision.py --write"}
        DECISION_PATH.write_text(model.to_json(extra), encoding="utf-8")
        print(f"wrote {DECISION_PATH}")


if __name__ == "__main__":
    main()
