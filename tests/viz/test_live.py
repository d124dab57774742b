"""Tests for viz.TrainingView: the state its page receives (network, curves, boundary,
gradient sizes) is the model's, and redraws are throttled without losing the last state."""

from __future__ import annotations

import inspect
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import nn
import viz
from autograd import no_grad
from nn.data import make_moons
from viz.widgets.training_state import CLASS_COLORS, MAX_CLASSES, forward, neuron_layers


def numbers(text: str) -> list[float]:
    """A packed list of numbers, as the page reads it."""
    return [float(x) for x in text.split()]


def curves(view: viz.TrainingView) -> dict[str, list[float]]:
    return {name: numbers(text) for name, text in view.state["history"].items()}


def moons(n: int = 40) -> tuple[np.ndarray, np.ndarray]:
    X, labels = make_moons(n, noise=0.1, random_state=0)
    return X, 2.0 * labels - 1.0


def train_step(model: nn.MLP, X: np.ndarray, y: np.ndarray, optimizer: Any) -> float:
    optimizer.zero_grad()
    loss = nn.hinge_loss([model(x) for x in X], y.tolist())
    loss.backward()
    optimizer.step()
    return loss.data


@pytest.fixture
def trained() -> tuple[nn.MLP, np.ndarray, np.ndarray]:
    X, y = moons()
    model = nn.MLP(2, [4, 3, 1], seed=0)
    optimizer = nn.optim.SGD(model.parameters(), lr=0.5)
    for _ in range(3):
        train_step(model, X, y, optimizer)
    return model, X, y


def test_the_network_is_the_models(trained: tuple[nn.MLP, np.ndarray, np.ndarray]) -> None:
    model, X, y = trained
    network = viz.TrainingView(model, X, y).state["network"]
    assert network["sizes"] == [2, 4, 3, 1]
    assert network["activations"] == ["relu", "relu", "linear"]
    for layer, weights, biases, grads in zip(
        model.layers, network["weights"], network["biases"], network["grads"]
    ):  # neuron by neuron, to 6 significant digits
        assert numbers(weights) == pytest.approx(
            [w.data for n in layer.neurons for w in n.w], rel=1e-5
        )
        assert numbers(biases) == pytest.approx([n.b.data for n in layer.neurons], rel=1e-5)
        assert numbers(grads) == pytest.approx(
            [w.grad for n in layer.neurons for w in n.w], rel=1e-5
        )
    expected = [math.sqrt(sum(p.grad**2 for p in layer.parameters())) for layer in model.layers]
    assert network["grad_norms"] == pytest.approx(expected, rel=1e-12)
    assert any(expected)


def test_the_numpy_forward_pass_is_the_models(
    trained: tuple[nn.MLP, np.ndarray, np.ndarray],
) -> None:
    model, X, _ = trained
    with no_grad():
        expected = [model(x.tolist()).data for x in X]
    assert forward(neuron_layers(model), X)[:, 0] == pytest.approx(expected, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "leaky_relu", "linear"])
def test_every_activation_runs_in_numpy_as_in_the_engine(activation: str) -> None:
    model = nn.MLP(2, [3, 2], activation=activation, seed=1)
    points = np.array([[0.5, -1.0], [-2.0, 0.25]])
    with no_grad():
        expected = [[v.data for v in model(p.tolist())] for p in points]
    assert forward(neuron_layers(model), points) == pytest.approx(np.array(expected), rel=1e-12)


def test_the_boundary_is_the_class_the_model_predicts(
    trained: tuple[nn.MLP, np.ndarray, np.ndarray],
) -> None:
    model, X, y = trained
    view = viz.TrainingView(model, X, y, resolution=7)
    boundary, setup = view.state["boundary"], view.setup["boundary"]
    x0, x1, y0, y1 = setup["extent"]
    assert len(boundary["grid"]) == 49
    for row, gy in enumerate(np.linspace(y1, y0, 7)):  # rows from the top
        for column, gx in enumerate(np.linspace(x0, x1, 7)):
            with no_grad():
                score = model([gx, gy]).data
            code = ord(boundary["grid"][7 * row + column]) - 48
            assert code // 10 == int(score > 0.0)  # the class
            assert code % 10 == min(9, int(abs(score) * 10))  # how surely
    with no_grad():
        right = [(model(x.tolist()).data > 0.0) == (label > 0) for x, label in zip(X, y)]
    assert boundary["accuracy"] == pytest.approx(np.mean(right))
    assert setup["classes"] == [int(label > 0) for label in y]


def test_update_records_one_point_per_call_and_the_last_state_is_drawn() -> None:
    X, y = moons()
    model = nn.MLP(2, [4, 1], seed=0)
    optimizer = nn.optim.SGD(model.parameters(), lr=0.5)
    view = viz.TrainingView(model, X, y, max_fps=1e-3)  # one redraw per 1000 s at most
    losses = []
    for _ in range(5):
        losses.append(train_step(model, X, y, optimizer))
        view.update(loss=losses[-1], val_loss=2 * losses[-1])
    assert view.redraws == 2  # the state before training, the first update; then throttled
    assert curves(view) == {"loss": losses[:1], "val_loss": [2 * losses[0]]}
    view.flush()
    assert view.redraws == 3
    assert curves(view) == {"loss": losses, "val_loss": [2 * v for v in losses]}  # exact
    assert view.state["updates"] == 5
    weights = [w.data for n in model.layers[0].neurons for w in n.w]
    assert numbers(view.state["network"]["weights"][0]) == pytest.approx(weights, rel=1e-5)


def test_save_html_draws_the_last_state(tmp_path: Path) -> None:
    model = nn.MLP(2, [2, 1], seed=0)
    view = viz.TrainingView(model, max_fps=1e-3)
    for k in range(4):
        view.update(loss=1.0 / (k + 1))
    page = view.save_html(tmp_path / "view.html").read_text(encoding="utf-8")
    assert '"loss": "1.0 0.5 0.3333333333333333 0.25"' in page
    assert "boundary" not in view.state


def test_as_an_nn_fit_callback_it_copies_fits_history() -> None:
    model = nn.MLP(2, [2, 1], seed=0)
    view = viz.TrainingView(model)
    history = {"loss": [0.5, 0.25], "accuracy": [0.5, 0.75], "lr": [0.1, 0.1]}
    view(model, history)
    view.flush()
    assert curves(view) == {"loss": [0.5, 0.25], "accuracy": [0.5, 0.75]}
    assert view.updates == 2  # epochs
    history["loss"].append(0.125)  # fit's lists grow; the view keeps what it was given
    assert curves(view)["loss"] == [0.5, 0.25]
    history["accuracy"].append(1.0)
    view(model, history)
    view.flush()
    assert curves(view) == {"loss": [0.5, 0.25, 0.125], "accuracy": [0.5, 0.75, 1.0]}
    view(model, {"loss": [0.75]})  # fit called again: a new history
    view.flush()
    assert curves(view) == {"loss": [0.75]}


def test_redraws_are_at_most_max_fps() -> None:
    model = nn.MLP(2, [2, 1], seed=0)
    view = viz.TrainingView(model, max_fps=10.0)
    for _ in range(1000):  # a thousand updates in far less than a second
        view.update(loss=1.0)
    assert view.redraws <= 3
    assert view.updates == 1000


def test_the_mime_bundle_has_the_widget_and_an_html_fallback() -> None:
    data, _ = viz.TrainingView(nn.Neuron(2))._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["text/html"].startswith("<iframe srcdoc=")


def test_errors_name_the_view_and_the_value() -> None:
    X, y = moons()
    with pytest.raises(
        TypeError, match=r"TrainingView: expected an nn.MLP, nn.Layer or nn.Neuron, got 3"
    ):
        viz.TrainingView(3)
    with pytest.raises(ValueError, match=r"TrainingView: give both X and y"):
        viz.TrainingView(nn.MLP(2, [1]), X)
    with pytest.raises(ValueError, match=r"needs a model with 2 inputs, this one has 3"):
        viz.TrainingView(nn.MLP(3, [1]), X, y)
    with pytest.raises(ValueError, match=r"TrainingView: X must have shape"):
        viz.TrainingView(nn.MLP(2, [1]), X[:, :1], y)
    with pytest.raises(ValueError, match=r"TrainingView: a model with one output needs labels"):
        viz.TrainingView(nn.MLP(2, [1]), X, y + 5)
    with pytest.raises(ValueError, match=r"TrainingView: max_fps must be > 0, got 0.0"):
        viz.TrainingView(nn.MLP(2, [1]), max_fps=0)
    with pytest.raises(TypeError, match=r"TrainingView.update: loss: expected a real number"):
        viz.TrainingView(nn.MLP(2, [1])).update(loss="1")  # type: ignore[arg-type]
    view = viz.TrainingView(nn.MLP(2, [1]), max_fps=1e-3)
    with pytest.raises(ValueError, match=r"TrainingView.update: val_loss: expected a finite"):
        view.update(loss=1.0, val_loss=float("nan"))
    assert view.history == {} and view.updates == 0  # nothing recorded from a bad update
    with pytest.raises(
        ValueError, match=r"TrainingView: called back with a model \(MLP\) that is not the one"
    ):
        view(nn.MLP(2, [1]), {"loss": [1.0]})


def test_a_neuron_and_a_layer_are_networks_too() -> None:
    assert viz.TrainingView(nn.Neuron(3)).state["network"]["sizes"] == [3, 1]
    assert viz.TrainingView(nn.Layer(3, 2)).state["network"]["sizes"] == [3, 2]


def test_in_a_notebook_the_finished_view_stays() -> None:
    """The view shown in one cell and trained in the next: at the end of that cell its
    output holds the last state, in the widget and in the HTML fallback a saved notebook
    shows without a kernel."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "import nn, viz\nview = viz.TrainingView(nn.MLP(2, [2, 1]), max_fps=1e-3)\nview"
        ),
        nbformat.v4.new_code_cell("for k in range(3):\n    view.update(loss=1.0 / (k + 1))"),
    ]
    root = Path(__file__).resolve().parents[2]
    client = nbclient.NotebookClient(
        notebook, timeout=120, resources={"metadata": {"path": str(root)}}
    )
    client.execute()
    (shown,) = notebook.cells[0].outputs
    assert "application/vnd.jupyter.widget-view+json" in shown["data"]
    assert "1.0 0.5 0.3333333333333333" in shown["data"]["text/html"]


@pytest.mark.skipif(
    "callbacks" not in inspect.signature(nn.fit).parameters,
    reason="nn.fit has no callbacks= yet (another branch adds it)",
)
def test_nn_fit_drives_the_view_through_its_callbacks() -> None:
    X, y = moons(20)
    model = nn.MLP(2, [3, 1], seed=0)
    view = viz.TrainingView(model, X, y)
    optimizer = nn.optim.SGD(model.parameters(), lr=0.1)
    history = nn.fit(model, X, y, "hinge", optimizer, epochs=5, progress=False, callbacks=[view])  # type: ignore[call-arg]
    view.flush()
    assert view.updates == 5
    assert curves(view)["loss"] == history["loss"]
    assert view.state["boundary"]["accuracy"] == pytest.approx(history["accuracy"][-1])


def test_the_boundary_has_plot_decision_boundarys_colours() -> None:
    colors = pytest.importorskip("matplotlib.colors")
    X, y = moons()
    view = viz.TrainingView(nn.MLP(2, [4, 1], seed=0), X, y)
    setup = view.setup["boundary"]
    assert setup["class_names"] == ["-1", "+1"]
    assert setup["colors"] == [colors.to_hex("C0"), colors.to_hex("C1")]  # blue, orange
    assert [colors.to_hex(f"C{k}") for k in range(MAX_CLASSES)] == CLASS_COLORS
