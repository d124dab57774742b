"""``python -m benchmarks [WORKLOAD ...] [--quick] [--markdown] [--digits-full] [--json PATH]``.

With no WORKLOAD every group runs (about 4.5 minutes of CPU time on 2026-11-30); name one or
more (``python -m benchmarks learner-step``) to iterate on them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import report, suite
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
    machine = report.machine()  # the load average before the run
    engines = available_engines()
    selected = [name for name in suite.GROUPS if not args.workloads or name in args.workloads]
    groups: dict[str, suite.Group] = {}
    for name in selected:  # one at a time, to show each group's rows as soon as they exist
        groups |= suite.run(sizes, engines, [name], _progress)
        for row in groups[name].rows:
            _progress("  " + " | ".join(cell.strip() for cell in report.cells(row) if cell))
    machine["load average at the end"] = report.machine()["load average (1, 5, 15 min)"]
    print(report.format_text(groups, machine, sizes, args.quick))
    if args.markdown:
        print()
        print(report.format_markdown(groups, machine))
    report.write_json(report.to_json(groups, machine, sizes, args.quick), args.json)
    print(f"figures written to {args.json}")


def _progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
