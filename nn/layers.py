"""Neuron, Layer and MLP: micrograd's building blocks with PyTorch's manners."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise, repeat
from typing import Any

import numpy as np

from autograd import Value, dot
from autograd.value import as_float

from .activations import get_activation
from .checks import count, fits_in_memory, flag, generator, shown
from .init import get_initializer
from .module import Module

Seed = int | np.random.Generator | None
Input = Sequence[Value | float]


class Neuron(Module):
    """out = f(w . x + b): a weighted sum of the inputs plus a bias, then an activation.

    micrograd's keyword works too: ``nonlin=True`` is ReLU, ``nonlin=False`` a linear neuron.
    """

    def __init__(
        self,
        nin: int,
        activation: str = "relu",
        init: str = "uniform",
        seed: Seed = None,
        fan_out: int = 1,
        *,
        nonlin: bool | None = None,
    ) -> None:
        _check_size("Neuron", count("Neuron", "nin", nin), 1)
        activation = _activation_or_nonlin("Neuron", activation, nonlin)
        self.activation = activation
        self._f = get_activation(activation, "Neuron")
        draw = get_initializer(init, "Neuron")
        weights = draw(nin, count("Neuron", "fan_out", fan_out), generator("Neuron", "seed", seed))
        self.w = [Value(w) for w in weights]
        self.b = Value(0.0)

    def forward(self, x: Input) -> Value:
        if not isinstance(x, (list, tuple)):  # the fast path is a list; check anything else
            x = _inputs("Neuron", x, len(self.w))
        if len(x) != len(self.w):
            raise ValueError(f"Neuron: expected {len(self.w)} inputs, got {len(x)}")
        # One node for the whole weighted sum: its local derivatives are x (for w) and w (for x).
        return self._f(dot(self.w, x, self.b))

    def __repr__(self) -> str:
        return f"Neuron({len(self.w)}, {self.activation})"


class Layer(Module):
    """``nout`` neurons that all read the same ``nin`` inputs; returns a list of outputs
    (a list even for one neuron, as micrograd's Layer; ``MLP`` unwraps a last single one).

    ``nonlin`` as for ``Neuron``.
    """

    def __init__(
        self,
        nin: int,
        nout: int,
        activation: str = "relu",
        init: str = "uniform",
        seed: Seed = None,
        *,
        nonlin: bool | None = None,
    ) -> None:
        _check_size("Layer", count("Layer", "nin", nin), count("Layer", "nout", nout))
        activation = _activation_or_nonlin("Layer", activation, nonlin)
        get_activation(activation, "Layer")
        get_initializer(init, "Layer")
        rng = generator("Layer", "seed", seed)
        self.neurons = [Neuron(nin, activation, init, rng, fan_out=nout) for _ in range(nout)]

    def forward(self, x: Input) -> list[Value]:
        x = _inputs("Layer", x, len(self.neurons[0].w))
        return [neuron(x) for neuron in self.neurons]

    def __repr__(self) -> str:
        first = self.neurons[0]
        return f"Layer({len(first.w)} -> {len(self.neurons)}, {first.activation})"


class MLP(Module):
    """A multi-layer perceptron: layers of sizes ``nouts`` after ``nin`` inputs.

    Hidden layers use ``activation``, the last one ``output_activation``. Calling it on one
    sample returns a Value when the last layer has one unit, else a list of Values.
    """

    def __init__(
        self,
        nin: int,
        nouts: Sequence[int],
        activation: str = "relu",
        output_activation: str = "linear",
        init: str = "uniform",
        seed: Seed = None,
    ) -> None:
        count("MLP", "nin", nin)
        if isinstance(nouts, (str, bytes)) or not isinstance(nouts, Sequence):
            raise TypeError(
                f"MLP: nouts must be a list of layer sizes such as [16, 16, 1], got {shown(nouts)}"
            )
        if len(nouts) == 0:
            raise ValueError("MLP: nouts must list at least one layer size, got []")
        sizes = [nin, *(count("MLP", f"nouts[{i}]", n) for i, n in enumerate(nouts))]
        _check_size("MLP", *sizes)
        get_activation(activation, "MLP")  # checked even when no hidden layer uses it
        get_activation(output_activation, "MLP")
        get_initializer(init, "MLP")
        rng = generator("MLP", "seed", seed)
        self.layers = [
            Layer(
                sizes[i],
                sizes[i + 1],
                activation if i < len(nouts) - 1 else output_activation,
                init,
                rng,
            )
            for i in range(len(nouts))
        ]

    def forward(self, x: Input) -> Value | list[Value]:
        x = _inputs("MLP", x, len(self.layers[0].neurons[0].w))
        for layer in self.layers:
            x = out = layer(x)
        return out[0] if len(out) == 1 else out

    def __repr__(self) -> str:
        lines = "".join(f"  ({i}): {layer!r}\n" for i, layer in enumerate(self.layers))
        return f"MLP(\n{lines})"


def _activation_or_nonlin(where: str, activation: str, nonlin: bool | None) -> str:
    """The activation's name, from ``activation`` or micrograd's ``nonlin`` (not both)."""
    if nonlin is None:
        return activation
    flag(where, "nonlin", nonlin)
    if activation != "relu":
        raise ValueError(
            f"{where}: give activation={activation!r} or micrograd's nonlin={nonlin!r}, not both"
        )
    return "relu" if nonlin else "linear"


# Memory per parameter: its Value and its slot in a list; a little more than the engine's own.
BYTES_PER_PARAMETER = 160


def _check_size(where: str, *sizes: int) -> None:
    """Refuse, before building anything, layers of these widths that no memory could hold."""
    n_parameters = sum((n_in + 1) * n_out for n_in, n_out in pairwise(sizes))
    fits_in_memory(where, n_parameters, "parameters", BYTES_PER_PARAMETER)


def _inputs(where: str, x: Any, n: int) -> Any:
    """``x`` if it is a sequence of ``n`` numbers or Values (a numpy row becomes a list of
    floats); else an error naming ``where`` and the input."""
    if isinstance(x, np.ndarray):  # a row of a data set: plain floats, converted once
        if x.ndim == 2:
            raise TypeError(
                f"{where}: got a whole batch of shape {x.shape}; a model takes one sample "
                "at a time: [model(x) for x in X]"
            )
        x = x.tolist()
    if isinstance(x, (str, bytes)) or not isinstance(x, Sequence):
        raise TypeError(
            f"{where}: expected a list of {n} inputs (numbers or Values), got {shown(x)}"
        )
    if len(x) != n:
        raise ValueError(f"{where}: expected {n} inputs, got {len(x)}")
    if not all(map(isinstance, x, repeat(Value))):
        for i, xi in enumerate(x):
            if not isinstance(xi, Value):
                as_float(f"{where}: input {i}", xi)
    return x
