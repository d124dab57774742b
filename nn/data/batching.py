"""batches: one epoch of the data in (X_batch, y_batch) pairs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..checks import count
from .arguments import Seed, _common_length, _order


def batches(
    X: ArrayLike,
    y: ArrayLike,
    batch_size: int | None,
    shuffle: bool = True,
    seed: Seed = None,
) -> Iterator[tuple[NDArray[Any], NDArray[Any]]]:
    """Yield (X_batch, y_batch) pairs that cover every sample exactly once (one epoch).

    ``batch_size``: None or >= len(X) gives one batch of everything (batch gradient descent),
    1 gives single samples (SGD), anything between gives mini-batches, the last one smaller
    when len(X) is not a multiple. The arguments are checked and the order drawn when
    ``batches`` is called, not when iteration starts. An int ``seed`` gives the same order
    on every call; for a new order each epoch that is still reproducible, pass one
    ``numpy.random.Generator`` to every call.
    """
    where = "batches"
    inputs, targets = np.asarray(X), np.asarray(y)
    n_samples = _common_length(where, [inputs, targets])
    size = n_samples if batch_size is None else count(where, "batch_size", batch_size)
    order = _order(where, n_samples, shuffle, seed, "seed")
    chunks = [order[start : start + size] for start in range(0, n_samples, size)]
    return ((inputs[chunk], targets[chunk]) for chunk in chunks)
