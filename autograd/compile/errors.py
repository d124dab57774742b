"""When a replayed gradient is not finite: walk the graph as ``backward()`` does, and raise
its error where it would stop.

This is the slow path, taken only on failure: plain Python over every edge, from the tape's
numbers, in ``backward()``'s order (the output first, each node's inputs in order).
``backward()`` stops at the first node whose gradient is not finite. If a node before it had
a finite, nonzero gradient and a local derivative that is not finite (sqrt at 0), the error
names that derivative (``local_grad_error``); otherwise it is an overflow of the gradient.
"""

from __future__ import annotations

import math

import numpy as np

from ..value import Value, _node, local_grad_error
from .backward import Edges
from .graph import rule_of


def raise_backward_error(
    nodes: list[Value],
    number: dict[Value, int],
    edges: Edges,
    needs_grad: np.ndarray,
    start: np.ndarray,
    values: np.ndarray,
    local_grads: np.ndarray,
) -> None:
    """Raise what ``backward()`` raises, given the replayed data and local derivatives.

    ``start``: each node's gradient before backward (a leaf's ``.grad``, the seed, zeros).
    """
    kept = needs_grad[edges.parents]
    consumers = edges.consumers[kept].tolist()
    parents = edges.parents[kept].tolist()
    locals_ = local_grads[edges.positions[kept]].tolist()
    grads = start.tolist()
    infinite_local: tuple[int, int] | None = None  # the first: (node, which kept edge)
    e = 0
    for k in range(len(nodes) - 1, -1, -1):
        first = e
        while e < len(consumers) and consumers[e] == k:
            e += 1
        g = grads[k]
        if not needs_grad[k] or g == 0.0:
            continue
        if not math.isfinite(g):
            if infinite_local is not None:
                node, which = infinite_local
                raise local_grad_error(_replayed(nodes[node], values, number), which)
            shown = _replayed(nodes[k], values, number)
            shown._grad = g
            raise OverflowError(f"backward: the gradient of {shown!r} overflowed")
        for index in range(first, e):
            local = locals_[index]
            if infinite_local is None and not math.isfinite(local):
                infinite_local = (k, _parent_index(nodes[k], number, needs_grad, index - first))
            grads[parents[index]] += local * g
    raise AssertionError("compile_graph: a gradient was not finite, yet backward() found none")


def _parent_index(node: Value, number: dict[Value, int], needs_grad: np.ndarray, i: int) -> int:
    """Which of ``node``'s parents its ``i``-th kept derivative goes to."""
    kept = [j for j, parent in enumerate(node.parents) if needs_grad[number[parent]]]
    return kept[i]


def _replayed(node: Value, values: np.ndarray, number: dict[Value, int]) -> Value:
    """A copy of ``node`` and of its inputs holding the replayed data (for a message)."""
    inputs = tuple(_node(values.item(number[p]), rule_of(p), (), (), None) for p in node.parents)
    constant = node._constant
    if isinstance(constant, tuple):  # all inputs as given: its Values become the copies
        copies = iter(inputs)
        constant = tuple(next(copies) if isinstance(x, Value) else x for x in constant)
    twin = _node(values.item(number[node]), rule_of(node), inputs, (), constant)
    twin.__dict__.update(node.__dict__)  # its label, and where grad() made it
    return twin
