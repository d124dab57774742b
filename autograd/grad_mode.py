"""Switching graph recording off: ``no_grad``, as in PyTorch."""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import ContextDecorator
from typing import Any


class _GradMode:
    """Whether operations record their inputs; read by every operation."""

    enabled = True


def is_grad_enabled() -> bool:
    """True unless inside ``no_grad()``."""
    return _GradMode.enabled


class no_grad(ContextDecorator):  # noqa: N801 - PyTorch's name
    """Context manager and decorator under which operations record no inputs.

    Results computed inside are leaves: they have data but no graph, so they cost less and
    ``backward()`` does not reach through them. Use it for evaluation and for weight updates:
    ``with no_grad(): ...``, ``@no_grad()`` or, as in PyTorch, ``@no_grad``.
    """

    def __init__(self, function: Callable[..., Any] | None = None) -> None:
        self._previous: list[bool] = []
        self._function = function  # set when used bare, as @no_grad
        if function is not None:
            functools.update_wrapper(self, function)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._function is None:  # @no_grad(): decorate the function given
            return super().__call__(*args, **kwargs)
        with self:  # @no_grad: call the function it wraps
            return self._function(*args, **kwargs)

    def __enter__(self) -> None:
        self._previous.append(_GradMode.enabled)
        _GradMode.enabled = False

    def __exit__(self, *exc: Any) -> None:
        _GradMode.enabled = self._previous.pop()
