"""to_torch and from_torch: the same network on both sides, and errors for what does not fit."""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np
import pytest

import nn
from nn import MLP
from nn.activations import ACTIVATIONS

ROWS = np.random.default_rng(0).normal(size=(5, 3)).tolist()


def outputs(mlp: MLP) -> list[float]:
    """Every output of ``mlp`` on ROWS, flattened."""
    result = []
    for row in ROWS:
        out = mlp(row)
        result.extend(y.data for y in (out if isinstance(out, list) else [out]))
    return result


def torch_outputs(torch: ModuleType, model: Any) -> list[float]:
    with torch.no_grad():
        return model(torch.tensor(ROWS, dtype=torch.float64)).flatten().tolist()


def test_to_torch_builds_linear_layers_and_activations(torch: ModuleType) -> None:
    mlp = MLP(3, [4, 5, 2], activation="leaky_relu", output_activation="sigmoid", seed=0)
    model = nn.to_torch(mlp)
    assert isinstance(model, torch.nn.Sequential)
    kinds = [type(m).__name__ for m in model]
    assert kinds == ["Linear", "LeakyReLU", "Linear", "LeakyReLU", "Linear", "Sigmoid"]
    assert model[1].negative_slope == 0.01
    assert [(m.in_features, m.out_features) for m in model[::2]] == [(3, 4), (4, 5), (5, 2)]


@pytest.mark.parametrize(
    ("activation", "kind"), [("relu", "ReLU"), ("tanh", "Tanh"), ("sigmoid", "Sigmoid")]
)
def test_to_torch_maps_each_activation(torch: ModuleType, activation: str, kind: str) -> None:
    model = nn.to_torch(MLP(3, [4, 1], activation=activation, seed=0))
    assert [type(m).__name__ for m in model] == ["Linear", kind, "Linear"]  # linear: nothing


def test_to_torch_copies_every_weight_exactly_in_float64(torch: ModuleType) -> None:
    mlp = MLP(3, [4, 2], seed=0)
    for p in mlp.parameters():
        p.data += 1e-10  # digits a float32 copy would lose
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)  # a learner's default: the copy must not follow it
    try:
        model = nn.to_torch(mlp)
    finally:
        torch.set_default_dtype(previous)
    for layer, linear in zip(mlp.layers, model[::2], strict=True):
        assert linear.weight.dtype == linear.bias.dtype == torch.float64
        assert linear.weight.tolist() == [[w.data for w in n.w] for n in layer.neurons]
        assert linear.bias.tolist() == [n.b.data for n in layer.neurons]


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_to_torch_computes_the_same_outputs(torch: ModuleType, activation: str) -> None:
    mlp = MLP(3, [6, 6, 2], activation=activation, output_activation=activation, seed=1)
    assert torch_outputs(torch, nn.to_torch(mlp)) == pytest.approx(
        outputs(mlp), rel=1e-12, abs=1e-15
    )


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_from_torch_of_to_torch_is_the_same_mlp(torch: ModuleType, activation: str) -> None:
    mlp = MLP(3, [6, 6, 1], activation=activation, output_activation="tanh", seed=2)
    back = nn.from_torch(nn.to_torch(mlp))
    assert repr(back) == repr(mlp)
    assert back.state_dict() == mlp.state_dict()
    assert outputs(back) == outputs(mlp)


def test_from_torch_reads_a_model_built_in_torch(torch: ModuleType) -> None:
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(3, 5, dtype=torch.float32),  # any dtype: read as float64
        torch.nn.Tanh(),
        torch.nn.Linear(5, 4, bias=False),
        torch.nn.Tanh(),
        torch.nn.Linear(4, 2),
    )
    mlp = nn.from_torch(model)
    assert repr(mlp) == repr(MLP(3, [5, 4, 2], activation="tanh", output_activation="linear"))
    assert [n.b.data for n in mlp.layers[1].neurons] == [0.0] * 4  # no bias: zero biases
    model.double()
    assert outputs(mlp) == pytest.approx(torch_outputs(torch, model), rel=1e-12, abs=1e-15)


def test_from_torch_of_one_linear_layer(torch: ModuleType) -> None:
    mlp = nn.from_torch(torch.nn.Sequential(torch.nn.Linear(3, 1)))
    assert repr(mlp) == "MLP(\n  (0): Layer(3 -> 1, linear)\n)"


@pytest.mark.parametrize(
    ("modules", "message"),
    [
        (
            lambda t: [t.Linear(3, 4), t.Dropout(0.5)],
            r"module 1 \(Dropout\) is not supported; an MLP is made of \['Linear', 'ReLU', ",
        ),
        (lambda t: [t.Linear(3, 4), t.GELU()], r"module 1 \(GELU\) is not supported"),
        (
            lambda t: [t.Linear(3, 4), t.Sequential(t.ReLU())],
            r"module 1 \(Sequential\) is not supported",
        ),
        (
            lambda t: [t.Linear(3, 4), t.LeakyReLU(0.2)],
            r"module 1 \(LeakyReLU with negative_slope=0.2\) is not supported: chainrule's "
            r"leaky_relu has negative_slope=0.01",
        ),
        (lambda t: [t.ReLU(), t.Linear(3, 4)], r"module 0 \(ReLU\) must follow a Linear layer"),
        (
            lambda t: [t.Linear(3, 4), t.ReLU(), t.Tanh()],
            r"module 2 \(Tanh\) must follow a Linear layer",
        ),
        (
            lambda t: [t.Linear(3, 4), t.ReLU(), t.Linear(4, 4), t.Tanh(), t.Linear(4, 1)],
            r"an MLP uses one activation for every hidden layer, but the hidden layers use "
            r"\['relu', 'tanh'\]",
        ),
        (
            lambda t: [t.Linear(3, 4), t.Linear(5, 1)],
            r"module 1 \(Linear\) takes 5 inputs but the layer before it has 4 outputs",
        ),
        (lambda t: [], "the Sequential has no Linear layer"),
    ],
)
def test_from_torch_names_what_it_cannot_convert(
    torch: ModuleType, modules: Callable[[Any], list[Any]], message: str
) -> None:
    with pytest.raises(ValueError, match="from_torch: " + message):
        nn.from_torch(torch.nn.Sequential(*modules(torch.nn)))


def test_from_torch_refuses_non_finite_weights(torch: ModuleType) -> None:
    model = torch.nn.Sequential(torch.nn.Linear(3, 4))
    with torch.no_grad():
        model[0].weight[1, 2] = math.nan
    with pytest.raises(ValueError, match="from_torch: expected a finite number, got nan"):
        nn.from_torch(model)


def test_wrong_argument_types(torch: ModuleType) -> None:
    with pytest.raises(
        TypeError, match=r"from_torch: expected a torch\.nn\.Sequential, got Linear"
    ):
        nn.from_torch(torch.nn.Linear(3, 4))
    with pytest.raises(TypeError, match=r"to_torch: expected an nn\.MLP, got Layer"):
        nn.to_torch(nn.Layer(3, 4))


def test_to_torch_names_an_activation_torch_lacks(
    torch: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ACTIVATIONS, "softsign", lambda x: x / (1.0 + abs(x)))
    mlp = MLP(2, [3, 1], activation="softsign", seed=0)
    with pytest.raises(
        ValueError, match=r"to_torch: activation 'softsign' has no torch\.nn module"
    ):
        nn.to_torch(mlp)


@pytest.mark.parametrize("convert", [nn.to_torch, nn.from_torch], ids=lambda f: f.__name__)
def test_without_torch_the_error_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, convert: Any
) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # makes `import torch` fail
    with pytest.raises(ImportError, match=f"{convert.__name__} needs PyTorch.*pip install torch"):
        convert(MLP(2, [1], seed=0))


@pytest.mark.parametrize("part", ["weight", "bias"])
def test_from_torch_refuses_complex_weights(torch: ModuleType, part: str) -> None:
    linear = torch.nn.Linear(2, 3, dtype=torch.complex128)
    with pytest.raises(
        TypeError, match=r"from_torch: Linear layer 0 has a torch\.complex128 weight"
    ):
        nn.from_torch(torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), linear)[2:])
    real = torch.nn.Linear(2, 3)
    setattr(real, part, torch.nn.Parameter(getattr(real, part).detach().to(torch.complex128)))
    with pytest.raises(
        TypeError, match=rf"from_torch: Linear layer 1 has a torch\.complex128 {part}"
    ):
        nn.from_torch(torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), real))
