"""``no_grad``: operations inside record no graph; state is restored on the way out."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value, is_grad_enabled, no_grad
from tests.autograd.helpers import OP_CASES, OURS, OpCase


def test_grad_is_enabled_by_default_and_off_inside_no_grad() -> None:
    assert is_grad_enabled()
    with no_grad():
        assert not is_grad_enabled()
    assert is_grad_enabled()


@pytest.mark.parametrize("case", OP_CASES, ids=str)
@settings(max_examples=5)
@given(data=st.data())
def test_every_op_under_no_grad_gives_the_same_data_and_no_graph(
    case: OpCase, data: st.DataObject
) -> None:
    point = data.draw(case.points(), label="point")
    leaves = [Value(x) for x in point]
    recorded = case.expr(OURS, *leaves)
    with no_grad():
        bare = case.expr(OURS, *leaves)
    assert bare.data == recorded.data
    assert (bare.parents, bare.local_grads, bare.op) == ((), (), "")
    assert recorded.parents


def test_nesting_restores_each_level() -> None:
    with no_grad():
        with no_grad():
            assert not is_grad_enabled()
        assert not is_grad_enabled()  # the inner exit must not switch recording back on
        assert not (Value(1.0) * 2).parents
    assert is_grad_enabled()
    assert (Value(1.0) * 2).parents


def test_one_instance_can_be_entered_while_already_entered() -> None:
    off = no_grad()
    with off:
        with off:
            assert not is_grad_enabled()
        assert not is_grad_enabled()
    assert is_grad_enabled()


def test_an_exception_inside_still_restores_recording() -> None:
    with pytest.raises(ZeroDivisionError), no_grad():
        Value(1.0) / 0
    assert is_grad_enabled()


@no_grad()
def countdown(x: Value, n: int) -> Value:
    """Calls itself: each call enters the same decorator instance again."""
    assert not is_grad_enabled()
    return x if n == 0 else countdown(x * 2, n - 1)


def test_no_grad_as_a_decorator() -> None:
    x = Value(1.5)
    y = countdown(x, 3)
    assert y.data == 12.0
    assert y.parents == ()
    assert is_grad_enabled()


def test_a_weight_update_under_no_grad_makes_a_fresh_leaf() -> None:
    """w <- w - lr * dL/dw, the SGD step: the new w must not remember the old one."""
    w = Value(2.0)
    loss = (w - 5) ** 2
    loss.backward()
    with no_grad():
        w = w - 0.1 * w.grad
    assert w.data == pytest.approx(2.6)
    assert (w.parents, w.grad) == ((), 0.0)
    ((w - 5) ** 2).backward()
    assert w.grad == pytest.approx(2 * (2.6 - 5))


def test_domain_errors_are_still_raised_under_no_grad() -> None:
    with no_grad(), pytest.raises(ValueError, match="log"):
        Value(-1.0).log()


def test_no_derivative_is_needed_under_no_grad() -> None:
    """sqrt and x**0.5 at 0 have an infinite derivative, which only matters with a graph."""
    with no_grad():
        assert Value(0.0).sqrt().data == 0.0
        assert (Value(0.0) ** 0.5).data == 0.0


def test_bare_no_grad_decorates_as_in_pytorch() -> None:
    @no_grad
    def double(x: Value) -> tuple[Value, bool]:
        """Twice x."""
        return x * 2, is_grad_enabled()

    out, enabled = double(Value(1.5))
    assert (out.data, out.parents, enabled) == (3.0, (), False)
    assert is_grad_enabled()
    assert double.__doc__ == "Twice x."
