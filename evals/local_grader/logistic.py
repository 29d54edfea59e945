"""L2-penalised logistic regression by Newton's method (numpy only), for the fitting scripts."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

F = npt.NDArray[np.float64]


def fit_logistic(x: F, y: F, penalty: float | F,
                 weight: F | None = None) -> tuple[F, F, F, float]:
    """Fit on standardised features (penalty per feature or one for all; `weight` per row,
    1 by default); returns (mean, scale, weights, bias)."""
    rows = np.ones(len(x)) if weight is None else weight
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    w = np.zeros(z.shape[1])
    ridge = np.diag(np.r_[0.0, np.broadcast_to(penalty, (z.shape[1] - 1,))])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-z @ w))
        gradient = z.T @ (rows * (p - y)) + ridge @ w
        hessian = (z * (rows * p * (1 - p))[:, None]).T @ z + ridge
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return mean, scale, w[1:], float(w[0])
