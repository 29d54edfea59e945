"""The decision stage: from per-idea coverage and the judge's reading to advance or hint.

Stage one (`combiner`) says how well one span of the answer matches one reference (a
bi-encoder: close in meaning). The judge (`judge`, a cross-encoder) says whether the
answer states each idea, contradicts it, or neither, and whether it states a known
misconception. This stage turns both into one probability that a careful tutor would
let the learner move on. Its weights and cut are fitted by
`evals/local_grader/fit_decision.py` across many questions and two kinds of data:
SemEval-2013 questions the judge never saw in training, and the development set
`evals/dev/`. Never on `evals/seed/` or `evals/transcripts/` (the test set).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from tutor.grading.protocol import GraderError

DECISION_PATH = Path(__file__).resolve().parent / "data" / "decision.json"

NAMES: tuple[str, ...] = (
    "idea_best", "idea_second", "idea_mean", "idea_min", "ideas_over_half",
    "whole", "misconception_best", "misconception_margin", "negation_mismatch",
    "log_words", "ideas_over_third", "ideas_over_half_count",
    "ideas_over_third_per_log_word", "coverage_per_log_word", "spans",
    "judge_states_mean", "judge_contradicts", "judge_misconception",
    "judge_checkpoint", "judge_checkpoint_contradicts",
)

Matrix = npt.NDArray[np.float64]


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return float(np.log(p / (1 - p)))


def decision_features(per_idea: Matrix, spans: int, whole: float,
                      misconceptions: Matrix | None, negation_mismatch: bool, n_words: int,
                      judged: Matrix, contradicts: float,
                      states_misconception: float,
                      checkpoint: tuple[float, float] = (0.0, 0.0)) -> npt.NDArray[np.float64]:
    """Aggregate features: `per_idea` is each idea's best acceptance over the answer's `spans`
    (and the learner's earlier answers), `misconceptions` is (spans, m) acceptance.
    `judged` is each idea's best P(states) from the judge (this answer or an earlier one);
    `contradicts` is the judge's highest P(contradicts) of any idea and
    `states_misconception` its highest P(states) of any known misconception; `checkpoint`
    is the judge's (P(states), P(contradicts)) reading the whole Checkpoint against the
    answer, the line it reads best (a rubric's reference answers). (The judge's
    min and max over ideas were tried too: collinear with the mean, they took negative
    weights, so an idea shown in an earlier answer lowered the score. Whether the ideas
    were authored is left out: in the fitting data only the dev set's lesson has authored
    ideas, so the flag learned that lesson's base rate and advanced an off-topic answer
    on a new lesson.)

    The per-log-word densities let a terse answer that packs the ideas into a few words
    stand out from a short answer that names one of them.
    """
    best = np.sort(per_idea)[::-1]
    second = best[1] if len(best) > 1 else best[0]
    mis = float(misconceptions.max()) if misconceptions is not None and misconceptions.size else 0.0
    length = max(float(np.log1p(n_words)), 0.5)
    over_third = float((best >= 1 / 3).sum())
    return np.asarray([
        _logit(float(best[0])), _logit(float(second)), float(best.mean()), float(best.min()),
        float((best >= 0.5).mean()), _logit(whole), mis, mis - float(best[0]),
        float(negation_mismatch), float(np.log1p(n_words)),
        over_third, float((best >= 0.5).sum()), over_third / length, float(best.sum()) / length,
        float(spans),
        float(judged.mean()), _logit(contradicts), _logit(states_misconception),
        _logit(checkpoint[0]), _logit(checkpoint[1]),
    ], dtype=np.float64)


@dataclass(frozen=True)
class Decider:
    """A logistic model over `NAMES`, with the probability cut at which to advance."""

    mean: Matrix
    scale: Matrix
    weights: Matrix
    bias: float
    cut: float

    def probability(self, row: npt.NDArray[np.float64]) -> float:
        """P(a careful tutor advances) for one row of decision features."""
        z = float(((row - self.mean) / self.scale) @ self.weights + self.bias)
        return 1.0 / (1.0 + float(np.exp(-z)))

    def to_json(self, extra: dict[str, object]) -> str:
        """The shipped form, with feature names so a mismatch is caught at load."""
        body = {"features": list(NAMES), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "weights": self.weights.tolist(), "bias": self.bias, "cut": self.cut, **extra}
        return json.dumps(body, indent=1) + "\n"


def load_decider(path: Path = DECISION_PATH) -> Decider:
    """Read the shipped decision weights."""
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GraderError(
            f"The local grader's decision weights {path} cannot be read: {exc}.") from exc
    if body.get("features") != list(NAMES):
        raise GraderError(f"The local grader's decision weights {path} were fitted on other "
                          "features; refit with evals/local_grader/fit_decision.py.")
    return Decider(mean=np.asarray(body["mean"], dtype=np.float64),
                   scale=np.asarray(body["scale"], dtype=np.float64),
                   weights=np.asarray(body["weights"], dtype=np.float64),
                   bias=float(body["bias"]), cut=float(body["cut"]))
