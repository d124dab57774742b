"""Every operation of the engine: its forward rule and its local derivatives, side by side.

An operation is an ``Op``: a name and a pair of functions,

* ``forward(*inputs) -> float`` computes the output from plain floats, and raises a clear
  error for input outside the operation's domain;
* ``local_grads(out, *inputs) -> tuple`` gives d(out)/d(input) for each input. Where a
  derivative does not exist (sqrt at 0) it is ``inf``: recorded, and an error only if a
  nonzero gradient ever has to pass through it.

``local_grads`` is written once and serves two paths. In the ordinary forward pass its
arguments are floats and it returns floats, stored on the node for ``backward()``. For
``grad(..., create_graph=True)`` it is called again with the node itself as ``out`` and the
input ``Value`` objects as inputs, so the derivatives it returns are ``Value`` objects with a
graph of their own, ready to be differentiated again. The helpers ``_log``, ``_sin``,
``_cos``, ``_power`` and ``_number`` let one formula serve both kinds of argument.

The table at the bottom is made of the same ``Op`` objects a learner makes for an operation
of their own: ``Op("swish", forward, local_grads)(x)`` builds a node like ``x.tanh()`` does.
"""

from __future__ import annotations

import math
import operator
import sys
from collections.abc import Iterable, Sequence
from functools import partial, reduce
from typing import Any

from .op import Op

# --- helpers that accept floats (fast path) or Values (differentiable path) ---------------


def _log(x: Any) -> Any:
    return math.log(x) if type(x) is float else x.log()


def _sin(x: Any) -> Any:
    return math.sin(x) if type(x) is float else x.sin()


def _cos(x: Any) -> Any:
    return math.cos(x) if type(x) is float else x.cos()


def _exp_of(x: Any) -> Any:
    return math.exp(x) if type(x) is float else x.exp()


def _sigmoid_of(x: Any) -> Any:
    return _sigmoid(x) if type(x) is float else x.sigmoid()


def _power(x: Any, y: Any) -> Any:
    return _pow(x, y) if type(x) is float and type(y) is float else x**y


def _number(x: Any) -> float:
    """The plain number in x: a float itself, or a Value's data (Values compare by identity)."""
    return x if type(x) is float else x.data


def _fmt(x: float) -> str:
    return repr(float(x))


# Sums add their terms left to right from 0.0, as written. Python 3.12's builtin sum() of
# floats compensates rounding instead, so there the left-to-right reduce is used: the same
# numbers on every Python, and the same as a replay of the graph that adds term by term.
def _left_to_right(terms: Iterable[Any]) -> Any:
    return reduce(operator.add, terms, 0.0)


_plain_sum = partial(sum, start=0.0) if sys.version_info < (3, 12) else _left_to_right


# --- forward rules that can fail: each names itself and the offending value ------------


def _div(x: float, y: float) -> float:
    if y == 0.0:
        raise ZeroDivisionError(f"/: division by zero ({_fmt(x)} / {_fmt(y)})")
    return x / y


def _pow(x: float, y: float) -> float:
    if x < 0.0 and not y.is_integer():
        raise ValueError(f"**: a negative base {_fmt(x)} to the non-integer power {_fmt(y)}")
    if x == 0.0 and y < 0.0:
        raise ValueError(f"**: 0.0 to the negative power {_fmt(y)} is undefined")
    try:
        return x**y
    except OverflowError:
        raise OverflowError(f"**: {_fmt(x)} ** {_fmt(y)} overflows a float") from None


def _exp(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        raise OverflowError(f"exp: exp({_fmt(x)}) overflows a float") from None


def _logf(x: float) -> float:
    if x <= 0.0:
        raise ValueError(f"log: the logarithm needs x > 0, got {_fmt(x)}")
    return math.log(x)


def _sqrt(x: float) -> float:
    if x < 0.0:
        raise ValueError(f"sqrt: the square root needs x >= 0, got {_fmt(x)}")
    return math.sqrt(x)


def _sigmoid(x: float) -> float:
    # Two forms so that exp never overflows: exact and finite for every finite x.
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


# --- local derivatives that can be infinite --------------------------------------------


def _pow_grads(out: Any, x: Any, c: Any) -> tuple[Any, float]:
    """d/dx x**c = c * x**(c-1), for a constant exponent c (infinite at x = 0 for c < 1)."""
    if _number(c) == 0.0:
        return (0.0, 0.0)
    if _number(x) == 0.0 and _number(c) < 1.0:
        return (math.inf, 0.0)
    return (c * _power(x, c - 1.0), 0.0)


def _pow_both_grads(out: Any, x: Any, y: Any) -> tuple[Any, Any]:
    """d/dx x**y = y * x**(y-1);  d/dy x**y = x**y * log(x)."""
    if x < 0.0:
        raise ValueError(
            f"**: the derivative of {_fmt(x)} ** y with respect to the exponent y needs a "
            "base >= 0 (log of a negative number)"
        )
    return (_pow_grads(out, x, y)[0], 0.0 if _number(x) == 0.0 else out * _log(x))


def _rpow_grads(out: Any, x: Any, c: Any) -> tuple[Any, float]:
    """d/dx c**x = c**x * log(c), for a constant base c."""
    if c < 0.0:
        raise ValueError(
            f"**: the derivative of {_fmt(c)} ** x with respect to x needs a base >= 0"
        )
    return (0.0 if _number(c) == 0.0 else out * _log(c), 0.0)


def _sqrt_grads(out: Any, x: Any) -> tuple[Any]:
    """d/dx sqrt(x) = 1 / (2 sqrt(x)) (infinite at x = 0)."""
    return (math.inf if _number(out) == 0.0 else 0.5 / out,)


def _sign(x: Any) -> float:
    return 1.0 if x > 0.0 else -1.0 if x < 0.0 else 0.0


def _softplus(x: float) -> float:
    # log(1 + e^x) = max(x, 0) + log(1 + e^-|x|): exact and finite for every finite x.
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def _logsumexp(*xs: float) -> float:
    # log sum_i e^x_i = m + log sum_i e^(x_i - m), m = max x_i: no exp overflows.
    m = max(xs)
    return m + math.log(_plain_sum([math.exp(x - m) for x in xs]))


def _logsumexp_grads(out: Any, *xs: Any) -> tuple[Any, ...]:
    """d/dx_i logsumexp(x) = softmax(x)_i = e^(x_i - m) / sum_j e^(x_j - m), m = max x_j.

    From the maximum, not from ``out``: at x = (1e16, 1e16), out rounds to 1e16 and
    e^(x_i - out) would give 1.0 each where 0.5 is right. m is a plain number: shifting every
    x_j by the same constant changes neither softmax nor its derivatives.
    """
    m = max(_number(x) for x in xs)
    exps = [_exp_of(x - m) for x in xs]
    total = _plain_sum(exps)
    return tuple(e / total for e in exps)


def dot_forward(w: Sequence[float], x: Sequence[float], b: float) -> float:
    """out = w.x + b, the products added left to right."""
    return _plain_sum(map(operator.mul, w, x)) + b


def dot_local_grads(w: Sequence[Any], x: Sequence[Any]) -> tuple[Any, ...]:
    """out = w.x + b:  d/dw_i = x_i,  d/dx_i = w_i,  d/db = 1 (in the order w, x, b)."""
    return (*x, *w, 1.0)


# The same two rules as an n-ary Op takes them: all inputs in one row, w_1..w_n, x_1..x_n, b.
def _dot(*args: float) -> float:
    n = len(args) // 2
    return dot_forward(args[:n], args[n : 2 * n], args[-1])


def _dot_grads(out: Any, *args: Any) -> tuple[Any, ...]:
    n = len(args) // 2
    return dot_local_grads(args[:n], args[n : 2 * n])


# --- the table: name, forward rule, local derivatives -----------------------------------
# Binary rules take (x, y). When one input is a plain number it is passed as y (the
# "r" rules below exist so that `2 - x` is RSUB(x, 2)); its derivative is dropped.

ADD = Op("+", lambda x, y: x + y, lambda out, x, y: (1.0, 1.0))
SUB = Op("-", lambda x, y: x - y, lambda out, x, y: (1.0, -1.0))
RSUB = Op("-", lambda x, c: c - x, lambda out, x, c: (-1.0, 1.0))  # c - x
MUL = Op("*", lambda x, y: x * y, lambda out, x, y: (y, x))
DIV = Op("/", _div, lambda out, x, y: (1.0 / y, -out / y))
RDIV = Op("/", lambda x, c: _div(c, x), lambda out, x, c: (-out / x, 1.0 / x))  # c / x
POW = Op("**", _pow, _pow_grads)  # x ** c, c a constant
POW_BOTH = Op("**", _pow, _pow_both_grads)  # x ** y, both Values
RPOW = Op("**", lambda x, c: _pow(c, x), _rpow_grads)  # c ** x
NEG = Op("neg", lambda x: -x, lambda out, x: (-1.0,))
ABS = Op("abs", abs, lambda out, x: (_sign(x),))
EXP = Op("exp", _exp, lambda out, x: (out,))
LOG = Op("log", _logf, lambda out, x: (1.0 / x,))
SQRT = Op("sqrt", _sqrt, _sqrt_grads)
SIN = Op("sin", math.sin, lambda out, x: (_cos(x),))
COS = Op("cos", math.cos, lambda out, x: (-_sin(x),))
TANH = Op("tanh", math.tanh, lambda out, x: (1.0 - out * out,))
SIGMOID = Op("sigmoid", _sigmoid, lambda out, x: (out * (1.0 - out),))
SOFTPLUS = Op("softplus", _softplus, lambda out, x: (_sigmoid_of(x),))
RELU = Op("relu", lambda x: x if x > 0.0 else 0.0, lambda out, x: (1.0,) if x > 0.0 else (0.0,))
LEAKY_RELU = Op(
    "leaky_relu",
    lambda x, a: x if x > 0.0 else a * x,
    lambda out, x, a: (1.0 if x > 0.0 else a, 0.0),
)
SUM = Op("sum", lambda *xs: _plain_sum(xs), lambda out, *xs: (1.0,) * len(xs))
DOT = Op("dot", _dot, _dot_grads)  # inputs: w_1..w_n, x_1..x_n, b
LOGSUMEXP = Op("logsumexp", _logsumexp, _logsumexp_grads)
