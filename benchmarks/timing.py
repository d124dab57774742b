"""Timing several engines on the same workload, one after the other in one process."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Mapping


def time_side_by_side(
    calls: Mapping[str, Callable[[], object]], repeats: int, warmups: int = 1
) -> dict[str, list[float]]:
    """Seconds taken by each call on each of ``repeats`` runs, after ``warmups`` untimed ones.

    Each call runs its warm-ups and repeats back to back, as a training loop runs its
    steps, with the garbage collector in its normal state. So a run pays for what its
    graph costs the collector, including collecting the previous run's graph where that
    graph is cyclic garbage (the classic engine's closures make it so; chainrule's graphs
    are freed by reference counting as soon as they are dropped). Taking turns between
    engines instead would start every run with the caches full of another engine's
    objects: chainrule's demo step measured 23 ms that way against 17 ms back to back.
    """
    if repeats < 1 or warmups < 0:
        raise ValueError(
            f"time_side_by_side: needs repeats >= 1 and warmups >= 0, got {repeats}, {warmups}"
        )
    seconds: dict[str, list[float]] = {}
    try:
        for name, call in calls.items():
            _settle()
            for _ in range(warmups):
                call()
            seconds[name] = []
            for _ in range(repeats):
                start = time.perf_counter()
                call()
                seconds[name].append(time.perf_counter() - start)
    finally:
        gc.unfreeze()
    return seconds


def _settle() -> None:
    """Give each engine the same start: no garbage, and the collector blind to the rest.

    A full collection (the previous engine's garbage must not be this engine's work), then
    every object alive (torch's modules, the models, the inputs) frozen out of the
    collector's sight, so that its full collections scan only what the runs make. Else an
    engine would pay for scanning the ~170,000 objects that importing torch leaves behind,
    which a process using that engine alone would not have.
    """
    gc.collect()
    gc.freeze()
