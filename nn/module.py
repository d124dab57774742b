"""``Module``: the base of every model, finding its parameters as torch.nn.Module does."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from autograd import Value
from autograd.value import as_float

from .checks import shown


class Module:
    """A model or a piece of one. Its parameters are the leaf Values among its attributes,
    found in sub-modules and in lists, tuples and dicts of them at any depth."""

    def __call__(self, *args: Any) -> Any:
        return self.forward(*args)

    def forward(self, *args: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must define forward()")

    def named_parameters(self, prefix: str = "") -> Iterator[tuple[str, Value]]:
        """(name, parameter) pairs such as ("layers.0.neurons.3.w.1", Value(...)).

        Attributes are read in the order they were set, depth first. A list or tuple adds
        the index to the name, a dict its key ("blocks.hidden.neurons.0.w.1"). Each Value
        is listed once, under the first name that reaches it, so a layer shared by two
        attributes (tied weights) is trained, penalised and saved once, as in PyTorch.
        A Value made by an operation (a cached output, say) is not a parameter.
        """
        seen = {id(self)}  # every Value, module and container met so far
        stack = _children(prefix, self)
        while stack:
            name, item = stack.pop()
            if id(item) in seen:
                continue
            seen.add(id(item))
            if isinstance(item, Value):
                if not item.parents:
                    yield name, item
            else:
                stack.extend(_children(name + ".", item))

    def parameters(self) -> list[Value]:
        """Every trainable leaf Value, each once, in the order of ``named_parameters()``."""
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
        if not isinstance(state, Mapping):
            raise TypeError(
                f"load_state_dict: expected a dict of name -> number such as "
                f"model.state_dict(), got {shown(state)}"
            )
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


_HOLDERS = (Value, Module, Mapping, list, tuple)  # what may be or hold a parameter


def _children(prefix: str, item: Any) -> list[tuple[str, Any]]:
    """(name, child) for the attributes of a module or the items of a dict, list or tuple,
    last first, so that a stack pops them in order."""
    if isinstance(item, Module):
        item = vars(item)
    if isinstance(item, Mapping):
        pairs = list(item.items())
    elif isinstance(item, (list, tuple)):
        pairs = list(enumerate(item))
    else:
        return []
    return [
        (f"{prefix}{key}", child) for key, child in reversed(pairs) if isinstance(child, _HOLDERS)
    ]
