"""Plots for learning: activations, training curves, decision boundaries, gradients, optimizers.

Every function returns the matplotlib Figure it drew on. Pass ``ax=`` to draw into an Axes of
your own (one panel of ``plt.subplots(2, 2)``, say); otherwise it makes a new pyplot figure.
None calls ``plt.show()``. In a notebook the figure is shown once, whether or not the line ends
with ``;`` (see ``figure.PlotFigure``); a script calls ``plt.show()`` or
``fig.savefig("picture.png")``. (A figure of your own, passed as ``ax``, is yours: end the line
with ``;``, or Jupyter shows it both as pyplot's and as the cell's value.)

numpy and matplotlib are imported when a plot is first drawn, so that ``import viz`` is quick.
"""

from .activation import ACTIVATION_POINTS, plot_activation
from .axes import MARGIN
from .boundary import plot_decision_boundary
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
    "plot_curves",
    "plot_decision_boundary",
    "plot_grad_norms",
    "plot_history",
    "plot_optimizer_paths",
]
