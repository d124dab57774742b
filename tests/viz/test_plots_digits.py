"""Tests for viz.plot_digits and viz.plot_confusion_matrix: the right images, titles, counts."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # no display: render to memory only

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba

import viz
from viz.plots.digits import WRONG

IMAGES = np.linspace(0.0, 1.0, 5 * 64).reshape(5, 64)
LABELS = np.array([0, 1, 2, 3, 4])


def test_plot_digits_shows_each_image_with_its_label() -> None:
    fig = viz.plot_digits(IMAGES, LABELS)
    axes = [ax for ax in fig.axes if ax.images]
    assert [ax.get_title() for ax in axes] == ["0", "1", "2", "3", "4"]
    for ax, row in zip(axes, IMAGES):
        assert np.array_equal(ax.images[0].get_array(), row.reshape(8, 8))
    assert plt.fignum_exists(fig.number) is False  # closed: a notebook shows it once


def test_plot_digits_marks_the_wrong_predictions() -> None:
    predicted = np.array([0, 7, 2, 3, 9])
    fig = viz.plot_digits(IMAGES.reshape(5, 8, 8), LABELS, predicted)
    axes = [ax for ax in fig.axes if ax.images]
    assert [ax.get_title() for ax in axes] == ["0", "7 (true 1)", "2", "3", "9 (true 4)"]
    red = to_rgba(WRONG)
    framed = [ax.spines["left"].get_edgecolor() == red for ax in axes]
    assert framed == [False, True, False, False, True]
    assert [ax.title.get_color() == WRONG for ax in axes] == framed


def test_plot_digits_shows_at_most_max_images() -> None:
    fig = viz.plot_digits(np.zeros((30, 64)), np.zeros(30, dtype=int), max_images=12)
    assert sum(bool(ax.images) for ax in fig.axes) == 12


def test_plot_confusion_matrix_counts_each_pair() -> None:
    y_true = [0, 0, 1, 2, 2, 2]
    y_pred = [0, 1, 1, 2, 2, 0]
    fig = viz.plot_confusion_matrix(y_true, y_pred)
    ax = fig.axes[0]
    expected = [[1, 1, 0], [0, 1, 0], [1, 0, 2]]
    assert np.array_equal(ax.images[0].get_array(), expected)
    written = {(t.get_position(), t.get_text()) for t in ax.texts}
    assert written == {((0, 0), "1"), ((1, 0), "1"), ((1, 1), "1"), ((0, 2), "1"), ((2, 2), "2")}
    assert ax.get_title() == "Confusion matrix (66.7% right)"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("predicted class", "true class")
    assert plt.fignum_exists(fig.number) is False


def test_plot_confusion_matrix_draws_into_the_axes_given() -> None:
    fig, ax = plt.subplots()
    assert viz.plot_confusion_matrix([0, 1], [1, 1], ax=ax) is fig
    assert ax.images
    plt.close(fig)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: viz.plot_digits(np.zeros((2, 63)), [0, 1]), "plot_digits: each row of X"),
        (lambda: viz.plot_digits(np.zeros((2, 64)), [0]), "y has 1 labels, expected 2"),
        (lambda: viz.plot_digits(np.full((1, 4), np.nan), [0]), "plot_digits: X holds values"),
        (lambda: viz.plot_digits(np.zeros((1, 4)), [0.5]), "plot_digits: y must hold class"),
        (lambda: viz.plot_digits(np.zeros((1, 4)), [0], [-1]), "predicted must hold class"),
        (lambda: viz.plot_confusion_matrix([0, 1], [1]), "y_pred has 1 labels, expected 2"),
        (lambda: viz.plot_confusion_matrix([], []), "y_true must be a non-empty 1-D"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_by_name(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]
    plt.close("all")


def test_plot_confusion_matrix_refuses_an_ax_that_is_not_an_axes() -> None:
    with pytest.raises(TypeError, match="plot_confusion_matrix: ax must be a matplotlib Axes"):
        viz.plot_confusion_matrix([0], [0], ax="left")  # type: ignore[arg-type]
