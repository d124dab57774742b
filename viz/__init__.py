"""Pictures of what the engine does: computation graphs and the backward pass step by step.

``import viz`` is quick: matplotlib and numpy load at the first plot, and the widgets
(``explore``, ``GraphExplorer``, ``TrainingView``; anywidget and ipywidgets) at first use.
"""

from typing import TYPE_CHECKING, Any

from .frames import backward_frames, show_frames
from .graph import draw_dot, draw_graph
from .plots import (
    optimizer_paths,
    plot_activation,
    plot_confusion_matrix,
    plot_curves,
    plot_decision_boundary,
    plot_digits,
    plot_grad_norms,
    plot_history,
    plot_optimizer_paths,
)
from .render import GraphvizNotFoundError, save

if TYPE_CHECKING:
    from .widgets import GraphExplorer, TrainingView, explore

_WIDGETS = ("GraphExplorer", "TrainingView", "explore")


def __getattr__(name: str) -> Any:
    """The widgets load on first use (anywidget and ipywidgets take a while to import)."""
    if name in _WIDGETS:
        from . import widgets

        return getattr(widgets, name)
    raise AttributeError(f"module 'viz' has no attribute {name!r}")


__all__ = [
    "GraphExplorer",
    "GraphvizNotFoundError",
    "TrainingView",
    "backward_frames",
    "draw_dot",
    "draw_graph",
    "explore",
    "optimizer_paths",
    "plot_activation",
    "plot_confusion_matrix",
    "plot_curves",
    "plot_decision_boundary",
    "plot_digits",
    "plot_grad_norms",
    "plot_history",
    "plot_optimizer_paths",
    "save",
    "show_frames",
]
