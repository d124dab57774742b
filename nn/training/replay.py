"""Replayed training steps: when ``fit`` may replay a recorded graph, and which graphs it keeps.

A step's graph can be recorded once and replayed by ``autograd.compile_graph`` only if it
is the same graph at every step. That is known for nn's own ``MLP``, ``Layer`` and
``Neuron`` with their own forward passes (no branch on the data) and known activations,
under a named loss: ``why_not_replayable`` checks exactly this and says what fails.

The graph also holds the batch's data. Full-batch training sees the same batch at every
step, so it is baked into the graph as constants. A mini-batch graph instead reads its
inputs (and the targets, where the loss does arithmetic with them) from leaves set before
each replay, so one graph serves every batch of its size. Cross entropy picks one logit per
sample by its label, so its graph depends on the labels: mini-batches with cross entropy
stay eager.

Compiled graphs are kept with the model (a weak-keyed table, not an attribute: a module
finds its parameters in its attributes) and reused while the model's parameters and
activations, the loss, l1, l2, the batch shape and, for a baked-in batch, the data are the
same.
"""

from __future__ import annotations

import hashlib
import time
import weakref
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd import CompiledGraph, Value, compile_graph

from ..activations import ACTIVATIONS
from ..layers import MLP, Layer, Neuron
from ..module import Module
from .scoring import Loss, check_output, count_correct, loss_function, regularised

# Losses that compute with the targets (t * x, x - t): a mini-batch graph reads them from leaves.
TARGETS_IN_ARITHMETIC = frozenset(
    {"mse", "binary_cross_entropy", "binary_cross_entropy_with_logits", "hinge"}
)


def why_not_replayable(model: Module, loss: str | Loss, full_batch: bool) -> str | None:
    """None if every step of this training builds the same graph; else the reason it may not."""
    if not isinstance(loss, str):
        return "the loss is a function of your own, which may branch on the data"
    if loss == "cross_entropy" and not full_batch:
        return "cross entropy's graph depends on each mini-batch's labels"
    return _why_not_own(model, "the model")


def _why_not_own(module: Any, name: str) -> str | None:
    """None if ``module`` and all it holds are nn's own MLP, Layer or Neuron, as written."""
    kind = next((k for k in (MLP, Layer, Neuron) if isinstance(module, k)), None)
    if kind is None:
        return f"{name} is a {type(module).__name__}, not nn's MLP, Layer or Neuron"
    cls = type(module)
    if cls.forward is not kind.forward or cls.__call__ is not Module.__call__:
        return f"{name} ({cls.__name__}) has a forward pass of its own"
    if "forward" in vars(module) or "__call__" in vars(module):
        return f"{name} has a forward pass set on the instance"
    if isinstance(module, MLP):
        parts: list[tuple[str, Module]] = [
            (f"{name}.layers[{i}]", part) for i, part in enumerate(module.layers)
        ]
    elif isinstance(module, Layer):
        parts = [(f"{name}.neurons[{i}]", part) for i, part in enumerate(module.neurons)]
    else:
        if ACTIVATIONS.get(module.activation) is not module._f:
            return f"{name} has an activation that is not nn's {module.activation!r}"
        if not all(isinstance(p, Value) and not p.parents for p in [*module.w, module.b]):
            return f"{name} has a weight or bias that is not a leaf Value"
        return None
    for part_name, part in parts:
        why = _why_not_own(part, part_name)
        if why is not None:
            return why
    return None


class ReplayedStep:
    """One training step of one batch shape, replayed: forward, loss and backward.

    ``inputs`` and ``targets`` are the leaves the batch's data is written to before each
    replay (empty when the batch is baked into the graph). Calling it returns the data loss
    and each sample's outputs (a float, or a list of floats per sample).
    """

    def __init__(
        self,
        graph: CompiledGraph,
        widths: list[int],
        inputs: list[Value],
        targets: list[Value],
    ) -> None:
        self.graph = graph
        self.widths = widths
        self.inputs = inputs
        self.targets = targets

    def __call__(self, X_batch: np.ndarray, y_batch: np.ndarray) -> tuple[float, list[Any]]:
        for leaf, x in zip(self.inputs, X_batch.ravel().tolist()):
            leaf.data = x
        for leaf, t in zip(self.targets, y_batch.tolist()):
            leaf.data = t
        self.graph()
        data_loss, *flat = self.graph.watched
        outputs: list[Any] = []
        start = 0
        for width in self.widths:  # regroup each sample's logits
            outputs.append(flat[start] if width == 0 else flat[start : start + width])
            start += max(width, 1)
        return data_loss, outputs


def replayed_step(
    total: Value, data_loss: Value, outputs: list[Any], inputs: list[Value], targets: list[Value]
) -> ReplayedStep:
    """Compile a recorded step: ``total`` (loss plus penalties), watching the data loss and
    the outputs; ``inputs`` and ``targets`` are its leaves that hold the batch's data."""
    widths = [len(out) if isinstance(out, Sequence) else 0 for out in outputs]
    flat = [v for out in outputs for v in (out if isinstance(out, Sequence) else [out])]
    watch = [data_loss, *flat]
    graph = compile_graph(total, watch=watch, inputs=[*inputs, *targets])
    return ReplayedStep(graph, widths, inputs, targets)


def record(
    model: Module,
    X_batch: np.ndarray,
    y_batch: np.ndarray,
    loss: str,
    l1: float,
    l2: float,
    baked: bool,
) -> ReplayedStep:
    """Record one step's graph on this batch and compile it.

    ``baked``: the batch's numbers are constants of the graph (a full batch); otherwise
    inputs and arithmetic targets are leaves, written anew before each replay.
    """
    if baked:
        rows: list[Any] = list(X_batch)
        targets: list[Any] = y_batch.tolist()
        inputs: list[Value] = []
        target_leaves: list[Value] = []
    else:
        rows = [[Value(x) for x in row] for row in X_batch.tolist()]
        inputs = [x for row in rows for x in row]
        targets = y_batch.tolist()
        target_leaves = []
        if loss in TARGETS_IN_ARITHMETIC:
            targets = target_leaves = [Value(t) for t in targets]
    outputs = [check_output(model(row), loss) for row in rows]
    data_loss = loss_function(loss)(outputs, targets)
    total = regularised(data_loss, model, l1, l2)
    return replayed_step(total, data_loss, outputs, inputs, target_leaves)


def correct(step_outputs: list[Any], y_batch: np.ndarray, loss: str | Loss) -> int:
    return count_correct(step_outputs, y_batch.tolist(), loss)


# --- what fit keeps, and when compiling pays ---------------------------------------------

KEPT_PER_MODEL = 4  # compiled steps kept per model: two trainings' batch lengths
_KEPT: weakref.WeakKeyDictionary[Module, dict[tuple[Any, ...], ReplayedStep]] = (
    weakref.WeakKeyDictionary()
)

# Before this process has timed a compile, compiling a step is estimated at this many of
# its eager steps (autograd.compile_graph, in CPU time: 0.6 for a 50-image digits step, 0.7
# for the moons demo's; about 0.5 us per edge). Afterwards, the last compile's time per edge.
COMPILE_IN_EAGER_STEPS = 2.0
# Compiles of smaller graphs are dominated by fixed costs: their time per edge is not kept.
MEASURED_EDGES = 10_000
# A replayed step, optimizer step included, takes about this fraction of an eager one
# (measured: 0.04 for the full-batch digits, 0.2 for moons in batches of 10).
REPLAY_FRACTION = 0.25
_seconds_per_edge: float | None = None


def kept_steps(model: Module) -> dict[tuple[Any, ...], ReplayedStep]:
    """The compiled steps kept for ``model`` (a fresh dict, unkept, if it cannot be a key)."""
    try:
        return _KEPT.setdefault(model, {})
    except TypeError:  # a model class with __eq__ but no __hash__, or without weakrefs
        return {}


def structure(model: Module) -> tuple[Any, ...]:
    """What a compiled step depends on in the model: which Values, which activations."""
    activations = tuple(id(neuron._f) for neuron in _neurons(model))
    return (tuple(map(id, model.parameters())), activations)


def _neurons(model: Module) -> list[Neuron]:
    if isinstance(model, MLP):
        return [neuron for layer in model.layers for neuron in layer.neurons]
    if isinstance(model, Layer):
        return list(model.neurons)
    return [model] if isinstance(model, Neuron) else []


def fingerprint(X: np.ndarray, y: np.ndarray) -> tuple[Any, ...]:
    """A cheap identity of a data set: shapes, types and a hash of the bytes."""
    digest = hashlib.blake2b(digest_size=16)
    for array in (X, y):
        digest.update(np.ascontiguousarray(array).tobytes())
    return (X.shape, X.dtype.str, y.shape, y.dtype.str, digest.hexdigest())


def count_edges(output: Value) -> int:
    """How many input edges the graph of ``output`` has: what compiling it costs."""
    return sum(len(node.parents) for node in output.topological_order())


def compile_seconds(edges: int, step_seconds: float) -> float:
    """The estimated time to compile a step whose graph has ``edges`` and whose eager run
    took ``step_seconds``."""
    if _seconds_per_edge is None:
        return COMPILE_IN_EAGER_STEPS * step_seconds
    return edges * _seconds_per_edge


def compiling_pays(edges: int, step_seconds: float, steps_left: int) -> bool:
    """Whether replaying the remaining steps saves more time than compiling costs."""
    saved = steps_left * step_seconds * (1.0 - REPLAY_FRACTION)
    return saved > compile_seconds(edges, step_seconds)


def timed_compile(make: Callable[[], ReplayedStep], edges: int | None) -> ReplayedStep:
    """``make()``, timed: its time per edge, on a large enough graph, is the next estimate."""
    global _seconds_per_edge
    start = time.perf_counter()
    step = make()
    if edges is not None and edges >= MEASURED_EDGES:
        _seconds_per_edge = (time.perf_counter() - start) / edges
    return step


class Replays:
    """The replayed steps of one ``fit`` call, by batch length: kept ones found, new ones
    compiled up front when forced, or after a timed eager first epoch where it pays."""

    def __init__(
        self,
        model: Module,
        X: np.ndarray,
        y: np.ndarray,
        loss: str,
        l1: float,
        l2: float,
        batch_size: int,
    ) -> None:
        self.model, self.X, self.y, self.loss, self.l1, self.l2 = model, X, y, loss, l1, l2
        self.baked = batch_size >= len(y)  # a full batch: its data are constants of the graph
        self.kept = kept_steps(model)
        self.key = (structure(model), loss, l1, l2, fingerprint(X, y) if self.baked else None)
        size = min(batch_size, len(y))
        self.per_epoch = {size: len(y) // size}  # batch length -> batches of it per epoch
        if len(y) % size:
            self.per_epoch[len(y) % size] = 1
        self.steps = {n: self.kept.get((*self.key, n)) for n in self.per_epoch}
        self.eager: dict[int, tuple[float, int]] = {}  # length -> (seconds per step, edges)
        self.recorded: tuple[Value, Value, list[Any]] | None = None  # the full batch's graph

    def step_for(self, n: int) -> ReplayedStep | None:
        return self.steps[n]

    @property
    def any_kept(self) -> bool:
        return any(step is not None for step in self.steps.values())

    def timed(
        self, n: int, seconds: float, total: Value, data_loss: Value, outputs: list[Any]
    ) -> None:
        """Note an eager step of ``n`` samples: its time, its graph's size (once per length)."""
        if n in self.eager or self.step_for(n) is not None:
            return
        edges = count_edges(total)
        if not self.baked:
            edges += n * (self.X.shape[1] + 1)  # the input and target leaves a replay adds
        self.eager[n] = (seconds, edges)
        if self.baked:
            self.recorded = (total, data_loss, outputs)

    def compile_all(self, show: Callable[[str], None]) -> None:
        """Compile every batch length not kept yet (``compiled=True``)."""
        for n in self.per_epoch:
            if self.step_for(n) is None:
                self._compile(n, None, show)

    def compile_paying(self, epochs_left: int, show: Callable[[str], None]) -> None:
        """After the first epoch: compile each batch length whose replays will repay it."""
        for n, (seconds, edges) in self.eager.items():
            if compiling_pays(edges, seconds, epochs_left * self.per_epoch[n]):
                self._compile(n, edges, show)
        self.eager.clear()
        self.recorded = None

    def _compile(self, n: int, edges: int | None, show: Callable[[str], None]) -> None:
        show("compiling")
        if self.baked and self.recorded is not None:
            total, data_loss, outputs = self.recorded
            step = timed_compile(lambda: replayed_step(total, data_loss, outputs, [], []), edges)
        else:
            args = (self.model, self.X[:n], self.y[:n], self.loss, self.l1, self.l2, self.baked)
            step = timed_compile(lambda: record(*args), edges)
        self.steps[n] = self.kept[(*self.key, n)] = step
        while len(self.kept) > KEPT_PER_MODEL:  # the oldest first: dicts keep their order
            del self.kept[next(iter(self.kept))]
        show("compiled")
