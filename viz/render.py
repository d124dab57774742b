"""Find a Graphviz engine and render drawings with it, in a notebook or to .svg and .png files.

The ``graphviz`` Python package only writes DOT text; a ``dot`` program lays it out and draws
it. A system Graphviz provides ``dot``; the ``graphviz-pure`` pip package (a dependency of
chainrule) provides the same program as ``graphviz-pure``, so drawing works on a machine with
no system packages at all.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import graphviz
from graphviz.backend import dot_command

FORMATS = ("svg", "png")


class GraphvizNotFoundError(RuntimeError):
    """Neither a system ``dot`` nor ``graphviz-pure`` is installed to render with."""


def find_engine() -> Path:
    """The program that renders drawings: the first of

    1. a system Graphviz ``dot`` on PATH;
    2. ``graphviz-pure`` installed in this Python's environment (next to ``sys.executable``);
    3. ``graphviz-pure`` on PATH.
    """
    found = (
        shutil.which("dot")
        or shutil.which("graphviz-pure", path=str(Path(sys.executable).parent))
        or shutil.which("graphviz-pure")
    )
    if found is None:
        raise GraphvizNotFoundError(
            "no Graphviz engine to render the graph with: found neither `dot` on PATH nor "
            f"`graphviz-pure` on PATH or next to {sys.executable}. Install one with "
            "`pip install graphviz-pure` (no system packages needed), or install Graphviz "
            "itself (`apt install graphviz`, `brew install graphviz` or "
            "`conda install graphviz`)."
        )
    return Path(found)


def use_engine() -> Path:
    """Make the ``graphviz`` package render with ``find_engine()``'s program; return that program.

    This is the one place where viz configures the ``graphviz`` package. It sets
    ``graphviz.backend.dot_command.DOT_BINARY``, the program that ``Digraph.pipe``,
    ``Digraph.render`` and the Jupyter display (``_repr_mimebundle_``) all run. (The name
    ``graphviz.backend.DOT_BINARY`` is only a copy made at import: setting it changes nothing.)
    """
    engine = find_engine()
    dot_command.DOT_BINARY = engine
    return engine


def save(graph: graphviz.Graph | graphviz.Digraph, path: str | os.PathLike[str]) -> Path:
    """Render ``graph`` to ``path``, as SVG or PNG by the file name's suffix; return the path."""
    if not isinstance(graph, (graphviz.Graph, graphviz.Digraph)):
        raise TypeError(f"save: expected a graphviz graph, got {graph!r}")
    target = Path(path)
    file_format = target.suffix.lower().removeprefix(".")
    if file_format not in FORMATS:
        problem = f"its suffix is {target.suffix!r}" if target.suffix else "it has no suffix"
        allowed = " or ".join(f".{f}" for f in FORMATS)
        raise ValueError(
            f"save: cannot write {str(target)!r}: {problem}; the name must end in {allowed}"
        )
    use_engine()
    target.write_bytes(graph.pipe(format=file_format))
    return target
