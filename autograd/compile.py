"""Replaying a recorded graph as straight-line Python: forward and backward without Values.

Training builds the same graph again at every step; only the numbers in its leaves change.
``compile_graph(output)`` walks ``output``'s graph once and writes one Python function with a
line per operation, such as ``v7 = (v3 * v5)`` for the forward pass and ``g3 += v5 * g7`` for
the backward pass. Calling the result reads the leaves' current ``.data``, recomputes
everything, and adds the gradients into the leaves' ``.grad`` just as ``output.backward()``
would: the same float operations in the same order, so the numbers agree to the last bit.

The code is not written by hand for each op. Where an op's rule in ``autograd.ops`` is plain
arithmetic, running the rule on symbols (``_Expr``) instead of floats yields its code; where
the rule branches or calls a function (relu, tanh, log, ...), the generated line calls the
rule itself. Either way, each op is still defined once.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from .ops import Op
from .value import Value, _result

_CHECKS_PER_LINE = 200


class _Expr:
    """A symbol standing in for a float while a rule runs: it records the arithmetic."""

    __slots__ = ("code",)

    def __init__(self, code: str) -> None:
        self.code = code

    def _join(self, other: Any, symbol: str, reflected: bool = False) -> _Expr:
        # Only floats and other symbols: an int (such as sum()'s start, 0) means a builtin
        # that may not add plainly left to right (Python 3.12's sum() compensates), so the
        # rule is called instead of copied.
        if isinstance(other, _Expr):
            operand = other.code
        elif type(other) is float:
            operand = repr(other)
        else:
            raise TypeError("only floats and symbols")
        left, right = (operand, self.code) if reflected else (self.code, operand)
        return _Expr(f"({left} {symbol} {right})")

    def __add__(self, other: Any) -> _Expr:
        return self._join(other, "+")

    def __radd__(self, other: Any) -> _Expr:
        return self._join(other, "+", reflected=True)

    def __sub__(self, other: Any) -> _Expr:
        return self._join(other, "-")

    def __rsub__(self, other: Any) -> _Expr:
        return self._join(other, "-", reflected=True)

    def __mul__(self, other: Any) -> _Expr:
        return self._join(other, "*")

    def __rmul__(self, other: Any) -> _Expr:
        return self._join(other, "*", reflected=True)

    def __truediv__(self, other: Any) -> _Expr:
        return self._join(other, "/")

    def __rtruediv__(self, other: Any) -> _Expr:
        return self._join(other, "/", reflected=True)

    def __neg__(self) -> _Expr:
        return _Expr(f"(-{self.code})")

    # A rule that branches on a value (x > 0, y == 0) cannot run on a symbol: it is called.
    def __bool__(self) -> bool:
        raise TypeError("a symbol has no value")

    def __eq__(self, other: object) -> bool:
        raise TypeError("a symbol has no value")

    __ne__ = __eq__
    __hash__ = None  # type: ignore[assignment]


class CompiledGraph:
    """``output``'s graph as generated Python; call it to redo forward and backward.

    ``leaves`` are the Values it reads (parameters and inputs alike): change their ``.data``
    and call again. The intermediate nodes of the recorded graph are not updated; the new
    data of the nodes listed in ``watch`` is in ``watched`` after each call. Errors are
    those of the eager path, except that an overflow is reported after the forward pass
    rather than where it happened (the message still names the first operation that
    overflowed).
    """

    def __init__(self, output: Value, watch: Sequence[Value] = ()) -> None:
        if not output.parents:
            raise ValueError(f"compile_graph: {output!r} is a leaf; there is nothing to replay")
        order = output.topological_order()  # output first, each node before its inputs
        self.leaves = [node for node in reversed(order) if not node.parents]
        writer = _Writer(order, self.leaves, watch)
        self.source = writer.source()
        namespace = writer.namespace()
        exec(compile(self.source, "<compiled graph>", "exec"), namespace)
        self._replay: Callable[..., tuple[float, list[float]]] = namespace["replay"]
        self.watched = [v.data for v in watch]

    def __call__(self, seed: float = 1.0) -> float:
        """Forward and backward from the leaves' current data; returns the output's data."""
        value, self.watched = self._replay(self.leaves, float(seed))
        return value


def compile_graph(output: Value, watch: Sequence[Value] = ()) -> CompiledGraph:
    """Record ``output``'s graph once and return a fast replay of forward plus backward.

    ``watch``: nodes of the graph whose new data each call also reports, in ``watched``.
    """
    return CompiledGraph(output, watch)


class _Writer:
    """Writes ``replay(leaves, seed)`` for a graph given in backward order."""

    def __init__(self, order: list[Value], leaves: list[Value], watch: Sequence[Value]) -> None:
        self.order = order
        self.leaves = leaves
        self.number = {id(node): k for k, node in enumerate(reversed(order))}
        self.leaf_numbers = [self.number[id(leaf)] for leaf in leaves]
        for v in watch:
            if id(v) not in self.number:
                raise ValueError(f"compile_graph: cannot watch {v!r}, it is not in the graph")
        self.watched = ", ".join(f"v{self.number[id(v)]}" for v in watch)
        self.ops: list[Op] = []  # each distinct op once, called as f{i} / d{i} in the code
        self.op_index: dict[int, int] = {}
        self.checks: list[tuple[str, Op, list[str], bool]] = []  # name, op, inputs, is a grad
        self.local_codes: dict[int, list[str]] = {}

    def source(self) -> str:
        lines = [f"v{k} = leaves[{j}]._data" for j, k in enumerate(self.leaf_numbers)]
        for node in reversed(self.order):
            if node.parents:
                lines += self._forward(node)
        lines += self._finite_checks()
        lines += self._backward()
        body = "\n    ".join(lines)
        return f"def replay(leaves, seed):\n    {body}\n"

    def namespace(self) -> dict[str, Any]:
        names: dict[str, Any] = {"isfinite": math.isfinite, "overflow": self._overflow}
        names["all_finite"] = lambda *xs: all(map(math.isfinite, xs))
        names["leaf_overflow"] = _leaf_overflow
        for i, op in enumerate(self.ops):
            names[f"f{i}"], names[f"d{i}"] = op.forward, op.local_grads
        return names

    def _op_name(self, op: Op) -> int:
        if id(op) not in self.op_index:
            self.op_index[id(op)] = len(self.ops)
            self.ops.append(op)
        return self.op_index[id(op)]

    def _forward(self, node: Value) -> list[str]:
        """Node k's forward line, and the lines of local derivatives that need computing."""
        op: Op = node._rule  # type: ignore[assignment]
        k, i = self.number[id(node)], self._op_name(op)
        inputs = node.inputs()
        args = [f"v{self.number[id(x)]}" if isinstance(x, Value) else repr(x) for x in inputs]
        symbols = [_Expr(a) if isinstance(x, Value) else x for a, x in zip(args, inputs)]
        call = ", ".join(args)
        lines = []
        try:
            lines.append(f"v{k} = {_code(op.forward(*symbols))}")
        except (TypeError, AttributeError):
            lines.append(f"v{k} = f{i}({call})")
        self.checks.append((f"v{k}", op, args, False))
        try:
            grads = [_code(g) for g in op.local_grads(_Expr(f"v{k}"), *symbols)]
        except (TypeError, AttributeError):
            lines.append(f"l{k} = d{i}(v{k}, {call})")
            grads = [f"l{k}[{j}]" for j in range(len(inputs))]
        codes = []
        for j, x in enumerate(inputs):
            if not isinstance(x, Value):
                continue  # a constant's derivative is dropped, as in the eager path
            code = grads[j]
            if len(inputs) <= 2 and code not in args and not _is_number(code):
                lines.append(f"l{k}_{j} = {code}")  # computed once, checked like backward()
                code = f"l{k}_{j}"
                self.checks.append((code, op, args, True))
            codes.append(code)
        self.local_codes[k] = codes
        return lines

    def _finite_checks(self) -> list[str]:
        names = [name for name, *_ in self.checks]
        return [
            f"if not all_finite({', '.join(names[s : s + _CHECKS_PER_LINE])}): overflow(locals())"
            for s in range(0, len(names), _CHECKS_PER_LINE)
        ]

    def _overflow(self, values: dict[str, float]) -> None:
        """Raise the eager path's error for the first value that is not finite."""
        for name, op, args, is_grad in self.checks:
            if not math.isfinite(values[name]):
                inputs = tuple(values[a] if a in values else float(a) for a in args)
                if is_grad:  # a derivative that does not exist: backward would need it
                    raise ValueError(f"{op.name}: the derivative at {inputs} is infinite")
                _result(op, values[name], inputs)

    def _backward(self) -> list[str]:
        root = self.number[id(self.order[0])]
        lines = [f"g{k} = 0.0" for k in self.local_codes if k != root]
        lines += [f"g{k} = leaves[{j}].grad" for j, k in enumerate(self.leaf_numbers)]
        lines.append(f"g{root} = 0.0 + seed")
        for node in self.order:
            if node.parents:
                k = self.number[id(node)]
                lines.append(f"if g{k}:")  # backward() skips a zero gradient too
                for parent, local in zip(node.parents, self.local_codes[k]):
                    lines.append(f"    g{self.number[id(parent)]} += {local} * g{k}")
        for j, k in enumerate(self.leaf_numbers):
            lines.append(f"if not isfinite(g{k}): leaf_overflow(leaves[{j}])")
        lines += [f"leaves[{j}].grad = g{k}" for j, k in enumerate(self.leaf_numbers)]
        lines.append(f"return v{root}, [{self.watched}]")
        return lines


def _code(x: Any) -> str:
    return x.code if isinstance(x, _Expr) else repr(float(x))


def _is_number(code: str) -> bool:
    try:
        float(code)
    except ValueError:
        return False
    return True


def _leaf_overflow(leaf: Value) -> None:
    raise OverflowError(f"backward: the gradient of {leaf!r} overflowed")
