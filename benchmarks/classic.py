"""The classic micrograd design, as a baseline for the benchmarks (not part of chainrule).

Each operation makes a ``Value`` that keeps its inputs in a set ``_prev`` and a closure
``_backward`` that, when called, adds the operation's share of the chain rule to its
inputs' gradients:

    out = a * b        ->   _backward():  a.grad += b.data * out.grad
                                          b.grad += a.data * out.grad

A plain number mixed into an operation is first wrapped in a ``Value`` of its own.
``backward()`` orders the graph by a recursive depth-first search and calls every closure
from the output back to the leaves. Chainrule differs in each of these choices; the
benchmarks measure what that buys.
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Union

Operand = Union["Value", float]

# Deep enough for the benchmarks' chain of a million operations: the search recurses once
# per node along the chain. (Python >= 3.11 keeps Python-to-Python calls off the C stack.)
_RECURSION_LIMIT = 1_100_000


def _no_backward() -> None:
    """A leaf's closure: it has no inputs to pass a gradient to."""


class Value:
    """A scalar that remembers its inputs and how to pass its gradient on to them."""

    def __init__(self, data: float, _children: tuple[Value, ...] = (), _op: str = "") -> None:
        self.data = data
        self.grad = 0.0
        self._backward: Callable[[], None] = _no_backward
        self._prev = set(_children)
        self._op = _op

    def __repr__(self) -> str:
        return f"Value(data={self.data}, grad={self.grad})"

    def __add__(self, other: Operand) -> Value:
        other = _as_value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward() -> None:  # d(a + b)/da = d(a + b)/db = 1
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other: Operand) -> Value:
        other = _as_value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward() -> None:  # d(ab)/da = b, d(ab)/db = a
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, exponent: float) -> Value:
        """x ** c for a constant c (a plain number)."""
        if not isinstance(exponent, (int, float)):
            raise TypeError(f"**: the exponent must be a plain number, got {exponent!r}")
        out = Value(self.data**exponent, (self,), f"**{exponent}")

        def _backward() -> None:  # d(x^c)/dx = c x^(c-1)
            self.grad += exponent * self.data ** (exponent - 1) * out.grad

        out._backward = _backward
        return out

    def relu(self) -> Value:
        out = Value(self.data if self.data > 0 else 0.0, (self,), "relu")

        def _backward() -> None:  # d relu(x)/dx = 1 if x > 0 else 0
            self.grad += (out.data > 0) * out.grad

        out._backward = _backward
        return out

    def tanh(self) -> Value:
        out = Value(math.tanh(self.data), (self,), "tanh")

        def _backward() -> None:  # d tanh(x)/dx = 1 - tanh(x)^2
            self.grad += (1.0 - out.data**2) * out.grad

        out._backward = _backward
        return out

    def exp(self) -> Value:
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward() -> None:  # d e^x/dx = e^x
            self.grad += out.data * out.grad

        out._backward = _backward
        return out

    # The other operations are made of the ones above, as in micrograd.

    def __neg__(self) -> Value:
        return self * -1.0

    def __sub__(self, other: Operand) -> Value:
        return self + (-other)

    def __truediv__(self, other: Operand) -> Value:
        return self * _as_value(other) ** -1.0

    def __radd__(self, other: float) -> Value:
        return self + other

    def __rmul__(self, other: float) -> Value:
        return self * other

    def __rsub__(self, other: float) -> Value:
        return _as_value(other) + (-self)

    def __rtruediv__(self, other: float) -> Value:
        return _as_value(other) * self**-1.0

    def backward(self) -> None:
        """Set d(self)/d(node) in every node's ``.grad``, calling the closures in reverse
        topological order (outputs before the inputs they were made from)."""
        order: list[Value] = []
        visited: set[Value] = set()

        def visit(node: Value) -> None:
            if node not in visited:
                visited.add(node)
                for child in node._prev:
                    visit(child)
                order.append(node)

        with _recursion_limit(_RECURSION_LIMIT):
            visit(self)
        self.grad = 1.0
        for node in reversed(order):
            node._backward()


def _as_value(x: Operand) -> Value:
    return x if isinstance(x, Value) else Value(x)


@contextmanager
def _recursion_limit(limit: int) -> Iterator[None]:
    """Raise the interpreter's recursion limit to at least ``limit`` for the block."""
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous, limit))
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)


class Module:
    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad = 0.0

    def parameters(self) -> list[Any]:
        return []


class Neuron(Module):
    """relu(w . x + b), or w . x + b without ``nonlin``; the sum is a chain of ``+``."""

    def __init__(self, nin: int, nonlin: bool = True) -> None:
        self.w: list[Any] = [Value(random.uniform(-1.0, 1.0)) for _ in range(nin)]
        self.b: Any = Value(0.0)
        self.nonlin = nonlin

    def __call__(self, x: Sequence[Any]) -> Any:
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return act.relu() if self.nonlin else act

    def parameters(self) -> list[Any]:
        return [*self.w, self.b]


class Layer(Module):
    def __init__(self, nin: int, nout: int, nonlin: bool = True) -> None:
        self.neurons = [Neuron(nin, nonlin) for _ in range(nout)]

    def __call__(self, x: Sequence[Any]) -> list[Any]:
        return [n(x) for n in self.neurons]

    def parameters(self) -> list[Any]:
        return [p for n in self.neurons for p in n.parameters()]


class MLP(Module):
    """Layers of sizes ``nouts`` after ``nin`` inputs: relu on hidden layers, linear output."""

    def __init__(self, nin: int, nouts: Sequence[int]) -> None:
        sizes = [nin, *nouts]
        self.layers = [
            Layer(sizes[i], sizes[i + 1], nonlin=i != len(nouts) - 1) for i in range(len(nouts))
        ]

    def __call__(self, x: Sequence[Any]) -> Any:
        """The output Value when the last layer has one unit, else the list of outputs."""
        for layer in self.layers:
            x = layer(x)
        return x[0] if len(x) == 1 else x

    def parameters(self) -> list[Any]:
        return [p for layer in self.layers for p in layer.parameters()]
