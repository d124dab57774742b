"""Tests for viz.graph: the drawing shows each Value's label, data and grad, each operation, and
each local derivative, read back from the rendered SVG; labels cannot break or inject DOT.
"""

from __future__ import annotations

import base64
import math
import os
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import graphviz
import pytest
from graphviz.backend import dot_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import autograd
import viz
from autograd import Op, Value
from viz import graph
from viz.render import find_engine

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


# Every Graphviz that viz.render may choose: Debian's 2.43 (what `apt install graphviz` gives;
# CI installs it and sets CHAINRULE_REQUIRE_GRAPHVIZ=1 so that these tests cannot skip there)
# and graphviz-pure, the one pip installs.
SYSTEM_DOT = Path("/usr/bin/dot")
GRAPHVIZ_PURE = Path(sys.executable).parent / "graphviz-pure"


@pytest.fixture(params=["system dot", "graphviz-pure"])
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """Make draw_graph render with one Graphviz in turn (found as viz.render finds it)."""
    if request.param == "system dot":
        if not SYSTEM_DOT.exists():
            if os.environ.get("CHAINRULE_REQUIRE_GRAPHVIZ") == "1":
                pytest.fail(f"CHAINRULE_REQUIRE_GRAPHVIZ=1 but there is no {SYSTEM_DOT}")
            pytest.skip(f"no system Graphviz at {SYSTEM_DOT} (apt install graphviz)")
        path, expected = str(SYSTEM_DOT.parent), SYSTEM_DOT
    else:
        path, expected = str(tmp_path_factory.mktemp("no_dot")), GRAPHVIZ_PURE
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", path)
        patch.setattr(dot_command, "DOT_BINARY", dot_command.DOT_BINARY)
        assert find_engine() == expected
        yield expected


def label_lines(label: str) -> list[str]:
    """The lines a label is drawn as: unprintable characters as Python escapes, whitespace
    collapsed as read_svg reads it, empty lines left out."""
    lines = [
        "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in line)
        for line in label.splitlines()
    ]
    return [" ".join(line.split()) for line in lines if line.split()]


def assert_drawn_literally(label: str) -> None:
    """x -> exp -> y, both Values labelled ``label``, renders with the current engine, shows
    the label as written and nothing else."""
    x = Value(1.5, label=label)
    y = x.exp()
    y.label = label
    drawing = read_svg(viz.draw_graph(y))
    assert len(drawing.texts) == 3 and len(drawing.edges) == 2  # x, exp, y: nothing injected
    boxes = [[line for line in lines if line] for lines in drawing.texts.values()]
    boxes = [lines for lines in boxes if len(lines) > 1]
    assert len(boxes) == 2
    for lines in boxes:
        assert lines[:-2] == label_lines(label) and lines[-2].startswith("data ")


# "]" and "]]" alone broke Debian's Graphviz 2.43; the rest are DOT's and HTML's specials.
TRICKY_LABELS = ["]", "]]", "[", "[]", "\\", "\\]", "&#93;", "]]>", "<![CDATA[x]]>", "\n", " "]


@pytest.mark.parametrize("label", TRICKY_LABELS)
def test_labels_that_broke_a_graphviz_render_with_every_engine(engine: Path, label: str) -> None:
    assert_drawn_literally(label)


SPECIALS = st.sampled_from([*"[]{}<>&;#\"'\\|\n\t =-", "]]>", "&amp;", "\\N", "<br/>"])


# The engine fixture only chooses a program: nothing in it changes from one label to the next.
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(label=st.lists(SPECIALS | st.characters(), max_size=12).map("".join))
def test_any_label_renders_literally_with_every_engine(engine: Path, label: str) -> None:
    assert_drawn_literally(label)


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


def test_too_many_edges_is_an_error_raised_before_drawing() -> None:
    x = Value(1.0, label="x")
    with pytest.raises(ValueError, match=r"20001 edges, more than max_edges=1000") as error:
        viz.draw_graph(autograd.sum([x] * 20000))  # 2 Values, but 20,000 edges into the sum
    assert "max_edges=20001" in str(error.value) and "smaller part" in str(error.value)
    with pytest.raises(ValueError, match=r"backward_frames: .* 11 edges, more than max_edges=10"):
        viz.backward_frames(autograd.sum([x] * 10), max_edges=10)


def test_max_edges_counts_the_edges_drawn() -> None:
    o = neuron()
    drawn = len(read_svg(viz.draw_graph(o, max_edges=14)).edges)
    assert drawn == 14
    with pytest.raises(ValueError, match=r"14 edges, more than max_edges=13"):
        viz.draw_graph(o, max_edges=13)


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
        ({"max_edges": 0}, "max_edges"),
        ({"format": "pdf"}, r"format must be one of \('svg', 'png'\), got 'pdf'"),
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


@pytest.mark.parametrize("file_format", ["svg", "png"])
def test_micrograd_s_draw_dot_keywords_render_a_file_of_that_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, file_format: str
) -> None:
    monkeypatch.chdir(tmp_path)
    dot = viz.draw_dot(neuron(), format=file_format, rankdir="LR")
    assert isinstance(dot, graphviz.Digraph)
    assert dot.render("gout") == f"gout.{file_format}"  # as micrograd's draw_dot does
    written = (tmp_path / f"gout.{file_format}").read_bytes()
    if file_format == "svg":
        texts = {"".join(t.itertext()) for t in ET.fromstring(written).iter(f"{SVG}text")}
        assert {"x1", "w1", "tanh", "o"} <= texts
    else:
        assert written.startswith(b"\x89PNG\r\n\x1a\n")


def _img_svg(html: str) -> str:
    """The SVG that an ``<img src="data:image/svg+xml;base64,...">`` shows, and check that the
    image may be no wider than the page and keeps its aspect ratio."""
    match = re.fullmatch(r'<img src="data:image/svg\+xml;base64,([^"]+)" style="([^"]+)" .*>', html)
    assert match is not None, html
    assert match[2] == "max-width: 100%; height: auto"
    return base64.b64decode(match[1]).decode("utf-8")


def test_a_notebook_shows_a_drawing_scaled_to_the_output_width() -> None:
    drawing = viz.draw_graph(neuron())
    bundle = drawing._repr_mimebundle_()  # what Jupyter asks for
    assert set(bundle) == {"image/svg+xml", "text/html"}  # every front end prefers text/html
    svg = bundle["image/svg+xml"]
    assert _img_svg(bundle["text/html"]) == svg == drawing.pipe(format="svg", encoding="utf-8")
    assert ET.fromstring(svg).get("viewBox")  # what lets the browser scale it


def test_full_size_shows_the_same_drawing_at_its_own_size() -> None:
    drawing = viz.draw_graph(neuron())
    full = drawing.full_size()
    assert full.source == drawing.source and isinstance(full, graph.Drawing)
    assert set(full._repr_mimebundle_()) == {"image/svg+xml"}  # graphviz's own display
    assert "text/html" in drawing._repr_mimebundle_()  # the original is unchanged
    assert not full.copy().fit_width and drawing.copy().fit_width


def test_the_mimebundle_still_honours_include_and_exclude() -> None:
    drawing = viz.draw_graph(neuron())
    assert set(drawing._repr_mimebundle_(include=["image/png"])) == {"image/png"}
    assert set(drawing._repr_mimebundle_(exclude=["text/html"])) == {"image/svg+xml"}
    assert drawing._repr_mimebundle_(include=[]) == {}


def test_an_op_of_ones_own_is_drawn_with_its_name_and_local_derivative() -> None:
    cube = Op("cube", lambda x: x**3, lambda out, x: (3.0 * x * x,))
    x = Value(2.0, label="x")
    y = cube(x)
    y.label = "y"
    drawing = read_svg(viz.draw_graph(y))
    ((op, _),) = drawing.into(drawing.node_labelled("y"))
    assert drawing.texts[op] == ["cube"]
    assert (drawing.node_labelled("x"), "12") in drawing.into(op)
