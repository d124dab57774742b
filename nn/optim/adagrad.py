"""Adagrad: each parameter's step shrinks with the sum of its squared gradients
(``torch.optim.Adagrad``)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from types import SimpleNamespace

from autograd import Value

from ..checks import number
from .optimizer import Optimizer


class Adagrad(Optimizer):
    """Steps of size lr / sqrt(sum of squared gradients so far).

    With weight decay wd, learning-rate decay d, at step t:

        g <- g + wd * p
        s <- s + g^2                          (s starts at initial_accumulator_value)
        p <- p - lr / (1 + (t - 1) d) * g / (sqrt(s) + eps)
    """

    def __init__(
        self,
        params: Iterable[Value],
        lr: float = 1e-2,
        lr_decay: float = 0.0,
        weight_decay: float = 0.0,
        initial_accumulator_value: float = 0.0,
        eps: float = 1e-10,
    ) -> None:
        super().__init__(params, lr, weight_decay)
        self.lr_decay = number("Adagrad", "lr_decay", lr_decay, ">= 0")
        initial = number("Adagrad", "initial_accumulator_value", initial_accumulator_value, ">= 0")
        self.eps = number("Adagrad", "eps", eps, ">= 0")
        self._new_state("sums", initial)

    def _update(self, i: int, p: float, g: float, s: SimpleNamespace) -> float:
        total = s.sums[i] = s.sums[i] + g * g
        decayed_lr = self.lr / (1.0 + (s.t - 1) * self.lr_decay)
        return p - decayed_lr * g / (math.sqrt(total) + self.eps)
