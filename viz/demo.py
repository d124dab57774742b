"""``make demo``: micrograd's classic moons demo, trained by chainrule, with pictures in out/.

An MLP(2, [16, 16, 1]) learns 100 moons points with the max-margin (hinge) loss plus an L2
penalty of 1e-4, by full-batch SGD whose learning rate falls from 1.0 to 0.1 over 100 steps.

``python -m viz.demo --digits`` (``make demo-digits``): a real task. An MLP(64, [32, 10])
learns 1,437 of scikit-learn's 8x8 handwritten digits with cross entropy and Adam, by
``fit`` with its defaults (full batch, compiled where it pays), and is scored on the other
360 images, which it never saw.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

import nn
from autograd import Value, no_grad

OUT = Path("out")
DIGITS_EPOCHS = 30  # held-out accuracy 96-98% over model seeds 0-11 (>= 95% from ~20 epochs)
DIGITS_LR = 0.03


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m viz.demo", description=__doc__)
    parser.add_argument("--digits", action="store_true", help="train the handwritten digits")
    if parser.parse_args(argv).digits:
        digits()
    else:
        moons()


def moons() -> None:
    """The classic demo: train, report, draw a neuron, the decision boundary and the loss."""
    model = nn.MLP(2, [16, 16, 1], seed=0)
    print(f"{model!r} with {len(model.parameters())} parameters, 100 moons points", flush=True)
    X, labels = nn.data.make_moons(100, noise=0.1, random_state=0)
    y = 2.0 * labels - 1.0  # the max-margin loss wants labels -1 and +1
    optimizer = nn.optim.SGD(model.parameters(), lr=1.0)
    schedule = nn.optim.LinearLR(optimizer, start_factor=1.0, end_factor=0.1, total_iters=100)
    history, seconds = _timed_fit(
        model, X, y, "hinge", optimizer, epochs=100, l2=1e-4, scheduler=schedule
    )
    final = nn.evaluate(model, X, y, "hinge")
    print(
        f"after 100 steps ({seconds:.1f} s): loss {final['loss']:.4f}, "
        f"accuracy {final['accuracy']:.0%}"
    )
    from .graph import draw_graph  # graphviz and matplotlib load once training is done
    from .plots import plot_decision_boundary, plot_history
    from .render import save

    _files_only()
    OUT.mkdir(exist_ok=True)
    neuron = _one_neuron(model, X[0])
    written = [save(draw_graph(neuron), OUT / "neuron.svg")]
    written += _saved(plot_decision_boundary(model, X, y), "decision_boundary.png")
    written += _saved(plot_history(history), "loss.png")
    print("wrote " + ", ".join(str(path) for path in written))


def digits(epochs: int = DIGITS_EPOCHS, progress: bool = True) -> float:
    """Train on the digits, report the held-out accuracy (returned), write the pictures."""
    print("MLP(64, [32, 10]) on 8x8 handwritten digits: loading scikit-learn's copy", flush=True)
    X, y = nn.data.load_digits()
    X_train, X_test, y_train, y_test = nn.data.train_test_split(X, y, test_size=0.2, random_state=0)
    model = nn.MLP(64, [32, 10], "tanh", init="xavier", seed=0)
    optimizer = nn.optim.Adam(model.parameters(), lr=DIGITS_LR)
    print(
        f"training {len(model.parameters())} parameters on {len(y_train)} images, "
        f"{epochs} epochs of full-batch Adam (lr {DIGITS_LR})",
        flush=True,
    )
    history, seconds = _timed_fit(
        model, X_train, y_train, "cross_entropy", optimizer, epochs=epochs, progress=progress
    )
    predicted = predict(model, X_test)
    accuracy = float(np.mean(predicted == y_test))
    print(
        f"after {epochs} epochs ({seconds:.1f} s): training accuracy "
        f"{history['accuracy'][-1]:.1%}, held-out accuracy {accuracy:.1%} "
        f"on {len(y_test)} unseen images"
    )
    from .plots import plot_confusion_matrix, plot_digits, plot_history

    _files_only()
    OUT.mkdir(exist_ok=True)
    wrong = predicted != y_test
    written = _saved(plot_digits(X_test, y_test, predicted), "digits.png")
    if wrong.any():
        figure = plot_digits(X_test[wrong], y_test[wrong], predicted[wrong])
        written += _saved(figure, "digits_wrong.png")
    written += _saved(plot_confusion_matrix(y_test, predicted), "confusion_matrix.png")
    written += _saved(plot_history(history), "digits_loss.png")
    print("wrote " + ", ".join(str(path) for path in written))
    return accuracy


def predict(model: nn.Module, X: np.ndarray) -> np.ndarray:
    """The class with the largest logit for each row of X (the first of equal ones)."""
    with no_grad():
        logits = [[v.data for v in model(x)] for x in X]
    return np.argmax(np.array(logits), axis=1)


def _timed_fit(*args: Any, **kwargs: Any) -> tuple[dict[str, list[float]], float]:
    """fit, and the seconds it took: the progress bar's clock, compiling included."""
    start = time.perf_counter()
    history = nn.fit(*args, **kwargs)
    return history, time.perf_counter() - start


def _files_only() -> None:
    import matplotlib

    matplotlib.use("Agg")  # files only: the demo opens no window


def _saved(figure: Any, name: str) -> list[Path]:
    path = OUT / name
    figure.savefig(path, dpi=120)
    return [path]


def _one_neuron(model: nn.MLP, sample: Sequence[float]) -> Value:
    """The first hidden neuron on one sample, with its gradients (its graph is drawn)."""
    neuron = model.layers[0].neurons[0]
    inputs = [Value(x, label=f"x{i + 1}") for i, x in enumerate(sample)]
    for i, w in enumerate(neuron.w):
        w.label = f"w{i + 1}"
    neuron.b.label = "b"
    out = neuron(inputs)
    out.label = "out"
    model.zero_grad()
    out.backward()
    return out


if __name__ == "__main__":
    main()
