"""The benchmarks' figures as a text table, a markdown table and a JSON document."""

from __future__ import annotations

import json
import os
import platform
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from .suite import Group, Row, Sizes

HEADER = ("workload", "medians", "figure", "target", "met")
METHOD = (
    "each comparison runs in one process in interleaved rounds (A B A B ...); figure = "
    "median of per-round ratios; each call is charged the cyclic gc of its own garbage "
    "(gc.collect() before it untimed, after it timed); torch on 1 thread"
)


def machine() -> dict[str, str]:
    """The CPU model, core count, load, Python and torch versions, the platform and date."""
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
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def rows(groups: dict[str, Group]) -> list[Row]:
    return [row for group in groups.values() for row in group.rows]


def cells(row: Row) -> list[str]:
    """The row's cells, as both tables show them."""
    medians = ", ".join(
        f"{name} {_quantity(value, row.unit)}" for name, value in row.medians.items()
    )
    figure = _figure(row.figure, row.figure_unit)
    target = (
        ""
        if row.target is None
        else f"{row.target.op} {_figure(row.target.bound, row.figure_unit)}"
    )
    met = {True: "met", False: "NOT MET", None: ""}[row.met]
    return [row.label, medians, figure, target, met]


def format_text(
    groups: dict[str, Group], machine: dict[str, str], sizes: Sizes, quick: bool
) -> str:
    """The machine, the method, the table and a count of targets met."""
    lines = [f"{name}: {value}" for name, value in machine.items()]
    lines.append(METHOD)
    if quick:
        lines.append("--quick: tiny sizes, the figures mean nothing")
    table = [list(HEADER), *(cells(row) for row in rows(groups))]
    widths = [max(len(row[i]) for row in table) for i in range(len(HEADER))]
    lines.append("")
    lines += [
        "  ".join(
            cell.ljust(w) if i in (0, 1) else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths))
        ).rstrip()
        for row in table
    ]
    judged = [row.met for row in rows(groups) if row.met is not None]
    lines += ["", f"targets met: {sum(judged)} of {len(judged)}"]
    return "\n".join(lines)


def format_markdown(groups: dict[str, Group], machine: dict[str, str]) -> str:
    """A table for the README: the machine line, then one row per line of the text table."""
    line = (
        f"{machine['cpu']}, {machine['cores']} cores, Python {machine['python']}, "
        f"torch {machine['torch']}, load average {machine['load average (1, 5, 15 min)']}, "
        f"{machine['date']}"
    )
    table = [
        "| " + " | ".join(HEADER) + " |",
        "| " + " | ".join(["---"] * 2 + ["---:"] * 3) + " |",
    ]
    for row in rows(groups):
        label, *rest = cells(row)
        label = label.strip() if not label.startswith(" ") else "… " + label.strip()
        table.append("| " + " | ".join(cell.replace("|", "\\|") for cell in [label, *rest]) + " |")
    return "\n".join([line, "", *table])


def to_json(
    groups: dict[str, Group], machine: dict[str, str], sizes: Sizes, quick: bool
) -> dict[str, Any]:
    """Every row, every round's seconds, the sizes and the machine."""
    return {
        "machine": machine,
        "quick": quick,
        "sizes": sizes._asdict(),
        "groups": {
            name: {
                "rows": [
                    {
                        "label": row.label.strip(),
                        "medians": row.medians,
                        "unit": row.unit,
                        "figure": row.figure,
                        "figure_unit": row.figure_unit,
                        "target": None if row.target is None else list(row.target),
                        "met": row.met,
                    }
                    for row in group.rows
                ],
                "seconds": group.seconds,
            }
            for name, group in groups.items()
        },
    }


def write_json(document: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n")


def _quantity(value: float, unit: str) -> str:
    if unit == "B":
        return f"{value:.0f} B"
    if unit == "s/edge":
        return f"{value * 1e6:.1f} us/edge"
    return _seconds(value)


def _seconds(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} us"
    if seconds < 1.0:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def _figure(value: float, unit: str) -> str:
    if unit == "x":
        return f"{value:.2f}x" if value < 10 else f"{value:.1f}x"
    return f"{value:.0f} {unit}"


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"
