"""Bad input gets an error that names the operation and the offending value; no operation
ever returns NaN or inf."""

# This file passes ill-typed arguments on purpose.
# mypy: disable-error-code="arg-type, operator, list-item, return-value"

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import autograd
from autograd import Value, grad, gradcheck

nan, inf = math.nan, math.inf


def one() -> Value:
    return Value(1.0)


# id, action, error, and the message as a pattern: "operation: ... offending value ..."
BAD_INPUT: list[tuple[str, Callable[[], Any], type[Exception], str]] = [
    # not a real number
    ("Value(str)", lambda: Value("3"), TypeError, r"^Value: .*'3'"),
    ("Value(None)", lambda: Value(None), TypeError, r"^Value: .*None"),
    ("Value(complex)", lambda: Value(1 + 2j), TypeError, r"^Value: .*\(1\+2j\)"),
    ("Value(list)", lambda: Value([1.0]), TypeError, r"^Value: .*\[1\.0\]"),
    ("Value(ndarray)", lambda: Value(np.array([1.0])), TypeError, r"^Value: .*array"),
    ("Value(Value)", lambda: Value(one()), TypeError, r"^Value: .*Value\(data=1\.0"),
    ("label", lambda: Value(1.0, label=3), TypeError, r"^Value.label: .*3"),
    ("+ str", lambda: one() + "x", TypeError, r"^\+: .*'x'"),
    ("str +", lambda: "x" + one(), TypeError, r"^\+: .*'x'"),
    ("* None", lambda: one() * None, TypeError, r"^\*: .*None"),
    ("** str", lambda: one() ** "2", TypeError, r"^\*\*: .*'2'"),
    ("/ list", lambda: one() / [2.0], TypeError, r"^/: .*\[2\.0\]"),
    ("leaky_relu(str)", lambda: one().leaky_relu("a"), TypeError, r"^leaky_relu: .*'a'"),
    ("sum with str", lambda: autograd.sum([one(), "x"]), TypeError, r"^sum: .*'x'"),
    ("dot with None", lambda: autograd.dot([one()], [None]), TypeError, r"^dot: .*None"),
    ("logsumexp(str)", lambda: autograd.logsumexp(["x"]), TypeError, r"^logsumexp: .*'x'"),
    ("backward(str)", lambda: one().backward("1"), TypeError, r"^backward: .*'1'"),
    ("backward(None)", lambda: one().backward(None), TypeError, r"^backward: .*None"),
    ("grad(number)", lambda: grad(1.0, [one()]), TypeError, r"^grad: .*1\.0"),
    ("grad(inputs)", lambda: grad(one(), [2.0]), TypeError, r"^grad: .*2\.0"),
    ("gradcheck(str)", lambda: gradcheck(lambda x: x, ["a"]), TypeError, r"^gradcheck: .*'a'"),
    ("gradcheck f", lambda: gradcheck(lambda x: 1.0, [1.0]), TypeError, r"^gradcheck: .*1\.0"),
    # not finite
    ("Value(nan)", lambda: Value(nan), ValueError, r"^Value: .*nan"),
    ("Value(inf)", lambda: Value(inf), ValueError, r"^Value: .*inf"),
    ("Value(-inf)", lambda: Value(-inf), ValueError, r"^Value: .*-inf"),
    ("Value(np.nan)", lambda: Value(np.float64("nan")), ValueError, r"^Value: .*nan"),
    ("+ nan", lambda: one() + nan, ValueError, r"^\+: .*nan"),
    ("inf *", lambda: inf * one(), ValueError, r"^\*: .*inf"),
    ("backward(nan)", lambda: one().backward(nan), ValueError, r"^backward: .*nan"),
    ("Value(10**400)", lambda: Value(10**400), OverflowError, r"^Value: .*1000000000"),
    # outside the domain
    ("log(0)", lambda: Value(0.0).log(), ValueError, r"^log: .*0\.0"),
    ("log(-1)", lambda: Value(-1.0).log(), ValueError, r"^log: .*-1\.0"),
    ("sqrt(-1)", lambda: Value(-1.0).sqrt(), ValueError, r"^sqrt: .*-1\.0"),
    ("(-8)**0.5", lambda: Value(-8.0) ** 0.5, ValueError, r"^\*\*: .*-8\.0.*0\.5"),
    ("(-8)**Value", lambda: Value(-8.0) ** Value(0.5), ValueError, r"^\*\*: .*-8\.0.*0\.5"),
    ("-8**Value", lambda: (-8.0) ** Value(0.5), ValueError, r"^\*\*: .*-8\.0.*0\.5"),
    ("0**-1", lambda: Value(0.0) ** -1, ValueError, r"^\*\*: .*0\.0.*-1\.0"),
    ("0**Value(-2)", lambda: 0 ** Value(-2.0), ValueError, r"^\*\*: .*0\.0.*-2\.0"),
    ("Value(0)**Value(-1)", lambda: Value(0.0) ** Value(-1.0), ValueError, r"^\*\*: .*-1\.0"),
    ("dot lengths", lambda: autograd.dot([one(), one()], [one()]), ValueError, r"^dot: .*2.*1"),
    ("logsumexp([])", lambda: autograd.logsumexp([]), ValueError, r"^logsumexp: "),
    # a derivative that is infinite or undefined is refused when the graph is recorded,
    # though the value exists (see test_grad_mode)
    ("(-2)**Value(2)", lambda: Value(-2.0) ** Value(2.0), ValueError, r"^\*\*: .*-2\.0"),
    ("-2**Value(2)", lambda: (-2.0) ** Value(2.0), ValueError, r"^\*\*: .*-2\.0"),
    # a derivative that does not exist: recorded, an error when backward needs it
    ("sqrt'(0)", lambda: Value(0.0).sqrt().backward(), ValueError, r"^sqrt: .*\(0\.0\)"),
    ("(x**0.5)'(0)", lambda: (Value(0.0) ** 0.5).backward(), ValueError, r"^\*\*: .*0\.0, 0\.5"),
    # division by zero
    ("1/0", lambda: one() / 0, ZeroDivisionError, r"^/: .*1\.0 / 0\.0"),
    ("1/Value(0)", lambda: 1 / Value(0.0), ZeroDivisionError, r"^/: .*1\.0 / 0\.0"),
    ("Value/Value(0)", lambda: one() / Value(0.0), ZeroDivisionError, r"^/: .*1\.0 / 0\.0"),
    ("0/0", lambda: Value(0.0) / 0.0, ZeroDivisionError, r"^/: .*0\.0 / 0\.0"),
    # overflow of a result
    ("exp(1000)", lambda: Value(1000.0).exp(), OverflowError, r"^exp: .*1000\.0"),
    ("1e200*1e200", lambda: Value(1e200) * Value(1e200), OverflowError, r"^\*: .*1e\+200"),
    ("1e308+1e308", lambda: Value(1e308) + 1e308, OverflowError, r"^\+: .*1e\+308"),
    ("-1e308-1e308", lambda: -1e308 - Value(1e308), OverflowError, r"^-: .*1e\+308"),
    ("1e300/1e-300", lambda: Value(1e300) / 1e-300, OverflowError, r"^/: .*1e\+300"),
    ("10**400", lambda: Value(10.0) ** 400, OverflowError, r"^\*\*: .*10\.0.*400"),
    ("10**Value(400)", lambda: 10 ** Value(400.0), OverflowError, r"^\*\*: .*10\.0.*400"),
    (
        "sum overflow",
        lambda: autograd.sum([1e308, Value(1e308)]),
        OverflowError,
        r"^sum: .*1e\+308",
    ),
    (
        "dot overflow",
        lambda: autograd.dot([Value(1e200)], [1e200]),
        OverflowError,
        r"^dot: .*1e\+200",
    ),
    # overflow of a local derivative
    ("log'(1e-310)", lambda: Value(1e-310).log().backward(), ValueError, r"^log: .*1e-310"),
    ("d(1/y)/dy", lambda: (one() / Value(1e-200)).backward(), ValueError, r"^/: .*1e-200"),
]


@pytest.mark.parametrize(
    ("action", "error", "pattern"),
    [row[1:] for row in BAD_INPUT],
    ids=[row[0] for row in BAD_INPUT],
)
def test_bad_input_raises_an_error_naming_the_operation_and_value(
    action: Callable[[], Any], error: type[Exception], pattern: str
) -> None:
    with pytest.raises(error, match=pattern):
        action()


def overflowing_chain() -> tuple[Value, Value]:
    """y = (x * 1e300) * 1e300 at x = 1e-300: every value is finite, dy/dx = 1e600 is not."""
    x = Value(1e-300)
    return x, (x * 1e300) * 1e300


def test_backward_refuses_a_gradient_that_overflows() -> None:
    _, y = overflowing_chain()
    assert y.data == pytest.approx(1e300)
    with pytest.raises(OverflowError, match=r"^backward: .*Value\(data=1e-300"):
        y.backward()


def test_backward_steps_refuses_a_gradient_that_overflows() -> None:
    _, y = overflowing_chain()
    with pytest.raises(OverflowError, match=r"^backward: .*Value\(data=1e-300"):
        list(y.backward_steps())


def test_a_seed_that_makes_the_gradient_overflow_is_refused() -> None:
    x = Value(2.0)
    with pytest.raises(OverflowError, match=r"^backward: "):
        (x * 1e300).backward(1e300)


def test_grad_refuses_a_gradient_that_overflows() -> None:
    x, y = overflowing_chain()
    for create_graph in (False, True):
        with pytest.raises(OverflowError, match=r"^grad: .*Value\(data=1e-300"):
            grad(y, [x], create_graph=create_graph)


@pytest.mark.parametrize("x", [-1000.0, 1000.0, -1e300, 1e300])
@pytest.mark.parametrize("op", ["sigmoid", "tanh", "softplus"])
def test_saturating_ops_stay_finite_for_any_finite_input(op: str, x: float) -> None:
    leaf = Value(x)
    getattr(leaf, op)().backward()
    assert math.isfinite(leaf.grad)
