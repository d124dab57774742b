"""Neural networks on chainrule's engine: modules, activations, losses, optimizers, data."""

from . import data as data  # nn.data: data sets and batches
from . import optim as optim  # nn.optim: optimizers and learning-rate schedules
from .activations import ACTIVATIONS, get_activation
from .init import INITIALIZERS
from .interop import from_torch, to_torch
from .layers import MLP, Layer, Neuron
from .losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    hinge_loss,
    l1_penalty,
    l2_penalty,
    log_softmax,
    mse_loss,
    softmax,
)
from .module import Module
from .serialization import load, save
from .training import evaluate, fit

__all__ = [
    "ACTIVATIONS",
    "INITIALIZERS",
    "MLP",
    "Layer",
    "Module",
    "Neuron",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "evaluate",
    "fit",
    "from_torch",
    "get_activation",
    "hinge_loss",
    "l1_penalty",
    "l2_penalty",
    "load",
    "log_softmax",
    "mse_loss",
    "save",
    "softmax",
    "to_torch",
]
