"""The forward pass of a compiled graph: one step per group, on columns of numbers.

Every node's data lives in one float64 array ``v`` (index: the node's number) and every
local derivative that backward will need in one array ``loc`` (index: the edge's position).
A step gathers its group's inputs as columns (row ``j`` holds input ``j`` of every node of
the group), runs the op's forward rule and then its local derivatives, and writes the results
back. A rule that is plain arithmetic runs on the columns themselves; any other rule is
called once per node, with Python floats, exactly as the eager path calls it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..ops import Op
from ..value import _result
from .graph import Group
from .symbols import forward_is_plain, local_grads_are_plain

# Fewer nodes than this in a group: numpy's cost per call is more than the work it saves.
SMALL_GROUP = 8


class Plainness:
    """Which rules run on arrays, traced once per rule and number of inputs."""

    def __init__(self) -> None:
        self._seen: dict[tuple[int, int], tuple[bool, bool]] = {}

    def of(self, rule: Op, arity: int) -> tuple[bool, bool]:
        """(forward is plain arithmetic, local derivatives are)."""
        key = (id(rule), arity)
        if key not in self._seen:
            self._seen[key] = (
                forward_is_plain(rule.forward, arity),
                local_grads_are_plain(rule.local_grads, arity),
            )
        return self._seen[key]


class ForwardStep:
    """One group's data and local derivatives, computed for all its nodes at once."""

    def __init__(self, group: Group, needs_grad: np.ndarray, first_edge: int, plain: Plainness):
        n = len(group.nodes)
        arity = len(group.is_value)
        self.rule = group.rule
        self.nodes = np.array(group.nodes, dtype=np.intp)
        self.value_slots = [j for j, is_value in enumerate(group.is_value) if is_value]
        # parents[jj, i]: the number of the jj-th Value input of the group's i-th node
        self.parents = np.array(group.parents, dtype=np.intp).reshape(n, -1).T.copy()
        constants = np.array(group.constants, dtype=float).reshape(n, -1).T.copy()
        # The inputs in the rule's order, constants filled in; Value columns go in the gaps.
        self.template: list[Any] = [None] * arity
        for row, j in zip(constants, (j for j in range(arity) if not group.is_value[j])):
            self.template[j] = row
        # Only the derivatives toward inputs that need a gradient are kept, slot by slot.
        self.grad_slots = [
            j for jj, j in enumerate(self.value_slots) if needs_grad[self.parents[jj]].any()
        ]
        self.first_edge = first_edge
        self.n_edges = len(self.grad_slots) * n
        forward_plain, grads_plain = plain.of(self.rule, arity) if n >= SMALL_GROUP else (0, 0)
        self.forward_plain, self.grads_plain = bool(forward_plain), bool(grads_plain)

    def grad_parents(self) -> np.ndarray:
        """The parents at the other end of the kept derivatives, laid out as in ``loc``."""
        return self.parents[[self.value_slots.index(j) for j in self.grad_slots]]

    def run(self, v: np.ndarray, loc: np.ndarray) -> None:
        """Compute the group's data into ``v`` and its kept local derivatives into ``loc``."""
        args = self._inputs(v)
        columns = None if self.forward_plain and self.grads_plain else [a.tolist() for a in args]
        if self.forward_plain:
            out = np.broadcast_to(self.rule.forward(*args), self.nodes.shape)
        else:  # called per node: a domain error is raised here, as in the eager path
            out = np.array(list(map(self.rule.forward, *columns)), dtype=float)  # type: ignore[misc]
        if not np.isfinite(out).all():
            self._raise_overflow(out, args)
        v[self.nodes] = out
        if not self.grad_slots:
            return
        n = len(self.nodes)
        block = loc[self.first_edge : self.first_edge + self.n_edges].reshape(-1, n)
        if self.grads_plain:
            grads = self.rule.local_grads(out, *args)
            for row, j in zip(block, self.grad_slots):
                row[:] = grads[j]
        else:
            per_node = list(map(self.rule.local_grads, out.tolist(), *columns))  # type: ignore[misc]
            block[:] = np.array(per_node, dtype=float)[:, self.grad_slots].T

    def _inputs(self, v: np.ndarray) -> list[Any]:
        """The group's inputs as columns, in the order the rule takes them."""
        gathered = v[self.parents]
        if len(self.value_slots) == len(self.template):
            return list(gathered)
        inputs = list(self.template)
        for j, column in zip(self.value_slots, gathered):
            inputs[j] = column
        return inputs

    def _raise_overflow(self, out: np.ndarray, args: list[Any]) -> None:
        """The eager path's error for the group's first node whose result is not finite."""
        i = int(np.flatnonzero(~np.isfinite(out))[0])
        inputs = tuple(float(a[i]) for a in args)
        _result(self.rule, self.rule.forward(*inputs), inputs)  # the rule may raise first
        _result(self.rule, float(out[i]), inputs)
