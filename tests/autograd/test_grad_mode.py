"""``no_grad``: operations inside record no graph; state is restored on the way out."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value, gc_paused, is_grad_enabled, no_grad
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


class Model:
    def __init__(self) -> None:
        self.w = Value(2.0)

    @no_grad
    def predict(self, x: float) -> Value:
        return self.w * x

    @no_grad()
    def predict_again(self, x: float) -> Value:
        return self.w * x


def test_bare_and_called_no_grad_work_on_methods() -> None:
    model = Model()
    for out in (model.predict(3.0), model.predict_again(3.0)):
        assert (out.data, out.parents) == (6.0, ())
    assert is_grad_enabled()


@pytest.mark.parametrize("decorate", [no_grad, no_grad()], ids=["bare", "called"])
def test_a_decorated_generator_runs_its_body_without_recording(decorate: Any) -> None:
    seen: list[bool] = []

    @decorate
    def doubles(x: Value, n: int) -> Iterator[Value]:
        for _ in range(n):
            seen.append(is_grad_enabled())
            x = x * 2
            yield x
        return None

    outs = []
    for out in doubles(Value(1.0), 3):
        assert is_grad_enabled()  # the caller's code between two steps keeps recording
        outs.append(out)
    assert seen == [False, False, False]
    assert [o.data for o in outs] == [2.0, 4.0, 8.0]
    assert all(o.parents == () for o in outs)


def test_a_decorated_generator_passes_sent_values_and_thrown_errors_on() -> None:
    @no_grad()
    def echo() -> Iterator[Any]:
        received = None
        while True:
            try:
                received = yield (received, is_grad_enabled())
            except KeyError:
                received = "caught"

    steps = echo()
    assert next(steps) == (None, False)
    assert steps.send(5) == (5, False)
    assert steps.throw(KeyError()) == ("caught", False)
    steps.close()
    assert is_grad_enabled()


def _in_thread(target: Callable[[], Any]) -> threading.Thread:
    thread = threading.Thread(target=target)
    thread.start()
    return thread


def test_no_grad_in_one_thread_leaves_another_recording() -> None:
    inside, done = threading.Event(), threading.Event()
    results: dict[str, Any] = {}

    def evaluate() -> None:
        with no_grad():
            inside.set()
            done.wait(5)

    thread = _in_thread(evaluate)
    assert inside.wait(5)
    w = Value(3.0)
    (w * 2).backward()  # while the other thread is inside no_grad
    results["grad"], results["enabled"] = w.grad, is_grad_enabled()
    done.set()
    thread.join()
    assert results == {"grad": 2.0, "enabled": True}


def test_overlapping_no_grad_blocks_in_two_threads_restore_recording() -> None:
    """A enters, B enters, A exits, B exits: afterwards every thread records again."""
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    states: dict[str, bool] = {}

    def thread_a() -> None:
        with no_grad():
            a_in.set()
            b_in.wait(5)
        states["a after"] = is_grad_enabled()
        a_out.set()

    def thread_b() -> None:
        a_in.wait(5)
        with no_grad():
            b_in.set()
            a_out.wait(5)
            states["b inside, after a left"] = is_grad_enabled()
        states["b after"] = is_grad_enabled()

    threads = [_in_thread(thread_a), _in_thread(thread_b)]
    for thread in threads:
        thread.join()
    assert states == {"a after": True, "b inside, after a left": False, "b after": True}
    assert is_grad_enabled()
    assert (Value(1.0) * 2).parents


def test_a_new_thread_starts_recording_even_when_its_parent_is_in_no_grad() -> None:
    seen: list[bool] = []
    with no_grad():
        _in_thread(lambda: seen.append(is_grad_enabled())).join()
    assert seen == [True]


def test_gc_paused_blocks_overlapping_across_threads_turn_the_collector_back_on() -> None:
    assert gc.isenabled()
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    states: dict[str, bool] = {}

    def thread_a() -> None:
        with gc_paused():
            a_in.set()
            b_in.wait(5)
        a_out.set()

    def thread_b() -> None:
        a_in.wait(5)
        with gc_paused():
            b_in.set()
            a_out.wait(5)
            states["b inside, after a left"] = gc.isenabled()

    threads = [_in_thread(thread_a), _in_thread(thread_b)]
    for thread in threads:
        thread.join()
    assert states == {"b inside, after a left": False}
    assert gc.isenabled()


def test_graphs_built_under_gc_paused_in_many_threads_leave_the_collector_on() -> None:
    def work() -> None:
        for _ in range(50):
            with gc_paused():
                y = x = Value(1.0)
                for _ in range(50):
                    y = y * 1.01 + 0.5
                y.backward()
            assert x.grad > 0

    threads = [_in_thread(work) for _ in range(3)]
    for thread in threads:
        thread.join()
    assert gc.isenabled()
