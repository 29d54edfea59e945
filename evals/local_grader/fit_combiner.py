"""Fit the local grader's logistic combiner on SemEval-2013 and report grouped CV accuracy.

Run:  nice python evals/local_grader/fit_combiner.py [--write]

Every answer of both training corpora (Beetle, SciEntsBank) is featurised exactly as the
grader does (`tutor.grading.local.features`) against its question's reference answers,
taken as alternatives. Accuracy is estimated with whole questions held out (5-fold
grouped cross-validation, folds by question id), because a new lesson brings new
questions. `--write` then fits on every question except those held out from the judge's
training (`held_out_questions` in `data/judge.json`: the decision is fitted and the whole
grader measured on them, so neither model may have seen them) and writes
`tutor/grading/local/data/combiner.json`.

Data: SemEval-2013 Task 7 (Dzikovska et al. 2013), CC BY-SA 3.0,
https://aclanthology.org/S13-2045/ — read from /work/shared/data/semeval2013/.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt
from logistic import fit_logistic  # type: ignore[import-not-found]

from tutor.grading.embedded.embedder import get_embedder
from tutor.grading.local.combiner import COMBINER_PATH, Combiner
from tutor.grading.local.features import INTERACTION_NAMES, SCALAR_NAMES, features, prepare
from tutor.grading.local.judge import JUDGE_PATH
from tutor.grading.local.normalize import normalize, step_words

DATA = Path("/work/shared/data/semeval2013")
CORPORA = ("beetle", "scientsbank")
FOLDS = 5
#: L2 penalties: light on the named features (CV is flat from 0.1 to 30), heavy on the
#: 768 interaction features, which otherwise learn the training questions' vocabulary.
PENALTY = 1.0
INTERACTION_PENALTY = 1000.0

F = npt.NDArray[np.float64]


def load_rows() -> list[dict[str, object]]:
    """Every training answer of both corpora."""
    rows: list[dict[str, object]] = []
    for corpus in CORPORA:
        with (DATA / f"{corpus}-train.jsonl").open(encoding="utf-8") as handle:
            rows.extend(json.loads(line) for line in handle)
    return rows


def answer_text(row: dict[str, object]) -> str:
    """The answer as the grader reads it: shorthand and typos spelt out against the question's
    and the references' words."""
    own = step_words(str(row["question"]), *(str(r) for r in row["reference_answers"]))  # type: ignore[attr-defined]
    return normalize(str(row["answer"]), own).text


def featurise(rows: list[dict[str, object]]) -> F:
    """The grader's features for every row (one forward pass per distinct text)."""
    texts: set[str] = set()
    answers = [answer_text(row) for row in rows]
    texts.update(answers)
    for row in rows:
        texts.add(str(row["question"]))
        texts.update(str(r) for r in row["reference_answers"])  # type: ignore[attr-defined]
    ordered = sorted(texts)
    started = time.perf_counter()
    prepared = {e.text: prepare(e) for e in get_embedder().encode(ordered)}
    print(f"encoded {len(ordered)} texts in {time.perf_counter() - started:.1f} s")
    return np.stack([
        features(prepared[answer],
                 [prepared[str(x)] for x in r["reference_answers"]],  # type: ignore[attr-defined]
                 prepared[str(r["question"])]).astype(np.float64)
        for r, answer in zip(rows, answers, strict=True)
    ])


def fit(x: F, y: F, penalty: float = PENALTY) -> Combiner:
    """Stage one: a logistic model over the span-vs-reference features."""
    penalties = np.r_[np.full(len(SCALAR_NAMES), penalty),
                      np.full(len(INTERACTION_NAMES), INTERACTION_PENALTY)]
    mean, scale, weights, bias = fit_logistic(x, y, penalties)
    return Combiner(mean=mean, scale=scale, weights=weights, bias=bias)


def grouped_cv(x: F, y: F, groups: list[str], corpora: list[str]) -> dict[str, dict[str, float]]:
    """Accuracy and false-advance rate per corpus with whole questions held out."""
    questions = sorted(set(groups))
    np.random.default_rng(0).shuffle(questions)
    fold_of = {q: i % FOLDS for i, q in enumerate(questions)}
    folds = np.array([fold_of[g] for g in groups])
    p = np.zeros(len(y))
    for k in range(FOLDS):
        held = folds == k
        p[held] = fit(x[~held], y[~held]).probability(x[held])
    report: dict[str, dict[str, float]] = {}
    for corpus in CORPORA:
        m = np.array([c == corpus for c in corpora])
        accepted, gold = p[m] >= 0.5, y[m] == 1
        report[corpus] = {
            "n": int(m.sum()),
            "questions": len({g for g, c in zip(groups, corpora, strict=True) if c == corpus}),
            "accuracy": round(float((accepted == gold).mean()), 3),
            "false_advance_rate": round(float((accepted & ~gold).sum() / max((~gold).sum(), 1)), 3),
        }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the shipped weights")
    args = parser.parse_args()
    rows = load_rows()
    x = featurise(rows)
    y = np.array([r["label_2way"] == "correct" for r in rows], dtype=np.float64)
    groups = [str(r["question_id"]) for r in rows]
    corpora = [str(r["corpus"]) for r in rows]
    report = grouped_cv(x, y, groups, corpora)
    for corpus, figures in report.items():
        print(corpus, figures)
    if args.write:
        held = set(json.loads(JUDGE_PATH.with_suffix(".json").read_text(encoding="utf-8"))
                   ["held_out_questions"])
        keep = np.array([g not in held for g in groups])
        extra = {
            "fitted_on": "SemEval-2013 Task 7 training answers, Beetle + SciEntsBank "
                         f"({int(keep.sum())} answers, without the {len(held)} questions held "
                         "out from the judge's training), 2-way labels",
            "license": "Weights derived from SemEval-2013 Task 7 data (Dzikovska et al. 2013), "
                       "CC BY-SA 3.0, https://aclanthology.org/S13-2045/",
            "penalty": PENALTY, "interaction_penalty": INTERACTION_PENALTY,
            "grouped_cv": report,
            "command": "python evals/local_grader/fit_combiner.py --write",
        }
        COMBINER_PATH.write_text(fit(x[keep], y[keep]).to_json(extra), encoding="utf-8")
        print(f"wrote {COMBINER_PATH}")


if __name__ == "__main__":
    main()
