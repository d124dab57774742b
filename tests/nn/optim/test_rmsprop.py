from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Value
from nn.optim import RMSprop

OPTIONS = [
    {"lr": 1e-2, "momentum": m, "centered": c, "weight_decay": wd}
    for m, c, wd in itertools.product([0.0, 0.9], [False, True], [0.0, 0.1])
]


@pytest.mark.parametrize("options", [{}, *OPTIONS], ids=str)
def test_matches_torch(assert_matches_torch: Callable[..., None], options: dict) -> None:
    assert_matches_torch(RMSprop, **options)


@given(
    options=st.fixed_dictionaries(
        {
            "lr": st.floats(1e-4, 1e-2),
            # alpha near 0 makes v - m^2 about 0, so centered RMSprop steps by lr g / eps.
            "alpha": st.floats(0.5, 0.999),
            "eps": st.floats(1e-10, 1e-6),
            "weight_decay": st.floats(0.0, 1.0),
            "momentum": st.floats(0.0, 0.95),
            "centered": st.booleans(),
        }
    ),
    seed=st.integers(0, 2**32 - 1),
)
def test_matches_torch_for_random_hyperparameters(
    assert_matches_torch: Callable[..., None], options: dict, seed: int
) -> None:
    assert_matches_torch(RMSprop, gradient_seed=seed, **options)


def test_centered_with_a_constant_gradient_stays_finite() -> None:
    # alpha = 0 gives v = g^2 and m = g, so v - m^2 is 0 (or a rounding hair below it): the
    # step is g / eps, finite, where a negative under the square root would be NaN.
    w = Value(0.0)
    optimizer = RMSprop([w], lr=1e-3, alpha=0.0, eps=1.0, centered=True)
    w.grad = 0.1
    optimizer.step()
    assert w.data == pytest.approx(-1e-3 * 0.1)


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"alpha": 1.0}, ValueError, r"RMSprop: alpha must be in \[0, 1\), got 1\.0"),
        ({"alpha": -0.5}, ValueError, r"RMSprop: alpha must be in \[0, 1\), got -0\.5"),
        ({"eps": -1.0}, ValueError, r"RMSprop: eps must be >= 0, got -1\.0"),
        ({"momentum": -0.9}, ValueError, r"RMSprop: momentum must be >= 0, got -0\.9"),
        ({"centered": "yes"}, TypeError, r"RMSprop: centered must be True or False, got 'yes'"),
    ],
)
def test_bad_hyperparameters_are_named(options: dict, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        RMSprop([Value(1.0)], **options)
