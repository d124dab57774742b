"""The Figure every plot draws on: pyplot's, so that a script's ``plt.show()`` shows it, and
shown once in a notebook however the cell ends.

This is the plots' only module that imports matplotlib at the top; the plot functions import it
when they first draw, so ``import viz`` does not load matplotlib.
"""

from __future__ import annotations

from typing import Any

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

_INLINE_BACKEND = "inline"  # in the name of Jupyter's inline backend, matplotlib_inline


class PlotFigure(Figure):
    """A pyplot Figure that a notebook shows once, whether or not the cell ends with ``;``.

    In Jupyter, the inline backend shows every pyplot figure when the cell ends, and IPython
    also shows the value of the cell's last line: a plain Figure returned there is shown twice.
    IPython shows an object by its ``_ipython_display_`` method when it has one; this one shows
    the figure as IPython would (its own formatters: PNG, or SVG if so configured), then closes
    it in pyplot, which therefore does not show it again. A cell ending with ``;`` shows nothing
    itself, so the inline backend shows the figure once, as for any pyplot figure. A figure
    shown again later (``fig`` in another cell) is shown again, as asked.
    """

    def _ipython_display_(self) -> None:
        from IPython import get_ipython
        from IPython.display import publish_display_data

        shell = get_ipython()
        if shell is None:
            return
        data: dict[str, Any] = {}
        metadata: dict[str, Any] = {}
        for mime, formatter in shell.display_formatter.formatters.items():
            shown = formatter(self)
            if isinstance(shown, tuple):  # (data, metadata)
                shown, metadata[mime] = shown
            if shown is not None:
                data[mime] = shown
        publish_display_data(data, metadata)
        if _INLINE_BACKEND in matplotlib.get_backend():
            plt.close(self)


def new_panels(count: int, **kwargs: Any) -> tuple[Figure, list[Axes]]:
    """A new PlotFigure with a row of ``count`` Axes and a constrained layout."""
    return new_grid(1, count, **kwargs)


def new_grid(rows: int, columns: int, **kwargs: Any) -> tuple[Figure, list[Axes]]:
    """A new PlotFigure with ``rows`` x ``columns`` Axes (row by row), constrained layout."""
    fig, grid = plt.subplots(
        rows, columns, layout="constrained", squeeze=False, FigureClass=PlotFigure, **kwargs
    )
    return fig, list(grid.flat)


def figure_and_axes(where: str, ax: Axes | None, **kwargs: Any) -> tuple[Figure, Axes]:
    """A new figure with one Axes (``kwargs`` for the figure, e.g. ``figsize``), or the given
    Axes and the figure it belongs to."""
    if ax is None:
        fig, (new_ax,) = new_panels(1, **kwargs)
        return fig, new_ax
    if not isinstance(ax, Axes):
        raise TypeError(f"{where}: ax must be a matplotlib Axes or None, got {ax!r}")
    return root_figure(ax), ax


def root_figure(ax: Axes) -> Figure:
    """The Figure that holds ``ax``, also when ``ax`` is in a SubFigure."""
    figure = ax.figure
    return figure if isinstance(figure, Figure) else figure.figure
