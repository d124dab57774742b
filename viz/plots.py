"""Plots for learning: activations, training curves, decision boundaries, gradients, optimizers.

Every function returns the matplotlib Figure it drew on. Pass ``ax=`` to draw into an Axes of
your own (one panel of ``plt.subplots(2, 2)``, say); otherwise it makes a new figure with
pyplot. None calls ``plt.show()``: a notebook shows the figure by itself (end the line with
``;`` so the returned Figure is not shown a second time), a script calls ``plt.show()`` or
``fig.savefig("picture.png")``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from numpy.typing import ArrayLike, NDArray

from autograd import Value, no_grad
from autograd.value import as_float
from nn import Module, get_activation
from nn.checks import count

ACTIVATION_POINTS = 201  # odd, so that a symmetric x_range has x = 0 on the grid
LOG_SCALE_SPREAD = 100.0  # plot_grad_norms switches to a log axis when max / min exceeds this
CONTOUR_LEVELS = 15  # filled bands in plot_optimizer_paths
MARGIN = 0.1  # fraction of the data's extent added on each side of a grid

_METRICS = {"loss": ("loss", "val_loss"), "accuracy": ("accuracy", "val_accuracy")}


class OptimizerLike(Protocol):
    """What ``optimizer_paths`` needs of an optimizer (every ``nn.optim`` class has it)."""

    def zero_grad(self) -> None: ...

    def step(self) -> None: ...


Surface = Callable[[Value, Value], Value]
OptimizerFactory = Callable[[list[Value]], OptimizerLike]


# --- activations ------------------------------------------------------------------------


def plot_activation(
    name: str, ax: Axes | None = None, x_range: tuple[float, float] = (-5.0, 5.0)
) -> Figure:
    """The activation ``name`` (one of ``nn.ACTIVATIONS``) and its derivative f'(x).

    Both come from the engine, one point at a time: out = f(Value(x)), then out.backward()
    leaves f'(x) in x.grad. So the derivative drawn is the one backpropagation uses,
    including relu's choice f'(0) = 0.
    """
    f = get_activation(name)
    low, high = _pair("plot_activation", "x_range", x_range)
    if not low < high:
        raise ValueError(
            f"plot_activation: x_range must be (low, high), low < high, got {x_range!r}"
        )
    xs = np.linspace(low, high, ACTIVATION_POINTS)
    outputs, slopes = np.array([_value_and_slope(f, float(x)) for x in xs]).T
    fig, ax = _figure_and_axes("plot_activation", ax)
    ax.axhline(0.0, color="0.8", linewidth=0.8)
    ax.axvline(0.0, color="0.8", linewidth=0.8)
    ax.plot(xs, outputs, color="C0", linewidth=2, label=f"f(x) = {name}(x)")
    ax.plot(xs, slopes, color="C3", linestyle="--", linewidth=2, label="f'(x), from backward()")
    ax.set(title=f"{name} and its derivative", xlabel="x", ylabel="f(x) and f'(x)")
    ax.grid(alpha=0.3)
    ax.legend()
    return fig


def _value_and_slope(f: Callable[[Value], Value], x: float) -> tuple[float, float]:
    """f(x) and f'(x): one forward pass, one backward pass."""
    leaf = Value(x)
    out = f(leaf)
    out.backward()
    return out.data, leaf.grad


# --- training history -------------------------------------------------------------------


def plot_history(
    history: Mapping[str, Sequence[float]], ax: Axes | Sequence[Axes] | None = None
) -> Figure:
    """Loss per epoch and, when the history has it, accuracy per epoch in a second panel.

    Training curves are solid, validation curves dashed; each legend entry gives the last
    value. Loss and accuracy get a panel each rather than sharing one Axes with a twin y axis:
    their scales differ, and on twin axes the reader must work out which axis each line
    belongs to. So ``ax`` is one Axes for a history without accuracy, and a pair of Axes
    (loss, accuracy) for one with it. Other keys (such as "lr") are not drawn.
    """
    if not isinstance(history, Mapping):
        raise TypeError(f"plot_history: history must be a dict of lists, got {history!r}")
    panels = {
        metric: {
            key: _series("plot_history: history", history, key) for key in keys if key in history
        }
        for metric, keys in _METRICS.items()
    }
    panels = {metric: curves for metric, curves in panels.items() if curves}
    if not panels:
        wanted = [key for keys in _METRICS.values() for key in keys]
        raise ValueError(
            f"plot_history: the history has none of {wanted}; its keys are {list(history)}"
        )
    fig, axes = _figure_and_panels(ax, list(panels))
    for axis, (metric, curves) in zip(axes, panels.items()):
        for key, values in curves.items():
            validation = key.startswith("val_")
            axis.plot(
                np.arange(1, len(values) + 1),
                values,
                color="C1" if validation else "C0",
                linestyle="--" if validation else "-",
                marker="o" if len(values) == 1 else None,
                label=f"{'validation' if validation else 'training'} (last {values[-1]:.3g})",
            )
        axis.set(title=metric.capitalize(), xlabel="epoch", ylabel=metric)
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        axis.grid(alpha=0.3)
        axis.legend()
    return fig


def plot_curves(
    curves: Mapping[str, Sequence[float]],
    ax: Axes | None = None,
    xlabel: str = "epoch",
    ylabel: str = "loss",
    log: bool = False,
    title: str | None = None,
) -> Figure:
    """Several named curves on one Axes, to compare runs: loss curves of different learning
    rates or optimizers, learning rates per epoch. Point i of each curve is drawn at x = i + 1
    (epochs and steps count from 1); ``log=True`` makes the y axis logarithmic.
    """
    if not isinstance(curves, Mapping) or not curves:
        raise TypeError(
            f"plot_curves: curves must be a non-empty dict name -> list, got {curves!r}"
        )
    fig, ax = _figure_and_axes("plot_curves", ax)
    for name in curves:
        ys = _series("plot_curves: curves", curves, name)
        ax.plot(np.arange(1, len(ys) + 1), ys, label=f"{name} (last {ys[-1]:.3g})")
    if log:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title or f"{ylabel.capitalize()} per {xlabel}")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    ax.legend()
    return fig


def _series(where: str, curves: Mapping[str, Any], key: str) -> list[float]:
    """curves[key] as a non-empty list of finite floats (``where`` names the dict)."""
    values = curves[key]
    if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray)):
        raise TypeError(f"{where}[{key!r}] must be a list of numbers, got {values!r}")
    if len(values) == 0:
        raise ValueError(f"{where}[{key!r}] is empty")
    return [as_float(f"{where}[{key!r}][{i}]", v) for i, v in enumerate(values)]


def _figure_and_panels(
    ax: Axes | Sequence[Axes] | None, names: list[str]
) -> tuple[Figure, list[Axes]]:
    """A new row of len(names) panels, or the Axes given, checked to be one per panel."""
    if ax is None:
        fig, grid = plt.subplots(
            1, len(names), figsize=(5.0 * len(names), 4.0), layout="constrained", squeeze=False
        )
        return fig, list(grid[0])
    given = [ax] if isinstance(ax, Axes) else list(ax)
    if len(given) != len(names) or not all(isinstance(a, Axes) for a in given):
        raise ValueError(
            f"plot_history: this history needs {len(names)} Axes ({', '.join(names)}), "
            f"got ax={ax!r}"
        )
    return _root_figure(given[0]), given


# --- decision boundary ------------------------------------------------------------------


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

    fig, ax = _figure_and_axes(where, ax)
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


# --- gradient sizes ---------------------------------------------------------------------


def plot_grad_norms(model: Module, ax: Axes | None = None) -> Figure:
    """The size of each layer's gradient after a backward pass, as a bar per layer.

    The size of layer i is the L2 norm of the gradients of all its weights and biases,
    ||g_i|| = sqrt(sum_p (d loss / dp)^2), the quantity PyTorch's clip_grad_norm_ works
    with. Bars that shrink towards the input are vanishing gradients. The y axis is
    logarithmic when the largest norm is more than LOG_SCALE_SPREAD times the smallest.
    """
    layers = getattr(model, "layers", None)
    if (
        not isinstance(layers, Sequence)
        or not layers
        or not all(isinstance(layer, Module) for layer in layers)
    ):
        raise TypeError(
            f"plot_grad_norms: expected a model with a list of layers in .layers (such as "
            f"nn.MLP), got {model!r}"
        )
    norms = np.array([math.hypot(*(p.grad for p in layer.parameters())) for layer in layers])
    if not norms.any():
        raise ValueError(
            "plot_grad_norms: every gradient of the model is zero; call loss.backward() first"
        )
    fig, ax = _figure_and_axes("plot_grad_norms", ax)
    indices = np.arange(len(norms))
    bars = ax.bar(indices, norms, color="C0")
    ax.bar_label(bars, labels=[f"{norm:.2g}" if norm > 0.0 else "" for norm in norms])
    for i in np.flatnonzero(norms == 0.0):  # no bar to label: write 0 at the bottom
        ax.annotate("0", (i, 0.0), xycoords=("data", "axes fraction"), ha="center", va="bottom")
    if norms.max() >= LOG_SCALE_SPREAD * norms[norms > 0].min():
        ax.set_yscale("log")
    ax.set_xticks(indices)
    ax.set(
        title="Gradient size per layer",
        xlabel="layer (0 is next to the input)",
        ylabel="L2 norm of the layer's gradients",
    )
    ax.grid(axis="y", alpha=0.3)
    return fig


# --- optimizers on a surface ------------------------------------------------------------


def optimizer_paths(
    f: Surface,
    optimizers: Mapping[str, OptimizerFactory],
    start: tuple[float, float],
    steps: int = 50,
) -> dict[str, NDArray[np.float64]]:
    """Where each optimizer takes the point (x, y) as it minimises f(x, y) from ``start``.

    For each name: x, y = Value(start); optimizer = factory([x, y]); then ``steps`` times
    zero_grad(), f(x, y).backward(), step(). Returns name -> array of shape (steps + 1, 2):
    the start, then the point after each step.
    """
    x0, y0 = _pair("optimizer_paths", "start", start)
    count("optimizer_paths", "steps", steps, minimum=1)
    if not isinstance(optimizers, Mapping) or not optimizers:
        raise ValueError(
            "optimizer_paths: optimizers must be a non-empty dict of name -> "
            f"factory (such as lambda params: SGD(params, lr=0.1)), got {optimizers!r}"
        )
    return {name: _path(f, name, factory, (x0, y0), steps) for name, factory in optimizers.items()}


def _path(
    f: Surface, name: str, factory: OptimizerFactory, start: tuple[float, float], steps: int
) -> NDArray[np.float64]:
    x, y = Value(start[0], label="x"), Value(start[1], label="y")
    optimizer = factory([x, y])
    points = [start]
    for step in range(1, steps + 1):
        try:
            optimizer.zero_grad()
            loss = f(x, y)
            if not isinstance(loss, Value):
                raise TypeError(f"optimizer_paths: f must return a Value, got {loss!r}")
            loss.backward()
            optimizer.step()
        except OverflowError as error:
            raise _diverged(name, step, points[-1], str(error)) from error
        if not (math.isfinite(x.data) and math.isfinite(y.data)):
            raise _diverged(name, step, points[-1], f"it moved to ({x.data}, {y.data})")
        points.append((x.data, y.data))
    return np.array(points)


def _diverged(name: str, step: int, last: tuple[float, float], why: str) -> OverflowError:
    return OverflowError(
        f"optimizer_paths: {name!r} diverged at step {step}, from (x, y) = {last} ({why}); "
        "try a smaller learning rate"
    )


def plot_optimizer_paths(
    f: Surface,
    optimizers: Mapping[str, OptimizerFactory],
    start: tuple[float, float],
    steps: int = 50,
    ax: Axes | None = None,
    resolution: int = 60,
) -> Figure:
    """The paths of ``optimizer_paths(f, optimizers, start, steps)`` over the contours of f.

    The window is the square around every path plus a margin, drawn with equal scales so
    that a gradient step crosses the contour lines at a right angle. The contour levels are
    quantiles of f over the window, so a narrow valley shows as much detail as a round bowl.
    """
    count("plot_optimizer_paths", "resolution", resolution, minimum=2)
    paths = optimizer_paths(f, optimizers, start, steps)
    every_point = np.vstack(list(paths.values()))
    x_window, y_window = _square(_padded(every_point[:, 0]), _padded(every_point[:, 1]))
    grid_x = np.linspace(*x_window, resolution)
    grid_y = np.linspace(*y_window, resolution)
    heights = np.array([[_height(f, a, b) for a in grid_x] for b in grid_y])
    levels = np.unique(np.quantile(heights, np.linspace(0.0, 1.0, CONTOUR_LEVELS + 1)))

    fig, ax = _figure_and_axes("plot_optimizer_paths", ax)
    if len(levels) > 1:  # f is not constant over the window
        filled = ax.contourf(grid_x, grid_y, heights, levels=levels, cmap="Greys", alpha=0.5)
        ax.contour(grid_x, grid_y, heights, levels=levels, colors="0.5", linewidths=0.5)
        fig.colorbar(filled, ax=ax, label="f(x, y)", format="%.3g")
    for i, (name, path) in enumerate(paths.items()):
        color = f"C{i}"
        end = _height(f, *path[-1])
        ax.plot(*path.T, color=color, marker="o", markersize=2.5, label=f"{name} (f = {end:.3g})")
        ax.plot(*path[-1], color=color, marker="o", markersize=9, markeredgecolor="black")
    ax.plot(*paths[next(iter(paths))][0], "k*", markersize=15, label="start")
    ax.set(
        title=f"Optimizers on f(x, y), {steps} steps each",
        xlabel="x",
        ylabel="y",
        xlim=x_window,
        ylim=y_window,
        aspect="equal",
    )
    ax.legend()
    return fig


def _height(f: Surface, x: float, y: float) -> float:
    """f(x, y) as a float, without building a graph."""
    with no_grad():
        return f(Value(float(x)), Value(float(y))).data


# --- shared helpers ---------------------------------------------------------------------


def _figure_and_axes(where: str, ax: Axes | None) -> tuple[Figure, Axes]:
    """A new figure with one Axes, or the given Axes and the figure it belongs to."""
    if ax is None:
        fig, new_ax = plt.subplots(layout="constrained")
        return fig, new_ax
    if not isinstance(ax, Axes):
        raise TypeError(f"{where}: ax must be a matplotlib Axes or None, got {ax!r}")
    return _root_figure(ax), ax


def _root_figure(ax: Axes) -> Figure:
    """The Figure that holds ``ax``, also when ``ax`` is in a SubFigure."""
    figure = ax.figure
    return figure if isinstance(figure, Figure) else figure.figure


def _pair(where: str, name: str, pair: Any) -> tuple[float, float]:
    """``pair`` as two finite floats, or an error naming ``where``, ``name`` and ``pair``."""
    try:
        first, second = pair
    except (TypeError, ValueError):
        raise ValueError(f"{where}: {name} must be a pair of numbers, got {pair!r}") from None
    return as_float(f"{where}: {name}", first), as_float(f"{where}: {name}", second)


def _padded(values: NDArray[np.float64]) -> tuple[float, float]:
    """[min, max] of ``values`` widened by MARGIN of its length on each side (by 1 if 0)."""
    low, high = float(values.min()), float(values.max())
    pad = MARGIN * (high - low) if high > low else 1.0
    return low - pad, high + pad


def _square(
    x_window: tuple[float, float], y_window: tuple[float, float]
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The two windows widened about their centres to the larger one's length."""
    half = max(x_window[1] - x_window[0], y_window[1] - y_window[0]) / 2.0
    x_centre, y_centre = sum(x_window) / 2.0, sum(y_window) / 2.0
    return (x_centre - half, x_centre + half), (y_centre - half, y_centre + half)
