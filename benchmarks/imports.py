"""How long ``import autograd``, ``import nn`` and ``import viz`` take in a fresh interpreter.

Each import runs in its own new Python process (so nothing is cached in ``sys.modules``),
which times the import alone, without the interpreter's start-up, and prints the seconds.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ("autograd", "nn", "viz")

_PROGRAM = """\
import time
start = time.perf_counter()
import {module}
print(time.perf_counter() - start)
"""


def import_seconds(module: str) -> float:
    """Seconds ``import module`` takes in a new interpreter started in the project's root."""
    if not module.isidentifier():
        raise ValueError(f"import_seconds: not a module name: {module!r}")
    done = subprocess.run(
        [sys.executable, "-c", _PROGRAM.format(module=module)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"import_seconds: import {module} failed:\n{done.stderr}")
    return float(done.stdout.split()[-1])
