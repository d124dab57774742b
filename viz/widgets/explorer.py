"""``viz.explore(root)``: the graph of ``root``, stepped through its forward and backward pass."""

from __future__ import annotations

import re
from typing import Any

import traitlets

from autograd import Value

from ..graph import _ACTIVE, _UNKNOWN_TEXT, DrawOptions, nodes_to_draw
from .base import Widget
from .explorer_layout import graph_svg
from .explorer_states import explorer_states, widest_grad_texts
from .page import css, esm

COLUMN_WIDTH = 900  # px: about a notebook's output column, to guess the fallback's height


class GraphExplorer(Widget):
    """The interactive graph (see ``explore``). ``data`` holds everything it shows."""

    kind = "explorer"
    title = "chainrule: graph explorer"
    _esm = esm("explorer")
    _css = css("explorer")
    data = traitlets.Dict().tag(sync=True)

    def page_state(self) -> dict[str, Any]:
        return {"data": self.data}

    def fallback_height(self) -> int:
        width, height = (
            float(x)
            for x in re.findall(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) ([\d.]+)"', self.data["svg"])[0]
        )
        scale = min(1.0, COLUMN_WIDTH / (width * 4 / 3))
        return round(min(height * 4 / 3 * scale, 600) + 260)


def explore(
    root: Value,
    rankdir: str = "LR",
    max_nodes: int = 500,
    precision: int = DrawOptions.precision,
    step: int | None = None,
) -> GraphExplorer:
    """An interactive picture of the graph that computed ``root``, to step through.

    The graph looks as ``draw_graph`` draws it (a box ``label | data | grad`` per Value, the
    local derivative on every edge, the fill by |grad|) and fits the output's width; drag
    to pan, ctrl + wheel or the buttons to zoom, "full size" for 1:1.

    The steps (buttons, slider, arrow keys, space to play) go through the forward pass
    (each node's data appears, inputs first) and then the backward pass: the seed
    dL/dL = 1, then each node in ``backward()``'s order passes its grad on, each edge
    showing what it adds, ``+= local * grad``. Hover or click a box for its numbers and its
    chain rule, dL/dx = sum over the nodes c that use x of dL/dc * dc/dx.

    The numbers are ``backward()``'s own arithmetic, done here once (``root``'s graph is
    only read: no ``.grad`` changes); the last step shows what ``root.backward()`` gives
    on fresh gradients. ``step`` is the step shown first (default: the last).
    ``save_html(path)`` writes it as one page that works in any browser.
    """
    options = DrawOptions(rankdir=rankdir, max_nodes=max_nodes, precision=precision)
    nodes = nodes_to_draw("explore", root, options)
    data = explorer_states(nodes, options.precision)
    last = len(data["steps"]) - 1
    if step is not None and (type(step) is not int or not -last - 1 <= step <= last):
        raise ValueError(f"explore: step must be an int from 0 to {last}, got {step!r}")
    data["svg"] = graph_svg(data, widest_grad_texts(data), options.rankdir)
    data["active"] = _ACTIVE
    data["unknown"]["color"] = _UNKNOWN_TEXT
    data["initial_step"] = last if step is None else step % (last + 1)
    return GraphExplorer(data=data)
