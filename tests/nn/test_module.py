"""Module: parameter discovery, zero_grad, state_dict and load_state_dict."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from autograd import Value
from nn import MLP, Module, Neuron


class Affine(Module):
    """A hand-written module: parameters in a plain attribute, a nested list, a sub-module."""

    def __init__(self) -> None:
        self.scale = Value(2.0)
        self.note = "not a parameter"
        self.count = 3  # a plain number is not a parameter either
        self.shifts = [Value(1.0), (Value(3.0),)]
        self.inner = Neuron(1, seed=0)

    def forward(self, x: Value) -> Value:
        return self.scale * self.inner([x]) + self.shifts[0]


class Empty(Module):
    pass


def test_named_parameters_follow_attribute_order_recursively() -> None:
    module = Affine()
    named = list(module.named_parameters())
    assert [name for name, _ in named] == [
        "scale",
        "shifts.0",
        "shifts.1.0",
        "inner.w.0",
        "inner.b",
    ]
    expected = [module.scale, module.shifts[0], module.shifts[1][0], module.inner.w[0]]
    assert all(p is e for (_, p), e in zip(named, [*expected, module.inner.b]))


def test_parameters_are_the_named_parameters_in_order() -> None:
    mlp = MLP(2, [3, 1], seed=0)
    params = mlp.parameters()
    assert len(params) == len({id(p) for p in params}) == 13
    assert all(p is q for p, (_, q) in zip(params, mlp.named_parameters(), strict=True))


def test_mlp_parameter_names_and_order() -> None:
    mlp = MLP(2, [3, 1], seed=0)
    names = [name for name, _ in mlp.named_parameters()]
    assert names[:4] == [
        "layers.0.neurons.0.w.0",
        "layers.0.neurons.0.w.1",
        "layers.0.neurons.0.b",
        "layers.0.neurons.1.w.0",
    ]
    assert names[-4:] == [
        "layers.1.neurons.0.w.0",
        "layers.1.neurons.0.w.1",
        "layers.1.neurons.0.w.2",
        "layers.1.neurons.0.b",
    ]
    assert mlp.parameters()[0] is mlp.layers[0].neurons[0].w[0]
    assert mlp.parameters()[-1] is mlp.layers[1].neurons[0].b


def test_mlp_parameter_count() -> None:
    # (2*16 + 16) + (16*16 + 16) + (16*1 + 1)
    assert len(MLP(2, [16, 16, 1]).parameters()) == 337


def test_forward_must_be_defined() -> None:
    with pytest.raises(NotImplementedError, match="Empty must define forward"):
        Empty()(1.0)


def test_call_runs_forward() -> None:
    module = Affine()
    out = module(Value(0.5))
    assert out.data == 2.0 * module.inner([0.5]).data + 1.0


def test_zero_grad_clears_every_parameter() -> None:
    mlp = MLP(2, [4, 1], activation="tanh", seed=0)
    mlp([0.5, -1.0]).backward()
    assert sum(abs(p.grad) for p in mlp.parameters()) > 0.0
    mlp.zero_grad()
    assert [p.grad for p in mlp.parameters()] == [0.0] * len(mlp.parameters())


def test_state_dict_is_names_to_plain_floats() -> None:
    mlp = MLP(2, [3, 1], seed=0)
    state = mlp.state_dict()
    assert list(state) == [name for name, _ in mlp.named_parameters()]
    assert list(state.values()) == [p.data for p in mlp.parameters()]
    assert all(type(v) is float for v in state.values())
    state["layers.0.neurons.0.b"] = 99.0  # a copy: editing it leaves the model alone
    assert mlp.layers[0].neurons[0].b.data == 0.0


def test_state_dict_round_trip() -> None:
    source, copy = MLP(2, [3, 1], seed=0), MLP(2, [3, 1], seed=1)
    x = [0.5, -1.5]
    assert source(x).data != copy(x).data
    copy.load_state_dict(source.state_dict())
    assert copy.state_dict() == source.state_dict()
    assert copy(x).data == source(x).data


def test_load_state_dict_accepts_ints_and_numpy_numbers() -> None:
    mlp = MLP(1, [1], seed=0)
    mlp.load_state_dict({"layers.0.neurons.0.w.0": 2, "layers.0.neurons.0.b": np.float32(0.5)})
    assert mlp.state_dict() == {"layers.0.neurons.0.w.0": 2.0, "layers.0.neurons.0.b": 0.5}
    assert all(type(v) is float for v in mlp.state_dict().values())


def _changed(state: dict[str, float], **edits: Any) -> dict[str, Any]:
    """Every value moved (so a partial write would show), then ``edits`` applied."""
    new: dict[str, Any] = {name: value + 1.0 for name, value in state.items()}
    for name, value in edits.items():
        new[name.replace("__", ".")] = value
    return new


LAST = "layers__1__neurons__0__b"  # the last parameter of MLP(2, [3, 1])


@pytest.mark.parametrize(
    ("edit", "error", "message"),
    [
        ({LAST: "0.5"}, TypeError, r"'layers.1.neurons.0.b': expected a real number, got '0.5'"),
        ({LAST: True}, TypeError, r"'layers.1.neurons.0.b' is True, not a number"),
        (
            {LAST: math.nan},
            ValueError,
            r"'layers.1.neurons.0.b': expected a finite number, got nan",
        ),
        (
            {LAST: -math.inf},
            ValueError,
            r"'layers.1.neurons.0.b': expected a finite number, got -inf",
        ),
        ({"extra": 1.0}, ValueError, r"unexpected parameter 'extra'"),
    ],
    ids=["string", "bool", "nan", "inf", "extra"],
)
def test_load_state_dict_rejects_a_bad_entry_and_changes_nothing(
    edit: dict[str, Any], error: type[Exception], message: str
) -> None:
    mlp = MLP(2, [3, 1], seed=0)
    before = mlp.state_dict()
    with pytest.raises(error, match=f"load_state_dict: {message}"):
        mlp.load_state_dict(_changed(before, **edit))
    assert mlp.state_dict() == before


def test_load_state_dict_names_the_first_missing_parameter() -> None:
    mlp = MLP(2, [3, 1], seed=0)
    before = mlp.state_dict()
    state = _changed(before)
    del state["layers.0.neurons.2.w.1"], state["layers.1.neurons.0.b"]
    with pytest.raises(ValueError, match=r"missing parameter 'layers.0.neurons.2.w.1'"):
        mlp.load_state_dict(state)
    assert mlp.state_dict() == before


def test_load_state_dict_from_another_architecture_fails() -> None:
    small, large = MLP(2, [3, 1], seed=0), MLP(2, [4, 1], seed=0)
    before = small.state_dict()
    with pytest.raises(ValueError, match=r"unexpected parameter 'layers.0.neurons.3.w.0'"):
        small.load_state_dict(large.state_dict())
    with pytest.raises(ValueError, match=r"missing parameter 'layers.0.neurons.3.w.0'"):
        large.load_state_dict(small.state_dict())
    assert small.state_dict() == before


def test_an_integer_too_large_for_a_float_is_refused_by_name() -> None:
    model = MLP(1, [1], seed=0)
    state = {"layers.0.neurons.0.w.0": 10**400, "layers.0.neurons.0.b": 0.0}
    with pytest.raises(OverflowError, match=r"'layers.0.neurons.0.w.0': .* too large"):
        model.load_state_dict(state)
