"""Neuron, Layer and MLP: construction, shapes, errors, and parity with PyTorch."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np
import pytest

import nn
from autograd import Value
from nn import MLP, Layer, Neuron

ACTIVATION_NAMES = ["relu", "tanh", "sigmoid", "leaky_relu", "linear"]


def test_neuron_computes_activation_of_weighted_sum() -> None:
    neuron = Neuron(3, activation="tanh", seed=0)
    neuron.load_state_dict({"w.0": 0.5, "w.1": -1.0, "w.2": 2.0, "b": 0.25})
    x = [Value(1.0), Value(2.0), Value(-0.5)]
    out = neuron(x)
    out.backward()
    pre = 0.5 * 1.0 - 1.0 * 2.0 + 2.0 * -0.5 + 0.25
    assert out.data == math.tanh(pre)
    slope = 1.0 - math.tanh(pre) ** 2
    assert [v.grad for v in x] == pytest.approx([0.5 * slope, -1.0 * slope, 2.0 * slope])
    assert [w.grad for w in neuron.w] == pytest.approx([1.0 * slope, 2.0 * slope, -0.5 * slope])
    assert neuron.b.grad == pytest.approx(slope)


def test_layer_always_returns_a_list() -> None:
    assert isinstance(Layer(2, 1, seed=0)([1.0, 2.0]), list)
    assert len(Layer(2, 1, seed=0)([1.0, 2.0])) == 1
    assert len(Layer(2, 5, seed=0)([1.0, 2.0])) == 5


def test_mlp_returns_a_value_for_one_output_and_a_list_otherwise() -> None:
    assert isinstance(MLP(2, [3, 1], seed=0)([1.0, 2.0]), Value)
    out = MLP(2, [3, 2], seed=0)([1.0, 2.0])
    assert isinstance(out, list)
    assert len(out) == 2


def test_a_one_unit_hidden_layer_works() -> None:
    mlp = MLP(3, [1, 4], activation="tanh", seed=0)
    out = mlp([0.5, -1.0, 2.0])
    assert isinstance(out, list)
    assert len(out) == 4
    sum(out).backward()
    assert mlp.layers[0].neurons[0].b.grad != 0.0


def test_mlp_uses_the_hidden_and_output_activations() -> None:
    mlp = MLP(2, [4, 4, 1], activation="tanh", output_activation="sigmoid", seed=0)
    activations = [layer.neurons[0].activation for layer in mlp.layers]
    assert activations == ["tanh", "tanh", "sigmoid"]
    assert all(
        n.activation == a for layer, a in zip(mlp.layers, activations) for n in layer.neurons
    )
    assert 0.0 < mlp([0.5, -0.5]).data < 1.0


def test_same_seed_same_weights_different_seed_different_weights() -> None:
    assert MLP(2, [4, 1], seed=7).state_dict() == MLP(2, [4, 1], seed=7).state_dict()
    assert MLP(2, [4, 1], seed=7).state_dict() != MLP(2, [4, 1], seed=8).state_dict()
    assert MLP(2, [4, 1]).state_dict() != MLP(2, [4, 1]).state_dict()  # fresh entropy


def test_neurons_of_a_layer_and_layers_of_an_mlp_differ() -> None:
    layer = Layer(3, 2, seed=0)
    assert [w.data for w in layer.neurons[0].w] != [w.data for w in layer.neurons[1].w]
    mlp = MLP(3, [3, 3], seed=0)
    assert mlp.layers[0].state_dict() != mlp.layers[1].state_dict()


def test_a_generator_seed_is_used_and_advanced() -> None:
    rng = np.random.default_rng(0)
    first, second = MLP(2, [3, 1], seed=rng), MLP(2, [3, 1], seed=rng)
    assert first.state_dict() != second.state_dict()
    again = np.random.default_rng(0)
    assert MLP(2, [3, 1], seed=again).state_dict() == first.state_dict()


def test_numpy_rows_and_lists_give_the_same_output() -> None:
    mlp = MLP(2, [3, 2], activation="tanh", seed=0)
    from_list = [v.data for v in mlp([0.5, -1.0])]
    assert [v.data for v in mlp(np.array([0.5, -1.0]))] == from_list


@pytest.mark.parametrize("model", [Neuron(2, seed=0), Layer(2, 3, seed=0), MLP(2, [3, 1], seed=0)])
def test_wrong_input_count_names_both_counts(model: nn.Module) -> None:
    name = type(model).__name__  # the one called
    with pytest.raises(ValueError, match=f"{name}: expected 2 inputs, got 3"):
        model([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=f"{name}: expected 2 inputs, got 1"):
        model([1.0])


def test_the_second_layer_checks_its_input_count_too() -> None:
    mlp = MLP(2, [3, 1], seed=0)
    with pytest.raises(ValueError, match="Layer: expected 3 inputs, got 2"):
        mlp.layers[1]([1.0, 2.0])


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (lambda: Neuron(0), ValueError, "Neuron: nin must be a positive integer, got 0"),
        (lambda: Neuron(2.0), TypeError, "Neuron: nin must be a positive integer, got 2.0"),
        (lambda: Neuron(True), TypeError, "Neuron: nin must be a positive integer, got True"),
        (lambda: Layer(2, 0), ValueError, "Layer: nout must be a positive integer, got 0"),
        (lambda: MLP(2, []), ValueError, r"MLP: nouts must list at least one layer size, got \[\]"),
        (
            lambda: MLP(2, [3, -1]),
            ValueError,
            r"MLP: nouts\[1\] must be a positive integer, got -1",
        ),
        (lambda: MLP(0, [3]), ValueError, "MLP: nin must be a positive integer, got 0"),
    ],
)
def test_bad_sizes_are_errors(build: Callable[[], object], error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        build()


@pytest.mark.parametrize(
    "build",
    [
        lambda name: Neuron(2, activation=name),
        lambda name: Layer(2, 2, activation=name),
        lambda name: MLP(2, [2, 1], activation=name),
        lambda name: MLP(2, [2, 1], output_activation=name),
    ],
    ids=["Neuron", "Layer", "MLP-hidden", "MLP-output"],
)
def test_unknown_activation_lists_the_valid_names(build: Callable[[str], object]) -> None:
    valid = re.escape(str(list(nn.ACTIVATIONS)))
    with pytest.raises(ValueError, match=rf"unknown activation 'gelu'; choose one of {valid}"):
        build("gelu")


@pytest.mark.parametrize(
    "build",
    [
        lambda name: Neuron(2, init=name),
        lambda name: Layer(2, 2, init=name),
        lambda name: MLP(2, [2, 1], init=name),
    ],
    ids=["Neuron", "Layer", "MLP"],
)
def test_unknown_init_lists_the_valid_names(build: Callable[[str], object]) -> None:
    valid = re.escape(str(list(nn.INITIALIZERS)))
    with pytest.raises(
        ValueError, match=rf"unknown initialisation 'kaiming'; choose one of {valid}"
    ):
        build("kaiming")


def test_reprs_are_readable() -> None:
    assert repr(Neuron(3, activation="tanh", seed=0)) == "Neuron(3, tanh)"
    assert repr(Layer(2, 16, seed=0)) == "Layer(2 -> 16, relu)"
    assert repr(MLP(2, [16, 16, 1], seed=0)) == (
        "MLP(\n"
        "  (0): Layer(2 -> 16, relu)\n"
        "  (1): Layer(16 -> 16, relu)\n"
        "  (2): Layer(16 -> 1, linear)\n"
        ")"
    )


@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
def test_mlp_forward_and_backward_match_torch(torch: ModuleType, activation: str) -> None:
    """Same weights (copied by to_torch): same outputs, parameter and input gradients."""
    mlp = MLP(3, [6, 5, 2], activation=activation, output_activation=activation, seed=1)
    model = nn.to_torch(mlp)
    rows = np.random.default_rng(2).normal(size=(4, 3)).tolist()
    output_weights = [0.7, -1.3]  # backward from a weighted sum reaches both outputs

    inputs = [[Value(x) for x in row] for row in rows]
    outputs = [mlp(x) for x in inputs]
    sum(w * y for out in outputs for w, y in zip(output_weights, out)).backward()

    tx = torch.tensor(rows, requires_grad=True)
    reference = model(tx)
    (reference * torch.tensor(output_weights)).sum().backward()

    assert [y.data for out in outputs for y in out] == pytest.approx(
        reference.flatten().tolist(), rel=1e-12, abs=1e-15
    )
    assert [x.grad for row in inputs for x in row] == pytest.approx(
        tx.grad.flatten().tolist(), rel=1e-11, abs=1e-14
    )
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    for layer, linear in zip(mlp.layers, linears, strict=True):
        weight_grads = [w.grad for n in layer.neurons for w in n.w]
        assert weight_grads == pytest.approx(
            linear.weight.grad.flatten().tolist(), rel=1e-11, abs=1e-14
        )
        bias_grads = [n.b.grad for n in layer.neurons]
        assert bias_grads == pytest.approx(linear.bias.grad.tolist(), rel=1e-11, abs=1e-14)


def test_an_unknown_hidden_activation_is_refused_even_without_hidden_layers() -> None:
    with pytest.raises(ValueError, match=r"unknown activation 'gelu'; choose one of"):
        MLP(2, [3], activation="gelu")


# --- bad input names the function called and the value -------------------------------------


@pytest.mark.parametrize("model", [Neuron(2, seed=0), Layer(2, 3, seed=0), MLP(2, [3, 1], seed=0)])
@pytest.mark.parametrize("x", [None, 2.0, "ab", b"ab", {1, 2}], ids=repr)
def test_an_input_that_is_not_a_list_names_the_model(model: nn.Module, x: Any) -> None:
    name = type(model).__name__
    with pytest.raises(
        TypeError, match=rf"{name}: expected a list of 2 inputs .*got {re.escape(repr(x))}"
    ):
        model(x)


@pytest.mark.parametrize("model", [Layer(2, 3, seed=0), MLP(2, [3, 1], seed=0)])
@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        (None, TypeError, "expected a real number, got None"),
        ("x", TypeError, "expected a real number, got 'x'"),
        (math.nan, ValueError, "expected a finite number, got nan"),
        (-math.inf, ValueError, "expected a finite number, got -inf"),
    ],
)
def test_a_bad_input_number_names_the_model_and_the_position(
    model: nn.Module, bad: Any, error: type, message: str
) -> None:
    with pytest.raises(error, match=rf"{type(model).__name__}: input 1: {message}"):
        model([0.5, bad])


@pytest.mark.parametrize("nouts", [3, None, "16", 2.5], ids=repr)
def test_mlp_nouts_must_be_a_list(nouts: Any) -> None:
    with pytest.raises(
        TypeError, match=rf"MLP: nouts must be a list of layer sizes .*got {re.escape(repr(nouts))}"
    ):
        MLP(2, nouts)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Layer(2, 10**400), r"Layer: 10\^400 parameters would need about 10\^402 bytes"),
        (lambda: Neuron(10**30), r"Neuron: 10\^30 parameters would need"),
        (lambda: MLP(2, [10**7, 10**7]), r"MLP: 100,000,040,000,000 parameters would need about"),
    ],
)
def test_sizes_too_large_for_memory_are_refused_at_once(
    build: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message + ".* of memory, more than this machine's"):
        build()


@pytest.mark.parametrize("where", ["Neuron", "Layer", "MLP"])
@pytest.mark.parametrize(
    ("option", "value", "error", "message"),
    [
        ("seed", "x", TypeError, "seed must be None, an int or a numpy.random.Generator, got 'x'"),
        ("seed", -1, ValueError, "seed must be a non-negative int, got -1"),
        ("activation", None, ValueError, "unknown activation None; choose one of"),
        ("activation", ["relu"], ValueError, r"unknown activation \['relu'\]; choose one of"),
        ("init", "normal", ValueError, "unknown initialisation 'normal'; choose one of"),
    ],
)
def test_options_are_checked_by_the_constructor_called(
    where: str, option: str, value: Any, error: type, message: str
) -> None:
    build = {"Neuron": lambda **kw: Neuron(2, **kw), "Layer": lambda **kw: Layer(2, 3, **kw)}
    build["MLP"] = lambda **kw: MLP(2, [3, 1], **kw)
    with pytest.raises(error, match=f"{where}: {message}"):
        build[where](**{option: value})


@pytest.mark.parametrize(
    "build",
    [lambda: MLP(2, 10**400), lambda: Layer(2, 3)(10**400)],
)
def test_a_huge_int_is_named_by_its_size_not_printed(build: Callable[[], object]) -> None:
    with pytest.raises(TypeError, match=r"an int of about 10\^400") as info:
        build()
    assert len(str(info.value)) < 150


def test_a_whole_batch_given_to_a_model_says_one_sample_at_a_time() -> None:
    model = MLP(2, [3, 1], seed=0)
    with pytest.raises(TypeError, match=r"^MLP: got a whole batch of shape \(2, 2\); .*model\(x\)"):
        model(np.array([[1.0, 2.0], [3.0, 4.0]]))
