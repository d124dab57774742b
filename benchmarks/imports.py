"""How long ``import autograd``, ``import nn`` and ``import viz`` take in a fresh interpreter.

Each import runs in its own new Python process (so nothing is cached in ``sys.modules``),
which times the import alone, without the interpreter's start-up, and prints the seconds.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .timing import CLOCKS

ROOT = Path(__file__).resolve().parent.parent
MODULES = ("autograd", "nn", "viz")

_PROGRAM = """\
import time
start = time.{clock}()
import {module}
print(time.{clock}() - start)
"""


def import_seconds(module: str, clock: str = "perf_counter") -> float:
    """Seconds ``import module`` takes in a new interpreter started in the project's root.

    ``clock`` names the function of ``time`` that measures it (see ``timing.use_clock``).
    """
    if not module.isidentifier():
        raise ValueError(f"import_seconds: not a module name: {module!r}")
    if clock not in CLOCKS:
        raise ValueError(f"import_seconds: unknown clock {clock!r}")
    done = subprocess.run(
        [sys.executable, "-c", _PROGRAM.format(module=module, clock=clock)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"import_seconds: import {module} failed:\n{done.stderr}")
    return float(done.stdout.split()[-1])
