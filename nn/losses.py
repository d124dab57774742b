"""Loss functions and weight penalties: predictions and targets in, one Value out.

Every loss takes one sample or a batch and returns the mean over the samples, as PyTorch's
default ``reduction="mean"`` does. The input is a Value, a plain number, or a sequence of
them; the target is plain numbers: the truth gets no gradient. Each sum over a batch is a
single n-ary node (``autograd.sum``, ``autograd.dot``), so a batch of 1000 adds one node to
the graph, not a chain of 1000.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import autograd
from autograd import Value, dot, logsumexp
from autograd.value import as_float

from .checks import is_int

Scalar = Value | float
Predictions = Scalar | Sequence[Scalar]
Targets = float | Sequence[float]


def softmax(logits: Sequence[Scalar]) -> list[Value]:
    """softmax(x)_i = e^(x_i - logsumexp(x)): probabilities that sum to 1.

    Subtracting logsumexp(x) first keeps every exponent <= 0, so logits of +-1000 give
    finite probabilities accurate to ~1e-14 where e^1000 / sum e^x_j would overflow.
    """
    xs = _values("softmax", logits)
    lse = logsumexp(xs)
    return [(x - lse).exp() for x in xs]


def mse_loss(input: Predictions, target: Targets) -> Value:  # noqa: A002 - PyTorch's name
    """Mean squared error: (1/n) sum_i (x_i - t_i)^2;  d/dx_i = 2 (x_i - t_i) / n."""
    xs, ts = _pairs("mse_loss", input, target)
    errors = [x - t for x, t in zip(xs, ts)]
    return dot(errors, errors) / len(xs)  # the sum of squares e . e as one node


def binary_cross_entropy(input: Predictions, target: Targets) -> Value:  # noqa: A002
    """-(1/n) sum_i [t_i log p_i + (1 - t_i) log(1 - p_i)], for probabilities p_i in (0, 1).

    d/dp_i = (p_i - t_i) / (p_i (1 - p_i)) / n. A probability of exactly 0 or 1 (a sigmoid
    that saturated) needs log(0) = -inf, so it is a ValueError here. PyTorch instead clamps
    each log at -100, which returns a finite number that is not the loss and a gradient near
    zero that stops learning; chainrule refuses rather than return a wrong number. Feed the
    logits to ``binary_cross_entropy_with_logits``, which never takes log(0).
    """
    ps, ts = _pairs("binary_cross_entropy", input, target)
    _check_targets_in_unit_interval("binary_cross_entropy", ts)
    for i, p in enumerate(ps):
        if not 0.0 < p.data < 1.0:
            raise ValueError(
                f"binary_cross_entropy: input {i} is {p.data!r}, not a probability strictly "
                "between 0 and 1 (log(0) is -inf); pass the logits to "
                "binary_cross_entropy_with_logits instead"
            )
    terms = [t * p.log() + (1.0 - t) * (1.0 - p).log() for p, t in zip(ps, ts)]
    return -autograd.sum(terms) / len(ps)


def binary_cross_entropy_with_logits(input: Predictions, target: Targets) -> Value:  # noqa: A002
    """binary_cross_entropy(sigmoid(x), t) computed from the logits x without log(0).

    -[t log s(x) + (1 - t) log(1 - s(x))] = softplus(x) - t x, with softplus(x) = log(1 + e^x)
    exact and finite for any finite x;  d/dx_i = (sigmoid(x_i) - t_i) / n.
    """
    xs, ts = _pairs("binary_cross_entropy_with_logits", input, target)
    _check_targets_in_unit_interval("binary_cross_entropy_with_logits", ts)
    return autograd.sum([x.softplus() - t * x for x, t in zip(xs, ts)]) / len(xs)


def cross_entropy(logits: Sequence[Any], target: int | Sequence[int]) -> Value:
    """The negative log-probability of the right class, from the logits of every class.

    One sample (``logits`` a sequence of numbers, ``target`` a class index):
    -log softmax(x)_t = logsumexp(x) - x_t;  d/dx_i = softmax(x)_i - [i == t].
    A batch (``logits`` a sequence of such sequences, ``target`` one index per sample):
    the mean over the samples.
    """
    if isinstance(target, (numbers.Number, str, Value)):  # one sample (checked there)
        return _cross_entropy_one(logits, target)
    targets = _sequence("cross_entropy", "target", target)
    samples = list(logits)
    if len(samples) != len(targets):
        raise ValueError(
            f"cross_entropy: logits has {len(samples)} samples but target has {len(targets)}"
        )
    if not samples:
        raise ValueError("cross_entropy: needs at least one sample, got empty logits")
    for i, sample in enumerate(samples):
        if isinstance(sample, (Value, numbers.Number)):
            raise TypeError(
                f"cross_entropy: with a sequence of targets, logits must hold one sequence of "
                f"class logits per sample, but sample {i} is {sample!r}"
            )
    losses = [_cross_entropy_one(x, t) for x, t in zip(samples, targets)]
    return autograd.sum(losses) / len(losses)


def hinge_loss(input: Predictions, target: Targets) -> Value:  # noqa: A002
    """Max-margin loss for labels t_i in {-1, +1}: (1/n) sum_i max(0, 1 - t_i x_i).

    Zero once a sample is on the right side with margin t x >= 1; otherwise
    d/dx_i = -t_i / n. (PyTorch: ``torch.clamp(1 - t * x, min=0).mean()``. Exactly at the
    kink t x = 1 the derivative here is 0, relu's choice, where clamp's is -t_i / n.)
    """
    xs, ts = _pairs("hinge_loss", input, target)
    for i, t in enumerate(ts):
        if float(t) not in (-1.0, 1.0):  # t may be a Value (see _pairs)
            raise ValueError(
                f"hinge_loss: target {i} is {t!r}; labels must be -1 or +1 "
                "(map 0/1 labels with 2 * t - 1)"
            )
    return autograd.sum([(1.0 - t * x).relu() for x, t in zip(xs, ts)]) / len(xs)


def l1_penalty(params: Iterable[Value]) -> Value:
    """sum_i |p_i|: added to a loss, it pulls every weight toward 0 at the same rate, so
    unneeded weights end near 0 (sparse models);  d/dp_i = sign(p_i), 0 at p_i = 0."""
    return autograd.sum([abs(p) for p in params])


def l2_penalty(params: Iterable[Value]) -> Value:
    """sum_i p_i^2 as one node (p . p): added to a loss, it keeps weights small;  d/dp_i = 2 p_i.

    ``loss + alpha * l2_penalty(model.parameters())`` adds 2 alpha p to each gradient, the same
    step as an SGD optimizer's ``weight_decay = 2 * alpha`` (which adds weight_decay * p).
    AdamW's decoupled weight decay is a different update, not this penalty.
    """
    ps = list(params)
    return dot(ps, ps)


# --- checking and normalising the arguments ---------------------------------------------


def _pairs(where: str, input: Predictions, target: Targets) -> tuple[list[Value], list[Any]]:  # noqa: A002
    """The input as Values and the target as floats, one of each per sample.

    A target that is a Value stays one (its data is compared by the checks): ``fit`` writes
    each mini-batch's targets into such leaves to replay one compiled graph for all batches.
    """
    xs = _values(where, input)
    ts = [
        t if isinstance(t, Value) else as_float(where, t)
        for t in _sequence(where, "target", target)
    ]
    if len(xs) != len(ts):
        raise ValueError(f"{where}: input has {len(xs)} elements but target has {len(ts)}")
    return xs, ts


def _values(where: str, input: Any) -> list[Value]:  # noqa: A002
    """The input as a non-empty list of Values; plain numbers become constant leaves."""
    xs = [
        x if isinstance(x, Value) else Value(as_float(where, x))
        for x in _sequence(where, "input", input)
    ]
    if not xs:
        raise ValueError(f"{where}: needs at least one element, got an empty input")
    return xs


def _sequence(where: str, name: str, x: Any) -> list[Any]:
    """A single number or Value as a one-element list; a sequence as a list."""
    if isinstance(x, (Value, numbers.Number)):
        return [x]
    try:
        return list(x)
    except TypeError:
        raise TypeError(
            f"{where}: {name} must be a number or a sequence of numbers, got {x!r}"
        ) from None


def _check_targets_in_unit_interval(where: str, ts: list[float]) -> None:
    for i, t in enumerate(ts):
        if not 0.0 <= t <= 1.0:
            raise ValueError(f"{where}: target {i} is {t!r}, outside [0, 1]")


def _cross_entropy_one(logits: Sequence[Scalar], target: Any) -> Value:
    if not is_int(target):
        raise TypeError(
            f"cross_entropy: a target must be an int class index, got {target!r} "
            f"({type(target).__name__})"
        )
    xs, index = _values("cross_entropy", logits), int(target)
    if not 0 <= index < len(xs):
        raise ValueError(
            f"cross_entropy: target class {index} is out of range for {len(xs)} classes "
            f"(valid: 0 to {len(xs) - 1})"
        )
    return logsumexp(xs) - xs[index]
