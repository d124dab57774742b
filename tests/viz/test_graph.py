"""Tests for viz.graph: the drawing shows each Value's label, data and grad, each operation, and
each local derivative, read back from the rendered SVG; labels cannot break or inject DOT.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass

import graphviz
import pytest

import viz
from autograd import Value

SVG = "{http://www.w3.org/2000/svg}"


@dataclass
class Drawing:
    """A rendered graph read back from its SVG."""

    texts: dict[str, list[str]]  # node name -> its lines of text, whitespace collapsed
    fills: dict[str, str]  # node name -> the fill of its first shape
    places: dict[str, dict[str, str]]  # node name -> the geometry of its first shape
    strokes: dict[str, set[str]]  # node or edge title -> the stroke colours it uses
    edges: list[tuple[str, str, str]]  # (tail name, head name, label text)

    def node_labelled(self, label: str) -> str:
        """The name of the one Value box whose first line is ``label``."""
        (name,) = [n for n, lines in self.texts.items() if lines and lines[0] == label]
        return name

    def into(self, name: str) -> list[tuple[str, str]]:
        """(tail name, edge label) of each edge into the node ``name``."""
        return [(tail, label) for tail, head, label in self.edges if head == name]


def read_svg(graph: graphviz.Digraph) -> Drawing:
    svg = ET.fromstring(graph.pipe(format="svg"))
    drawing = Drawing({}, {}, {}, {}, [])
    for group in svg.iter(f"{SVG}g"):
        kind, title = group.get("class"), group.findtext(f"{SVG}title")
        if kind not in ("node", "edge") or title is None:
            continue
        lines = [" ".join("".join(t.itertext()).split()) for t in group.iter(f"{SVG}text")]
        shapes = [s for s in group if s.tag in (f"{SVG}polygon", f"{SVG}ellipse", f"{SVG}path")]
        drawing.strokes[title] = {s.get("stroke", "") for s in shapes} - {"none", ""}
        if kind == "node":
            drawing.texts[title] = lines
            drawing.fills[title] = shapes[0].get("fill", "")
            drawing.places[title] = {k: shapes[0].get(k, "") for k in ("points", "cx", "cy")}
        else:
            tail, head = title.split("->")
            drawing.edges.append((tail, head, " ".join(lines)))
    return drawing


def shown(x: float, precision: int = 4) -> str:
    return f"{x:.{precision}g}"


def neuron() -> Value:
    """Karpathy's neuron: o = tanh(x1*w1 + x2*w2 + b), every node labelled."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    x1w1 = x1 * w1
    x1w1.label = "x1*w1"
    x2w2 = x2 * w2
    x2w2.label = "x2*w2"
    total = x1w1 + x2w2
    total.label = "x1*w1 + x2*w2"
    n = total + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    return o


def test_every_value_shows_its_label_data_and_grad() -> None:
    o = neuron()
    o.backward()
    drawing = read_svg(viz.draw_graph(o))
    nodes = o.topological_order()
    for v in nodes:
        name = drawing.node_labelled(v.label)
        assert drawing.texts[name] == [v.label, f"data {shown(v.data)}", f"grad {shown(v.grad)}"]
    ops = [v for v in nodes if v.parents]
    assert len(drawing.texts) == len(nodes) + len(ops)
    # Numbers worked by hand (micrograd's lecture): tanh'(n) = 1 - 0.7071^2 = 0.5.
    assert drawing.texts[drawing.node_labelled("n")][1:] == ["data 0.8814", "grad 0.5"]
    assert drawing.texts[drawing.node_labelled("x1")][1:] == ["data 2", "grad -1.5"]


def test_each_operation_is_a_node_with_an_edge_per_input_carrying_its_local_derivative() -> None:
    o = neuron()
    o.backward()
    drawing = read_svg(viz.draw_graph(o))
    label_of = {drawing.node_labelled(v.label): v.label for v in o.topological_order()}
    for v in o.topological_order():
        if not v.parents:
            continue
        ((op_name, _),) = drawing.into(drawing.node_labelled(v.label))
        assert drawing.texts[op_name] == [v.op]
        inputs = Counter((label_of[tail], label) for tail, label in drawing.into(op_name))
        expected = Counter((p.label, shown(g)) for p, g in zip(v.parents, v.local_grads))
        assert inputs == expected, v.label
    ((x1w1_op, _),) = drawing.into(drawing.node_labelled("x1*w1"))
    assert (drawing.node_labelled("x1"), "-3") in drawing.into(x1w1_op)  # d(x1*w1)/dx1 = w1


def test_a_value_used_twice_has_two_edges_each_with_its_own_derivative() -> None:
    a = Value(2.0, label="a")
    c = a**a  # d/d(base) = a * a**(a-1) = 4, d/d(exponent) = a**a * log(a) = 2.773
    c.label = "c"
    drawing = read_svg(viz.draw_graph(c))
    ((op_name, _),) = drawing.into(drawing.node_labelled("c"))
    a_name = drawing.node_labelled("a")
    assert sorted(drawing.into(op_name)) == sorted(
        [(a_name, "4"), (a_name, shown(4 * math.log(2)))]
    )


def test_unlabelled_values_and_precision() -> None:
    x = Value(0.881373587)
    y = x * -1.0
    y.backward()
    drawing = read_svg(viz.draw_graph(y, precision=2))
    texts = sorted(lines for lines in drawing.texts.values() if len(lines) > 1)
    assert texts == [["data -0.88", "grad 1"], ["data 0.88", "grad -1"]]
    assert sorted(label for _, _, label in drawing.edges if label) == ["-1"]


def test_negative_zero_is_shown_as_zero() -> None:
    x = Value(-0.0, label="x")
    drawing = read_svg(viz.draw_graph(x))
    assert drawing.texts[drawing.node_labelled("x")] == ["x", "data 0", "grad 0"]


def test_show_local_grads_false_leaves_edges_unlabelled() -> None:
    o = neuron()
    drawing = read_svg(viz.draw_graph(o, show_local_grads=False))
    assert len(drawing.edges) == 9 + 5  # an edge per input of each op, and op -> output
    assert all(label == "" for _, _, label in drawing.edges)


def _darkness(fill: str) -> int:
    """How far ``fill`` ("#rrggbb") is from white."""
    return 3 * 255 - sum(int(fill[i : i + 2], 16) for i in (1, 3, 5))


def test_colour_grows_with_the_size_of_the_gradient() -> None:
    o = neuron()
    o.backward()
    drawing = read_svg(viz.draw_graph(o))
    by_size = sorted(o.topological_order(), key=lambda v: abs(v.grad))
    darkness = [_darkness(drawing.fills[drawing.node_labelled(v.label)]) for v in by_size]
    assert darkness == sorted(darkness)
    assert by_size[0].grad == 0.0 and darkness[0] == 0  # w2: grad 0, white
    assert by_size[-1].label == "x1" and darkness[-1] > darkness[-2] > 0  # the largest |grad|

    plain = read_svg(viz.draw_graph(o, color_by_grad=False))
    assert {plain.fills[plain.node_labelled(v.label)] for v in by_size} == {"#ffffff"}


HOSTILE_LABELS = [
    'say "hi"; } digraph { evil',
    "{record|fields} <port> & &amp; ]; x [label=y",
    "> shape=box]; injected [label=<b>",
    "\\N \\G \\L \\n \\\\ end\\",
    "<<table><tr><td>x</td></tr></table>>",
    "two\nlines\tand a tab\x00",
]


@pytest.mark.parametrize("label", HOSTILE_LABELS)
def test_labels_are_escaped_so_they_show_literally_and_add_nothing(label: str) -> None:
    x = Value(1.5, label=label)
    y = x.exp()
    y.label = label
    drawing = read_svg(viz.draw_graph(y))
    shown_label = label.replace("\t", "\\t").replace("\x00", "\\x00")
    expected = [" ".join(line.split()) for line in shown_label.splitlines()]
    assert len(drawing.texts) == 3 and len(drawing.edges) == 2  # x, exp, y: nothing injected
    boxes = [lines for lines in drawing.texts.values() if len(lines) > 1]
    assert len(boxes) == 2
    for lines in boxes:
        assert lines[:-2] == expected and lines[-2].startswith("data ")


def test_too_many_nodes_is_an_error_that_says_what_to_do() -> None:
    x = Value(1.0)
    for _ in range(9):
        x = x * 2.0
    with pytest.raises(ValueError, match=r"10 Values, more than max_nodes=5") as error:
        viz.draw_graph(x, max_nodes=5)
    assert "max_nodes=10" in str(error.value) and "smaller part" in str(error.value)
    assert len(read_svg(viz.draw_graph(x, max_nodes=10)).texts) == 10 + 9


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rankdir": "XY"}, "rankdir"),
        ({"precision": 0}, "precision"),
        ({"max_nodes": 2.5}, "max_nodes"),
    ],
)
def test_bad_options_are_errors(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        viz.draw_graph(Value(1.0), **kwargs)


def test_root_must_be_a_value() -> None:
    with pytest.raises(TypeError, match=r"draw_graph: root must be a Value, got 1\.0"):
        viz.draw_graph(1.0)  # type: ignore[arg-type]


def test_rankdir_and_micrograd_name() -> None:
    assert viz.draw_dot is viz.draw_graph
    assert "rankdir=TB" in viz.draw_graph(neuron(), rankdir="TB").source
    assert "rankdir=LR" in viz.draw_graph(neuron()).source
