"""The ``Value`` node: a number that remembers how it was computed.

Every operation on Values makes a new node that keeps its inputs (``parents``) and the
local derivative of its output with respect to each input (``local_grads``), computed in
the forward pass by the rules in ``autograd.ops``. ``backward()`` then applies the chain
rule, visiting nodes from the output back to the leaves:

    parent.grad += local_grad * node.grad
"""

from __future__ import annotations

import copy
import math
import numbers
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import compress
from typing import Any, NamedTuple, Union

from . import ops
from .grad_mode import _grad_mode, _open_blocks
from .op import Op

Operand = Union["Value", float, int]

_isfinite = math.isfinite


def as_float(where: str, x: Any) -> float:
    """``x`` as a finite float, or an error that names ``where`` and ``x``."""
    if type(x) is float:
        value = x
    # float and int first (numpy.float64, bool): the ABC check numbers.Real is slow.
    elif isinstance(x, (float, int, numbers.Real)) or _is_numpy_bool(x):
        try:
            value = float(x)
        except OverflowError:
            raise OverflowError(f"{where}: {x!r} is too large for a float") from None
    else:
        raise TypeError(f"{where}: expected a real number, got {x!r} ({type(x).__name__})")
    if not _isfinite(value):
        raise ValueError(f"{where}: expected a finite number, got {value!r}")
    return value


def _is_numpy_bool(x: Any) -> bool:
    # numpy's bool scalar is not registered as a numbers.Real, unlike its other scalars.
    return type(x).__name__ in ("bool_", "bool") and type(x).__module__ == "numpy"


_MAKE_AN_OP = (
    "Value: micrograd makes a node by hand, Value(data, (inputs,), op) with a _backward "
    "closure; chainrule's nodes store their local derivatives, computed by their operation. "
    "To add an operation of your own, use autograd.Op(name, forward, local_grads), e.g. "
    "Op('cube', lambda x: x**3, lambda out, x: (3 * x**2,))(v)"
)


class Value:
    """A scalar in a computation graph: ``data``, ``grad``, and how it was made."""

    # __slots__ keeps each node small and its attributes fast; "__dict__" lets code of your
    # own attach attributes (``p.m`` for an optimizer's moment, a colour for a drawing),
    # costing 8 bytes a node until one is set. The label lives there too: few nodes have one.
    __slots__ = (
        "__dict__",
        "_constant",
        "_data",
        "_grad",
        "_mark",
        "_rule",
        "local_grads",
        "parents",
    )

    # Never used as a numpy array: numpy defers to Value's own operators (np.float32(2) * v).
    __array_ufunc__ = None

    parents: tuple[Value, ...]
    local_grads: tuple[float, ...]
    _label: str
    _origin: str

    def __init__(self, data: float, label: str = "", *made_by: Any) -> None:
        if made_by or isinstance(label, (tuple, list, set)):  # micrograd's Value(d, (a,), "op")
            raise TypeError(_MAKE_AN_OP)
        if isinstance(data, Value):
            raise TypeError(
                f"Value: expected a real number, got {data!r}; use .data for its number"
            )
        self._data = as_float("Value", data)
        self._grad = 0.0
        self._rule: Op | None = None  # the operation that made this node
        self.parents = ()
        self.local_grads = ()
        # A plain-number input (or, for n-ary ops, all inputs as given), kept so that
        # grad(create_graph=True) can call the op's rule again.
        self._constant: Any = None
        self._mark: object = None  # used by topological_order()
        if label:
            self.label = label
        elif not isinstance(label, str):
            raise TypeError(f"Value: label must be a string, got {label!r}")

    # --- what a node holds ----------------------------------------------------------------

    @property
    def data(self) -> float:
        """The number this node holds. Writable (optimizers change it): always a finite float."""
        return self._data

    @data.setter
    def data(self, value: float) -> None:
        # A finite float, the usual case (p.data -= lr * p.grad), is taken without a call.
        self._data = (
            value if type(value) is float and _isfinite(value) else as_float("Value.data", value)
        )

    @property
    def grad(self) -> float:
        """d(output)/d(self) after ``output.backward()``. Writable; None means 0.0."""
        return self._grad

    @grad.setter
    def grad(self, value: float | None) -> None:
        # None is zero, as after PyTorch's zero_grad(set_to_none=True).
        if type(value) is float and _isfinite(value):
            self._grad = value
        else:
            self._grad = 0.0 if value is None else as_float("Value.grad", value)

    @property
    def label(self) -> str:
        """A name for drawings and messages ("" when none was given)."""
        return getattr(self, "_label", "")  # in the node's __dict__, made by the first label

    @label.setter
    def label(self, text: str) -> None:
        if not isinstance(text, str):
            raise TypeError(f"Value.label: expected a string, got {text!r} ({type(text).__name__})")
        self._label = text

    @property
    def op(self) -> str:
        """The operation that made this node ("" for a leaf)."""
        return self._rule.name if self._rule is not None else ""

    # micrograd's names, so the lecture's code runs unchanged.
    _op = op

    @property
    def _prev(self) -> set[Value]:
        """The set of input Values (micrograd's name; ``parents`` is the same, in order)."""
        return set(self.parents)

    @_prev.setter
    def _prev(self, inputs: Any) -> None:
        raise TypeError(_MAKE_AN_OP)

    def __repr__(self) -> str:
        extra = f", label={self.label!r}" if self.label else ""
        extra += f", op={self.op!r}" if self._rule is not None else ""
        return f"Value(data={self._data!r}, grad={self._grad!r}{extra})"

    # --- as a number, as a 0-dim PyTorch tensor is ---------------------------------------

    def item(self) -> float:
        """The data as a plain float, as ``tensor.item()`` in PyTorch."""
        return self._data

    def __float__(self) -> float:
        return self._data

    def __int__(self) -> int:
        return int(self._data)

    def __bool__(self) -> bool:
        """False for 0.0, as ``bool(torch.tensor(0.0))``."""
        return self._data != 0.0

    def __round__(self, ndigits: int | None = None) -> float | int:
        """``round(v, 2)``: the data rounded (a plain number, no graph)."""
        return round(self._data, ndigits)

    def __format__(self, spec: str) -> str:
        """``f"{v:.3f}"`` formats the data; ``f"{v}"`` is the repr."""
        return format(self._data, spec) if spec else repr(self)

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

    # --- comparisons ----------------------------------------------------------------------
    # == and != are identity, as in micrograd (object's own): two distinct nodes are never
    # equal, so `node in visited_list` finds that very node. Compare numbers with
    # `a.data == b.data`. Ordering compares data and builds no graph.

    def __lt__(self, other: Operand) -> bool:
        return self._data < _data_of(other)

    def __le__(self, other: Operand) -> bool:
        return self._data <= _data_of(other)

    def __gt__(self, other: Operand) -> bool:
        return self._data > _data_of(other)

    def __ge__(self, other: Operand) -> bool:
        return self._data >= _data_of(other)

    # --- the backward pass --------------------------------------------------------------

    def backward(self, grad: float = 1.0) -> None:
        """Add d(self)/d(leaf) * grad to every leaf's ``.grad``, by the chain rule.

        Leaves accumulate across calls, as in PyTorch; the gradients of intermediate
        nodes are recomputed on each call. All or nothing: if it raises (an overflow, an
        infinite derivative that a gradient must pass through, Ctrl-C), every ``.grad`` is
        left as it was before the call.
        """
        order = self.topological_order()
        saved = [node._grad for node in order]
        try:
            self._seed(order, grad)
            for node in order:
                g = node._grad
                if g == 0.0:  # nothing to pass on: skip the node's parents
                    continue
                if not _isfinite(g):
                    raise _gradient_error(order, node)
                for parent, local in zip(node.parents, node.local_grads):
                    parent._grad += local * g
        except BaseException:
            for node, g in zip(order, saved):
                node._grad = g
            raise

    def _seed(self, order: list[Value], grad: float) -> None:
        """Start a backward pass over ``order``: intermediate nodes' grads to 0, then the
        output's grad += ``grad`` (leaves keep theirs: they accumulate)."""
        seed = as_float("backward", grad)
        for node in order:
            if node.parents:
                node._grad = 0.0
        self._grad += seed

    @property
    def _backward(self) -> Callable[[], tuple[float, ...]]:
        """micrograd's name for ``_pass_grad_back``, the chain rule at this node alone.

        It cannot be replaced by a closure of your own, as in micrograd: backward() reads
        the local derivatives stored on the node. Define an operation with ``Op`` instead.
        """
        return self._pass_grad_back

    @_backward.setter
    def _backward(self, closure: Any) -> None:
        raise TypeError(_MAKE_AN_OP)

    def _pass_grad_back(self) -> tuple[float, ...]:
        """One step of the chain rule for this node alone (micrograd's ``_backward()``):
        ``parent.grad += local_grad * self.grad`` for each input; returns what it added.

        Called on every node in reverse topological order, after setting the output's grad
        to 1.0, it gives what ``backward()`` gives.
        """
        g = self._grad
        if g == 0.0:
            return (0.0,) * len(self.parents)
        if not _isfinite(g):
            raise _gradient_error([self], self)
        added = []
        for i, (parent, local) in enumerate(zip(self.parents, self.local_grads)):
            if not _isfinite(local):
                raise local_grad_error(self, i)
            amount = local * g
            parent._grad += amount
            added.append(amount)
        return tuple(added)

    def backward_steps(self, grad: float = 1.0) -> Iterator[BackwardStep]:
        """``backward()`` one node at a time: yields each node and what it gave its parents.

        When the iterator is exhausted the gradients equal those of ``backward()``.
        """
        order = self.topological_order()
        self._seed(order, grad)
        for node in order:
            yield BackwardStep(node, node._pass_grad_back())

    def topological_order(self) -> list[Value]:
        """Every node this one depends on, itself first, each node before its inputs.

        A depth-first search with an explicit stack instead of recursion, so a chain of a
        million nodes is fine. A node popped for the first time is opened and pushed back
        under its inputs; popped again, all its inputs are finished, so it is finished too.
        The finished list, reversed, is the order.
        """
        opened, finished = object(), object()  # fresh marks for this search
        done: list[Value] = []
        stack = [self]
        push, pop, finish = stack.append, stack.pop, done.append
        while stack:
            node = pop()
            mark = node._mark
            if mark is opened:  # back again: its inputs are all finished now
                node._mark = finished
                finish(node)
            elif mark is not finished:  # first visit (a node already finished is skipped)
                node._mark = opened
                push(node)
                for parent in node.parents:
                    if parent._mark is not finished:
                        push(parent)
        done.reverse()
        return done

    def inputs(self) -> list[Any]:
        """The inputs as the op's rules take them: the parents, and any plain numbers."""
        if self._constant is None:  # every input is a Value
            return list(self.parents)
        if type(self._constant) is float:  # a binary op with a number as second input
            return [self.parents[0], self._constant]
        # an n-ary op with some plain-number inputs: all inputs as given
        return [x if isinstance(x, Value) else float(x) for x in self._constant]

    def differentiable_local_grads(self) -> list[Any]:
        """The local derivatives again, as Values with a graph (for higher derivatives)."""
        if self._rule is None:
            return []
        inputs = self.inputs()
        grads = self._rule.local_grads(self, *inputs)
        return [g for g, x in zip(grads, inputs) if isinstance(x, Value)]

    # --- copying and pickling -------------------------------------------------------------

    def __deepcopy__(self, memo: dict[int, Any]) -> Value:
        """A copy of the whole graph below this node, node for node (no recursion)."""
        for node in reversed(self.topological_order()):  # inputs before the nodes using them
            if id(node) in memo:
                continue
            new = _new_value(Value)
            new._data, new._grad, new._rule = node._data, node._grad, node._rule
            new.parents = tuple(memo[id(p)] for p in node.parents)
            new.local_grads = node.local_grads
            new._constant = node._constant
            if isinstance(node._constant, tuple):
                new._constant = tuple(memo.get(id(x), x) for x in node._constant)
            new._mark = None
            new.__dict__.update(copy.deepcopy(node.__dict__, memo))
            memo[id(node)] = new
        return memo[id(self)]

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle a leaf as its data, grad, label and own attributes."""
        if self._rule is not None:
            raise TypeError(
                f"pickle: {self!r} was made by an operation and its graph cannot be pickled; "
                "pickle leaves (a model's parameters), or Value(v.data) for the number"
            )
        return (_unpickle_leaf, (self._data, self._grad, dict(self.__dict__)))


def _unpickle_leaf(data: float, grad: float, attributes: dict[str, Any]) -> Value:
    leaf = Value(data)
    leaf._grad = grad
    leaf.__dict__.update(attributes)
    return leaf


class BackwardStep(NamedTuple):
    """One step of the backward pass: ``node`` added ``added[i]`` to ``node.parents[i].grad``."""

    node: Value
    added: tuple[float, ...]


def _data_of(x: object) -> Any:
    return x._data if isinstance(x, Value) else x


# --- errors that name the operation -----------------------------------------------------

_SHOWN_INPUTS = 4  # more inputs than this: say how many, and show the largest


def _shown(args: Sequence[float]) -> str:
    if len(args) <= _SHOWN_INPUTS:
        return ", ".join(repr(a) for a in args)
    largest = sorted(args, key=abs, reverse=True)[:_SHOWN_INPUTS]
    return f"{len(args)} inputs, the largest {', '.join(repr(a) for a in largest)}"


def _result(op: Op, out: float, args: Sequence[float]) -> None:
    """Raise the forward error for a result that is not a finite number."""
    if math.isnan(out):
        raise ValueError(f"{op.name}: the result for ({_shown(args)}) is nan")
    raise OverflowError(f"{op.name}: the result for ({_shown(args)}) overflows a float")


def local_grad_error(node: Value, index: int) -> ValueError:
    """The error for a gradient that must pass through ``node``'s non-finite local derivative
    number ``index`` (sqrt at 0, x ** 0.5 at 0, an overflow): raised by backward, only then."""
    rule = node.op
    args = [x.data if isinstance(x, Value) else x for x in node.inputs()]
    local = node.local_grads[index] if index < len(node.local_grads) else math.inf
    what = "nan" if math.isnan(local) else "infinite (or too large for a float)"
    message = f"{rule}: the derivative at ({_shown(args)}) is {what}, and backward needs it"
    origin = getattr(node, "_origin", None)  # set when grad(create_graph=True) made the node
    if origin is not None:
        message = f"{origin} is infinite (its derivative passes through {message})"
    return ValueError(message)


def _gradient_error(order: list[Value], node: Value) -> ArithmeticError | ValueError:
    """The error for ``node``'s gradient, which is not finite: the infinite local derivative
    a gradient passed through before it, if any, else an overflow."""
    for consumer in order:
        if consumer is node:
            break
        if consumer._grad != 0.0 and _isfinite(consumer._grad):
            for i, local in enumerate(consumer.local_grads):
                if not _isfinite(local):
                    return local_grad_error(consumer, i)
    return OverflowError(f"backward: the gradient of {node!r} overflowed")


# --- building nodes ---------------------------------------------------------------------

_new_value = object.__new__


def _node(data: float, rule: Op, parents: tuple, local_grads: tuple, constant: Any) -> Value:
    """A new node, made without __init__'s checks (the operation did them)."""
    v = _new_value(Value)
    v._data = data
    v._grad = 0.0
    v._rule = rule
    v.parents = parents
    v.local_grads = local_grads
    v._constant = constant
    v._mark = None
    return v


def _with_origin(node: Value) -> Value:
    """``node``, which has a non-finite local derivative, marked with the derivative that
    ``grad(create_graph=True)`` was building when it made it (for local_grad_error)."""
    if _grad_mode.deriving is not None:
        node._origin = _grad_mode.deriving
    return node


def _unary(op: Op, x: Value) -> Value:
    a = x._data
    out = op.forward(a)
    if not _isfinite(out):
        _result(op, out, (a,))
    if _open_blocks and not _grad_mode.enabled:  # under no_grad: no graph
        return _leaf(out)
    grads = op.local_grads(out, a)
    node = _node(out, op, (x,), grads, None)
    return node if _isfinite(grads[0]) else _with_origin(node)


def _binary(op: Op, x: Value, y: Operand) -> Value:
    """x (op) y for a Value x and a Value or plain number y."""
    if type(y) is float and _isfinite(y):  # the commonest case first: a constant like 2.0
        b = y
    elif isinstance(y, Value):
        b = y._data
    else:
        b = as_float(op.name, y)
    a = x._data
    out = op.forward(a, b)
    if not _isfinite(out):
        _result(op, out, (a, b))
    if _open_blocks and not _grad_mode.enabled:  # under no_grad: no graph
        return _leaf(out)
    grads = op.local_grads(out, a, b)
    if isinstance(y, Value):
        node = _node(out, op, (x, y), grads, None)
    else:  # y is a constant: it stays a plain float, not a node, and gets no gradient.
        node = _node(out, op, (x,), grads[:1], b)
    return node if _isfinite(grads[0]) and _isfinite(grads[1]) else _with_origin(node)


def _nary(op: Op, inputs: tuple[Operand, ...]) -> Value:
    """One node for any number of inputs (sum, dot, logsumexp, an Op of your own)."""
    try:  # the common case, every input a Value
        data = [x._data for x in inputs]  # type: ignore[union-attr]
        parents, constants, keep = inputs, None, None
    except AttributeError:  # some plain numbers: they are not parents, and get no derivative
        keep = [isinstance(x, Value) for x in inputs]
        data = [x._data if k else as_float(op.name, x) for x, k in zip(inputs, keep)]  # type: ignore[union-attr]
        parents, constants = tuple(compress(inputs, keep)), inputs
    try:
        out = op.forward(*data)
    except TypeError as error:
        raise TypeError(
            f"{op.name}: forward(*inputs) failed on {len(data)} inputs: {error}"
        ) from None
    if type(out) is not float:
        out = _forward_number(op, out)
    if not _isfinite(out):
        _result(op, out, data)
    if _open_blocks and not _grad_mode.enabled:  # under no_grad: no graph
        return _leaf(out)
    try:
        grads = op.local_grads(out, *data)
    except TypeError as error:
        raise TypeError(
            f"{op.name}: local_grads(out, *inputs) failed on {len(data)} inputs: {error} "
            "(local_grads takes the output first, then each input)"
        ) from None
    if not isinstance(grads, (tuple, list)) or len(grads) != len(data):
        given = f"{len(grads)} derivatives" if isinstance(grads, (tuple, list)) else repr(grads)
        raise TypeError(
            f"{op.name}: local_grads must return a tuple of {len(data)} derivatives, one per "
            f"input, got {given}"
        )
    if keep is not None:
        grads = tuple(compress(grads, keep))
    return _node(out, op, parents, tuple(grads), constants)


def _forward_number(op: Op, out: Any) -> float:
    """A forward rule's result that is not a float (an Op of your own): a number, or an error."""
    if isinstance(out, Value) or not (isinstance(out, numbers.Real) or _is_numpy_bool(out)):
        raise TypeError(f"{op.name}: forward must return a number, got {out!r}")
    return float(out)


def apply(op: Op, inputs: Sequence[Operand]) -> Value:
    """``op(*inputs)``: the node an Op makes, exactly as the built-in operations do."""
    if not inputs:
        raise TypeError(f"{op.name}: needs at least one input")
    if not any(isinstance(x, Value) for x in inputs):
        raise TypeError(f"{op.name}: needs at least one Value among its inputs, got {inputs!r}")
    return _nary(op, tuple(inputs))


def _leaf(data: float) -> Value:
    """A result computed under no_grad: data without a graph."""
    return _node(data, None, (), (), None)  # type: ignore[arg-type]


def sum(values: Iterable[Operand]) -> Value:  # noqa: A001 - autograd.sum, like torch.sum
    """sum_i x_i as one node;  d/dx_i = 1."""
    if isinstance(values, Value) or not isinstance(values, Iterable):
        raise TypeError(f"sum: expected an iterable of Values and numbers, got {values!r}")
    return _nary(ops.SUM, tuple(values))


def dot(weights: Sequence[Operand], inputs: Sequence[Operand], bias: Operand = 0.0) -> Value:
    """w . x + b as one node (a neuron's weighted sum);  d/dw_i = x_i, d/dx_i = w_i, d/db = 1."""
    try:
        n, m = len(weights), len(inputs)
    except TypeError:
        raise TypeError(
            f"dot: weights and inputs must be sequences (lists or tuples), got {weights!r} "
            f"and {inputs!r}"
        ) from None
    if n != m:
        raise ValueError(f"dot: {n} weights but {m} inputs")
    try:  # every input a Value (a neuron fed Values): the rules take the data as given
        w, x, b = [v._data for v in weights], [v._data for v in inputs], bias._data  # type: ignore[union-attr]
    except AttributeError:  # some plain numbers: as any n-ary op
        return _nary(ops.DOT, (*weights, *inputs, bias))
    out = ops.dot_forward(w, x, b)
    if not _isfinite(out):
        _result(ops.DOT, out, (*w, *x, b))
    if _open_blocks and not _grad_mode.enabled:  # under no_grad: no graph
        return _leaf(out)
    return _node(out, ops.DOT, (*weights, *inputs, bias), ops.dot_local_grads(w, x), None)


def logsumexp(values: Iterable[Operand]) -> Value:
    """log sum_i e^x_i as one node, finite for any finite x;  d/dx_i = softmax(x)_i."""
    if isinstance(values, Value) or not isinstance(values, Iterable):
        raise TypeError(f"logsumexp: expected an iterable of Values and numbers, got {values!r}")
    inputs = tuple(values)
    if not inputs:
        raise ValueError("logsumexp: needs at least one value")
    return _nary(ops.LOGSUMEXP, inputs)
