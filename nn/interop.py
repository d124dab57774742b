"""Moving an MLP to PyTorch and back: the way out when a model outgrows a scalar engine.

A chainrule ``Layer`` of ``nout`` neurons with ``nin`` inputs is a ``torch.nn.Linear(nin,
nout)`` whose weight row j is neuron j's weights and whose bias j is neuron j's bias,
followed by the layer's activation module. PyTorch is imported inside these functions only,
so the rest of chainrule runs without it.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, Any

from autograd.value import as_float

from .layers import MLP

if TYPE_CHECKING:
    import torch

# chainrule activation name -> the torch.nn module class that computes it ("linear": none).
TORCH_ACTIVATIONS = {
    "relu": "ReLU",
    "tanh": "Tanh",
    "sigmoid": "Sigmoid",
    "leaky_relu": "LeakyReLU",
}
LEAKY_RELU_SLOPE = 0.01  # the slope of chainrule's "leaky_relu" (Value.leaky_relu's default)


def to_torch(mlp: MLP) -> torch.nn.Sequential:
    """The same network as a ``torch.nn.Sequential`` of float64 Linear layers and activations.

    The weights are copied exactly, so both compute the same outputs and gradients; train
    the copy with torch.optim when chainrule becomes too slow.
    """
    torch = _import_torch("to_torch")
    if not isinstance(mlp, MLP):
        raise TypeError(f"to_torch: expected an nn.MLP, got {type(mlp).__name__}")
    modules: list[Any] = []
    for layer in mlp.layers:
        neurons = layer.neurons
        linear = torch.nn.Linear(len(neurons[0].w), len(neurons), dtype=torch.float64)
        with torch.no_grad():
            weight = [[w.data for w in n.w] for n in neurons]
            linear.weight.copy_(torch.tensor(weight, dtype=torch.float64))
            linear.bias.copy_(torch.tensor([n.b.data for n in neurons], dtype=torch.float64))
        modules.append(linear)
        activation = neurons[0].activation
        if activation != "linear":
            modules.append(_torch_activation(torch, activation))
    return torch.nn.Sequential(*modules)


def from_torch(sequential: torch.nn.Sequential) -> MLP:
    """The chainrule ``MLP`` computing the same function as ``sequential``.

    ``sequential`` must be Linear layers, each followed by at most one of ReLU, Tanh,
    Sigmoid or LeakyReLU(0.01), with the same activation after every hidden layer (an MLP
    has one hidden activation). A Linear without bias gets biases of zero.
    """
    torch = _import_torch("from_torch")
    if not isinstance(sequential, torch.nn.Sequential):
        raise TypeError(
            f"from_torch: expected a torch.nn.Sequential, got {type(sequential).__name__}"
        )
    linears: list[Any] = []
    activations: list[str] = []  # the activation after each Linear
    for i, module in enumerate(sequential):
        if type(module) is torch.nn.Linear:
            if linears and module.in_features != linears[-1].out_features:
                raise ValueError(
                    f"from_torch: module {i} (Linear) takes {module.in_features} inputs "
                    f"but the layer before it has {linears[-1].out_features} outputs"
                )
            linears.append(module)
            activations.append("linear")
            continue
        name = _chainrule_activation(torch, i, module)
        if not linears or activations[-1] != "linear":
            raise ValueError(
                f"from_torch: module {i} ({type(module).__name__}) must follow a Linear layer: "
                "an MLP has at most one activation after each Linear"
            )
        activations[-1] = name
    if not linears:
        raise ValueError("from_torch: the Sequential has no Linear layer")
    hidden = sorted(set(activations[:-1]))
    if len(hidden) > 1:
        raise ValueError(
            f"from_torch: an MLP uses one activation for every hidden layer, but the hidden "
            f"layers use {hidden}"
        )
    mlp = MLP(
        linears[0].in_features,
        [linear.out_features for linear in linears],
        activation=hidden[0] if hidden else "relu",
        output_activation=activations[-1],
    )
    for i, linear in enumerate(linears):
        for name, tensor in (("weight", linear.weight), ("bias", linear.bias)):
            if tensor is not None and not tensor.is_floating_point():
                raise TypeError(
                    f"from_torch: Linear layer {i} has a {tensor.dtype} {name}; an MLP's "
                    "weights are real numbers (a complex part would be lost)"
                )
    for layer, linear in zip(mlp.layers, linears):
        weights = linear.weight.detach().double().tolist()
        biases = linear.bias.detach().double().tolist() if linear.bias is not None else None
        for j, neuron in enumerate(layer.neurons):
            for w, x in zip(neuron.w, weights[j]):
                w.data = as_float("from_torch", x)
            neuron.b.data = as_float("from_torch", biases[j]) if biases is not None else 0.0
    return mlp


def _import_torch(where: str) -> ModuleType:
    try:
        import torch
    except ImportError:
        raise ImportError(
            f"{where} needs PyTorch, which is not installed: pip install torch"
        ) from None
    return torch


def _torch_activation(torch: ModuleType, name: str) -> Any:
    if name not in TORCH_ACTIVATIONS:
        raise ValueError(f"to_torch: activation {name!r} has no torch.nn module")
    module_class = getattr(torch.nn, TORCH_ACTIVATIONS[name])
    return module_class(LEAKY_RELU_SLOPE) if name == "leaky_relu" else module_class()


def _chainrule_activation(torch: ModuleType, i: int, module: Any) -> str:
    """The chainrule name of the activation module ``module`` (at index ``i``), or an error."""
    for name, class_name in TORCH_ACTIVATIONS.items():
        if type(module) is getattr(torch.nn, class_name):
            if name == "leaky_relu" and module.negative_slope != LEAKY_RELU_SLOPE:
                raise ValueError(
                    f"from_torch: module {i} (LeakyReLU with negative_slope="
                    f"{module.negative_slope}) is not supported: chainrule's leaky_relu has "
                    f"negative_slope={LEAKY_RELU_SLOPE}"
                )
            return name
    supported = ["Linear", *TORCH_ACTIVATIONS.values()]
    raise ValueError(
        f"from_torch: module {i} ({type(module).__name__}) is not supported; an MLP is made of "
        f"{supported} (LeakyReLU with negative_slope={LEAKY_RELU_SLOPE})"
    )
