"""The demo step written by hand over plain floats: the floor a compiled step is held to.

The same arithmetic as ``benchmarks.workloads.library_step`` (hinge loss plus ALPHA times
the L2 penalty, backward, SGD) with every derivative worked out by hand and no graph: for
each sample a forward pass through the layers, then, when its hinge is active, a backward
pass adding into the gradients. It is as fast as plain Python loops over lists of floats go,
so it says how close to CPython's limit the compiled replay is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import nn

from .workloads import ALPHA, LEARNING_RATE


class FloatLayer(NamedTuple):
    """One layer's weights (a row per neuron) and biases, as lists of floats."""

    weights: list[list[float]]
    biases: list[float]
    relu: bool


def float_layers(model: nn.MLP) -> list[FloatLayer]:
    """The weights of a relu/linear ``nn.MLP`` copied into lists of floats."""
    layers = []
    for layer in model.layers:
        activation = layer.neurons[0].activation
        if activation not in ("relu", "linear"):
            raise ValueError(f"float_layers: needs relu or linear layers, got {activation!r}")
        layers.append(
            FloatLayer(
                [[w.data for w in neuron.w] for neuron in layer.neurons],
                [neuron.b.data for neuron in layer.neurons],
                activation == "relu",
            )
        )
    return layers


def float_step(layers: list[FloatLayer], X: Sequence[Sequence[float]], y: Sequence[float]) -> float:
    """One demo step on the float weights, updated in place; returns the loss.

    loss = (1/n) sum_i relu(1 - y_i s_i) + ALPHA sum_p p^2;  ds_i = -y_i / n where the hinge
    is active; each weight's gradient is then (input) * (gradient of the neuron's sum).
    """
    n = len(X)
    weight_grads = [[[0.0] * len(row) for row in layer.weights] for layer in layers]
    bias_grads = [[0.0] * len(layer.biases) for layer in layers]
    hinge = 0.0
    for x, target in zip(X, y):
        activations = [list(x)]
        for layer in layers:
            inputs = activations[-1]
            outputs = []
            for row, bias in zip(layer.weights, layer.biases):
                total = 0.0
                for w, a in zip(row, inputs):
                    total += w * a
                total += bias
                outputs.append(total if not layer.relu or total > 0.0 else 0.0)
            activations.append(outputs)
        margin = 1.0 - target * activations[-1][0]
        if margin <= 0.0:
            continue
        hinge += margin
        grads = [-target / n]
        for k in range(len(layers) - 1, -1, -1):
            layer, inputs, outputs = layers[k], activations[k], activations[k + 1]
            input_grads = [0.0] * len(inputs)
            for j, (row, g) in enumerate(zip(layer.weights, grads)):
                if layer.relu and outputs[j] <= 0.0:
                    continue
                bias_grads[k][j] += g
                row_grads = weight_grads[k][j]
                for i, (w, a) in enumerate(zip(row, inputs)):
                    row_grads[i] += a * g
                    input_grads[i] += w * g
            grads = input_grads
    penalty = 0.0
    for layer, layer_weight_grads, layer_bias_grads in zip(layers, weight_grads, bias_grads):
        for row, row_grads in zip(layer.weights, layer_weight_grads):
            for i, w in enumerate(row):
                penalty += w * w
                row[i] = w - LEARNING_RATE * (row_grads[i] + 2.0 * ALPHA * w)
        for j, b in enumerate(layer.biases):
            penalty += b * b
            layer.biases[j] = b - LEARNING_RATE * (layer_bias_grads[j] + 2.0 * ALPHA * b)
    return hinge / n + ALPHA * penalty


def float_weights(layers: list[FloatLayer]) -> list[float]:
    """Every weight and bias, in ``nn.MLP.parameters()``'s order."""
    return [
        p
        for layer in layers
        for row, bias in zip(layer.weights, layer.biases)
        for p in (*row, bias)
    ]
