"""What the live training view shows, read off a model between steps: its weights and their
gradients, the gradient size of each layer, and the class it predicts over the plane.

The decision boundary is computed with numpy from the weights (the same arithmetic as the
model's forward pass, a whole grid at once), so a redraw costs a millisecond, not the
thousands of scalar forward passes that ``plot_decision_boundary`` runs.

Long lists of numbers travel as one string each ("0.5 -1.25 ..."): the widget machinery
inspects every element of a list it sends, which would cost more than the redraw itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

import nn

from ..plots.axes import _padded
from ..plots.boundary import _check_data, _label_classes, _margins

Array = NDArray[np.float64]
MAX_CLASSES = 7  # the boundary's grid gives each cell one printable ASCII character
# Class k's colour: matplotlib's "Ck", as plot_decision_boundary draws it (blue, orange, ...).
CLASS_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"]

ACTIVATIONS: dict[str, Callable[[Array], Array]] = {  # nn.ACTIVATIONS, on arrays
    "relu": lambda z: np.maximum(z, 0.0),
    "tanh": np.tanh,
    "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)),
    "leaky_relu": lambda z: np.where(z > 0.0, z, 0.01 * z),
    "linear": lambda z: z,
}


def neuron_layers(model: Any) -> list[list[nn.Neuron]]:
    """The model's neurons, layer by layer: an ``nn.MLP``, ``nn.Layer`` or ``nn.Neuron``."""
    if isinstance(model, nn.MLP):
        return [list(layer.neurons) for layer in model.layers]
    if isinstance(model, nn.Layer):
        return [list(model.neurons)]
    if isinstance(model, nn.Neuron):
        return [[model]]
    raise TypeError(f"TrainingView: expected an nn.MLP, nn.Layer or nn.Neuron, got {model!r}")


def pack(values: Iterable[float], digits: int = 6) -> str:
    """Numbers as one string, ``digits`` significant digits each: "0.5 -1.25 3e-07"."""
    return " ".join(f"{v:.{digits}g}" for v in values)


def network_state(layers: Sequence[Sequence[nn.Neuron]]) -> dict[str, Any]:
    """Layer sizes, and per layer the weights (neuron by neuron), biases and weight
    gradients, each packed; the gradient size of each layer."""
    return {
        "sizes": [len(layers[0][0].w), *(len(layer) for layer in layers)],
        "activations": [layer[0].activation for layer in layers],
        "weights": [pack(w.data for n in layer for w in n.w) for layer in layers],
        "biases": [pack(n.b.data for n in layer) for layer in layers],
        "grads": [pack(w.grad for n in layer for w in n.w) for layer in layers],
        "grad_norms": grad_norms(layers),
    }


def grad_norms(layers: Sequence[Sequence[nn.Neuron]]) -> list[float]:
    """||g|| = sqrt(sum of squared grads) of each layer's weights and biases."""
    return [math.sqrt(sum(w.grad**2 for n in layer for w in (*n.w, n.b))) for layer in layers]


def forward(layers: Sequence[Sequence[nn.Neuron]], points: Array) -> Array:
    """The model's outputs at each point, shape (n, outputs): f(X W^T + b) layer by layer."""
    out = points
    for layer in layers:
        weights = np.array([[w.data for w in n.w] for n in layer])
        biases = np.array([n.b.data for n in layer])
        out = ACTIVATIONS[layer[0].activation](out @ weights.T + biases)
    return out


class Boundary:
    """The data to draw (2-D points and their labels) and the grid to predict over."""

    def __init__(self, X: Any, y: Any, n_outputs: int, resolution: int, threshold: float) -> None:
        try:  # plot_decision_boundary's checks, in the view's name
            self.points, labels = _check_data(X, y)
            self.classes, self.class_names = _label_classes(labels, n_outputs)
        except (TypeError, ValueError) as error:
            message = str(error).replace("plot_decision_boundary", "TrainingView", 1)
            raise type(error)(message) from None
        if len(self.class_names) > MAX_CLASSES:
            raise ValueError(
                f"TrainingView: the decision boundary shows at most {MAX_CLASSES} classes, "
                f"this model has {len(self.class_names)} outputs; leave out X and y"
            )
        (x_low, x_high), (y_low, y_high) = _padded(self.points[:, 0]), _padded(self.points[:, 1])
        self.extent = [float(x_low), float(x_high), float(y_low), float(y_high)]
        grid_x, grid_y = np.meshgrid(
            np.linspace(x_low, x_high, resolution), np.linspace(y_high, y_low, resolution)
        )
        self.grid = np.column_stack([grid_x.ravel(), grid_y.ravel()])  # rows from the top
        self.resolution = resolution
        self.threshold = threshold

    def setup(self) -> dict[str, Any]:
        """What stays the same while training: the points, their classes and the classes'
        names and colours, the extent."""
        return {
            "extent": self.extent,
            "resolution": self.resolution,
            "points": np.round(self.points, 4).tolist(),
            "classes": self.classes.tolist(),
            "class_names": self.class_names,
            "colors": CLASS_COLORS[: len(self.class_names)],
        }

    def predict(self, layers: Sequence[Sequence[nn.Neuron]]) -> dict[str, Any]:
        """The class predicted at each grid cell (rows from the top) and how surely, and the
        accuracy on the points.

        The grid is a string, a character per cell: ``chr(48 + 10 * k + s)`` for class k
        with margin about s / 10 (s from 0 to 9; 9 for a margin of 0.9 or more).
        """
        grid = _margins(forward(layers, self.grid), self.threshold)
        classes = np.argmax(grid, axis=1)
        sureness = np.minimum(np.floor(np.max(grid, axis=1) * 10.0), 9).astype(np.intp)
        on_points = _margins(forward(layers, self.points), self.threshold)
        return {
            "grid": (48 + 10 * classes + sureness).astype(np.uint8).tobytes().decode("ascii"),
            "accuracy": float(np.mean(np.argmax(on_points, axis=1) == self.classes)),
        }
