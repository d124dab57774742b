"""Adam and AdamW: momentum and RMSprop together, with bias correction
(``torch.optim.Adam``, ``torch.optim.AdamW``)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from types import SimpleNamespace

from autograd import Value

from ..checks import flag, number, shown
from .optimizer import Optimizer


class Adam(Optimizer):
    """Steps along a running mean of g, divided by a running root-mean-square of g.

    With betas (b1, b2), weight decay wd, at step t:

        g <- g + wd * p                       (AdamW instead: p <- p * (1 - lr * wd))
        m <- b1 * m + (1 - b1) * g            (first moment: running mean of g)
        v <- b2 * v + (1 - b2) * g^2          (second moment: running mean of g^2)
        amsgrad:  v_max <- max(v_max, v),  v <- v_max
        m_hat = m / (1 - b1^t),  v_hat = v / (1 - b2^t)    (m and v start at 0: unbias them)
        p <- p - lr * m_hat / (sqrt(v_hat) + eps)
    """

    def __init__(
        self,
        params: Iterable[Value],
        lr: float = 1e-3,
        betas: Sequence[float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        amsgrad: bool = False,
    ) -> None:
        super().__init__(params, lr, weight_decay)
        name = type(self).__name__
        if isinstance(betas, str) or not isinstance(betas, Sequence) or len(betas) != 2:
            raise TypeError(f"{name}: betas must be a pair (beta1, beta2), got {shown(betas)}")
        self.betas = (
            number(name, "betas[0]", betas[0], "in [0, 1)"),
            number(name, "betas[1]", betas[1], "in [0, 1)"),
        )
        self.eps = number(name, "eps", eps, ">= 0")
        self.amsgrad = flag(name, "amsgrad", amsgrad)
        self._new_state("exp_avgs")
        self._new_state("exp_avg_sqs")
        self._new_state("max_exp_avg_sqs")

    def _update(self, i: int, p: float, g: float, s: SimpleNamespace) -> float:
        beta1, beta2 = self.betas
        m = s.exp_avgs[i] = beta1 * s.exp_avgs[i] + (1.0 - beta1) * g
        v = s.exp_avg_sqs[i] = beta2 * s.exp_avg_sqs[i] + (1.0 - beta2) * g * g
        if self.amsgrad:
            v = s.max_exp_avg_sqs[i] = max(s.max_exp_avg_sqs[i], v)
        m_hat = m / (1.0 - beta1**s.t)
        v_hat = v / (1.0 - beta2**s.t)
        return p - self.lr * m_hat / (math.sqrt(v_hat) + self.eps)


class AdamW(Adam):
    """Adam with decoupled weight decay: p <- p * (1 - lr * wd) before Adam's step.

    With plain Adam, weight decay enters g and is then divided by sqrt(v_hat), so parameters
    with large gradients are barely decayed; AdamW shrinks every weight at the same rate.
    """

    decoupled_weight_decay = True

    def __init__(
        self,
        params: Iterable[Value],
        lr: float = 1e-3,
        betas: Sequence[float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
    ) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad)
