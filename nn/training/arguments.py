"""fit's arguments, all checked before the first epoch: each error names fit and the value."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from ..checks import count, flag
from ..module import Module
from ..optim import LRScheduler, Optimizer

Callback = Callable[[Module, dict[str, list[float]]], object]


def check_data(where: str, X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """X as a 2-D array of finite numbers and y as one finite target per sample."""
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim != 2:
        raise ValueError(f"{where}: X must be 2-D (samples x features), got shape {X.shape}")
    if y.ndim != 1:
        raise ValueError(f"{where}: y must be 1-D (one target per sample), got shape {y.shape}")
    if len(X) != len(y):
        raise ValueError(f"{where}: X has {len(X)} samples but y has {len(y)}")
    if len(y) == 0:
        raise ValueError(f"{where}: X and y hold no samples")
    return _finite(where, "X", X), _finite(where, "y", y)


def _finite(where: str, name: str, array: np.ndarray) -> np.ndarray:
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{where}: {name} must hold numbers, got an array of {array.dtype}")
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        index = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        where_in = ", ".join(map(str, index))
        bad = float(array[index])
        raise ValueError(f"{where}: {name}[{where_in}] is {bad!r}; every value must be finite")
    return array


def check_val(val: Any, X: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """None, or the validation pair checked as data with as many features as X."""
    if val is None:
        return None
    if not isinstance(val, (tuple, list)) or len(val) != 2:
        raise TypeError(f"fit: val must be a pair (X_val, y_val), got {val!r}")
    X_val, y_val = check_data("fit: val", *val)
    if X_val.shape[1] != X.shape[1]:
        raise ValueError(
            f"fit: val: X has {X_val.shape[1]} features per sample but the training X has "
            f"{X.shape[1]}"
        )
    return X_val, y_val


def check_training(
    model: Any,
    optimizer: Any,
    scheduler: Any,
    batch_size: Any,
    epochs: Any,
    progress: Any,
    compiled: Any,
    callbacks: Any,
) -> list[Callback]:
    """The model, its optimizer and schedule, and the loop's options; the callbacks as a list."""
    if not isinstance(model, Module):
        raise TypeError(f"fit: model must be an nn.Module (such as nn.MLP), got {model!r}")
    if not isinstance(optimizer, Optimizer):
        raise TypeError(
            f"fit: optimizer must be an nn.optim optimizer such as "
            f"nn.optim.SGD(model.parameters(), lr=0.1), got {optimizer!r}"
        )
    own = {id(p) for p in model.parameters()}
    for i, p in enumerate(optimizer.params):
        if id(p) not in own:
            raise ValueError(
                f"fit: the optimizer's parameter {i} ({p!r}) is not a parameter of this model; "
                "make the optimizer from this model's parameters()"
            )
    if scheduler is not None:
        if not isinstance(scheduler, LRScheduler):
            raise TypeError(
                f"fit: scheduler must be None or an nn.optim schedule such as "
                f"nn.optim.StepLR(optimizer, step_size=10), got {scheduler!r}"
            )
        if scheduler.optimizer is not optimizer:
            raise ValueError(
                f"fit: the scheduler {scheduler!r} sets the learning rate of another optimizer "
                f"({scheduler.optimizer!r}), not of {optimizer!r}"
            )
    if batch_size is not None:
        count("fit", "batch_size", batch_size)
    count("fit", "epochs", epochs)
    flag("fit", "progress", progress)
    if compiled is not None:
        flag("fit", "compiled", compiled)
    return _check_callbacks(callbacks)


def _check_callbacks(callbacks: Any) -> list[Callback]:
    if callbacks is None:
        return []
    wanted = "a list of functions callback(model, history)"
    if callable(callbacks) or not isinstance(callbacks, Iterable):
        raise TypeError(f"fit: callbacks must be {wanted}, got {callbacks!r}")
    checked = list(callbacks)
    for callback in checked:
        if not callable(callback):
            raise TypeError(f"fit: callbacks must be {wanted}, but one is {callback!r}")
    return checked
