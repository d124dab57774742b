"""Shared by the autograd tests: the table of operations, PyTorch's spelling of them, and
central finite differences.

Each operation in the table is written once, as ``expr(lib, *inputs)``. The same code runs on
Values (``lib = OURS``) and on float64 tensors (``lib = torch_lib(torch)``): ``lib`` only
spells the few functions that the two libraries name differently, so a parity test compares
the engine and PyTorch on exactly the same expression.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType, SimpleNamespace
from typing import Any

from hypothesis import strategies as st

import autograd
from autograd import Value, no_grad

Interval = tuple[float, float]
Domain = tuple[Interval, ...]  # a union of closed intervals

# Inputs are kept where every operation is defined and well-conditioned, and at least 0.2
# away from any kink (abs, relu, leaky_relu at 0), so that a failure is a real one.
ANY: Domain = ((-3.0, 3.0),)
POSITIVE: Domain = ((0.2, 5.0),)
NONZERO: Domain = ((-3.0, -0.2), (0.2, 3.0))


def in_domain(x: float, domain: Domain) -> bool:
    """True if ``x`` lies in one of the domain's intervals."""
    return any(lo <= x <= hi for lo, hi in domain)


@dataclass(frozen=True)
class OpCase:
    """One operation applied to its inputs, making exactly one node whose parents are them."""

    name: str
    expr: Callable[..., Any]  # expr(lib, *inputs)
    domain: tuple[Domain, ...]  # one per input

    def __str__(self) -> str:
        return self.name

    def points(self) -> st.SearchStrategy[tuple[float, ...]]:
        """Input points inside the domain."""
        return st.tuples(*(st.one_of([st.floats(lo, hi) for lo, hi in d]) for d in self.domain))

    def accepts(self, *xs: float) -> bool:
        """True if every input lies in its domain."""
        return all(in_domain(x, d) for x, d in zip(xs, self.domain))


OURS = SimpleNamespace(
    sum=autograd.sum,
    dot=autograd.dot,
    logsumexp=autograd.logsumexp,
    softplus=Value.softplus,
    leaky_relu=Value.leaky_relu,
)


@functools.cache
def torch_lib(torch: ModuleType) -> SimpleNamespace:
    """PyTorch's spelling of what the engine offers as n-ary functions or extra methods."""

    def stack(xs: Sequence[Any]) -> Any:
        return torch.stack([torch.as_tensor(x) for x in xs])

    return SimpleNamespace(
        sum=lambda xs: stack(xs).sum(),
        dot=lambda w, x, b=0.0: torch.dot(stack(w), stack(x)) + b,
        logsumexp=lambda xs: torch.logsumexp(stack(xs), dim=0),
        softplus=torch.nn.functional.softplus,
        leaky_relu=torch.nn.functional.leaky_relu,
    )


OP_CASES = [
    OpCase("neg", lambda m, x: -x, (ANY,)),
    OpCase("abs", lambda m, x: abs(x), (NONZERO,)),
    OpCase("exp", lambda m, x: x.exp(), (ANY,)),
    OpCase("log", lambda m, x: x.log(), (POSITIVE,)),
    OpCase("sqrt", lambda m, x: x.sqrt(), (POSITIVE,)),
    OpCase("tanh", lambda m, x: x.tanh(), (ANY,)),
    OpCase("sigmoid", lambda m, x: x.sigmoid(), (ANY,)),
    OpCase("relu", lambda m, x: x.relu(), (NONZERO,)),
    OpCase("leaky_relu", lambda m, x: m.leaky_relu(x), (NONZERO,)),
    OpCase("leaky_relu(0.2)", lambda m, x: m.leaky_relu(x, 0.2), (NONZERO,)),
    OpCase("sin", lambda m, x: x.sin(), (ANY,)),
    OpCase("cos", lambda m, x: x.cos(), (ANY,)),
    OpCase("softplus", lambda m, x: m.softplus(x), (ANY,)),
    # with a plain number on either side
    OpCase("x+2", lambda m, x: x + 2, (ANY,)),
    OpCase("2+x", lambda m, x: 2 + x, (ANY,)),
    OpCase("x-2", lambda m, x: x - 2, (ANY,)),
    OpCase("2-x", lambda m, x: 2 - x, (ANY,)),
    OpCase("x*1.5", lambda m, x: x * 1.5, (ANY,)),
    OpCase("1.5*x", lambda m, x: 1.5 * x, (ANY,)),
    OpCase("x/2", lambda m, x: x / 2, (ANY,)),
    OpCase("2/x", lambda m, x: 2 / x, (NONZERO,)),
    OpCase("x**2", lambda m, x: x**2, (ANY,)),
    OpCase("x**3", lambda m, x: x**3, (ANY,)),
    OpCase("x**0", lambda m, x: x**0, (ANY,)),
    OpCase("x**0.5", lambda m, x: x**0.5, (POSITIVE,)),
    OpCase("x**-1.5", lambda m, x: x**-1.5, (POSITIVE,)),
    OpCase("2**x", lambda m, x: 2**x, (ANY,)),
    OpCase("0.5**x", lambda m, x: 0.5**x, (ANY,)),
    # two Values
    OpCase("x+y", lambda m, x, y: x + y, (ANY, ANY)),
    OpCase("x-y", lambda m, x, y: x - y, (ANY, ANY)),
    OpCase("x*y", lambda m, x, y: x * y, (ANY, ANY)),
    OpCase("x/y", lambda m, x, y: x / y, (ANY, NONZERO)),
    OpCase("x**y", lambda m, x, y: x**y, (POSITIVE, ANY)),
    # n-ary, with and without plain numbers among the inputs
    OpCase("sum", lambda m, x, y, z: m.sum([x, y, z]), (ANY, ANY, ANY)),
    OpCase("sum(x,2,y)", lambda m, x, y: m.sum([x, 2.0, y]), (ANY, ANY)),
    OpCase("dot", lambda m, w1, w2, x1, x2, b: m.dot([w1, w2], [x1, x2], b), (ANY,) * 5),
    OpCase("dot(w,0.5;3,x;b)", lambda m, w, x, b: m.dot([w, 0.5], [3.0, x], b), (ANY,) * 3),
    OpCase("logsumexp", lambda m, x, y, z: m.logsumexp([x, y, z]), (ANY, ANY, ANY)),
    OpCase("logsumexp(x,1)", lambda m, x: m.logsumexp([x, 1.0]), (ANY,)),
]
CASES = {case.name: case for case in OP_CASES}


def evaluate(expr: Callable[..., Any], point: Sequence[float]) -> float:
    """``expr`` on fresh Values at ``point``, as a plain float (no graph is recorded)."""
    with no_grad():
        return float(expr(OURS, *(Value(x) for x in point)).data)


def numeric_gradient(
    f: Callable[[list[float]], float], point: Sequence[float], eps: float = 1e-6
) -> list[float]:
    """df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / 2h for each i, with h = eps * max(1, |x_i|)."""
    partials = []
    for i, x in enumerate(point):
        h = eps * max(1.0, abs(x))
        up, down = list(point), list(point)
        up[i], down[i] = x + h, x - h
        partials.append((f(up) - f(down)) / (up[i] - down[i]))
    return partials


def torch_leaves(torch: ModuleType, point: Sequence[float]) -> list[Any]:
    """One float64 leaf tensor per coordinate, each requiring grad."""
    return [torch.tensor(x, requires_grad=True) for x in point]


def torch_grads(tensors: Sequence[Any]) -> list[float]:
    """Each tensor's ``.grad`` as a float (0.0 where backward never reached it)."""
    return [0.0 if t.grad is None else t.grad.item() for t in tensors]
