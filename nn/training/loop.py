"""``fit``: the training loop the notebooks write out, in one call."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from autograd import gc_paused

from ..checks import number
from ..data import batches
from ..module import Module
from ..optim import LRScheduler, Optimizer
from .arguments import Callback, check_data, check_training, check_val
from .replay import ReplayedStep, Replays, correct, why_not_replayable
from .scoring import Loss, check_targets, evaluate, forward, loss_function, metrics, regularised


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
    callbacks: list[Callback] | None = None,
) -> dict[str, list[float]]:
    """Train ``model`` on (X, y) for ``epochs`` passes; return the history of each epoch.

    Each step is the loop the notebooks write::

        predictions = [model(x) for x in X_batch]
        loss = criterion(predictions, y_batch) + l1 * sum_p |p| + l2 * sum_p p^2
        optimizer.zero_grad(); loss.backward(); optimizer.step()

    ``batch_size`` None is batch gradient descent, 1 is SGD, k is mini-batches of k samples,
    shuffled anew each epoch by one generator seeded with ``seed``. ``loss`` is a name in
    ``LOSSES`` or a function ``loss(predictions, targets) -> Value``. The history holds
    "loss" (the data loss, without l1/l2, averaged over the epoch's samples as they were
    trained on), "accuracy" for classification losses, "val_loss" and "val_accuracy" after
    each epoch when ``val=(X_val, y_val)``, and "lr", the learning rate of each epoch.

    ``callbacks``: functions called after every epoch as ``callback(model, history)``, with
    ``history`` the dict of lists so far (the object ``fit`` returns): to draw a live plot,
    save the best model, log. What they return is ignored; an error in one stops ``fit``.

    Every argument, the validation data and every label are checked before the first epoch.

    Compiling: when every step builds the same graph (a model of nn's own ``MLP``, ``Layer``
    and ``Neuron`` with known activations, a named loss), a step can be recorded once and
    replayed by ``autograd.compile_graph``: bit-for-bit the same numbers, several times
    faster. ``compiled=None`` decides: it runs the first epoch eagerly, times it, and
    compiles each batch size whose remaining steps repay the compile (estimated from the
    graph's edges); the progress bar says "compiling" meanwhile. Compiled steps are kept
    with the model and reused by the next ``fit`` while the model, the loss, l1, l2, the
    batch size and (for a full batch) the data are the same. Mini-batches with cross
    entropy stay eager (the graph depends on the labels). ``compiled=True`` compiles before
    the first epoch (an error where replaying is not known to be safe), False never does.
    A replay that fails changes nothing: that step is redone eagerly, which raises the
    eager path's error.
    """
    callbacks = check_training(
        model, optimizer, scheduler, batch_size, epochs, progress, compiled, callbacks
    )
    X, y = check_data("fit", X, y)
    val = check_val(val, X)
    loss_function(loss)  # an unknown loss fails now, not after the first forward pass
    l1 = number("fit", "l1", l1, ">= 0")
    l2 = number("fit", "l2", l2, ">= 0")
    try:
        rng = np.random.default_rng(seed)
    except (TypeError, ValueError) as error:
        message = f"fit: seed must be None, an int >= 0 or a Generator, got {seed!r}"
        raise type(error)(message) from None
    check_targets("fit", model, X, y, loss)
    if val is not None:
        check_targets("fit: val", model, *val, loss)
    size = len(y) if batch_size is None else min(batch_size, len(y))
    why_not = why_not_replayable(model, loss, full_batch=size == len(y))
    if compiled and why_not is not None:
        raise ValueError(f"fit: compiled=True needs the same graph at every step, but {why_not}")
    replays = None
    if compiled is not False and why_not is None and isinstance(loss, str):
        replays = Replays(model, X, y, loss, l1, l2, size)

    from tqdm.auto import tqdm  # here, not at import: tqdm.auto costs ~150 ms to import

    history: dict[str, list[float]] = {}
    with tqdm(total=epochs, desc="fit", unit="epoch", disable=not progress) as bar:

        def show(state: str) -> None:
            bar.set_description(f"fit ({state})")

        if replays is not None and replays.any_kept:
            show("compiled")
        for epoch in range(epochs):
            if replays is not None and epoch == 0 and compiled:
                with gc_paused():
                    replays.compile_all(show)
            if replays is not None and epoch == 1 and compiled is None:
                with gc_paused():
                    replays.compile_paying(epochs - epoch, show)
            lr = optimizer.lr
            with gc_paused():
                try:
                    scores = _train_one_epoch(
                        model, X, y, loss, optimizer, size, rng, l1, l2, replays
                    )
                except OverflowError as error:
                    raise _diverged(error, epoch, lr, history) from error
            if val is not None:
                val_scores = evaluate(model, *val, loss)
                scores |= {f"val_{name}": value for name, value in val_scores.items()}
            for name, value in {**scores, "lr": lr}.items():
                history.setdefault(name, []).append(value)
            if scheduler is not None:
                scheduler.step()
            bar.set_postfix(scores, refresh=False)
            bar.update()
            for callback in callbacks:
                callback(model, history)
    return history


def _diverged(
    error: OverflowError, epoch: int, lr: float, history: dict[str, list[float]]
) -> OverflowError:
    """An overflow in training, said as what it usually means: the weights ran away."""
    losses = history.get("loss", [])
    trend = f"; the loss went {losses[0]:.3g} -> {losses[-1]:.3g}" if losses else ""
    return OverflowError(
        f"fit: epoch {epoch + 1} overflowed ({error}){trend}. Training diverged: the weights "
        f"grew without bound, which usually means the learning rate (lr={lr!r}) is too large"
    )


def _train_one_epoch(
    model: Module,
    X: np.ndarray,
    y: np.ndarray,
    loss: str | Loss,
    optimizer: Optimizer,
    size: int,
    rng: np.random.Generator,
    l1: float,
    l2: float,
    replays: Replays | None,
) -> dict[str, float]:
    """One pass over shuffled batches, a step each; the loss and accuracy seen on the way.

    A full batch is not shuffled: the order of the samples in a sum changes nothing but the
    rounding, and a fixed order lets a replayed step give exactly these numbers.
    """
    loss_sum, n_correct = 0.0, 0
    shuffle = size < len(y)
    for X_batch, y_batch in batches(X, y, size, shuffle=shuffle, seed=rng):
        step = replays.step_for(len(y_batch)) if replays is not None else None
        optimizer.zero_grad()
        replayed = _replayed(step, X_batch, y_batch) if step is not None else None
        if replayed is None:
            start = time.perf_counter()
            value, outputs, batch_correct = forward(model, X_batch, y_batch, loss)
            total = regularised(value, model, l1, l2)
            total.backward()
            optimizer.step()
            data_loss = value.data
            if replays is not None:
                seconds = time.perf_counter() - start
                replays.timed(len(y_batch), seconds, total, value, outputs)
        else:
            optimizer.step()
            data_loss, outputs = replayed
            batch_correct = correct(outputs, y_batch, loss)
        loss_sum += data_loss * len(y_batch)
        n_correct += batch_correct
    return metrics(loss_sum / len(y), n_correct, len(y), loss)


def _replayed(
    step: ReplayedStep, X_batch: np.ndarray, y_batch: np.ndarray
) -> tuple[float, list[Any]] | None:
    """The replayed step's data loss and outputs, or None if the replay failed.

    A failed replay changes nothing (no gradient is written unless all are), so the eager
    step can redo it: it raises the eager path's error, which names the user's operation.
    """
    try:
        return step(X_batch, y_batch)
    except Exception:
        return None
