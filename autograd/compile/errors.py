"""When a replayed gradient is not finite: walk the graph as ``backward()`` does, and raise
its error for the first node where it would stop.

This is the slow path, taken only on failure: plain Python over every edge, from the tape's
numbers, in ``backward()``'s order (the output first, each node's inputs in order).
"""

from __future__ import annotations

import math

import numpy as np

from ..value import Value, _check_grads, _node
from .backward import Edges
from .graph import rule_of


def raise_backward_error(
    nodes: list[Value],
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
    e = 0
    for k in range(len(nodes) - 1, -1, -1):
        first = e
        while e < len(consumers) and consumers[e] == k:
            e += 1
        g = grads[k]
        if not needs_grad[k] or g == 0.0:
            continue
        if not math.isfinite(g):
            shown = _replayed(nodes[k], values.item(k), g)
            raise OverflowError(f"backward: the gradient of {shown!r} overflowed")
        for index in range(first, e):
            local = locals_[index]
            if not math.isfinite(local):
                _local_grad_error(nodes[k], values, index - first)
            grads[parents[index]] += local * g
    raise AssertionError("compile_graph: a gradient was not finite, yet backward() found none")


def _replayed(node: Value, data: float, grad: float) -> Value:
    """A copy of ``node`` (for its message) with its replayed data and gradient."""
    twin = _node(data, rule_of(node), (), (), None)
    twin.label, twin.grad = node.label, grad
    return twin


def _local_grad_error(node: Value, values: np.ndarray, index: int) -> None:
    inputs = tuple(values.item(p) for p in range(0))  # replaced when value.py has the helper
    _check_grads(rule_of(node), (math.inf,), inputs or (node.data,))
