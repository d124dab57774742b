"""Workloads that train with ``nn.fit``: mini-batch epochs on the moons, and the digits.

Each call trains a fresh model from the same seed, so every run of a comparison does the
same work, and a ``fit`` that compiles pays for its compiling in the time measured.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

import nn
from autograd import compile_graph

from .timing import timed_call
from .workloads import ALPHA, demo_model, library_loss, moons, sgd

DIGITS_SIZES = [32, 10]
DIGITS_FEATURES = 64
DIGITS_CLASSES = 10
DIGITS_LR = 0.01


def fit_moons(
    X: np.ndarray, y: np.ndarray, batch_size: int, epochs: int, compiled: bool | None
) -> list[float]:
    """``nn.fit`` of the demo model on (X, y), as ``make demo`` trains; returns the weights.

    ``compiled`` None is fit's default; False forces the eager path.
    """
    model = demo_model()
    nn.fit(
        model, X, y, "hinge", sgd(model), epochs=epochs, batch_size=batch_size,
        l2=ALPHA, seed=0, progress=False, compiled=compiled,
    )  # fmt: skip
    return [p.data for p in model.parameters()]


def moons_arrays(n_points: int) -> tuple[np.ndarray, np.ndarray]:
    """``workloads.moons`` as the arrays ``nn.fit`` takes."""
    X, y = moons(n_points)
    return np.array(X), np.array(y)


def digits(n_images: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, str]:
    """The first ``n_images`` 8x8 digits (X in [0, 1]) and labels, and where they came from.

    ``nn.data.load_digits`` when it exists; else random pixels in [0, 1] and random labels
    of the same shape, which build the same graph (a random draw, not a data set).
    """
    load = getattr(nn.data, "load_digits", None)
    if load is not None:
        X, y = load()
        return np.asarray(X)[:n_images], np.asarray(y)[:n_images], "nn.data.load_digits"
    rng = np.random.default_rng(seed)
    X = rng.uniform(0.0, 1.0, (n_images, DIGITS_FEATURES))
    return X, rng.integers(0, DIGITS_CLASSES, n_images), "random pixels (no load_digits)"


def digits_model(seed: int = 0) -> nn.MLP:
    """MLP(64, [32, 10]): relu hidden layer, ten logits."""
    return nn.MLP(DIGITS_FEATURES, DIGITS_SIZES, seed=seed)


def fit_digits(X: np.ndarray, y: np.ndarray, epochs: int, compiled: bool | None) -> list[float]:
    """Full-batch ``nn.fit`` of the digits model with cross entropy and Adam; the weights."""
    model = digits_model()
    optimizer = nn.optim.Adam(model.parameters(), lr=DIGITS_LR)
    nn.fit(
        model, X, y, "cross_entropy", optimizer, epochs=epochs, seed=0,
        progress=False, compiled=compiled,
    )  # fmt: skip
    return [p.data for p in model.parameters()]


class Compiling(NamedTuple):
    """What compiling one step's graph took: seconds, and the graph's size."""

    seconds: float
    nodes: int
    edges: int

    @property
    def seconds_per_edge(self) -> float:
        return self.seconds / self.edges


def compile_seconds(build: Callable[[], Any]) -> Compiling:
    """Time ``compile_graph`` (with its garbage) on the loss graph that ``build()`` returns."""
    loss = build()
    order = loss.topological_order()
    edges = sum(len(node.parents) for node in order)
    seconds = timed_call(lambda: compile_graph(loss))
    return Compiling(seconds, len(order), edges)


def moons_loss(n_points: int) -> Callable[[], Any]:
    """A builder of the demo step's loss graph (what full-batch ``fit`` compiles)."""
    X, y = moons(n_points)
    return lambda: library_loss(demo_model(), X, y)


def digits_loss(n_images: int) -> Callable[[], Any]:
    """A builder of the digits step's loss graph: cross entropy of MLP(64, [32, 10])."""
    X, y, _ = digits(n_images)
    rows, labels = X.tolist(), y.tolist()

    def build() -> Any:
        model = digits_model()
        return nn.cross_entropy([model(x) for x in rows], labels)

    return build
