"""The three engines the benchmarks compare, behind one small interface.

* ``chainrule``: this project (``autograd`` and ``nn``);
* ``classic``: the micrograd design, in ``benchmarks.classic``;
* ``torch``: PyTorch with 0-dim float64 tensors, one scalar per tensor, the graph built one
  scalar operation at a time exactly as the classic engine builds it.

The workloads are written once against ``Engine``; each engine's model is a copy of a
chainrule model, so all three start from the same weights.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import nn
from autograd import Value

from . import classic

Scalar = Any  # a chainrule or classic Value, or a 0-dim torch tensor


class Engine(NamedTuple):
    """What a workload needs from an engine."""

    name: str
    leaf: Callable[[float], Scalar]
    """A new input scalar that gets a gradient."""
    constant: Callable[[float], Scalar]
    """A data point as the engine's users wrap it (micrograd's demo: ``Value(x)``)."""
    cleared_grad: Any
    """What a learner's loop sets ``p.grad`` to before backward: 0, or torch's None."""
    copy: Callable[[nn.Module], Any]
    """The engine's own version of a chainrule ``Neuron`` or ``MLP``, with its weights."""
    data: Callable[[Scalar], float]
    grad: Callable[[Scalar], float]


def chainrule_engine() -> Engine:
    """This project: ``autograd.Value`` and ``nn``'s models."""
    return Engine(
        name="chainrule",
        leaf=Value,
        constant=Value,
        cleared_grad=0,
        copy=lambda module: module,
        data=lambda v: v.data,
        grad=lambda v: v.grad,
    )


def classic_engine() -> Engine:
    """The micrograd design: a neuron's sum is a chain of ``+`` built by Python's ``sum``."""
    return Engine(
        name="classic",
        leaf=classic.Value,
        constant=classic.Value,
        cleared_grad=0,
        copy=lambda module: _classic_copy(module, classic.Value),
        data=lambda v: v.data,
        grad=lambda v: v.grad,
    )


def torch_engine() -> Engine | None:
    """PyTorch's scalar operations in float64, or None where torch is not installed.

    Torch runs on one thread: with its default of one thread per core, 0-dim tensors run
    15-20% slower on 2 cores, which would flatter chainrule.
    """
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)

    def leaf(x: float) -> Any:
        return torch.tensor(x, dtype=torch.float64, requires_grad=True)

    def constant(x: float) -> Any:
        return torch.tensor(x, dtype=torch.float64)

    return Engine(
        name="torch",
        leaf=leaf,
        constant=constant,
        cleared_grad=None,
        copy=lambda module: _classic_copy(module, leaf),
        data=lambda t: t.item(),
        grad=lambda t: 0.0 if t.grad is None else t.grad.item(),
    )


def available_engines() -> list[Engine]:
    """classic, chainrule and, where it is installed, torch: the table's column order."""
    engines = [classic_engine(), chainrule_engine()]
    torch = torch_engine()
    return engines if torch is None else [*engines, torch]


def _classic_copy(module: nn.Module, scalar: Callable[[float], Scalar]) -> Any:
    """A classic Neuron or MLP with ``module``'s weights, each made a scalar by ``scalar``.

    The containers are the classic engine's; their arithmetic works unchanged on torch
    tensors, which is how the torch engine gets the same graph.
    """
    if isinstance(module, nn.Neuron):
        neuron = classic.Neuron(len(module.w), nonlin=module.activation != "linear")
        _copy_weights(module, neuron, scalar)
        return neuron
    if isinstance(module, nn.MLP):
        sizes = [len(module.layers[0].neurons[0].w)]
        sizes += [len(layer.neurons) for layer in module.layers]
        mlp = classic.MLP(sizes[0], sizes[1:])
        for ours, theirs in zip(module.layers, mlp.layers):
            for source, target in zip(ours.neurons, theirs.neurons):
                _copy_weights(source, target, scalar)
        return mlp
    raise TypeError(f"copy: expected an nn.Neuron or nn.MLP, got {module!r}")


def _copy_weights(
    source: nn.Neuron, target: classic.Neuron, scalar: Callable[[float], Scalar]
) -> None:
    expected = "relu" if target.nonlin else "linear"
    if source.activation != expected:
        raise ValueError(
            f"copy: a {source.activation!r} neuron where the classic engine has {expected!r}"
        )
    target.w = [scalar(w.data) for w in source.w]
    target.b = scalar(source.b.data)
