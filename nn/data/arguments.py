"""nn.data's argument checks, the sample order of train_test_split and batches, and the
type aliases. Each check names the public function (``where``) and the offending value.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import NDArray

from ..checks import count, fits_in_memory, flag, generator, is_int, number, shown

Seed: TypeAlias = int | np.random.Generator | None
FloatArray: TypeAlias = NDArray[np.float64]
_TEMPORARIES = 4  # arrays alive at once while a data set is made (points, noise, a copy)
LabelArray: TypeAlias = NDArray[np.intp]


def _non_negative(where: str, name: str, value: object) -> float:
    return number(where, name, value, ">= 0")


def _noise(where: str, noise: object) -> float:
    """The noise standard deviation, None meaning 0."""
    return 0.0 if noise is None else _non_negative(where, "noise", noise)


def _rng(where: str, seed: object, name: str = "random_state") -> np.random.Generator:
    return generator(where, name, seed)


def _samples(where: str, name: str, value: object, floats_each: int) -> int:
    """A count of samples, refused at once when its arrays would not fit in memory."""
    n = count(where, name, value)
    fits_in_memory(where, n * floats_each, "numbers", 8 * _TEMPORARIES)
    return n


def _finite_points(where: str, points: FloatArray, cause: str) -> FloatArray:
    """``points`` if every coordinate is finite; else a ValueError blaming ``cause``."""
    if not np.all(np.isfinite(points)):
        raise ValueError(
            f"{where}: {cause} is too large: the points overflow a float (inf or nan); "
            "choose a smaller one"
        )
    return points


def _float_array(where: str, name: str, value: object) -> FloatArray:
    """``value`` as a float64 array of finite numbers."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(
            f"{where}: {name} must be an array of numbers, got {shown(value)}"
        ) from None
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{where}: {name} must be finite, got {shown(value)}")
    return array


def _two_class_sizes(where: str, n_samples: object) -> tuple[int, int]:
    """sklearn's split: an int n gives (n // 2, n - n // 2); a pair is taken as is."""
    if isinstance(n_samples, (tuple, list)):
        if len(n_samples) != 2:
            raise ValueError(
                f"{where}: n_samples must be an int or a pair (n_0, n_1), got {shown(n_samples)}"
            )
        return (
            _samples(where, "n_samples[0]", n_samples[0], 2),
            _samples(where, "n_samples[1]", n_samples[1], 2),
        )
    total = _samples(where, "n_samples", n_samples, 2)
    return total // 2, total - total // 2


def _center_box(where: str, center_box: object) -> tuple[float, float]:
    if not isinstance(center_box, (tuple, list)) or len(center_box) != 2:
        raise TypeError(f"{where}: center_box must be a pair (low, high), got {shown(center_box)}")
    low = number(where, "center_box[0]", center_box[0])
    high = number(where, "center_box[1]", center_box[1])
    if not low < high:
        raise ValueError(f"{where}: center_box needs low < high, got {shown(center_box)}")
    if not math.isfinite(high - low):
        raise ValueError(f"{where}: center_box is too wide: high - low overflows a float")
    return low, high


def _center_points(where: str, centers: object) -> FloatArray:
    points = _float_array(where, "centers", centers)
    if points.ndim != 2 or 0 in points.shape:
        raise ValueError(
            f"{where}: centers must be None, a positive int or an array of shape "
            f"(n_centers, n_features), got {shown(centers)}"
        )
    return points


def _cluster_stds(where: str, cluster_std: object, n_centers: int) -> FloatArray:
    if isinstance(cluster_std, numbers.Real):
        return np.full(n_centers, _non_negative(where, "cluster_std", cluster_std))
    stds = _float_array(where, "cluster_std", cluster_std)
    if stds.shape != (n_centers,):
        raise ValueError(
            f"{where}: cluster_std must be one number or one per center ({n_centers}), "
            f"got {shown(cluster_std)}"
        )
    if np.any(stds < 0.0):
        raise ValueError(f"{where}: cluster_std must be >= 0, got {shown(cluster_std)}")
    return stds


def _common_length(where: str, arrays: Sequence[NDArray[Any]]) -> int:
    """The number of samples (first-axis length) shared by all ``arrays``; at least 1."""
    if any(array.ndim == 0 for array in arrays):
        raise ValueError(f"{where}: every array needs a samples axis, got a 0-d array")
    lengths = [len(array) for array in arrays]
    if len(set(lengths)) > 1:
        raise ValueError(
            f"{where}: all arrays must have the same number of samples, got lengths {lengths}"
        )
    if lengths[0] == 0:
        raise ValueError(f"{where}: the arrays hold no samples")
    return lengths[0]


def _test_count(where: str, test_size: object, n_samples: int) -> int:
    """sklearn's rule: ceil(test_size · n) for a float, the int itself for an int."""
    if is_int(test_size):
        n_test = int(test_size)
    else:
        fraction = number(where, "test_size", test_size)
        if not 0.0 < fraction < 1.0:
            raise ValueError(
                f"{where}: a float test_size must be in (0, 1), got {shown(test_size)}"
            )
        n_test = math.ceil(fraction * n_samples)
    if not 1 <= n_test < n_samples:
        raise ValueError(
            f"{where}: test_size={shown(test_size)} gives {shown(n_test)} test samples out of "
            f"{n_samples}; both sides need at least one"
        )
    return n_test


def _order(
    where: str, n_samples: int, shuffle: object, seed: object, seed_name: str
) -> NDArray[np.intp]:
    """A random permutation of range(n_samples) with ``shuffle``, else range(n_samples).

    The seed is checked even without ``shuffle``, so a bad one never passes unnoticed.
    """
    rng = _rng(where, seed, seed_name)
    return rng.permutation(n_samples) if flag(where, "shuffle", shuffle) else np.arange(n_samples)
