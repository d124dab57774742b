"""Which rules are plain arithmetic: run them on symbols instead of numbers and see.

A rule that only adds, subtracts, multiplies, divides and negates gives the same bits on
numpy arrays as on Python floats, element by element (both round every operation of IEEE
754 doubles to nearest), so the compiler may run it on whole columns at once. A rule that
branches on a value (``x if x > 0.0 else 0.0``), calls a function (``math.tanh``) or a
builtin that may round differently (``sum`` from Python 3.12 on) fails on a symbol, and is
called per element.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

# An int meets a symbol when a rule uses the builtin sum(), which starts from 0. Up to Python
# 3.11, sum() adds floats one by one (0 + x is 0.0 + x): plain arithmetic. From 3.12 on it
# compensates the rounding of floats, which arrays would not reproduce: ints are refused.
_NUMBERS = (float, int) if sys.version_info < (3, 12) else (float,)


class Symbol:
    """A stand-in for a float that allows only + - * / and negation with floats and symbols."""

    __slots__ = ()

    def _join(self, other: Any) -> Symbol:
        if isinstance(other, Symbol) or type(other) in _NUMBERS:
            return Symbol()
        raise TypeError("a symbol combines only with numbers and symbols")

    __add__ = __radd__ = __sub__ = __rsub__ = _join
    __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _join

    def __neg__(self) -> Symbol:
        return Symbol()

    # A rule that looks at a value (x > 0.0, y == 0.0, bool(x)) cannot run on a symbol.
    def __bool__(self) -> bool:
        raise TypeError("a symbol has no value")

    def __eq__(self, other: object) -> bool:
        raise TypeError("a symbol has no value")

    __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __eq__
    __hash__ = None  # type: ignore[assignment]


def _is_number_or_symbol(x: Any) -> bool:
    return isinstance(x, Symbol) or type(x) in _NUMBERS


def forward_is_plain(forward: Callable[..., Any], arity: int) -> bool:
    """True if ``forward(x_1, ..., x_arity)`` runs on symbols and returns one."""
    try:
        return _is_number_or_symbol(forward(*(Symbol() for _ in range(arity))))
    except Exception:  # any failure on symbols: the rule is called per element instead
        return False


def local_grads_are_plain(local_grads: Callable[..., Any], arity: int) -> bool:
    """True if ``local_grads(out, x_1, ..., x_arity)`` runs on symbols: ``arity`` of them."""
    try:
        grads = local_grads(Symbol(), *(Symbol() for _ in range(arity)))
        return len(grads) == arity and all(map(_is_number_or_symbol, grads))
    except Exception:
        return False
