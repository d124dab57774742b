"""optimizer_paths and plot_optimizer_paths: optimizers minimising f(x, y) from one start."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol

from autograd import Value, no_grad

from .axes import _padded, _pair

if TYPE_CHECKING:  # numpy and matplotlib load when a plot is first drawn, not with viz
    import numpy as np
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from numpy.typing import NDArray

CONTOUR_LEVELS = 15  # filled bands in plot_optimizer_paths


class OptimizerLike(Protocol):
    """What ``optimizer_paths`` needs of an optimizer (every ``nn.optim`` class has it)."""

    def zero_grad(self) -> None: ...

    def step(self) -> None: ...


Surface = Callable[[Value, Value], Value]
OptimizerFactory = Callable[[list[Value]], OptimizerLike]


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
    from nn.checks import count

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
    import numpy as np

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
    import numpy as np

    from nn.checks import count

    from .figure import figure_and_axes

    count("plot_optimizer_paths", "resolution", resolution, minimum=2)
    paths = optimizer_paths(f, optimizers, start, steps)
    every_point = np.vstack(list(paths.values()))
    x_window, y_window = _square(_padded(every_point[:, 0]), _padded(every_point[:, 1]))
    grid_x = np.linspace(*x_window, resolution)
    grid_y = np.linspace(*y_window, resolution)
    heights = np.array([[_height(f, a, b) for a in grid_x] for b in grid_y])
    levels = np.unique(np.quantile(heights, np.linspace(0.0, 1.0, CONTOUR_LEVELS + 1)))

    fig, ax = figure_and_axes("plot_optimizer_paths", ax)
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


def _square(
    x_window: tuple[float, float], y_window: tuple[float, float]
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The two windows widened about their centres to the larger one's length."""
    half = max(x_window[1] - x_window[0], y_window[1] - y_window[0]) / 2.0
    x_centre, y_centre = sum(x_window) / 2.0, sum(y_window) / 2.0
    return (x_centre - half, x_centre + half), (y_centre - half, y_centre + half)
