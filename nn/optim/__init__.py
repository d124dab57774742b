"""Optimizers with the arithmetic of ``torch.optim``, and learning-rate schedules.

>>> from autograd import Value
>>> from nn.optim import SGD
>>> w = Value(3.0)
>>> optimizer = SGD([w], lr=0.1)
>>> loss = w * w
>>> loss.backward()
>>> optimizer.step()  # w <- w - 0.1 * d(w^2)/dw = 3 - 0.1 * 6
>>> round(w.data, 12)
2.4
"""

from . import lr_scheduler
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .lr_scheduler import ExponentialLR, LambdaLR, LinearLR, LRScheduler, StepLR
from .optimizer import Optimizer
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = [
    "SGD",
    "Adagrad",
    "Adam",
    "AdamW",
    "ExponentialLR",
    "LRScheduler",
    "LambdaLR",
    "LinearLR",
    "Optimizer",
    "RMSprop",
    "StepLR",
    "lr_scheduler",
]
