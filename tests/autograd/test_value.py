"""The ``Value`` node: what it stores, how it prints, compares and hashes, and the graph it
records (parents, local derivatives, topological order)."""

from __future__ import annotations

import copy
import math
import operator
import pickle
import sys
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Value
from tests.autograd.helpers import OP_CASES, OURS, OpCase


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (3, 3.0),
        (-2.5, -2.5),
        (True, 1.0),
        (Fraction(1, 4), 0.25),
        (np.float64(1.5), 1.5),
        (np.float32(0.5), 0.5),
        (np.int64(-7), -7.0),
    ],
    ids=lambda x: type(x).__name__,
)
def test_data_is_kept_as_a_float(data: Any, expected: float) -> None:
    v = Value(data)
    assert type(v.data) is float
    assert v.data == expected


def test_a_new_value_is_a_leaf_with_zero_grad() -> None:
    v = Value(2.0, label="w")
    assert v.label == "w"
    assert type(v.grad) is float
    assert v.grad == 0.0
    assert v.op == ""
    assert v.parents == ()
    assert v.local_grads == ()
    assert v.differentiable_local_grads() == []
    assert Value(1.0).label == ""


def test_item_is_the_data_as_a_float() -> None:
    v = Value(0.25) * 2
    assert type(v.item()) is float
    assert v.item() == 0.5


def test_data_is_writable_and_later_ops_use_the_new_value() -> None:
    v = Value(1.0)
    v.data -= 0.25
    assert (v * 2).data == 1.5


@pytest.mark.parametrize("written", [2, np.float64(2.0)], ids=lambda x: type(x).__name__)
@pytest.mark.parametrize("op", ["sin", "cos", "softplus", "logsumexp"])
def test_any_real_number_written_to_data_works(written: Any, op: str) -> None:
    """After v.data = 2, v behaves as Value(2.0) does."""

    def apply(v: Value) -> Value:
        return OURS.logsumexp([v]) if op == "logsumexp" else getattr(v, op)()

    v = Value(0.0)
    v.data = written
    out, expected = apply(v), apply(Value(float(written)))
    assert (out.data, out.local_grads) == (expected.data, expected.local_grads)


def test_sum_of_nothing_is_the_float_zero() -> None:
    out = autograd.sum([])
    assert type(out.data) is float
    assert out.data == 0.0


def test_repr_shows_data_grad_label_and_op() -> None:
    a = Value(2.0, label="a")
    b = a * 3
    assert repr(a) == "Value(data=2.0, grad=0.0, label='a')"
    assert repr(b) == "Value(data=6.0, grad=0.0, op='*')"
    b.backward()
    assert "grad=3.0" in repr(a)


def test_parents_are_the_value_inputs_in_argument_order() -> None:
    a, b, c = Value(1.0), Value(2.0), Value(3.0)
    cases = [
        (a + a, (a, a)),
        (b - a, (b, a)),
        (a * 2, (a,)),
        (2 * a, (a,)),
        (2**a, (a,)),
        (a**b, (a, b)),
        (autograd.sum([a, 2.0, b, a]), (a, b, a)),
        (autograd.dot([a, 2.0], [3.0, b], c), (a, b, c)),
        (autograd.dot([a, b], [b, a]), (a, b, b, a)),
        (autograd.logsumexp([c, 0.0, a]), (c, a)),
    ]
    for out, parents in cases:
        assert [id(p) for p in out.parents] == [id(p) for p in parents], out


def test_local_grads_are_aligned_with_parents_when_numbers_are_mixed_in() -> None:
    """dot(w, x, b) = w1 x1 + w2 x2 + b: d/dw1 = x1, d/dx2 = w2, d/db = 1."""
    a, b, c = Value(5.0), Value(7.0), Value(11.0)
    out = autograd.dot([a, 2.0], [3.0, b], c)
    assert out.data == 5.0 * 3.0 + 2.0 * 7.0 + 11.0
    assert out.local_grads == (3.0, 2.0, 1.0)
    assert autograd.sum([a, 2.0, b]).local_grads == (1.0, 1.0)


def test_the_same_input_twice_gets_both_derivatives() -> None:
    """x * x has parents (x, x) and local_grads (x, x): together d(x^2)/dx = 2x."""
    x = Value(3.0)
    y = x * x
    assert y.local_grads == (3.0, 3.0)
    y.backward()
    assert x.grad == 6.0


@pytest.mark.parametrize("case", OP_CASES, ids=lambda case: case.name)
@settings(max_examples=10)
@given(data=st.data())
def test_differentiable_local_grads_agree_with_local_grads(
    case: OpCase, data: st.DataObject
) -> None:
    point = data.draw(case.points(), label="point")
    out = case.expr(OURS, *(Value(x) for x in point))
    again = [g.data if isinstance(g, Value) else g for g in out.differentiable_local_grads()]
    assert again == pytest.approx(list(out.local_grads), rel=1e-14, abs=1e-300)


def test_differentiable_local_grads_are_values_in_the_graph() -> None:
    """d(x*y)/dx is y itself, so differentiating it again reaches y."""
    x, y = Value(2.0), Value(5.0)
    dx, dy = (x * y).differentiable_local_grads()
    assert dx is y
    assert dy is x
    (d_tanh,) = x.tanh().differentiable_local_grads()
    assert isinstance(d_tanh, Value)
    assert d_tanh.parents  # 1 - tanh(x)^2 has a graph of its own


@pytest.mark.parametrize(
    ("left", "right", "results"),
    [
        # ==, !=, <, <=, >, >=: == is identity (two distinct nodes are never equal)
        (Value(2.0), Value(2.0), (False, True, False, True, False, True)),
        (Value(1.0), Value(2.0), (False, True, True, True, False, False)),
        (Value(3.0), 2, (False, True, False, False, True, True)),
        (Value(2.0), 2.0, (False, True, False, True, False, True)),
        (2.0, Value(3.0), (False, True, True, True, False, False)),
    ],
)
def test_equality_is_identity_and_ordering_compares_data(
    left: Any, right: Any, results: tuple[bool, ...]
) -> None:
    got = (left == right, left != right, left < right, left <= right, left > right, left >= right)
    assert got == results
    assert all(type(r) is bool for r in got)


def test_values_hash_and_compare_equal_by_identity() -> None:
    a, b = Value(1.0), Value(1.0)
    assert a == a
    assert a != b
    assert a.data == b.data
    assert len({a, b}) == 2
    grads = {a: "a", b: "b"}
    assert grads[a] == "a"
    assert grads[b] == "b"


def test_topological_order_puts_each_node_once_before_its_inputs() -> None:
    x, y = Value(1.0), Value(2.0)
    a = x * y
    b = a + x
    c = a.tanh()
    out = b * c + a
    order = out.topological_order()
    assert order[0] is out
    assert len(order) == len({id(n) for n in order}) == 7  # x, y, a, b, c, b*c, out
    position = {id(n): i for i, n in enumerate(order)}
    for node in order:
        for parent in node.parents:
            assert position[id(node)] < position[id(parent)]


def test_topological_order_of_a_leaf_is_itself() -> None:
    x = Value(1.0)
    assert [id(n) for n in x.topological_order()] == [id(x)]


def test_topological_order_is_right_again_from_another_root_sharing_nodes() -> None:
    """Each search uses fresh marks, so a second search over shared nodes is not confused."""
    x = Value(1.0)
    shared = x * 2
    first = shared + 1
    second = shared * shared
    assert len(first.topological_order()) == 3
    order = second.topological_order()
    assert [id(n) for n in order] == [id(second), id(shared), id(x)]


@pytest.mark.parametrize(
    ("written", "error", "message"),
    [
        ("3", TypeError, r"Value\.data: expected a real number, got '3'"),
        (None, TypeError, r"Value\.data: expected a real number, got None"),
        (math.nan, ValueError, r"Value\.data: expected a finite number, got nan"),
        (-math.inf, ValueError, r"Value\.data: expected a finite number, got -inf"),
    ],
)
def test_writing_a_bad_number_to_data_is_refused_there(
    written: Any, error: type, message: str
) -> None:
    v = Value(1.0)
    with pytest.raises(error, match=message):
        v.data = written
    assert v.data == 1.0


def test_data_written_as_an_int_or_numpy_scalar_is_kept_as_a_float() -> None:
    v = Value(0.0)
    for written in (2, np.float32(2.0), np.int64(2)):
        v.data = written
        assert type(v.data) is float and v.data == 2.0


NUMPY_SCALARS = [
    np.bool_(True),
    np.int32(2),
    np.int64(2),
    np.float16(2),
    np.float32(2),
    np.float64(2),
]


@pytest.mark.parametrize("scalar", NUMPY_SCALARS, ids=lambda x: type(x).__name__)
@pytest.mark.parametrize("op", [operator.add, operator.sub, operator.mul, operator.truediv, pow])
def test_numpy_scalars_work_on_either_side_of_every_operation(scalar: Any, op: Any) -> None:
    v, number = Value(3.0), float(scalar)
    left, right = op(v, scalar), op(scalar, v)
    assert isinstance(left, Value) and isinstance(right, Value)
    assert (left.data, right.data) == (op(v, number).data, op(number, v).data)
    assert left.parents == (v,) and right.parents == (v,)


def test_a_value_works_where_python_expects_a_number() -> None:
    v = Value(2.34567) * 1.0
    assert float(v) == 2.34567
    assert int(v) == 2
    assert f"{v:.3f}" == "2.346"
    assert f"{v}" == repr(v)
    assert round(v, 2) == 2.35
    assert round(v) == 2
    assert math.isfinite(v)
    assert math.sqrt(Value(4.0)) == 2.0


def test_truth_is_the_data_being_nonzero_as_for_a_pytorch_scalar() -> None:
    assert not Value(0.0)
    assert not Value(-0.0)
    assert Value(0.5)
    assert Value(-2.0) * 1.0


def test_label_and_grad_are_checked_when_written() -> None:
    v = Value(1.0)
    with pytest.raises(TypeError, match=r"^Value\.label: expected a string, got 5"):
        v.label = 5  # type: ignore[assignment]
    with pytest.raises(ValueError, match=r"^Value\.grad: expected a finite number, got nan"):
        v.grad = math.nan
    with pytest.raises(TypeError, match=r"^Value\.grad: expected a real number, got '1'"):
        v.grad = "1"  # type: ignore[assignment]
    v.grad = np.float32(0.5)
    assert v.grad == 0.5 and type(v.grad) is float
    v.grad = None  # as after zero_grad(set_to_none=True): zero
    assert v.grad == 0.0
    (v * 3).backward()
    assert v.grad == 3.0


def test_a_deepcopy_copies_the_graph_node_for_node() -> None:
    x = Value(2.0, label="x")
    x.color = "red"
    y = x * x + x.tanh()
    y.backward()
    twin = copy.deepcopy(y)
    assert twin is not y and twin.data == y.data and twin.grad == y.grad
    (tx,) = {p for node in twin.topological_order() for p in node.parents if not p.parents}
    assert tx is not x and (tx.data, tx.label, tx.color) == (2.0, "x", "red")
    assert twin.parents[0].parents == (tx, tx)  # a node used twice stays one node
    tx.grad = 0.0
    twin.backward()
    assert tx.grad == x.grad


def test_a_deepcopy_of_a_deep_graph_needs_no_recursion() -> None:
    x = y = Value(1.0)
    for _ in range(sys.getrecursionlimit() * 3):
        y = y * 1.0 + 0.0
    twin = copy.deepcopy(y)
    assert twin.data == y.data
    assert len(twin.topological_order()) == len(y.topological_order())
    assert x.grad == 0.0


def test_a_leaf_pickles_with_its_data_grad_label_and_attributes() -> None:
    w = Value(0.25, label="w")
    w.grad, w.m = 1.5, 0.125
    back = pickle.loads(pickle.dumps(w))
    assert (back.data, back.grad, back.label, back.m) == (0.25, 1.5, "w", 0.125)


def test_pickling_a_node_made_by_an_operation_is_refused_clearly() -> None:
    with pytest.raises(TypeError, match=r"^pickle: Value\(data=2\.0.* was made by an operation"):
        pickle.dumps(Value(1.0) * 2)
