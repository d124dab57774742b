"""micrograd's names and habits on every Value: ``_prev``, ``_op``, ``_backward()``, identity
equality, attributes of one's own. Written as a learner writes them, in this project's words."""

from __future__ import annotations

import sys
import tracemalloc
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Value


def two_equal_products() -> tuple[Value, list[Value]]:
    """x1*3 + x2*3 with x1 = x2 = 2: five distinct nodes, two pairs with equal data."""
    x1, x2 = Value(2.0), Value(2.0)
    a, b = x1 * 3, x2 * 3
    out = a + b
    return out, [x1, x2, a, b, out]


def topo_with_a_list(root: Value) -> list[Value]:
    """The lecture's topological sort, keeping visited nodes in a list."""
    topo: list[Value] = []
    visited: list[Value] = []

    def build(v: Value) -> None:
        if v not in visited:
            visited.append(v)
            for child in v._prev:
                build(child)
            topo.append(v)

    build(root)
    return topo


def topo_with_a_set(root: Value) -> list[Value]:
    topo: list[Value] = []
    visited: set[Value] = set()

    def build(v: Value) -> None:
        if v not in visited:
            visited.add(v)
            for child in v._prev:
                build(child)
            topo.append(v)

    build(root)
    return topo


def trace(root: Value) -> tuple[list[Value], list[tuple[Value, Value]]]:
    """A hand-written graph trace with lists, as in a learner's draw_dot."""
    nodes: list[Value] = []
    edges: list[tuple[Value, Value]] = []

    def walk(v: Value) -> None:
        if v not in nodes:
            nodes.append(v)
            for child in v._prev:
                edges.append((child, v))
                walk(child)

    walk(root)
    return nodes, edges


@pytest.mark.parametrize("sort", [topo_with_a_list, topo_with_a_set])
def test_a_hand_written_topological_sort_finds_every_node(sort: Any) -> None:
    out, nodes = two_equal_products()
    topo = sort(out)
    assert len(topo) == 5
    assert all(any(n is t for t in topo) for n in nodes)
    for i, node in enumerate(topo):  # each node after all of its inputs
        assert all(topo.index(p) < i for p in node._prev)


def test_list_methods_find_the_node_itself() -> None:
    _, (x1, x2, a, b, _) = two_equal_products()
    nodes = [x1, x2, a, b]
    assert nodes.index(x2) == 1
    assert nodes.count(x1) == 1
    nodes.remove(x2)
    assert nodes == [x1, a, b]
    assert x2 not in nodes
    assert x1 != x2 and x1.data == x2.data


def test_a_hand_written_trace_of_a_neuron_draws_every_node_and_edge() -> None:
    x = [Value(1.0), Value(1.0)]
    w = [Value(0.5), Value(0.5)]
    b = Value(0.5)
    out = (x[0] * w[0] + x[1] * w[1] + b).tanh()
    nodes, edges = trace(out)
    assert len(nodes) == 10  # 5 leaves, 2 products, 2 sums, tanh
    assert len(edges) == 9
    assert {n._op for n in nodes} == {"", "*", "+", "tanh"}


def test_prev_is_the_set_of_inputs_and_parents_keeps_their_order() -> None:
    a, b = Value(1.0), Value(2.0)
    c = b * a
    assert c._prev == {a, b}
    assert isinstance(c._prev, set)
    assert c.parents == (b, a)
    assert (a * a)._prev == {a}
    assert a._prev == set()


def test_op_is_the_operation_name_as_a_string() -> None:
    a = Value(1.0)
    assert a._op == ""
    assert (a + 1)._op == "+"
    assert (a * a)._op == "*"
    assert a.tanh()._op == "tanh"
    assert (a**2)._op == "**"
    assert isinstance((a - 1)._op, str)


@given(
    st.lists(st.floats(-2, 2), min_size=2, max_size=6),
    st.lists(st.floats(-2, 2), min_size=2, max_size=6),
)
def test_backward_by_hand_node_by_node_equals_backward(xs: list[float], ws: list[float]) -> None:
    """The lecture's manual walk: out.grad = 1, then _backward() in reverse topological order."""
    n = min(len(xs), len(ws))

    def build() -> tuple[Value, list[Value]]:
        leaves = [Value(v) for v in xs[:n] + ws[:n]]
        total: Any = 0.0
        for x, w in zip(leaves[:n], leaves[n:]):
            total = total + x * w
        return (total + leaves[0]).tanh() * leaves[-1], leaves

    by_hand, hand_leaves = build()
    by_hand.grad = 1.0
    for node in reversed(topo_with_a_set(by_hand)):
        node._backward()
    engine, leaves = build()
    engine.backward()
    assert [v.grad for v in hand_leaves] == [v.grad for v in leaves]


def test_backward_of_a_leaf_does_nothing() -> None:
    a = Value(3.0)
    a.grad = 1.0
    a._backward()
    assert a.grad == 1.0


def test_attributes_of_ones_own_are_kept() -> None:
    p = Value(1.0)
    p.m = 0.5  # an optimizer's moment, as code derived from micrograd sets it
    p.color = "red"
    assert (p.m, p.color) == (0.5, "red")
    assert (p * 2).parents[0].m == 0.5


def test_a_node_without_attributes_of_its_own_has_no_dict_yet() -> None:
    """The __dict__ slot costs one pointer; the dict itself is made only when first used."""
    v = Value(1.0) * 2
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    _ = v.label, v.data, v.grad, v._op
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert after - before < 64
    assert sys.getsizeof(v) <= 16 + 16 + 9 * 8  # gc and object headers, 8 slots, __dict__


@pytest.mark.parametrize(
    "micrograd_habit",
    [
        lambda a: Value(3.0, (a,), "foo"),  # making a node by hand
        lambda a: setattr(a * 2, "_backward", lambda: None),  # a closure of one's own
        lambda a: setattr(a * 2, "_prev", {a}),
    ],
    ids=["Value(data, children, op)", "_backward = closure", "_prev = set"],
)
def test_micrograds_way_of_adding_an_operation_points_to_op(micrograd_habit: Any) -> None:
    """micrograd adds an op by hand with a closure; chainrule would silently ignore it, so it
    refuses and names the way that works."""
    with pytest.raises(TypeError, match=r"^Value: micrograd makes a node by hand.*autograd\.Op"):
        micrograd_habit(Value(1.0))
