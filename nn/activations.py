"""Activation functions by name, as the layers take them."""

from __future__ import annotations

from collections.abc import Callable

from autograd import Value

from .checks import shown

Activation = Callable[[Value], Value]


def linear(x: Value) -> Value:
    """f(x) = x: no activation."""
    return x


ACTIVATIONS: dict[str, Activation] = {
    "relu": Value.relu,  # max(0, x)
    "tanh": Value.tanh,  # (e^x - e^-x) / (e^x + e^-x)
    "sigmoid": Value.sigmoid,  # 1 / (1 + e^-x)
    "leaky_relu": Value.leaky_relu,  # max(0.01 x, x)
    "linear": linear,
}


def get_activation(name: str, where: str = "activation") -> Activation:
    """The activation called ``name``, or a ValueError (naming ``where``) listing the names."""
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ValueError(
            f"{where}: unknown activation {shown(name)}; choose one of {list(ACTIVATIONS)}"
        )
    return ACTIVATIONS[name]
