"""Operations of one's own: ``autograd.Op(name, forward, local_grads)`` builds nodes exactly as
the built-in table does, and every tool of the engine works on them."""

from __future__ import annotations

import math
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import GradcheckError, Op, Value, compile_graph, grad, gradcheck, no_grad, ops


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


# swish(x) = x * sigmoid(x);  d/dx = s + x s (1 - s) = s + out (1 - s).
# local_grads is written with Value-friendly operations, so it can be differentiated again.
SWISH = Op(
    "swish",
    forward=lambda x: x * _sigmoid(x),
    local_grads=lambda out, x: (
        (s := (x.sigmoid() if isinstance(x, Value) else _sigmoid(x))) + out * (1.0 - s),
    ),
)

# A two-input op with a math-only derivative: first derivatives only.
HYPOT = Op(
    "hypot",
    forward=math.hypot,
    local_grads=lambda out, x, y: (x / out, y / out),
)

WRONG = Op("wrong_square", forward=lambda x: x * x, local_grads=lambda out, x: (x,))  # should be 2x


def test_the_built_in_table_is_made_of_ops_that_can_be_called() -> None:
    assert isinstance(ops.TANH, Op)
    x = Value(0.5)
    assert ops.TANH(x).data == x.tanh().data
    assert ops.MUL(x, 3.0).local_grads == (x * 3.0).local_grads
    assert ops.DOT(x, x, 1.0).data == autograd.dot([x], [x], 1.0).data


def test_a_users_op_makes_a_node_like_a_built_in_one() -> None:
    x = Value(0.7, label="x")
    y = SWISH(x)
    assert y.data == 0.7 * _sigmoid(0.7)
    assert y.parents == (x,)
    assert y.op == y._op == "swish"
    y.backward()
    s = _sigmoid(0.7)
    assert x.grad == pytest.approx(s + 0.7 * s * (1 - s), rel=1e-15)


def test_plain_numbers_are_constants() -> None:
    x = Value(3.0)
    out = HYPOT(x, 4.0)
    assert out.data == 5.0
    assert out.parents == (x,)
    out.backward()
    assert x.grad == pytest.approx(0.6)


@settings(max_examples=25)
@given(st.floats(-5, 5), st.floats(0.1, 5))
def test_users_ops_pass_gradcheck(a: float, b: float) -> None:
    assert gradcheck(lambda x: SWISH(x), [a])
    assert gradcheck(lambda x, y: HYPOT(x, y), [a, b])


def test_a_wrong_derivative_fails_gradcheck_with_a_message_a_learner_understands() -> None:
    with pytest.raises(GradcheckError) as error:
        gradcheck(lambda x: WRONG(x), [3.0])
    message = str(error.value)
    assert "analytic 3.0" in message  # what backward computed from the rule
    assert "numeric 6.0" in message.replace("6.00000000", "6.0")  # what nudging x gives
    assert "local derivative" in message


def test_backward_steps_and_the_drawing_show_the_op() -> None:
    x = Value(0.3)
    y = SWISH(x) * 2
    steps = list(y.backward_steps())
    assert [step.node.op for step in steps] == ["*", "swish", ""]
    twin = Value(0.3)
    (SWISH(twin) * 2).backward()
    assert x.grad == twin.grad


def test_compile_graph_replays_a_users_op_bit_for_bit() -> None:
    x, w = Value(0.4), Value(-1.3)
    out = SWISH(x * w) + HYPOT(x, w)
    graph = compile_graph(out)
    for new in (0.4, 1.5, -2.0):
        x.data = new
        x.grad = w.grad = 0.0
        graph()
        replayed = (x.grad, w.grad)
        x.grad = w.grad = 0.0
        (SWISH(x * w) + HYPOT(x, w)).backward()
        assert replayed == (x.grad, w.grad)


def test_second_derivatives_equal_pytorchs(torch: ModuleType) -> None:
    for a in (-2.0, -0.3, 0.0, 0.8, 3.0):
        x = Value(a)
        (d1,) = grad(SWISH(x), [x], create_graph=True)
        (d2,) = grad(d1, [x])
        t = torch.tensor(a, requires_grad=True)
        (t1,) = torch.autograd.grad(t * torch.sigmoid(t), t, create_graph=True)
        (t2,) = torch.autograd.grad(t1, t)
        assert d1.data == pytest.approx(t1.item(), rel=1e-12, abs=1e-15)
        assert d2.data == pytest.approx(t2.item(), rel=1e-12, abs=1e-15)


def test_a_forward_rule_that_gives_nan_or_inf_gets_the_built_in_errors() -> None:
    blows_up = Op("blows_up", lambda x: math.inf, lambda out, x: (1.0,))
    gives_nan = Op("gives_nan", lambda x: math.nan, lambda out, x: (1.0,))
    with pytest.raises(OverflowError, match=r"^blows_up: the result for \(2\.0\) overflows"):
        blows_up(Value(2.0))
    with pytest.raises(ValueError, match=r"^gives_nan: the result for \(2\.0\) is nan"):
        gives_nan(Value(2.0))
    with no_grad(), pytest.raises(OverflowError, match=r"^blows_up"):
        blows_up(Value(2.0))


def test_an_infinite_local_derivative_is_an_error_only_when_backward_needs_it() -> None:
    cube_root = Op(
        "cbrt",
        lambda x: math.copysign(abs(x) ** (1 / 3), x),
        lambda out, x: (math.inf if x == 0.0 else 1.0 / (3.0 * out * out),),
    )
    x = Value(0.0)
    y = cube_root(x)
    (y * 0.0).backward()  # a zero gradient never passes through the infinite derivative
    assert x.grad == 0.0
    with pytest.raises(ValueError, match=r"^cbrt: the derivative at \(0\.0\) is infinite"):
        y.backward()
    assert x.grad == 0.0


@pytest.mark.parametrize(
    ("make", "pattern"),
    [
        (lambda: Op("", abs, abs), r"^Op: name must be a non-empty string"),
        (lambda: Op("f", 3, abs), r"^Op 'f': forward must be a function, got 3"),
        (lambda: Op("f", abs, None), r"^Op 'f': local_grads must be a function, got None"),
        (lambda: SWISH(), r"^swish: needs at least one input"),
        (lambda: SWISH(2.0), r"^swish: needs at least one Value among its inputs"),
        (lambda: SWISH("a"), r"^swish: needs at least one Value"),
        (lambda: HYPOT(Value(1.0), "a"), r"^hypot: expected a real number, got 'a'"),
        (lambda: Op("f", lambda x: "s", abs)(Value(1.0)), r"^f: forward must return a number"),
        (
            lambda: Op("f", abs, lambda out, x: (1.0, 2.0))(Value(1.0)),
            r"^f: local_grads must return a tuple of 1 derivatives, one per input, got 2",
        ),
    ],
)
def test_mistakes_in_making_or_calling_an_op_are_named(make: object, pattern: str) -> None:
    with pytest.raises(TypeError, match=pattern):
        make()  # type: ignore[operator]


@pytest.mark.parametrize(
    ("op", "pattern"),
    [
        (Op("f", abs, lambda x: (1.0,)), r"^f: local_grads\(out, \*inputs\) failed on 1 inputs"),
        (Op("f", abs, lambda out, x: 1.0), r"^f: local_grads must return a tuple of 1 deriv"),
        (Op("f", lambda x, y: x, lambda out, x, y: (1.0, 0.0)), r"^f: forward\(\*inputs\) failed"),
    ],
    ids=["local_grads without out", "a bare float", "forward of two inputs given one"],
)
def test_a_rule_with_the_wrong_shape_is_named(op: Op, pattern: str) -> None:
    with pytest.raises(TypeError, match=pattern):
        op(Value(0.5))
