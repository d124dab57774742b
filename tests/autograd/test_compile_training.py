"""compile_graph on whole training steps: the replay equals backward() over many updates.

The networks are written with autograd alone (a dot node per neuron, relu between layers), as
``nn.MLP`` builds them: the demo's hinge loss plus L2 on a small moons-like batch, and the
digits' cross entropy (logsumexp minus the picked logit) on random 64-wide inputs.
"""

from __future__ import annotations

import itertools
import random
import struct
from collections.abc import Callable
from typing import Any

import autograd
from autograd import Value, compile_graph

Layer = list[tuple[list[Value], Value]]  # one (weights, bias) per neuron


def mlp(sizes: list[int], rng: random.Random) -> list[Layer]:
    return [
        [([Value(rng.uniform(-1, 1)) for _ in range(n_in)], Value(0.0)) for _ in range(n_out)]
        for n_in, n_out in itertools.pairwise(sizes)
    ]


def parameters(model: list[Layer]) -> list[Value]:
    return [p for layer in model for w, b in layer for p in (*w, b)]


def run(model: list[Layer], x: list) -> list[Value]:
    for k, layer in enumerate(model):
        x = [autograd.dot(w, x, b) for w, b in layer]
        if k < len(model) - 1:
            x = [v.relu() for v in x]
    return x


def hinge_plus_l2(model: list[Layer], X: list[list[float]], y: list[float]) -> Value:
    scores = [run(model, x)[0] for x in X]
    losses = [(1.0 - t * s).relu() for t, s in zip(y, scores)]
    params = parameters(model)
    return autograd.sum(losses) / len(losses) + 1e-4 * autograd.dot(params, params)


def cross_entropy(model: list[Layer], X: list[list[float]], y: list[int]) -> Value:
    losses = []
    for x, t in zip(X, y):
        logits = run(model, x)
        losses.append(autograd.logsumexp(logits) - logits[t])
    return autograd.sum(losses) / len(losses)


def bits(x: float) -> bytes:
    return struct.pack("<d", x)


def train_both_ways(
    loss_of: Callable[..., Value], sizes: list[int], X: list, y: list[Any], steps: int, lr: float
) -> None:
    """SGD on two copies of a model, one eager and one replayed; equal bits at every step."""
    eager, replayed = mlp(sizes, random.Random(1)), mlp(sizes, random.Random(1))
    compiled = compile_graph(loss_of(replayed, X, y))
    for _ in range(steps):
        loss = loss_of(eager, X, y)
        loss.backward()
        assert bits(compiled()) == bits(loss.data)
        for p, q in zip(parameters(eager), parameters(replayed)):
            assert bits(p.grad) == bits(q.grad)
            p.data -= lr * p.grad
            q.data -= lr * q.grad
            p.grad = q.grad = 0.0


def test_the_demo_step_replays_exactly_for_many_updates() -> None:
    rng = random.Random(0)
    X = [[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(40)]
    y = [1.0 if a * b > 0 else -1.0 for a, b in X]
    train_both_ways(hinge_plus_l2, [2, 16, 16, 1], X, y, steps=20, lr=0.5)


def test_a_digits_shaped_step_replays_exactly() -> None:
    rng = random.Random(0)
    X = [[round(rng.random(), 4) for _ in range(64)] for _ in range(24)]
    y = [rng.randrange(10) for _ in X]
    train_both_ways(cross_entropy, [64, 32, 10], X, y, steps=3, lr=0.1)


def test_data_given_as_values_is_read_at_each_call() -> None:
    rng = random.Random(2)
    model = mlp([3, 8, 2], rng)
    X = [[Value(rng.uniform(-1, 1)) for _ in range(3)] for _ in range(10)]
    y = [rng.randrange(2) for _ in X]
    compiled = compile_graph(cross_entropy(model, X, y), inputs=[v for x in X for v in x])
    for _ in range(3):  # a new batch in the same Values, as mini-batch training will do
        for x in X:
            for v in x:
                v.data = rng.uniform(-1, 1)
        for p in parameters(model):
            p.grad = 0.0
        value = compiled()
        grads = [p.grad for p in parameters(model)]
        fresh = [[Value(v.data) for v in x] for x in X]
        for p in parameters(model):
            p.grad = 0.0
        loss = cross_entropy(model, fresh, y)
        loss.backward()
        assert bits(value) == bits(loss.data)
        assert [bits(g) for g in grads] == [bits(p.grad) for p in parameters(model)]
        assert all(v.grad == 0.0 for x in X for v in x)
