"""compile_graph: its arguments, its errors, gradients that accumulate, inputs without grads.

Bit-for-bit agreement on random graphs is in ``test_compile_random``; whole training steps
are in ``test_compile_training``.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable

import pytest

import autograd
from autograd import Value, compile_graph, ops
from autograd.compile.symbols import forward_is_plain, local_grads_are_plain


def test_plain_arithmetic_rules_are_told_from_the_others() -> None:
    assert forward_is_plain(ops.MUL.forward, 2)
    assert local_grads_are_plain(ops.MUL.local_grads, 2)
    assert local_grads_are_plain(ops.DIV.local_grads, 2)
    assert local_grads_are_plain(ops.TANH.local_grads, 1)
    assert not forward_is_plain(ops.DIV.forward, 2)  # checks y == 0.0: branches
    assert not forward_is_plain(ops.RELU.forward, 1)  # branches on x > 0.0
    assert not forward_is_plain(ops.TANH.forward, 1)  # math.tanh needs a float
    assert not local_grads_are_plain(ops.RELU.local_grads, 1)
    # The builtin sum() adds one by one up to Python 3.11, and compensates rounding after.
    assert forward_is_plain(lambda *xs: sum(xs), 3) == (sys.version_info < (3, 12))
    assert forward_is_plain(ops.DOT.forward, 5) == (sys.version_info < (3, 12))
    assert forward_is_plain(lambda x, y: -(x - y) / 2.0 + 1.0 * x, 2)
    assert not local_grads_are_plain(lambda out, x: (x,), 2)  # one derivative per input


def test_leaf_gradients_accumulate_like_backward() -> None:
    x = Value(1.5)
    compiled = compile_graph(x * x)
    compiled()
    compiled()
    assert x.grad == 6.0  # 2 * (2 * 1.5), as two calls of backward() give


def test_seed_scales_the_gradients() -> None:
    x = Value(1.5)
    compile_graph(x * x)(seed=-2.0)
    assert x.grad == -6.0


def test_the_replay_reads_the_leaves_data_and_returns_the_output() -> None:
    x, y = Value(2.0), Value(3.0)
    compiled = compile_graph(x * y + x)
    x.data, y.data = -1.0, 4.0
    assert compiled() == -5.0
    assert (x.grad, y.grad) == (5.0, -1.0)
    assert compiled.leaves == [x, y] or compiled.leaves == [y, x]


def test_watched_nodes_report_their_new_data() -> None:
    x = Value(2.0)
    square = x * x
    compiled = compile_graph(square + 1.0, watch=[square])
    assert compiled.watched == [4.0]
    x.data = 3.0
    assert compiled() == 10.0
    assert compiled.watched == [9.0]


def test_inputs_are_read_but_get_no_gradient() -> None:
    w, x = Value(2.0), Value(3.0)
    x.grad = 7.0
    compiled = compile_graph((w * x).tanh() + x * x, inputs=[x])
    x.data = 0.5
    assert compiled() == math.tanh(1.0) + 0.25
    assert x.grad == 7.0  # untouched
    assert w.grad == (1.0 - math.tanh(1.0) ** 2) * 0.5


def test_a_node_computed_from_inputs_only_gets_no_gradient_either() -> None:
    w, x = Value(2.0), Value(3.0)
    compiled = compile_graph(w * (x * x).exp(), inputs=[x])
    x.data = 0.0
    assert compiled() == 2.0
    assert (w.grad, x.grad) == (1.0, 0.0)


@pytest.mark.parametrize("output", [None, 1.0, [Value(1.0)]])
def test_compile_graph_needs_a_value(output: object) -> None:
    with pytest.raises(TypeError, match=r"compile_graph: expected a Value, got"):
        compile_graph(output)  # type: ignore[arg-type]


def test_a_leaf_cannot_be_compiled() -> None:
    with pytest.raises(ValueError, match=r"compile_graph: .* is a leaf"):
        compile_graph(Value(1.0))


def test_only_nodes_of_the_graph_can_be_watched() -> None:
    x = Value(2.0)
    with pytest.raises(ValueError, match=r"cannot watch .* not in the graph"):
        compile_graph(x * x, watch=[Value(1.0)])
    with pytest.raises(TypeError, match=r"compile_graph: cannot watch 2.0 \(float\)"):
        compile_graph(x * x, watch=[2.0])  # type: ignore[list-item]


def test_inputs_must_be_leaves_of_the_graph() -> None:
    x = Value(2.0)
    square = x * x
    with pytest.raises(ValueError, match=r"compile_graph: input .* is not a leaf"):
        compile_graph(square + 1.0, inputs=[square])
    with pytest.raises(ValueError, match=r"cannot take as an input .* not in the graph"):
        compile_graph(square, inputs=[Value(1.0)])


def test_the_seed_must_be_a_finite_number() -> None:
    compiled = compile_graph(Value(2.0) * 3.0)
    with pytest.raises(TypeError, match=r"backward: expected a real number, got '1'"):
        compiled("1")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"backward: expected a finite number, got nan"):
        compiled(math.nan)


def wide(make: object, n: int = 12, x: float = 0.5) -> tuple[list[Value], Value]:
    """``n`` copies of one expression, so that the replay computes them on arrays."""
    leaves = [Value(x) for _ in range(n)]
    return leaves, autograd.sum([make(x) for x in leaves])  # type: ignore[operator]


@pytest.mark.parametrize("n", [1, 12])
def test_overflow_in_the_forward_pass_names_the_operation(n: int) -> None:
    leaves, out = wide(lambda x: (x * 1e200).relu(), n)
    compiled = compile_graph(out)
    leaves[n // 2].data = 1e300
    with pytest.raises(OverflowError, match=r"\*: the result for \(1e\+300, 1e\+200\)"):
        compiled()


def test_of_two_overflows_the_first_in_the_graphs_order_is_reported() -> None:
    leaves, out = wide(lambda x: (x * 1e200).relu())
    compiled = compile_graph(out)
    leaves[3].data, leaves[7].data = 1e300, 1e299
    first = next(v for v in reversed(out.topological_order()) if v is leaves[3] or v is leaves[7])
    with pytest.raises(OverflowError, match=re.escape(f"the result for ({first.data!r}, 1e+200)")):
        compiled()


@pytest.mark.parametrize("n", [1, 12])
def test_domain_errors_are_the_eager_ones(n: int) -> None:
    leaves, out = wide(lambda x: x.log(), n)
    compiled = compile_graph(out)
    leaves[-1].data = -1.0
    with pytest.raises(ValueError, match=r"log: the logarithm needs x > 0, got -1\.0"):
        compiled()


@pytest.mark.parametrize("n", [1, 12])
def test_division_by_zero_is_the_eager_error(n: int) -> None:
    leaves, out = wide(lambda x: 1.0 / x, n)
    compiled = compile_graph(out)
    leaves[n - 1].data = 0.0
    with pytest.raises(ZeroDivisionError, match=r"/: division by zero \(1\.0 / 0\.0\)"):
        compiled()


@pytest.mark.parametrize("n", [1, 12])
def test_an_overflowing_gradient_is_refused_and_leaves_grads_unchanged(n: int) -> None:
    leaves, out = wide(lambda x: (x * 1e300) * 1e10, n, 1e-300)  # forward finite, gradient not
    for leaf in leaves:
        leaf.grad = 0.25
    compiled = compile_graph(out)
    with pytest.raises(OverflowError, match=r"backward: the gradient of Value\(data=1e-300, gr"):
        compiled()
    assert all(leaf.grad == 0.25 for leaf in leaves)


def test_the_overflowed_gradient_is_named_with_its_replayed_numbers() -> None:
    x = Value(1e-300, label="x")
    compiled = compile_graph(x * 1e300 * 1e10)
    x.data = 2e-300
    with pytest.raises(OverflowError) as caught:
        compiled()
    twin = Value(2e-300, label="x")
    with pytest.raises(OverflowError) as eager:
        (twin * 1e300 * 1e10).backward()
    assert str(caught.value) == str(eager.value)
    assert "Value(data=2e-300, grad=inf, label='x')" in str(caught.value)


def eager_error(make: Callable[[list[Value]], Value], data: list[float]) -> BaseException:
    leaves = [Value(x) for x in data]
    with pytest.raises((ArithmeticError, ValueError)) as caught:
        make(leaves).backward()
    return caught.value


@pytest.mark.parametrize("n", [1, 12])
def test_an_infinite_derivative_is_an_error_only_where_a_gradient_passes(n: int) -> None:
    def make(leaves: list[Value]) -> Value:  # sqrt(x) has an infinite derivative at x = 0
        return autograd.sum([(x * x).sqrt() * 2.0 + (x - x).sqrt() * 0.0 for x in leaves])

    leaves = [Value(1.0 + k) for k in range(n)]
    compiled = compile_graph(make(leaves))  # (x - x).sqrt() is at 0: its gradient is 0, fine
    for k, leaf in enumerate(leaves):
        leaf.data = 0.5 if k != n // 2 else 0.0
    with pytest.raises(ValueError) as caught:
        compiled()
    expected = eager_error(make, [leaf.data for leaf in leaves])
    assert str(caught.value) == str(expected)
    assert "sqrt: the derivative at (0.0) is infinite" in str(caught.value)
    assert all(leaf.grad == 0.0 for leaf in leaves)
    leaves[n // 2].data = 3.0
    compiled()
    assert leaves[n // 2].grad == 2.0


SWISH = autograd.Op(
    "swish",
    lambda x: x / (1.0 + math.exp(-x)),
    lambda out, x: (out + (1.0 - out) / (1.0 + math.exp(-x)),),
)
AVERAGE = autograd.Op("average", lambda x, y: (x + y) / 2.0, lambda out, x, y: (0.5, 0.5))


@pytest.mark.parametrize("n", [1, 12])
def test_ops_of_your_own_replay_bit_for_bit(n: int) -> None:
    def make(leaves: list[Value]) -> Value:
        return autograd.sum([SWISH(AVERAGE(x, 3.0) * x) for x in leaves])

    leaves = [Value(0.1 * k - 0.4) for k in range(n)]
    compiled = compile_graph(make(leaves))
    for leaf in leaves:
        leaf.data = leaf.data * 3.0 + 0.25
    value = compiled()
    twins = [Value(leaf.data) for leaf in leaves]
    out = make(twins)
    out.backward()
    assert value == out.data
    assert [leaf.grad for leaf in leaves] == [twin.grad for twin in twins]
