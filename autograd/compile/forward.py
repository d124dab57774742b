"""The forward pass of a compiled graph: one step per group, on columns of numbers.

Every node's data lives in one float64 array ``v`` (index: the node's number) and every
local derivative that backward will need in one array ``loc`` (index: the edge's position).
A step gathers its group's inputs as columns (row ``j`` holds input ``j`` of every node of
the group), runs the op's forward rule and then its local derivatives, and writes the results
back. A rule that is plain arithmetic runs on the columns themselves; any other rule is
called once per node, with Python floats, exactly as the eager path calls it.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from ..ops import Op
from ..value import _forward_number, _result
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


class Layout(NamedTuple):
    """Where a step puts its nodes' kept local derivatives in ``loc``: node ``nodes[i]`` has
    ``count[i]`` of them, from ``first[i]`` on, ``stride[i]`` apart, toward ``parents``."""

    nodes: np.ndarray
    first: np.ndarray
    stride: Any
    count: Any
    parents: np.ndarray  # the parent of each kept derivative, in ``loc``'s order


def forward_steps(groups: list[Group], needs_grad: np.ndarray) -> list[ArrayStep | ScalarRun]:
    """The steps of the forward pass, in level order; sets ``needs_grad`` of every node.

    A large group is one step on arrays; small groups in a row make one run of plain Python
    calls (many of them, in a deep and narrow graph).
    """
    steps: list[ArrayStep | ScalarRun] = []
    plainness, first_edge = Plainness(), 0
    small: list[Group] = []
    for group in [*groups, None]:
        if group is not None and len(group.nodes) < SMALL_GROUP:
            small.append(group)
            continue
        if small:
            steps.append(ScalarRun(small, needs_grad, first_edge))
            first_edge += steps[-1].n_edges
            small = []
        if group is not None:
            steps.append(ArrayStep(group, needs_grad, first_edge, plainness))
            first_edge += steps[-1].n_edges
    return steps


class ArrayStep:
    """One group's data and local derivatives, computed for all its nodes at once."""

    def __init__(self, group: Group, needs_grad: np.ndarray, first_edge: int, plain: Plainness):
        n = len(group.nodes)
        arity = len(group.is_value)
        self.rule = group.rule
        self.nodes = np.array(group.nodes, dtype=np.intp)
        self.value_slots = [j for j, is_value in enumerate(group.is_value) if is_value]
        # parents[jj, i]: the number of the jj-th Value input of the group's i-th node
        parents = np.fromiter(group.parents, np.intp, len(group.parents))
        self.parents = parents.reshape(n, -1).T.copy()
        constants = np.fromiter(group.constants, float, len(group.constants))
        constants = constants.reshape(n, -1).T.copy()
        # The inputs in the rule's order, constants filled in; Value columns go in the gaps.
        self.template: list[Any] = [None] * arity
        for row, j in zip(constants, (j for j in range(arity) if not group.is_value[j])):
            self.template[j] = row
        # Only the derivatives toward inputs that need a gradient are kept, slot by slot.
        self.grad_rows = [
            jj for jj in range(len(self.parents)) if needs_grad[self.parents[jj]].any()
        ]
        self.grad_slots = [self.value_slots[jj] for jj in self.grad_rows]
        needs_grad[self.nodes] = needs_grad[self.parents].any(axis=0)
        self.first_edge = first_edge
        self.n_edges = len(self.grad_slots) * n
        self.forward_plain, self.grads_plain = plain.of(self.rule, arity)

    def layout(self) -> Layout:
        n = len(self.nodes)
        first = self.first_edge + np.arange(n)
        return Layout(self.nodes, first, n, len(self.grad_rows), self.parents[self.grad_rows])

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


class ScalarRun:
    """Small groups in a row, node by node: each rule called with Python floats."""

    def __init__(self, groups: list[Group], needs_grad: np.ndarray, first_edge: int) -> None:
        self.first_edge = first_edge
        self.entries: list[tuple[Any, ...]] = []
        nodes, first, count, kept_parents = [], [], [], []
        for group in groups:
            value_slots = [j for j, is_value in enumerate(group.is_value) if is_value]
            constant_slots = [j for j, is_value in enumerate(group.is_value) if not is_value]
            p, c = len(value_slots), len(constant_slots)
            for i, k in enumerate(group.nodes):
                parents = group.parents[i * p : (i + 1) * p]
                template: list[Any] | None = None
                if c:
                    template = [None] * len(group.is_value)
                    for j, x in zip(constant_slots, group.constants[i * c : (i + 1) * c]):
                        template[j] = float(x)
                kept = [jj for jj, q in enumerate(parents) if needs_grad.item(q)]
                needs_grad[k] = bool(kept)
                slots = [value_slots[jj] for jj in kept]
                self.entries.append(
                    (k, group.rule, parents, template, value_slots, slots, first_edge)
                )
                nodes.append(k)
                first.append(first_edge)
                count.append(len(kept))
                kept_parents += [parents[jj] for jj in kept]
                first_edge += len(kept)
        self.n_edges = first_edge - self.first_edge
        self._layout = Layout(
            np.array(nodes, dtype=np.intp),
            np.array(first, dtype=np.intp),
            1,
            np.array(count, dtype=np.intp),
            np.array(kept_parents, dtype=np.intp),
        )

    def layout(self) -> Layout:
        return self._layout

    def run(self, v: np.ndarray, loc: np.ndarray) -> None:
        """Each node in turn: its data into ``v``, its kept local derivatives into ``loc``."""
        item = v.item
        for k, rule, parents, template, value_slots, slots, first in self.entries:
            if template is None:
                args = list(map(item, parents))
            else:
                args = list(template)
                for j, q in zip(value_slots, parents):
                    args[j] = item(q)
            out = rule.forward(*args)
            if type(out) is not float:  # an Op of your own may return another number
                out = _forward_number(rule, out)
            if not math.isfinite(out):
                _result(rule, out, tuple(args))
            v[k] = out
            if slots:
                grads = rule.local_grads(out, *args)
                for e, j in enumerate(slots, first):
                    loc[e] = grads[j]
