"""The fitted logistic combiner: features in, probability that a careful grader accepts out.

Weights are data (`data/combiner.json`), fitted by `evals/local_grader/fit_combiner.py`
on the SemEval-2013 Task 7 training answers (Dzikovska et al. 2013, CC BY-SA 3.0); the
file records how it was fitted and its grouped cross-validation figures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from tutor.grading.local.features import NAMES
from tutor.grading.protocol import GraderError

COMBINER_PATH = Path(__file__).resolve().parent / "data" / "combiner.json"


@dataclass(frozen=True)
class Combiner:
    """Standardise, weigh, squash: a logistic model over `features.NAMES`."""

    mean: npt.NDArray[np.float64]
    scale: npt.NDArray[np.float64]
    weights: npt.NDArray[np.float64]
    bias: float

    def probability(self, rows: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        """P(accept) for each row of features (shape (n, len(NAMES)))."""
        z = ((rows - self.mean) / self.scale) @ self.weights + self.bias
        result: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-z))
        return result

    def to_json(self, extra: dict[str, object]) -> str:
        """The shipped form: names kept beside the numbers so a mismatch is caught."""
        body = {"features": list(NAMES), "mean": self.mean.tolist(),
                "scale": self.scale.tolist(), "weights": self.weights.tolist(),
                "bias": self.bias, **extra}
        return json.dumps(body, indent=1) + "\n"


def load_combiner(path: Path = COMBINER_PATH) -> Combiner:
    """Read the shipped weights, refusing a file fitted on other features."""
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GraderError(f"The local grader's weights {path} cannot be read: {exc}.") from exc
    if body.get("features") != list(NAMES):
        raise GraderError(f"The local grader's weights {path} were fitted on other features; "
                          "refit with evals/local_grader/fit_combiner.py.")
    return Combiner(mean=np.asarray(body["mean"], dtype=np.float64),
                    scale=np.asarray(body["scale"], dtype=np.float64),
                    weights=np.asarray(body["weights"], dtype=np.float64),
                    bias=float(body["bias"]))
