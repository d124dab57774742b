"""Argument checks shared by nn (and viz): each error names the function, the argument and
the value, so a mistake is reported where it is made."""

from __future__ import annotations

import math
import numbers
from typing import Any, Literal, TypeGuard

import numpy as np

Rule = Literal["> 0", ">= 0", "in [0, 1)", "in [0, 1]", "in (0, 1]"]

_RULES = {
    "> 0": lambda x: x > 0.0,
    ">= 0": lambda x: x >= 0.0,
    "in [0, 1)": lambda x: 0.0 <= x < 1.0,
    "in [0, 1]": lambda x: 0.0 <= x <= 1.0,
    "in (0, 1]": lambda x: 0.0 < x <= 1.0,
}


def is_int(value: object) -> TypeGuard[numbers.Integral]:
    """An int or numpy integer, not a bool."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def count(where: str, name: str, value: Any, minimum: int = 1) -> int:
    """``value`` as an int >= ``minimum``; a TypeError if not an integer, else a ValueError."""
    wanted = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
    if not is_int(value):
        raise TypeError(f"{where}: {name} must be {wanted}, got {value!r}")
    if value < minimum:
        raise ValueError(f"{where}: {name} must be {wanted}, got {value!r}")
    return int(value)


def number(where: str, name: str, value: Any, rule: Rule | None = None) -> float:
    """``value`` as a float if it is a finite real number (not a bool) that obeys ``rule``."""
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise TypeError(f"{where}: {name} must be a real number, got {value!r}")
    try:
        x = float(value)
    except OverflowError:
        x = math.inf
    if not math.isfinite(x):
        raise ValueError(f"{where}: {name} must be finite, got {value!r}")
    if rule is not None and not _RULES[rule](x):
        raise ValueError(f"{where}: {name} must be {rule}, got {x!r}")
    return x


def flag(where: str, name: str, value: Any) -> bool:
    """``value`` if it is True or False (numpy's too), else a TypeError naming it."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{where}: {name} must be True or False, got {value!r}")
    return bool(value)
