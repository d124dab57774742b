"""Plots for learning: activations, training curves, decision boundaries, gradients, optimizers.

Every function returns the matplotlib Figure it drew on. Pass ``ax=`` to draw into an Axes of
your own (one panel of ``plt.subplots(2, 2)``, say); otherwise it makes a new figure with
pyplot. None calls ``plt.show()``: a notebook shows the figure by itself (end the line with
``;`` so the returned Figure is not shown a second time), a script calls ``plt.show()`` or
``fig.savefig("picture.png")``.
"""

from .activation import ACTIVATION_POINTS, plot_activation
from .axes import MARGIN
from .boundary import plot_decision_boundary
from .digits import plot_confusion_matrix, plot_digits
from .gradients import LOG_SCALE_SPREAD, plot_grad_norms
from .history import plot_curves, plot_history
from .paths import (
    CONTOUR_LEVELS,
    OptimizerFactory,
    OptimizerLike,
    Surface,
    optimizer_paths,
    plot_optimizer_paths,
)

__all__ = [
    "ACTIVATION_POINTS",
    "CONTOUR_LEVELS",
    "LOG_SCALE_SPREAD",
    "MARGIN",
    "OptimizerFactory",
    "OptimizerLike",
    "Surface",
    "optimizer_paths",
    "plot_activation",
    "plot_confusion_matrix",
    "plot_curves",
    "plot_decision_boundary",
    "plot_digits",
    "plot_grad_norms",
    "plot_history",
    "plot_optimizer_paths",
]
