from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Value
from nn.optim import Adagrad

OPTIONS = [
    {"lr": 0.1, "lr_decay": d, "initial_accumulator_value": a, "weight_decay": wd}
    for d, a, wd in itertools.product([0.0, 0.1], [0.0, 0.5], [0.0, 0.1])
]


@pytest.mark.parametrize("options", [{}, *OPTIONS], ids=str)
def test_matches_torch(assert_matches_torch: Callable[..., None], options: dict) -> None:
    assert_matches_torch(Adagrad, **options)


@given(
    options=st.fixed_dictionaries(
        {
            "lr": st.floats(1e-3, 0.5),
            "lr_decay": st.floats(0.0, 1.0),
            "weight_decay": st.floats(0.0, 1.0),
            "initial_accumulator_value": st.floats(0.0, 2.0),
            "eps": st.floats(1e-12, 1e-6),
        }
    ),
    seed=st.integers(0, 2**32 - 1),
)
def test_matches_torch_for_random_hyperparameters(
    assert_matches_torch: Callable[..., None], options: dict, seed: int
) -> None:
    assert_matches_torch(Adagrad, gradient_seed=seed, **options)


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"lr_decay": -0.1}, r"Adagrad: lr_decay must be >= 0, got -0\.1"),
        ({"initial_accumulator_value": -1}, r"Adagrad: initial_accumulator_value must be >= 0"),
        ({"eps": -1e-10}, r"Adagrad: eps must be >= 0, got -1e-10"),
    ],
)
def test_bad_hyperparameters_are_named(options: dict, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        Adagrad([Value(1.0)], **options)
