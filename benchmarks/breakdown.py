"""Where chainrule's demo step spends its time, phase by phase.

``python -m benchmarks.breakdown [--points N] [--steps N] [--profile N]`` times each phase
of the demo step as ``benchmarks.workloads.library_step`` writes it, with
``time.perf_counter``, and with ``--profile`` lists the N functions cProfile finds most
time in (cProfile slows small Python functions down more than loops, so trust the phase
times for proportions).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import statistics
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

import nn

from .workloads import ALPHA, DEMO_SIZES, demo_model, library_step, moons, sgd

PHASES = (
    "model.parameters()",
    "forward: scores",
    "loss: hinge + l2",
    "topological order",
    "zero_grad(), backward()",
    "optimizer.step()",
    "freeing the graph",
)


class Breakdown(NamedTuple):
    """Median seconds per phase, the cyclic gc's seconds per step, and the graph's size."""

    seconds: dict[str, float]
    gc_seconds: float
    nodes: int
    edges: int


def breakdown(points: int = 100, steps: int = 20) -> Breakdown:
    """Time each phase of ``steps`` demo steps (after one warm-up step) on ``points`` moons.

    The topological order is computed once on its own to time it; ``backward()`` then
    computes it again, so its time includes that of "topological order".
    """
    X, y = moons(points)
    model = demo_model()
    optimizer = sgd(model)
    samples: dict[str, list[float]] = {phase: [] for phase in PHASES}
    with _gc_clock() as gc_seconds:
        for _ in range(steps + 1):
            clock = [time.perf_counter()]
            params = model.parameters()
            clock.append(time.perf_counter())
            scores = [model(x) for x in X]
            clock.append(time.perf_counter())
            loss = nn.hinge_loss(scores, y) + ALPHA * nn.l2_penalty(params)
            clock.append(time.perf_counter())
            order = loss.topological_order()
            clock.append(time.perf_counter())
            optimizer.zero_grad()
            loss.backward()
            clock.append(time.perf_counter())
            optimizer.step()
            clock.append(time.perf_counter())
            nodes, edges = len(order), sum(len(node.parents) for node in order)
            del loss, scores, order
            clock.append(time.perf_counter())
            for phase, start, end in zip(PHASES, clock, clock[1:]):
                samples[phase].append(end - start)
    medians = {phase: statistics.median(times[1:]) for phase, times in samples.items()}
    return Breakdown(medians, gc_seconds[0] / (steps + 1), nodes, edges)


def format_breakdown(result: Breakdown, points: int, steps: int) -> str:
    """The phases as a table in milliseconds and shares of the step."""
    step = sum(s for phase, s in result.seconds.items() if phase != "topological order")
    lines = [
        f"chainrule demo step, MLP(2, {DEMO_SIZES}), {points} points: median of {steps} steps",
        f"graph: {result.nodes:,} nodes, {result.edges:,} edges",
        "",
    ]
    for phase, seconds in result.seconds.items():
        note = "  (part of backward)" if phase == "topological order" else ""
        lines.append(f"{phase:<24}{seconds * 1e3:9.2f} ms{seconds / step:7.1%}{note}")
    lines.append(f"{'step':<24}{step * 1e3:9.2f} ms")
    lines.append(f"{'cyclic gc, per step':<24}{result.gc_seconds * 1e3:9.2f} ms (inside the above)")
    return "\n".join(lines)


def profile(points: int, steps: int, top: int) -> str:
    """cProfile's ``top`` functions by own time over ``steps`` whole demo steps."""
    X, y = moons(points)
    model = demo_model()
    optimizer = sgd(model)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(steps):
        library_step(model, optimizer, X, y)
    profiler.disable()
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(top)
    return stream.getvalue()


@contextmanager
def _gc_clock() -> Iterator[list[float]]:
    """Seconds the cyclic garbage collector runs inside the block, in a one-item list."""
    total = [0.0]
    started = [0.0]

    def callback(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            total[0] += time.perf_counter() - started[0]

    gc.callbacks.append(callback)
    try:
        yield total
    finally:
        gc.callbacks.remove(callback)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.breakdown")
    parser.add_argument("--points", type=int, default=100)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="top N functions")
    args = parser.parse_args(argv)
    print(format_breakdown(breakdown(args.points, args.steps), args.points, args.steps))
    if args.profile:
        print(profile(args.points, args.steps, args.profile))


if __name__ == "__main__":
    main()
