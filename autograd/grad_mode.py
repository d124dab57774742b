"""Switching graph recording off: ``no_grad``, as in PyTorch, for each thread on its own."""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable, Generator
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class _GradMode(threading.local):
    """Per-thread state read by every operation: a new thread starts with recording on."""

    def __init__(self) -> None:
        self.enabled = True  # whether operations record their inputs
        self.saved: list[bool] = []  # the states that open no_grad blocks will restore
        self.deriving: str | None = None  # what grad(create_graph=True) is differentiating


_grad_mode = _GradMode()

# One entry per open no_grad block, in any thread. While it is empty every thread records,
# and an operation need not read its thread's state (a thread-local read is slow).
_open_blocks: list[None] = []


def is_grad_enabled() -> bool:
    """True unless this thread is inside ``no_grad()``."""
    return _grad_mode.enabled


class no_grad:  # noqa: N801 - PyTorch's name
    """Context manager and decorator under which operations record no inputs.

    Results computed inside are leaves: they have data but no graph, so they cost less and
    ``backward()`` does not reach through them. Use it for evaluation and for weight updates:
    ``with no_grad(): ...``, ``@no_grad()`` or, as in PyTorch, bare ``@no_grad`` (on
    functions, methods and generator functions alike). It is per thread: another thread
    keeps recording.
    """

    def __new__(cls, function: Callable[..., Any] | None = None) -> Any:
        if function is not None:  # bare @no_grad: the decorated function itself
            return cls()(function)
        return super().__new__(cls)

    def __enter__(self) -> None:
        _open_blocks.append(None)  # before recording stops: see _open_blocks
        _grad_mode.saved.append(_grad_mode.enabled)
        _grad_mode.enabled = False

    def __exit__(self, *exc: Any) -> None:
        _grad_mode.enabled = _grad_mode.saved.pop()
        _open_blocks.pop()  # after recording resumes

    def __call__(self, function: F) -> F:
        """``@no_grad()``: run ``function`` (or each step of a generator) without recording."""
        if not callable(function):
            raise TypeError(f"no_grad: expected a function to decorate, got {function!r}")
        if inspect.isgeneratorfunction(function):
            return _each_step_without_grad(function)  # type: ignore[return-value]

        @functools.wraps(function)
        def without_grad(*args: Any, **kwargs: Any) -> Any:
            with no_grad():
                return function(*args, **kwargs)

        return without_grad  # type: ignore[return-value]


def _each_step_without_grad(function: Callable[..., Generator]) -> Callable[..., Generator]:
    """A generator function whose body runs under no_grad, step by step: the caller's code
    between two steps keeps its own grad mode."""

    @functools.wraps(function)
    def generator(*args: Any, **kwargs: Any) -> Generator:
        steps = function(*args, **kwargs)
        # The first resume is send(None), i.e. next(); then send what the caller sent, or
        # throw what the caller threw.
        resume: Callable[[Any], Any] = steps.send
        given: Any = None
        while True:
            try:
                with no_grad():
                    item = resume(given)
            except StopIteration as stop:
                return stop.value
            try:
                given, resume = (yield item), steps.send
            except GeneratorExit:
                steps.close()
                raise
            except BaseException as error:  # thrown in by the caller: pass it on
                given, resume = error, steps.throw

    return generator
