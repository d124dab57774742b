"""train_test_split, as sklearn's."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .arguments import Seed, _common_length, _order, _test_count


def train_test_split(
    *arrays: ArrayLike,
    test_size: float = 0.25,
    shuffle: bool = True,
    random_state: Seed = None,
) -> list[NDArray[Any]]:
    """Split arrays of equal length into (a_train, a_test, b_train, b_test, ...), as sklearn.

    A float ``test_size`` in (0, 1) takes n_test = ceil(test_size · n) samples (sklearn's
    rule); an int takes exactly that many. At least one sample must be left on each side.
    Without ``shuffle`` the first n - n_test samples train and the rest test.
    """
    where = "train_test_split"
    if not arrays:
        raise ValueError(f"{where}: expected at least one array, got none")
    data = [np.asarray(array) for array in arrays]
    n_samples = _common_length(where, data)
    n_train = n_samples - _test_count(where, test_size, n_samples)
    order = _order(where, n_samples, shuffle, random_state, "random_state")
    train, test = order[:n_train], order[n_train:]
    return [part for array in data for part in (array[train], array[test])]
