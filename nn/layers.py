"""Neuron, Layer and MLP: micrograd's building blocks with PyTorch's manners."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from autograd import Value, dot

from .activations import get_activation
from .checks import count, flag
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
        count("Neuron", "nin", nin)
        activation = _activation_or_nonlin("Neuron", activation, nonlin)
        self.activation = activation
        self._f = get_activation(activation)
        weights = get_initializer(init)(nin, fan_out, np.random.default_rng(seed))
        self.w = [Value(w) for w in weights]
        self.b = Value(0.0)

    def forward(self, x: Input) -> Value:
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
        count("Layer", "nin", nin)
        count("Layer", "nout", nout)
        activation = _activation_or_nonlin("Layer", activation, nonlin)
        rng = np.random.default_rng(seed)
        self.neurons = [Neuron(nin, activation, init, rng, fan_out=nout) for _ in range(nout)]

    def forward(self, x: Input) -> list[Value]:
        if isinstance(x, np.ndarray):  # a row of a data set: plain floats, converted once
            x = x.tolist()
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
        if len(nouts) == 0:
            raise ValueError("MLP: nouts must list at least one layer size, got []")
        get_activation(activation)  # checked even when no hidden layer uses it
        rng = np.random.default_rng(seed)
        sizes = [nin, *nouts]
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
