"""Argument checks shared by nn (and viz): each error names the function, the argument and
the value, so a mistake is reported where it is made."""

from __future__ import annotations

import math
import numbers
import os
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


def shown(value: Any) -> str:
    """``repr(value)`` for a message, at most about 60 characters: a huge int or a long
    list is named by its size, not printed whole."""
    if is_int(value) and abs(int(value)) >= 10**30:
        return f"an int of about {_power_of_ten(abs(int(value)))}"
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:50]}... ({type(value).__name__})"


def is_int(value: object) -> TypeGuard[numbers.Integral]:
    """An int or numpy integer, not a bool."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def count(where: str, name: str, value: Any, minimum: int = 1) -> int:
    """``value`` as an int >= ``minimum``; a TypeError if not an integer, else a ValueError."""
    wanted = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
    if not is_int(value):
        raise TypeError(f"{where}: {name} must be {wanted}, got {shown(value)}")
    if value < minimum:
        raise ValueError(f"{where}: {name} must be {wanted}, got {shown(value)}")
    return int(value)


def number(where: str, name: str, value: Any, rule: Rule | None = None) -> float:
    """``value`` as a float if it is a finite real number (not a bool) that obeys ``rule``."""
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise TypeError(f"{where}: {name} must be a real number, got {shown(value)}")
    try:
        x = float(value)
    except OverflowError:
        x = math.inf
    if not math.isfinite(x):
        raise ValueError(f"{where}: {name} must be finite, got {shown(value)}")
    if rule is not None and not _RULES[rule](x):
        raise ValueError(f"{where}: {name} must be {rule}, got {x!r}")
    return x


def flag(where: str, name: str, value: Any) -> bool:
    """``value`` if it is True or False (numpy's too), else a TypeError naming it."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{where}: {name} must be True or False, got {shown(value)}")
    return bool(value)


def generator(where: str, name: str, seed: Any) -> np.random.Generator:
    """A numpy Generator from None (fresh randomness), an int >= 0, or a Generator (as is)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    if not is_int(seed):
        raise TypeError(
            f"{where}: {name} must be None, an int or a numpy.random.Generator, got {shown(seed)}"
        )
    if seed < 0:
        raise ValueError(f"{where}: {name} must be a non-negative int, got {shown(seed)}")
    return np.random.default_rng(int(seed))


def fits_in_memory(where: str, n_items: int, items: str, bytes_each: int) -> None:
    """A ValueError, before anything is allocated, if ``n_items`` ``items`` of ``bytes_each``
    bytes each need more memory than this machine has."""
    need, have = n_items * bytes_each, _physical_memory()
    if need > have:
        shown = f"{n_items:,}" if n_items < 10**15 else _power_of_ten(n_items)
        raise ValueError(
            f"{where}: {shown} {items} would need about {_bytes(need)} of memory, more than "
            f"this machine's {_bytes(have)}"
        )


def _physical_memory() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # no sysconf (Windows): assume 1 TiB
        return 2**40


def _bytes(n: int) -> str:
    """1.5 GB, 3.0 TB or 10^400 bytes: readable at any size, even one beyond a float."""
    if n >= 10**15:
        return f"{_power_of_ten(n)} bytes"
    for unit, size in [("TB", 10**12), ("GB", 10**9), ("MB", 10**6)]:
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n:,} bytes"


def _power_of_ten(n: int) -> str:
    """About 10^k, for an int too long to print (or to make a float of)."""
    return f"10^{int(math.log10(n))}"
