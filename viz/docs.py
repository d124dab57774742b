"""``make docs``: redraw the pictures the README shows, into docs/."""

from __future__ import annotations

from pathlib import Path

from autograd import Value

from .graph import draw_graph
from .render import save

DOCS = Path("docs")


def neuron_example() -> Value:
    """The README's neuron: o = tanh(x1*w1 + x2*w2 + b), after o.backward()."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    n = x1 * w1 + x2 * w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    o.backward()
    return o


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    graph = draw_graph(neuron_example())
    for suffix in (".svg", ".png"):
        print("wrote", save(graph, DOCS / f"neuron{suffix}"))


if __name__ == "__main__":
    main()
