"""plot_digits and plot_confusion_matrix: what a classifier of images sees, and gets wrong.

Both return a Figure that pyplot no longer holds (it is closed once drawn), so a notebook
shows it once, as the cell's result, and a script saves it with ``fig.savefig(...)``.
matplotlib is imported when a picture is drawn, not when viz is imported.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nn.checks import count, is_int

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

WRONG = "tab:red"  # the colour of a wrong answer's title and frame


def plot_digits(
    X: ArrayLike, y: ArrayLike, predicted: ArrayLike | None = None, max_images: int = 50
) -> Figure:
    """The first ``max_images`` images of X in a grid of 10 columns, each titled with its
    label ``y``; with ``predicted``, each is titled with the prediction, and a wrong one is
    framed in red and titled "7 (true 3)".

    X holds one image per row, flattened (64 values for 8x8) or as 2-D arrays, ink in
    [0, 1] (0 is white).
    """
    import matplotlib.pyplot as plt

    where = "plot_digits"
    images = _images(where, X)
    labels = _labels(where, "y", y, len(images))
    guesses = None if predicted is None else _labels(where, "predicted", predicted, len(images))
    shown = min(len(images), count(where, "max_images", max_images))
    columns = min(10, shown)
    rows = math.ceil(shown / columns)
    fig, axes = plt.subplots(
        rows, columns, figsize=(1.1 * columns, 1.3 * rows), squeeze=False, layout="constrained"
    )
    for i, ax in enumerate(axes.flat):
        ax.set_xticks([])
        ax.set_yticks([])
        if i >= shown:
            ax.set_axis_off()
            continue
        ax.imshow(images[i], cmap="gray_r", vmin=0.0, vmax=1.0)
        if guesses is None:
            ax.set_title(str(labels[i]), fontsize=9)
        elif guesses[i] == labels[i]:
            ax.set_title(str(guesses[i]), fontsize=9)
        else:
            ax.set_title(f"{guesses[i]} (true {labels[i]})", fontsize=9, color=WRONG)
            for spine in ax.spines.values():
                spine.set(color=WRONG, linewidth=2.5)
    plt.close(fig)
    return fig


def plot_confusion_matrix(y_true: ArrayLike, y_pred: ArrayLike, ax: Axes | None = None) -> Figure:
    """How often each true class (row) was predicted as each class (column), with the
    counts written in; the diagonal holds the right answers, everything else a confusion.

    Classes are 0 .. the largest label in either array. With ``ax``, it draws there.
    """
    where = "plot_confusion_matrix"
    truth = _labels(where, "y_true", y_true, None)
    guesses = _labels(where, "y_pred", y_pred, len(truth))
    n_classes = int(max(truth.max(), guesses.max())) + 1
    counts = np.zeros((n_classes, n_classes), dtype=np.intp)
    np.add.at(counts, (truth, guesses), 1)
    if ax is None:
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(5.5, 4.8), layout="constrained")
        plt.close(fig)
    else:
        fig = _figure_of(where, ax)
    image = ax.imshow(counts, cmap="Blues")
    fig.colorbar(image, ax=ax, label="samples")
    for (true, guess), n in np.ndenumerate(counts):
        if n:
            dark = n > counts.max() / 2
            ax.text(guess, true, str(n), ha="center", va="center", fontsize=8,
                    color="white" if dark else "black")  # fmt: skip
    accuracy = np.trace(counts) / len(truth)
    ticks = range(n_classes)
    ax.set(xticks=ticks, yticks=ticks, xlabel="predicted class", ylabel="true class")
    ax.set_title(f"Confusion matrix ({accuracy:.1%} right)")
    return fig


def _images(where: str, X: ArrayLike) -> NDArray[np.float64]:
    """X as a stack of square images: rows of side**2 values are folded into side x side."""
    images = np.asarray(X, dtype=np.float64)
    if images.ndim == 2:
        side = math.isqrt(images.shape[1])
        if side * side != images.shape[1] or side == 0:
            raise ValueError(
                f"{where}: each row of X must be a square image (64 values for 8x8), got "
                f"{images.shape[1]} values"
            )
        images = images.reshape(len(images), side, side)
    if images.ndim != 3 or len(images) == 0:
        raise ValueError(f"{where}: X must hold at least one image, got shape {images.shape}")
    if not np.isfinite(images).all():
        raise ValueError(f"{where}: X holds values that are not finite numbers")
    return images


def _labels(where: str, name: str, labels: ArrayLike, n: int | None) -> NDArray[np.intp]:
    """``labels`` as a 1-D array of class indices >= 0 (``n`` of them, when given)."""
    array = np.asarray(labels)
    if array.ndim != 1 or len(array) == 0:
        raise ValueError(f"{where}: {name} must be a non-empty 1-D array, got shape {array.shape}")
    if n is not None and len(array) != n:
        raise ValueError(f"{where}: {name} has {len(array)} labels, expected {n}")
    if not all(is_int(v) for v in array.tolist()) or (array < 0).any():
        raise ValueError(f"{where}: {name} must hold class indices 0, 1, ..., got {array[:5]!r}")
    return array.astype(np.intp)


def _figure_of(where: str, ax: Any) -> Figure:
    from matplotlib.axes import Axes

    from .axes import _root_figure

    if not isinstance(ax, Axes):
        raise TypeError(f"{where}: ax must be a matplotlib Axes or None, got {ax!r}")
    return _root_figure(ax)
