"""Python's cyclic garbage collector and large graphs.

A graph holds no reference cycles (every edge points to an older node), so reference
counting frees it and the cyclic collector never finds anything in it. Yet CPython runs a
collection every 700 new container objects (a node makes three) and, while a graph grows,
keeps rescanning every live node: building a chain of a million nodes then costs more in
the collector than in the engine.

``import autograd`` therefore raises the collector's first threshold from CPython's default
of 700 to ``THRESHOLD`` (only if it is still the default: a program that tuned it keeps its
own setting). Collections become rarer, each still complete, so no garbage is ever kept
for good; cyclic garbage may wait a little longer before it is freed. The README gives what
this costs a program that makes cyclic garbage and does not use chainrule.
``gc_paused()`` stops the collector altogether for a block, as ``nn.fit`` does per epoch.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

DEFAULT_THRESHOLD = 700  # CPython's gc.get_threshold()[0]
THRESHOLD = 10_000


def tune_threshold() -> None:
    """Raise the collector's first threshold to THRESHOLD, unless someone already set it."""
    first, *rest = gc.get_threshold()
    if first == DEFAULT_THRESHOLD:
        gc.set_threshold(THRESHOLD, *rest)


class _Pauses:
    """Pauses of the collector, counted across threads (one lock)."""

    lock = threading.Lock()
    depth = 0  # how many gc_paused() blocks are open, in every thread
    was_enabled = False  # the collector's state when the first one opened


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building or walking a graph.

    Memory is still freed as usual, by reference counting. Safe across threads: the
    collector comes back on when the last open block, in any thread, closes.
    """
    with _Pauses.lock:
        if _Pauses.depth == 0:
            _Pauses.was_enabled = gc.isenabled()
            gc.disable()
        _Pauses.depth += 1
    try:
        yield
    finally:
        with _Pauses.lock:
            _Pauses.depth -= 1
            if _Pauses.depth == 0 and _Pauses.was_enabled:
                gc.enable()
