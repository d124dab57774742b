"""Weight initialisations: how a neuron's weights are drawn before training.

Biases start at zero in every scheme. ``fan_in`` is the neuron's number of inputs and
``fan_out`` the width of its layer.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .checks import shown

Initializer = Callable[[int, int, np.random.Generator], list[float]]


def uniform(fan_in: int, fan_out: int, rng: np.random.Generator) -> list[float]:
    """w ~ U(-1, 1): the classic micrograd choice."""
    return rng.uniform(-1.0, 1.0, fan_in).tolist()


def xavier(fan_in: int, fan_out: int, rng: np.random.Generator) -> list[float]:
    """Glorot/Xavier uniform: w ~ U(-a, a), a = sqrt(6 / (fan_in + fan_out)); for tanh."""
    a = math.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-a, a, fan_in).tolist()


def he(fan_in: int, fan_out: int, rng: np.random.Generator) -> list[float]:
    """He/Kaiming normal: w ~ N(0, 2 / fan_in); keeps ReLU activations from shrinking."""
    return rng.normal(0.0, math.sqrt(2.0 / fan_in), fan_in).tolist()


INITIALIZERS: dict[str, Initializer] = {"uniform": uniform, "xavier": xavier, "he": he}


def get_initializer(name: str, where: str = "init") -> Initializer:
    """The initialisation called ``name``, or a ValueError (naming ``where``) listing the names."""
    if not isinstance(name, str) or name not in INITIALIZERS:
        valid = list(INITIALIZERS)
        raise ValueError(f"{where}: unknown initialisation {shown(name)}; choose one of {valid}")
    return INITIALIZERS[name]
