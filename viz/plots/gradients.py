"""plot_grad_norms: the size of each layer's gradient, a bar per layer."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy and matplotlib load when a plot is first drawn, not with viz
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from nn import Module

LOG_SCALE_SPREAD = 100.0  # plot_grad_norms switches to a log axis when max / min exceeds this


def plot_grad_norms(model: Module, ax: Axes | None = None) -> Figure:
    """The size of each layer's gradient after a backward pass, as a bar per layer.

    The size of layer i is the L2 norm of the gradients of all its weights and biases,
    ||g_i|| = sqrt(sum_p (d loss / dp)^2), the quantity PyTorch's clip_grad_norm_ works
    with. Bars that shrink towards the input are vanishing gradients. The y axis is
    logarithmic when the largest norm is more than LOG_SCALE_SPREAD times the smallest.
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
