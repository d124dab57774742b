"""The ``Value`` node: a number that remembers how it was computed.

Every operation on Values makes a new node that keeps its inputs (``parents``) and the
local derivative of its output with respect to each input (``local_grads``), computed in
the forward pass by the rules in ``autograd.ops``. ``backward()`` then applies the chain
rule, visiting nodes from the output back to the leaves:

    parent.grad += local_grad * node.grad
"""

from __future__ import annotations

import gc
import math
import numbers
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import compress, repeat
from typing import Any, NamedTuple, Union

from . import ops
from .grad_mode import _GradMode
from .ops import Op

Operand = Union["Value", float, int]

_isfinite = math.isfinite


def as_float(where: str, x: Any) -> float:
    """``x`` as a finite float, or an error that names ``where`` and ``x``."""
    if isinstance(x, float):  # float and numpy.float64
        value = float(x)
    elif isinstance(x, numbers.Real):  # int, bool, other numpy scalars, Fraction
        try:
            value = float(x)
        except OverflowError:
            raise OverflowError(f"{where}: {x!r} is too large for a float") from None
    else:
        raise TypeError(f"{where}: expected a real number, got {x!r} ({type(x).__name__})")
    if not _isfinite(value):
        raise ValueError(f"{where}: expected a finite number, got {value!r}")
    return value


class Value:
    """A scalar in a computation graph: ``data``, ``grad``, and how it was made."""

    # __slots__: no per-node __dict__, which saves memory and makes attributes faster.
    __slots__ = ("_data", "grad", "label", "_op", "parents", "local_grads", "_constant", "_mark")

    grad: float
    label: str
    parents: tuple[Value, ...]
    local_grads: tuple[float, ...]

    def __init__(self, data: float, label: str = "") -> None:
        if not isinstance(label, str):
            raise TypeError(f"Value: label must be a string, got {label!r}")
        self._data = as_float("Value", data)
        self.grad = 0.0
        self.label = label
        self._op: Op | None = None
        self.parents = ()
        self.local_grads = ()
        # A plain-number input (or, for sum and dot, all inputs as given), kept so that
        # grad(create_graph=True) can call the op's rule again.
        self._constant: Any = None
        self._mark: object = None  # used by topological_order()

    @property
    def data(self) -> float:
        """The number this node holds. Writable (optimizers change it): always a finite float."""
        return self._data

    @data.setter
    def data(self, value: float) -> None:
        self._data = as_float("Value.data", value)

    @property
    def op(self) -> str:
        """The operation that made this node ("" for a leaf)."""
        return self._op.name if self._op is not None else ""

    def __repr__(self) -> str:
        extra = f", label={self.label!r}" if self.label else ""
        extra += f", op={self.op!r}" if self._op is not None else ""
        return f"Value(data={self._data!r}, grad={self.grad!r}{extra})"

    def item(self) -> float:
        """The data as a plain float, as ``tensor.item()`` in PyTorch."""
        return self._data

    # --- arithmetic: each line names its rule in autograd.ops --------------------------

    def __add__(self, other: Operand) -> Value:
        return _binary(ops.ADD, self, other)

    def __radd__(self, other: Operand) -> Value:
        return _binary(ops.ADD, self, other)

    def __sub__(self, other: Operand) -> Value:
        return _binary(ops.SUB, self, other)

    def __rsub__(self, other: Operand) -> Value:
        return _binary(ops.RSUB, self, other)

    def __mul__(self, other: Operand) -> Value:
        return _binary(ops.MUL, self, other)

    def __rmul__(self, other: Operand) -> Value:
        return _binary(ops.MUL, self, other)

    def __truediv__(self, other: Operand) -> Value:
        return _binary(ops.DIV, self, other)

    def __rtruediv__(self, other: Operand) -> Value:
        return _binary(ops.RDIV, self, other)

    def __pow__(self, other: Operand) -> Value:
        return _binary(ops.POW_BOTH if isinstance(other, Value) else ops.POW, self, other)

    def __rpow__(self, other: Operand) -> Value:
        return _binary(ops.RPOW, self, other)

    def __neg__(self) -> Value:
        return _unary(ops.NEG, self)

    def __abs__(self) -> Value:
        return _unary(ops.ABS, self)

    def exp(self) -> Value:
        return _unary(ops.EXP, self)

    def log(self) -> Value:
        return _unary(ops.LOG, self)

    def sqrt(self) -> Value:
        return _unary(ops.SQRT, self)

    def sin(self) -> Value:
        return _unary(ops.SIN, self)

    def cos(self) -> Value:
        return _unary(ops.COS, self)

    def tanh(self) -> Value:
        return _unary(ops.TANH, self)

    def sigmoid(self) -> Value:
        return _unary(ops.SIGMOID, self)

    def softplus(self) -> Value:
        return _unary(ops.SOFTPLUS, self)

    def relu(self) -> Value:
        return _unary(ops.RELU, self)

    def leaky_relu(self, negative_slope: float = 0.01) -> Value:
        if isinstance(negative_slope, Value):  # a hyper-parameter, as in PyTorch: no gradient
            raise TypeError(f"leaky_relu: negative_slope must be a number, got {negative_slope!r}")
        return _binary(ops.LEAKY_RELU, self, negative_slope)

    # --- comparisons look at data only and build no graph ------------------------------

    def __eq__(self, other: object) -> bool:
        return self._data == _data_of(other)

    def __ne__(self, other: object) -> bool:
        return self._data != _data_of(other)

    def __lt__(self, other: Operand) -> bool:
        return self._data < _data_of(other)

    def __le__(self, other: Operand) -> bool:
        return self._data <= _data_of(other)

    def __gt__(self, other: Operand) -> bool:
        return self._data > _data_of(other)

    def __ge__(self, other: Operand) -> bool:
        return self._data >= _data_of(other)

    # Nodes are hashed by identity (as PyTorch tensors are), so sets and dicts of nodes
    # work even though == compares data.
    __hash__ = object.__hash__

    # --- the backward pass --------------------------------------------------------------

    def backward(self, grad: float = 1.0) -> None:
        """Add d(self)/d(leaf) * grad to every leaf's ``.grad``, by the chain rule.

        Leaves accumulate across calls, as in PyTorch; the gradients of intermediate
        nodes are recomputed on each call.
        """
        order = self._start_backward(grad)
        with gc_paused():
            for node in order:
                g = node.grad
                if g == 0.0:  # nothing to pass on: skip the node's parents
                    continue
                if not _isfinite(g):
                    raise OverflowError(f"backward: the gradient of {node!r} overflowed")
                for parent, local in zip(node.parents, node.local_grads):
                    parent.grad += local * g

    def backward_steps(self, grad: float = 1.0) -> Iterator[BackwardStep]:
        """``backward()`` one node at a time: yields each node and what it gave its parents.

        When the iterator is exhausted the gradients equal those of ``backward()``.
        """
        for node in self._start_backward(grad):
            g = node.grad
            if not _isfinite(g):
                raise OverflowError(f"backward: the gradient of {node!r} overflowed")
            added = tuple(local * g for local in node.local_grads)
            for parent, amount in zip(node.parents, added):
                parent.grad += amount
            yield BackwardStep(node, added)

    def _start_backward(self, grad: float) -> list[Value]:
        """Seed the output's gradient; return the nodes in the order backward visits them."""
        seed = as_float("backward", grad)
        order = self.topological_order()
        for node in order:
            if node.parents:  # intermediate nodes start from zero on every call
                node.grad = 0.0
        self.grad += seed
        return order

    def topological_order(self) -> list[Value]:
        """Every node this one depends on, itself first, each node before its inputs.

        A depth-first search with an explicit stack instead of recursion, so a chain of a
        million nodes is fine. A node is finished when it comes back to the top of the stack
        after all its inputs were finished; the finished list, reversed, is the order.
        """
        opened, finished = object(), object()  # fresh marks for this search
        done: list[Value] = []
        stack = [self]
        while stack:
            node = stack[-1]
            if node._mark is finished:  # reached again through another path
                stack.pop()
            elif node._mark is opened:  # its inputs are all finished now
                node._mark = finished
                done.append(node)
                stack.pop()
            else:
                node._mark = opened
                for parent in node.parents:
                    if parent._mark is not finished:
                        stack.append(parent)
        done.reverse()
        return done

    def inputs(self) -> list[Any]:
        """The inputs as the op's rules take them: the parents, and any plain numbers."""
        if self._constant is None:  # every input is a Value
            return list(self.parents)
        if type(self._constant) is float:  # a binary op with a number as second input
            return [self.parents[0], self._constant]
        # sum, dot or logsumexp with some plain-number inputs: all inputs as given
        return [x if isinstance(x, Value) else float(x) for x in self._constant]

    def differentiable_local_grads(self) -> list[Any]:
        """The local derivatives again, as Values with a graph (for higher derivatives)."""
        if self._op is None:
            return []
        inputs = self.inputs()
        grads = self._op.local_grads(self, *inputs)
        return [g for g, x in zip(grads, inputs) if isinstance(x, Value)]


class BackwardStep(NamedTuple):
    """One step of the backward pass: ``node`` added ``added[i]`` to ``node.parents[i].grad``."""

    node: Value
    added: tuple[float, ...]


def _data_of(x: object) -> Any:
    return x._data if isinstance(x, Value) else x


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building or walking a graph.

    Graphs hold no reference cycles (every edge points to an older node), so the collector
    has nothing to find in them; pausing it saves its repeated scans of every live node.
    Memory is still freed as usual, by reference counting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- building nodes ---------------------------------------------------------------------

_new_value = object.__new__


def _node(data: float, op: Op, parents: tuple, local_grads: tuple, constant: Any) -> Value:
    """A new node, made without __init__'s checks (the operation did them)."""
    v = _new_value(Value)
    v._data = data
    v.grad = 0.0
    v.label = ""
    v._op = op
    v.parents = parents
    v.local_grads = local_grads
    v._constant = constant
    v._mark = None
    return v


def _result(op: Op, out: float, args: tuple) -> None:
    if not _isfinite(out):
        shown = ", ".join(repr(a) for a in args)
        raise OverflowError(f"{op.name}: the result for ({shown}) overflows a float")


def _check_grads(op: Op, grads: tuple, args: tuple) -> None:
    for g in grads:
        if not _isfinite(g):
            shown = ", ".join(repr(a) for a in args)
            raise OverflowError(f"{op.name}: the derivative at ({shown}) overflows a float")


def _unary(op: Op, x: Value) -> Value:
    a = x._data
    out = op.forward(a)
    if not _isfinite(out):
        _result(op, out, (a,))
    if not _GradMode.enabled:
        return _leaf(out)
    grads = op.local_grads(out, a)
    if not _isfinite(grads[0]):
        _check_grads(op, grads, (a,))
    return _node(out, op, (x,), grads, None)


def _binary(op: Op, x: Value, y: Operand) -> Value:
    """x (op) y for a Value x and a Value or plain number y."""
    y_is_value = isinstance(y, Value)
    b = y._data if y_is_value else as_float(op.name, y)  # type: ignore[union-attr]
    a = x._data
    out = op.forward(a, b)
    if not _isfinite(out):
        _result(op, out, (a, b))
    if not _GradMode.enabled:
        return _leaf(out)
    grads = op.local_grads(out, a, b)
    if y_is_value:
        if not (_isfinite(grads[0]) and _isfinite(grads[1])):
            _check_grads(op, grads, (a, b))
        return _node(out, op, (x, y), grads, None)
    # y is a constant: it stays a plain float, not a node, and gets no gradient.
    if not _isfinite(grads[0]):
        _check_grads(op, grads[:1], (a, b))
    return _node(out, op, (x,), grads[:1], b)


def _nary(op: Op, inputs: tuple[Operand, ...]) -> Value:
    """One node for many inputs (sum, dot, logsumexp): one call instead of a chain of nodes."""
    if all(map(isinstance, inputs, repeat(Value))):  # the common case, checked at C speed
        data = [x._data for x in inputs]  # type: ignore[union-attr]
        parents, constants, keep = inputs, None, None
    else:  # some plain numbers: they are not parents, and get no derivative
        keep = [isinstance(x, Value) for x in inputs]
        data = [x._data if k else as_float(op.name, x) for x, k in zip(inputs, keep)]  # type: ignore[union-attr]
        parents, constants = tuple(compress(inputs, keep)), inputs
    out = op.forward(*data)
    if not _isfinite(out):
        _result(op, out, tuple(data))
    if not _GradMode.enabled:
        return _leaf(out)
    grads = op.local_grads(out, *data)  # the inputs' data: finite already
    if keep is not None:
        grads = tuple(compress(grads, keep))
    return _node(out, op, parents, grads, constants)


def _leaf(data: float) -> Value:
    """A result computed under no_grad: data without a graph."""
    return _node(data, None, (), (), None)  # type: ignore[arg-type]


def sum(values: Iterable[Operand]) -> Value:  # noqa: A001 - autograd.sum, like torch.sum
    """sum_i x_i as one node;  d/dx_i = 1."""
    return _nary(ops.SUM, tuple(values))


def dot(weights: Sequence[Operand], inputs: Sequence[Operand], bias: Operand = 0.0) -> Value:
    """w . x + b as one node (a neuron's weighted sum);  d/dw_i = x_i, d/dx_i = w_i, d/db = 1."""
    if len(weights) != len(inputs):
        raise ValueError(f"dot: {len(weights)} weights but {len(inputs)} inputs")
    return _nary(ops.DOT, (*weights, *inputs, bias))


def logsumexp(values: Iterable[Operand]) -> Value:
    """log sum_i e^x_i as one node, finite for any finite x;  d/dx_i = softmax(x)_i."""
    inputs = tuple(values)
    if not inputs:
        raise ValueError("logsumexp: needs at least one value")
    return _nary(ops.LOGSUMEXP, inputs)
