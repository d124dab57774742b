"""A recorded graph as numbers: nodes numbered, grouped by depth and operation.

Node k is the k-th of ``output.topological_order()`` reversed, so every node's inputs have
smaller numbers. A node's level is 0 for a leaf and 1 + the largest level of its inputs: the
nodes of one level do not depend on each other, and a node's consumers all sit at higher
levels. Nodes of one level made by the same rule with the same kinds of input (which of them
are Values and which plain numbers) form a group, computed together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import is_, itemgetter
from typing import Any

import numpy as np

from ..ops import Op
from ..value import Value


def rule_of(node: Value) -> Op:
    """The operation that made ``node`` (its forward rule and local derivatives)."""
    return node._rule  # type: ignore[return-value]


@dataclass
class Group:
    """Nodes of one level made by one rule, with the same inputs kinds."""

    level: int
    rule: Op
    is_value: tuple[bool, ...]  # per input: a Value (True) or a plain number (False)
    nodes: list[int] = field(default_factory=list)
    parents: list[int] = field(default_factory=list)  # node by node, the Value inputs' numbers
    constants: list[Any] = field(default_factory=list)  # node by node, the plain numbers


@dataclass
class Recording:
    """The graph below ``output``, numbered: what the compiler needs of it."""

    nodes: list[Value]  # by number
    number: dict[Value, int]  # node -> number (Values hash by identity)
    leaves: list[int]  # numbers of the nodes without parents
    levels: np.ndarray  # by number
    groups: list[Group]  # in level order


def record(output: Value) -> Recording:
    """Number the graph below ``output`` and sort its nodes into groups."""
    nodes = output.topological_order()
    nodes.reverse()
    number = dict(zip(nodes, range(len(nodes))))  # Values hash by identity
    lookup = number.__getitem__
    level = [0] * len(nodes)
    groups: dict[tuple[int, int, Any], Group] = {}
    kinds = _InputKinds()
    leaves = []
    for k, node in enumerate(nodes):
        parents = node.parents
        if not parents:  # a leaf (or an op on plain numbers only: a constant all the same)
            leaves.append(k)
            continue
        numbers = list(map(lookup, parents))
        level[k] = depth = 1 + (
            max(itemgetter(*numbers)(level)) if len(numbers) > 1 else level[numbers[0]]
        )
        constant = node._constant
        if constant is None:  # every input is a Value
            kind: Any = len(parents)
            constants: Any = ()
        elif type(constant) is float:  # a binary op with a plain number as second input
            kind, constants = _SECOND_IS_CONSTANT, (constant,)
        else:  # sum, dot or logsumexp with some plain numbers among the inputs, as given
            kind = kinds.of(constant, parents)
            constants = compress(constant, kind.is_constant)
        rule = rule_of(node)
        key = (depth, id(rule), kind)
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(depth, rule, _is_value(kind))
        group.nodes.append(k)
        group.parents += numbers
        group.constants += constants
    in_order = sorted(groups.values(), key=lambda group: group.level)
    return Recording(nodes, number, leaves, np.array(level, dtype=np.intp), in_order)


_SECOND_IS_CONSTANT = -1


class _Kind:
    """Which inputs of a node are Values, and which plain numbers."""

    def __init__(self, is_value: tuple[bool, ...]) -> None:
        self.is_value = is_value
        self.is_constant = tuple(not v for v in is_value)


class _InputKinds:
    """The kinds of inputs seen so far, each made once (so it hashes and compares fast)."""

    def __init__(self) -> None:
        self._made: dict[tuple[bool, ...], _Kind] = {}
        self._last: dict[tuple[int, int], _Kind] = {}

    def of(self, inputs: tuple[Any, ...], parents: tuple[Value, ...]) -> _Kind:
        """The kind of ``inputs``, whose Values are ``parents`` (in order)."""
        size = (len(inputs), len(parents))
        kind = self._last.get(size)
        # Most nodes are like the last one of their size: if the inputs it takes for Values
        # are the parents themselves, the other inputs hold no Value, and it is the same kind.
        if kind is not None and all(map(is_, compress(inputs, kind.is_value), parents)):
            return kind
        is_value = tuple(map(isinstance, inputs, repeat(Value)))
        kind = self._made.get(is_value) or self._made.setdefault(is_value, _Kind(is_value))
        self._last[size] = kind
        return kind


def _is_value(kind: Any) -> tuple[bool, ...]:
    if isinstance(kind, _Kind):
        return kind.is_value
    return (True, False) if kind == _SECOND_IS_CONSTANT else (True,) * kind
