"""RMSprop: steps divided by a running root-mean-square of the gradient
(``torch.optim.RMSprop``)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from types import SimpleNamespace

from autograd import Value

from ..checks import flag, number
from .optimizer import Optimizer


class RMSprop(Optimizer):
    """Steps of size lr / sqrt(running average of g^2).

    With weight decay wd, smoothing constant alpha, momentum mu:

        g <- g + wd * p
        v <- alpha * v + (1 - alpha) * g^2            (running average of g^2)
        centered:  m <- alpha * m + (1 - alpha) * g   (running average of g)
                   d <- sqrt(v - m^2) + eps           (a running standard deviation)
        else:      d <- sqrt(v) + eps
        momentum:  b <- mu * b + g / d,  p <- p - lr * b
        else:      p <- p - lr * g / d
    """

    def __init__(
        self,
        params: Iterable[Value],
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum: float = 0.0,
        centered: bool = False,
    ) -> None:
        super().__init__(params, lr, weight_decay)
        self.alpha = number("RMSprop", "alpha", alpha, "in [0, 1)")
        self.eps = number("RMSprop", "eps", eps, ">= 0")
        self.momentum = number("RMSprop", "momentum", momentum, ">= 0")
        self.centered = flag("RMSprop", "centered", centered)
        self._new_state("square_avgs")
        self._new_state("grad_avgs")
        self._new_state("momentum_buffers")

    def _update(self, i: int, p: float, g: float, s: SimpleNamespace) -> float:
        alpha = self.alpha
        v = s.square_avgs[i] = alpha * s.square_avgs[i] + (1.0 - alpha) * g * g
        if self.centered:
            m = s.grad_avgs[i] = alpha * s.grad_avgs[i] + (1.0 - alpha) * g
            # v >= m^2 in exact arithmetic; rounding can put v - m^2 a hair below 0.
            d = math.sqrt(max(v - m * m, 0.0)) + self.eps
        else:
            d = math.sqrt(v) + self.eps
        if self.momentum > 0.0:
            b = s.momentum_buffers[i] = self.momentum * s.momentum_buffers[i] + g / d
            return p - self.lr * b
        return p - self.lr * g / d
