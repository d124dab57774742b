"""Stochastic gradient descent, with momentum and Nesterov momentum (``torch.optim.SGD``)."""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace

from autograd import Value

from ..checks import flag, number
from .optimizer import Optimizer


class SGD(Optimizer):
    """p <- p - lr * g, optionally with momentum.

    With weight decay wd, momentum mu, dampening tau, at step t:

        g <- g + wd * p
        b <- g                          if t = 1
        b <- mu * b + (1 - tau) * g     otherwise     (the momentum buffer)
        g <- g + mu * b  (nesterov)  or  g <- b  (plain momentum)
        p <- p - lr * g

    With momentum = 0 there is no buffer: p <- p - lr * (g + wd * p).
    """

    def __init__(
        self,
        params: Iterable[Value],
        lr: float = 1e-3,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
    ) -> None:
        super().__init__(params, lr, weight_decay)
        self.momentum = number("SGD", "momentum", momentum, ">= 0")
        self.dampening = number("SGD", "dampening", dampening, "in [0, 1]")
        self.nesterov = flag("SGD", "nesterov", nesterov)
        if nesterov and (self.momentum == 0.0 or self.dampening != 0.0):
            raise ValueError(
                "SGD: Nesterov momentum requires a momentum > 0 and zero dampening, got "
                f"momentum={self.momentum!r}, dampening={self.dampening!r}"
            )
        self._new_state("momentum_buffers")

    def _update(self, i: int, p: float, g: float, s: SimpleNamespace) -> float:
        if self.momentum != 0.0:
            b = s.momentum_buffers[i]
            b = g if s.t == 1 else self.momentum * b + (1.0 - self.dampening) * g
            s.momentum_buffers[i] = b
            g = g + self.momentum * b if self.nesterov else b
        return p - self.lr * g
