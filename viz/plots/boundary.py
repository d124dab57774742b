"""plot_decision_boundary: the class a model predicts over the plane, with the data."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from autograd import Value, no_grad
from autograd.value import as_float

from .axes import _padded

if TYPE_CHECKING:  # numpy and matplotlib load when a plot is first drawn, not with viz
    import numpy as np
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from numpy.typing import ArrayLike, NDArray


def plot_decision_boundary(
    model: Callable[[list[float]], Any],
    X: ArrayLike,
    y: ArrayLike,
    ax: Axes | None = None,
    resolution: int = 100,
    threshold: float = 0.0,
) -> Figure:
    """The class the model predicts at each point of the plane, with the data on top.

    A model with one output predicts class 1 where its score > ``threshold`` (0 suits a
    linear or tanh output, 0.5 a sigmoid one) and its labels may be 0/1 or -1/+1. A model
    with k outputs predicts argmax_j out_j and its labels are 0, ..., k-1. The model runs
    under ``no_grad()`` on a ``resolution`` x ``resolution`` grid spanning the data plus a
    margin; each class's region is a filled contour of its margin (``_margins``), so the
    boundary is interpolated between grid points instead of drawn as steps. The title gives
    the model's accuracy on the points drawn.
    """
    import numpy as np

    from nn.checks import count

    from .figure import figure_and_axes

    where = "plot_decision_boundary"
    points, labels = _check_data(X, y)
    count(where, "resolution", resolution, minimum=2)
    threshold = as_float(f"{where}: threshold", threshold)
    point_scores = _scores(model, points)
    if threshold != 0.0 and point_scores.shape[1] > 1:
        raise ValueError(
            f"{where}: threshold={threshold!r} is for a model with one output; this one has "
            f"{point_scores.shape[1]} and predicts the argmax"
        )
    true_classes, class_names = _label_classes(labels, point_scores.shape[1])
    point_margins = _margins(point_scores, threshold)
    accuracy = np.mean(np.argmax(point_margins, axis=1) == true_classes)
    (x_low, x_high), (y_low, y_high) = _padded(points[:, 0]), _padded(points[:, 1])
    grid_x, grid_y = np.meshgrid(
        np.linspace(x_low, x_high, resolution), np.linspace(y_low, y_high, resolution)
    )
    grid_margins = _margins(
        _scores(model, np.column_stack([grid_x.ravel(), grid_y.ravel()])), threshold
    )

    fig, ax = figure_and_axes(where, ax)
    colors = [f"C{k}" for k in range(len(class_names))]
    for k, color in enumerate(colors):
        margin = grid_margins[:, k].reshape(grid_x.shape)
        if margin.max() > 0.0:  # class k is predicted somewhere on the grid
            ax.contourf(
                grid_x, grid_y, margin, levels=[0.0, margin.max()], colors=[color], alpha=0.3
            )
    for k in np.unique(true_classes):
        ax.scatter(
            *points[true_classes == k].T,
            color=colors[k],
            edgecolors="black",
            linewidths=0.5,
            label=class_names[k],
        )
    ax.set(
        title=f"Decision boundary (accuracy {accuracy:.0%} on these points)",
        xlabel="x[0]",
        ylabel="x[1]",
    )
    ax.legend(title="label")
    return fig


def _check_data(X: ArrayLike, y: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """X as a finite (n, 2) float array and y as n labels."""
    import numpy as np

    where = "plot_decision_boundary"
    try:
        points = np.asarray(X, dtype=np.float64)
        labels = np.asarray(y, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{where}: X and y must be arrays of numbers ({error})") from None
    if points.ndim != 2 or points.shape[1] != 2 or len(points) == 0:
        raise ValueError(f"{where}: X must have shape (n_samples, 2), got {points.shape}")
    if labels.shape != (len(points),):
        raise ValueError(
            f"{where}: y must have shape ({len(points)},) to match X, got {labels.shape}"
        )
    if not (np.isfinite(points).all() and np.isfinite(labels).all()):
        raise ValueError(f"{where}: X and y must be finite (no NaN or inf)")
    return points, labels


def _scores(model: Callable[[list[float]], Any], points: NDArray[np.float64]) -> NDArray[Any]:
    """The model's outputs at each point, evaluated under no_grad: shape (n, outputs)."""
    import numpy as np

    with no_grad():
        return np.array([_output_data(model(point.tolist())) for point in points])


def _output_data(out: Any) -> list[float]:
    if isinstance(out, Value):
        return [out.data]
    if isinstance(out, (list, tuple)) and out and all(isinstance(v, Value) for v in out):
        return [v.data for v in out]
    raise TypeError(
        f"plot_decision_boundary: the model must return a Value or a list of Values, got {out!r}"
    )


def _margins(scores: NDArray[Any], threshold: float) -> NDArray[np.float64]:
    """How far each point is inside each class, shape (n, classes); the argmax is the class.

    One output s: class 0 has margin threshold - s, class 1 has s - threshold.
    k outputs s_j: class j has margin s_j - max of the other outputs.
    A class's region is where its margin is > 0.
    """
    import numpy as np

    if scores.shape[1] == 1:
        above = scores[:, 0] - threshold
        return np.column_stack([-above, above])
    second, first = np.sort(scores, axis=1)[:, -2:].T
    best_other = np.where(scores == first[:, None], second[:, None], first[:, None])
    return np.asarray(scores - best_other, dtype=np.float64)


def _label_classes(
    labels: NDArray[np.float64], n_outputs: int
) -> tuple[NDArray[np.intp], list[str]]:
    """Each label's class index (0: the negative class of a one-output model), and each
    class's name for the legend.
    """
    import numpy as np

    found = sorted(set(labels.tolist()))
    if n_outputs == 1:
        if set(found) <= {0.0, 1.0}:
            return labels.astype(np.intp), ["0", "1"]
        if set(found) <= {-1.0, 1.0}:
            return (labels > 0).astype(np.intp), ["-1", "+1"]
        raise ValueError(
            f"plot_decision_boundary: a model with one output needs labels 0/1 or -1/+1, "
            f"got labels {found}"
        )
    if not all(v.is_integer() and 0 <= v < n_outputs for v in found):
        raise ValueError(
            f"plot_decision_boundary: a model with {n_outputs} outputs needs labels "
            f"0, ..., {n_outputs - 1}, got labels {found}"
        )
    return labels.astype(np.intp), [str(k) for k in range(n_outputs)]
