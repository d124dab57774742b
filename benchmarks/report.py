"""The benchmarks' figures as a table for people and a JSON document for tools."""

from __future__ import annotations

import json
import os
import platform
from importlib import metadata
from pathlib import Path
from typing import Any, NamedTuple

from .suite import Results, Timing

ENGINES = ("classic", "chainrule", "torch")  # the table's column order
MEMORY_TARGET = 300.0  # bytes per node, at most
# (workload, engine, factor): chainrule at least `factor` times faster than `engine`.
SPEEDUP_TARGETS = (
    ("demo_step", "classic", 50.0),
    ("chain", "classic", 8.0),
    ("chain_gc_paused", "classic", 8.0),
    ("demo_step", "torch", 20.0),
    ("wide_neuron", "torch", 20.0),
)


class Target(NamedTuple):
    name: str
    measured: float | None  # None when the engine it compares with was not run
    holds: bool | None


def machine() -> dict[str, str]:
    """The CPU model, core count, load, Python and torch versions, and the platform."""
    try:
        torch_version = metadata.version("torch")
    except metadata.PackageNotFoundError:
        torch_version = "not installed"
    return {
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count()),
        "load average (1, 5, 15 min)": " ".join(f"{load:.2f}" for load in os.getloadavg()),
        "python": platform.python_version(),
        "torch": torch_version,
        "platform": platform.platform(),
    }


def speedup(timing: Timing, other: str) -> float | None:
    """How many times faster chainrule is than ``other``: their median seconds' ratio."""
    ours, theirs = timing.median("chainrule"), timing.median(other)
    return None if ours is None or theirs is None else theirs / ours


def targets(results: Results) -> list[Target]:
    """Each performance target with the measured figure and whether it holds."""
    by_key = {timing.key: timing for timing in results.timings}
    found = []
    for key, engine, factor in SPEEDUP_TARGETS:
        measured = speedup(by_key[key], engine)
        holds = None if measured is None else measured >= factor
        found.append(Target(f"{key} >= {factor:g}x {engine}", measured, holds))
    memory = results.memory.bytes_per_node.get("chainrule")
    holds = None if memory is None else memory <= MEMORY_TARGET
    found.append(Target(f"memory <= {MEMORY_TARGET:g} bytes/node", memory, holds))
    return found


def to_json(results: Results, machine: dict[str, str], quick: bool) -> dict[str, Any]:
    """Every figure of the table, plus each repeat's seconds and the sizes."""
    return {
        "machine": machine,
        "quick": quick,
        "sizes": results.sizes._asdict(),
        "workloads": {
            timing.key: {
                "label": timing.label,
                "median_seconds": {name: timing.median(name) for name in timing.seconds},
                "seconds": timing.seconds,
                "speedup_vs_classic": speedup(timing, "classic"),
                "speedup_vs_torch": speedup(timing, "torch"),
            }
            for timing in results.timings
        },
        "memory": {
            "bytes_per_node": results.memory.bytes_per_node,
            "chain_links": results.memory.links,
        },
        "targets": [target._asdict() for target in targets(results)],
    }


def write_json(document: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n")


def format_report(results: Results, machine: dict[str, str], quick: bool) -> str:
    """The machine, the table of times and speedups, and the targets, as text."""
    sizes = results.sizes
    lines = [f"{name}: {value}" for name, value in machine.items()]
    lines.append(
        f"median of {sizes.repeats} repeats after {sizes.warmups} warm-up(s); "
        "speedup = the other engine's time / chainrule's"
    )
    if quick:
        lines.append("--quick: tiny sizes, the targets below mean nothing")
    lines += ["", *_table(results), ""]
    lines += [_target_line(target) for target in targets(results)]
    return "\n".join(lines)


def _table(results: Results) -> list[str]:
    header = ["workload", *ENGINES, "vs classic", "vs torch"]
    rows = [
        [
            timing.label,
            *(_seconds(timing.median(name)) for name in ENGINES),
            _factor(speedup(timing, "classic")),
            _factor(speedup(timing, "torch")),
        ]
        for timing in results.timings
    ]
    memory = results.memory
    ours, theirs = memory.bytes_per_node.get("chainrule"), memory.bytes_per_node.get("classic")
    rows.append(
        [
            "peak bytes per node (chain)",
            *(_bytes(memory.bytes_per_node.get(name)) for name in ENGINES),
            "n/a" if ours is None or theirs is None else f"{theirs / ours:.1f}x less",
            "n/a",
        ]
    )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    text = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths))
        )
        for row in [header, *rows]
    ]
    chains = ", ".join(f"{name} {n:,} ops" for name, n in memory.links.items())
    note = f"(memory: tracemalloc's peak over a chain: {chains}; torch's C++ graph is unseen)"
    return [*text, note]


def _target_line(target: Target) -> str:
    verdict = {True: "holds", False: "MISSED", None: "not measured"}[target.holds]
    shown = "-" if target.measured is None else f"{target.measured:.1f}"
    return f"target {target.name}: {shown} -> {verdict}"


def _seconds(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} us"
    if seconds < 1.0:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def _factor(factor: float | None) -> str:
    return "n/a" if factor is None else f"{factor:.1f}x"


def _bytes(n: float | None) -> str:
    return "n/a" if n is None else f"{n:.0f} B"


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"
