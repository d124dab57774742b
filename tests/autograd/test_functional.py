"""``autograd.grad`` (gradients as return values, and higher derivatives with
``create_graph=True``) and ``autograd.gradcheck``."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import GradcheckError, Value, grad, gradcheck
from tests.autograd.helpers import (
    CASES,
    OP_CASES,
    OURS,
    OpCase,
    torch_lib,
)

Expr = Callable[..., Any]


def hessian(expr: Expr, point: Sequence[float]) -> list[list[float]]:
    """H_ij = d/dx_j (d expr / dx_i): grad of each entry of grad(..., create_graph=True)."""
    leaves = [Value(x) for x in point]
    first = grad(expr(OURS, *leaves), leaves, create_graph=True)
    return [[g.data for g in grad(d, leaves)] for d in first]


def torch_hessian(torch: ModuleType, expr: Expr, point: Sequence[float]) -> list[list[float]]:
    rows = torch.autograd.functional.hessian(
        lambda *xs: expr(torch_lib(torch), *xs), tuple(torch.tensor(x) for x in point)
    )
    return [[h.item() for h in row] for row in rows]


def derivatives(expr: Expr, x: float, n: int) -> list[float]:
    """f'(x), f''(x), ..., f^(n)(x) by applying grad(create_graph=True) n times."""
    leaf = Value(x)
    d = expr(OURS, leaf)
    result = []
    for _ in range(n):
        (d,) = grad(d, [leaf], create_graph=True)
        result.append(d.data)
    return result


def torch_derivatives(torch: ModuleType, expr: Expr, x: float, n: int) -> list[float]:
    leaf = torch.tensor(x, requires_grad=True)
    d = expr(torch_lib(torch), leaf)
    result = []
    for _ in range(n):
        # a derivative that no longer depends on x (relu' = 1) has no graph: the next is 0
        d = torch.autograd.grad(d, leaf, create_graph=True)[0] if d.requires_grad else 0 * d
        result.append(d.item())
    return result


# --- grad -----------------------------------------------------------------------------


def test_grad_returns_the_gradients_and_leaves_every_grad_alone() -> None:
    x, y = Value(2.0), Value(-3.0)
    xy = x * y
    out = xy * x + y.exp()
    x.grad, y.grad, xy.grad = 7.0, 8.0, 9.0  # sentinels
    for create_graph in (False, True):
        dx, dy = grad(out, [x, y], create_graph=create_graph)
        assert (dx.data, dy.data) == (2 * x.data * y.data, x.data**2 + math.exp(y.data))
        assert (x.grad, y.grad, xy.grad, out.grad) == (7.0, 8.0, 9.0, 0.0)


def test_grad_with_respect_to_an_intermediate_node_matches_torch(torch: ModuleType) -> None:
    x = Value(0.7)
    mid = x.tanh()
    out = mid * mid + mid * x
    dx, dmid = grad(out, [x, mid])
    tx = torch.tensor(0.7, requires_grad=True)
    tmid = tx.tanh()
    tout = tmid * tmid + tmid * tx
    expected = torch.autograd.grad(tout, [tx, tmid])
    assert (dx.data, dmid.data) == pytest.approx([e.item() for e in expected], rel=1e-14)


def test_grad_of_an_input_the_output_does_not_use_is_zero() -> None:
    x, unused = Value(2.0), Value(5.0)
    dx, du = grad(x * x, [x, unused])
    assert (dx.data, du.data) == (4.0, 0.0)


def test_grad_of_a_value_with_respect_to_itself_is_one() -> None:
    x = Value(2.0)
    assert grad(x, [x])[0].data == 1.0


def test_grad_without_create_graph_returns_plain_leaves() -> None:
    x = Value(2.0)
    (dx,) = grad(x.sin() * x, [x])
    assert dx.parents == ()
    assert dx.op == ""


def test_grad_with_create_graph_returns_values_with_a_graph() -> None:
    x = Value(2.0)
    (dx,) = grad(x.sin() * x, [x], create_graph=True)
    assert dx.parents
    assert any(node is x for node in dx.topological_order())


# --- higher derivatives ----------------------------------------------------------------


@pytest.mark.parametrize("case", OP_CASES, ids=lambda case: case.name)
@settings(max_examples=8)
@given(data=st.data())
def test_hessian_of_every_op_matches_torch(
    torch: ModuleType, case: OpCase, data: st.DataObject
) -> None:
    """Second derivatives, and mixed partials d2/dxdy for the ops of several inputs."""
    point = data.draw(case.points(), label="point")
    ours = hessian(case.expr, point)
    theirs = torch_hessian(torch, case.expr, point)
    for row, expected in zip(ours, theirs):
        assert row == pytest.approx(expected, rel=1e-10, abs=1e-12)


@pytest.mark.parametrize(
    "case", [c for c in OP_CASES if len(c.domain) == 1], ids=lambda case: case.name
)
@settings(max_examples=8)
@given(data=st.data())
def test_first_three_derivatives_of_every_op_of_one_input_match_torch(
    torch: ModuleType, case: OpCase, data: st.DataObject
) -> None:
    (x,) = data.draw(case.points(), label="x")
    ours = derivatives(case.expr, x, 3)
    theirs = torch_derivatives(torch, case.expr, x, 3)
    assert ours == pytest.approx(theirs, rel=1e-10, abs=1e-12)


def test_mixed_partials_of_pow_by_hand() -> None:
    """f = x^y:  d2f/dxdy = d2f/dydx = x^(y-1) (1 + y log x)."""
    x, y = 2.0, 3.0
    (_, dxdy), (dydx, _) = hessian(CASES["x**y"].expr, [x, y])
    assert dxdy == dydx == pytest.approx(x ** (y - 1) * (1 + y * math.log(x)), rel=1e-14)


def three_variables(m: Any, x: Any, y: Any, z: Any) -> Any:
    return x * y * z + (x * y).sin() + z.exp() * x**2 + (y / z).tanh() + m.softplus(x - z)


def test_hessian_of_a_function_of_three_variables_matches_torch(torch: ModuleType) -> None:
    point = [0.3, -1.2, 0.8]
    ours = hessian(three_variables, point)
    for i in range(3):
        assert ours[i] == pytest.approx(torch_hessian(torch, three_variables, point)[i], rel=1e-12)
        for j in range(3):
            assert ours[i][j] == pytest.approx(ours[j][i], rel=1e-12)


def test_backward_through_a_gradient_gives_the_second_derivative() -> None:
    """d/dx (dy/dx) for y = x^3 sin x, the way torch does double backward."""
    x = Value(1.3)
    (dy,) = grad(x**3 * x.sin(), [x], create_graph=True)
    assert x.grad == 0.0
    dy.backward()
    s, c = math.sin(1.3), math.cos(1.3)
    assert x.grad == pytest.approx(6 * 1.3 * s + 6 * 1.3**2 * c - 1.3**3 * s, rel=1e-13)


def test_newton_step_in_one_variable_lands_on_the_minimum() -> None:
    """f = 3(x - 2)^2 + 1:  x - f'(x)/f''(x) = 2 from anywhere."""
    x = Value(10.0)
    (d1,) = grad(3 * (x - 2) ** 2 + 1, [x], create_graph=True)
    (d2,) = grad(d1, [x])
    assert (d1.data, d2.data) == (48.0, 6.0)
    assert x.data - d1.data / d2.data == 2.0


def test_newton_step_in_two_variables_lands_on_the_minimum() -> None:
    """f = 2(x-1)^2 + (x-1)(y+2) + 3(y+2)^2, minimum at (1, -2), Hessian [[4, 1], [1, 6]].

    One step p - H^-1 grad f(p) solves the quadratic exactly.
    """

    def f(x: Value, y: Value) -> Value:
        return 2 * (x - 1) ** 2 + (x - 1) * (y + 2) + 3 * (y + 2) ** 2

    p = [Value(4.0), Value(3.0)]
    g = grad(f(*p), p, create_graph=True)
    h = [[d.data for d in grad(gi, p)] for gi in g]
    assert h == [[4.0, 1.0], [1.0, 6.0]]
    det = h[0][0] * h[1][1] - h[0][1] * h[1][0]
    step_x = (h[1][1] * g[0].data - h[0][1] * g[1].data) / det
    step_y = (h[0][0] * g[1].data - h[1][0] * g[0].data) / det
    new = [Value(p[0].data - step_x), Value(p[1].data - step_y)]
    assert [v.data for v in new] == pytest.approx([1.0, -2.0], rel=1e-14)
    assert [d.data for d in grad(f(*new), new)] == pytest.approx([0.0, 0.0], abs=1e-13)


# --- gradcheck -------------------------------------------------------------------------


@pytest.mark.parametrize("case", OP_CASES, ids=str)
@settings(max_examples=5)
@given(data=st.data())
def test_gradcheck_passes_for_every_op(case: OpCase, data: st.DataObject) -> None:
    point = data.draw(case.points(), label="point")
    assert gradcheck(lambda *xs: case.expr(OURS, *xs), point) is True


def test_gradcheck_accepts_values_and_numbers_as_the_point() -> None:
    assert gradcheck(lambda x, y: (x * y).tanh(), [Value(0.5), 2]) is True


def cut_graph(x: Value, y: Value) -> Value:
    """x * y with y's data used as a constant: d/dx is right, d/dy misses x."""
    return x * y.data + y


def test_gradcheck_reports_each_mismatching_input_with_both_numbers() -> None:
    with pytest.raises(GradcheckError) as info:
        gradcheck(cut_graph, [3.0, 0.5])
    message = str(info.value)
    assert "input 0" not in message  # d/dx = y is right
    found = re.search(r"input 1 \(x = 0\.5\): analytic (\S+), numeric (\S+)", message)
    assert found, message
    analytic, numeric = float(found[1]), float(found[2])
    assert analytic == 1.0
    assert numeric == pytest.approx(3.0 + 1.0, rel=1e-6)


def test_gradcheck_error_is_a_runtime_error_as_in_torch() -> None:
    assert issubclass(GradcheckError, RuntimeError)


def off_by_1e_4(x: Value) -> Value:
    """x^2 + 1e-4 x with the linear term cut from the graph: analytic 2x, numeric 2x + 1e-4."""
    return x * x + 1e-4 * x.data


@pytest.mark.parametrize(
    ("x", "tolerances", "passes"),
    [
        (1.0, {}, True),  # 1e-4 <= 1e-5 + 1e-3 * 2
        (1.0, {"rtol": 0.0}, False),
        (0.0, {}, False),  # 1e-4 > 1e-5 + 1e-3 * 1e-4
        (0.0, {"atol": 1e-3}, True),
    ],
)
def test_gradcheck_tolerance_is_atol_plus_rtol_times_numeric(
    x: float, tolerances: dict[str, float], passes: bool
) -> None:
    if passes:
        assert gradcheck(off_by_1e_4, [x], **tolerances) is True
    else:
        with pytest.raises(GradcheckError, match="input 0"):
            gradcheck(off_by_1e_4, [x], **tolerances)


def test_gradcheck_uses_the_step_it_is_given() -> None:
    """With eps = 1 the central difference of x^3 at 1 is (8 - 0) / 2 = 4, not 3."""
    assert gradcheck(lambda x: x**3, [1.0]) is True
    with pytest.raises(GradcheckError, match=r"analytic 3\.0, numeric 4\.0"):
        gradcheck(lambda x: x**3, [1.0], eps=1.0)


def test_a_finite_first_derivative_at_the_edge_of_the_domain_is_returned(torch: Any) -> None:
    """d/dx x**1.5 at 0 is 0.0 (PyTorch agrees); only the second derivative is infinite."""
    x = Value(0.0)
    (d1,) = grad(x**1.5, [x], create_graph=True)
    t = torch.tensor(0.0, requires_grad=True)
    (t1,) = torch.autograd.grad(t**1.5, t, create_graph=True)
    assert d1.data == t1.item() == 0.0
    with pytest.raises(ValueError, match=r"^grad: the second derivative of \*\* at \(0\.0, 1\.5\)"):
        d1.backward()
    assert x.grad == 0.0


def test_sqrt_at_zero_records_and_fails_only_when_its_derivative_is_needed() -> None:
    x = Value(0.0)
    y = x.sqrt() * 0.0 + x  # the sqrt branch gets a zero gradient: nothing infinite is needed
    y.backward()
    assert x.grad == 1.0
    with pytest.raises(ValueError, match=r"^sqrt: the derivative at \(0\.0\) is infinite"):
        x.sqrt().backward()


def test_gradcheck_names_a_probe_outside_the_domain() -> None:
    with pytest.raises(
        GradcheckError, match=r"^gradcheck: f is not defined at the probe x = -9e-07 of input 0"
    ):
        gradcheck(lambda x: x.sqrt(), [1e-7])


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"eps": 0.0}, ValueError, r"^gradcheck: eps must be > 0, got 0\.0"),
        ({"eps": -1e-6}, ValueError, r"^gradcheck: eps must be > 0"),
        ({"eps": "a"}, TypeError, r"^gradcheck: eps: expected a real number, got 'a'"),
        ({"atol": math.nan}, ValueError, r"^gradcheck: atol: expected a finite number, got nan"),
        ({"rtol": -1.0}, ValueError, r"^gradcheck: rtol must be >= 0"),
    ],
)
def test_gradcheck_refuses_bad_settings_by_name(
    kwargs: dict[str, Any], error: type[Exception], pattern: str
) -> None:
    with pytest.raises(error, match=pattern):
        gradcheck(lambda x: x * x, [1.0], **kwargs)


@pytest.mark.parametrize(
    ("call", "pattern"),
    [
        (lambda: grad(Value(1.0), None), r"^grad: inputs must be a list of Values, got None"),
        (lambda: gradcheck(None, [1.0]), r"^gradcheck: f must be a function, got None"),
        (lambda: gradcheck(lambda x: x, 1.0), r"^gradcheck: inputs must be a list of numbers"),
        (lambda: autograd.sum(None), r"^sum: expected an iterable of Values and numbers, got None"),
        (lambda: autograd.dot(iter([1.0]), iter([1.0])), r"^dot: weights must be a sequence"),
    ],
)
def test_misused_functions_say_their_name(call: Any, pattern: str) -> None:
    with pytest.raises(TypeError, match=pattern):
        call()
