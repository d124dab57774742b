"""plot_activation: an activation and its derivative, both from the engine."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from autograd import Value

from .axes import _pair

if TYPE_CHECKING:  # numpy and matplotlib load when a plot is first drawn, not with viz
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

ACTIVATION_POINTS = 201  # odd, so that a symmetric x_range has x = 0 on the grid


def plot_activation(
    name: str, ax: Axes | None = None, x_range: tuple[float, float] = (-5.0, 5.0)
) -> Figure:
    """The activation ``name`` (one of ``nn.ACTIVATIONS``) and its derivative f'(x).

    Both come from the engine, one point at a time: out = f(Value(x)), then out.backward()
    leaves f'(x) in x.grad. So the derivative drawn is the one backpropagation uses,
    including relu's choice f'(0) = 0.
    """
    import numpy as np

    from nn import get_activation

    from .figure import figure_and_axes

    f = get_activation(name)
    low, high = _pair("plot_activation", "x_range", x_range)
    if not low < high:
        raise ValueError(
            f"plot_activation: x_range must be (low, high), low < high, got {x_range!r}"
        )
    xs = np.linspace(low, high, ACTIVATION_POINTS)
    outputs, slopes = np.array([_value_and_slope(f, float(x)) for x in xs]).T
    fig, ax = figure_and_axes("plot_activation", ax)
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
