"""What chainrule's collector setting costs a program that does not use chainrule.

``import autograd`` raises the cyclic collector's first threshold from CPython's 700 to
``autograd.collector.THRESHOLD``. A program that makes cyclic garbage (here: trees whose
children point back to their parent, built and dropped) then collects less often, in larger
batches. This module runs such a program under either threshold, for its time and its peak
memory.
"""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from autograd import collector

TREE = 100  # children per tree


def cyclic_program(nodes: int) -> int:
    """Build and drop trees of dicts with parent links (reference cycles): no Value at all."""
    total = 0
    for _ in range(nodes // TREE):
        root: dict[str, object] = {"children": []}
        children = [{"parent": root, "value": i} for i in range(TREE)]
        root["children"] = children
        total += len(children)
    return total


@contextmanager
def first_threshold(first: int) -> Iterator[None]:
    """The collector's first threshold set to ``first`` for the block, then put back."""
    old = gc.get_threshold()
    gc.set_threshold(first, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def under(first: int, call: Callable[[], object]) -> Callable[[], object]:
    """``call`` run with the collector's first threshold at ``first``."""

    def run() -> object:
        with first_threshold(first):
            return call()

    return run


def peak_bytes(first: int, nodes: int) -> int:
    """Peak traced memory of ``cyclic_program(nodes)`` under the first threshold ``first``,
    in a fresh interpreter (what else a benchmark process holds would blur it)."""
    code = (
        "import gc, tracemalloc; from benchmarks.collector import cyclic_program; "
        f"gc.set_threshold({first}, *gc.get_threshold()[1:]); cyclic_program(1000); "
        f"tracemalloc.start(); cyclic_program({nodes}); "
        "print(tracemalloc.get_traced_memory()[1])"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    return int(done.stdout)


THRESHOLDS = {"CPython's 700": collector.DEFAULT_THRESHOLD, "chainrule's": collector.THRESHOLD}
