"""Tests for viz.frames: one frame per backward step, showing what the engine holds after that
step, with the visited node highlighted; and showing frames in a notebook.
"""

from __future__ import annotations

import sys
import types
from typing import Any

import graphviz
import IPython.display
import pytest

import viz
from autograd import Value
from tests.viz.test_graph import neuron, read_svg, shown


def shared() -> Value:
    """d = (a*3 + a) * (a*3): a and b = a*3 each reach d along two paths."""
    a = Value(2.0, label="a")
    b = a * 3.0
    b.label = "b"
    c = b + a
    c.label = "c"
    d = c * b
    d.label = "d"
    return d


def engine_states(root: Value) -> list[tuple[str, tuple[float, ...], dict[str, float]]]:
    """For each step of ``root.backward_steps()``: the node's label, what it added to its
    inputs' grads, and the grad of each node that has received something so far."""
    nodes = root.topological_order()
    received = {root.label}
    states = []
    for step in root.backward_steps():
        received |= {p.label for p in step.node.parents}
        grads = {v.label: v.grad for v in nodes if v.label in received}
        states.append((step.node.label, step.added, grads))
    return states


@pytest.mark.parametrize("make", [neuron, shared])
def test_each_frame_shows_the_engine_state_after_its_step(make: Any) -> None:
    frames = viz.backward_frames(make())
    states = engine_states(make())
    assert len(frames) == len(states) == len(make().topological_order())
    for frame, (label, added, grads) in zip(frames, states):
        drawing = read_svg(frame)
        for v in make().topological_order():
            grad_text = f"grad {shown(grads[v.label])}" if v.label in grads else "grad ?"
            assert drawing.texts[drawing.node_labelled(v.label)][-1] == grad_text, label
        # The edges into the visited node's operation, and only they, say what it added.
        ops = [op for op, _ in drawing.into(drawing.node_labelled(label))]
        passed = [edge for _, head, edge in drawing.edges if head in ops]
        assert sorted(e.split("grad += ")[1] for e in passed) == sorted(shown(a) for a in added)
        assert sum("grad +=" in edge for _, _, edge in drawing.edges) == len(added)


def test_a_node_waiting_for_another_path_shows_the_sum_so_far() -> None:
    states = engine_states(shared())
    (b_first,) = [grads["b"] for label, _, grads in states if label == "d"]
    (b_final,) = [grads["b"] for label, _, grads in states if label == "b"]
    assert b_first == 8.0 and b_final == 14.0  # d/db = c = 8 directly, then + b = 6 via c
    (first,) = [
        f for f, (label, _, _) in zip(viz.backward_frames(shared()), states) if label == "d"
    ]
    drawing = read_svg(first)
    assert drawing.texts[drawing.node_labelled("b")][-1] == "grad 8"


def test_the_visited_node_and_the_edges_it_passes_gradient_along_are_highlighted() -> None:
    states = engine_states(neuron())
    for frame, (label, _, _) in zip(viz.backward_frames(neuron()), states):
        drawing = read_svg(frame)
        plain = {"black", "white", "transparent"}  # system dot draws invisible lines "transparent"
        highlighted = {t for t, strokes in drawing.strokes.items() if strokes - plain}
        name = drawing.node_labelled(label)
        expected = {name}
        for op, _ in drawing.into(name):
            expected |= {op, f"{op}->{name}"} | {f"{t}->{op}" for t, _ in drawing.into(op)}
        assert highlighted == expected, label


def test_the_last_frame_shows_what_backward_leaves_and_so_does_the_graph() -> None:
    o = neuron()
    last = read_svg(viz.backward_frames(o)[-1])
    reference = neuron()
    reference.backward()
    assert last.texts == read_svg(viz.draw_graph(reference)).texts
    assert [v.grad for v in o.topological_order()] == [
        v.grad for v in reference.topological_order()
    ]


def test_every_frame_has_the_same_layout() -> None:
    frames = viz.backward_frames(shared())
    first = read_svg(frames[0])
    assert len(first.places) == 4 + 3
    assert all(read_svg(frame).places == first.places for frame in frames[1:])


def test_draw_options_apply_to_every_frame() -> None:
    frames = viz.backward_frames(neuron(), precision=2, show_local_grads=False, rankdir="TB")
    for frame in frames:
        assert "rankdir=TB" in frame.source
    last = read_svg(frames[-1])
    assert last.texts[last.node_labelled("n")][1:] == ["data 0.88", "grad 0.5"]
    edge_labels = [label for _, _, label in read_svg(frames[0]).edges]
    assert [label for label in edge_labels if label] == ["grad += 0.5"]  # only tanh passed


@pytest.mark.parametrize(
    ("kwargs", "error"), [({"max_nodes": 3}, "10 Values"), ({"rankdir": "up"}, "rankdir")]
)
def test_bad_options_are_errors_before_backward_runs(kwargs: dict, error: str) -> None:
    o = neuron()
    with pytest.raises(ValueError, match=error):
        viz.backward_frames(o, **kwargs)
    with pytest.raises(TypeError, match=r"backward_frames: unknown drawing options \['colour'\]"):
        viz.backward_frames(o, colour=True)
    assert all(v.grad == 0.0 for v in o.topological_order())


@pytest.fixture
def shown_in_notebook(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """What show_frames passes to IPython's display, in order."""
    displayed: list[Any] = []
    monkeypatch.setattr(IPython.display, "display", displayed.append)
    return displayed


def test_show_frames_without_ipywidgets_displays_them_in_turn(
    shown_in_notebook: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import ipywidgets fails
    frames = viz.backward_frames(shared())
    viz.show_frames(frames)
    assert shown_in_notebook == frames
    assert all(isinstance(f, graphviz.Digraph) for f in shown_in_notebook)


def test_show_frames_with_ipywidgets_uses_a_slider(
    shown_in_notebook: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    widgets = types.ModuleType("ipywidgets")
    calls: list[tuple[Any, dict[str, Any]]] = []
    widgets.IntSlider = lambda **kwargs: kwargs  # type: ignore[attr-defined]
    widgets.interact = lambda f, **kwargs: calls.append((f, kwargs))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ipywidgets", widgets)
    frames = viz.backward_frames(shared())
    viz.show_frames(frames)
    ((show, kwargs),) = calls
    assert kwargs["step"]["min"] == 0 and kwargs["step"]["max"] == len(frames) - 1
    assert shown_in_notebook == []  # nothing until the slider moves
    show(step=2)
    assert shown_in_notebook == [frames[2]]


def test_show_frames_needs_frames() -> None:
    with pytest.raises(ValueError, match="show_frames: no frames"):
        viz.show_frames([])
