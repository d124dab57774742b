"""compile_graph on random graphs: the replay equals backward() to the last bit.

A recipe is a list of steps, each making a node from two earlier nodes and a constant. The
narrow graphs run one copy of it; the wide ones run it on many copies of the leaves at once
(and on a few leaves shared by every copy), so that every group is large enough to be
computed on arrays and parents gather many contributions, as in a training step.
"""

from __future__ import annotations

import struct
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Value, compile_graph

Recipe = list[tuple[str, int, int, float]]

STEPS: dict[str, Callable[[Value, Value, float], Value]] = {
    "add": lambda a, b, c: a + b,
    "add_const": lambda a, b, c: a + c,
    "sub": lambda a, b, c: a - b,
    "sub_const": lambda a, b, c: c - a,
    "mul": lambda a, b, c: a * b,
    "mul_const": lambda a, b, c: a * c,
    "square": lambda a, b, c: a * a,
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
    "dot_consts": lambda a, b, c: autograd.dot([a, c], [c, b], 0.5),
    "logsumexp": lambda a, b, c: autograd.logsumexp([a, b, c]),
}

# Zeros of both signs matter: a relu passes -0.0 on, and backward() skips zero gradients.
NUMBERS = st.one_of(st.floats(-1.5, 1.5), st.sampled_from([0.0, -0.0, 1.0, -1.0]))
recipes = st.lists(
    st.tuples(st.sampled_from(sorted(STEPS)), st.integers(0, 60), st.integers(0, 60), NUMBERS),
    min_size=1,
    max_size=25,
)
SHARED = 2  # leaves every copy uses


def build(leaves: list[Value], recipe: Recipe) -> Value:
    nodes = list(leaves)
    for name, i, j, c in recipe:
        nodes.append(STEPS[name](nodes[i % len(nodes)], nodes[j % len(nodes)], c))
    return autograd.sum(nodes[len(leaves) :]) if len(nodes) > len(leaves) + 1 else nodes[-1]


def build_wide(leaves: list[Value], recipe: Recipe, copies: int) -> Value:
    """The recipe on ``copies`` sets of leaves, each with the SHARED first leaves; summed."""
    own = (len(leaves) - SHARED) // copies
    outputs = [
        build(leaves[:SHARED] + leaves[SHARED + c * own : SHARED + (c + 1) * own], recipe)
        for c in range(copies)
    ]
    return autograd.sum(outputs) * 0.5


def bits(x: float) -> bytes:
    return struct.pack("<d", x)


def check(make: Callable[[list[Value]], Value], points: list[list[float]], seed: float) -> None:
    """Replay at each list of points in turn (leaf gradients accumulating across calls) and
    compare with backward() on a graph built afresh from leaves with the same data and grad."""
    leaves = [Value(p) for p in points[0]]
    for leaf in leaves[1::2]:
        leaf.grad = -0.0  # adding 0.0 to it would give 0.0: backward() adds nothing
    inner = make(leaves)
    compiled = compile_graph(inner * 0.5 + leaves[0], watch=[inner])
    for new_points in points:
        for leaf, p in zip(leaves, new_points):
            leaf.data = p
        twins = [Value(p) for p in new_points]
        for twin, leaf in zip(twins, leaves):
            twin.grad = leaf.grad
        twin_inner = make(twins)
        output = twin_inner * 0.5 + twins[0]
        output.backward(seed)
        assert bits(compiled(seed)) == bits(output.data)
        assert bits(compiled.watched[0]) == bits(twin_inner.data)
        assert [bits(leaf.grad) for leaf in leaves] == [bits(twin.grad) for twin in twins]


@given(recipes, st.lists(st.lists(NUMBERS, min_size=3, max_size=3), min_size=1, max_size=3))
def test_narrow_graphs_replay_bit_for_bit(recipe: Recipe, points: list[list[float]]) -> None:
    check(lambda leaves: build(leaves, recipe), points, 1.0)


@settings(max_examples=40)
@given(recipes, st.integers(8, 12), st.data())
def test_wide_graphs_replay_bit_for_bit(recipe: Recipe, copies: int, data: st.DataObject) -> None:
    n = SHARED + 3 * copies
    points = data.draw(st.lists(st.lists(NUMBERS, min_size=n, max_size=n), min_size=1, max_size=2))
    seed = data.draw(st.sampled_from([1.0, -2.5, 0.0, -0.0]))
    check(lambda leaves: build_wide(leaves, recipe, copies), points, seed)


def test_every_step_kind_is_exercised_wide() -> None:
    recipe = [(name, k, k + 1, 0.5) for k, name in enumerate(sorted(STEPS))]
    points = [[0.1 * (k % 7) - 0.3 for k in range(SHARED + 3 * 9)]]
    check(lambda leaves: build_wide(leaves, recipe, 9), points, 1.0)
