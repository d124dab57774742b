"""Module: parameter discovery, zero_grad, state_dict and load_state_dict."""

from __future__ import annotations

import copy
import math
import pickle
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import nn
from autograd import Value
from nn import MLP, Layer, Module, Neuron
from nn.optim import SGD, Adam


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


# --- discovery through dicts, shared layers and cycles ------------------------------------


class Blocks(Module):
    """Layers in a dict, a list inside the dict, Values deep in tuples and dicts."""

    def __init__(self) -> None:
        self.blocks = {"hidden": Layer(2, 3, seed=0), "heads": [Neuron(3, seed=1)]}
        self.extra = (Value(1.0), {"deep": [[Value(2.0)]]})

    def forward(self, x: list[float]) -> Value:
        return self.blocks["heads"][0](self.blocks["hidden"](x))


def test_dicts_of_layers_are_found_with_their_keys_as_names() -> None:
    names = [name for name, _ in Blocks().named_parameters()]
    assert names[:4] == [
        "blocks.hidden.neurons.0.w.0",
        "blocks.hidden.neurons.0.w.1",
        "blocks.hidden.neurons.0.b",
        "blocks.hidden.neurons.1.w.0",
    ]
    assert names[9:] == [
        "blocks.heads.0.w.0",
        "blocks.heads.0.w.1",
        "blocks.heads.0.w.2",
        "blocks.heads.0.b",
        "extra.0",
        "extra.1.deep.0.0",
    ]
    assert len(names) == 3 * 3 + 4 + 2


def test_a_layer_in_a_dict_is_trained_and_saved(tmp_path: Path) -> None:
    model = Blocks()
    hidden_weight = model.blocks["hidden"].neurons[0].w[0]
    before = hidden_weight.data
    model([0.5, -1.0]).backward()
    assert hidden_weight.grad != 0.0
    SGD(model.parameters(), lr=0.1).step()
    assert hidden_weight.data == before - 0.1 * hidden_weight.grad
    nn.save(model, tmp_path / "blocks.json")
    fresh = Blocks()
    nn.load(fresh, tmp_path / "blocks.json")
    assert fresh.blocks["hidden"].neurons[0].w[0].data == hidden_weight.data
    assert fresh.state_dict() == model.state_dict()


class Tied(Module):
    """One layer reached from two attributes, and one Value from three places."""

    def __init__(self) -> None:
        self.encoder = Layer(2, 2, seed=0)
        self.decoder = self.encoder
        self.scale = Value(3.0)
        self.scales = [self.scale, {"again": self.scale}]

    def forward(self, x: list[float]) -> Value:
        return self.scale * sum(self.decoder(self.encoder(x)))


def test_tied_weights_are_listed_once_under_their_first_name() -> None:
    model = Tied()
    named = list(model.named_parameters())
    assert [name for name, _ in named] == [
        "encoder.neurons.0.w.0",
        "encoder.neurons.0.w.1",
        "encoder.neurons.0.b",
        "encoder.neurons.1.w.0",
        "encoder.neurons.1.w.1",
        "encoder.neurons.1.b",
        "scale",
    ]
    assert named[-1][1] is model.scale
    assert list(model.state_dict()) == [name for name, _ in named]


def test_tied_weights_train_and_count_once() -> None:
    model = Tied()
    params = model.parameters()
    for optimizer in (SGD, Adam):
        optimizer(params, lr=0.1)  # no "listed twice"
    assert nn.l2_penalty(params).data == pytest.approx(sum(p.data**2 for p in params))
    assert nn.l1_penalty(params).data == pytest.approx(sum(abs(p.data) for p in params))


@pytest.mark.parametrize("penalty", [nn.l1_penalty, nn.l2_penalty], ids=lambda f: f.__name__)
def test_a_penalty_refuses_a_value_listed_twice(penalty: Any) -> None:
    w = Value(2.0)
    with pytest.raises(ValueError, match=rf"{penalty.__name__}: parameter .* is listed twice"):
        penalty([w, Value(1.0), w])


class Parent(Module):
    def __init__(self) -> None:
        self.child = Neuron(1, seed=0)
        self.child.parent = self  # type: ignore[attr-defined]  # a cycle back up
        self.loop: list[Any] = [Value(1.0)]
        self.loop.append(self.loop)  # a list that holds itself


def test_cycles_end_and_list_each_parameter_once() -> None:
    assert [name for name, _ in Parent().named_parameters()] == ["child.w.0", "child.b", "loop.0"]


def test_nesting_deeper_than_the_recursion_limit() -> None:
    model, deep = Empty(), Value(1.0)
    nested: Any = deep
    for _ in range(sys.getrecursionlimit() * 2):
        nested = [nested]
    model.nested = nested  # type: ignore[attr-defined]
    assert model.parameters() == [deep]


class Cached(Module):
    """Keeps its last output as an attribute, as a learner's BatchNorm keeps self.out."""

    def __init__(self) -> None:
        self.w = Value(2.0)
        self.out: list[Value] = []

    def forward(self, x: float) -> Value:
        self.out = [self.w * x]
        return self.out[0]


def test_a_value_made_by_an_operation_is_not_a_parameter() -> None:
    model = Cached()
    model(3.0)
    assert model.parameters() == [model.w]
    SGD(model.parameters(), lr=0.1)  # would refuse a non-leaf


def test_the_order_is_stable() -> None:
    model = Blocks()
    assert [id(p) for p in model.parameters()] == [id(p) for p in model.parameters()]


# --- copies: the habit of keeping the best model while training --------------------------


def trained_a_little(model: MLP) -> MLP:
    optimizer = SGD(model.parameters(), lr=0.1)
    for x, t in [([0.5, -1.0], 1.0), ([-0.3, 0.8], -1.0)]:
        optimizer.zero_grad()
        nn.mse_loss(model(x), t).backward()
        optimizer.step()
    return model


@pytest.mark.parametrize("activation", list(nn.ACTIVATIONS))
@pytest.mark.parametrize("how", ["deepcopy", "pickle"])
def test_a_copied_model_computes_the_same_and_is_independent(activation: str, how: str) -> None:
    model = trained_a_little(MLP(2, [4, 3, 1], activation=activation, seed=0))
    nn.mse_loss(model([0.1, 0.2]), 0.5).backward()  # gradients are copied too
    assert any(p.grad != 0.0 for p in model.parameters())
    copied = copy.deepcopy(model) if how == "deepcopy" else pickle.loads(pickle.dumps(model))
    assert type(copied) is MLP
    assert copied.state_dict() == model.state_dict()
    assert [p.grad for p in copied.parameters()] == [p.grad for p in model.parameters()]
    assert not {id(p) for p in copied.parameters()} & {id(p) for p in model.parameters()}
    x = [0.7, -0.2]
    assert copied(x).data == model(x).data
    best = copied.state_dict()
    trained_a_little(model)  # training the original leaves the copy as it was
    assert copied.state_dict() == best != model.state_dict()
    trained_a_little(copied)  # and the copy trains on its own
    assert copied.state_dict() != best


@pytest.mark.parametrize("how", ["deepcopy", "pickle"])
def test_a_copy_keeps_tied_weights_tied(how: str) -> None:
    model = Tied()
    copied = copy.deepcopy(model) if how == "deepcopy" else pickle.loads(pickle.dumps(model))
    assert copied.decoder is copied.encoder
    assert copied.scales[0] is copied.scale
    assert list(copied.state_dict()) == list(model.state_dict())
