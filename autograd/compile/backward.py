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

import itertools
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from .forward import ArrayStep, ScalarRun

# Fewer contributions than this in a level: plain Python adds them faster than numpy.
SMALL_LEVEL = 32


class Edges(NamedTuple):
    """Edges whose local derivative is kept, in ``backward()``'s order: the consumers from
    the output down, each consumer's inputs in order."""

    positions: np.ndarray  # where the local derivative is in ``loc``
    parents: np.ndarray
    consumers: np.ndarray


def in_backward_order(steps: Sequence[ArrayStep | ScalarRun], n_nodes: int) -> Edges:
    """Every kept edge, as ``backward()`` meets them."""
    first = np.zeros(n_nodes, dtype=np.intp)  # a consumer's first edge, in ``loc``
    stride = np.zeros(n_nodes, dtype=np.intp)  # from one of its edges to the next
    count = np.zeros(n_nodes, dtype=np.intp)
    parents = np.empty(sum(step.n_edges for step in steps), dtype=np.intp)
    for step in steps:
        layout = step.layout()
        first[layout.nodes] = layout.first
        stride[layout.nodes] = layout.stride
        count[layout.nodes] = layout.count
        parents[step.first_edge : step.first_edge + step.n_edges] = layout.parents.ravel()
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


class ScalarLevels:
    """Small levels in a row, edge by edge in plain Python: the same additions, in order."""

    def __init__(self, edges: Edges) -> None:
        self.edges = list(zip(*(column.tolist() for column in edges)))

    def run(self, g: np.ndarray, loc: np.ndarray) -> None:
        grad, local = g.item, loc.item
        for position, parent, consumer in self.edges:
            consumer_grad = grad(consumer)
            if consumer_grad != 0.0:  # as in backward()
                g[parent] = grad(parent) + local(position) * consumer_grad


def plan(edges: Edges, levels: np.ndarray, needs_grad: np.ndarray) -> list[Any]:
    """The levels of parents that need a gradient, highest first, with their contributions."""
    kept = np.flatnonzero(needs_grad[edges.parents])
    depth = levels.max() - levels[edges.parents[kept]]  # highest level first
    small = np.uint16 if depth.size and depth.max() < 2**16 else np.intp
    kept = kept[np.argsort(depth.astype(small), kind="stable")]  # keeps backward()'s order
    positions, parents, consumers = (column[kept] for column in edges)
    bounds = [0, *(np.flatnonzero(np.diff(levels[parents])) + 1).tolist(), len(parents)]
    result: list[Any] = []
    start = 0  # of the small levels not planned yet
    for a, b in itertools.pairwise(bounds):
        if b - a < SMALL_LEVEL:
            continue
        if start < a:
            result.append(
                ScalarLevels(Edges(positions[start:a], parents[start:a], consumers[start:a]))
            )
        result.append(BackwardLevel(Edges(positions[a:b], parents[a:b], consumers[a:b])))
        start = b
    if start < len(parents):
        result.append(ScalarLevels(Edges(positions[start:], parents[start:], consumers[start:])))
    return result
