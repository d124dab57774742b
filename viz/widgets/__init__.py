"""Interactive widgets (anywidget): the graph explorer and the live training view."""

from .explorer import GraphExplorer, explore
from .training import TrainingView

__all__ = ["GraphExplorer", "TrainingView", "explore"]
