"""Gradients as return values: ``grad`` (with higher derivatives) and ``gradcheck``."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from .grad_mode import _grad_mode, no_grad
from .value import Value, _shown, as_float


def grad(output: Value, inputs: Sequence[Value], create_graph: bool = False) -> list[Value]:
    """d(output)/d(x) for each x in ``inputs``, leaving every ``.grad`` untouched.

    With ``create_graph=True`` each local derivative is rebuilt as a Value by its rule in
    ``autograd.ops``, so the gradients returned have graphs of their own and can be
    differentiated again (second derivatives, Hessians, Newton steps).
    """
    if not isinstance(output, Value):
        raise TypeError(f"grad: output must be a Value, got {output!r}")
    if isinstance(inputs, Value) or not isinstance(inputs, Sequence):
        raise TypeError(f"grad: inputs must be a list of Values, got {inputs!r}")
    for x in inputs:
        if not isinstance(x, Value):
            raise TypeError(f"grad: every input must be a Value, got {x!r}")
    grads: dict[int, Any] = {id(output): 1.0}
    for node in output.topological_order():
        g = grads.get(id(node))
        if g is None:
            continue
        local_grads = _derivatives(node) if create_graph else node.local_grads
        for parent, local in zip(node.parents, local_grads):
            key = id(parent)
            grads[key] = grads[key] + local * g if key in grads else local * g
    result = []
    for x in inputs:
        g = grads.get(id(x), 0.0)
        if not isinstance(g, Value):
            if not math.isfinite(g):
                raise OverflowError(f"grad: the gradient with respect to {x!r} overflowed")
            g = Value(g)
        result.append(g)
    return result


def _derivatives(node: Value) -> list[Any]:
    """node's local derivatives as Values; a node they make with an infinite derivative of
    its own remembers which derivative it belongs to, for the error backward may raise."""
    args = [x.data if isinstance(x, Value) else x for x in node.inputs()]
    _grad_mode.deriving = f"grad: the second derivative of {node.op} at ({_shown(args)})"
    try:
        return node.differentiable_local_grads()
    finally:
        _grad_mode.deriving = None


class GradcheckError(RuntimeError):
    """Analytic and numerical gradients disagree (PyTorch's name)."""


def gradcheck(
    f: Callable[..., Value],
    inputs: Sequence[float | Value],
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
) -> bool:
    """Compare ``grad`` of ``f(*inputs)`` with central differences (f(x+eps) - f(x-eps)) / 2eps.

    Returns True, or raises GradcheckError listing each input whose two numbers differ by
    more than ``atol + rtol * |numeric|``: a sign that some local derivative on the way
    (an ``Op``'s ``local_grads``, say) is wrong.
    """
    if not callable(f):
        raise TypeError(f"gradcheck: f must be a function, got {f!r}")
    if isinstance(inputs, Value) or not isinstance(inputs, Sequence):
        raise TypeError(f"gradcheck: inputs must be a list of numbers, got {inputs!r}")
    eps = _positive("eps", eps)
    atol, rtol = _positive("atol", atol, zero=True), _positive("rtol", rtol, zero=True)
    point = [as_float("gradcheck", x.data if isinstance(x, Value) else x) for x in inputs]
    leaves = [Value(p) for p in point]
    out = f(*leaves)
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck: f must return a Value, got {out!r}")
    analytic = [g.data for g in grad(out, leaves)]
    mismatches = []
    for i, a in enumerate(analytic):
        numeric = (_at(f, point, i, eps) - _at(f, point, i, -eps)) / (2.0 * eps)
        if abs(a - numeric) > atol + rtol * abs(numeric):
            mismatches.append(
                f"  input {i} (x = {point[i]!r}): analytic {a!r}, numeric {numeric!r}"
            )
    if mismatches:
        raise GradcheckError(
            "gradcheck: gradients disagree (backward's chain rule gives the 'analytic' "
            "numbers, nudging each input by eps gives the 'numeric' ones; a local derivative "
            "on the way is likely wrong)\n" + "\n".join(mismatches)
        )
    return True


def _positive(name: str, x: Any, zero: bool = False) -> float:
    value = as_float(f"gradcheck: {name}", x)
    if value < 0.0 or (value == 0.0 and not zero):
        raise ValueError(f"gradcheck: {name} must be {'>= 0' if zero else '> 0'}, got {x!r}")
    return value


def _at(f: Callable[..., Value], point: list[float], i: int, shift: float) -> float:
    """f with input i moved by ``shift``: a GradcheckError if f is not defined there."""
    with no_grad():
        moved = [Value(p + shift if j == i else p) for j, p in enumerate(point)]
        try:
            return f(*moved).data
        except (ArithmeticError, ValueError) as error:
            raise GradcheckError(
                f"gradcheck: f is not defined at the probe x = {point[i] + shift!r} of input "
                f"{i} (x = {point[i]!r}, eps = {abs(shift)!r}): {error}. Choose a point "
                "farther from the edge of f's domain, or a smaller eps"
            ) from None
