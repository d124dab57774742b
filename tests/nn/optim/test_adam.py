from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Value
from nn.optim import Adam, AdamW

OPTIONS = [
    {"lr": 0.05, "amsgrad": a, "weight_decay": wd}
    for a, wd in itertools.product([False, True], [0.0, 0.1, 1.0])
]


@pytest.mark.parametrize("adam", [Adam, AdamW])
@pytest.mark.parametrize("options", [{}, *OPTIONS], ids=str)
def test_matches_torch(
    assert_matches_torch: Callable[..., None], adam: type[Adam], options: dict
) -> None:
    assert_matches_torch(adam, **options)


@pytest.mark.parametrize("adam", [Adam, AdamW])
@given(
    options=st.fixed_dictionaries(
        {
            "lr": st.floats(1e-4, 0.1),
            "betas": st.tuples(st.floats(0.0, 0.99), st.floats(0.0, 0.999)),
            "eps": st.floats(1e-10, 1e-6),
            "weight_decay": st.floats(0.0, 1.0),
            "amsgrad": st.booleans(),
        }
    ),
    seed=st.integers(0, 2**32 - 1),
)
def test_matches_torch_for_random_hyperparameters(
    assert_matches_torch: Callable[..., None], adam: type[Adam], options: dict, seed: int
) -> None:
    assert_matches_torch(adam, gradient_seed=seed, **options)


def test_adamw_decays_the_weight_itself() -> None:
    # With g = 0, Adam's step is 0 and only the decay moves w: p <- p (1 - lr wd).
    w = Value(2.0)
    AdamW([w], lr=0.1, weight_decay=0.5).step()
    assert w.data == pytest.approx(2.0 * (1 - 0.1 * 0.5))


@pytest.mark.parametrize("adam", [Adam, AdamW])
@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"betas": (1.0, 0.999)}, ValueError, r"betas\[0\] must be in \[0, 1\), got 1\.0"),
        ({"betas": (0.9, -0.1)}, ValueError, r"betas\[1\] must be in \[0, 1\), got -0\.1"),
        ({"betas": 0.9}, TypeError, r"betas must be a pair \(beta1, beta2\), got 0\.9"),
        ({"betas": (0.9,)}, TypeError, r"betas must be a pair \(beta1, beta2\), got \(0\.9,\)"),
        ({"eps": -1e-8}, ValueError, r"eps must be >= 0, got -1e-08"),
        ({"amsgrad": None}, TypeError, r"amsgrad must be True or False, got None"),
    ],
)
def test_bad_hyperparameters_are_named(
    adam: type[Adam], options: dict, error: type, match: str
) -> None:
    with pytest.raises(error, match=f"{adam.__name__}: {match}"):
        adam([Value(1.0)], **options)
