"""Activations by name: values and derivatives against PyTorch, and the error for a bad name."""

from __future__ import annotations

import math
import re
from types import ModuleType
from typing import Any

import pytest

import nn
from autograd import Value
from nn import ACTIVATIONS, get_activation

POINTS = [-1000.0, -3.0, -0.5, 0.25, 2.0, 1000.0]  # no kinks: relu's derivative at 0 is a choice


def torch_activation(torch: ModuleType, name: str) -> Any:
    functional = torch.nn.functional
    return {
        "relu": functional.relu,
        "tanh": torch.tanh,
        "sigmoid": torch.sigmoid,
        "leaky_relu": lambda x: functional.leaky_relu(x, 0.01),
        "linear": lambda x: x * 1.0,
    }[name]


@pytest.mark.parametrize("name", ["relu", "tanh", "sigmoid", "leaky_relu", "linear"])
def test_activation_matches_torch(torch: ModuleType, name: str) -> None:
    f = get_activation(name)
    xs = [Value(x) for x in POINTS]
    outs = [f(x) for x in xs]
    for out in outs:
        out.backward()
    tx = torch.tensor(POINTS, requires_grad=True)
    reference = torch_activation(torch, name)(tx)
    reference.sum().backward()
    assert all(math.isfinite(out.data) for out in outs)
    assert [out.data for out in outs] == pytest.approx(reference.tolist(), rel=1e-15, abs=0.0)
    # 1 - tanh(x)^2 cancels near |tanh(x)| = 1: a few ulps of tanh become 1e-15 relative
    assert [x.grad for x in xs] == pytest.approx(tx.grad.tolist(), rel=1e-13, abs=0.0)


def test_get_activation_returns_the_table_entry() -> None:
    for name, f in ACTIVATIONS.items():
        assert get_activation(name) is f


def test_linear_is_the_identity() -> None:
    x = Value(-2.5)
    assert get_activation("linear")(x) is x


@pytest.mark.parametrize("name", ["gelu", "ReLU", ""])
def test_unknown_activation_lists_the_valid_names(name: str) -> None:
    valid = re.escape(str(list(nn.ACTIVATIONS)))
    with pytest.raises(
        ValueError, match=rf"activation: unknown activation {name!r}; choose one of {valid}"
    ):
        get_activation(name)
