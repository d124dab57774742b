"""Tests for viz.render: which engine draws (system dot, else graphviz-pure), the error when
there is none, and saving to .svg and .png.
"""

from __future__ import annotations

import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from graphviz.backend import dot_command

import viz
from autograd import Value
from viz.render import find_engine, use_engine

SVG = "{http://www.w3.org/2000/svg}"
GRAPHVIZ_PURE = Path(sys.executable).parent / "graphviz-pure"


@pytest.fixture(autouse=True)
def _restore_graphviz_binary(monkeypatch: pytest.MonkeyPatch) -> None:
    """Undo, after each test, the engine that the test made the graphviz package use."""
    monkeypatch.setattr(dot_command, "DOT_BINARY", dot_command.DOT_BINARY)


def _executable(directory: Path, name: str) -> Path:
    path = directory / name
    path.write_text("#!/bin/sh\nexit 1\n")
    path.chmod(0o755)
    return path


def _graph() -> Value:
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    c.backward()
    return c


def test_a_system_dot_on_path_comes_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dot = _executable(tmp_path, "dot")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_engine() == dot
    assert use_engine() == dot
    assert dot == dot_command.DOT_BINARY


def test_without_dot_it_renders_with_graphviz_pure_next_to_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory: no dot, no graphviz-pure
    assert find_engine() == GRAPHVIZ_PURE
    graph = viz.draw_graph(_graph())
    assert GRAPHVIZ_PURE == dot_command.DOT_BINARY
    # What Jupyter shows inline: the SVG the graphviz package makes with that engine.
    svg = graph._repr_mimebundle_()["image/svg+xml"]
    texts = {"".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")}
    assert {"a", "data -3", "grad 2", "*"} <= texts


def test_graphviz_pure_on_path_when_not_next_to_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "bin").mkdir()
    os.symlink(GRAPHVIZ_PURE, tmp_path / "bin" / "graphviz-pure")
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert find_engine() == tmp_path / "bin" / "graphviz-pure"
    assert viz.save(viz.draw_graph(_graph()), tmp_path / "c.svg").stat().st_size > 0


def test_no_engine_is_an_error_that_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    for render in (find_engine, lambda: viz.draw_graph(Value(1.0))):
        with pytest.raises(viz.GraphvizNotFoundError, match="pip install graphviz-pure"):
            render()
    x = Value(3.0)
    y = x * x
    with pytest.raises(viz.GraphvizNotFoundError, match="apt install graphviz"):
        viz.backward_frames(y)
    assert x.grad == 0.0  # raised before running backward


def test_save_svg(tmp_path: Path) -> None:
    path = viz.save(viz.draw_graph(_graph()), str(tmp_path / "c.svg"))
    assert path == tmp_path / "c.svg"
    svg = ET.parse(path).getroot()
    assert svg.tag == f"{SVG}svg"
    assert "grad -3" in {"".join(t.itertext()) for t in svg.iter(f"{SVG}text")}


def test_save_png(tmp_path: Path) -> None:
    path = viz.save(viz.draw_graph(_graph()), tmp_path / "c.PNG")
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 1000


@pytest.mark.parametrize(("name", "shown"), [("c.pdf", "'.pdf'"), ("c", "no suffix")])
def test_save_names_a_suffix_it_cannot_write(tmp_path: Path, name: str, shown: str) -> None:
    with pytest.raises(ValueError, match=f"save: .*{shown}.*must end in .svg or .png"):
        viz.save(viz.draw_graph(_graph()), tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_save_needs_a_graph(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="save: expected a graphviz graph"):
        viz.save("digraph {}", tmp_path / "g.svg")  # type: ignore[arg-type]
