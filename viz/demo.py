"""``make demo``: micrograd's classic moons demo, trained by chainrule, with pictures in out/.

An MLP(2, [16, 16, 1]) learns 100 moons points with the max-margin (hinge) loss plus an L2
penalty of 1e-4, by full-batch SGD whose learning rate falls from 1.0 to 0.1 over 100 steps.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import graphviz
import matplotlib

matplotlib.use("Agg")  # files only: the demo opens no window

import nn
from autograd import Value
from nn.data import make_moons

from .graph import draw_graph
from .plots import plot_decision_boundary, plot_history
from .render import save

OUT = Path("out")


def main() -> None:
    X, labels = make_moons(100, noise=0.1, random_state=0)
    y = 2.0 * labels - 1.0  # the max-margin loss wants labels -1 and +1
    model = nn.MLP(2, [16, 16, 1], seed=0)
    optimizer = nn.optim.SGD(model.parameters(), lr=1.0)
    schedule = nn.optim.LinearLR(optimizer, start_factor=1.0, end_factor=0.1, total_iters=100)
    print(f"{model!r} with {len(model.parameters())} parameters, 100 moons points")

    start = time.perf_counter()
    history = nn.fit(model, X, y, "hinge", optimizer, epochs=100, l2=1e-4, scheduler=schedule)
    seconds = time.perf_counter() - start
    final = nn.evaluate(model, X, y, "hinge")
    print(
        f"after 100 steps ({seconds:.1f} s): loss {final['loss']:.4f}, "
        f"accuracy {final['accuracy']:.0%}"
    )

    OUT.mkdir(exist_ok=True)
    written = [
        save(_one_neuron(model, X[0]), OUT / "neuron.svg"),
        OUT / "decision_boundary.png",
        OUT / "loss.png",
    ]
    plot_decision_boundary(model, X, y).savefig(written[1], dpi=120)
    plot_history(history).savefig(written[2], dpi=120)
    print("wrote " + ", ".join(str(path) for path in written))


def _one_neuron(model: nn.MLP, sample: Sequence[float]) -> graphviz.Digraph:
    """The graph of the first hidden neuron on one sample, with its gradients."""
    neuron = model.layers[0].neurons[0]
    inputs = [Value(x, label=f"x{i + 1}") for i, x in enumerate(sample)]
    for i, w in enumerate(neuron.w):
        w.label = f"w{i + 1}"
    neuron.b.label = "b"
    out = neuron(inputs)
    out.label = "out"
    model.zero_grad()
    out.backward()
    return draw_graph(out)


if __name__ == "__main__":
    main()
