"""Pictures of what the engine does: computation graphs and the backward pass step by step."""

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
from .widgets import GraphExplorer, TrainingView, explore

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
