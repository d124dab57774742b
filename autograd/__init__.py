"""chainrule's engine: scalar reverse-mode automatic differentiation.

>>> from autograd import Value
>>> a, b = Value(2.0), Value(-3.0)
>>> c = a * b + a
>>> c.backward()
>>> a.grad, b.grad
(-2.0, 2.0)
"""

from .compile import CompiledGraph, compile_graph
from .functional import GradcheckError, grad, gradcheck
from .grad_mode import is_grad_enabled, no_grad
from .op import Op
from .value import BackwardStep, Value, dot, gc_paused, logsumexp
from .value import sum as sum  # noqa: A004 - autograd.sum, as torch.sum; not in __all__

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
