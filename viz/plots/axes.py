"""What the plots share besides their Figure (``figure.py``): a checked pair of numbers, and
the padded range of an axis."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograd.value import as_float

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

MARGIN = 0.1  # fraction of the data's extent added on each side of a grid


def _pair(where: str, name: str, pair: Any) -> tuple[float, float]:
    """``pair`` as two finite floats, or an error naming ``where``, ``name`` and ``pair``."""
    try:
        first, second = pair
    except (TypeError, ValueError):
        raise ValueError(f"{where}: {name} must be a pair of numbers, got {pair!r}") from None
    return as_float(f"{where}: {name}", first), as_float(f"{where}: {name}", second)


def _padded(values: NDArray[np.float64]) -> tuple[float, float]:
    """[min, max] of ``values`` widened by MARGIN of its length on each side (by 1 if 0)."""
    low, high = float(values.min()), float(values.max())
    pad = MARGIN * (high - low) if high > low else 1.0
    return low - pad, high + pad
