"""What the graph explorer shows at each step, computed once in Python.

The explorer steps through two passes over the graph of ``root``:

* the **forward pass**: the leaves are given; then each node computes its data, in
  topological order (inputs before the nodes that use them);
* the **backward pass**: the seed dL/dL = 1, then each node that ``backward()`` visits, in
  the same order, passes its gradient to its inputs: input x_k of node c receives
  ``c.local_grads[k] * c.grad`` (dL/dc * dc/dx_k), added to what x_k already has.

The arithmetic is ``backward()``'s own, in its order, so after the last step every grad is
bit-for-bit what ``root.backward()`` gives on a graph whose grads start at zero. The graph's
own ``.grad`` fields are only read, never written.

Each step is a change to the previous one (the data it reveals, the grads it sets), so the
page can rebuild any step by replaying the changes: stepping needs no kernel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from autograd import Value

from ..graph import _UNKNOWN_FILL, _fill, format_number

UNKNOWN = "?"
INFIX = ("+", "-", "*", "/", "**")  # binary: with one Value input, the other is a number
LONGEST_NAME = 24


@dataclass(frozen=True)
class Edge:
    """Input ``index`` of ``child``: the value ``parent`` flows in with local derivative
    ``local`` = d(child)/d(parent), and in the backward pass gives ``added`` = dL/dchild *
    local to ``parent.grad``."""

    parent: int
    child: int
    index: int
    local: float
    added: float


def explorer_states(nodes: list[Value], precision: int) -> dict[str, Any]:
    """The explorer's data for ``nodes`` (``root.topological_order()``, root first): the
    nodes, the edges and the steps, as JSON-ready lists."""
    position = {id(v): i for i, v in enumerate(nodes)}
    forward_order = list(reversed(range(len(nodes))))  # inputs before their users
    grads = [0.0] * len(nodes)
    steps: list[dict[str, Any]] = [
        {
            "phase": "start",
            "node": None,
            "reveal": [i for i in forward_order if not nodes[i].parents],
            "grads": [],
        }
    ]
    steps += [
        {"phase": "forward", "node": i, "reveal": [i], "grads": []}
        for i in forward_order
        if nodes[i].parents
    ]
    grads[0] = 1.0
    backward = [{"phase": "seed", "node": 0, "reveal": [], "grads": [[0, 1.0]]}]
    edges: list[Edge] = []
    for c, node in enumerate(nodes):  # backward()'s order: reverse topological
        if not node.parents:
            continue
        g = grads[c]
        changed: dict[int, float] = {}
        for k, (parent, local) in enumerate(zip(node.parents, node.local_grads)):
            p = position[id(parent)]
            added = local * g
            grads[p] += added
            changed[p] = grads[p]
            edges.append(Edge(p, c, k, local, added))
        backward.append(
            {
                "phase": "backward",
                "node": c,
                "reveal": [],
                "grads": [[p, changed[p]] for p in changed],
            }
        )
    steps += backward
    scale = max((abs(g) for step in steps for _, g in step["grads"]), default=0.0)
    for step in steps:  # each grad with its text and its fill, on one colour scale
        step["grads"] = [
            [p, g, format_number(g, precision), _fill(abs(g) / scale if scale else 0.0)]
            for p, g in step["grads"]
        ]
    names = node_names(nodes)
    return {
        "nodes": [_node_data(v, name, precision) for v, name in zip(nodes, names)],
        "edges": [_edge_data(e, precision) for e in edges],
        "steps": steps,
        "unknown": {"text": UNKNOWN, "fill": _UNKNOWN_FILL},
    }


def node_names(nodes: list[Value]) -> list[str]:
    """A name for each node to use in words: its label, else how it was made from its
    inputs ("x1 * w1", "tanh(n)", "out - …" with a number for …), else "#i" when that is
    too long to read."""
    position = {id(v): i for i, v in enumerate(nodes)}
    names = [""] * len(nodes)
    for i in reversed(range(len(nodes))):  # inputs before the nodes that use them
        v = nodes[i]
        args = [names[position[id(p)]] for p in v.parents]
        if v.label:
            names[i] = v.label
        elif v.op in INFIX:
            operands = [f"({a})" if " " in a else a for a in args]
            names[i] = f" {v.op} ".join(operands if len(args) == 2 else [*operands, "…"])
        elif v.parents:
            names[i] = f"{v.op}({', '.join(args)})"
        if not names[i] or len(names[i]) > LONGEST_NAME:
            names[i] = f"#{i}"
    return names


def _node_data(v: Value, name: str, precision: int) -> dict[str, Any]:
    return {
        "name": name,
        "label": v.label,
        "op": v.op,
        "data": v.data,
        "data_text": format_number(v.data, precision),
        "leaf": not v.parents,
    }


def _edge_data(e: Edge, precision: int) -> dict[str, Any]:
    return {
        "parent": e.parent,
        "child": e.child,
        "index": e.index,
        "local": e.local,
        "local_text": format_number(e.local, precision),
        "added": e.added,
        "added_text": "+= " + format_number(e.added, precision),
    }


def widest_grad_texts(data: dict[str, Any]) -> list[int]:
    """For each node, the characters in its widest grad text over all steps ("?" included)."""
    widths = [len(UNKNOWN)] * len(data["nodes"])
    for step in data["steps"]:
        for p, _, text, _ in step["grads"]:
            widths[p] = max(widths[p], len(text))
    return widths
