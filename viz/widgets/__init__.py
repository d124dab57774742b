"""Interactive widgets (anywidget): the graph explorer and the live training view."""

from .explorer import GraphExplorer, explore

__all__ = ["GraphExplorer", "explore"]
