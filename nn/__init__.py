"""Neural networks on chainrule's engine: modules, activations, losses, optimizers, data."""

from .activations import ACTIVATIONS, get_activation
from .init import INITIALIZERS
from .layers import MLP, Layer, Neuron
from .module import Module

__all__ = [
    "ACTIVATIONS",
    "INITIALIZERS",
    "MLP",
    "Layer",
    "Module",
    "Neuron",
    "get_activation",
]
