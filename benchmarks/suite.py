"""Every workload, grouped into comparisons: sizes in, rows of the table out.

Each group runs its calls interleaved in one process (``benchmarks.timing``) and turns the
rounds into rows: the medians of the calls it compares, a figure (the median per-round
ratio, or a plain value such as bytes per node) and, where an issue set one, a target.
"""

from __future__ import annotations

import gc
import statistics
from collections.abc import Callable, Sequence
from functools import partial
from typing import NamedTuple

from . import collector, floats, imports, training, workloads
from .engines import Engine, chainrule_engine
from .timing import Rounds, clock_name, interleave, timed_call

Progress = Callable[[str], None]


class Sizes(NamedTuple):
    """How big each workload is and how many rounds it is timed for."""

    points: int  # moons in the demo step
    demo_rounds: int
    minibatch_points: int
    batch_sizes: tuple[int, ...]
    target_batch_size: int  # the batch size the mini-batch target is set at
    minibatch_epochs: int  # epochs per timed fit call
    minibatch_rounds: int
    chain_links: int
    chain_rounds: int
    neuron_inputs: int
    neuron_rounds: int
    memory_links: int  # operations in the chain whose memory chainrule's figure shows
    classic_memory_links: int  # the same for the classic engine (see FULL)
    digits_compile_images: tuple[int, ...]  # digits steps whose compile time is measured
    digits_fit_images: tuple[int, ...]  # full batches trained by fit, default and eager
    digits_epochs: int  # epochs of the default fit, compiling included
    digits_eager_epochs: int  # epochs of the eager fit (its epochs cost the same each)
    import_rounds: int
    collector_chain_links: int  # the chain timed under both collector thresholds
    collector_nodes: int  # objects the cyclic-garbage program makes
    collector_rounds: int


FULL = Sizes(
    points=100,
    demo_rounds=7,
    minibatch_points=1_000,
    batch_sizes=(1, 10, 100),
    target_batch_size=10,
    minibatch_epochs=2,
    minibatch_rounds=3,
    chain_links=1_000_000,
    chain_rounds=2,
    neuron_inputs=100_000,
    neuron_rounds=3,
    # Bytes per node do not depend on the chain's length (chainrule: 249 at 2,000 ops, 248
    # at 1,000,000; classic: 1151 at 2,000, 1193 at 20,000), and tracemalloc is slow: under
    # it each allocation walks the Python stack, and the classic engine's search recurses
    # once per node, so a million-deep classic chain would take hours.
    memory_links=200_000,
    classic_memory_links=20_000,
    digits_compile_images=(100, 400),
    digits_fit_images=(100, 400),
    digits_epochs=20,
    digits_eager_epochs=2,
    import_rounds=5,
    collector_chain_links=600_000,
    collector_nodes=2_000_000,
    collector_rounds=5,
)
QUICK = Sizes(
    points=8,
    demo_rounds=2,
    minibatch_points=40,
    batch_sizes=(10,),
    target_batch_size=10,
    minibatch_epochs=1,
    minibatch_rounds=1,
    chain_links=2_000,
    chain_rounds=1,
    neuron_inputs=200,
    neuron_rounds=1,
    memory_links=2_000,
    classic_memory_links=2_000,
    digits_compile_images=(4,),
    digits_fit_images=(4,),
    digits_epochs=2,
    digits_eager_epochs=1,
    import_rounds=1,
    collector_chain_links=200,
    collector_nodes=2_000,
    collector_rounds=1,
)
FULL_DIGITS = 1_437  # the digits issue's training images: compiled with --digits-full


class Target(NamedTuple):
    """A bound on a row's figure: ``figure >= bound`` or ``figure <= bound``."""

    op: str
    bound: float

    def met(self, figure: float) -> bool:
        return figure >= self.bound if self.op == ">=" else figure <= self.bound


class Row(NamedTuple):
    """One line of the table."""

    group: str
    label: str
    medians: dict[str, float]  # the median of each call the row compares, in ``unit``
    figure: float  # what the target checks: a median per-round ratio, or a value
    figure_unit: str  # "x" for a ratio, else the unit of a value ("ms", "B")
    target: Target | None = None
    unit: str = "s"  # of the medians: seconds, or "B" for bytes per node

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.target.met(self.figure)


class Group(NamedTuple):
    """A comparison's rows and its raw rounds (seconds of each call, round by round)."""

    rows: list[Row]
    seconds: dict[str, list[float]]


def speedup_row(
    group: str,
    label: str,
    rounds: Rounds,
    slower: str,
    faster: str,
    target: Target | None = None,
    names: tuple[str, str] | None = None,
) -> Row:
    """A row showing how many times faster ``faster`` ran than ``slower`` (per-round median).

    ``names`` renames the two calls in the table (default: their names in ``rounds``).
    """
    shown = names or (faster, slower)
    medians = {shown[0]: rounds.median(faster), shown[1]: rounds.median(slower)}
    return Row(group, label, medians, rounds.speedup(slower, faster), "x", target)


# --- the groups -----------------------------------------------------------------------

LEARNER = "learner-step"
MINIBATCH = "minibatch"
CHAIN = "chain"
NEURON = "wide-neuron"
MEMORY = "memory"
DIGITS = "digits"
IMPORTS = "imports"
COLLECTOR = "collector"


def learner_step(sizes: Sizes, engines: Sequence[Engine], progress: Progress) -> Group:
    """The demo step on every engine as learners write it, and chainrule's library paths.

    One interleaved comparison: the learner-written step on each engine, the same step with
    ``nn``'s loss and optimizer (eager, and replayed by compile_graph as ``nn.fit`` does
    for a full batch), and the same arithmetic as plain float loops. Each call trains its
    own copy of one model, so every call does the same work round after round.
    """
    X, y = workloads.moons(sizes.points)
    calls: dict[str, Callable[[], object]] = {
        e.name: partial(workloads.learner_step, e, e.copy(workloads.demo_model()), X, y)
        for e in engines
    }
    library = workloads.demo_model()
    calls["library eager"] = partial(workloads.library_step, library, workloads.sgd(library), X, y)
    replayed = workloads.demo_model()
    step: list[Callable[[], float]] = []
    compile_seconds = timed_call(
        lambda: step.append(workloads.compiled_step(replayed, workloads.sgd(replayed), X, y))
    )
    calls["compiled replay"] = step[0]
    calls["float loops"] = partial(
        floats.float_step, floats.float_layers(workloads.demo_model()), X, y
    )
    rounds = interleave(calls, sizes.demo_rounds)
    progress(f"{LEARNER}: done")
    demo = f"demo step, MLP(2, [16, 16, 1]), {sizes.points} moons"
    rows = [
        speedup_row(LEARNER, f"learner-written {demo}", rounds, "classic", "chainrule",
                    Target(">=", 50.0)),
    ]  # fmt: skip
    if "torch" in rounds.seconds:
        rows.append(
            speedup_row(LEARNER, "  same vs PyTorch 0-dim tensors", rounds, "torch", "chainrule",
                        Target(">=", 30.0))
        )  # fmt: skip
    rows += [
        speedup_row(LEARNER, "  library step (nn losses, SGD), eager", rounds, "classic",
                    "library eager", names=("chainrule", "classic")),
        speedup_row(LEARNER, f"  compiled replay (compiling took {compile_seconds:.2f} s)",
                    rounds, "classic", "compiled replay", names=("chainrule", "classic")),
    ]  # fmt: skip
    rows.append(
        Row(LEARNER, "  compiled replay vs the step as plain float loops (times slower)",
            {"compiled": rounds.median("compiled replay"), "floats": rounds.median("float loops")},
            rounds.speedup("compiled replay", "float loops"), "x", Target("<=", 1.5))
    )  # fmt: skip
    return Group(rows, rounds.seconds)


def minibatch(sizes: Sizes, engines: Sequence[Engine], progress: Progress) -> Group:
    """``nn.fit`` epochs on the moons at several batch sizes: its default against eager.

    Both train a fresh model for ``minibatch_epochs`` epochs per call, so a default that
    compiles pays for compiling within the time measured.
    """
    X, y = training.moons_arrays(sizes.minibatch_points)
    epochs = sizes.minibatch_epochs
    training.fit_moons(X[:20], y[:20], 10, 1, None)  # warm-up: imports, first calls
    calls: dict[str, Callable[[], object]] = {}
    for b in sizes.batch_sizes:
        calls[f"eager {b}"] = partial(training.fit_moons, X, y, b, epochs, False)
        calls[f"default {b}"] = partial(training.fit_moons, X, y, b, epochs, None)
    rounds = interleave(calls, sizes.minibatch_rounds, warmups=0)
    per_epoch = Rounds(
        {name: [s / epochs for s in times] for name, times in rounds.seconds.items()}
    )
    progress(f"{MINIBATCH}: done")
    rows = [
        speedup_row(
            MINIBATCH,
            f"{'mini-batch' if b < len(y) else 'full-batch'} epoch, {len(y):,} moons, "
            f"batch {b}: fit default vs eager",
            per_epoch, f"eager {b}", f"default {b}",
            Target(">=", 4.0) if b == sizes.target_batch_size else None,
            names=("default", "eager"),
        )
        for b in sizes.batch_sizes
    ]  # fmt: skip
    return Group(rows, per_epoch.seconds)


def chain(sizes: Sizes, engines: Sequence[Engine], progress: Progress) -> Group:
    """A chain of ``chain_links`` operations built by a plain loop, then backward.

    Classic and chainrule only: torch's million-op chain would add a quarter of the whole
    run's time to a row with no target (it took 2.7x chainrule's time on 2026-11-25).
    """
    python_engines = [e for e in engines if e.name in ("classic", "chainrule")]
    for e in python_engines:  # warm-up on a short chain
        workloads.chain(e, 2_000)
    calls = {e.name: partial(workloads.chain, e, sizes.chain_links) for e in python_engines}
    rounds = interleave(calls, sizes.chain_rounds, warmups=0)
    progress(f"{CHAIN}: done")
    label = f"chain of {sizes.chain_links:,} ops (x = x * a + b), backward"
    return Group(
        [speedup_row(CHAIN, label, rounds, "classic", "chainrule", Target(">=", 8.0))],
        rounds.seconds,
    )


def wide_neuron(sizes: Sizes, engines: Sequence[Engine], progress: Progress) -> Group:
    """relu(w . x + b) over ``neuron_inputs`` inputs, then backward."""
    neuron, inputs = workloads.wide_neuron_setup(sizes.neuron_inputs)
    calls = {
        e.name: partial(workloads.wide_neuron, e, e.copy(neuron), [e.leaf(x) for x in inputs])
        for e in engines
    }
    rounds = interleave(calls, sizes.neuron_rounds)
    progress(f"{NEURON}: done")
    label = f"neuron with {sizes.neuron_inputs:,} inputs, backward"
    rows = [speedup_row(NEURON, label, rounds, "classic", "chainrule")]
    if "torch" in rounds.seconds:
        rows.append(speedup_row(NEURON, "  same vs PyTorch", rounds, "torch", "chainrule"))
    return Group(rows, rounds.seconds)


def memory(sizes: Sizes, engines: Sequence[Engine], progress: Progress) -> Group:
    """Peak bytes per node of a chain: chainrule's (the target) and the classic engine's."""
    ours = workloads.peak_bytes_per_node(chainrule_engine(), sizes.memory_links)
    medians = {"chainrule": ours}
    classic = [e for e in engines if e.name == "classic"]
    if classic:
        medians["classic"] = workloads.peak_bytes_per_node(classic[0], sizes.classic_memory_links)
    progress(f"{MEMORY}: done")
    label = (
        f"peak bytes per node, chain of {sizes.memory_links:,} ops"
        f" (classic: {sizes.classic_memory_links:,})"
    )
    row = Row(MEMORY, label, medians, ours, "B", Target("<=", 220.0), unit="B")
    return Group([row], {})


def digits(sizes: Sizes, engines: Sequence[Engine], progress: Progress) -> Group:
    """Issue 14: compile_graph's time per edge, and whether fit's default pays, on the digits.

    The compile times are single runs (a compile takes seconds); the moons demo step's
    per-edge time is the yardstick. Then full-batch ``fit`` per epoch: the default over
    ``digits_epochs`` epochs (compiling included) against ``compiled=False``.
    """
    _, _, source = training.digits(1)
    moons = training.compile_seconds(training.moons_loss(sizes.points))
    rows, seconds = [], {"compile moons": [moons.seconds]}
    for n in sizes.digits_compile_images:
        compiled = training.compile_seconds(training.digits_loss(n))
        seconds[f"compile digits {n}"] = [compiled.seconds]
        rows.append(
            Row(DIGITS, f"compile_graph per edge, digits {n} images ({compiled.edges:,} edges, "
                f"{compiled.seconds:.1f} s) vs moons {sizes.points}",
                {"digits": compiled.seconds_per_edge, "moons": moons.seconds_per_edge},
                compiled.seconds_per_edge / moons.seconds_per_edge, "x", Target("<=", 3.0),
                unit="s/edge")
        )  # fmt: skip
        progress(f"{DIGITS}: compiled {n} images")
    for n in sizes.digits_fit_images:
        X, y, _ = training.digits(n)
        default = timed_call(partial(training.fit_digits, X, y, sizes.digits_epochs, None))
        eager = timed_call(partial(training.fit_digits, X, y, sizes.digits_eager_epochs, False))
        per_epoch = {
            "default": default / sizes.digits_epochs,
            "eager": eager / sizes.digits_eager_epochs,
        }
        seconds[f"fit default {n}"] = [per_epoch["default"]]
        seconds[f"fit eager {n}"] = [per_epoch["eager"]]
        rows.append(
            Row(DIGITS, f"digits fit epoch, {n} images full batch: default "
                f"({sizes.digits_epochs} epochs, compiling included) vs compiled=False",
                per_epoch, per_epoch["eager"] / per_epoch["default"], "x", Target(">=", 1.0))
        )  # fmt: skip
        progress(f"{DIGITS}: fit on {n} images")
    rows[0] = rows[0]._replace(label=f"{rows[0].label} [data: {source}]")
    return Group(rows, seconds)


def import_times(sizes: Sizes, engines: Sequence[Engine], progress: Progress) -> Group:
    """``import autograd``, ``import nn``, ``import viz``, each in a fresh interpreter."""
    calls = {m: partial(imports.import_seconds, m, clock_name()) for m in imports.MODULES}
    seconds: dict[str, list[float]] = {m: [] for m in imports.MODULES}
    for _ in range(sizes.import_rounds):
        for module, call in calls.items():
            seconds[module].append(call())
    progress(f"{IMPORTS}: done")
    bounds = {"autograd": 50.0, "nn": 150.0, "viz": 300.0}
    rows = []
    for module, bound in bounds.items():
        median = statistics.median(seconds[module])
        rows.append(
            Row(IMPORTS, f"import {module} (fresh interpreter)", {module: median},
                median * 1e3, "ms", Target("<=", bound))
        )  # fmt: skip
    return Group(rows, seconds)


def collector_cost(sizes: Sizes, engines: Sequence[Engine], progress: Progress) -> Group:
    """CPython's first threshold against the one ``import autograd`` sets: what it buys a
    large graph (the chain), and what it costs a program making cyclic garbage and no Values
    (its time and its peak memory)."""
    chain = partial(workloads.chain, chainrule_engine(), sizes.collector_chain_links)
    program = partial(collector.cyclic_program, sizes.collector_nodes)
    calls = {}
    for name, first in collector.THRESHOLDS.items():
        calls[f"chain, {name}"] = collector.under(first, chain)
        calls[f"program, {name}"] = collector.under(first, program)
    rounds = interleave(calls, sizes.collector_rounds)
    default, ours = collector.THRESHOLDS
    peaks = {
        name: collector.peak_bytes(first, sizes.collector_nodes)
        for name, first in collector.THRESHOLDS.items()
    }
    progress(f"{COLLECTOR}: done")
    rows = [
        speedup_row(COLLECTOR, f"chain of {sizes.collector_chain_links:,} ops: chainrule's "
                    f"collector threshold vs CPython's 700", rounds, f"chain, {default}",
                    f"chain, {ours}"),
        Row(COLLECTOR, f"a program making cyclic garbage ({sizes.collector_nodes:,} objects "
            f"in cycles), no chainrule: time, {ours} threshold vs {default}",
            {name: rounds.median(f"program, {name}") for name in collector.THRESHOLDS},
            statistics.median(rounds.ratios(f"program, {ours}", f"program, {default}")), "x"),
        Row(COLLECTOR, "  same: peak memory", {k: float(v) for k, v in peaks.items()},
            peaks[ours] / peaks[default], "x", unit="B"),
    ]  # fmt: skip
    return Group(rows, rounds.seconds)


GROUPS: dict[str, Callable[[Sizes, Sequence[Engine], Progress], Group]] = {
    LEARNER: learner_step,
    MINIBATCH: minibatch,
    CHAIN: chain,
    NEURON: wide_neuron,
    MEMORY: memory,
    DIGITS: digits,
    IMPORTS: import_times,
    COLLECTOR: collector_cost,
}


def run(
    sizes: Sizes,
    engines: Sequence[Engine],
    groups: Sequence[str] = tuple(GROUPS),
    progress: Progress = lambda _: None,
) -> dict[str, Group]:
    """Run the named groups in the table's order; their rows and raw rounds by name."""
    unknown = [name for name in groups if name not in GROUPS]
    if unknown:
        raise ValueError(f"run: unknown workload {unknown[0]!r}; choose from {list(GROUPS)}")
    results = {}
    for name in GROUPS:
        if name in groups:
            try:
                results[name] = GROUPS[name](sizes, engines, progress)
            finally:
                gc.unfreeze()  # timed_call freezes what is alive
    return results
