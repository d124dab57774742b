"""chainrule's engine: scalar reverse-mode automatic differentiation.

>>> from autograd import Value
>>> a, b = Value(2.0), Value(-3.0)
>>> c = a * b + a
>>> c.backward()
>>> a.grad, b.grad
(-2.0, 2.0)
"""

from typing import TYPE_CHECKING, Any

from .collector import gc_paused, tune_threshold
from .functional import GradcheckError, grad, gradcheck
from .grad_mode import is_grad_enabled, no_grad
from .op import Op
from .value import BackwardStep, Value, dot, logsumexp
from .value import sum as sum  # noqa: A004 - autograd.sum, as torch.sum; not in __all__

if TYPE_CHECKING:
    from .compile import CompiledGraph, compile_graph

tune_threshold()  # fewer rescans of large graphs by the cyclic collector (see collector.py)


def __getattr__(name: str) -> Any:
    """compile_graph and CompiledGraph load on first use: they need numpy, the engine not."""
    if name in ("compile_graph", "CompiledGraph"):
        from . import compile as compiler

        return getattr(compiler, name)
    raise AttributeError(f"module 'autograd' has no attribute {name!r}")


__all__ = [
    "BackwardStep",
    "CompiledGraph",
    "GradcheckError",
    "Op",
    "Value",
    "compile_graph",
    "dot",
    "gc_paused",
    "grad",
    "gradcheck",
    "is_grad_enabled",
    "logsumexp",
    "no_grad",
]
