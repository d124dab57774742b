"""Timing engines side by side: interleaved rounds, each engine charged its own garbage.

A comparison runs in one process in rounds; in each round every call runs once, in the
same order (A B C, A B C, ...), so a slow minute of a busy machine falls on all of them.
The figure of a comparison is the median over rounds of the per-round ratio of two
calls' times, not the ratio of their medians: each ratio compares runs made seconds apart.

Garbage collection is charged to the engine that made the garbage, with the collector
enabled as a user has it:

    gc.collect(); gc.freeze()        untimed: no one else's garbage, the rest of the process
                                     (torch's modules, the data) out of the collector's sight
    start; call(); gc.collect(); end timed: the call, the automatic collections it triggers,
                                     and collecting the cyclic garbage it leaves behind

The classic engine's closures make every graph cyclic garbage that only the collector frees;
chainrule's graphs are freed by reference counting. Without the final ``gc.collect()`` the
classic engine's garbage would be collected during (and charged to) the next engine's run.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Mapping
from typing import NamedTuple

Clock = Callable[[], float]
CLOCKS: dict[str, Clock] = {"perf_counter": time.perf_counter, "process_time": time.process_time}
_clock = ["perf_counter"]  # the name of the clock timed_call reads by default


def use_clock(name: str) -> None:
    """Time with ``time.perf_counter`` (wall time, the default) or ``time.process_time``.

    The process's CPU time leaves out the time the system gave to other processes: on a
    busy shared machine it is much closer to what a quiet one would measure.
    """
    if name not in CLOCKS:
        raise ValueError(f"use_clock: unknown clock {name!r}; choose one of {list(CLOCKS)}")
    _clock[0] = name


def clock_name() -> str:
    """The name of the clock in use (see ``use_clock``)."""
    return _clock[0]


def timed_call(
    call: Callable[[], object],
    clock: Clock | None = None,
    collect: Callable[[], int] = gc.collect,
) -> float:
    """Seconds taken by ``call()`` plus the collection of the cyclic garbage it made.

    ``clock`` None reads the clock chosen by ``use_clock``. Everything alive before the
    call stays frozen afterwards, so that the next call's collections skip it too;
    ``gc.unfreeze()`` when done (``interleave`` does).
    """
    clock = clock or CLOCKS[_clock[0]]
    collect()
    gc.freeze()
    start = clock()
    call()
    collect()
    return clock() - start


class Rounds(NamedTuple):
    """Seconds of each call in each round, by the call's name (the same rounds for all)."""

    seconds: dict[str, list[float]]

    def median(self, name: str) -> float:
        """The median seconds of one call over the rounds."""
        return statistics.median(self.seconds[name])

    def ratios(self, slower: str, faster: str) -> list[float]:
        """Per round, the time of ``slower`` divided by the time of ``faster``."""
        return [s / f for s, f in zip(self.seconds[slower], self.seconds[faster])]

    def speedup(self, slower: str, faster: str) -> float:
        """How many times faster ``faster`` ran than ``slower``: the median per-round ratio."""
        return statistics.median(self.ratios(slower, faster))


def interleave(
    calls: Mapping[str, Callable[[], object]],
    rounds: int,
    warmups: int = 1,
    timer: Callable[[Callable[[], object]], float] = timed_call,
) -> Rounds:
    """Run every call once per round, ``warmups`` untimed rounds then ``rounds`` timed ones.

    The collector is left as it was found: enabled, nothing frozen.
    """
    if rounds < 1 or warmups < 0:
        raise ValueError(f"interleave: needs rounds >= 1 and warmups >= 0, got {rounds}, {warmups}")
    seconds: dict[str, list[float]] = {name: [] for name in calls}
    try:
        for _ in range(warmups):
            for call in calls.values():
                call()
        for _ in range(rounds):
            for name, call in calls.items():
                seconds[name].append(timer(call))
    finally:
        gc.unfreeze()
    return Rounds(seconds)
