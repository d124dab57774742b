"""compile_graph: the replay agrees with the eager engine to the last bit."""

from __future__ import annotations

import math
import struct
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from autograd import Value, compile_graph

Recipe = list[tuple[str, int, int, float]]

# Each step makes a new node from earlier nodes (by index) and a constant.
STEPS: dict[str, Callable[[Value, Value, float], Value]] = {
    "add": lambda a, b, c: a + b,
    "sub_const": lambda a, b, c: c - a,
    "mul": lambda a, b, c: a * b,
    "mul_const": lambda a, b, c: a * c,
    "div": lambda a, b, c: a / (b * b + 1.0),
    "rdiv": lambda a, b, c: c / (a * a + 0.5),
    "pow": lambda a, b, c: (a * a + 0.1) ** 1.5,
    "rpow": lambda a, b, c: 2.0 ** a.tanh(),
    "pow_both": lambda a, b, c: (a * a + 0.5) ** b.tanh(),
    "neg": lambda a, b, c: -a,
    "abs": lambda a, b, c: abs(a),
    "exp": lambda a, b, c: a.tanh().exp(),
    "log": lambda a, b, c: (a * a + 1.0).log(),
    "sqrt": lambda a, b, c: (a * a + 0.25).sqrt(),
    "sin": lambda a, b, c: a.sin(),
    "cos": lambda a, b, c: a.cos(),
    "tanh": lambda a, b, c: a.tanh(),
    "sigmoid": lambda a, b, c: a.sigmoid(),
    "softplus": lambda a, b, c: a.softplus(),
    "relu": lambda a, b, c: a.relu(),
    "leaky_relu": lambda a, b, c: a.leaky_relu(0.1),
    "sum": lambda a, b, c: autograd.sum([a, b, c, a]),
    "dot": lambda a, b, c: autograd.dot([a, b], [b, c], a),
    "logsumexp": lambda a, b, c: autograd.logsumexp([a, b, c]),
}


def build(leaves: list[Value], recipe: Recipe) -> Value:
    nodes = list(leaves)
    for name, i, j, c in recipe:
        nodes.append(STEPS[name](nodes[i % len(nodes)], nodes[j % len(nodes)], c))
    return autograd.sum(nodes[len(leaves) :]) if len(nodes) > len(leaves) + 1 else nodes[-1]


def bits(x: float) -> bytes:
    return struct.pack("<d", x)


def eager(points: list[float], recipe: Recipe) -> tuple[float, list[float]]:
    leaves = [Value(p) for p in points]
    out = build(leaves, recipe)
    out.backward()
    return out.data, [leaf.grad for leaf in leaves]


recipes = st.lists(
    st.tuples(
        st.sampled_from(sorted(STEPS)),
        st.integers(0, 50),
        st.integers(0, 50),
        st.floats(-2.0, 2.0, allow_nan=False),
    ),
    min_size=1,
    max_size=25,
)
points = st.lists(st.floats(-1.5, 1.5, allow_nan=False), min_size=3, max_size=3)


@given(recipes, points, points)
def test_replay_is_bit_identical_to_backward(recipe: Recipe, first: list, second: list) -> None:
    leaves = [Value(p) for p in first]
    compiled = compile_graph(build(leaves, recipe))
    for new_points in (first, second):  # the recorded point, then new leaf values
        for leaf, p in zip(leaves, new_points):
            leaf.data, leaf.grad = p, 0.0
        value = compiled()
        expected_value, expected_grads = eager(new_points, recipe)
        assert bits(value) == bits(expected_value)
        assert [bits(leaf.grad) for leaf in leaves] == [bits(g) for g in expected_grads]


def test_every_step_kind_is_exercised_by_the_recipes() -> None:
    leaves = [Value(0.3), Value(-0.7), Value(1.1)]
    recipe = [(name, k, k + 1, 0.5) for k, name in enumerate(sorted(STEPS))]
    compiled = compile_graph(build(leaves, recipe))
    value = compiled()
    expected_value, expected_grads = eager([0.3, -0.7, 1.1], recipe)
    assert bits(value) == bits(expected_value)
    assert [leaf.grad for leaf in leaves] == expected_grads


def test_arithmetic_rules_are_inlined_and_branching_rules_are_called() -> None:
    a, b = Value(2.0), Value(3.0)
    source = compile_graph((a * b).relu()).source
    assert "(v0 * v1)" in source or "(v1 * v0)" in source  # the rule for * ran on symbols
    assert "f1(" in source  # relu's rule branches on its input: the generated code calls it


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


def test_a_leaf_cannot_be_compiled() -> None:
    with pytest.raises(ValueError, match=r"compile_graph: .* is a leaf"):
        compile_graph(Value(1.0))


def test_overflow_in_the_forward_pass_names_the_operation() -> None:
    x = Value(1.0)
    compiled = compile_graph((x * 1e200).relu())
    x.data = 1e200
    with pytest.raises(OverflowError, match=r"\*: the result for \(1e\+200, 1e\+200\)"):
        compiled()


def test_domain_errors_are_the_eager_ones() -> None:
    x = Value(1.0)
    compiled = compile_graph(x.log())
    x.data = -1.0
    with pytest.raises(ValueError, match=r"log: the logarithm needs x > 0, got -1\.0"):
        compiled()


def test_an_overflowing_gradient_is_refused_and_leaves_grads_unchanged() -> None:
    x = Value(1e-300)
    compiled = compile_graph((x * 1e300) * 1e10)  # forward finite, gradient 1e310 is not
    with pytest.raises(OverflowError, match="backward: the gradient"):
        compiled()
    assert x.grad == 0.0


def test_the_demo_step_replays_exactly_for_many_updates() -> None:
    import numpy as np

    import nn

    X = np.random.default_rng(0).uniform(-1, 1, (20, 2))
    y = np.where(X[:, 0] * X[:, 1] > 0, 1.0, -1.0)

    def loss_of(model: nn.MLP) -> Value:
        scores = [model(row) for row in X]
        losses = [(1.0 - t * s).relu() for t, s in zip(y, scores)]
        params = model.parameters()
        return autograd.sum(losses) / len(losses) + 1e-4 * autograd.dot(params, params)

    eager_model, compiled_model = nn.MLP(2, [8, 8, 1], seed=1), nn.MLP(2, [8, 8, 1], seed=1)
    compiled = compile_graph(loss_of(compiled_model))
    for _ in range(5):
        loss = loss_of(eager_model)
        eager_model.zero_grad()
        loss.backward()
        compiled_model.zero_grad()
        assert bits(compiled()) == bits(loss.data)
        for p, q in zip(eager_model.parameters(), compiled_model.parameters()):
            assert bits(p.grad) == bits(q.grad)
            p.data -= 0.5 * p.grad
            q.data -= 0.5 * q.grad
    assert math.isfinite(loss.data)


def test_watched_nodes_report_their_new_data() -> None:
    x = Value(2.0)
    square = x * x
    compiled = compile_graph(square + 1.0, watch=[square])
    assert compiled.watched == [4.0]
    x.data = 3.0
    assert compiled() == 10.0
    assert compiled.watched == [9.0]


def test_only_nodes_of_the_graph_can_be_watched() -> None:
    x = Value(2.0)
    with pytest.raises(ValueError, match=r"cannot watch .* not in the graph"):
        compile_graph(x * x, watch=[Value(1.0)])
