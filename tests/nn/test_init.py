"""Weight initialisations: ranges and statistics, drawn through Layer as a model draws them."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

import nn
from nn import MLP, Layer
from nn.init import get_initializer


def weights(layer: Layer) -> np.ndarray:
    return np.array([w.data for n in layer.neurons for w in n.w])


def test_uniform_fills_minus_one_to_one() -> None:
    w = weights(Layer(200, 50, init="uniform", seed=0))
    assert np.all(np.abs(w) <= 1.0)
    assert np.abs(w).max() > 0.99
    assert abs(w.mean()) < 0.03
    assert w.std() == pytest.approx(1.0 / math.sqrt(3.0), rel=0.02)  # the std of U(-1, 1)


def test_xavier_bound_uses_fan_in_and_fan_out() -> None:
    fan_in, fan_out = 40, 400  # very unequal, so a wrong fan would show
    bound = math.sqrt(6.0 / (fan_in + fan_out))
    w = weights(Layer(fan_in, fan_out, init="xavier", seed=0))
    assert np.all(np.abs(w) <= bound)
    assert np.abs(w).max() > 0.99 * bound
    assert w.std() == pytest.approx(bound / math.sqrt(3.0), rel=0.02)


def test_he_std_is_sqrt_two_over_fan_in() -> None:
    fan_in = 1000
    std = math.sqrt(2.0 / fan_in)
    w = weights(Layer(fan_in, 50, init="he", seed=0))
    assert w.std() == pytest.approx(std, rel=0.02)
    assert abs(w.mean()) < 0.02 * std
    assert np.abs(w).max() > 3.5 * std  # normal tails: a uniform of this std stops at 1.73 std


@pytest.mark.parametrize("init", list(nn.INITIALIZERS))
def test_biases_start_at_zero(init: str) -> None:
    mlp = MLP(3, [4, 2], init=init, seed=0)
    assert [n.b.data for layer in mlp.layers for n in layer.neurons] == [0.0] * 6


@pytest.mark.parametrize("init", list(nn.INITIALIZERS))
def test_initialisers_are_reproducible_and_sized(init: str) -> None:
    draw = get_initializer(init)
    first = draw(5, 3, np.random.default_rng(0))
    assert len(first) == 5
    assert all(type(w) is float for w in first)
    assert draw(5, 3, np.random.default_rng(0)) == first
    assert draw(5, 3, np.random.default_rng(1)) != first


def test_mlp_passes_the_init_to_every_layer() -> None:
    mlp = MLP(20, [200, 200, 5], init="xavier", seed=0)
    for layer in mlp.layers:
        fan_in, fan_out = len(layer.neurons[0].w), len(layer.neurons)
        bound = math.sqrt(6.0 / (fan_in + fan_out))
        assert 0.98 * bound < np.abs(weights(layer)).max() <= bound


def test_unknown_initialisation_lists_the_valid_names() -> None:
    valid = re.escape(str(list(nn.INITIALIZERS)))
    with pytest.raises(
        ValueError, match=rf"init: unknown initialisation 'normal'; choose one of {valid}"
    ):
        get_initializer("normal")
