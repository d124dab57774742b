"""Toy data sets, a train/test split and mini-batches, with scikit-learn's names.

Every generator returns numpy arrays ``X`` (float64, shape ``(n_samples, n_features)``) and
``y`` (shape ``(n_samples,)``): integer labels 0, 1, ... (``numpy.intp``, as sklearn) for the
classification sets, float64 targets for ``make_house_prices``.

``random_state`` (``seed`` in ``batches``) is one of:

* ``None``: fresh randomness on every call;
* an int >= 0: ``numpy.random.default_rng(random_state)``, so the same int gives the same data;
* a ``numpy.random.Generator``: used as is and advanced, so successive calls differ but the
  whole sequence is reproducible from the seed that made the Generator.

The geometry and argument rules are sklearn's, so ``sklearn.datasets`` can replace these
functions later; the random draws are not (sklearn uses the legacy ``RandomState``), so the
same int does not give sklearn's exact points.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterator, Sequence
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .checks import count, flag, is_int, number

__all__ = [
    "HOUSE_BIAS",
    "HOUSE_FEATURES",
    "HOUSE_WEIGHTS",
    "Seed",
    "batches",
    "make_blobs",
    "make_circles",
    "make_house_prices",
    "make_moons",
    "make_spirals",
    "make_xor",
    "train_test_split",
]

Seed: TypeAlias = int | np.random.Generator | None
FloatArray: TypeAlias = NDArray[np.float64]
LabelArray: TypeAlias = NDArray[np.intp]

HOUSE_FEATURES = ("size_m2", "location", "rooms")
"""Column order of ``X`` from ``make_house_prices``."""
HOUSE_WEIGHTS = (3.0, 20.0, 10.0)
"""Price (thousands) per m², per location point and per room, in ``HOUSE_FEATURES`` order."""
HOUSE_BIAS = 50.0
"""Price (thousands) of a house with every feature at zero."""

_SPIRAL_SWEEP = 4.0  # radians each spiral arm turns through (CS231n's value)


def make_moons(
    n_samples: int | tuple[int, int] = 100,
    *,
    shuffle: bool = True,
    noise: float | None = None,
    random_state: Seed = None,
) -> tuple[FloatArray, LabelArray]:
    """Two interleaving half circles, label 0 on top and label 1 below.

    label 0: (cos t, sin t),             t = linspace(0, π, n_0)
    label 1: (1 - cos t, 0.5 - sin t),   t = linspace(0, π, n_1)

    An int ``n_samples`` gives n_0 = n_samples // 2 and n_1 = n_samples - n_0 (label 1 gets
    the odd sample); a pair gives (n_0, n_1). ``noise`` is the standard deviation of the
    Gaussian noise added to every coordinate (None: none).
    """
    where = "make_moons"
    n_0, n_1 = _two_class_sizes(where, n_samples)
    t_0 = np.linspace(0.0, np.pi, n_0)
    t_1 = np.linspace(0.0, np.pi, n_1)
    upper = np.column_stack([np.cos(t_0), np.sin(t_0)])
    lower = np.column_stack([1.0 - np.cos(t_1), 1.0 - np.sin(t_1) - 0.5])
    return _two_classes(where, upper, lower, shuffle, noise, random_state)


def make_circles(
    n_samples: int | tuple[int, int] = 100,
    *,
    shuffle: bool = True,
    noise: float | None = None,
    random_state: Seed = None,
    factor: float = 0.8,
) -> tuple[FloatArray, LabelArray]:
    """A circle of radius 1 (label 0) around a circle of radius ``factor`` (label 1).

    label 0: (cos t, sin t),                    t = linspace(0, 2π, n_0, endpoint=False)
    label 1: factor · (cos t, sin t),           t = linspace(0, 2π, n_1, endpoint=False)

    ``factor`` must be in [0, 1). ``n_samples`` and ``noise`` work as in ``make_moons``.
    """
    where = "make_circles"
    n_0, n_1 = _two_class_sizes(where, n_samples)
    factor = number(where, "factor", factor)
    if not 0.0 <= factor < 1.0:
        raise ValueError(f"{where}: factor must be in [0, 1), got {factor!r}")
    t_0 = np.linspace(0.0, 2.0 * np.pi, n_0, endpoint=False)
    t_1 = np.linspace(0.0, 2.0 * np.pi, n_1, endpoint=False)
    outer = np.column_stack([np.cos(t_0), np.sin(t_0)])
    inner = factor * np.column_stack([np.cos(t_1), np.sin(t_1)])
    return _two_classes(where, outer, inner, shuffle, noise, random_state)


def make_blobs(
    n_samples: int = 100,
    n_features: int = 2,
    *,
    centers: int | ArrayLike | None = None,
    cluster_std: float | ArrayLike = 1.0,
    center_box: tuple[float, float] = (-10.0, 10.0),
    shuffle: bool = True,
    random_state: Seed = None,
) -> tuple[FloatArray, LabelArray]:
    """Isotropic Gaussian blobs: x ~ N(centers[k], cluster_std[k]² I) for a point of label k.

    ``centers``: None (3 centers) or an int (that many), drawn uniformly in ``center_box``
    per coordinate; or an array of shape (n_centers, n_features), in which case its width
    overrides ``n_features`` (as in sklearn). ``cluster_std`` is one standard deviation or one
    per center. The samples are split evenly, the first n_samples % n_centers centers getting
    one more.
    """
    where = "make_blobs"
    n_samples = count(where, "n_samples", n_samples)
    n_features = count(where, "n_features", n_features)
    low, high = _center_box(where, center_box)
    shuffle = flag(where, "shuffle", shuffle)
    if centers is None or is_int(centers):
        n_centers = 3 if centers is None else count(where, "centers", centers)
        given_centers = None
    else:
        given_centers = _center_points(where, centers)
        n_centers, n_features = given_centers.shape
    stds = _cluster_stds(where, cluster_std, n_centers)
    rng = _rng(where, random_state)  # drawn from only once every argument is checked
    if given_centers is None:
        center_points = rng.uniform(low, high, size=(n_centers, n_features))
    else:
        center_points = given_centers
    sizes = _even_split(n_samples, n_centers)
    points = np.concatenate(
        [
            rng.normal(center, std, size=(size, n_features))
            for center, std, size in zip(center_points, stds, sizes)
        ]
    )
    labels = np.repeat(np.arange(n_centers, dtype=np.intp), sizes)
    return _shuffled(points, labels, rng) if shuffle else (points, labels)


def make_spirals(
    n_samples: int = 100,
    *,
    n_classes: int = 2,
    noise: float | None = None,
    random_state: Seed = None,
) -> tuple[FloatArray, LabelArray]:
    """Interleaved spiral arms, one per class (the CS231n spiral), ordered by class.

    arm k: (r sin θ, r cos θ),  r = linspace(0, 1, n_k),  θ = linspace(4k, 4k + 4, n_k) + ε

    with ε ~ N(0, noise²) per point (CS231n uses noise=0.2): the noise moves points along
    their circle, so every point stays in the unit disk. The samples are split evenly, the
    first n_samples % n_classes arms getting one more.
    """
    where = "make_spirals"
    n_samples = count(where, "n_samples", n_samples)
    n_classes = count(where, "n_classes", n_classes)
    std = _noise(where, noise)
    rng = _rng(where, random_state)
    sizes = _even_split(n_samples, n_classes)
    arms = []
    for label, size in enumerate(sizes):
        radius = np.linspace(0.0, 1.0, size)
        start = _SPIRAL_SWEEP * label
        angle = _jitter(np.linspace(start, start + _SPIRAL_SWEEP, size), std, rng)
        arms.append(np.column_stack([radius * np.sin(angle), radius * np.cos(angle)]))
    return np.concatenate(arms), np.repeat(np.arange(n_classes, dtype=np.intp), sizes)


def make_xor(
    n_samples: int = 100,
    *,
    noise: float | None = None,
    random_state: Seed = None,
) -> tuple[FloatArray, LabelArray]:
    """Points uniform in [-1, 1]², label 1 where x1 · x2 < 0 (the signs differ), else 0.

    The labels come from the clean points; Gaussian noise of standard deviation ``noise``
    is then added to every coordinate, so noisy points may cross an axis or leave the square.
    """
    where = "make_xor"
    n_samples = count(where, "n_samples", n_samples)
    std = _noise(where, noise)
    rng = _rng(where, random_state)
    points = rng.uniform(-1.0, 1.0, size=(n_samples, 2))
    y = (points[:, 0] * points[:, 1] < 0.0).astype(np.intp)
    return _jitter(points, std, rng), y


def make_house_prices(
    n_samples: int = 100,
    *,
    noise: float | None = 10.0,
    random_state: Seed = None,
) -> tuple[FloatArray, FloatArray]:
    """A toy regression set: house prices (thousands) from three features.

    Columns of X (``HOUSE_FEATURES``): size_m2 ~ U(40, 200), location ~ U(0, 10) (a score),
    rooms uniform on the integers 1..6 (stored as floats). The target is

        price = 50 + 3 · size_m2 + 20 · location + 10 · rooms + ε,   ε ~ N(0, noise²)

    (``HOUSE_BIAS`` and ``HOUSE_WEIGHTS``; noise=None means none), so a linear model can
    recover the formula. The columns have very different scales: a lesson in feature scaling
    for gradient descent.
    """
    where = "make_house_prices"
    n_samples = count(where, "n_samples", n_samples)
    std = _noise(where, noise)
    rng = _rng(where, random_state)
    size_m2 = rng.uniform(40.0, 200.0, size=n_samples)
    location = rng.uniform(0.0, 10.0, size=n_samples)
    rooms = rng.integers(1, 6, endpoint=True, size=n_samples).astype(np.float64)
    features = np.column_stack([size_m2, location, rooms])
    price = HOUSE_BIAS + features @ np.array(HOUSE_WEIGHTS)
    return features, _jitter(price, std, rng)


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


# Helpers: each check names the public function (``where``) and the offending value.


def _non_negative(where: str, name: str, value: object) -> float:
    return number(where, name, value, ">= 0")


def _noise(where: str, noise: object) -> float:
    """The noise standard deviation, None meaning 0."""
    return 0.0 if noise is None else _non_negative(where, "noise", noise)


def _rng(where: str, seed: object, name: str = "random_state") -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    if not is_int(seed):
        raise TypeError(
            f"{where}: {name} must be None, an int or a numpy.random.Generator, got {seed!r}"
        )
    if int(seed) < 0:
        raise ValueError(f"{where}: {name} must be a non-negative int, got {seed!r}")
    return np.random.default_rng(int(seed))


def _float_array(where: str, name: str, value: object) -> FloatArray:
    """``value`` as a float64 array of finite numbers."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{where}: {name} must be an array of numbers, got {value!r}") from None
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{where}: {name} must be finite, got {value!r}")
    return array


def _jitter(values: FloatArray, std: float, rng: np.random.Generator) -> FloatArray:
    """values + N(0, std²) noise, or values unchanged when std is 0."""
    return values + rng.normal(0.0, std, size=values.shape) if std > 0.0 else values


def _shuffled(
    points: FloatArray, labels: LabelArray, rng: np.random.Generator
) -> tuple[FloatArray, LabelArray]:
    permutation = rng.permutation(len(labels))
    return points[permutation], labels[permutation]


def _two_class_sizes(where: str, n_samples: object) -> tuple[int, int]:
    """sklearn's split: an int n gives (n // 2, n - n // 2); a pair is taken as is."""
    if isinstance(n_samples, (tuple, list)):
        if len(n_samples) != 2:
            raise ValueError(
                f"{where}: n_samples must be an int or a pair (n_0, n_1), got {n_samples!r}"
            )
        return (
            count(where, "n_samples[0]", n_samples[0]),
            count(where, "n_samples[1]", n_samples[1]),
        )
    total = count(where, "n_samples", n_samples)
    return total // 2, total - total // 2


def _two_classes(
    where: str,
    points_0: FloatArray,
    points_1: FloatArray,
    shuffle: object,
    noise: object,
    random_state: object,
) -> tuple[FloatArray, LabelArray]:
    """Stack two classes (labels 0 then 1), then shuffle and add noise as sklearn does."""
    shuffle = flag(where, "shuffle", shuffle)
    std = _noise(where, noise)
    rng = _rng(where, random_state)
    points = np.concatenate([points_0, points_1])
    labels = np.repeat(np.array([0, 1], dtype=np.intp), [len(points_0), len(points_1)])
    if shuffle:
        points, labels = _shuffled(points, labels, rng)
    return _jitter(points, std, rng), labels


def _even_split(n_samples: int, n_parts: int) -> list[int]:
    """n_samples // n_parts each, one more for the first n_samples % n_parts (sklearn's)."""
    quotient, remainder = divmod(n_samples, n_parts)
    return [quotient + (part < remainder) for part in range(n_parts)]


def _center_box(where: str, center_box: object) -> tuple[float, float]:
    if not isinstance(center_box, (tuple, list)) or len(center_box) != 2:
        raise TypeError(f"{where}: center_box must be a pair (low, high), got {center_box!r}")
    low = number(where, "center_box[0]", center_box[0])
    high = number(where, "center_box[1]", center_box[1])
    if not low < high:
        raise ValueError(f"{where}: center_box needs low < high, got {center_box!r}")
    return low, high


def _center_points(where: str, centers: object) -> FloatArray:
    points = _float_array(where, "centers", centers)
    if points.ndim != 2 or 0 in points.shape:
        raise ValueError(
            f"{where}: centers must be None, a positive int or an array of shape "
            f"(n_centers, n_features), got {centers!r}"
        )
    return points


def _cluster_stds(where: str, cluster_std: object, n_centers: int) -> FloatArray:
    if isinstance(cluster_std, numbers.Real):
        return np.full(n_centers, _non_negative(where, "cluster_std", cluster_std))
    stds = _float_array(where, "cluster_std", cluster_std)
    if stds.shape != (n_centers,):
        raise ValueError(
            f"{where}: cluster_std must be one number or one per center ({n_centers}), "
            f"got {cluster_std!r}"
        )
    if np.any(stds < 0.0):
        raise ValueError(f"{where}: cluster_std must be >= 0, got {cluster_std!r}")
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
            raise ValueError(f"{where}: a float test_size must be in (0, 1), got {test_size!r}")
        n_test = math.ceil(fraction * n_samples)
    if not 1 <= n_test < n_samples:
        raise ValueError(
            f"{where}: test_size={test_size!r} gives {n_test} test samples out of "
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
