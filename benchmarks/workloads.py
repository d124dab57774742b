"""The workloads, written the way their users write them (see ``benchmarks.engines``).

* ``learner_step``: one training step of micrograd's demo as learners write it by hand,
  on any engine: MLP(2, [16, 16, 1]) on the moons, a per-sample hinge, Python's ``sum``,
  an L2 term, ``p.grad = 0`` in a loop, ``backward()``, ``p.data -= lr * p.grad``;
* ``library_step``: the same step with ``nn``'s losses and optimizer; ``compiled_step``
  the same step replayed by ``autograd.compile_graph``, as ``nn.fit`` does full-batch;
* ``chain``: ``x = x * CHAIN_FACTOR + CHAIN_SHIFT`` in a loop, then backward;
* ``wide_neuron``: relu(w . x + b) over many inputs, then backward;
* ``peak_bytes_per_node``: the memory a chain needs at its peak, per operation.

The mini-batch and digits workloads (``nn.fit``) are in ``benchmarks.training``; the same
step written as plain float loops is in ``benchmarks.floats``.
"""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable, Sequence
from typing import Any

import nn
from autograd import compile_graph

from .engines import Engine

DEMO_SIZES = [16, 16, 1]
ALPHA = 1e-4  # weight of the L2 penalty
LEARNING_RATE = 0.05
CHAIN_FACTOR = 1.0001
CHAIN_SHIFT = 0.0001


def moons(n_points: int, seed: int = 0) -> tuple[list[list[float]], list[float]]:
    """``n_points`` moons with noise 0.1, labels mapped from {0, 1} to {-1, +1}."""
    X, labels = nn.data.make_moons(n_points, noise=0.1, random_state=seed)
    return X.tolist(), (2.0 * labels - 1.0).tolist()


def demo_model(seed: int = 0) -> nn.MLP:
    """The demo's network: 2 inputs, two hidden relu layers of 16, one linear output."""
    return nn.MLP(2, DEMO_SIZES, seed=seed)


def learner_step(
    engine: Engine, model: Any, X: Sequence[Sequence[float]], y: Sequence[float]
) -> float:
    """One step of micrograd's demo, as a learner writes it; returns the loss.

    The same lines run on every engine; only the wrapping of the data (micrograd's demo
    makes each input a ``Value``) and what a cleared gradient is (0; torch's None) differ.
    """
    inputs = [list(map(engine.constant, row)) for row in X]
    scores = list(map(model, inputs))
    losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
    data_loss = sum(losses) / len(losses)
    reg_loss = ALPHA * sum(p * p for p in model.parameters())
    loss = data_loss + reg_loss
    for p in model.parameters():
        p.grad = engine.cleared_grad
    loss.backward()
    for p in model.parameters():
        p.data -= LEARNING_RATE * p.grad
    return engine.data(loss)


def library_loss(model: nn.MLP, X: Sequence[Sequence[float]], y: Sequence[float]) -> Any:
    """The demo's loss with ``nn``'s functions: what ``nn.fit(..., "hinge", l2=ALPHA)`` builds."""
    scores = [model(x) for x in X]
    return nn.hinge_loss(scores, y) + ALPHA * nn.l2_penalty(model.parameters())


def library_step(
    model: nn.MLP, optimizer: nn.optim.SGD, X: Sequence[Sequence[float]], y: Sequence[float]
) -> float:
    """The demo step with ``nn``'s loss, penalty and optimizer, eager; returns the loss."""
    loss = library_loss(model, X, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return float(loss.data)


def compiled_step(
    model: nn.MLP, optimizer: nn.optim.SGD, X: Sequence[Sequence[float]], y: Sequence[float]
) -> Callable[[], float]:
    """``library_step`` with the graph recorded once by ``autograd.compile_graph``.

    Returns the step: replay forward and backward from the parameters' current data, then
    the optimizer's step, as ``nn.fit`` does for full-batch training.
    """
    graph = compile_graph(library_loss(model, X, y))

    def step() -> float:
        optimizer.zero_grad()
        loss = graph()
        optimizer.step()
        return loss

    return step


def sgd(model: nn.Module) -> nn.optim.SGD:
    """The demo's optimizer: plain SGD at LEARNING_RATE."""
    return nn.optim.SGD(model.parameters(), lr=LEARNING_RATE)


def chain(engine: Engine, links: int) -> float:
    """Build x from x_0 = 1 by ``links`` operations, backward; return dx/dx_0.

    The loop is ``x = x * CHAIN_FACTOR + CHAIN_SHIFT``, two operations a turn, so the
    derivative is CHAIN_FACTOR ** (links // 2).
    """
    if links < 2 or links % 2:
        raise ValueError(f"chain: links must be an even number >= 2, got {links!r}")
    start = engine.leaf(1.0)
    x = start
    for _ in range(links // 2):
        x = x * CHAIN_FACTOR + CHAIN_SHIFT
    x.backward()
    return engine.grad(start)


def wide_neuron_setup(n_inputs: int, seed: int = 0) -> tuple[nn.Neuron, list[float]]:
    """A relu neuron with ``n_inputs`` inputs, and inputs equal to its weights.

    Then w . x + b = |w|^2 > 0: the relu passes its gradient on, so every engine does the
    whole backward pass (with a relu at zero chainrule would rightly skip it).
    """
    neuron = nn.Neuron(n_inputs, "relu", seed=seed)
    return neuron, [w.data for w in neuron.w]


def wide_neuron(engine: Engine, neuron: Any, inputs: Sequence[Any]) -> float:
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
