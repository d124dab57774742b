"""The workloads, each written once for every engine (see ``benchmarks.engines``).

* ``demo_step``: one training step of micrograd's demo, an MLP(2, [16, 16, 1]) on the
  moons, loss = (1/n) sum_i relu(1 - y_i score_i) + 1e-4 sum_p p^2, then backward and SGD;
  ``compiled_demo_step`` does the same step by replaying chainrule's graph (``nn.fit``'s
  way for full-batch training);
* ``chain``: a chain of operations x <- x * 1.0000001, x <- x + 1e-7, ..., then backward;
  ``chain_gc_paused`` the same on chainrule under ``autograd.gc_paused()``;
* ``wide_neuron``: relu(w . x + b) over many inputs, then backward;
* ``peak_bytes_per_node``: the memory a chain needs at its peak, per operation.
"""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable, Sequence
from typing import Any

import nn
from autograd import compile_graph, gc_paused
from nn.data import make_moons

from .engines import Engine, Scalar, chainrule_engine

DEMO_SIZES = [16, 16, 1]
ALPHA = 1e-4  # weight of the L2 penalty
LEARNING_RATE = 0.05
CHAIN_FACTOR = 1.0000001
CHAIN_SHIFT = 1e-7


def moons(n_points: int, seed: int = 0) -> tuple[list[list[float]], list[float]]:
    """``n_points`` moons with noise 0.1, labels mapped from {0, 1} to {-1, +1}."""
    X, labels = make_moons(n_points, noise=0.1, random_state=seed)
    return X.tolist(), (2.0 * labels - 1.0).tolist()


def demo_model(seed: int = 0) -> nn.MLP:
    """The demo's network: 2 inputs, two hidden relu layers of 16, one linear output."""
    return nn.MLP(2, DEMO_SIZES, seed=seed)


def demo_loss(engine: Engine, scores: Sequence[Scalar], params: Sequence[Scalar], y: Any) -> Scalar:
    """The hinge loss of ``scores`` plus ALPHA times the L2 penalty of ``params``."""
    return engine.hinge_loss(scores, y) + ALPHA * engine.l2_penalty(params)


def demo_step(engine: Engine, model: Any, X: Sequence[Sequence[float]], y: Any) -> float:
    """One training step: loss, backward, p -= lr * grad, gradients to zero. Returns the loss."""
    params = model.parameters()
    loss = demo_loss(engine, [model(x) for x in X], params, y)
    loss.backward()
    engine.sgd(params, LEARNING_RATE)
    return engine.data(loss)


def compiled_demo_step(model: nn.MLP, X: Sequence[Sequence[float]], y: Any) -> Callable[[], float]:
    """``demo_step`` for chainrule with the graph recorded once by ``autograd.compile_graph``.

    Returns the step: replay forward and backward from the parameters' current data, then
    SGD. The replay computes the same floats in the same order as the eager step.
    """
    engine = chainrule_engine()
    params = model.parameters()
    graph = compile_graph(demo_loss(engine, [model(x) for x in X], params, y))

    def step() -> float:
        loss = graph()
        engine.sgd(params, LEARNING_RATE)
        return loss

    return step


def chain(engine: Engine, links: int) -> float:
    """Build x_links from x_0 = 1 by ``links`` operations, backward; return d x_links / d x_0.

    The operations alternate * CHAIN_FACTOR and + CHAIN_SHIFT, so the derivative is
    CHAIN_FACTOR ** (links // 2).
    """
    if links < 2 or links % 2:
        raise ValueError(f"chain: links must be an even number >= 2, got {links!r}")
    start = engine.leaf(1.0)
    x = start
    for _ in range(links // 2):
        x = x * CHAIN_FACTOR
        x = x + CHAIN_SHIFT
    x.backward()
    return engine.grad(start)


def chain_gc_paused(links: int) -> float:
    """``chain`` on chainrule with the cyclic garbage collector paused while it runs."""
    with gc_paused():
        return chain(chainrule_engine(), links)


def wide_neuron_setup(n_inputs: int, seed: int = 0) -> tuple[nn.Neuron, list[float]]:
    """A relu neuron with ``n_inputs`` inputs, and inputs equal to its weights.

    Then w . x + b = |w|^2 > 0: the relu passes its gradient on, so every engine does the
    whole backward pass (with a relu at zero chainrule would rightly skip it).
    """
    neuron = nn.Neuron(n_inputs, "relu", seed=seed)
    return neuron, [w.data for w in neuron.w]


def wide_neuron(engine: Engine, neuron: Any, inputs: Sequence[Scalar]) -> float:
    """relu(w . x + b), then backward. Returns the output."""
    out = neuron(inputs)
    out.backward()
    return engine.data(out)


def peak_bytes_per_node(engine: Engine, links: int) -> float:
    """Peak memory (traced by tracemalloc) of ``chain(engine, links)``, divided by ``links``.

    Only allocations made through Python's allocators are traced, which covers every byte
    of the classic and chainrule graphs but not PyTorch's C++ graph.
    """
    gc.collect()
    tracemalloc.start()
    try:
        chain(engine, links)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / links
