"""``python -m benchmarks [WORKLOAD ...] [--quick] [--markdown] [--cpu-time] [--digits-full]``.

With no WORKLOAD every group runs (about 4.5 minutes of CPU time on 2026-11-30); name one or
more (``python -m benchmarks learner-step``) to iterate on them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import report, suite, timing
from .engines import available_engines

DEFAULT_JSON = Path(__file__).resolve().parent / "results.json"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="chainrule against the classic micrograd design, PyTorch and plain floats",
    )
    parser.add_argument(
        "workloads", nargs="*", metavar="WORKLOAD",
        help=f"groups to run, of {', '.join(suite.GROUPS)} (default: all)",
    )  # fmt: skip
    parser.add_argument("--quick", action="store_true", help="tiny sizes, for a smoke test")
    parser.add_argument("--markdown", action="store_true", help="also print a markdown table")
    parser.add_argument(
        "--cpu-time", action="store_true",
        help="time with the process's CPU time (time.process_time) instead of wall time: "
        "steadier on a busy shared machine",
    )  # fmt: skip
    parser.add_argument(
        "--digits-full", action="store_true",
        help=f"also compile the full digits step ({suite.FULL_DIGITS:,} images; minutes today)",
    )  # fmt: skip
    parser.add_argument(
        "--json",
        type=Path,
        default=DEFAULT_JSON,
        help=f"where to write the figures ({DEFAULT_JSON})",
    )
    args = parser.parse_args(argv)
    unknown = [name for name in args.workloads if name not in suite.GROUPS]
    if unknown:
        parser.error(f"unknown workload {unknown[0]!r}; choose from {', '.join(suite.GROUPS)}")
    sizes = suite.QUICK if args.quick else suite.FULL
    if args.digits_full:
        sizes = sizes._replace(
            digits_compile_images=(*sizes.digits_compile_images, suite.FULL_DIGITS)
        )
    previous = timing.clock_name()
    timing.use_clock("process_time" if args.cpu_time else "perf_counter")
    try:
        _run(args.workloads or list(suite.GROUPS), sizes, args.quick, args.markdown, args.json)
    finally:
        timing.use_clock(previous)


def _run(names: list[str], sizes: suite.Sizes, quick: bool, markdown: bool, path: Path) -> None:
    """Run the named groups, one at a time, showing each group's rows as soon as it is done."""
    machine = report.machine()  # the load average before the run
    machine["clock"] = f"time.{timing.clock_name()}"
    engines = available_engines()
    groups: dict[str, suite.Group] = {}
    for name in (name for name in suite.GROUPS if name in names):
        groups |= suite.run(sizes, engines, [name], _progress)
        for row in groups[name].rows:
            _progress("  " + " | ".join(cell.strip() for cell in report.cells(row) if cell))
    machine["load average at the end"] = report.machine()["load average (1, 5, 15 min)"]
    print(report.format_text(groups, machine, sizes, quick))
    if markdown:
        print()
        print(report.format_markdown(groups, machine))
    report.write_json(report.to_json(groups, machine, sizes, quick), path)
    print(f"figures written to {path}")


def _progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
