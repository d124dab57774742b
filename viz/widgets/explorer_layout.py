"""The explorer's picture: the graph laid out once by Graphviz, in ``draw_graph``'s look.

Every box and edge label is drawn as wide as its widest text at any step (numbers padded
with spaces, in a monospaced font), so the page can change the texts in place without
moving anything. Elements carry ids the page finds them by: ``n{i}`` the box of node i,
``o{i}`` the operation that made it, ``e{i}_{k}`` the edge from its k-th input into that
operation, ``f{i}`` the edge from the operation to the box.
"""

from __future__ import annotations

from typing import Any

import graphviz

from ..graph import _NUMBER_FONT, _TEXT_FONT, _escape
from ..render import use_engine

NBSP = "\u00a0"  # Graphviz writes spaces in labels as no-break spaces; so does the page


def graph_svg(data: dict[str, Any], grad_widths: list[int], rankdir: str) -> str:
    """The SVG of the graph in ``data`` (from ``explorer_states``), without any step's
    numbers: the page fills them in."""
    dot = graphviz.Digraph(
        graph_attr={"rankdir": rankdir, "nodesep": "0.25", "ranksep": "0.35"},
        node_attr={"fontname": _TEXT_FONT, "fontsize": "11"},
        edge_attr={"fontname": _NUMBER_FONT, "fontsize": "10", "arrowsize": "0.6"},
    )
    for i, (node, width) in enumerate(zip(data["nodes"], grad_widths)):
        dot.node(f"v{i}", _box(node, width), shape="plain", id=f"n{i}")
        if not node["leaf"]:
            dot.node(
                f"v{i}_op",
                f"<{_escape(node['op'])}>",
                shape="ellipse",
                margin="0.02",
                width="0.3",
                height="0.3",
                id=f"o{i}",
            )
            dot.edge(f"v{i}_op", f"v{i}", id=f"f{i}")
    for edge in data["edges"]:
        local, added = edge["local_text"], edge["added_text"]
        lines = [local, " " * len(added)]  # the second line shows "+= ..." at its step
        dot.edge(
            f"v{edge['parent']}",
            f"v{edge['child']}_op",
            label=f"<{'<br/>'.join(lines)}>",
            id=f"e{edge['child']}_{edge['index']}",
        )
    use_engine()
    svg = dot.pipe(format="svg", encoding="utf-8")
    return svg[svg.index("<svg") :]  # no XML prolog: the SVG goes inside an HTML page


def _box(node: dict[str, Any], grad_width: int) -> str:
    """The label ``label | data | grad``, as ``draw_graph`` draws it, numbers blank."""
    data_width = max(len(node["data_text"]), 1)
    cells = [f"<b>{_escape(node['label'])}</b>"] if node["label"] else []
    cells.append(f'<font face="{_NUMBER_FONT}">data {" " * data_width}</font>')
    cells.append(f'<font face="{_NUMBER_FONT}">grad {" " * grad_width}</font>')
    row = "".join(f'<td color="black">{cell}</td>' for cell in cells)
    return (
        '<<table border="2" color="white" cellborder="1" cellspacing="0" '
        f'cellpadding="4" bgcolor="#ffffff"><tr>{row}</tr></table>>'
    )
