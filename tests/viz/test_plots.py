"""Tests for viz.plots: each plot renders, draws into a given Axes, and draws the right data."""

from __future__ import annotations

import io
import math
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: render to memory only

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.contour import ContourSet
from matplotlib.figure import Figure
from matplotlib.image import imread
from nbclient import NotebookClient

import nn
from autograd import Value, is_grad_enabled
from nn.data import make_moons
from nn.optim import SGD, Adam
from nn.training import fit
from viz.plots import (
    optimizer_paths,
    plot_activation,
    plot_curves,
    plot_decision_boundary,
    plot_grad_norms,
    plot_history,
    plot_optimizer_paths,
)

HISTORY = {
    "loss": [0.9, 0.5, 0.3],
    "val_loss": [1.0, 0.6, 0.5],
    "accuracy": [0.5, 0.8, 0.9],
    "val_accuracy": [0.4, 0.7, 0.8],
    "lr": [0.1, 0.1, 0.05],
}


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def bowl(x: Value, y: Value) -> Value:
    """f(x, y) = x^2 + y^2, smallest (0) at the origin."""
    return x * x + y * y


def sign_of_first(point: list[float]) -> Value:
    """A one-output model: score x[0] - 0.5, so class 1 is the half plane x[0] > 0.5."""
    return Value(point[0] - 0.5)


def backpropagated_mlp() -> nn.MLP:
    model = nn.MLP(2, [4, 3, 1], activation="tanh", seed=0)
    model([0.5, -1.0]).backward()
    return model


# Each entry draws one kind of plot into ``ax`` (a single Axes) and returns the Figure.
PLOTS: dict[str, Callable[[Any], Figure]] = {
    "activation": lambda ax: plot_activation("tanh", ax=ax),
    "history": lambda ax: plot_history({"loss": HISTORY["loss"]}, ax=ax),
    "decision_boundary": lambda ax: plot_decision_boundary(
        sign_of_first, [[0.0, 0.0], [1.0, 1.0]], [0, 1], ax=ax, resolution=10
    ),
    "grad_norms": lambda ax: plot_grad_norms(backpropagated_mlp(), ax=ax),
    "optimizer_paths": lambda ax: plot_optimizer_paths(
        bowl, {"SGD": lambda p: SGD(p, lr=0.1)}, (1.0, -2.0), steps=5, ax=ax, resolution=10
    ),
}


def png_pixels(fig: Figure) -> np.ndarray:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    data = buffer.getvalue()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return imread(io.BytesIO(data))


def line_labelled(ax: Axes, prefix: str) -> Any:
    (line,) = [line for line in ax.get_lines() if line.get_label().startswith(prefix)]
    return line


def legend_texts(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None
    return [text.get_text() for text in legend.get_texts()]


# --- every plot ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", PLOTS)
def test_every_plot_renders_a_png_with_a_titled_labelled_axes(kind: str) -> None:
    fig = PLOTS[kind](None)
    pixels = png_pixels(fig)
    assert pixels.shape[0] > 100 and pixels.shape[1] > 100
    assert pixels.std() > 0.0  # not a blank image
    ax = fig.axes[0]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


@pytest.mark.parametrize("kind", PLOTS)
def test_every_plot_draws_into_the_axes_given(kind: str) -> None:
    fig, (untouched, target) = plt.subplots(1, 2)
    assert PLOTS[kind](target) is fig
    assert target.has_data() and target.get_title()
    assert not untouched.has_data() and not untouched.get_title()


@pytest.mark.parametrize("kind", PLOTS)
def test_every_plot_rejects_an_ax_that_is_not_an_axes(kind: str) -> None:
    with pytest.raises((TypeError, ValueError), match=r"\bax\b"):
        PLOTS[kind]("left")


def test_the_figure_returned_is_the_root_figure_for_an_axes_in_a_subfigure() -> None:
    fig = plt.figure()
    ax = fig.subfigures(1, 2)[1].subplots()
    assert plot_activation("relu", ax=ax) is fig


# --- loading and showing -------------------------------------------------------------


def test_import_viz_does_not_load_matplotlib() -> None:
    """matplotlib takes about a second to import: it loads when a plot is first drawn."""
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, viz; print('matplotlib' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    ).stdout
    assert loaded.strip() == "False"


@pytest.mark.parametrize("kind", PLOTS)
def test_every_new_figure_is_pyplots_so_a_script_can_show_it(kind: str) -> None:
    fig = PLOTS[kind](None)
    assert fig.number in plt.get_fignums()  # what plt.show() shows


def run_in_a_kernel(*cells: str) -> list[list[dict[str, Any]]]:
    """Run ``cells`` in a fresh Jupyter kernel (inline backend, as in a notebook) and return
    each cell's outputs."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    return [cell.outputs for cell in nb.cells]


def test_a_notebook_shows_each_plot_once_however_the_cell_ends() -> None:
    outputs = run_in_a_kernel(
        "import viz\nhistory = {'loss': [1.0, 0.5], 'accuracy': [0.5, 1.0]}",
        "viz.plot_history(history)",  # the returned Figure is the cell's value
        "viz.plot_history(history);",  # no value: the inline backend shows it
        "fig = viz.plot_curves({'a': [3.0, 1.0]})",
        "fig",  # shown again when asked again
        "import matplotlib.pyplot as plt\nprint(plt.get_fignums())",
        "from autograd import Value\nviz.draw_graph(Value(2.0, label='x'))",
    )
    pictures = [sum("image/png" in out.get("data", {}) for out in cell) for cell in outputs]
    assert pictures == [0, 1, 1, 1, 1, 0, 0]
    assert outputs[5][0]["text"] == "[]\n"  # and none is left open in pyplot
    # A graph is shown once too, as HTML scaled to the output's width (and its SVG).
    (graph,) = outputs[6]
    assert set(graph["data"]) == {"text/html", "image/svg+xml", "text/plain"}
    assert 'style="max-width: 100%; height: auto"' in graph["data"]["text/html"]


def test_a_figure_shown_outside_a_kernel_does_nothing() -> None:
    fig = PLOTS["history"](None)
    fig._ipython_display_()  # no IPython here: nothing to show it in, nothing closed
    assert fig.number in plt.get_fignums()


# --- plot_activation -----------------------------------------------------------------

ANALYTIC = {
    "relu": (lambda x: np.maximum(x, 0.0), lambda x: (x > 0).astype(float)),
    "tanh": (np.tanh, lambda x: 1.0 - np.tanh(x) ** 2),
    "sigmoid": (
        lambda x: 1.0 / (1.0 + np.exp(-x)),
        lambda x: np.exp(-x) / (1.0 + np.exp(-x)) ** 2,
    ),
    "leaky_relu": (
        lambda x: np.where(x > 0, x, 0.01 * x),
        lambda x: np.where(x > 0, 1.0, 0.01),
    ),
    "linear": (lambda x: x, np.ones_like),
}


@pytest.mark.parametrize("name", ANALYTIC)
def test_plot_activation_draws_the_function_and_its_analytic_derivative(name: str) -> None:
    ax = plot_activation(name, x_range=(-3.0, 2.0)).axes[0]
    f, derivative = ANALYTIC[name]
    xs, ys = line_labelled(ax, "f(x)").get_xydata().T
    slope_xs, slopes = line_labelled(ax, "f'(x)").get_xydata().T
    assert xs[0] == -3.0 and xs[-1] == 2.0 and len(xs) > 50
    np.testing.assert_array_equal(slope_xs, xs)
    np.testing.assert_allclose(ys, f(xs), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(slopes, derivative(xs), rtol=1e-12, atol=1e-12)
    assert name in ax.get_title()


def test_plot_activation_uses_the_engines_derivative_at_zero() -> None:
    ax = plot_activation("relu").axes[0]
    xs, slopes = line_labelled(ax, "f'(x)").get_xydata().T
    assert 0.0 in xs  # the default grid includes the kink
    assert slopes[xs == 0.0] == [0.0]  # relu'(0) = 0, as in PyTorch


def test_plot_activation_differentiates_any_registered_activation_by_backward(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(nn.ACTIVATIONS, "cube", lambda v: v * v * v)
    ax = plot_activation("cube", x_range=(-2.0, 2.0)).axes[0]
    xs, slopes = line_labelled(ax, "f'(x)").get_xydata().T
    np.testing.assert_allclose(slopes, 3.0 * xs**2, rtol=1e-12, atol=1e-12)


def test_plot_activation_rejects_an_unknown_name_with_nns_error() -> None:
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        plot_activation("swish")


@pytest.mark.parametrize("x_range", [(2.0, -2.0), (1.0, 1.0), (0.0, math.inf), (1.0,), 5.0])
def test_plot_activation_rejects_a_bad_x_range(x_range: Any) -> None:
    with pytest.raises(ValueError, match="plot_activation: x_range"):
        plot_activation("tanh", x_range=x_range)


# --- plot_history --------------------------------------------------------------------


def test_plot_history_puts_loss_and_accuracy_in_two_panels_with_one_curve_per_key() -> None:
    loss_ax, accuracy_ax = plot_history(HISTORY).axes
    assert loss_ax.get_title() == "Loss" and accuracy_ax.get_title() == "Accuracy"
    for ax, metric in ((loss_ax, "loss"), (accuracy_ax, "accuracy")):
        assert len(ax.get_lines()) == 2  # "lr" is not drawn
        for prefix, key in (("training", metric), ("validation", f"val_{metric}")):
            epochs, values = line_labelled(ax, prefix).get_xydata().T
            np.testing.assert_array_equal(epochs, [1, 2, 3])
            np.testing.assert_array_equal(values, HISTORY[key])
    assert legend_texts(loss_ax) == ["training (last 0.3)", "validation (last 0.5)"]


def test_plot_history_without_accuracy_has_one_panel() -> None:
    fig = plot_history({"loss": [2.0, 1.0], "lr": [0.1, 0.1]})
    (ax,) = fig.axes
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_ydata(), [2.0, 1.0])


def test_plot_history_draws_a_one_epoch_history_as_a_visible_point() -> None:
    (line,) = plot_history({"loss": [0.7]}).axes[0].get_lines()
    assert line.get_marker() not in (None, "None", "", " ")


def test_plot_history_draws_into_a_pair_of_axes() -> None:
    fig, (loss_ax, accuracy_ax) = plt.subplots(1, 2)
    assert plot_history(HISTORY, ax=(loss_ax, accuracy_ax)) is fig
    assert loss_ax.get_title() == "Loss" and accuracy_ax.get_title() == "Accuracy"


def test_plot_history_draws_the_history_of_nn_fit() -> None:
    X, y = make_moons(12, noise=0.1, random_state=0)
    model = nn.MLP(2, [4, 1], activation="tanh", seed=0)
    history = fit(
        model,
        X,
        2 * y - 1,
        "hinge",
        SGD(model.parameters(), lr=0.1),
        epochs=3,
        val=(X, 2 * y - 1),
        progress=False,
    )
    loss_ax, accuracy_ax = plot_history(history).axes
    np.testing.assert_allclose(line_labelled(loss_ax, "training").get_ydata(), history["loss"])
    np.testing.assert_allclose(
        line_labelled(accuracy_ax, "validation").get_ydata(), history["val_accuracy"]
    )


def test_plot_history_with_accuracy_needs_two_axes() -> None:
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match=r"needs 2 Axes \(loss, accuracy\)"):
        plot_history(HISTORY, ax=ax)


@pytest.mark.parametrize(
    ("history", "error", "message"),
    [
        ([0.5, 0.4], TypeError, "history must be a dict"),
        ({"lr": [0.1]}, ValueError, r"none of \['loss'.*keys are \['lr'\]"),
        ({"loss": []}, ValueError, r"history\['loss'\] is empty"),
        ({"loss": 0.5}, TypeError, r"history\['loss'\] must be a list"),
        ({"loss": "0.5"}, TypeError, r"history\['loss'\] must be a list"),
        ({"loss": [0.5, float("nan")]}, ValueError, r"history\['loss'\]\[1\].*nan"),
        ({"val_accuracy": [0.5, None]}, TypeError, r"history\['val_accuracy'\]\[1\]"),
    ],
)
def test_plot_history_rejects_bad_histories(history: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        plot_history(history)


# --- plot_decision_boundary ----------------------------------------------------------


def region_of(ax: Axes, color: str) -> ContourSet:
    (region,) = [
        c
        for c in ax.collections
        if isinstance(c, ContourSet)
        and np.allclose(c.get_facecolor()[0][:3], matplotlib.colors.to_rgb(color))
    ]
    return region


def inside(region: ContourSet, point: tuple[float, float]) -> bool:
    return any(path.contains_point(point) for path in region.get_paths())


def test_plot_decision_boundary_fills_each_predicted_class_region() -> None:
    X = [[-1.0, -1.0], [0.0, 1.0], [1.0, 0.0], [2.0, 2.0]]
    ax = plot_decision_boundary(sign_of_first, X, [0, 0, 1, 1], resolution=21).axes[0]
    class_0, class_1 = region_of(ax, "C0"), region_of(ax, "C1")
    assert inside(class_1, (1.5, 0.0)) and not inside(class_1, (-0.5, 0.0))
    assert inside(class_0, (-0.5, 0.0)) and not inside(class_0, (1.5, 0.0))
    assert "accuracy 100%" in ax.get_title()


@pytest.mark.parametrize(
    ("labels", "accuracy", "legend"),
    [
        ([0, 0, 1, 1], "100%", ["0", "1"]),
        ([-1, -1, 1, 1], "100%", ["-1", "+1"]),
        ([1, 1, 0, 0], "0%", ["0", "1"]),
        ([0, 1, 1, 1], "75%", ["0", "1"]),
        ([1.0, 1.0, 1.0, 1.0], "50%", ["1"]),
    ],
)
def test_plot_decision_boundary_scores_a_one_output_model_on_both_label_conventions(
    labels: list[float], accuracy: str, legend: list[str]
) -> None:
    X = [[-1.0, 0.0], [0.0, 0.0], [1.0, 0.0], [2.0, 0.0]]  # sign_of_first: 0, 0, 1, 1
    ax = plot_decision_boundary(sign_of_first, X, labels, resolution=5).axes[0]
    assert f"accuracy {accuracy} " in ax.get_title()
    assert legend_texts(ax) == legend


def test_plot_decision_boundary_uses_the_threshold_for_a_sigmoid_output() -> None:
    def probability(point: list[float]) -> Value:
        return Value(point[0]).sigmoid()  # > 0.5 exactly where x[0] > 0

    X, labels = [[-1.0, 0.0], [1.0, 0.0]], [0, 1]
    ax = plot_decision_boundary(probability, X, labels, resolution=5, threshold=0.5).axes[0]
    assert "accuracy 100%" in ax.get_title()
    ax = plot_decision_boundary(probability, X, labels, resolution=5).axes[0]
    assert "accuracy 50%" in ax.get_title()  # sigmoid > 0 everywhere: all class 1


def test_plot_decision_boundary_takes_the_argmax_of_a_multi_output_model() -> None:
    def three_classes(point: list[float]) -> list[Value]:
        return [Value(-point[0]), Value(0.0), Value(point[0])]  # x<0: 0, x>0: 2

    X = [[-2.0, 0.0], [-1.0, 1.0], [1.0, 0.0], [2.0, 1.0]]
    ax = plot_decision_boundary(three_classes, X, [0, 0, 2, 2], resolution=21).axes[0]
    assert "accuracy 100%" in ax.get_title()
    assert inside(region_of(ax, "C2"), (1.5, 0.5)) and inside(region_of(ax, "C0"), (-1.5, 0.5))
    with pytest.raises(ValueError):  # class 1 is never predicted: no region for it
        region_of(ax, "C1")
    assert legend_texts(ax) == ["0", "2"]


def test_plot_decision_boundary_evaluates_the_model_without_recording_a_graph() -> None:
    modes: list[bool] = []

    def spy(point: list[float]) -> Value:
        modes.append(is_grad_enabled())
        return sign_of_first(point)

    plot_decision_boundary(spy, [[0.0, 0.0], [1.0, 1.0]], [0, 1], resolution=4)
    assert len(modes) == 2 + 4 * 4 and not any(modes)


def test_plot_decision_boundary_draws_an_mlp_on_the_moons() -> None:
    X, y = make_moons(20, noise=0.1, random_state=0)
    ax = plot_decision_boundary(nn.MLP(2, [4, 1], seed=0), X, y, resolution=8).axes[0]
    scattered = [c for c in ax.collections if not isinstance(c, ContourSet)]
    assert sum(len(c.get_offsets()) for c in scattered) == 20


@pytest.mark.parametrize(
    ("X", "y", "model", "error", "message"),
    [
        ([[0.0, 0.0], [1.0, 2.0]], [0, 2], sign_of_first, ValueError, r"0/1 or -1/\+1"),
        ([[0.0, 0.0]], [3], lambda p: [Value(0.0)] * 3, ValueError, r"0, \.\.\., 2, got"),
        ([[0.0, 0.0]], [0.5], lambda p: [Value(0.0)] * 2, ValueError, "labels"),
        ([0.0, 1.0], [0, 1], sign_of_first, ValueError, r"shape \(n_samples, 2\)"),
        ([[0.0, 0.0, 0.0]], [0], sign_of_first, ValueError, r"shape \(n_samples, 2\)"),
        ([[0.0, 0.0]], [0, 1], sign_of_first, ValueError, r"y must have shape \(1,\)"),
        ([[0.0, math.nan]], [0], sign_of_first, ValueError, "finite"),
        ([["a", 0.0]], [0], sign_of_first, TypeError, "arrays of numbers"),
        ([[0.0, 0.0]], [0], lambda p: p[0], TypeError, "a Value or a list of Values"),
    ],
)
def test_plot_decision_boundary_rejects_bad_input(
    X: Any, y: Any, model: Any, error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        plot_decision_boundary(model, X, y, resolution=3)


def test_plot_decision_boundary_rejects_a_threshold_for_a_multi_output_model() -> None:
    with pytest.raises(ValueError, match=r"threshold=0\.5 is for a model with one output"):
        plot_decision_boundary(lambda p: [Value(0.0)] * 2, [[0.0, 0.0]], [0], threshold=0.5)


@pytest.mark.parametrize(
    ("resolution", "error"), [(1, ValueError), (2.5, TypeError), (True, TypeError)]
)
def test_plot_decision_boundary_rejects_a_bad_resolution(resolution: Any, error: type) -> None:
    with pytest.raises(error, match="resolution must be an integer >= 2"):
        plot_decision_boundary(sign_of_first, [[0.0, 0.0]], [0], resolution=resolution)


# --- plot_grad_norms -----------------------------------------------------------------


def set_layer_grads(model: nn.MLP, grads: list[float]) -> None:
    for layer, g in zip(model.layers, grads):
        for p in layer.parameters():
            p.grad = g


def test_plot_grad_norms_draws_the_l2_norm_of_each_layers_gradients() -> None:
    model = backpropagated_mlp()
    ax = plot_grad_norms(model).axes[0]
    expected = [math.sqrt(sum(p.grad**2 for p in layer.parameters())) for layer in model.layers]
    bars = ax.patches
    assert [bar.get_x() + bar.get_width() / 2 for bar in bars] == [0, 1, 2]
    np.testing.assert_allclose([bar.get_height() for bar in bars], expected, rtol=1e-12)
    assert min(expected) > 0.0


def test_plot_grad_norms_switches_to_a_log_axis_when_the_norms_spread_widely() -> None:
    model = nn.MLP(2, [3, 3, 1], seed=0)
    set_layer_grads(model, [1e-4, 0.0, 1.0])  # a zero layer does not count in the spread
    assert plot_grad_norms(model).axes[0].get_yscale() == "log"
    set_layer_grads(model, [0.1, 0.0, 1.0])
    assert plot_grad_norms(model).axes[0].get_yscale() == "linear"


@pytest.mark.parametrize("grads", [[3.0, 0.0, 1e-4], [3.0, 0.0, 1.0]], ids=["log", "linear"])
def test_plot_grad_norms_labels_each_bar_with_its_value_inside_the_axes(grads: list[float]) -> None:
    model = nn.MLP(1, [1, 1, 1], seed=0)  # each layer: one w and one b
    set_layer_grads(model, grads)
    fig = plot_grad_norms(model)
    fig.canvas.draw()
    ax = fig.axes[0]
    labels = [t for t in ax.texts if t.get_text()]
    assert [t.get_text() for t in labels] == [
        f"{math.sqrt(18):.2g}",
        f"{grads[2] * 2**0.5:.2g}",
        "0",
    ]
    box = ax.get_window_extent()
    for label in labels:  # each one visible, even the 0 of a layer on a log axis
        assert box.contains(*label.get_window_extent().min)
        assert box.contains(*label.get_window_extent().max)


def label_boxes(fig: Figure) -> list[Any]:
    """The bounding boxes of the texts drawn in each Axes, as the renderer lays them out."""
    fig.canvas.draw()
    return [[t.get_window_extent() for t in ax.texts if t.get_text()] for ax in fig.axes]


# Level, tiny or long numbers side by side: what notebook 09 printed over each other.
NORMS = {
    "sigmoid, he": [9.5e-05, 1.3e-04, 1.5e-04, 2.1e-04, 4.1e-04, 1.2e-03, 3.5e-03, 9.5e-03],
    "level": [1.23e-05] * 8,
    "log": [1.1e-07, 2.2e-06, 3.3e-07, 4.4e-06, 5.5e-07, 6.6e-06, 7.7e-07, 8.8e-06],
    "with zeros": [0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0],
    "huge and tiny": [1.234e30, 5.6e-30, 7.8e15, 9.1e-15, 1.0, 2.0, 3.0, 4.0],
}


@pytest.mark.parametrize("norms", NORMS.values(), ids=NORMS.keys())
def test_plot_grad_norms_labels_never_overlap_whatever_the_values(norms: list[float]) -> None:
    model = nn.MLP(1, [1] * 7 + [1], seed=0)  # each layer: one weight and one bias
    set_layer_grads(model, [n / math.sqrt(2) for n in norms])
    # As small as a panel of notebook 09's 3 x 3 grid, figsize=(13, 10).
    fig, ax = plt.subplots(figsize=(13 / 3, 10 / 3), layout="constrained")
    plot_grad_norms(model, ax=ax)
    (boxes,) = label_boxes(fig)
    assert len(boxes) == 8
    for i, box in enumerate(boxes):
        assert ax.get_window_extent().contains(*box.min)  # not cut off by the frame
        assert ax.get_window_extent().contains(*box.max)
        assert not any(box.overlaps(other) for other in boxes[i + 1 :])


def test_plot_grad_norms_asks_for_backward_when_every_gradient_is_zero() -> None:
    with pytest.raises(ValueError, match=r"every gradient .* is zero; call loss.backward\(\)"):
        plot_grad_norms(nn.MLP(2, [3, 1], seed=0))


@pytest.mark.parametrize("model", [nn.Neuron(2, seed=0), object()])
def test_plot_grad_norms_needs_a_model_with_layers(model: Any) -> None:
    with pytest.raises(TypeError, match=r"plot_grad_norms: expected a model with .* \.layers"):
        plot_grad_norms(model)


# --- optimizer_paths and plot_optimizer_paths ----------------------------------------


def test_sgd_on_a_bowl_follows_the_closed_form_towards_the_minimum() -> None:
    # x <- x - lr * 2x = (1 - 2 lr) x, so after k steps the point is 0.8^k * start.
    steps = 20
    (path,) = optimizer_paths(
        bowl, {"SGD": lambda p: SGD(p, lr=0.1)}, (3.0, -4.0), steps=steps
    ).values()
    assert path.shape == (steps + 1, 2)
    expected = np.outer(0.8 ** np.arange(steps + 1), [3.0, -4.0])
    np.testing.assert_allclose(path, expected, rtol=1e-12)
    distances = np.linalg.norm(path, axis=1)
    assert np.all(np.diff(distances) < 0) and distances[-1] < 0.1 * distances[0]


def test_optimizer_paths_runs_each_optimizer_from_the_same_start() -> None:
    paths = optimizer_paths(
        bowl,
        {"SGD": lambda p: SGD(p, lr=0.1), "Adam": lambda p: Adam(p, lr=0.1)},
        (1.0, 2.0),
        steps=7,
    )
    assert list(paths) == ["SGD", "Adam"]
    for path in paths.values():
        assert path.shape == (8, 2)
        np.testing.assert_array_equal(path[0], [1.0, 2.0])
    # Adam's first step is lr * sign(gradient) in each coordinate.
    np.testing.assert_allclose(paths["Adam"][1], [0.9, 1.9], rtol=1e-6)
    assert not np.allclose(paths["SGD"], paths["Adam"])


def test_optimizer_paths_takes_a_hand_written_optimizer() -> None:
    class Halve:
        """Moves each parameter half of its gradient: p <- p - 0.5 * grad."""

        def __init__(self, params: list[Value]) -> None:
            self.params = params

        def zero_grad(self) -> None:
            for p in self.params:
                p.grad = 0.0

        def step(self) -> None:
            for p in self.params:
                p.data -= 0.5 * p.grad

    (path,) = optimizer_paths(bowl, {"halve": Halve}, (5.0, 1.0), steps=3).values()
    np.testing.assert_array_equal(path, [[5.0, 1.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]])


def test_optimizer_paths_calls_zero_grad_every_step() -> None:
    class ForgetsNothing(SGD):
        def zero_grad(self) -> None:
            pass

    (leaky,) = optimizer_paths(
        bowl, {"no zero_grad": lambda p: ForgetsNothing(p, lr=0.1)}, (1.0, 0.0), steps=2
    ).values()
    (proper,) = optimizer_paths(
        bowl, {"SGD": lambda p: SGD(p, lr=0.1)}, (1.0, 0.0), steps=2
    ).values()
    assert proper[2, 0] == pytest.approx(0.8 * 0.8)
    # Gradients are cleared by the optimizer's zero_grad only: skip it and they pile up.
    assert leaky[2, 0] == pytest.approx(0.8 - 0.1 * (2.0 + 1.6))


def test_plot_optimizer_paths_draws_each_path_once_over_the_contours() -> None:
    calls: list[str] = []

    def counted(name: str, lr: float) -> Callable[[list[Value]], SGD]:
        def make(params: list[Value]) -> SGD:
            calls.append(name)
            return SGD(params, lr=lr)

        return make

    optimizers = {"slow": counted("slow", 0.05), "fast": counted("fast", 0.3)}
    ax = plot_optimizer_paths(bowl, optimizers, (2.0, 1.0), steps=6, resolution=12).axes[0]
    assert calls == ["slow", "fast"]  # each path computed once
    paths = optimizer_paths(bowl, optimizers, (2.0, 1.0), steps=6)
    for name, path in paths.items():
        np.testing.assert_array_equal(line_labelled(ax, name).get_xydata(), path)
        low_x, high_x = ax.get_xlim()
        low_y, high_y = ax.get_ylim()
        assert low_x < path[:, 0].min() and path[:, 0].max() < high_x
        assert low_y < path[:, 1].min() and path[:, 1].max() < high_y
    assert any(isinstance(c, ContourSet) for c in ax.collections)
    assert legend_texts(ax)[0] == f"slow (f = {bowl(*map(Value, paths['slow'][-1])).data:.3g})"
    assert legend_texts(ax)[-1] == "start"
    assert ax.get_aspect() == 1.0


def test_plot_optimizer_paths_copes_with_a_path_that_never_moves() -> None:
    ax = plot_optimizer_paths(
        bowl, {"SGD": lambda p: SGD(p, lr=0.1)}, (0.0, 0.0), steps=3, resolution=5
    ).axes[0]
    assert ax.get_xlim() == (-1.0, 1.0) and ax.get_ylim() == (-1.0, 1.0)


def test_plot_optimizer_paths_draws_a_constant_surface_without_contours() -> None:
    def flat(x: Value, y: Value) -> Value:
        return x * 0.0 + 1.0

    fig = plot_optimizer_paths(flat, {"SGD": SGD}, (1.0, 2.0), steps=2, resolution=5)
    ax = fig.axes[0]
    assert len(fig.axes) == 1  # no colorbar
    assert not any(isinstance(c, ContourSet) for c in ax.collections)
    np.testing.assert_array_equal(line_labelled(ax, "SGD").get_xydata(), [[1.0, 2.0]] * 3)


def test_optimizer_paths_names_the_optimizer_that_diverged() -> None:
    with pytest.raises(OverflowError, match=r"'too fast' diverged at step \d+.*smaller learning"):
        optimizer_paths(bowl, {"too fast": lambda p: SGD(p, lr=10.0)}, (1.0, 1.0), steps=500)


@pytest.mark.parametrize(
    ("f", "optimizers", "start", "steps", "error", "message"),
    [
        (bowl, {}, (0.0, 0.0), 5, ValueError, "non-empty dict"),
        (bowl, [SGD], (0.0, 0.0), 5, ValueError, "non-empty dict"),
        (bowl, {"SGD": SGD}, (0.0, 0.0), 0, ValueError, "steps must be a positive integer"),
        (bowl, {"SGD": SGD}, (0.0, 0.0), 2.0, TypeError, "steps must be a positive integer"),
        (bowl, {"SGD": SGD}, (0.0,), 5, ValueError, "start must be a pair"),
        (bowl, {"SGD": SGD}, (0.0, math.nan), 5, ValueError, "start.*finite"),
        (lambda x, y: 1.0, {"SGD": SGD}, (0.0, 0.0), 5, TypeError, "f must return a Value"),
    ],
)
def test_optimizer_paths_rejects_bad_input(
    f: Any, optimizers: Any, start: Any, steps: Any, error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        optimizer_paths(f, optimizers, start, steps)


# --- plot_curves ------------------------------------------------------------------------


def test_plot_curves_draws_one_labelled_line_per_run() -> None:
    fig = plot_curves({"lr 0.1": [3.0, 2.0, 1.0], "lr 1.0": [3.0, 0.5]}, log=True)
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.get_lines()] == ["lr 0.1 (last 1)", "lr 1.0 (last 0.5)"]
    assert list(ax.get_lines()[1].get_xdata()) == [1, 2]
    assert ax.get_yscale() == "log"
    assert png_pixels(fig).size > 0


def test_plot_curves_draws_into_the_given_axes() -> None:
    fig, ax = plt.subplots()
    assert plot_curves({"a": [1.0]}, ax=ax, ylabel="lr") is fig
    assert ax.get_ylabel() == "lr"


@pytest.mark.parametrize(
    ("curves", "error", "message"),
    [
        ({}, TypeError, "curves must be a non-empty dict"),
        ({"a": []}, ValueError, r"plot_curves: curves\['a'\] is empty"),
        ({"a": [1.0, float("nan")]}, ValueError, r"curves\['a'\]\[1\]"),
    ],
)
def test_plot_curves_rejects_bad_curves(curves: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        plot_curves(curves)
