"""Learning-rate schedules: lr = base_lr * factor(epoch), set on the optimizer at each step.

As in PyTorch, the scheduler sets the epoch-0 rate when it is made and advances one epoch
per ``scheduler.step()``, called after the epoch's ``optimizer.step()`` calls:

    scheduler = StepLR(optimizer, step_size=30, gamma=0.1)
    for epoch in range(100):
        train_one_epoch(model, optimizer)
        scheduler.step()

The schedules are closed forms in the epoch. PyTorch computes most of them by multiplying
the current rate, which gives the same numbers unless you also assign ``optimizer.lr``
yourself: here your value lasts until the next ``scheduler.step()``, which sets the rate
of the schedule again.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from ..checks import count, number, shown
from .optimizer import Optimizer


class LRScheduler:
    """The epoch counter and the update lr = base_lr * lr_factor(epoch), for every schedule.

    ``base_lr`` is the optimizer's learning rate when the scheduler is made (PyTorch's
    ``base_lrs``, one entry per parameter group). A subclass defines ``lr_factor``.
    """

    def __init__(self, optimizer: Optimizer) -> None:
        if not isinstance(optimizer, Optimizer):
            raise TypeError(
                f"{type(self).__name__}: optimizer must be an Optimizer, got {shown(optimizer)}"
            )
        self.optimizer = optimizer
        self.base_lr = optimizer.lr
        self.last_epoch = -1
        self.step()

    def step(self) -> None:
        """Advance one epoch and set the optimizer's learning rate for it.

        A rate that grows past the largest float is an OverflowError naming the schedule;
        then neither the epoch nor the rate changes.
        """
        epoch = self.last_epoch + 1
        try:
            lr = self.base_lr * self.lr_factor(epoch)
        except OverflowError:  # gamma ** epoch
            lr = math.inf
        if not math.isfinite(lr):
            raise OverflowError(
                f"{type(self).__name__}: the learning rate at epoch {epoch} (base_lr "
                f"{self.base_lr!r} times the schedule's factor) overflows a float"
            )
        self.optimizer.lr = lr
        self.last_epoch = epoch
        self._last_lr = self.optimizer.lr

    def get_last_lr(self) -> list[float]:
        """The learning rate this scheduler set last, as a list (one per parameter group)."""
        return [self._last_lr]

    def lr_factor(self, epoch: int) -> float:
        """lr at ``epoch`` / base_lr."""
        raise NotImplementedError(f"{type(self).__name__} must define lr_factor()")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(last_epoch={self.last_epoch}, lr={self._last_lr!r})"


class LambdaLR(LRScheduler):
    """lr = base_lr * lr_lambda(epoch), for any function you give (it must stay >= 0)."""

    def __init__(self, optimizer: Optimizer, lr_lambda: Callable[[int], float]) -> None:
        if not callable(lr_lambda):
            raise TypeError(
                f"LambdaLR: lr_lambda must be a function of the epoch, got {shown(lr_lambda)}"
            )
        self.lr_lambda = lr_lambda
        super().__init__(optimizer)

    def lr_factor(self, epoch: int) -> float:
        return number("LambdaLR", f"lr_lambda({epoch})", self.lr_lambda(epoch), ">= 0")


class StepLR(LRScheduler):
    """lr = base_lr * gamma^(epoch // step_size): times gamma every ``step_size`` epochs."""

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1) -> None:
        self.step_size = count("StepLR", "step_size", step_size)
        self.gamma = number("StepLR", "gamma", gamma, "> 0")
        super().__init__(optimizer)

    def lr_factor(self, epoch: int) -> float:
        return self.gamma ** (epoch // self.step_size)


class ExponentialLR(LRScheduler):
    """lr = base_lr * gamma^epoch: times gamma every epoch."""

    def __init__(self, optimizer: Optimizer, gamma: float) -> None:
        self.gamma = number("ExponentialLR", "gamma", gamma, "> 0")
        super().__init__(optimizer)

    def lr_factor(self, epoch: int) -> float:
        return self.gamma**epoch


class LinearLR(LRScheduler):
    """The factor goes in a straight line from ``start_factor`` (epoch 0) to ``end_factor``
    (epoch ``total_iters`` and after):

        lr = base_lr * (start + (end - start) * min(epoch, total_iters) / total_iters)

    As in PyTorch, start_factor is in (0, 1] and end_factor in [0, 1]: a schedule may end at 0.
    """

    def __init__(
        self,
        optimizer: Optimizer,
        start_factor: float = 1.0 / 3,
        end_factor: float = 1.0,
        total_iters: int = 5,
    ) -> None:
        self.start_factor = number("LinearLR", "start_factor", start_factor, "in (0, 1]")
        self.end_factor = number("LinearLR", "end_factor", end_factor, "in [0, 1]")
        self.total_iters = count("LinearLR", "total_iters", total_iters)
        super().__init__(optimizer)

    def lr_factor(self, epoch: int) -> float:
        progress = min(epoch, self.total_iters) / self.total_iters
        return self.start_factor + (self.end_factor - self.start_factor) * progress
