"""Tests for viz.explore: the data the explorer's page receives (nodes, edges, the change
each step makes) holds backward()'s numbers, and the widget saves itself as one page."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import viz
from autograd import Value
from viz.widgets.explorer_states import explorer_states, node_names


def neuron() -> Value:
    """micrograd's neuron: o = tanh(x1*w1 + x2*w2 + b)."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    n = x1 * w1 + x2 * w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    return o


def shared() -> Value:
    """d = (a*3 + a) * (a*3) * a: a reaches d along several paths, once as both inputs."""
    a = Value(2.0, label="a")
    b = a * 3.0
    c = b + a
    return (c * b) * (a * a)


def replay(data: dict[str, Any], last: int | None = None) -> tuple[list[bool], list[Any]]:
    """What the page computes for step ``last`` (default: the last): which nodes show their
    data, and each node's grad (None: not known yet)."""
    steps = data["steps"] if last is None else data["steps"][: last + 1]
    known = [False] * len(data["nodes"])
    grads: list[Any] = [None] * len(data["nodes"])
    for step in steps:
        for i in step["reveal"]:
            known[i] = True
        for i, grad, _, _ in step["grads"]:
            grads[i] = grad
    return known, grads


def positions(root: Value) -> dict[int, int]:
    """Each node's index in the topological order, by identity (== compares data)."""
    return {id(v): i for i, v in enumerate(root.topological_order())}


def backward_grads(make: Callable[[], Value]) -> list[float]:
    """The grads ``backward()`` leaves on a fresh copy of the graph, in topological order."""
    root = make()
    root.backward()
    return [v.grad for v in root.topological_order()]


@pytest.mark.parametrize("make", [neuron, shared])
def test_the_last_step_holds_backwards_grads_bit_for_bit(make: Callable[[], Value]) -> None:
    data = viz.explore(make()).data
    known, grads = replay(data)
    assert all(known)
    assert grads == backward_grads(make)


def test_nodes_and_edges_are_the_graphs() -> None:
    root = neuron()
    data = viz.explore(root).data
    nodes = root.topological_order()
    position = positions(root)
    assert [n["label"] for n in data["nodes"]] == [v.label for v in nodes]
    assert [n["op"] for n in data["nodes"]] == [v.op for v in nodes]
    assert [n["data"] for n in data["nodes"]] == [v.data for v in nodes]
    assert [n["leaf"] for n in data["nodes"]] == [not v.parents for v in nodes]
    expected = {
        (position[id(p)], c, k, local)
        for c, v in enumerate(nodes)
        for k, (p, local) in enumerate(zip(v.parents, v.local_grads))
    }
    edges = {(e["parent"], e["child"], e["index"], e["local"]) for e in data["edges"]}
    assert edges == expected
    assert len(data["edges"]) == len(expected)


def test_explore_reads_the_graph_and_changes_no_grad() -> None:
    root = neuron()
    root.backward()
    before = [v.grad for v in root.topological_order()]
    viz.explore(root)
    assert [v.grad for v in root.topological_order()] == before


def test_the_forward_pass_reveals_each_node_after_its_inputs() -> None:
    root = shared()
    data = viz.explore(root).data
    nodes = root.topological_order()
    position = positions(root)
    start, *rest = data["steps"]
    assert start["phase"] == "start"
    assert sorted(start["reveal"]) == [i for i, v in enumerate(nodes) if not v.parents]
    forward = [s for s in rest if s["phase"] == "forward"]
    assert sorted(s["node"] for s in forward) == [i for i, v in enumerate(nodes) if v.parents]
    revealed = set(start["reveal"])
    for step in forward:
        assert step["reveal"] == [step["node"]]
        assert {position[id(p)] for p in nodes[step["node"]].parents} <= revealed
        assert step["grads"] == []
        revealed.add(step["node"])


def test_each_backward_step_is_the_engines_step() -> None:
    """Step by step, the node, what it adds and the grads so far are backward_steps()'s."""
    root = shared()
    data = viz.explore(root).data
    position = positions(root)
    phases = [s["phase"] for s in data["steps"]]
    k = phases.index("seed")
    assert data["steps"][k]["grads"][0][:2] == [0, 1.0]
    for engine in root.backward_steps():  # in lockstep with the engine
        if not engine.node.parents:
            continue
        k += 1
        c = position[id(engine.node)]
        assert data["steps"][k]["node"] == c
        assert [e["added"] for e in data["edges"] if e["child"] == c] == list(engine.added)
        _, grads = replay(data, k)
        for v in engine.node.parents:
            assert grads[position[id(v)]] == v.grad
    assert k == len(data["steps"]) - 1


def test_each_edge_adds_local_times_the_users_grad() -> None:
    data = viz.explore(neuron()).data
    _, grads = replay(data)
    for edge in data["edges"]:
        assert edge["added"] == edge["local"] * grads[edge["child"]]
        assert edge["added_text"].startswith("+= ")
    for i, grad in enumerate(grads[1:], start=1):  # dL/dx = sum of what its users added
        terms = [e["added"] for e in data["edges"] if e["parent"] == i]
        assert math.isclose(grad, math.fsum(terms), rel_tol=1e-12, abs_tol=1e-15)


def test_grads_match_pytorch(torch: Any) -> None:
    root = neuron()
    _, grads = replay(viz.explore(root).data)
    leaves = {v.label: g for v, g in zip(root.topological_order(), grads) if not v.parents}
    t = {k: torch.tensor(v.data, requires_grad=True) for k, v in _leaves(root).items()}
    out = torch.tanh(t["x1"] * t["w1"] + t["x2"] * t["w2"] + t["b"])
    out.backward()
    for name, tensor in t.items():
        assert leaves[name] == pytest.approx(tensor.grad.item(), rel=1e-12, abs=1e-15)


def _leaves(root: Value) -> dict[str, Value]:
    return {v.label: v for v in root.topological_order() if not v.parents}


@st.composite
def random_graph(draw: st.DrawFn) -> Callable[[], Value]:
    """A recipe for a random graph of + * tanh and constants over three leaves."""
    leaves = draw(st.lists(st.floats(-2, 2), min_size=3, max_size=3))
    ops = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["+", "*", "tanh", "*c"]), st.integers(0, 99), st.integers(0, 99)
            ),
            min_size=1,
            max_size=12,
        )
    )

    def make() -> Value:
        values = [Value(x) for x in leaves]
        for op, i, j in ops:
            x, y = values[i % len(values)], values[j % len(values)]
            values.append(
                x + y
                if op == "+"
                else x * y
                if op == "*"
                else x.tanh()
                if op == "tanh"
                else x * 0.5
            )
        return values[-1]

    return make


@given(random_graph())
def test_random_graphs_end_with_backwards_grads(make: Callable[[], Value]) -> None:
    # The states alone (explore adds only the picture, which costs a Graphviz run).
    _, grads = replay(explorer_states(make().topological_order(), precision=4))
    assert grads == backward_grads(make)


def test_nodes_are_named_by_label_else_by_how_they_were_made() -> None:
    a, b = Value(2.0, label="a"), Value(3.0)
    ab = a * b
    shifted = a - 1.0
    long = (ab + a) * ab * shifted
    squashed = long.tanh()
    root = squashed + b
    nodes = root.topological_order()
    index = {id(v): i for i, v in enumerate(nodes)}
    names = {id(v): name for v, name in zip(nodes, node_names(nodes))}
    assert names[id(a)] == "a"
    assert names[id(b)] == f"#{index[id(b)]}"  # no label, no inputs: its number
    assert names[id(ab)] == f"a * #{index[id(b)]}"
    assert names[id(shifted)] == "a - …"  # a number in place of …
    product = long.parents[0]  # ((a * #b) + a) * (a * #b): too long to read
    assert names[id(product)] == f"#{index[id(product)]}"
    assert names[id(long)] == f"#{index[id(product)]} * (a - …)"
    assert names[id(squashed)] == f"tanh({names[id(long)]})"


def test_every_step_is_valid_json_and_has_a_colour() -> None:
    data = viz.explore(neuron()).data
    for step in data["steps"]:
        for _, grad, text, fill in step["grads"]:
            assert text == viz.graph.format_number(grad, 4)
            assert re.fullmatch(r"#[0-9a-f]{6}", fill)


def test_the_picture_has_an_element_for_each_box_operation_and_edge() -> None:
    data = viz.explore(neuron()).data
    svg = data["svg"]
    assert svg.startswith("<svg")
    for i, node in enumerate(data["nodes"]):
        assert f'id="n{i}"' in svg
        assert (f'id="o{i}"' in svg) == (not node["leaf"])
    for edge in data["edges"]:
        assert f'id="e{edge["child"]}_{edge["index"]}"' in svg


def test_save_html_writes_one_page_with_everything_inline(tmp_path: Path) -> None:
    path = viz.explore(neuron()).save_html(tmp_path / "neuron.html")
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script src" not in page and "<link" not in page and "import(" not in page
    assert "function render" in page and ".cr-explorer" in page and "<svg" in page


def test_the_mime_bundle_has_the_widget_and_an_html_fallback() -> None:
    data, _ = viz.explore(neuron())._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["text/html"].startswith("<iframe srcdoc=")
    assert "&lt;!DOCTYPE html&gt;" in data["text/html"]


def test_errors_name_the_function_and_the_value(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match=r"explore: root must be a Value, got 3"):
        viz.explore(3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"explore: .* more than max_nodes=3"):
        viz.explore(neuron(), max_nodes=3)
    with pytest.raises(ValueError, match=r"explore: step must be an int from 0 to \d+, got 99"):
        viz.explore(neuron(), step=99)
    with pytest.raises(ValueError, match=r"save_html: .*must end in .html"):
        viz.explore(neuron()).save_html(tmp_path / "x.png")
