"""Tests for nn.data: the toy data sets, train_test_split and batches."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nn import data
from nn.data import (
    batches,
    make_blobs,
    make_circles,
    make_house_prices,
    make_moons,
    make_spirals,
    make_xor,
    train_test_split,
)

# (generator, keyword arguments that make its output random, number of features)
GENERATORS: list[tuple[Callable[..., Any], dict[str, Any], int]] = [
    (make_moons, {"noise": 0.1}, 2),
    (make_circles, {"noise": 0.1}, 2),
    (make_blobs, {}, 2),
    (make_blobs, {"n_features": 5, "centers": 4}, 5),
    (make_spirals, {"noise": 0.2, "n_classes": 3}, 2),
    (make_xor, {"noise": 0.1}, 2),
    (make_house_prices, {}, 3),
]
GENERATOR_IDS = [f"{g.__name__}-{i}" for i, (g, _, _) in enumerate(GENERATORS)]


# --- every generator ---------------------------------------------------------------------


@pytest.mark.parametrize(("generate", "kwargs", "n_features"), GENERATORS, ids=GENERATOR_IDS)
def test_shapes_and_dtypes(generate: Callable[..., Any], kwargs: dict, n_features: int) -> None:
    x, y = generate(101, random_state=0, **kwargs)
    assert isinstance(x, np.ndarray) and isinstance(y, np.ndarray)
    assert x.shape == (101, n_features) and x.dtype == np.float64
    assert y.shape == (101,)
    expected = np.float64 if generate is make_house_prices else np.intp
    assert y.dtype == expected
    assert np.all(np.isfinite(x)) and np.all(np.isfinite(y))


@pytest.mark.parametrize(("generate", "kwargs", "n_features"), GENERATORS, ids=GENERATOR_IDS)
def test_same_int_seed_same_data_other_seed_other_data(
    generate: Callable[..., Any], kwargs: dict, n_features: int
) -> None:
    x1, y1 = generate(50, random_state=3, **kwargs)
    x2, y2 = generate(50, random_state=3, **kwargs)
    x3, _ = generate(50, random_state=4, **kwargs)
    np.testing.assert_array_equal(x1, x2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(x1, x3)


@pytest.mark.parametrize(("generate", "kwargs", "n_features"), GENERATORS, ids=GENERATOR_IDS)
def test_a_generator_is_used_and_advanced(
    generate: Callable[..., Any], kwargs: dict, n_features: int
) -> None:
    rng = np.random.default_rng(7)
    first, _ = generate(30, random_state=rng, **kwargs)
    second, _ = generate(30, random_state=rng, **kwargs)
    from_int, _ = generate(30, random_state=7, **kwargs)
    np.testing.assert_array_equal(first, from_int)  # an int n means default_rng(n)
    assert not np.array_equal(first, second)


@pytest.mark.parametrize(("generate", "kwargs", "n_features"), GENERATORS, ids=GENERATOR_IDS)
def test_random_state_none_gives_fresh_data(
    generate: Callable[..., Any], kwargs: dict, n_features: int
) -> None:
    x1, _ = generate(50, **kwargs)
    x2, _ = generate(50, **kwargs)
    assert not np.array_equal(x1, x2)


@pytest.mark.parametrize(
    ("generate", "kwargs", "labels"),
    [
        (make_moons, {}, [0, 1]),
        (make_circles, {}, [0, 1]),
        (make_blobs, {}, [0, 1, 2]),
        (make_blobs, {"centers": 5}, [0, 1, 2, 3, 4]),
        (make_spirals, {}, [0, 1]),
        (make_spirals, {"n_classes": 4}, [0, 1, 2, 3]),
        (make_xor, {}, [0, 1]),
    ],
)
def test_label_sets(generate: Callable[..., Any], kwargs: dict, labels: list[int]) -> None:
    _, y = generate(200, random_state=1, **kwargs)
    assert sorted(set(y.tolist())) == labels


@pytest.mark.parametrize(
    ("generate", "kwargs", "counts"),
    [
        (make_moons, {}, [3, 4]),  # sklearn: n // 2 for label 0, the odd one to label 1
        (make_circles, {}, [3, 4]),
        (make_moons, {"shuffle": False}, [3, 4]),
        (make_blobs, {"centers": 3}, [3, 2, 2]),  # sklearn: the first n % k get one more
        (make_spirals, {"n_classes": 3}, [3, 2, 2]),
    ],
)
def test_class_sizes_follow_sklearns_split(
    generate: Callable[..., Any], kwargs: dict, counts: list[int]
) -> None:
    _, y = generate(7, random_state=0, **kwargs)
    assert np.bincount(y).tolist() == counts


@pytest.mark.parametrize("generate", [make_moons, make_circles])
def test_a_pair_n_samples_gives_the_class_sizes(generate: Callable[..., Any]) -> None:
    x, y = generate((5, 12), random_state=0)
    assert x.shape == (17, 2)
    assert np.bincount(y).tolist() == [5, 12]


@pytest.mark.parametrize("generate", [make_moons, make_circles, make_blobs])
def test_shuffle_false_keeps_classes_in_order(generate: Callable[..., Any]) -> None:
    _, y = generate(60, shuffle=False, random_state=0)
    assert np.all(np.diff(y) >= 0)
    _, y_shuffled = generate(60, random_state=0)
    assert np.any(np.diff(y_shuffled) < 0)


# --- make_moons ---------------------------------------------------------------------------


def test_moons_noiseless_points_lie_on_their_half_circles() -> None:
    x, y = make_moons(101, random_state=0)
    upper, lower = x[y == 0], x[y == 1]
    np.testing.assert_allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1.0, lower[:, 1] - 0.5), 1.0)
    assert np.all(upper[:, 1] >= 0.0) and np.all(lower[:, 1] <= 0.5)


def test_moons_match_sklearns_formula_exactly() -> None:
    x, y = make_moons(7, shuffle=False)
    t_0, t_1 = np.linspace(0, np.pi, 3), np.linspace(0, np.pi, 4)
    expected = np.vstack(
        [
            np.append(np.cos(t_0), 1 - np.cos(t_1)),
            np.append(np.sin(t_0), 1 - np.sin(t_1) - 0.5),
        ]
    ).T
    np.testing.assert_array_equal(x, expected)
    np.testing.assert_array_equal(y, [0, 0, 0, 1, 1, 1, 1])


@pytest.mark.parametrize("noise", [None, 0.0])
def test_moons_no_noise_means_the_exact_points(noise: float | None) -> None:
    x, _ = make_moons(40, shuffle=False, noise=noise, random_state=0)
    exact, _ = make_moons(40, shuffle=False)
    np.testing.assert_array_equal(x, exact)


def test_moons_noise_is_gaussian_with_that_std() -> None:
    exact, _ = make_moons(4000, shuffle=False)
    noisy, _ = make_moons(4000, shuffle=False, noise=0.3, random_state=0)
    offsets = noisy - exact
    assert abs(offsets.mean()) < 0.02
    assert offsets.std() == pytest.approx(0.3, rel=0.05)


# --- make_circles -------------------------------------------------------------------------


@pytest.mark.parametrize("factor", [0.0, 0.3, 0.8, 0.99])
def test_circles_noiseless_radii_are_one_and_factor(factor: float) -> None:
    x, y = make_circles(99, factor=factor, random_state=0)
    radii = np.hypot(x[:, 0], x[:, 1])
    np.testing.assert_allclose(radii[y == 0], 1.0)
    np.testing.assert_allclose(radii[y == 1], factor, atol=1e-15)


def test_circles_angles_are_evenly_spaced_without_repeating_the_start() -> None:
    x, y = make_circles(20, shuffle=False)
    outer = x[y == 0]
    angles = np.arctan2(outer[:, 1], outer[:, 0]) % (2 * np.pi)
    np.testing.assert_allclose(angles, np.arange(10) * 2 * np.pi / 10, atol=1e-12)


# --- make_blobs ---------------------------------------------------------------------------


def test_blobs_with_zero_std_sit_on_their_given_centers() -> None:
    centers = np.array([[0.0, 0.0, 1.0], [5.0, -2.0, 3.0]])
    x, y = make_blobs(10, centers=centers, cluster_std=0.0, random_state=0)
    assert x.shape == (10, 3)  # the centers' width wins over n_features, as in sklearn
    np.testing.assert_array_equal(x, centers[y])


def test_blobs_random_centers_lie_in_center_box() -> None:
    x, y = make_blobs(300, 4, centers=6, cluster_std=0.0, center_box=(2.0, 3.0), random_state=0)
    assert np.all((x >= 2.0) & (x <= 3.0))
    assert len(np.unique(x, axis=0)) == 6
    for label in range(6):
        assert len(np.unique(x[y == label], axis=0)) == 1


def test_blobs_cluster_std_per_center() -> None:
    centers = [[0.0, 0.0], [10.0, 10.0]]
    x, y = make_blobs(4000, centers=centers, cluster_std=[0.0, 2.0], random_state=0)
    np.testing.assert_array_equal(x[y == 0], 0.0)
    assert x[y == 1].std(axis=0) == pytest.approx([2.0, 2.0], rel=0.08)
    assert x[y == 1].mean(axis=0) == pytest.approx([10.0, 10.0], abs=0.15)


def test_blobs_default_std_is_one() -> None:
    x, _ = make_blobs(6000, centers=[[1.0, -1.0]], random_state=0)
    assert x.std(axis=0) == pytest.approx([1.0, 1.0], rel=0.05)


# --- make_spirals -------------------------------------------------------------------------


def test_spirals_noiseless_follow_the_cs231n_formula() -> None:
    x, y = make_spirals(30, n_classes=3)
    for k in range(3):
        r = np.linspace(0.0, 1.0, 10)
        t = np.linspace(4.0 * k, 4.0 * (k + 1), 10)
        np.testing.assert_allclose(x[y == k], np.c_[r * np.sin(t), r * np.cos(t)])
    np.testing.assert_array_equal(y, np.repeat([0, 1, 2], 10))


def test_spirals_noise_moves_points_along_their_circle() -> None:
    x, _ = make_spirals(200, n_classes=2, noise=0.5, random_state=0)
    exact, _ = make_spirals(200, n_classes=2)
    np.testing.assert_allclose(np.hypot(*x.T), np.hypot(*exact.T), atol=1e-12)
    assert not np.allclose(x, exact)
    assert np.all(np.abs(x) <= 1.0)


# --- make_xor -----------------------------------------------------------------------------


def test_xor_labels_are_the_sign_xor_in_the_square() -> None:
    x, y = make_xor(2000, random_state=0)
    assert np.all(np.abs(x) <= 1.0)
    np.testing.assert_array_equal(y, (np.sign(x[:, 0]) != np.sign(x[:, 1])).astype(int))
    assert 0.45 < y.mean() < 0.55
    quadrants = np.bincount(2 * (x[:, 0] > 0) + (x[:, 1] > 0))
    assert np.all(quadrants > 400)


def test_xor_noise_blurs_points_but_labels_come_from_the_clean_ones() -> None:
    clean, y_clean = make_xor(500, random_state=0)
    noisy, y_noisy = make_xor(500, noise=0.2, random_state=0)
    np.testing.assert_array_equal(y_noisy, y_clean)
    assert (noisy - clean).std() == pytest.approx(0.2, rel=0.1)


# --- make_house_prices --------------------------------------------------------------------


def test_house_features_ranges_and_order() -> None:
    assert data.HOUSE_FEATURES == ("size_m2", "location", "rooms")
    x, _ = make_house_prices(1000, random_state=0)
    size, location, rooms = x.T
    assert size.min() >= 40.0 and size.max() <= 200.0 and size.max() - size.min() > 150.0
    assert location.min() >= 0.0 and location.max() <= 10.0
    assert set(rooms.tolist()) == {1.0, 2.0, 3.0, 4.0, 5.0, 6.0}


def test_house_formula_is_recovered_by_least_squares_without_noise() -> None:
    x, y = make_house_prices(50, noise=0.0, random_state=0)
    design = np.column_stack([np.ones(len(x)), x])
    coefficients, *_ = np.linalg.lstsq(design, y, rcond=None)
    np.testing.assert_allclose(coefficients, [50.0, 3.0, 20.0, 10.0], rtol=1e-9)  # docstring
    np.testing.assert_allclose(coefficients, [data.HOUSE_BIAS, *data.HOUSE_WEIGHTS], rtol=1e-9)


def test_house_noise_is_the_residual_std() -> None:
    x, y = make_house_prices(4000, random_state=0)  # noise=10.0 by default
    residuals = y - (data.HOUSE_BIAS + x @ np.array(data.HOUSE_WEIGHTS))
    assert residuals.std() == pytest.approx(10.0, rel=0.05)
    assert abs(residuals.mean()) < 0.5


# --- train_test_split ---------------------------------------------------------------------


def _paired(n: int) -> tuple[np.ndarray, np.ndarray]:
    """X whose rows carry their own index, and y = that index: pairs stay checkable."""
    index = np.arange(n)
    return np.column_stack([index, -index]).astype(float), index


@pytest.mark.parametrize(
    ("n", "test_size", "n_test"),
    [(10, 0.25, 3), (100, 0.25, 25), (10, 0.5, 5), (7, 0.1, 1), (10, 4, 4), (10, 9, 9)],
)
def test_split_sizes_follow_sklearns_rounding(n: int, test_size: float, n_test: int) -> None:
    x, y = _paired(n)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=test_size, random_state=0)
    assert (len(x_train), len(x_test), len(y_train), len(y_test)) == (
        n - n_test,
        n_test,
        n - n_test,
        n_test,
    )


@given(n=st.integers(2, 300), fraction=st.floats(0.01, 0.99))
def test_split_size_is_ceil_of_fraction(n: int, fraction: float) -> None:
    n_test = math.ceil(fraction * n)
    x, y = _paired(n)
    if n_test >= n:
        with pytest.raises(ValueError, match="train_test_split"):
            train_test_split(x, y, test_size=fraction)
        return
    _, x_test, _, _ = train_test_split(x, y, test_size=fraction, random_state=0)
    assert len(x_test) == n_test


def test_split_is_disjoint_complete_and_keeps_pairs() -> None:
    x, y = _paired(40)
    x_train, x_test, y_train, y_test = train_test_split(x, y, random_state=0)
    np.testing.assert_array_equal(x_train[:, 0], y_train)
    np.testing.assert_array_equal(x_test[:, 0], y_test)
    assert not set(y_train.tolist()) & set(y_test.tolist())
    assert sorted([*y_train.tolist(), *y_test.tolist()]) == list(range(40))
    assert not np.array_equal(y_train, np.sort(y_train))  # shuffled by default


def test_split_is_reproducible_with_a_seed() -> None:
    x, y = _paired(40)
    first = train_test_split(x, y, random_state=5)
    again = train_test_split(x, y, random_state=5)
    other = train_test_split(x, y, random_state=6)
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[3], other[3])


def test_split_without_shuffle_takes_the_tail_as_test() -> None:
    x, y = _paired(10)
    _, _, y_train, y_test = train_test_split(x, y, test_size=3, shuffle=False)
    np.testing.assert_array_equal(y_train, np.arange(7))
    np.testing.assert_array_equal(y_test, [7, 8, 9])


def test_split_takes_any_number_of_arrays_and_returns_numpy() -> None:
    x, y = _paired(8)
    weights = [float(i) for i in range(8)]
    parts = train_test_split(x, y, weights, test_size=2, random_state=0)
    assert len(parts) == 6
    assert all(isinstance(part, np.ndarray) for part in parts)
    np.testing.assert_array_equal(parts[4], parts[2])  # weights_train follows y_train
    np.testing.assert_array_equal(train_test_split(y, test_size=2, random_state=0)[1], parts[3])


# --- batches ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("batch_size", "sizes"),
    [
        (None, [20]),  # batch gradient descent
        (1, [1] * 20),  # stochastic gradient descent
        (7, [7, 7, 6]),  # mini-batches, the last one smaller
        (20, [20]),
        (25, [20]),
    ],
)
def test_batches_cover_every_sample_exactly_once(batch_size: int | None, sizes: list[int]) -> None:
    x, y = _paired(20)
    pairs = list(batches(x, y, batch_size, seed=0))
    assert [len(y_batch) for _, y_batch in pairs] == sizes
    for x_batch, y_batch in pairs:
        np.testing.assert_array_equal(x_batch[:, 0], y_batch)
    seen = np.concatenate([y_batch for _, y_batch in pairs])
    assert sorted(seen.tolist()) == list(range(20))


@given(n=st.integers(1, 60), batch_size=st.integers(1, 70), shuffle=st.booleans())
def test_batches_partition_any_data(n: int, batch_size: int, shuffle: bool) -> None:
    x, y = _paired(n)
    pairs = list(batches(x, y, batch_size, shuffle=shuffle, seed=1))
    assert len(pairs) == math.ceil(n / batch_size)
    assert all(len(y_batch) == min(batch_size, n) for _, y_batch in pairs[:-1])
    seen = np.concatenate([y_batch for _, y_batch in pairs])
    assert sorted(seen.tolist()) == list(range(n))
    if not shuffle:
        np.testing.assert_array_equal(seen, np.arange(n))


def test_batches_shuffle_reproducibly_with_a_seed() -> None:
    x, y = _paired(30)

    def order(**kwargs: Any) -> list[int]:
        return np.concatenate([b for _, b in batches(x, y, 4, **kwargs)]).tolist()

    assert order(seed=3) == order(seed=3)
    assert order(seed=3) != order(seed=4)
    assert order(seed=3) != list(range(30))
    assert order(shuffle=False) == list(range(30))
    assert order() != order()  # seed=None: fresh each call


def test_batches_with_one_generator_change_order_every_epoch_reproducibly() -> None:
    x, y = _paired(30)

    def epochs(rng: np.random.Generator) -> list[list[int]]:
        return [np.concatenate([b for _, b in batches(x, y, 8, seed=rng)]).tolist() for _ in "ab"]

    first, second = epochs(np.random.default_rng(0))
    assert first != second
    assert epochs(np.random.default_rng(0)) == [first, second]


def test_batches_check_arguments_when_called_not_when_iterated() -> None:
    x, y = _paired(5)
    with pytest.raises(ValueError, match="batch_size"):
        batches(x, y, 0)  # never iterated


def test_batches_accept_lists_and_object_arrays() -> None:
    x = [[0.0], [1.0], [2.0]]
    y = ["a", "b", "c"]
    pairs = list(batches(x, y, 2, shuffle=False))
    np.testing.assert_array_equal(pairs[0][0], [[0.0], [1.0]])
    assert pairs[1][1].tolist() == ["c"]


# --- bad input ----------------------------------------------------------------------------

_POINTS, _TARGETS = _paired(10)

BAD_CALLS: list[tuple[Callable[..., Any], tuple, dict[str, Any], type[Exception], str]] = [
    # n_samples
    *[
        (g, (n,), {}, error, f"{g.__name__}: n_samples must be a positive integer, got {n!r}")
        for g in (make_moons, make_circles, make_blobs, make_spirals, make_xor, make_house_prices)
        for n, error in [(0, ValueError), (-3, ValueError), (2.5, TypeError), (True, TypeError)]
    ],
    (make_moons, ("100",), {}, TypeError, "make_moons: n_samples must be a positive integer"),
    (make_moons, ((1, 2, 3),), {}, ValueError, "make_moons: n_samples must be an int or a pair"),
    (make_circles, ((5, 0),), {}, ValueError, r"make_circles: n_samples\[1\] must be a positive"),
    (make_moons, ((5.0, 5),), {}, TypeError, r"make_moons: n_samples\[0\] must be a positive"),
    # noise
    *[
        (g, (), {"noise": noise}, error, f"{g.__name__}: noise must be")
        for g in (make_moons, make_circles, make_spirals, make_xor, make_house_prices)
        for noise, error in [(-0.1, ValueError), (float("nan"), ValueError), ("0.1", TypeError)]
    ],
    (make_xor, (), {"noise": -0.5}, ValueError, r"make_xor: noise must be >= 0.*got -0\.5"),
    # random_state
    *[
        (g, (), {"random_state": seed}, error, f"{g.__name__}: random_state must be")
        for g in (make_moons, make_circles, make_blobs, make_spirals, make_xor, make_house_prices)
        for seed, error in [
            (-1, ValueError),
            (1.5, TypeError),
            ("0", TypeError),
            (np.random.RandomState(0), TypeError),
        ]
    ],
    # shuffle
    *[
        (g, (), {"shuffle": "yes"}, TypeError, f"{g.__name__}: shuffle must be True or False")
        for g in (make_moons, make_circles, make_blobs)
    ],
    # make_circles factor
    (make_circles, (), {"factor": 1.0}, ValueError, r"make_circles: factor must be in \[0, 1\)"),
    (make_circles, (), {"factor": -0.1}, ValueError, "make_circles: factor must be in"),
    (make_circles, (), {"factor": 1.5}, ValueError, "got 1.5"),
    (make_circles, (), {"factor": "0.5"}, TypeError, "make_circles: factor must be a real"),
    # make_blobs
    (
        make_blobs,
        (10, 0),
        {},
        ValueError,
        "make_blobs: n_features must be a positive integer, got 0",
    ),
    (make_blobs, (), {"centers": 0}, ValueError, "make_blobs: centers must be a positive integer"),
    (make_blobs, (), {"centers": [1.0, 2.0]}, ValueError, r"make_blobs: centers must be .*shape"),
    (make_blobs, (), {"centers": np.empty((0, 2))}, ValueError, "make_blobs: centers must be"),
    (make_blobs, (), {"centers": [[0.0, np.inf]]}, ValueError, "make_blobs: centers must be fin"),
    (make_blobs, (), {"centers": [["a", "b"]]}, TypeError, "make_blobs: centers must be an arr"),
    (make_blobs, (), {"cluster_std": -1.0}, ValueError, "make_blobs: cluster_std must be >= 0"),
    (make_blobs, (), {"cluster_std": [1.0, 2.0]}, ValueError, r"one per center \(3\)"),
    (make_blobs, (), {"cluster_std": [1.0, -0.5, 1.0]}, ValueError, "cluster_std must be >= 0"),
    (make_blobs, (), {"cluster_std": True}, TypeError, "make_blobs: cluster_std must be a real"),
    (make_blobs, (), {"center_box": (5.0, 5.0)}, ValueError, "make_blobs: center_box needs low"),
    (make_blobs, (), {"center_box": 10.0}, TypeError, "make_blobs: center_box must be a pair"),
    (make_blobs, (), {"center_box": (0.0, "1")}, TypeError, r"center_box\[1\] must be a real"),
    # make_spirals
    (make_spirals, (), {"n_classes": 0}, ValueError, "make_spirals: n_classes must be a positive"),
    (make_spirals, (), {"n_classes": 2.0}, TypeError, "make_spirals: n_classes must be a positive"),
    # train_test_split
    (train_test_split, (), {}, ValueError, "train_test_split: expected at least one array"),
    (
        train_test_split,
        (_POINTS, _TARGETS[:9]),
        {},
        ValueError,
        r"train_test_split: .*same number of samples, got lengths \[10, 9\]",
    ),
    (train_test_split, (np.float64(1.0),), {}, ValueError, "train_test_split: every array needs"),
    (train_test_split, ([],), {}, ValueError, "train_test_split: the arrays hold no samples"),
    *[
        (train_test_split, (_POINTS, _TARGETS), {"test_size": size}, error, message)
        for size, error, message in [
            (0.0, ValueError, r"a float test_size must be in \(0, 1\), got 0.0"),
            (1.0, ValueError, r"must be in \(0, 1\), got 1.0"),
            (-0.2, ValueError, "got -0.2"),
            (float("nan"), ValueError, "test_size must be finite"),
            (0, ValueError, "test_size=0 gives 0 test samples out of 10"),
            (10, ValueError, "test_size=10 gives 10 test samples out of 10"),
            (0.95, ValueError, "test_size=0.95 gives 10 test samples out of 10"),
            ("0.2", TypeError, "train_test_split: test_size must be a real number"),
            (True, TypeError, "test_size must be a real number, got True"),
        ]
    ],
    (train_test_split, ([1, 2],), {"test_size": 0.5, "shuffle": 1}, TypeError, "shuffle must"),
    (
        train_test_split,
        ([1, 2],),
        {"test_size": 0.5, "shuffle": False, "random_state": "x"},
        TypeError,
        "train_test_split: random_state must be None, an int or a numpy.random.Generator",
    ),
    # batches
    *[
        (batches, (_POINTS, _TARGETS, size), {}, error, f"batches: batch_size must be .*{size!r}")
        for size, error in [(0, ValueError), (-2, ValueError), (2.0, TypeError), (True, TypeError)]
    ],
    (
        batches,
        (_POINTS, _TARGETS[:7], 2),
        {},
        ValueError,
        r"batches: .*same number of samples, got lengths \[10, 7\]",
    ),
    (batches, ([], [], 2), {}, ValueError, "batches: the arrays hold no samples"),
    (batches, (_POINTS, _TARGETS, 2), {"seed": -1}, ValueError, "batches: seed must be a non-neg"),
    (batches, (_POINTS, _TARGETS, 2), {"seed": 0.5}, TypeError, "batches: seed must be None"),
    (batches, (_POINTS, _TARGETS, 2), {"shuffle": None}, TypeError, "batches: shuffle must be"),
]


@pytest.mark.parametrize(
    ("function", "args", "kwargs", "error", "message"),
    BAD_CALLS,
    ids=[f"{f.__name__}-{i}" for i, (f, *_) in enumerate(BAD_CALLS)],
)
def test_bad_input_raises_naming_function_and_value(
    function: Callable[..., Any],
    args: tuple,
    kwargs: dict[str, Any],
    error: type[Exception],
    message: str,
) -> None:
    with pytest.raises(error, match=message) as info:
        function(*args, **kwargs)
    assert str(info.value).startswith(f"{function.__name__}: ")


# --- noise and sizes that no float or memory can hold ---------------------------------------

NOISY = [make_moons, make_circles, make_spirals, make_xor]


@pytest.mark.parametrize("make", NOISY, ids=lambda f: f.__name__)
def test_noise_that_overflows_is_refused(make: Callable[..., Any]) -> None:
    with pytest.raises(
        ValueError, match=rf"{make.__name__}: noise=1e\+308 is too large: the points"
    ):
        make(1000, noise=1e308, random_state=0)


def test_house_price_noise_that_overflows_is_refused() -> None:
    with pytest.raises(ValueError, match=r"make_house_prices: noise=1e\+308 is too large"):
        make_house_prices(1000, noise=1e308, random_state=0)


def test_a_cluster_std_that_overflows_is_refused() -> None:
    with pytest.raises(ValueError, match=r"make_blobs: cluster_std=1e\+308 is too large"):
        make_blobs(100, cluster_std=1e308, random_state=0)


def test_a_center_box_too_wide_for_a_float_is_refused() -> None:
    with pytest.raises(ValueError, match=r"make_blobs: center_box is too wide"):
        make_blobs(100, center_box=(-1e308, 1e308), random_state=0)


def test_a_large_but_finite_noise_still_works() -> None:
    X, _ = make_moons(100, noise=1e300, random_state=0)
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize(
    ("make", "options"),
    [
        (make_moons, {"n_samples": 10**12}),
        (make_moons, {"n_samples": (1, 10**400)}),
        (make_circles, {"n_samples": 10**15}),
        (make_blobs, {"n_samples": 10**13}),
        (make_blobs, {"n_samples": 10, "n_features": 10**12}),
        (make_spirals, {"n_samples": 10**13}),
        (make_xor, {"n_samples": 10**400}),
        (make_house_prices, {"n_samples": 10**13}),
    ],
    ids=lambda x: getattr(x, "__name__", str(x)[:30]),
)
def test_counts_too_large_for_memory_are_refused_at_once(
    make: Callable[..., Any], options: dict[str, Any]
) -> None:
    with pytest.raises(
        ValueError, match=rf"{make.__name__}: .* numbers would need about .* of memory"
    ):
        make(**options)
