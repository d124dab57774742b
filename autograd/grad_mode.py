"""Switching graph recording off: ``no_grad``, as in PyTorch."""

from __future__ import annotations

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
    ``backward()`` does not reach through them. Use it for evaluation and for weight updates.
    """

    def __init__(self) -> None:
        self._previous: list[bool] = []

    def __enter__(self) -> None:
        self._previous.append(_GradMode.enabled)
        _GradMode.enabled = False

    def __exit__(self, *exc: Any) -> None:
        _GradMode.enabled = self._previous.pop()
