"""Draw a computation graph: a box per Value, a small node per operation, local derivatives on
the edges.

For ``c = a * b`` the drawing is::

    [ a | data 2  | grad -3 ] --(-3)--> ( * ) --> [ c | data -6 | grad 1 ]
    [ b | data -3 | grad 2  ] --( 2)--/

Each edge into an operation carries the local derivative d(out)/d(input) that the engine
stored on the node, so the chain rule can be read off the picture: ``a.grad = -3 * c.grad``.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import graphviz

from autograd import BackwardStep, Value

from .render import FORMATS, use_engine

RANKDIRS = ("LR", "TB", "RL", "BT")

# A Value's fill goes from white (grad 0) to _FULL (the largest |grad| in the drawing).
_WHITE = (255, 255, 255)
_FULL = (245, 158, 66)  # orange, light enough for black text on top
_UNKNOWN_FILL = "#eeeeee"
_UNKNOWN_TEXT = "#888888"
_ACTIVE = "#1f5fbf"  # the node backward is visiting, and the edges it passes gradient along
_TEXT_FONT = "Helvetica"
_NUMBER_FONT = "Courier"  # all characters equally wide, so padding with spaces is exact
_SVG, _HTML = "image/svg+xml", "text/html"


@dataclass(frozen=True)
class DrawOptions:
    """How a drawing looks (the keyword arguments of ``draw_graph``), checked when made."""

    rankdir: str = "LR"
    show_local_grads: bool = True
    color_by_grad: bool = True
    max_nodes: int = 200
    max_edges: int = 1000
    precision: int = 4
    format: str = "svg"  # what Digraph.render writes; micrograd's draw_dot keyword

    def __post_init__(self) -> None:
        if self.rankdir not in RANKDIRS:
            raise ValueError(f"draw_graph: rankdir must be one of {RANKDIRS}, got {self.rankdir!r}")
        if self.format not in FORMATS:
            raise ValueError(f"draw_graph: format must be one of {FORMATS}, got {self.format!r}")
        for name in ("max_nodes", "max_edges", "precision"):
            number = getattr(self, name)
            if type(number) is not int or number < 1:
                raise ValueError(f"draw_graph: {name} must be a positive int, got {number!r}")


@dataclass(frozen=True)
class Snapshot:
    """What one drawing shows: the grad of each node (None: not known yet) and the backward
    step just taken, if any."""

    grads: Sequence[float | None]
    step: BackwardStep | None = None


def draw_graph(
    root: Value,
    rankdir: str = DrawOptions.rankdir,
    show_local_grads: bool = DrawOptions.show_local_grads,
    color_by_grad: bool = DrawOptions.color_by_grad,
    max_nodes: int = DrawOptions.max_nodes,
    precision: int = DrawOptions.precision,
    max_edges: int = DrawOptions.max_edges,
    format: str = DrawOptions.format,  # noqa: A002 (micrograd's draw_dot keyword)
) -> Drawing:
    """The graph that computed ``root``, as a ``graphviz.Digraph`` (shown inline in Jupyter).

    * Each Value is a box ``label | data | grad``; each operation is a small oval of its own.
    * With ``show_local_grads``, the edge from an input x into the operation that made ``out``
      is labelled with the local derivative d(out)/d(x). A Value used twice (``a * a``) has
      two edges, each with its own derivative.
    * With ``color_by_grad``, a Value's fill goes from white (grad 0) to orange in proportion
      to |grad| / max |grad| over the drawing: the most orange box is the Value that ``root``
      is most sensitive to. (Only the size counts; the sign is in the text.)
    * Numbers have ``precision`` significant digits.
    * ``rankdir`` is the direction: "LR" (inputs on the left), "TB", "RL" or "BT".
    * ``format`` ("svg" or "png") is what ``.render(name)`` writes, as in micrograd:
      ``draw_dot(root, format="svg", rankdir="LR").render("gout")`` writes gout.svg.

    A notebook shows the drawing scaled down to the width of the output; ``.full_size()`` is
    the same drawing shown at its own size (see ``Drawing``).

    A graph of more than ``max_nodes`` Values, or more than ``max_edges`` edges (an input
    used k times by one operation is k edges), raises a ValueError instead: Graphviz would
    take minutes to lay it out, and nobody could read it. A machine with no Graphviz engine
    to display it raises ``GraphvizNotFoundError`` (see ``viz.render``).
    """
    options = DrawOptions(
        rankdir, show_local_grads, color_by_grad, max_nodes, max_edges, precision, format
    )
    nodes = nodes_to_draw("draw_graph", root, options)
    use_engine()
    return build_digraphs(nodes, [Snapshot([v.grad for v in nodes])], options)[0]


draw_dot = draw_graph  # micrograd's name


class Drawing(graphviz.Digraph):
    """A ``graphviz.Digraph`` that a notebook shows no wider than the output.

    Jupyter shows a graph by ``_repr_mimebundle_``. A Drawing's bundle holds the usual SVG
    (``image/svg+xml``, so everything that reads it still can) and, first choice of every
    notebook front end, an HTML ``<img>`` of that SVG with ``max-width: 100%``: a wide graph
    is scaled down to the width of the output, a small one keeps its own size.
    ``full_size()`` gives a copy shown at its own size (scroll sideways to see it all).
    ``render``, ``pipe``, ``save`` and ``viz.save`` are the Digraph's own, unchanged.
    """

    def __init__(self, *args: Any, fit_width: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fit_width = fit_width

    def full_size(self) -> Drawing:
        """This drawing, shown in a notebook at its own size instead of the output's width."""
        copy = self.copy()
        copy.fit_width = False
        return copy

    def _copy_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        """What ``copy()`` passes to the new drawing: the Digraph's own, and ``fit_width``."""
        return {**super()._copy_kwargs(**kwargs), "fit_width": self.fit_width}

    def _repr_mimebundle_(
        self,
        include: Iterable[str] | None = None,
        exclude: Iterable[str] | None = None,
        **kwargs: Any,
    ) -> dict[str, bytes | str]:
        bundle: dict[str, bytes | str] = super()._repr_mimebundle_(include, exclude, **kwargs)
        svg = bundle.get(_SVG)
        wanted = include is None or _HTML in include
        if self.fit_width and isinstance(svg, str) and wanted and _HTML not in (exclude or ()):
            bundle[_HTML] = fitted_html(svg)
        return bundle


def fitted_html(svg: str) -> str:
    """An ``<img>`` of ``svg`` at its own size, scaled down to fit when the page is narrower."""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (
        f'<img src="data:image/svg+xml;base64,{data}" '
        'style="max-width: 100%; height: auto" alt="computation graph">'
    )


def nodes_to_draw(caller: str, root: Value, options: DrawOptions) -> list[Value]:
    """Every Value that ``root`` depends on (``root`` first), or an error if they are too many
    Values or edges to draw."""
    if not isinstance(root, Value):
        raise TypeError(f"{caller}: root must be a Value, got {root!r}")
    nodes = root.topological_order()
    if len(nodes) > options.max_nodes:
        raise ValueError(
            f"{caller}: the graph of {root!r} has {len(nodes)} Values, more than "
            f"max_nodes={options.max_nodes}: too many to read in one picture. Draw a smaller "
            f"part of it (pass an intermediate Value as root), or pass max_nodes={len(nodes)} "
            "to draw it all."
        )
    # An edge from each input into its operation (k edges for an input used k times), and
    # one from the operation to its Value.
    edges = sum(len(v.parents) + 1 for v in nodes if v.parents)
    if edges > options.max_edges:
        raise ValueError(
            f"{caller}: the graph of {root!r} has {edges} edges, more than "
            f"max_edges={options.max_edges} (an input used k times by one operation is "
            "k edges): too many to lay out and read in one picture. Draw a smaller part of it "
            f"(pass an intermediate Value as root), or pass max_edges={edges} to draw it all."
        )
    return nodes


def build_digraphs(
    nodes: Sequence[Value], snapshots: Sequence[Snapshot], options: DrawOptions
) -> list[Drawing]:
    """One drawing of ``nodes`` per snapshot, all laid out alike.

    The drawings share one colour scale, the largest |grad| in any of them. Each number is
    padded to its widest text in any of them, and each edge keeps room for the "grad +="
    line it shows in its step's drawing, so every box and label has the same size in every
    drawing and dot puts everything in the same place.
    """
    precision = options.precision
    known = [abs(g) for s in snapshots for g in s.grads if g is not None]
    grad_texts = [[_grad_text(g, precision) for g in s.grads] for s in snapshots]
    added_texts = {
        id(s.step.node): tuple(f"grad += {format_number(a, precision)}" for a in s.step.added)
        for s in snapshots
        if s.step is not None
    }
    shared = _Shared(
        nodes=nodes,
        names={id(v): f"v{i}" for i, v in enumerate(nodes)},
        options=options,
        scale=max(known, default=0.0),
        grad_widths=[max(len(text) for text in column) for column in zip(*grad_texts)],
        added_texts=added_texts,
    )
    return [shared.draw(s, texts) for s, texts in zip(snapshots, grad_texts)]


def format_number(x: float, precision: int) -> str:
    """``x`` to ``precision`` significant digits (0.881373587 -> "0.8814"), and -0.0 as "0"."""
    return format(x + 0.0, f".{precision}g")


@dataclass(frozen=True)
class _Shared:
    """What all the drawings made by one ``build_digraphs`` call have in common."""

    nodes: Sequence[Value]
    names: dict[int, str]  # id(node) -> its name in DOT
    options: DrawOptions
    scale: float  # the |grad| drawn in full colour
    grad_widths: list[int]  # characters in each node's widest grad text
    added_texts: dict[int, tuple[str, ...]]  # id(node) -> "grad += ..." for each input edge

    def draw(self, snapshot: Snapshot, grad_texts: Sequence[str]) -> Drawing:
        """The drawing of one snapshot, whose grads read ``grad_texts``."""
        dot = Drawing(
            format=self.options.format,
            graph_attr={"rankdir": self.options.rankdir, "nodesep": "0.25", "ranksep": "0.35"},
            node_attr={"fontname": _TEXT_FONT, "fontsize": "11"},
            edge_attr={"fontname": _NUMBER_FONT, "fontsize": "10", "arrowsize": "0.6"},
        )
        step = snapshot.step
        for v, grad, grad_text, width in zip(
            self.nodes, snapshot.grads, grad_texts, self.grad_widths
        ):
            name = self.names[id(v)]
            active = step is not None and step.node is v
            label = self._value_label(v, grad, grad_text.ljust(width), active)
            dot.node(name, label, shape="plain")
            if v.parents:
                self._draw_op(dot, v, active)
        return dot

    def _value_label(self, v: Value, grad: float | None, grad_text: str, active: bool) -> str:
        """An HTML-like label: a row of cells ``label | data | grad`` on the gradient's colour."""
        data_text = format_number(v.data, self.options.precision)
        name = _escape(v.label)
        cells = [f"<b>{name}</b>"] if name else []  # Graphviz refuses an empty <b></b>
        cells.append(f'<font face="{_NUMBER_FONT}">data {data_text}</font>')
        if grad is None:
            cells.append(
                f'<font face="{_NUMBER_FONT}" color="{_UNKNOWN_TEXT}">grad {grad_text}</font>'
            )
            fill = _UNKNOWN_FILL
        else:
            cells.append(f'<font face="{_NUMBER_FONT}">grad {grad_text}</font>')
            colored = self.options.color_by_grad and self.scale > 0.0
            fill = _fill(abs(grad) / self.scale if colored else 0.0)
        # Every box has a border of the same width, so highlighting one moves nothing.
        border = _ACTIVE if active else "white"
        row = "".join(f'<td color="black">{cell}</td>' for cell in cells)
        return (
            f'<<table border="2" color="{border}" cellborder="1" cellspacing="0" '
            f'cellpadding="4" bgcolor="{fill}"><tr>{row}</tr></table>>'
        )

    def _draw_op(self, dot: graphviz.Digraph, v: Value, active: bool) -> None:
        """The operation that made ``v``, and the edges from its inputs through it to ``v``."""
        name = self.names[id(v)]
        op_name = name + "_op"
        highlight = {"color": _ACTIVE, "fontcolor": _ACTIVE, "penwidth": "2"} if active else {}
        op_text = _escape(v.op)
        dot.node(
            op_name,
            f"<{op_text}>" if op_text else "",  # Graphviz refuses an empty <> too
            shape="ellipse",
            margin="0.02",
            width="0.3",
            height="0.3",
            **highlight,
        )
        dot.edge(op_name, name, **highlight)
        added = self.added_texts.get(id(v))
        for i, (parent, local) in enumerate(zip(v.parents, v.local_grads)):
            lines = []
            if self.options.show_local_grads:
                lines.append(format_number(local, self.options.precision))
            if added is not None:  # blank but as wide, when it is not this node's step
                lines.append(added[i] if active else " " * len(added[i]))
            label = f"<{'<br/>'.join(lines)}>" if lines else ""
            dot.edge(self.names[id(parent)], op_name, label=label, **highlight)


def _grad_text(grad: float | None, precision: int) -> str:
    return "?" if grad is None else format_number(grad, precision)


def _fill(fraction: float) -> str:
    """The colour ``fraction`` of the way from white to full orange, as "#rrggbb"."""
    rgb = (round(w + (f - w) * fraction) for w, f in zip(_WHITE, _FULL))
    return "#" + "".join(f"{c:02x}" for c in rgb)


def _escape(text: str) -> str:
    """``text`` as the content of an HTML-like label, shown literally by every Graphviz.

    Each character other than an ASCII letter, digit or space is written as a numeric
    character reference (``]`` is ``&#93;``), so nothing in ``text`` can end the label or add
    DOT, and no Graphviz's HTML parser sees raw punctuation: Graphviz 2.43 (Debian's) fails
    on a label that is just ``]``. Graphviz still reads backslash escapes after that (``\\N``
    is the node's name), so a backslash is written as two. Line breaks become ``<br/>``, and
    unprintable characters are shown as Python escapes (a tab as ``\\t``).
    """
    return "<br/>".join(
        "".join(_html_character(c) for c in _printable(line)) for line in text.splitlines()
    )


def _html_character(c: str) -> str:
    if c == "\\":
        return "\\\\"
    if c == " " or (c.isascii() and c.isalnum()):
        return c
    return f"&#{ord(c)};"


def _printable(line: str) -> str:
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in line
    )
