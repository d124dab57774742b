"""Training in one call: ``fit`` runs the loop the notebooks write out, ``evaluate`` scores.

Each batch of each epoch of ``fit`` is that loop, unchanged:

    predictions = [model(x) for x in X_batch]
    loss = criterion(predictions, y_batch) + l1 * sum_p |p| + l2 * sum_p p^2
    optimizer.zero_grad(); loss.backward(); optimizer.step()

Use ``fit`` when the loop is not the lesson.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from tqdm.auto import trange

from autograd import Value, compile_graph, gc_paused, no_grad

from . import losses
from .checks import count, number
from .data import batches
from .layers import MLP, Layer, Neuron
from .module import Module
from .optim import LRScheduler, Optimizer

Loss = Callable[[Any, Any], Value]

_STATIC = (MLP, Layer, Neuron)  # models whose graph has the same shape at every step

LOSSES: dict[str, Loss] = {
    "mse": losses.mse_loss,
    "binary_cross_entropy": losses.binary_cross_entropy,
    "binary_cross_entropy_with_logits": losses.binary_cross_entropy_with_logits,
    "cross_entropy": losses.cross_entropy,
    "hinge": losses.hinge_loss,
}


def _argmax_is(logits: Sequence[float], label: int) -> bool:
    """Right when the largest logit is the label's (the first of equal ones, as torch.argmax)."""
    return max(range(len(logits)), key=logits.__getitem__) == label


def _same_side(threshold: float) -> Callable[[float, float], bool]:
    """Right when output and label are both above ``threshold`` or both not (0/1 or -1/+1)."""
    return lambda output, label: (output > threshold) == (label > threshold)


# When a classifier's answer for one sample is right, for each classification loss.
_IS_RIGHT: dict[str, Callable[[Any, Any], bool]] = {
    "binary_cross_entropy": _same_side(0.5),  # a probability
    "binary_cross_entropy_with_logits": _same_side(0.0),  # a logit
    "cross_entropy": _argmax_is,  # one logit per class
    "hinge": _same_side(0.0),  # a score, labels -1/+1
}


def fit(
    model: Module,
    X: Any,
    y: Any,
    loss: str | Loss,
    optimizer: Optimizer,
    epochs: int = 100,
    batch_size: int | None = None,
    val: tuple[Any, Any] | None = None,
    progress: bool = True,
    seed: int | np.random.Generator | None = None,
    l1: float = 0.0,
    l2: float = 0.0,
    scheduler: LRScheduler | None = None,
    compiled: bool | None = None,
) -> dict[str, list[float]]:
    """Train ``model`` on (X, y) for ``epochs`` passes; return the history of each epoch.

    ``batch_size`` None is batch gradient descent, 1 is SGD, k is mini-batches of k samples,
    shuffled anew each epoch by one generator seeded with ``seed``. ``loss`` is a name in
    ``LOSSES`` or a function ``loss(predictions, targets) -> Value``. The history holds
    "loss" (the data loss, without l1/l2, averaged over the epoch's samples as they were
    trained on), "accuracy" for classification losses, "val_loss" and "val_accuracy" after
    each epoch when ``val=(X_val, y_val)``, and "lr", the learning rate of each epoch.

    Full-batch training (``batch_size`` None or at least len(X)) builds the same graph at
    every epoch, so it can be recorded once and replayed by ``autograd.compile_graph``:
    several times faster, with bit-for-bit the same numbers. ``compiled=None`` does this
    when the model is made of nn's own layers (``MLP``, ``Layer``, ``Neuron``: no branches
    that could change the graph) and the loss is one of ``LOSSES``; True asks for it (an
    error for mini-batches), False never does it.
    """
    X, y = _check_data("fit", X, y)
    if val is not None:
        if not isinstance(val, (tuple, list)) or len(val) != 2:
            raise TypeError(f"fit: val must be a pair (X_val, y_val), got {val!r}")
        val = _check_data("fit: val", *val)
    count("fit", "epochs", epochs)
    _loss_function(loss)  # an unknown loss fails now, not after the first forward pass
    l1 = number("fit", "l1", l1, ">= 0")
    l2 = number("fit", "l2", l2, ">= 0")
    try:
        rng = np.random.default_rng(seed)
    except (TypeError, ValueError) as error:
        message = f"fit: seed must be None, an int >= 0 or a Generator, got {seed!r}"
        raise type(error)(message) from None
    full_batch = batch_size is None or batch_size >= len(y)
    if compiled and not full_batch:
        raise ValueError(
            f"fit: compiled=True needs full-batch training (batch_size None or >= {len(y)}), "
            f"got batch_size={batch_size!r}: mini-batches change the graph's data every step"
        )
    if compiled is None:
        compiled = full_batch and isinstance(model, _STATIC) and isinstance(loss, str)
    replay = _Replay(model, X, y, loss, l1, l2) if compiled else None
    history: dict[str, list[float]] = {}
    with trange(epochs, desc="fit", unit="epoch", disable=not progress) as bar:
        for _ in bar:
            lr = optimizer.lr
            with gc_paused():
                if replay is not None:
                    metrics = replay.epoch(optimizer)
                else:
                    metrics = _train_one_epoch(
                        model, X, y, loss, optimizer, batch_size, rng, l1, l2
                    )
            if val is not None:
                val_metrics = evaluate(model, *val, loss)
                metrics |= {f"val_{name}": value for name, value in val_metrics.items()}
            bar.set_postfix(metrics)
            for name, value in {**metrics, "lr": lr}.items():
                history.setdefault(name, []).append(value)
            if scheduler is not None:
                scheduler.step()
    return history


def _train_one_epoch(
    model: Module,
    X: np.ndarray,
    y: np.ndarray,
    loss: str | Loss,
    optimizer: Optimizer,
    batch_size: int | None,
    rng: np.random.Generator,
    l1: float,
    l2: float,
) -> dict[str, float]:
    """One pass over shuffled batches, a step each; the loss and accuracy seen on the way.

    A full batch is not shuffled: the order of the samples in a sum changes nothing but the
    rounding, and a fixed order lets ``_Replay`` give exactly these numbers.
    """
    loss_sum, correct = 0.0, 0
    shuffle = batch_size is not None and batch_size < len(y)
    for X_batch, y_batch in batches(X, y, batch_size, shuffle=shuffle, seed=rng):
        data_loss, batch_correct = _score(model, X_batch, y_batch, loss)
        total = _regularised(data_loss, model, l1, l2)
        optimizer.zero_grad()
        total.backward()
        optimizer.step()
        loss_sum += data_loss.data * len(y_batch)
        correct += batch_correct
    return _metrics(loss_sum / len(y), correct, len(y), loss)


class _Replay:
    """Full-batch epochs replayed from one recorded graph (``autograd.compile_graph``)."""

    def __init__(
        self, model: Module, X: np.ndarray, y: np.ndarray, loss: str | Loss, l1: float, l2: float
    ) -> None:
        outputs = [_check_output(model(x), loss) for x in X]
        self.targets = y.tolist()
        data_loss = _loss_function(loss)(outputs, self.targets)
        total = _regularised(data_loss, model, l1, l2)
        self.widths = [len(out) if isinstance(out, Sequence) else 0 for out in outputs]
        flat = [v for out in outputs for v in (out if isinstance(out, Sequence) else [out])]
        self.graph = compile_graph(total, watch=[data_loss, *flat])
        self.loss = loss

    def epoch(self, optimizer: Optimizer) -> dict[str, float]:
        optimizer.zero_grad()
        self.graph()
        optimizer.step()
        data_loss, *flat = self.graph.watched
        outputs: list[Any] = []
        for width in self.widths:  # regroup each sample's logits
            outputs.append(flat.pop(0) if width == 0 else [flat.pop(0) for _ in range(width)])
        correct = _count_correct(outputs, self.targets, self.loss)
        return _metrics(data_loss, correct, len(self.targets), self.loss)


def evaluate(model: Module, X: Any, y: Any, loss: str | Loss) -> dict[str, float]:
    """The loss of ``model`` on (X, y), and its accuracy for a classification loss.

    Computed under ``no_grad()``: no graph is built and no ``.grad`` changes.
    """
    X, y = _check_data("evaluate", X, y)
    with no_grad():
        value, correct = _score(model, X, y, loss)
    return _metrics(value.data, correct, len(y), loss)


def _score(model: Module, X: np.ndarray, y: np.ndarray, loss: str | Loss) -> tuple[Value, int]:
    """The loss on one batch, and how many of its samples are classified right."""
    outputs = [_check_output(model(x), loss) for x in X]
    targets = y.tolist()
    value = _loss_function(loss)(outputs, targets)
    if not isinstance(value, Value):
        raise TypeError(f"loss: {loss!r} must return a Value, got {value!r}")
    data = [[v.data for v in out] if isinstance(out, Sequence) else out.data for out in outputs]
    return value, _count_correct(data, targets, loss)


def _count_correct(outputs: list[Any], targets: list[Any], loss: str | Loss) -> int:
    is_right = _accuracy_rule(loss)
    return 0 if is_right is None else sum(map(is_right, outputs, targets))


def _metrics(loss_value: float, correct: int, n: int, loss: str | Loss) -> dict[str, float]:
    if _accuracy_rule(loss) is None:
        return {"loss": loss_value}
    return {"loss": loss_value, "accuracy": correct / n}


def _accuracy_rule(loss: str | Loss) -> Callable[[Any, Any], bool] | None:
    return _IS_RIGHT.get(loss) if isinstance(loss, str) else None


def _regularised(data_loss: Value, model: Module, l1: float, l2: float) -> Value:
    """data_loss + l1 * sum_p |p| + l2 * sum_p p^2, each term only when its coefficient is set."""
    if l1:
        data_loss = data_loss + l1 * losses.l1_penalty(model.parameters())
    if l2:
        data_loss = data_loss + l2 * losses.l2_penalty(model.parameters())
    return data_loss


def _loss_function(loss: str | Loss) -> Loss:
    if isinstance(loss, str):
        if loss not in LOSSES:
            raise ValueError(
                f"loss: unknown loss {loss!r}; choose one of {list(LOSSES)} or pass a function "
                "loss(predictions, targets) -> Value"
            )
        return LOSSES[loss]
    if not callable(loss):
        raise TypeError(f"loss: expected a name or a function, got {loss!r}")
    return loss


def _check_output(output: Any, loss: str | Loss) -> Any:
    """The model's output for one sample, if it fits a named loss: logits or one Value."""
    if loss == "cross_entropy":
        if not isinstance(output, Sequence) or len(output) < 2:
            raise ValueError(
                f"cross_entropy: the model must return a list of logits, one per class, "
                f"got {output!r}"
            )
    elif isinstance(loss, str) and not isinstance(output, Value):
        shown = f"{len(output)} outputs" if isinstance(output, Sequence) else repr(output)
        raise ValueError(f"{loss}: the model must return one Value per sample, got {shown}")
    return output


def _check_data(where: str, X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim != 2:
        raise ValueError(f"{where}: X must be 2-D (samples x features), got shape {X.shape}")
    if y.ndim != 1:
        raise ValueError(f"{where}: y must be 1-D (one target per sample), got shape {y.shape}")
    if len(X) != len(y):
        raise ValueError(f"{where}: X has {len(X)} samples but y has {len(y)}")
    if len(y) == 0:
        raise ValueError(f"{where}: X and y hold no samples")
    return X, y
