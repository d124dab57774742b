"""``Optimizer``: what every optimizer shares; each one only says how to move one parameter.

A training step is

    model.zero_grad()    # or optimizer.zero_grad(): every p.grad = 0
    loss.backward()      # every p.grad = d(loss)/dp
    optimizer.step()     # every p.data moves against its gradient

``step()`` is plain float arithmetic on ``p.data`` and ``p.grad``: it builds no graph.
"""

from __future__ import annotations

import contextlib
import math
import signal
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import SimpleNamespace
from typing import Any

from autograd import Value
from autograd.value import as_float

from ..checks import is_int, number, shown


class Optimizer:
    """Holds the parameters, the learning rate and the per-parameter state of an optimizer.

    A subclass defines ``_update(i, p, g, s) -> new p``: its rule for parameter ``i`` with
    value ``p`` and gradient ``g``. The state it needs (momentum buffers, running averages)
    is declared with ``_new_state(name)``: a list of floats, one per parameter, readable as
    ``optimizer.<name>``. During a step the rule reads and writes the step's own copy of
    the state, ``s.<name>[i]``, and ``s.t`` is the number of the step, the t of the
    formulas (1 on the first step); ``self.t`` counts the steps taken.

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
        self._state_names: list[str] = []

    @property
    def lr(self) -> float:
        """The learning rate (>= 0: a warm-up may start at 0); assign to it to change the
        next steps."""
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        self._lr = number(type(self).__name__, "lr", value, ">= 0")

    def state_dict(self) -> dict[str, Any]:
        """The step count, the learning rate and a copy of each per-parameter state list,
        by name (as ``torch.optim``'s ``state_dict()``: save it with the model's to resume)."""
        state: dict[str, Any] = {"t": self.t, "lr": self.lr}
        state.update({name: list(getattr(self, name)) for name in self._state_names})
        return state

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Take back what ``state_dict()`` gave, for the same kind of optimizer over as many
        parameters. All or nothing: a missing or extra name, a wrong length or a value that
        is not a finite number is an error naming it, and nothing is changed."""
        where = f"{type(self).__name__}.load_state_dict"
        if not isinstance(state, Mapping):
            raise TypeError(f"{where}: expected a dict from state_dict(), got {shown(state)}")
        expected = {"t", "lr", *self._state_names}
        if set(state) != expected:
            raise ValueError(f"{where}: expected the names {sorted(expected)}, got {sorted(state)}")
        t = state["t"]
        if not is_int(t) or t < 0:
            raise ValueError(f"{where}: t must be a step count (an int >= 0), got {shown(t)}")
        lr = number(where, "lr", state["lr"], ">= 0")
        lists = {}
        for name in self._state_names:
            values = state[name]
            if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
                raise TypeError(f"{where}: {name} must be a list of numbers, got {shown(values)}")
            if len(values) != len(self.params):
                raise ValueError(
                    f"{where}: {name} has {len(values)} values for {len(self.params)} parameters"
                )
            lists[name] = [as_float(f"{where}: {name}[{i}]", v) for i, v in enumerate(values)]
        self.t, self.lr = int(t), lr
        for name, values in lists.items():
            setattr(self, name, values)

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0 before the next backward pass."""
        for p in self.params:
            p.grad = 0.0

    def step(self) -> None:
        """Move every parameter once, from its ``.grad`` (call it after ``backward()``).

        All or nothing: every new value and state is computed first, on copies, then all
        are written at once. If anything fails on the way (a gradient or a result that is
        not a finite number, a zero denominator, a KeyboardInterrupt), the error names the
        parameter where it can, and neither the parameters nor the state have changed.
        """
        grads = [p.grad for p in self.params]  # finite floats: Value.grad checks every write
        s = SimpleNamespace(t=self.t + 1)
        for state in self._state_names:
            setattr(s, state, getattr(self, state).copy())
        new_data = [
            self._step_one(i, p.data, g, s) for i, (p, g) in enumerate(zip(self.params, grads))
        ]
        states = [getattr(s, state) for state in self._state_names]
        if not all(map(math.isfinite, new_data)) or not all(
            all(map(math.isfinite, values)) for values in states
        ):
            self._overflowed(new_data, states, grads)
        with _interrupts_held():  # the commit: nothing can stop it halfway
            for p, data in zip(self.params, new_data):
                p.data = data
            vars(self).update(vars(s))  # t and every state list, in one call

    def _step_one(self, i: int, p: float, g: float, s: SimpleNamespace) -> float:
        """Weight decay, then the optimizer's own rule (``step`` checks the results)."""
        if self.decoupled_weight_decay:
            p = p * (1.0 - self.lr * self.weight_decay)
        else:
            g = g + self.weight_decay * p
        try:
            return self._update(i, p, g, s)
        except ZeroDivisionError:
            raise ZeroDivisionError(
                f"{type(self).__name__}.step: division by zero updating parameter {i} (data "
                f"{p!r}, grad {g!r}); use eps > 0"
            ) from None

    def _overflowed(
        self, new_data: list[float], states: list[list[float]], grads: list[float]
    ) -> None:
        """Raise for the first parameter whose update or state is not a finite number."""
        for i, new_p in enumerate(new_data):
            if not (math.isfinite(new_p) and all(math.isfinite(v[i]) for v in states)):
                raise OverflowError(
                    f"{type(self).__name__}.step: the update of parameter {i} (data "
                    f"{self.params[i].data!r}, grad {grads[i]!r}) overflowed with lr = "
                    f"{self.lr!r}; the optimizer diverged, try a smaller lr"
                )

    def _update(self, i: int, p: float, g: float, s: SimpleNamespace) -> float:
        raise NotImplementedError(f"{type(self).__name__} must define _update()")

    def _new_state(self, name: str, initial: float = 0.0) -> None:
        """A per-parameter state ``self.<name>``: one float per parameter, all ``initial``."""
        setattr(self, name, [initial] * len(self.params))
        self._state_names.append(name)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self.params)} parameters, lr={self.lr!r})"


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold a Ctrl-C (SIGINT) that arrives inside the block until the block is done.

    Python delivers signals to the main thread only, so elsewhere there is nothing to hold;
    nor where SIGINT's handler was set outside Python (it could not be put back).
    """
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is None  # a handler set outside Python
    ):
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:
            signal.raise_signal(signal.SIGINT)  # now handled as it would have been


def _check_params(where: str, params: Iterable[Value]) -> list[Value]:
    if isinstance(params, Value) or not isinstance(params, Iterable):
        raise TypeError(
            f"{where}: params must be an iterable of Values such as model.parameters(), "
            f"got {shown(params)}"
        )
    checked: list[Value] = []
    seen: set[int] = set()
    for p in params:
        if not isinstance(p, Value):
            raise TypeError(f"{where}: every parameter must be a Value, got {shown(p)}")
        if p.parents:
            raise ValueError(f"{where}: can't optimize a non-leaf Value (made by {p.op!r}): {p!r}")
        if id(p) in seen:
            raise ValueError(f"{where}: parameter {p!r} is listed twice")
        seen.add(id(p))
        checked.append(p)
    if not checked:
        raise ValueError(f"{where}: got an empty list of parameters")
    return checked
