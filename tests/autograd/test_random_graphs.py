"""Random expressions and random DAGs with shared nodes, against PyTorch float64 and against
central finite differences.

Every node is one operation from the table in ``helpers``, applied only to nodes whose data
lies in that operation's domain (well-conditioned, away from kinks), so every value stays
bounded and a mismatch is a real one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from autograd import Value, grad, no_grad
from tests.autograd.helpers import (
    OP_CASES,
    OURS,
    OpCase,
    evaluate,
    in_domain,
    numeric_gradient,
    torch_leaves,
    torch_lib,
)

COORDINATES = st.floats(-3.0, 3.0)
SEEDS = st.floats(-2.0, 2.0)


def pick_inputs(
    draw: Callable[[st.SearchStrategy[int]], int], case: OpCase, data: Sequence[float]
) -> tuple[int, ...] | None:
    """Indices of nodes to feed ``case``, each inside its input's domain (None if some input
    has no candidate). The same index may be drawn twice: that node is then shared."""
    chosen = []
    for domain in case.domain:
        fits = [i for i, x in enumerate(data) if in_domain(x, domain)]
        if not fits:
            return None
        chosen.append(draw(st.sampled_from(fits)))
    return tuple(chosen)


def approx(expected: Sequence[float]) -> Any:
    """Agreement up to rounding: relative, plus absolute on the scale of the largest entry
    (a small entry may be the difference of large contributions)."""
    scale = 1.0 + max((abs(e) for e in expected), default=0.0)
    return pytest.approx(list(expected), rel=1e-9, abs=1e-9 * scale)


# --- random DAGs as straight-line programs ----------------------------------------------


@dataclass(frozen=True)
class Program:
    """Leaves, then one operation per step reading earlier nodes by index; the output is
    the sum of every node, so every node matters."""

    point: tuple[float, ...]
    steps: tuple[tuple[OpCase, tuple[int, ...]], ...]

    def run(self, lib: Any, *leaves: Any) -> list[Any]:
        """Every node, leaves first, with the output last."""
        nodes = list(leaves)
        for case, inputs in self.steps:
            nodes.append(case.expr(lib, *(nodes[i] for i in inputs)))
        return [*nodes, lib.sum(nodes)]

    def output(self, lib: Any, *leaves: Any) -> Any:
        return self.run(lib, *leaves)[-1]


@st.composite
def programs(draw: st.DrawFn, cases: Sequence[OpCase] = OP_CASES) -> Program:
    """1-4 leaves and up to 15 operations from ``cases``, each on nodes in its domain."""
    point = draw(st.lists(COORDINATES, min_size=1, max_size=4))
    data = list(point)
    steps = []
    for _ in range(draw(st.integers(1, 15))):
        case = draw(st.sampled_from(cases))
        inputs = pick_inputs(draw, case, data)
        if inputs is not None:
            steps.append((case, inputs))
            data.append(evaluate(case.expr, [data[i] for i in inputs]))
    return Program(tuple(point), tuple(steps))


@given(program=programs())
def test_random_dag_matches_torch(torch: ModuleType, program: Program) -> None:
    """The output and d(output)/d(node) for every node, leaves and intermediates alike."""
    nodes = program.run(OURS, *(Value(x) for x in program.point))
    nodes[-1].backward()
    twins = program.run(torch_lib(torch), *torch_leaves(torch, program.point))
    expected = torch.autograd.grad(twins[-1], twins[:-1])
    assert [nodes[-1].data] == approx([twins[-1].item()])
    assert [n.grad for n in nodes[:-1]] == approx([e.item() for e in expected])


@given(program=programs())
def test_random_dag_matches_finite_differences(program: Program) -> None:
    leaves = [Value(x) for x in program.point]
    program.output(OURS, *leaves).backward()
    numeric = numeric_gradient(lambda p: evaluate(program.output, p), program.point)
    assert [x.grad for x in leaves] == pytest.approx(numeric, rel=1e-5, abs=1e-5)


# --- one graph grown and backpropagated step by step, mirrored in torch ------------------


class GraphMachine(RuleBasedStateMachine):
    """Starts from a random DAG built in both engines, grows it a node at a time reusing
    nodes freely, and calls backward, backward_steps and grad from random nodes, comparing
    every gradient with torch."""

    def __init__(self, torch: ModuleType) -> None:
        super().__init__()
        self.torch = torch
        self.nodes: list[Value] = []
        self.twins: list[Any] = []  # twins[i] is nodes[i] in torch
        self.leaves: list[int] = []  # indices of the leaves that require grad

    def add(self, node: Value, twin: Any) -> None:
        assert [node.data] == approx([twin.item()])
        self.nodes.append(node)
        self.twins.append(twin)

    def recorded(self) -> list[int]:
        """Indices of nodes with a graph in torch (not computed under no_grad alone)."""
        return [i for i, t in enumerate(self.twins) if t.requires_grad]

    @initialize(program=programs(OP_CASES))
    def start_from_a_random_dag(self, program: Program) -> None:
        nodes = program.run(OURS, *(Value(x) for x in program.point))
        twins = program.run(torch_lib(self.torch), *torch_leaves(self.torch, program.point))
        self.leaves = list(range(len(program.point)))
        for node, twin in zip(nodes, twins):
            self.add(node, twin)

    @rule(x=COORDINATES)
    def new_leaf(self, x: float) -> None:
        self.leaves.append(len(self.nodes))
        self.add(Value(x), self.torch.tensor(x, requires_grad=True))

    @rule(
        case=st.sampled_from(OP_CASES),
        recorded=st.sampled_from([True, True, True, False]),
        data=st.data(),
    )
    def new_node(self, case: OpCase, recorded: bool, data: st.DataObject) -> None:
        """One operation on existing nodes; a quarter of them under no_grad (in both)."""
        inputs = pick_inputs(data.draw, case, [n.data for n in self.nodes])
        if inputs is None:
            return
        with ExitStack() as stack:
            if not recorded:
                stack.enter_context(no_grad())
                stack.enter_context(self.torch.no_grad())
            node = case.expr(OURS, *(self.nodes[i] for i in inputs))
            twin = case.expr(torch_lib(self.torch), *(self.twins[i] for i in inputs))
        if not recorded:
            assert node.parents == ()
            assert not twin.requires_grad
        self.add(node, twin)

    @rule(data=st.data(), seed=SEEDS, stepwise=st.booleans())
    def backward(self, data: st.DataObject, seed: float, stepwise: bool) -> None:
        """Leaves accumulate (checked by the invariant); every node under the root gets
        seed * d(root)/d(node), recomputed from scratch."""
        i = data.draw(st.sampled_from(self.recorded()))
        root = self.nodes[i]
        if stepwise:
            list(root.backward_steps(seed))
        else:
            root.backward(seed)
        self.twins[i].backward(self.torch.tensor(seed), retain_graph=True)
        self.unshare_torch_grads()
        under = {id(n) for n in root.topological_order()}
        inner = [j for j in self.recorded() if id(self.nodes[j]) in under and self.nodes[j].parents]
        expected = self.torch_grad(self.twins[i], [self.twins[j] for j in inner])
        assert [self.nodes[j].grad for j in inner] == approx([seed * e for e in expected])

    @rule(data=st.data(), create_graph=st.booleans())
    def grad_of_a_node(self, data: st.DataObject, create_graph: bool) -> None:
        """grad() agrees with torch and touches no .grad; with create_graph=True, so do the
        second derivatives with respect to every pair of leaves."""
        i = data.draw(st.sampled_from(self.recorded()))
        before = [n.grad for n in self.nodes]
        leaves = [self.nodes[j] for j in self.leaves]
        twin_leaves = [self.twins[j] for j in self.leaves]
        ours = grad(self.nodes[i], leaves, create_graph=create_graph)
        theirs = self.torch.autograd.grad(
            self.twins[i],
            twin_leaves,
            retain_graph=True,
            create_graph=create_graph,
            allow_unused=True,
            materialize_grads=True,
        )
        assert [g.data for g in ours] == approx([t.item() for t in theirs])
        if create_graph:  # the Hessian, row by row
            for first, twin_first in zip(ours, theirs):
                second = [g.data for g in grad(first, leaves)]
                assert second == approx(self.torch_grad(twin_first, twin_leaves))
        assert [n.grad for n in self.nodes] == before

    @rule()
    def zero_grad(self) -> None:
        for j in self.leaves:
            self.nodes[j].grad = 0.0
            self.twins[j].grad = None

    @invariant()
    def leaf_grads_match(self) -> None:
        ours = [self.nodes[j].grad for j in self.leaves]
        theirs = [self.twins[j].grad for j in self.leaves]
        assert ours == approx([0.0 if t is None else t.item() for t in theirs])

    def unshare_torch_grads(self) -> None:
        """Give each torch leaf a .grad of its own.

        After stack(leaves).sum().backward(), PyTorch 2.13 stores views of one expanded
        tensor as the .grad of several 0-d leaves, so the next backward's in-place
        accumulation into one leaf's .grad changes the others too.
        """
        for j in self.leaves:
            if self.twins[j].grad is not None:
                self.twins[j].grad = self.twins[j].grad.clone()

    def torch_grad(self, output: Any, inputs: list[Any]) -> list[float]:
        """d(output)/d(input) for each input, 0.0 where there is no path."""
        if not inputs or not output.requires_grad:
            return [0.0] * len(inputs)
        grads = self.torch.autograd.grad(
            output, inputs, retain_graph=True, allow_unused=True, materialize_grads=True
        )
        return [g.item() for g in grads]


def test_random_graphs_grown_step_by_step_match_torch(torch: ModuleType) -> None:
    run_state_machine_as_test(
        lambda: GraphMachine(torch),  # type: ignore[arg-type]  # a factory is documented
        settings=settings(max_examples=40, stateful_step_count=30),
    )
