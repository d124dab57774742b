from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Value
from nn.optim import SGD

OPTIONS = [
    {"lr": 1e-3, "momentum": m, "dampening": d, "nesterov": n, "weight_decay": wd}
    for m, d, n, wd in itertools.product([0.0, 0.9], [0.0, 0.5], [False, True], [0.0, 0.1])
    if not n or (m > 0 and d == 0)
]


@pytest.mark.parametrize("options", [{}, *OPTIONS], ids=str)
def test_matches_torch(assert_matches_torch: Callable[..., None], options: dict) -> None:
    assert_matches_torch(SGD, **options)


@st.composite
def sgd_options(draw: st.DrawFn) -> dict[str, Any]:
    nesterov = draw(st.booleans())
    return {
        "lr": draw(st.floats(1e-4, 2e-3)),
        "momentum": draw(st.floats(0.01, 0.95) if nesterov else st.floats(0.0, 0.95)),
        "dampening": 0.0 if nesterov else draw(st.floats(0.0, 1.0)),
        "nesterov": nesterov,
        "weight_decay": draw(st.floats(0.0, 1.0)),
    }


@given(options=sgd_options(), seed=st.integers(0, 2**32 - 1))
def test_matches_torch_for_random_hyperparameters(
    assert_matches_torch: Callable[..., None], options: dict, seed: int
) -> None:
    assert_matches_torch(SGD, gradient_seed=seed, **options)


def test_first_momentum_step_is_the_plain_gradient() -> None:
    # b_1 = g (not (1 - dampening) g): with dampening 0.5 a wrong start halves the step.
    w = Value(1.0)
    w.grad = 2.0
    SGD([w], lr=0.1, momentum=0.9, dampening=0.5).step()
    assert w.data == pytest.approx(1.0 - 0.1 * 2.0)


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"momentum": -0.1}, ValueError, r"SGD: momentum must be >= 0, got -0\.1"),
        ({"momentum": "0.9"}, TypeError, r"SGD: momentum must be a real number, got '0\.9'"),
        ({"dampening": 1.5}, ValueError, r"SGD: dampening must be in \[0, 1\], got 1\.5"),
        ({"nesterov": 1}, TypeError, r"SGD: nesterov must be True or False, got 1"),
        (
            {"nesterov": True},
            ValueError,
            r"SGD: Nesterov momentum requires a momentum > 0 and zero dampening, "
            r"got momentum=0\.0, dampening=0\.0",
        ),
        (
            {"nesterov": True, "momentum": 0.9, "dampening": 0.1},
            ValueError,
            r"got momentum=0\.9, dampening=0\.1",
        ),
    ],
)
def test_bad_hyperparameters_are_named(options: dict, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        SGD([Value(1.0)], **options)
