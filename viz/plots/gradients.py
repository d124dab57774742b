"""plot_grad_norms: the size of each layer's gradient, a bar per layer."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # numpy and matplotlib load when a plot is first drawn, not with viz
    import numpy as np
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from numpy.typing import NDArray

    from nn import Module

LOG_SCALE_SPREAD = 100.0  # plot_grad_norms switches to a log axis when max / min exceeds this
LABEL_ROOM = 0.3  # fraction of the y axis above the tallest bar, for its label


def plot_grad_norms(model: Module, ax: Axes | None = None) -> Figure:
    """The size of each layer's gradient after a backward pass, as a bar per layer.

    The size of layer i is the L2 norm of the gradients of all its weights and biases,
    ||g_i|| = sqrt(sum_p (d loss / dp)^2), the quantity PyTorch's clip_grad_norm_ works
    with. Bars that shrink towards the input are vanishing gradients. The y axis is
    logarithmic when the largest norm is more than LOG_SCALE_SPREAD times the smallest.
    Each bar is labelled with its norm, written upright above it so that neighbouring labels
    never overlap, however long or level the numbers.
    """
    import numpy as np

    from nn import Module

    from .figure import figure_and_axes

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
    fig, ax = figure_and_axes("plot_grad_norms", ax)
    indices = np.arange(len(norms))
    bars = ax.bar(indices, norms, color="C0")
    # Upright labels are one line of text wide, so neighbours never overlap, whatever their
    # values: level small bars or long numbers like 9.5e-05 would, written across.
    style: dict[str, Any] = {"rotation": 90, "fontsize": "small"}
    ax.bar_label(bars, labels=[f"{n:.2g}" if n > 0.0 else "" for n in norms], padding=2, **style)
    for i in np.flatnonzero(norms == 0.0):  # no bar to label: write 0 at the bottom
        ax.annotate(
            "0", (i, 0.0), xycoords=("data", "axes fraction"), ha="center", va="bottom", **style
        )
    if _log_scale(norms):
        ax.set_yscale("log")
    ax.set_ylim(_y_range(norms))
    ax.set_xticks(indices)
    ax.set(
        title="Gradient size per layer",
        xlabel="layer (0 is next to the input)",
        ylabel="L2 norm of the layer's gradients",
    )
    ax.grid(axis="y", alpha=0.3)
    return fig


def _log_scale(norms: NDArray[np.float64]) -> bool:
    """Is the largest norm at least LOG_SCALE_SPREAD times the smallest that is not zero?"""
    return bool(norms.max() >= LOG_SCALE_SPREAD * norms[norms > 0.0].min())


def _y_range(norms: NDArray[np.float64]) -> tuple[float, float]:
    """From 0 (linear) or half a decade below the smallest bar (log) to where the tallest bar
    leaves LABEL_ROOM of the axis free for its label."""
    if not _log_scale(norms):
        return 0.0, float(norms.max()) / (1.0 - LABEL_ROOM)
    low = math.log10(norms[norms > 0.0].min()) - 0.5
    high = low + (math.log10(norms.max()) - low) / (1.0 - LABEL_ROOM)
    return 10.0**low, 10.0**high
