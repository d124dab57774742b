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
from operator import not_
from typing import Any

import numpy as np

from ..ops import Op
from ..value import Value


def rule_of(node: Value) -> Op:
    """The operation that made ``node`` (its forward rule and local derivatives)."""
    return node._op  # type: ignore[return-value]


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
    groups: dict[tuple[Any, ...], Group] = {}
    constant_masks: dict[tuple[bool, ...], tuple[bool, ...]] = {}
    leaves = []
    for k, node in enumerate(nodes):
        parents = node.parents
        if not parents:  # a leaf (or an op on plain numbers only: a constant all the same)
            leaves.append(k)
            continue
        numbers = list(map(lookup, parents))
        level[k] = depth = 1 + max(map(level.__getitem__, numbers))
        constant = node._constant
        if constant is None:  # every input is a Value
            is_value: tuple[bool, ...] = (True,) * len(parents)
            constants: Any = ()
        elif type(constant) is float:  # a binary op with a plain number as second input
            is_value, constants = (True, False), (constant,)
        else:  # sum, dot or logsumexp with some plain numbers among the inputs, as given
            is_value = tuple(map(isinstance, constant, repeat(Value)))
            mask = constant_masks.get(is_value)
            if mask is None:
                mask = constant_masks[is_value] = tuple(map(not_, is_value))
            constants = compress(constant, mask)
        rule = rule_of(node)
        key = (depth, id(rule), is_value)
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(depth, rule, is_value)
        group.nodes.append(k)
        group.parents += numbers
        group.constants += constants
    in_order = sorted(groups.values(), key=lambda group: group.level)
    return Recording(nodes, number, leaves, np.array(level, dtype=np.intp), in_order)
