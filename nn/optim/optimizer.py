"""``Optimizer``: what every optimizer shares; each one only says how to move one parameter.

A training step is

    model.zero_grad()    # or optimizer.zero_grad(): every p.grad = 0
    loss.backward()      # every p.grad = d(loss)/dp
    optimizer.step()     # every p.data moves against its gradient

``step()`` is plain float arithmetic on ``p.data`` and ``p.grad``: it builds no graph.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from autograd import Value
from autograd.value import as_float

from ..checks import number


class Optimizer:
    """Holds the parameters, the learning rate and the per-parameter state of an optimizer.

    A subclass defines ``_update(i, p, g) -> new p``: its rule for parameter ``i`` with value
    ``p`` and gradient ``g``. The state it needs (momentum buffers, running averages) lives
    in plain float lists made by ``_new_state()``, one entry per parameter. ``self.t`` counts
    the steps taken, the t of the formulas (1 on the first step).

    Weight decay ``wd`` is applied here, before ``_update``, in one of two ways:

    * L2 penalty (SGD, Adagrad, RMSprop, Adam): g <- g + wd * p, the gradient of wd/2 * p^2;
    * decoupled (AdamW): p <- p * (1 - lr * wd), the weight shrinks directly.
    """

    decoupled_weight_decay = False

    def __init__(self, params: Iterable[Value], lr: float, weight_decay: float) -> None:
        self.params = _check_params(type(self).__name__, params)
        self.lr = lr
        self.weight_decay = number(type(self).__name__, "weight_decay", weight_decay, ">= 0")
        self.t = 0
        self._states: list[list[float]] = []

    @property
    def lr(self) -> float:
        """The learning rate; assign to it to change the next steps."""
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        self._lr = number(type(self).__name__, "lr", value, "> 0")

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0 before the next backward pass."""
        for p in self.params:
            p.grad = 0.0

    def step(self) -> None:
        """Move every parameter once, from its ``.grad`` (call it after ``backward()``).

        All or nothing: if any gradient or result is not a finite number, or a denominator
        is zero, an error names the parameter and neither the parameters nor the
        optimizer's state change.
        """
        name = type(self).__name__
        grads = [
            as_float(f"{name}.step: the gradient of parameter {i}", p.grad)
            for i, p in enumerate(self.params)
        ]
        saved_states = [state.copy() for state in self._states]
        self.t += 1
        try:
            new_data = [
                self._step_one(i, p.data, g) for i, (p, g) in enumerate(zip(self.params, grads))
            ]
        except ArithmeticError:
            self.t -= 1
            for state, saved in zip(self._states, saved_states):
                state[:] = saved
            raise
        for p, data in zip(self.params, new_data):
            p.data = data

    def _step_one(self, i: int, p: float, g: float) -> float:
        """Weight decay, then the optimizer's own rule, then a check that all is finite."""
        name = type(self).__name__
        if self.decoupled_weight_decay:
            p = p * (1.0 - self.lr * self.weight_decay)
        else:
            g = g + self.weight_decay * p
        try:
            new_p = self._update(i, p, g)
        except ZeroDivisionError:
            raise ZeroDivisionError(
                f"{name}.step: division by zero updating parameter {i} (data {p!r}, "
                f"grad {g!r}); use eps > 0"
            ) from None
        if not (math.isfinite(new_p) and all(math.isfinite(s[i]) for s in self._states)):
            raise OverflowError(
                f"{name}.step: the update of parameter {i} (data {p!r}, grad {g!r}) "
                f"overflowed with lr = {self.lr!r}; the optimizer diverged, try a smaller lr"
            )
        return new_p

    def _update(self, i: int, p: float, g: float) -> float:
        raise NotImplementedError(f"{type(self).__name__} must define _update()")

    def _new_state(self, initial: float = 0.0) -> list[float]:
        """A per-parameter state: one float per parameter, all ``initial`` at first."""
        state = [initial] * len(self.params)
        self._states.append(state)
        return state

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self.params)} parameters, lr={self.lr!r})"


def _check_params(where: str, params: Iterable[Value]) -> list[Value]:
    if isinstance(params, Value) or not isinstance(params, Iterable):
        raise TypeError(
            f"{where}: params must be an iterable of Values such as model.parameters(), "
            f"got {params!r}"
        )
    checked: list[Value] = []
    seen: set[int] = set()
    for p in params:
        if not isinstance(p, Value):
            raise TypeError(f"{where}: every parameter must be a Value, got {p!r}")
        if p.parents:
            raise ValueError(f"{where}: can't optimize a non-leaf Value (made by {p.op!r}): {p!r}")
        if id(p) in seen:
            raise ValueError(f"{where}: parameter {p!r} is listed twice")
        seen.add(id(p))
        checked.append(p)
    if not checked:
        raise ValueError(f"{where}: got an empty list of parameters")
    return checked
