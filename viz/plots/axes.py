"""What the plots share: the Figure and Axes to draw on, a checked pair of numbers, and
the padded range of an axis."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import NDArray

from autograd.value import as_float

MARGIN = 0.1  # fraction of the data's extent added on each side of a grid


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
