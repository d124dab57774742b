"""What chainrule's widgets share: a state the page shows, saved as one HTML file or given
as the notebook's HTML fallback."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar

import anywidget

from .page import iframe, standalone_page

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class Widget(anywidget.AnyWidget):
    """An anywidget whose whole state is ``page_state()``, so it also works as a static page.

    Its mime bundle holds the widget view (for a notebook with a widget manager, such as
    JupyterLab, Notebook 7, VS Code or Colab) and, as text/html, the same page in an
    iframe: what nbconvert and mkdocs-jupyter show where no widget manager runs.
    """

    kind: ClassVar[str]  # the name of its files in static/
    title: ClassVar[str]

    def page_state(self) -> dict[str, Any]:
        """Everything the page needs to draw the widget, JSON-ready."""
        raise NotImplementedError

    def fallback_height(self) -> int:
        """About how tall the page is, in px (it resizes its frame once loaded)."""
        return 480

    def to_html(self) -> str:
        """The widget as one self-contained HTML page: no network, no kernel."""
        return standalone_page(self.kind, self.title, self.page_state())

    def save_html(self, path: str | os.PathLike[str]) -> Path:
        """Write ``to_html()`` to ``path``; return the path. It opens in any browser."""
        target = Path(path)
        if target.suffix.lower() not in (".html", ".htm"):
            raise ValueError(f"save_html: cannot write {str(target)!r}: the name must end in .html")
        target.write_text(self.to_html(), encoding="utf-8")
        return target

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        data, metadata = super()._repr_mimebundle_(**kwargs) or ({}, {})
        data = {**data, "text/html": iframe(self.to_html(), self.fallback_height())}
        return data, metadata
