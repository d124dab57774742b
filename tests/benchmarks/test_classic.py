"""The classic reference engine computes what chainrule computes (else its timings mean nothing)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest

from autograd import Value
from benchmarks import classic


def _expression(a: Any, b: Any) -> Any:
    """Every classic operation, plain and reflected, in one expression."""
    c = (a * b + 2.0) ** 2 / (3.0 - b) - a / b
    d = (-a).exp() + (0.5 * b).tanh() + (a - 1.0).relu() + (b - 5.0).relu()
    return c * d + 1.0 / (2.0 + a) + 2.0 * a


@pytest.mark.parametrize(("a", "b"), [(0.7, -1.3), (2.5, 0.4), (-0.3, 1.9)])
def test_classic_values_and_gradients_match_chainrule(a: float, b: float) -> None:
    ours = [Value(a), Value(b)]
    theirs = [classic.Value(a), classic.Value(b)]
    out_ours, out_theirs = _expression(*ours), _expression(*theirs)
    out_ours.backward()
    out_theirs.backward()
    assert out_theirs.data == pytest.approx(out_ours.data, rel=1e-12)
    assert [v.grad for v in theirs] == pytest.approx([v.grad for v in ours], rel=1e-12)
    assert all(v.grad != 0.0 for v in theirs)


def test_a_node_used_twice_gets_both_gradients() -> None:
    x = classic.Value(3.0)
    y = x * x + x  # dy/dx = 2x + 1
    y.backward()
    assert x.grad == 7.0


def test_backward_recurses_past_the_default_limit_and_restores_it() -> None:
    limit = sys.getrecursionlimit()
    start = classic.Value(1.0)
    x = start
    for _ in range(5 * limit):
        x = x + 1.0
    x.backward()
    assert start.grad == 1.0
    assert sys.getrecursionlimit() == limit


def test_pow_needs_a_plain_number_exponent() -> None:
    with pytest.raises(TypeError, match=r"\*\*: the exponent must be a plain number"):
        classic.Value(2.0) ** classic.Value(3.0)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: classic.Neuron(3), 4),
        (lambda: classic.Layer(3, 2), 8),
        (lambda: classic.MLP(2, [4, 1]), 12 + 5),
    ],
)
def test_modules_list_every_weight_and_bias(make: Callable[[], Any], expected: int) -> None:
    module = make()
    params = module.parameters()
    assert len(params) == expected
    assert len({id(p) for p in params}) == expected


def test_mlp_is_relu_on_hidden_layers_and_linear_at_the_output() -> None:
    mlp = classic.MLP(1, [1, 1])
    hidden, output = mlp.layers[0].neurons[0], mlp.layers[1].neurons[0]
    hidden.w, hidden.b = [classic.Value(1.0)], classic.Value(0.0)
    output.w, output.b = [classic.Value(-2.0)], classic.Value(0.5)
    assert mlp([3.0]).data == -2.0 * 3.0 + 0.5  # hidden passes 3.0, output stays negative
    assert mlp([-3.0]).data == 0.5  # the hidden relu cuts -3.0 to 0


def test_zero_grad_resets_every_parameter() -> None:
    mlp = classic.MLP(2, [3, 1])
    mlp([1.0, -2.0]).backward()
    assert any(p.grad != 0.0 for p in mlp.parameters())
    mlp.zero_grad()
    assert all(p.grad == 0.0 for p in mlp.parameters())
