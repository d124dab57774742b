"""``python -m benchmarks [--quick] [--json PATH]``: run every workload, print the table."""

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
        description="chainrule against the classic micrograd design and PyTorch scalars",
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes, for a smoke test")
    parser.add_argument(
        "--json",
        type=Path,
        default=DEFAULT_JSON,
        help=f"where to write the figures ({DEFAULT_JSON})",
    )
    args = parser.parse_args(argv)
    machine = report.machine()
    sizes = suite.QUICK if args.quick else suite.FULL
    results = suite.run(sizes, available_engines(), lambda line: print(line, file=sys.stderr))
    print(report.format_report(results, machine, args.quick))
    report.write_json(report.to_json(results, machine, args.quick), args.json)
    print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
