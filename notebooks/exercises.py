"""Checks for the course's exercises: pass your answer, and hear whether it is right.

Every check prints one line, "right" or "not yet" with a hint, and returns True or False, so
a notebook can also ``assert`` it. A check never raises: if your code fails, the check says
how. Answers are compared with chainrule's own numbers (or with a short computation done here),
never with a stored copy of the solution.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from autograd import Value

__all__ = [
    "check_exp",
    "check_pow",
    "check_topological_order",
]


def _say(ok: bool, message: str) -> bool:
    print(("right: " if ok else "not yet: ") + message)
    return ok


def _close(a: Any, b: float, rel: float = 1e-6, abs_: float = 1e-9) -> bool:
    try:
        return math.isclose(float(a), b, rel_tol=rel, abs_tol=abs_)
    except (TypeError, ValueError):
        return False


def _number(answer: Any) -> float | None:
    """The answer as a float, or None when it is not a number (for example still ``...``)."""
    if isinstance(answer, Value):
        answer = answer.data
    if isinstance(answer, bool) or not isinstance(answer, int | float):
        try:
            return float(answer)
        except (TypeError, ValueError):
            return None
    return float(answer)


def _run(what: str, compute: Callable[[], Any]) -> tuple[bool, Any]:
    """Run the learner's code; on an error, report it and return (False, None)."""
    try:
        return True, compute()
    except Exception as error:  # the learner's code: any failure is an answer to report
        _say(False, f"{what} raised {type(error).__name__}: {error}")
        return False, None


# --- 02: build your own Value ---------------------------------------------------------


def _check_own_op(
    cls: type, method: str, build: Callable[[Any], Any], reference: Callable[[Value], Value]
) -> tuple[bool, str]:
    """Build ``build(leaf)`` with the learner's class and with Value; compare data and grad."""
    for x in (0.7, -1.3, 2.0):
        ran, out = _run(f"{method} at x = {x}", lambda x=x: _forward_backward(cls, build, x))
        if not ran:
            return False, ""
        data, gradient = out
        leaf = Value(x)
        expected = reference(leaf)
        expected.backward()
        if not _close(data, expected.data):
            return False, f"at x = {x} the value is {data}, it should be {expected.data}"
        if not _close(gradient, leaf.grad):
            return False, (
                f"at x = {x} the value is right but the gradient is {gradient}, it should be "
                f"{leaf.grad}: look at the local derivative you store"
            )
    return True, ""


def _forward_backward(cls: type, build: Callable[[Any], Any], x: float) -> tuple[float, float]:
    leaf = cls(x)
    out = build(leaf)
    out.backward()
    return out.data, leaf.grad


def _returns_a_node(cls: type, method: str, use: Callable[[Any], Any]) -> bool:
    ran, out = _run(method, lambda: use(cls(0.7)))
    if ran and not isinstance(out, cls):
        return _say(False, f"{method} returned {out!r}: return a new {cls.__name__}(...)")
    return ran


def check_exp(cls: type) -> bool:
    """Your class's ``exp``: is exp(x) * x right, value and gradient?"""
    if not _returns_a_node(cls, "exp", lambda v: v.exp()):
        return False
    ok, why = _check_own_op(cls, "exp", lambda v: v.exp() * v, lambda v: v.exp() * v)
    if why:
        _say(False, why + ". Hint: the derivative of e^x is e^x itself.")
    return ok and _say(True, "exp has the right value and the right local derivative")


def check_pow(cls: type) -> bool:
    """Your class's ``__pow__`` with a number exponent: is x ** 3 + x ** -1 right?"""
    if not _returns_a_node(cls, "**", lambda v: v**3):
        return False
    ok, why = _check_own_op(cls, "**", lambda v: v**3 + v**-1, lambda v: v**3 + v**-1)
    if why:
        _say(False, why + ". Hint: the derivative of x^n is n x^(n-1).")
    return ok and _say(True, "** with a number exponent is right, value and gradient")


def check_topological_order(sort: Callable[[Value], list[Value]]) -> bool:
    """Your topological sort: every node once, each after its inputs, even 5,000 deep."""
    a, b = Value(0.5), Value(-2.0)
    e = a * b
    shared = Value(3.0) * e + e.tanh() * a + b
    chain = a
    for _ in range(5000):
        chain = chain * 1.0001
    for name, root in [("a graph with shared nodes", shared), ("a chain of 5,000 ops", chain)]:
        ran, order = _run(f"your sort on {name}", lambda root=root: sort(root))
        if not ran:
            if name.startswith("a chain"):
                print("  hint: recursion is limited to about 1,000 levels; use a list as a stack")
            return False
        expected = root.topological_order()
        if not isinstance(order, list) or len(order) != len(expected):
            return _say(False, f"on {name}: expected a list of {len(expected)} nodes")
        position = {id(node): i for i, node in enumerate(order)}
        if len(position) != len(order) or set(position) != {id(n) for n in expected}:
            return _say(False, f"on {name}: each node of the graph must appear exactly once")
        if any(position[id(p)] > position[id(n)] for n in order for p in n.parents):
            return _say(False, f"on {name}: some node comes before one of its inputs")
    return _say(True, "a topological order, with no recursion limit")
