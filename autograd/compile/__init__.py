"""Replaying a recorded graph: forward and backward again, on arrays, without Values.

Training builds the same graph at every step; only the numbers in its leaves change.
``compile_graph(output)`` records ``output``'s graph once as a tape of numbers, and calling
the result redoes forward and backward from the leaves' current ``.data``, adding into their
``.grad`` exactly what ``output.backward()`` would add, to the last bit.

How the tape is made (``graph``): the nodes are numbered so that inputs come first, and
sorted by level (a leaf is at level 0, a node one above its highest input). Nodes of one
level made by the same operation form a group: none of them depends on another.

Forward (``forward``): group by group, level by level, the inputs of the whole group are
gathered from one array of node values, and the op's own rule from ``autograd.ops`` computes
the outputs and the local derivatives. A rule that only adds, subtracts, multiplies, divides
and negates (checked by running it on symbols, ``symbols``) runs on whole numpy columns:
numpy rounds each of these operations exactly as Python does, so every element gets the bits
the eager path would get. Any other rule (relu branches, tanh calls ``math.tanh``) is called
once per node with Python floats, exactly as the eager path calls it.

Backward (``backward``): each gradient is a sum, and a float sum depends on its order. A
parent's gradient in ``backward()`` starts from its ``.grad`` (a leaf) or 0.0 and adds
``local * g`` for each consumer, in the order ``backward()`` visits them, skipping consumers
whose g is 0.0. The replay adds the same terms in the same order, for all parents of a level
at once: the first contribution of every parent, then the second, and so on.

Errors are the eager path's: a rule's domain error is raised by the rule itself, and an
overflow is found per group and reported for the first node where it happened, with the
message the eager path would give. No ``.grad`` changes unless the whole replay succeeds.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter

import numpy as np

from ..value import Value, as_float, gc_paused
from .backward import in_backward_order, plan
from .errors import raise_backward_error
from .forward import forward_steps
from .graph import record

__all__ = ["CompiledGraph", "compile_graph"]

_data_of = attrgetter("_data")
_grad_of = attrgetter("_grad")


class CompiledGraph:
    """``output``'s graph as a tape; call it to redo forward and backward.

    ``leaves`` are the Values it reads: change their ``.data`` and call again. Their
    ``.grad`` accumulates as with ``backward()``, except for ``inputs``, whose gradient is
    not computed (they are treated as constants). The intermediate nodes of the recorded
    graph are not updated; the new data of the nodes listed in ``watch`` is in ``watched``
    after each call.
    """

    def __init__(self, output: Value, watch: Sequence[Value] = (), inputs: Sequence[Value] = ()):
        _check_output(output)
        with gc_paused():  # graphs hold no cycles; the collector would rescan them in vain
            self._compile(output, watch, inputs)

    def _compile(self, output: Value, watch: Sequence[Value], inputs: Sequence[Value]) -> None:
        recording = record(output)
        self._nodes, self._number = recording.nodes, recording.number
        self.leaves = [recording.nodes[k] for k in recording.leaves]
        self._watch = [_number_of("cannot watch", v, recording.number) for v in watch]
        constant = [_number_of("cannot take as an input", v, recording.number) for v in inputs]
        for k in constant:
            if recording.nodes[k].parents:
                raise ValueError(f"compile_graph: input {recording.nodes[k]!r} is not a leaf")
        needs_grad = np.ones(len(self._nodes), dtype=bool)
        needs_grad[constant] = False
        self._steps = forward_steps(recording.groups, needs_grad)
        self._n_edges = sum(step.n_edges for step in self._steps)
        edges = in_backward_order(self._steps, len(self._nodes))
        self._backward = plan(edges, recording.levels, needs_grad)
        self._needs_grad = needs_grad
        self._leaf_numbers = np.array(recording.leaves, dtype=np.intp)
        self._grad_leaves = np.array([k for k in recording.leaves if needs_grad[k]], dtype=np.intp)
        self.watched = [v.data for v in watch]

    def __call__(self, seed: float = 1.0) -> float:
        """Forward and backward from the leaves' current data; returns the output's data."""
        seed = as_float("backward", seed)
        values = np.empty(len(self._nodes))
        leaf_data = np.fromiter(map(_data_of, self.leaves), float, len(self.leaves))
        values[self._leaf_numbers] = leaf_data
        local_grads = np.empty(self._n_edges)
        grad_leaves = [self._nodes[k] for k in self._grad_leaves]
        grads = np.zeros(len(self._nodes))
        grads[self._grad_leaves] = np.fromiter(map(_grad_of, grad_leaves), float, len(grad_leaves))
        root = len(self._nodes) - 1
        grads[root] = 0.0 + seed  # backward() zeroes the output's gradient, then adds the seed
        start = grads.copy()
        with np.errstate(all="ignore"):
            for step in self._steps:
                step.run(values, local_grads)
            for level in self._backward:
                level.run(grads, local_grads)
        new_grads = grads[self._grad_leaves]
        # A gradient that is not finite reaches the leaves: every node passes it on.
        if not np.isfinite(new_grads).all():
            edges = in_backward_order(self._steps, len(self._nodes))
            raise_backward_error(
                self._nodes, self._number, edges, self._needs_grad, start, values, local_grads
            )
        for leaf, grad in zip(grad_leaves, new_grads.tolist()):
            leaf.grad = grad
        self.watched = values[self._watch].tolist()
        return values.item(root)


def compile_graph(
    output: Value, watch: Sequence[Value] = (), inputs: Sequence[Value] = ()
) -> CompiledGraph:
    """Record ``output``'s graph once and return a fast replay of forward plus backward.

    ``watch``: nodes of the graph whose new data each call also reports, in ``watched``.
    ``inputs``: leaves whose data is read at each call but whose gradient is not needed
    (data given as Values); their ``.grad`` is left alone.
    """
    return CompiledGraph(output, watch, inputs)


def _check_output(output: object) -> None:
    if not isinstance(output, Value):
        raise TypeError(
            f"compile_graph: expected a Value, got {output!r} ({type(output).__name__})"
        )
    if not output.parents:
        raise ValueError(f"compile_graph: {output!r} is a leaf; there is nothing to replay")


def _number_of(cannot: str, node: object, number: dict[Value, int]) -> int:
    if not isinstance(node, Value):
        raise TypeError(f"compile_graph: {cannot} {node!r} ({type(node).__name__}), not a Value")
    if node not in number:
        raise ValueError(f"compile_graph: {cannot} {node!r}, it is not in the graph")
    return number[node]
