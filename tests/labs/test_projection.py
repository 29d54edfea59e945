"""PCA to 2-D and the character scatter plot."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutor.labs.projection import pca_2d, scatter


def test_pca_of_a_cross_puts_the_long_arm_on_the_first_axis() -> None:
    points = np.array([[-2.0, 0.0], [2.0, 0.0], [0.0, 1.0], [0.0, -1.0]])
    assert pca_2d(points) == pytest.approx(np.array([[-2, 0], [2, 0], [0, 1], [0, -1]]))


def test_pca_of_points_on_a_line_has_no_second_coordinate() -> None:
    points = np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 1.0], [2.0, 0.0, 1.0]])
    assert pca_2d(points) == pytest.approx(np.array([[-1, 0], [0, 0], [1, 0]]), abs=1e-12)


def test_pca_signs_do_not_depend_on_the_svd() -> None:
    points = np.array([[0.0, 0.0], [-1.0, 0.0], [-2.0, 0.0]])
    # The axis's largest loading is made positive, so x keeps its direction.
    assert pca_2d(points)[:, 0] == pytest.approx([1, 0, -1])


def test_pca_of_one_point_is_the_origin() -> None:
    assert pca_2d(np.ones((1, 5))).tolist() == [[0.0, 0.0]]


def test_scatter_draws_marks_and_labels_exactly() -> None:
    points = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]])
    assert scatter(points, ["a", "bb", "c"], 10, 3) == ["    •bb", "", "•a      c•"]


def test_a_crowded_label_moves_to_a_free_row() -> None:
    points = np.array([[0.0, 0.0], [0.1, 0.0], [9.0, 1.0]])
    lines = scatter(points, ["king", "queen", "x"], 20, 5)
    assert lines[4] == "•king"  # the first placed keeps its place
    assert lines[3] == "•queen"  # the second moves up a row rather than overwrite it
    assert lines[0].endswith("x•")


@given(st.lists(st.tuples(st.floats(-10, 10), st.floats(-10, 10)), min_size=1, max_size=12))
def test_every_point_appears_within_the_grid(coords: list[tuple[float, float]]) -> None:
    labels = [f"w{i}" for i in range(len(coords))]
    lines = scatter(np.array(coords), labels, 40, 10)
    assert len(lines) == 10
    assert all(len(line) <= 40 for line in lines)
    assert sum(line.count("•") for line in lines) == len(coords)


def test_extra_rows_are_placed_on_the_map_fitted_to_the_others() -> None:
    points = np.array([[-2.0, 0.0], [2.0, 0.0], [0.0, 1.0], [0.0, -1.0], [1.0, 3.0]])
    # The last row does not move the axes; it is only projected onto them.
    assert pca_2d(points, fit_rows=4) == pytest.approx(
        np.array([[-2, 0], [2, 0], [0, 1], [0, -1], [1, 3]])
    )


def test_each_point_can_have_its_own_marker() -> None:
    points = np.array([[0.0, 0.0], [2.0, 0.0]])
    assert scatter(points, ["a", "sum"], 10, 2, markers=["•", "*"]) == ["•a    sum*", ""]
