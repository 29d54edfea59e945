"""Flatten vectors to 2-D (PCA) and draw them as a character scatter plot."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.floating]


def pca_2d(vectors: Vectors) -> npt.NDArray[np.float64]:
    """The first two principal components of the rows, with signs fixed so output is stable."""
    data = np.asarray(vectors, dtype=np.float64)
    if data.ndim != 2:
        raise ValueError(f"expected a 2-D array of row vectors, got shape {data.shape}")
    out = np.zeros((data.shape[0], 2))
    if data.shape[0] < 2:
        return out
    centred = data - data.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    components = vt[:2]
    # SVD's sign is arbitrary; make each axis's largest loading positive so a plot never flips.
    for row in components:
        if row[np.argmax(np.abs(row))] < 0:
            row *= -1
    projected = centred @ components.T
    out[:, : projected.shape[1]] = projected
    return out


def _scale(values: npt.NDArray[np.float64], cells: int) -> list[int]:
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-12:
        return [cells // 2] * len(values)
    return [round((v - low) / (high - low) * (cells - 1)) for v in values]


def scatter(
    points: npt.NDArray[np.float64], labels: Sequence[str], width: int, height: int,
    marker: str = "•",
) -> list[str]:
    """Plot labelled points on a width×height character grid (y up); labels sit right of marks.

    A label that would overwrite another is cut short, or moved left of its
    mark, so every point stays visible.
    """
    if width < 4 or height < 2:
        raise ValueError("the plot needs at least 4×2 cells")
    grid = [[" "] * width for _ in range(height)]
    taken = [[False] * width for _ in range(height)]
    if len(labels) == 0:
        return ["".join(row) for row in grid]
    # Leave room on the right for short labels by squeezing the x range a little.
    xs = _scale(points[:, 0], max(2, width - min(6, width // 3)))
    ys = _scale(points[:, 1], height)
    marks = [(height - 1 - y, x) for x, y in zip(xs, ys, strict=True)]
    for row, col in marks:
        grid[row][col] = marker
        taken[row][col] = True
    for (row, col), label in zip(marks, labels, strict=True):
        _place_label(grid, taken, row, col, label)
    return ["".join(r).rstrip() for r in grid]


def _place_label(
    grid: list[list[str]], taken: list[list[bool]], row: int, col: int, label: str
) -> None:
    width = len(grid[row])
    right = [c for c in range(col + 1, min(width, col + 1 + len(label)))]
    free_right = 0
    for c in right:
        if taken[row][c]:
            break
        free_right += 1
    left_start = col - len(label)
    fits_left = left_start >= 0 and not any(taken[row][c] for c in range(left_start, col))
    if free_right < len(label) and fits_left:
        cells = list(range(left_start, col))
        text = label
    else:
        cells = right[:free_right]
        text = label[:free_right]
    for c, ch in zip(cells, text, strict=False):
        grid[row][c] = ch
        taken[row][c] = True
