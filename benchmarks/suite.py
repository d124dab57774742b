"""Every workload on every engine: sizes in, measurements out."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import NamedTuple

from . import workloads
from .engines import Engine
from .timing import time_side_by_side

COMPILED = "chainrule compiled"
PAUSED = "chainrule gc paused"


class Sizes(NamedTuple):
    """How big each workload is and how often it is timed."""

    points: int  # moons in the demo step
    chain_links: int  # operations in the timed chain
    neuron_inputs: int
    memory_links: int  # operations in the chain whose memory chainrule's column shows
    classic_memory_links: int  # the same for the classic engine (see FULL)
    repeats: int
    warmups: int


FULL = Sizes(
    points=100,
    chain_links=1_000_000,
    neuron_inputs=100_000,
    memory_links=1_000_000,
    # Under tracemalloc each allocation walks the whole Python stack, and the classic
    # engine's search recurses once per node: a million-deep recursion would take hours.
    # Its bytes per node do not depend on the length (1152 at 2,000, 1193 at 20,000).
    classic_memory_links=20_000,
    repeats=5,
    warmups=1,
)
QUICK = Sizes(
    points=8,
    chain_links=2_000,
    neuron_inputs=200,
    memory_links=2_000,
    classic_memory_links=2_000,
    repeats=2,
    warmups=1,
)


class Timing(NamedTuple):
    """Seconds per repeat of one workload, by engine name."""

    key: str  # the workload's name in the JSON file
    label: str  # its name in the table
    seconds: dict[str, list[float]]

    def median(self, engine: str) -> float | None:
        """The median seconds of ``engine``, None when it was not run."""
        times = self.seconds.get(engine)
        return statistics.median(times) if times else None


class Memory(NamedTuple):
    """Peak traced bytes per operation of a chain, and the chain's length, by engine name."""

    bytes_per_node: dict[str, float]
    links: dict[str, int]


class Results(NamedTuple):
    """Everything one run of the benchmarks measured."""

    sizes: Sizes
    timings: list[Timing]
    memory: Memory


def run(
    sizes: Sizes, engines: Sequence[Engine], progress: Callable[[str], None] = lambda _: None
) -> Results:
    """Time the demo step, the chain and the wide neuron, then measure memory."""
    timings = []
    for measure in (_demo_step, _chain, _wide_neuron):
        for timing in measure(sizes, engines):
            progress(f"{timing.label}: done")
            timings.append(timing)
    memory = _memory(sizes, engines)
    progress("memory: done")
    return Results(sizes, timings, memory)


def _demo_step(sizes: Sizes, engines: Sequence[Engine]) -> list[Timing]:
    """The eager demo step on every engine, and chainrule's compiled replay of it.

    The replay is timed in the same process; its row shows the other engines' eager times.
    """
    X, y = workloads.moons(sizes.points)
    model = workloads.demo_model()
    calls: dict[str, Callable[[], float]] = {
        e.name: partial(workloads.demo_step, e, e.copy(model), X, y) for e in engines
    }
    start = time.perf_counter()
    calls[COMPILED] = workloads.compiled_demo_step(workloads.demo_model(), X, y)
    compile_seconds = time.perf_counter() - start
    seconds = time_side_by_side(calls, sizes.repeats, sizes.warmups)
    replayed = seconds.pop(COMPILED)
    label = f"demo step, MLP(2, {workloads.DEMO_SIZES}), {sizes.points} points"
    return [
        Timing("demo_step", label, seconds),
        Timing(
            "demo_step_compiled",
            f"  same, compile_graph replay (compiled once: {compile_seconds:.2f} s)",
            {**seconds, "chainrule": replayed},
        ),
    ]


def _chain(sizes: Sizes, engines: Sequence[Engine]) -> list[Timing]:
    """The chain on every engine, and chainrule's chain built under ``gc_paused()``.

    A million live nodes make the cyclic garbage collector rescan the growing graph while
    it is built; ``autograd.gc_paused()`` (which ``backward()`` and ``nn.fit`` use) spares
    that. The second row shows the other engines' ordinary times.
    """
    calls: dict[str, Callable[[], float]] = {
        e.name: partial(workloads.chain, e, sizes.chain_links) for e in engines
    }
    calls[PAUSED] = partial(workloads.chain_gc_paused, sizes.chain_links)
    seconds = time_side_by_side(calls, sizes.repeats, sizes.warmups)
    paused = seconds.pop(PAUSED)
    return [
        Timing("chain", f"chain of {sizes.chain_links:,} ops", seconds),
        Timing(
            "chain_gc_paused",
            "  same, built under autograd.gc_paused()",
            {**seconds, "chainrule": paused},
        ),
    ]


def _wide_neuron(sizes: Sizes, engines: Sequence[Engine]) -> list[Timing]:
    neuron, inputs = workloads.wide_neuron_setup(sizes.neuron_inputs)
    calls = {
        e.name: partial(workloads.wide_neuron, e, e.copy(neuron), [e.leaf(x) for x in inputs])
        for e in engines
    }
    seconds = time_side_by_side(calls, sizes.repeats, sizes.warmups)
    return [Timing("wide_neuron", f"neuron with {sizes.neuron_inputs:,} inputs", seconds)]


def _memory(sizes: Sizes, engines: Sequence[Engine]) -> Memory:
    """Peak memory per node for the engines whose graphs tracemalloc can see."""
    links = {"classic": sizes.classic_memory_links, "chainrule": sizes.memory_links}
    traced = [e for e in engines if e.name in links]
    return Memory(
        {e.name: workloads.peak_bytes_per_node(e, links[e.name]) for e in traced},
        {e.name: links[e.name] for e in traced},
    )
