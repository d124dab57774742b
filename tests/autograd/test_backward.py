"""``Value.backward`` and ``Value.backward_steps``: the chain rule over a whole graph.

parent.grad += local_grad * node.grad, for every node, in reverse topological order.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest

import autograd
from autograd import Value, no_grad


@contextmanager
def default_recursion_limit() -> Iterator[None]:
    """Python's default limit of 1000 frames, whatever the test runner set."""
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)


def test_backward_of_the_readme_example() -> None:
    """c = a*b + a:  dc/da = b + 1 = -2,  dc/db = a = 2."""
    a, b = Value(2.0), Value(-3.0)
    c = a * b + a
    c.backward()
    assert c.data == -4.0
    assert (a.grad, b.grad, c.grad) == (-2.0, 2.0, 1.0)


def test_backward_twice_gives_exactly_twice_the_leaf_gradients() -> None:
    """Leaves accumulate; intermediate nodes start again from zero (micrograd gets -7.0, 4.0)."""
    a, b = Value(2.0), Value(-3.0)
    ab = a * b
    c = ab + a
    c.backward()
    c.backward()
    assert (a.grad, b.grad) == (-4.0, 4.0)
    assert (ab.grad, c.grad) == (1.0, 1.0)


def test_leaf_gradients_accumulate_across_outputs() -> None:
    x = Value(3.0)
    (x * x).backward()  # 2x = 6
    (x * 5).backward()  # 5
    assert x.grad == 11.0
    x.grad = 0.0  # zeroing by hand starts afresh
    (x * 5).backward()
    assert x.grad == 5.0


@pytest.mark.parametrize("seed", [2.5, -1, np.float64(0.5)], ids=lambda s: type(s).__name__)
def test_backward_scales_by_the_seed_gradient(seed: float) -> None:
    """backward(grad=g) computes g * d(out)/d(leaf), as out.backward(gradient=g) in torch."""
    x, y = Value(2.0), Value(5.0)
    (x * y).backward(seed)
    assert (x.grad, y.grad) == (5.0 * seed, 2.0 * seed)
    assert type(x.grad) is float


def test_backward_from_an_intermediate_node_stops_there() -> None:
    a, b = Value(2.0), Value(-3.0)
    ab = a * b
    c = ab + a
    ab.backward()
    assert (a.grad, b.grad) == (-3.0, 2.0)
    assert c.grad == 0.0  # downstream of the start: not visited
    c.backward()  # now through ab again: its grad is recomputed, not added to
    assert (a.grad, b.grad) == (-3.0 + -2.0, 2.0 + 2.0)
    assert ab.grad == 1.0


def test_backward_on_a_leaf_adds_the_seed_to_it() -> None:
    x = Value(4.0)
    x.backward()
    x.backward(2.0)
    assert x.grad == 3.0


def test_tiny_gradients_are_passed_on_exactly() -> None:
    """y = (x * 1e-8) * 1e-8: every gradient along the way is small, none may be dropped."""
    x = Value(3.0)
    y = (x * 1e-8) * 1e-8
    y.backward(1e-100)
    assert x.grad == 1e-100 * 1e-8 * 1e-8


def test_fan_out_sums_the_contributions_of_every_use() -> None:
    """y = x*x*x + x + x: dy/dx = 3x^2 + 2."""
    x = Value(-2.0)
    y = x * x * x + x + x
    y.backward()
    assert x.grad == 14.0
    z = Value(1.5)
    w = z + z  # parents (z, z)
    w.backward()
    assert z.grad == 2.0


def test_diamond() -> None:
    """x -> a = 2x, b = x + 3 -> c = a*b:  dc/dx = 2b + a = 2(x + 3) + 2x."""
    x = Value(1.5)
    a = x * 2
    b = x + 3
    c = a * b
    c.backward()
    assert x.grad == 2 * (1.5 + 3) + 2 * 1.5
    assert (a.grad, b.grad) == (b.data, a.data)


def test_a_ladder_of_diamonds_is_visited_once_per_node() -> None:
    """y_{k+1} = 0.75 y_k + 0.25 y_k has 2^n paths from y_n to y_0 but only 3n+1 nodes.

    dy_n/dy_0 = 1 exactly; a node visited before all its users have given it their
    contribution, or a walk over paths instead of nodes, gets it wrong or never finishes.
    """
    x = Value(1.0)
    y = x
    for _ in range(10_000):
        y = y * 0.75 + y * 0.25
    y.backward()
    assert x.grad == 1.0
    assert len(y.topological_order()) == 3 * 10_000 + 1


def test_a_chain_of_a_million_nodes_at_the_default_recursion_limit() -> None:
    """y = x * c^n with c = 1 + 1e-6, n = 10^6:  dy/dx = c^n ~ e."""
    n, c = 1_000_000, 1.0 + 1e-6
    with default_recursion_limit():
        x = Value(1.0)
        y = x
        for _ in range(n):
            y = y * c
        y.backward()
        assert x.grad == pytest.approx(c**n, rel=1e-9)
        assert y.data == x.grad
        del y  # freeing a million-deep chain must not overflow the C stack either


@pytest.mark.parametrize("how", ["autograd.sum", "builtin sum"])
def test_a_sum_of_100_000_values(how: str) -> None:
    """autograd.sum makes one node; Python's sum a chain of 100,000 `+` (0 + x0 + x1 ...)."""
    n = 100_000
    xs = [Value(i) for i in range(n)]
    with default_recursion_limit():
        total = autograd.sum(xs) if how == "autograd.sum" else sum(xs)
        assert isinstance(total, Value)
        total.backward()
    assert total.data == n * (n - 1) / 2
    assert all(x.grad == 1.0 for x in xs)
    assert len(total.topological_order()) == (n + 1 if how == "autograd.sum" else 2 * n)


def test_backward_does_not_reach_through_a_result_made_under_no_grad() -> None:
    x = Value(3.0)
    with no_grad():
        frozen = x * 2  # a leaf: data 6.0, no parents
    y = frozen * x  # 6x as far as backward knows
    y.backward()
    assert x.grad == 6.0
    assert frozen.grad == 3.0


def test_backward_of_a_result_made_under_no_grad_only_seeds_it() -> None:
    x = Value(3.0)
    with no_grad():
        y = x.exp()
    y.backward()
    assert (y.grad, x.grad) == (1.0, 0.0)


def build_example() -> tuple[list[Value], Value]:
    """A small graph with fan-out, a diamond, a plain number and an n-ary node."""
    x, y, z = Value(0.5), Value(-1.5), Value(2.0)
    a = x * y
    b = (a + z).tanh()
    c = autograd.logsumexp([a, b, x])
    out = c * b + autograd.dot([x, y], [z, 2.0], a).sigmoid() - 3 / z
    return [x, y, z], out


def test_backward_steps_gives_the_same_gradients_as_backward() -> None:
    leaves, out = build_example()
    out.backward()
    expected = [x.grad for x in leaves]
    leaves, out = build_example()
    steps = list(out.backward_steps())
    assert [x.grad for x in leaves] == expected
    order = out.topological_order()
    assert [id(s.node) for s in steps] == [id(n) for n in order]


def test_each_backward_step_adds_local_grad_times_the_node_grad() -> None:
    _, out = build_example()
    for step in out.backward_steps():
        # the node's gradient is final when its step comes, so the chain rule applies
        expected = tuple(local * step.node.grad for local in step.node.local_grads)
        assert step.added == expected
        assert len(step.added) == len(step.node.parents)


def test_backward_steps_twice_matches_backward_twice() -> None:
    leaves, out = build_example()
    out.backward()
    out.backward()
    expected = [x.grad for x in leaves]
    leaves, out = build_example()
    for _ in range(2):
        for _ in out.backward_steps():
            pass
    assert [x.grad for x in leaves] == expected


def test_a_backward_that_overflows_leaves_every_grad_as_it_was() -> None:
    w, b = Value(1e-100), Value(1.0)
    w.grad, b.grad = 0.5, 0.25
    y = b * 3 + (w * 1e200) * 1e200
    mid = y.parents[0]
    mid.grad = 7.0  # an intermediate node's grad from before is restored too
    with pytest.raises(OverflowError, match=r"^backward: the gradient of"):
        y.backward()
    assert (w.grad, b.grad, mid.grad, y.grad) == (0.5, 0.25, 7.0, 0.0)


def test_a_backward_interrupted_by_ctrl_c_leaves_every_grad_as_it_was() -> None:
    class Interrupting(float):
        """A local derivative that raises KeyboardInterrupt when backward multiplies by it."""

        def __mul__(self, other: object) -> float:
            raise KeyboardInterrupt

    x, y = Value(2.0), Value(3.0)
    out = x * y + x
    x.grad = 1.5
    product = out.parents[0]
    product.local_grads = (product.local_grads[0], Interrupting(2.0))
    with pytest.raises(KeyboardInterrupt):
        out.backward()
    assert (x.grad, y.grad, out.grad, product.grad) == (1.5, 0.0, 0.0, 0.0)


def test_a_short_message_for_an_overflow_in_a_node_with_many_inputs() -> None:
    inputs = [Value(1.0)] * 9_999 + [Value(1e308), Value(1e308)]
    with pytest.raises(OverflowError) as error:
        autograd.sum(inputs)
    message = str(error.value)
    assert len(message) < 300
    assert "10001 inputs" in message
    assert "1e+308" in message
