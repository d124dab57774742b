"""The toy data sets: make_moons, make_circles, make_blobs, make_spirals, make_xor and
make_house_prices."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ..checks import count, fits_in_memory, flag, is_int, number, shown
from .arguments import (
    FloatArray,
    LabelArray,
    Seed,
    _center_box,
    _center_points,
    _cluster_stds,
    _finite_points,
    _noise,
    _rng,
    _samples,
    _two_class_sizes,
)

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
    n_features = count(where, "n_features", n_features)
    n_samples = _samples(where, "n_samples", n_samples, n_features)
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
        fits_in_memory(where, n_centers * n_features, "center coordinates", 8)
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
    _finite_points(where, points, f"cluster_std={shown(cluster_std)}")
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
    n_samples = _samples(where, "n_samples", n_samples, 2)
    n_classes = count(where, "n_classes", n_classes)
    std = _noise(where, noise)
    rng = _rng(where, random_state)
    sizes = _even_split(n_samples, n_classes)
    arms = []
    for label, size in enumerate(sizes):
        radius = np.linspace(0.0, 1.0, size)
        start = _SPIRAL_SWEEP * label
        angle = _jitter(where, np.linspace(start, start + _SPIRAL_SWEEP, size), std, rng)
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
    n_samples = _samples(where, "n_samples", n_samples, 2)
    std = _noise(where, noise)
    rng = _rng(where, random_state)
    points = rng.uniform(-1.0, 1.0, size=(n_samples, 2))
    y = (points[:, 0] * points[:, 1] < 0.0).astype(np.intp)
    return _jitter(where, points, std, rng), y


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
    n_samples = _samples(where, "n_samples", n_samples, 4)
    std = _noise(where, noise)
    rng = _rng(where, random_state)
    size_m2 = rng.uniform(40.0, 200.0, size=n_samples)
    location = rng.uniform(0.0, 10.0, size=n_samples)
    rooms = rng.integers(1, 6, endpoint=True, size=n_samples).astype(np.float64)
    features = np.column_stack([size_m2, location, rooms])
    price = HOUSE_BIAS + features @ np.array(HOUSE_WEIGHTS)
    return features, _jitter(where, price, std, rng)


def _jitter(where: str, values: FloatArray, std: float, rng: np.random.Generator) -> FloatArray:
    """values + N(0, std²) noise, or values unchanged when std is 0; a noise so large that
    a value overflows is a ValueError naming ``where``."""
    if std == 0.0:
        return values
    return _finite_points(where, values + rng.normal(0.0, std, size=values.shape), f"noise={std!r}")


def _shuffled(
    points: FloatArray, labels: LabelArray, rng: np.random.Generator
) -> tuple[FloatArray, LabelArray]:
    permutation = rng.permutation(len(labels))
    return points[permutation], labels[permutation]


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
    return _jitter(where, points, std, rng), labels


def _even_split(n_samples: int, n_parts: int) -> list[int]:
    """n_samples // n_parts each, one more for the first n_samples % n_parts (sklearn's)."""
    quotient, remainder = divmod(n_samples, n_parts)
    return [quotient + (part < remainder) for part in range(n_parts)]
