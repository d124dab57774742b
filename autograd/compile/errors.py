"""When a replayed gradient is not finite: walk the graph as ``backward()`` does, and raise
its error where it would stop.

This is the slow path, taken only on failure: plain Python over every edge, from the tape's
numbers, in ``backward()``'s order (the output first, each node's inputs in order).
``backward()`` stops at the first node whose gradient is not finite. If a node before it had
a finite, nonzero gradient and a local derivative that is not finite (sqrt at 0), the error
names that derivative (``local_grad_error``); otherwise it is an overflow of the gradient.
The nodes in the messages are stand-ins that hold the replayed numbers (the recorded graph
itself is not kept).
"""

from __future__ import annotations

import math

import numpy as np

from ..value import Value, _node, local_grad_error
from .backward import Edges
from .forward import ArrayStep, NodeInfo, ScalarRun


class Tape:
    """What the messages need besides the numbers: the steps, the leaves by number, and the
    labels (and origins) of the other nodes that have one."""

    def __init__(
        self,
        steps: list[ArrayStep | ScalarRun],
        leaves: dict[int, Value],
        extras: dict[int, dict[str, str]],
    ) -> None:
        self.steps, self.leaves, self.extras = steps, leaves, extras

    def info(self, k: int) -> NodeInfo:
        for step in self.steps:
            info = step.describe(k)
            if info is not None:
                return info
        raise LookupError(f"compile_graph: node {k} is not in the tape")

    def stand_in(self, k: int, values: np.ndarray) -> Value:
        """Node ``k`` with its replayed data (and its inputs' replayed data)."""
        leaf = self.leaves.get(k)
        if leaf is not None:
            twin = _node(values.item(k), leaf._rule, (), (), None)  # type: ignore[arg-type]
            twin.__dict__.update({"_label": leaf.label} if leaf.label else {})
            return twin
        info = self.info(k)
        given = [
            _node(values.item(x), None, (), (), None) if is_value else x  # type: ignore[arg-type]
            for is_value, x in info.inputs
        ]
        parents = tuple(x for x in given if isinstance(x, Value))
        twin = _node(values.item(k), info.rule, parents, (), tuple(given))
        twin.__dict__.update(self.extras.get(k, {}))
        return twin


def raise_backward_error(
    tape: Tape,
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
    for k in range(len(grads) - 1, -1, -1):
        first = e
        while e < len(consumers) and consumers[e] == k:
            e += 1
        g = grads[k]
        if not needs_grad[k] or g == 0.0:
            continue
        if not math.isfinite(g):
            if infinite_local is not None:
                node, which = infinite_local
                index = tape.info(node).kept[which]
                raise local_grad_error(tape.stand_in(node, values), index)
            shown = tape.stand_in(k, values)
            shown._grad = g
            raise OverflowError(f"backward: the gradient of {shown!r} overflowed")
        for index in range(first, e):
            local = locals_[index]
            if infinite_local is None and not math.isfinite(local):
                infinite_local = (k, index - first)
            grads[parents[index]] += local * g
    raise AssertionError("compile_graph: a gradient was not finite, yet backward() found none")
