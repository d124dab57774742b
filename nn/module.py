"""``Module``: the base of every model, finding its parameters as torch.nn.Module does."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from autograd import Value
from autograd.value import as_float


class Module:
    """A model or a piece of one. Its parameters are the Values among its attributes,
    found recursively in sub-modules and in lists of them, in a stable order."""

    def __call__(self, *args: Any) -> Any:
        return self.forward(*args)

    def forward(self, *args: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must define forward()")

    def named_parameters(self, prefix: str = "") -> Iterator[tuple[str, Value]]:
        """(name, parameter) pairs such as ("layers.0.neurons.3.w.1", Value(...))."""
        for name, attribute in vars(self).items():
            yield from _named(attribute, prefix + name)

    def parameters(self) -> list[Value]:
        """Every trainable leaf Value, in the order of ``named_parameters()``."""
        return [p for _, p in self.named_parameters()]

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0 before the next backward pass."""
        for p in self.parameters():
            p.grad = 0.0

    def state_dict(self) -> dict[str, float]:
        """name -> value of every parameter."""
        return {name: p.data for name, p in self.named_parameters()}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Copy values from ``state`` into the parameters, by name.

        The names must match exactly and every value must be a finite number; otherwise a
        ValueError (or TypeError) names the first mismatch and nothing is changed.
        """
        named = dict(self.named_parameters())
        values = {}
        for name in named:
            if name not in state:
                raise ValueError(f"load_state_dict: missing parameter {name!r}")
            if isinstance(state[name], bool):
                raise TypeError(f"load_state_dict: {name!r} is {state[name]!r}, not a number")
            values[name] = as_float(f"load_state_dict: {name!r}", state[name])
        for name in state:
            if name not in named:
                raise ValueError(f"load_state_dict: unexpected parameter {name!r}")
        for name, p in named.items():
            p.data = values[name]


def _named(attribute: Any, name: str) -> Iterator[tuple[str, Value]]:
    if isinstance(attribute, Value):
        yield name, attribute
    elif isinstance(attribute, Module):
        yield from attribute.named_parameters(name + ".")
    elif isinstance(attribute, (list, tuple)):
        for i, item in enumerate(attribute):
            yield from _named(item, f"{name}.{i}")
