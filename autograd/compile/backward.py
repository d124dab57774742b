"""The backward pass of a compiled graph: one level of parents at a time, highest first.

``backward()`` visits the nodes in topological order (output first) and, for each node with
a nonzero gradient g, adds ``local * g`` to each parent's ``.grad``, input by input. So a
parent's gradient is its starting value (its ``.grad`` for a leaf, 0.0 otherwise) plus its
contributions, added one by one in the order of that walk.

Here the contributions toward every parent of one level are computed at once (all their
consumers sit at higher levels, whose gradients are final), listed in ``backward()``'s order,
and added by ``numpy.add.at``, which adds them one after the other into their parents: every
sum is the same sequence of float additions. A contribution that ``backward()`` skips (its
consumer's gradient is 0.0) is replaced by -0.0, the one number whose addition changes no
float, not even the sign of a zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from .forward import ForwardStep


class Edges(NamedTuple):
    """Edges whose local derivative is kept, in ``backward()``'s order: the consumers from
    the output down, each consumer's inputs in order."""

    positions: np.ndarray  # where the local derivative is in ``loc``
    parents: np.ndarray
    consumers: np.ndarray


def in_backward_order(steps: Sequence[ForwardStep], n_nodes: int) -> Edges:
    """Every kept edge, as ``backward()`` meets them."""
    first = np.zeros(n_nodes, dtype=np.intp)  # a consumer's first edge, in ``loc``
    stride = np.zeros(n_nodes, dtype=np.intp)  # from one of its edges to the next
    count = np.zeros(n_nodes, dtype=np.intp)
    parents = np.empty(sum(step.n_edges for step in steps), dtype=np.intp)
    for step in steps:
        n = len(step.nodes)
        first[step.nodes] = step.first_edge + np.arange(n)
        stride[step.nodes] = n
        count[step.nodes] = len(step.grad_slots)
        parents[step.first_edge : step.first_edge + step.n_edges] = step.grad_parents().ravel()
    first, stride, count = first[::-1], stride[::-1], count[::-1]  # the output first
    consumers = np.repeat(np.arange(n_nodes - 1, -1, -1), count)
    offsets = np.cumsum(count) - count
    which = np.arange(len(consumers)) - np.repeat(offsets, count)  # the edge's input slot
    positions = np.repeat(first, count) + np.repeat(stride, count) * which
    return Edges(positions, parents[positions], consumers)


class BackwardLevel:
    """The contributions toward one level's parents, in ``backward()``'s order."""

    def __init__(self, edges: Edges) -> None:
        self.edges = edges

    def run(self, g: np.ndarray, loc: np.ndarray) -> None:
        """Add the level's contributions into the gradients ``g``."""
        positions, parents, consumers = self.edges
        consumer_grads = g[consumers]
        contributions = loc[positions] * consumer_grads
        np.copyto(contributions, -0.0, where=consumer_grads == 0.0)  # skipped, as in backward()
        np.add.at(g, parents, contributions)  # one by one, in order


def plan(edges: Edges, levels: np.ndarray, needs_grad: np.ndarray) -> list[BackwardLevel]:
    """The levels of parents that need a gradient, highest first, with their contributions."""
    kept = np.flatnonzero(needs_grad[edges.parents])
    depth = levels.max() - levels[edges.parents[kept]]  # highest level first
    small = np.uint16 if depth.size and depth.max() < 2**16 else np.intp
    kept = kept[np.argsort(depth.astype(small), kind="stable")]  # keeps backward()'s order
    positions, parents, consumers = (column[kept] for column in edges)
    cuts = np.flatnonzero(np.diff(levels[parents])) + 1
    return [
        BackwardLevel(Edges(*columns))
        for columns in zip(*(np.split(column, cuts) for column in (positions, parents, consumers)))
    ]
