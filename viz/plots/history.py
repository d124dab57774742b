"""plot_history and plot_curves: training curves per epoch."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from autograd.value import as_float

if TYPE_CHECKING:  # numpy and matplotlib load when a plot is first drawn, not with viz
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

_METRICS = {"loss": ("loss", "val_loss"), "accuracy": ("accuracy", "val_accuracy")}


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
    import numpy as np
    from matplotlib.ticker import MaxNLocator

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
    import numpy as np
    from matplotlib.ticker import MaxNLocator

    from .figure import figure_and_axes

    if not isinstance(curves, Mapping) or not curves:
        raise TypeError(
            f"plot_curves: curves must be a non-empty dict name -> list, got {curves!r}"
        )
    fig, ax = figure_and_axes("plot_curves", ax)
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
    import numpy as np

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
    from matplotlib.axes import Axes

    from .figure import new_panels, root_figure

    if ax is None:
        return new_panels(len(names), figsize=(5.0 * len(names), 4.0))
    given = [ax] if isinstance(ax, Axes) else list(ax)
    if len(given) != len(names) or not all(isinstance(a, Axes) for a in given):
        raise ValueError(
            f"plot_history: this history needs {len(names)} Axes ({', '.join(names)}), "
            f"got ax={ax!r}"
        )
    return root_figure(given[0]), given
