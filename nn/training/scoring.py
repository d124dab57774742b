"""Losses by name, ``evaluate``, and how one batch is scored: what eager and replayed share."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd import Value, no_grad

from .. import losses
from ..module import Module
from .arguments import check_data

Loss = Callable[[Any, Any], Value]

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


def evaluate(model: Module, X: Any, y: Any, loss: str | Loss) -> dict[str, float]:
    """The loss of ``model`` on (X, y), and its accuracy for a classification loss.

    Computed under ``no_grad()``: no graph is built and no ``.grad`` changes.
    """
    X, y = check_data("evaluate", X, y)
    with no_grad():
        value, correct = score(model, X, y, loss)
    return metrics(value.data, correct, len(y), loss)


def score(model: Module, X: np.ndarray, y: np.ndarray, loss: str | Loss) -> tuple[Value, int]:
    """The loss on one batch, and how many of its samples are classified right."""
    value, _, correct = forward(model, X, y, loss)
    return value, correct


def forward(
    model: Module, X: np.ndarray, y: np.ndarray, loss: str | Loss
) -> tuple[Value, list[Any], int]:
    """The loss on one batch, the model's outputs, and how many samples are classified right."""
    outputs = [check_output(model(x), loss) for x in X]
    targets = y.tolist()
    value = loss_function(loss)(outputs, targets)
    if not isinstance(value, Value):
        raise TypeError(f"loss: {loss!r} must return a Value, got {value!r}")
    data = [[v.data for v in out] if isinstance(out, Sequence) else out.data for out in outputs]
    return value, outputs, count_correct(data, targets, loss)


def count_correct(outputs: list[Any], targets: list[Any], loss: str | Loss) -> int:
    is_right = _accuracy_rule(loss)
    return 0 if is_right is None else sum(map(is_right, outputs, targets))


def metrics(loss_value: float, correct: int, n: int, loss: str | Loss) -> dict[str, float]:
    if _accuracy_rule(loss) is None:
        return {"loss": loss_value}
    return {"loss": loss_value, "accuracy": correct / n}


def _accuracy_rule(loss: str | Loss) -> Callable[[Any, Any], bool] | None:
    return _IS_RIGHT.get(loss) if isinstance(loss, str) else None


def regularised(data_loss: Value, model: Module, l1: float, l2: float) -> Value:
    """data_loss + l1 * sum_p |p| + l2 * sum_p p^2, each term only when its coefficient is set."""
    if l1:
        data_loss = data_loss + l1 * losses.l1_penalty(model.parameters())
    if l2:
        data_loss = data_loss + l2 * losses.l2_penalty(model.parameters())
    return data_loss


def loss_function(loss: str | Loss) -> Loss:
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


def check_targets(where: str, model: Module, X: np.ndarray, y: np.ndarray, loss: Any) -> None:
    """Every label of y valid for a named loss, now rather than in the middle of training.

    The loss itself judges them (each loss states its rule once), on stand-in predictions
    shaped like the model's output for the first sample: a probability of 0.5, or one zero
    logit per class for cross entropy.
    """
    if not isinstance(loss, str):
        return
    with no_grad():
        try:
            output = model(X[0])
        except (TypeError, ValueError) as error:
            raise type(error)(f"{where}: the model cannot read X[0]: {error}") from None
        output = check_output(output, loss)
        stand_in = [0.0] * len(output) if loss == "cross_entropy" else 0.5
        try:
            LOSSES[loss]([stand_in] * len(y), y.tolist())
        except (TypeError, ValueError) as error:
            raise type(error)(f"{where}: {error}") from None


def check_output(output: Any, loss: str | Loss) -> Any:
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
