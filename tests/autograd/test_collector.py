"""The cyclic garbage collector: a higher first threshold on import, pauses across threads."""

from __future__ import annotations

import gc
import subprocess
import sys

from autograd import collector


def _threshold_after_import(setup: str) -> int:
    code = f"import gc; {setup}; import autograd; print(gc.get_threshold()[0])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout)


def test_import_raises_the_default_threshold() -> None:
    assert gc.get_threshold()[0] == collector.THRESHOLD > collector.DEFAULT_THRESHOLD
    assert _threshold_after_import("pass") == collector.THRESHOLD


def test_a_threshold_the_program_chose_is_kept() -> None:
    assert _threshold_after_import("gc.set_threshold(5000, 10, 10)") == 5000


def test_the_collector_still_frees_cycles_between_graphs() -> None:
    """A raised threshold delays collections; it never stops them."""

    class Cycle:
        def __init__(self) -> None:
            self.me = self

    gc.collect()
    for _ in range(3 * collector.THRESHOLD):
        Cycle()
    assert sum(isinstance(o, Cycle) for o in gc.get_objects()) < 2 * collector.THRESHOLD


def test_import_autograd_loads_no_numpy() -> None:
    """compile_graph (numpy) loads on first use; the engine itself needs none."""
    code = "import sys, autograd; print('numpy' in sys.modules); autograd.compile_graph"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
