"""Every operation in ``autograd.ops``: its forward value, its local derivatives (by hand and
by central finite differences) and its value and gradients against PyTorch float64."""

from __future__ import annotations

import math
from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Value
from tests.autograd.helpers import (
    CASES,
    OP_CASES,
    OURS,
    OpCase,
    evaluate,
    numeric_gradient,
    torch_grads,
    torch_leaves,
    torch_lib,
)

LN2 = math.log(2.0)

# name, inputs, forward value, local derivatives (one per input), op string
BY_HAND = [
    ("x+y", (2.0, -3.0), -1.0, (1.0, 1.0), "+"),
    ("2+x", (5.0,), 7.0, (1.0,), "+"),
    ("x-y", (2.0, -3.0), 5.0, (1.0, -1.0), "-"),
    ("2-x", (5.0,), -3.0, (-1.0,), "-"),
    ("x*y", (2.0, -3.0), -6.0, (-3.0, 2.0), "*"),
    ("1.5*x", (4.0,), 6.0, (1.5,), "*"),
    ("x/y", (3.0, 4.0), 0.75, (0.25, -3.0 / 16.0), "/"),
    ("2/x", (8.0,), 0.25, (-2.0 / 64.0,), "/"),
    ("x**3", (2.0,), 8.0, (12.0,), "**"),
    ("x**0.5", (4.0,), 2.0, (0.25,), "**"),
    ("x**y", (2.0, 3.0), 8.0, (12.0, 8.0 * LN2), "**"),
    ("2**x", (3.0,), 8.0, (8.0 * LN2,), "**"),
    ("neg", (2.0,), -2.0, (-1.0,), "neg"),
    ("abs", (-2.0,), 2.0, (-1.0,), "abs"),
    ("exp", (0.0,), 1.0, (1.0,), "exp"),
    ("log", (math.e,), 1.0, (1.0 / math.e,), "log"),
    ("sqrt", (4.0,), 2.0, (0.25,), "sqrt"),
    ("tanh", (0.0,), 0.0, (1.0,), "tanh"),
    ("sigmoid", (0.0,), 0.5, (0.25,), "sigmoid"),
    ("relu", (-2.0,), 0.0, (0.0,), "relu"),
    ("relu", (3.0,), 3.0, (1.0,), "relu"),
    ("leaky_relu", (-2.0,), -0.02, (0.01,), "leaky_relu"),
    ("leaky_relu(0.2)", (-2.0,), -0.4, (0.2,), "leaky_relu"),
    ("sin", (math.pi / 2,), 1.0, (math.cos(math.pi / 2),), "sin"),
    ("cos", (0.0,), 1.0, (0.0,), "cos"),
    ("softplus", (0.0,), LN2, (0.5,), "softplus"),
    ("sum", (1.0, 2.0, 3.0), 6.0, (1.0, 1.0, 1.0), "sum"),
    ("dot", (1.0, 2.0, 3.0, 4.0, 5.0), 16.0, (3.0, 4.0, 1.0, 2.0, 1.0), "dot"),
    ("dot(w,0.5;3,x;b)", (2.0, 4.0, 1.0), 9.0, (3.0, 0.5, 1.0), "dot"),
    ("logsumexp", (0.0, 0.0, 0.0), math.log(3.0), (1 / 3, 1 / 3, 1 / 3), "logsumexp"),
]


def build(case: OpCase, point: tuple[float, ...]) -> tuple[list[Value], Value]:
    leaves = [Value(x) for x in point]
    return leaves, case.expr(OURS, *leaves)


@pytest.mark.parametrize(
    ("name", "point", "data", "local_grads", "op"),
    BY_HAND,
    ids=[f"{row[0]}{row[1]}" for row in BY_HAND],
)
def test_forward_value_and_local_grads_by_hand(
    name: str,
    point: tuple[float, ...],
    data: float,
    local_grads: tuple[float, ...],
    op: str,
) -> None:
    leaves, out = build(CASES[name], point)
    assert out.op == op
    assert out.data == pytest.approx(data, rel=1e-15, abs=1e-15)
    assert out.local_grads == pytest.approx(local_grads, rel=1e-15, abs=1e-15)
    assert [id(p) for p in out.parents] == [id(x) for x in leaves]


@pytest.mark.parametrize("case", OP_CASES, ids=str)
@settings(max_examples=25)
@given(data=st.data())
def test_local_grads_match_finite_differences(case: OpCase, data: st.DataObject) -> None:
    point = data.draw(case.points(), label="point")
    leaves, out = build(case, point)
    assert [id(p) for p in out.parents] == [id(x) for x in leaves]
    assert type(out.data) is float
    assert all(type(g) is float for g in out.local_grads)
    numeric = numeric_gradient(lambda p: evaluate(case.expr, p), point)
    assert list(out.local_grads) == pytest.approx(numeric, rel=1e-6, abs=1e-6)


@pytest.mark.parametrize("case", OP_CASES, ids=str)
@settings(max_examples=25)
@given(data=st.data())
def test_value_and_gradients_match_torch(
    torch: ModuleType, case: OpCase, data: st.DataObject
) -> None:
    point = data.draw(case.points(), label="point")
    leaves, out = build(case, point)
    out.backward()
    tensors = torch_leaves(torch, point)
    reference = case.expr(torch_lib(torch), *tensors)
    reference.backward()
    assert out.data == pytest.approx(reference.item(), rel=1e-12, abs=1e-14)
    assert [x.grad for x in leaves] == pytest.approx(torch_grads(tensors), rel=1e-12, abs=1e-14)


@pytest.mark.parametrize(
    ("name", "slope"), [("relu", 0.0), ("abs", 0.0), ("leaky_relu", 0.01), ("leaky_relu(0.2)", 0.2)]
)
def test_derivative_at_the_kink_follows_torch(torch: ModuleType, name: str, slope: float) -> None:
    """relu'(0) = abs'(0) = 0 and leaky_relu'(0) = negative_slope, as in PyTorch."""
    expr = CASES[name].expr
    x = Value(0.0)
    expr(OURS, x).backward()
    t = torch.tensor(0.0, requires_grad=True)
    expr(torch_lib(torch), t).backward()
    assert x.grad == slope
    assert t.grad.item() == slope


@pytest.mark.parametrize(
    ("method", "x", "data", "derivative"),
    [
        (Value.sigmoid, 1000.0, 1.0, 0.0),
        (Value.sigmoid, -1000.0, 0.0, 0.0),
        (Value.tanh, 1000.0, 1.0, 0.0),
        (Value.tanh, -1000.0, -1.0, 0.0),
        (Value.softplus, 1000.0, 1000.0, 1.0),
        (Value.softplus, -1000.0, 0.0, 0.0),
        (Value.softplus, 40.0, 40.0, 1.0),
        # log(1 + e^-40) = 4.2e-18 needs log1p: log(1.0 + 4.2e-18) is 0.0
        (Value.softplus, -40.0, math.exp(-40.0) - math.exp(-80.0) / 2, 1 / (1 + math.exp(40.0))),
    ],
)
def test_saturating_ops_are_exact_and_finite_far_out(
    method: Callable[[Value], Value], x: float, data: float, derivative: float
) -> None:
    """exp(+-1000) overflows or underflows, but these functions never need it."""
    leaf = Value(x)
    out = method(leaf)
    out.backward()
    assert out.data == pytest.approx(data, rel=1e-15, abs=0.0)
    assert leaf.grad == pytest.approx(derivative, rel=1e-15, abs=0.0)


@pytest.mark.parametrize(
    ("inputs", "data", "softmax"),
    [
        ([1000.0, 1000.0], 1000.0 + math.log(2.0), [0.5, 0.5]),
        ([-1000.0, -1000.0, -1000.0], -1000.0 + math.log(3.0), [1 / 3, 1 / 3, 1 / 3]),
        ([1000.0, 0.0], 1000.0, [1.0, 0.0]),
        ([-1000.0], -1000.0, [1.0]),
    ],
)
def test_logsumexp_is_finite_where_exp_overflows(
    inputs: list[float], data: float, softmax: list[float]
) -> None:
    """logsumexp(x) = m + log sum e^(x_i - m) with m = max x; its gradient is softmax(x)."""
    leaves = [Value(x) for x in inputs]
    out = OURS.logsumexp(leaves)
    out.backward()
    assert out.data == pytest.approx(data, rel=1e-15)
    # out is rounded at magnitude 1000, so e^(x_i - out) is off by up to ~1e-13 (as in torch)
    assert [x.grad for x in leaves] == pytest.approx(softmax, rel=1e-12, abs=1e-300)


@pytest.mark.parametrize(
    "number", [np.float64(1.5), np.float32(1.5), np.int64(3)], ids=lambda n: type(n).__name__
)
def test_numpy_scalars_work_as_plain_numbers_on_either_side(number: Any) -> None:
    x = Value(2.0)
    for out in (x * number, number * x):
        assert isinstance(out, Value)
        assert type(out.data) is float
        assert out.data == 2.0 * float(number)
        assert out.local_grads == (float(number),)
        assert [id(p) for p in out.parents] == [id(x)]


def test_a_value_as_negative_slope_is_refused() -> None:
    with pytest.raises(TypeError, match=r"leaky_relu: negative_slope must be a number, got Value"):
        Value(-2.0).leaky_relu(Value(0.2))  # type: ignore[arg-type]


@settings(max_examples=40)
@given(
    scale=st.sampled_from([1.0, 1e10, 1e16, 1e300]),
    offsets=st.lists(st.sampled_from([0.0, 0.0, 0.5, -1.0, 3.0]), min_size=2, max_size=5),
)
def test_logsumexp_gradients_are_softmax_at_any_magnitude(
    torch: ModuleType, scale: float, offsets: list[float]
) -> None:
    """Equal and unequal inputs near 1, 1e10, 1e16 and 1e300: the gradient is softmax(x),
    which torch.softmax computes accurately (torch.logsumexp's own backward uses
    e^(x - out) and is off by up to 5e-7 at 1e10, as chainrule's was)."""
    xs = [scale + o * max(1.0, scale * 1e-16) for o in offsets]
    leaves = [Value(x) for x in xs]
    out = autograd.logsumexp(leaves)
    out.backward()
    t = torch.tensor(xs)
    assert out.data == pytest.approx(torch.logsumexp(t, 0).item(), rel=1e-15)
    for leaf, expected in zip(leaves, torch.softmax(t, 0).tolist()):
        assert leaf.grad == pytest.approx(expected, rel=1e-12, abs=1e-15)
    assert math.fsum(leaf.grad for leaf in leaves) == pytest.approx(1.0, abs=1e-12)
