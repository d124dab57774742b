"""``Op``: an operation of the engine, built-in or your own.

An Op is a name, a forward rule and its local derivatives::

    swish = Op(
        "swish",
        forward=lambda x: x / (1.0 + math.exp(-x)),
        local_grads=lambda out, x: (out + (1.0 - out) / (1.0 + math.exp(-x)),),
    )
    y = swish(Value(0.5))  # a node like any other: backward, grad, draw_graph, compile_graph

``forward(*inputs)`` gets plain floats and returns a float. ``local_grads(out, *inputs)``
returns d(out)/d(input) for each input, in order. Write ``local_grads`` with operations that
also work on Values (``+``, ``*``, ``.exp()``...) and ``grad(..., create_graph=True)`` can
differentiate it again; with ``math`` functions it serves first derivatives only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Op:
    """One operation: a name for graphs, a forward rule and its local derivatives.

    ``Op(name, forward, local_grads)``: ``forward(*inputs) -> float`` on plain floats;
    ``local_grads(out, *inputs) -> tuple`` with d(out)/d(input) for each input, in order
    (the output first, so a derivative can reuse it: for tanh, ``1 - out * out``).
    Call it on Values and numbers: ``Op("cube", lambda x: x**3, lambda out, x: (3 * x**2,))(v)``.
    """

    __slots__ = ("forward", "local_grads", "name")

    def __init__(
        self,
        name: str,
        forward: Callable[..., float],
        local_grads: Callable[..., tuple[Any, ...]],
    ) -> None:
        if not isinstance(name, str) or not name:
            raise TypeError(f"Op: name must be a non-empty string, got {name!r}")
        for what, rule in (("forward", forward), ("local_grads", local_grads)):
            if not callable(rule):
                raise TypeError(f"Op {name!r}: {what} must be a function, got {rule!r}")
        self.name = name
        self.forward = forward
        self.local_grads = local_grads

    def __call__(self, *inputs: Any) -> Any:
        """A new node: ``forward`` of the inputs' data, ``local_grads`` stored for backward.

        Inputs may be Values or plain numbers; plain numbers are constants (no gradient).
        """
        from .value import apply  # value.py builds nodes from Ops; imported here, not above,
        # because value.py itself imports the table of built-in Ops

        return apply(self, inputs)

    def __repr__(self) -> str:
        return f"Op({self.name!r})"
