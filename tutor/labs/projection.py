"""Flatten vectors to 2-D (PCA) and draw them as a character scatter plot."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.floating]


def pca_2d(vectors: Vectors, fit_rows: int | None = None) -> npt.NDArray[np.float64]:
    """Rows projected on their first two principal components (signs fixed, so stable).

    With `fit_rows`, the axes are fitted on the first `fit_rows` rows only and the
    rest are placed on that same map (e.g. a word sum among the words it came from).
    """
    data = np.asarray(vectors, dtype=np.float64)
    if data.ndim != 2:
        raise ValueError(f"expected a 2-D array of row vectors, got shape {data.shape}")
    fit = data[: data.shape[0] if fit_rows is None else fit_rows]
    out = np.zeros((data.shape[0], 2))
    if fit.shape[0] < 2:
        return out
    mean = fit.mean(axis=0)
    _, _, vt = np.linalg.svd(fit - mean, full_matrices=False)
    components = vt[:2]
    # SVD's sign is arbitrary; make each axis's largest loading positive so a plot never flips.
    for row in components:
        if row[np.argmax(np.abs(row))] < 0:
            row *= -1
    projected = (data - mean) @ components.T
    out[:, : projected.shape[1]] = projected
    return out


def _scale(values: npt.NDArray[np.float64], cells: int) -> list[int]:
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-12:
        return [cells // 2] * len(values)
    return [round((v - low) / (high - low) * (cells - 1)) for v in values]


def scatter(
    points: npt.NDArray[np.float64], labels: Sequence[str], width: int, height: int,
    marker: str = "•", markers: Sequence[str] | None = None,
) -> list[str]:
    """Plot labelled points on a width×height character grid (y up), each label beside its mark.

    Points are placed in order. When a label would overlap what is already drawn,
    it goes left of its mark instead, or the point moves up or down a row or two
    (a character grid is coarse anyway); failing that the mark takes the nearest
    empty cell and its label is cut short, so every point stays visible.
    """
    if width < 4 or height < 2:
        raise ValueError("the plot needs at least 4×2 cells")
    grid = [[" "] * width for _ in range(height)]
    if len(labels) == 0:
        return ["".join(row) for row in grid]
    xs = _scale(points[:, 0], width)
    ys = _scale(points[:, 1], height)
    marks = markers if markers is not None else [marker] * len(labels)
    for x, y, label, mark in zip(xs, ys, labels, marks, strict=True):
        _place(grid, height - 1 - y, x, f"{mark}{label}")
    return ["".join(r).rstrip() for r in grid]


def _free(grid: list[list[str]], row: int, start: int, length: int) -> bool:
    return start >= 0 and start + length <= len(grid[row]) and all(
        grid[row][c] == " " for c in range(start, start + length)
    )


def _place(grid: list[list[str]], row: int, col: int, mark_and_label: str) -> None:
    marker, label = mark_and_label[0], mark_and_label[1:]
    rows = [r for r in (row, row - 1, row + 1, row - 2, row + 2) if 0 <= r < len(grid)]
    for r in rows:
        if _free(grid, r, col, 1 + len(label)):
            _write(grid, r, col, marker + label)
            return
        if _free(grid, r, col - len(label), 1 + len(label)):
            _write(grid, r, col - len(label), label + marker)
            return
    # Crowded: the nearest empty cell takes the mark, with as much label as fits.
    row, col = min(
        ((r, c) for r in range(len(grid)) for c in range(len(grid[r])) if grid[r][c] == " "),
        key=lambda rc: (abs(rc[0] - row) + abs(rc[1] - col), rc),
        default=(row, col),
    )
    cells = grid[row]
    room = 0
    while room < len(label) and col + 1 + room < len(cells) and cells[col + 1 + room] == " ":
        room += 1
    _write(grid, row, col, marker + label[:room])


def _write(grid: list[list[str]], row: int, col: int, text: str) -> None:
    for i, ch in enumerate(text):
        grid[row][col + i] = ch
