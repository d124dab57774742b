"""Tests for nn.training: ``fit`` is the explicit loop, step for step; ``evaluate`` scores."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from autograd import Value, is_grad_enabled
from nn.data import batches, make_blobs, make_moons
from nn.layers import MLP
from nn.losses import cross_entropy, l1_penalty, l2_penalty, mse_loss
from nn.module import Module
from nn.optim import SGD, Adam, LinearLR, StepLR
from nn.training import LOSSES, evaluate, fit


def regression(n: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """y = 2 x0 - x1 + 0.5 on n points of [-1, 1]^2."""
    X = np.random.default_rng(0).uniform(-1.0, 1.0, (n, 2))
    return X, 2.0 * X[:, 0] - X[:, 1] + 0.5


def three_blobs(n: int = 12) -> tuple[np.ndarray, np.ndarray]:
    return make_blobs(n, centers=3, cluster_std=0.5, random_state=0)


class SpySGD(SGD):
    """SGD that counts its calls and records the learning rate of every step."""

    def __init__(self, params: Any, lr: float = 0.01) -> None:
        super().__init__(params, lr=lr)
        self.zero_grads = 0
        self.step_lrs: list[float] = []

    def zero_grad(self) -> None:
        self.zero_grads += 1
        super().zero_grad()

    def step(self) -> None:
        self.step_lrs.append(self.lr)
        super().step()


class GradModeRecorder(Module):
    """Wraps a model; records, for every sample it sees, whether gradients were on."""

    def __init__(self, model: Module) -> None:
        self.model = model
        self.grad_modes: list[bool] = []

    def forward(self, x: Any) -> Any:
        self.grad_modes.append(is_grad_enabled())
        return self.model(x)


class FirstFeature(Module):
    """A model with no parameters: its output is the sample's first feature, as a Value."""

    def forward(self, x: Any) -> Value:
        return Value(x[0])


class Logits(Module):
    """A model with no parameters: its outputs are the sample's features, one per class."""

    def forward(self, x: Any) -> list[Value]:
        return [Value(v) for v in x]


def quiet_fit(model: Module, X: Any, y: Any, loss: Any, optimizer: Any, **kwargs: Any) -> Any:
    return fit(model, X, y, loss, optimizer, progress=False, **kwargs)


# --- fit trains -----------------------------------------------------------------------


def test_fit_drives_the_loss_down() -> None:
    X, y = regression(20)
    model = MLP(2, [8, 1], seed=0)
    history = quiet_fit(model, X, y, "mse", SGD(model.parameters(), lr=0.05), epochs=40, seed=0)
    assert history["loss"][-1] < 0.05 * history["loss"][0]
    assert evaluate(model, X, y, "mse")["loss"] < 0.05 * history["loss"][0]


@pytest.mark.parametrize("batch_size", [None, 1, 4])
@pytest.mark.parametrize("task", ["mse", "cross_entropy"])
def test_fit_is_the_explicit_loop_step_for_step(task: str, batch_size: int | None) -> None:
    X, y = regression() if task == "mse" else three_blobs()
    nout, criterion = (1, mse_loss) if task == "mse" else (3, cross_entropy)
    l1, l2, epochs, seed = 1e-3, 1e-2, 3, 7
    fitted, looped = MLP(2, [4, nout], seed=1), MLP(2, [4, nout], seed=1)
    optimizer = Adam(fitted.parameters(), lr=0.05)
    history = quiet_fit(
        fitted,
        X,
        y,
        task,
        optimizer,
        epochs=epochs,
        batch_size=batch_size,
        seed=seed,
        l1=l1,
        l2=l2,
        scheduler=StepLR(optimizer, step_size=2, gamma=0.5),
    )

    # The loop as the notebooks write it, with one shuffling generator for all epochs
    # (a full batch is not shuffled: the order would change only the rounding).
    optimizer = Adam(looped.parameters(), lr=0.05)
    scheduler = StepLR(optimizer, step_size=2, gamma=0.5)
    rng = np.random.default_rng(seed)
    epoch_losses = []
    for _ in range(epochs):
        loss_sum = 0.0
        for X_batch, y_batch in batches(X, y, batch_size, shuffle=batch_size is not None, seed=rng):
            data_loss = criterion([looped(x) for x in X_batch], y_batch)
            params = looped.parameters()
            loss = data_loss + l1 * l1_penalty(params) + l2 * l2_penalty(params)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_sum += data_loss.data * len(X_batch)
        epoch_losses.append(loss_sum / len(X))
        scheduler.step()

    assert fitted.state_dict() == looped.state_dict()  # exactly, not approximately
    assert [p.grad for p in fitted.parameters()] == [p.grad for p in looped.parameters()]
    assert history["loss"] == epoch_losses
    assert history["loss"][-1] < history["loss"][0]


def test_a_loss_function_trains_as_its_name() -> None:
    X, y = regression()
    by_name, by_function = MLP(2, [4, 1], seed=3), MLP(2, [4, 1], seed=3)
    history = quiet_fit(by_name, X, y, "mse", SGD(by_name.parameters(), lr=0.1), epochs=3, seed=1)
    custom = quiet_fit(
        by_function,
        X,
        y,
        lambda predictions, targets: mse_loss(predictions, targets),
        SGD(by_function.parameters(), lr=0.1),
        epochs=3,
        seed=1,
    )
    assert by_name.state_dict() == by_function.state_dict()
    assert custom == history


@pytest.mark.parametrize(
    ("batch_size", "steps_per_epoch"), [(None, 1), (1, 10), (3, 4), (5, 2), (10, 1), (25, 1)]
)
def test_steps_per_epoch(batch_size: int | None, steps_per_epoch: int) -> None:
    X, y = regression(10)
    model = MLP(2, [3, 1], seed=0)
    optimizer = SpySGD(model.parameters())
    quiet_fit(model, X, y, "mse", optimizer, epochs=2, batch_size=batch_size, seed=0)
    assert len(optimizer.step_lrs) == optimizer.zero_grads == 2 * steps_per_epoch
    assert optimizer.t == 2 * steps_per_epoch


# --- history --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("loss", "output_activation", "classes"),
    [
        ("mse", "linear", None),
        ("hinge", "linear", 2),
        ("binary_cross_entropy_with_logits", "linear", 2),
        ("binary_cross_entropy", "sigmoid", 2),
        ("cross_entropy", "linear", 3),
    ],
)
@pytest.mark.parametrize("with_val", [False, True])
def test_history_keys_and_lengths(
    loss: str, output_activation: str, classes: int | None, with_val: bool
) -> None:
    if classes is None:
        X, y = regression(12)
    else:
        X, y = make_blobs(12, centers=classes, random_state=0)
    if loss == "hinge":
        y = 2 * y - 1
    model = MLP(2, [3, 1 if classes in (None, 2) else classes], "tanh", output_activation, seed=0)
    val = (X[:4], y[:4]) if with_val else None
    history = quiet_fit(model, X, y, loss, SGD(model.parameters(), lr=0.01), epochs=3, val=val)

    metrics = ["loss"] if classes is None else ["loss", "accuracy"]
    keys = metrics + [f"val_{m}" for m in metrics] * with_val + ["lr"]
    assert list(history) == keys
    for values in history.values():
        assert len(values) == 3
        assert all(type(v) is float and math.isfinite(v) for v in values)
    # accuracies are fractions of the 12 training and 4 validation samples
    assert all((12 * accuracy).is_integer() for accuracy in history.get("accuracy", []))
    assert all((4 * accuracy).is_integer() for accuracy in history.get("val_accuracy", []))
    assert history["lr"] == [0.01] * 3


SCORES = [[2.0], [-1.0], [0.5], [-3.0], [0.0]]  # right, wrong, wrong, right, right (0 is not > 0)
PROBABILITIES = [[0.9], [0.2], [0.6], [0.4], [0.5]]  # the same answers (0.5 is not > 0.5)
LOGITS = [[1.0, 2.0, 0.0], [3.0, 1.0, 0.0], [0.0, 0.0, 5.0], [2.0, 2.0, 0.0]]  # argmax 1, 0, 2, 0


@pytest.mark.parametrize(
    ("loss", "X", "y", "accuracy"),
    [
        ("hinge", SCORES, [1, 1, -1, -1, -1], 0.6),
        ("binary_cross_entropy_with_logits", SCORES, [1, 1, 0, 0, 0], 0.6),
        ("binary_cross_entropy", PROBABILITIES, [1, 1, 0, 0, 0], 0.6),
        ("cross_entropy", LOGITS, [1, 1, 2, 1], 0.5),  # a tie goes to the first, as torch.argmax
    ],
)
def test_evaluate_scores_each_classification_loss(
    loss: str, X: list[list[float]], y: list[int], accuracy: float
) -> None:
    model = Logits() if loss == "cross_entropy" else FirstFeature()
    expected_loss = LOSSES[loss]([model(x) for x in X], y).data
    assert evaluate(model, np.array(X), np.array(y), loss) == {
        "loss": expected_loss,
        "accuracy": accuracy,
    }


def test_evaluate_regression_has_no_accuracy() -> None:
    X, y = np.array([[1.0], [2.0]]), np.array([0.0, 4.0])
    assert evaluate(FirstFeature(), X, y, "mse") == {"loss": (1.0 + 4.0) / 2}


def test_evaluate_builds_no_graph_and_leaves_grads_alone() -> None:
    X, y = regression()
    model = MLP(2, [4, 1], seed=0)
    for p in model.parameters():
        p.grad = 0.5
    recorder = GradModeRecorder(model)
    evaluate(recorder, X, y, "mse")
    assert recorder.grad_modes == [False] * len(X)
    assert is_grad_enabled()
    assert all(p.grad == 0.5 for p in model.parameters())


def test_validation_runs_after_each_epoch_without_grads() -> None:
    X, y = three_blobs(12)
    X_val, y_val = three_blobs(5)
    with_val, without_val = MLP(2, [4, 3], seed=2), MLP(2, [4, 3], seed=2)
    recorder = GradModeRecorder(with_val)
    history = quiet_fit(
        recorder,
        X,
        y,
        "cross_entropy",
        SGD(with_val.parameters(), lr=0.1),
        epochs=3,
        batch_size=4,
        val=(X_val, y_val),
        seed=0,
    )
    plain = quiet_fit(
        without_val,
        X,
        y,
        "cross_entropy",
        SGD(without_val.parameters(), lr=0.1),
        epochs=3,
        batch_size=4,
        seed=0,
    )
    # before training, one sample of X and of X_val to check the labels (without gradients);
    # then each epoch: 12 training samples with gradients, then 5 validation samples without
    assert recorder.grad_modes == [False, False] + ([True] * 12 + [False] * 5) * 3
    # validation changes neither the parameters nor their gradients
    assert with_val.state_dict() == without_val.state_dict()
    assert [p.grad for p in with_val.parameters()] == [p.grad for p in without_val.parameters()]
    assert {k: history[k] for k in plain} == plain
    final = evaluate(with_val, X_val, y_val, "cross_entropy")
    assert (history["val_loss"][-1], history["val_accuracy"][-1]) == (
        final["loss"],
        final["accuracy"],
    )


def test_scheduler_sets_the_lr_of_each_epoch() -> None:
    X, y = regression(10)
    model = MLP(2, [3, 1], seed=0)
    optimizer = SpySGD(model.parameters(), lr=0.1)
    history = quiet_fit(
        model,
        X,
        y,
        "mse",
        optimizer,
        epochs=5,
        batch_size=5,
        scheduler=StepLR(optimizer, step_size=2, gamma=0.5),
    )
    assert history["lr"] == [0.1, 0.1, 0.05, 0.05, 0.025]
    assert optimizer.step_lrs == [lr for lr in history["lr"] for _ in range(2)]


# --- progress bar ---------------------------------------------------------------------


def test_progress_false_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    X, y = regression()
    model = MLP(2, [3, 1], seed=0)
    quiet_fit(model, X, y, "mse", SGD(model.parameters(), lr=0.01), epochs=2)
    assert capsys.readouterr() == ("", "")


def test_progress_bar_shows_epochs_and_latest_metrics(capsys: pytest.CaptureFixture[str]) -> None:
    X, y = make_moons(10, noise=0.1, random_state=0)
    model = MLP(2, [3, 1], seed=0)
    loss = "binary_cross_entropy_with_logits"
    history = fit(model, X, y, loss, SGD(model.parameters()), epochs=3, seed=0)
    out, err = capsys.readouterr()
    assert out == ""
    assert "fit" in err and "3/3" in err
    assert f"loss={history['loss'][-1]:.3g}" in err
    assert f"accuracy={history['accuracy'][-1]:.3g}" in err


# --- bad input ------------------------------------------------------------------------

X10, Y10 = regression(10)


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"epochs": 0}, ValueError, "fit: epochs must be a positive integer, got 0"),
        ({"epochs": 2.5}, TypeError, "epochs must be a positive integer, got 2.5"),
        ({"epochs": True}, TypeError, "epochs must be a positive integer, got True"),
        ({"X": X10[:, 0]}, ValueError, r"fit: X must be 2-D .* got shape \(10,\)"),
        ({"y": Y10[:, None]}, ValueError, r"fit: y must be 1-D .* got shape \(10, 1\)"),
        ({"y": Y10[:9]}, ValueError, "fit: X has 10 samples but y has 9"),
        ({"X": X10[:0], "y": Y10[:0]}, ValueError, "fit: X and y hold no samples"),
        ({"loss": "mae"}, ValueError, r"unknown loss 'mae'; choose one of \['mse', "),
        ({"loss": 42}, TypeError, "loss: expected a name or a function, got 42"),
        ({"loss": lambda p, t: 1.0}, TypeError, "must return a Value, got 1.0"),
        (
            {"model": MLP(2, [3], seed=0)},
            ValueError,
            "mse: the model must return one Value per sample, got 3 outputs",
        ),
        ({"loss": "cross_entropy"}, ValueError, "cross_entropy: the model must return a list"),
        ({"loss": "hinge"}, ValueError, "hinge_loss: target 0 is .*; labels must be -1 or \\+1"),
        ({"val": X10}, TypeError, "fit: val must be a pair"),
        ({"val": (X10, Y10[:3])}, ValueError, "fit: val: X has 10 samples but y has 3"),
        ({"l1": -0.1}, ValueError, "fit: l1 must be >= 0, got -0.1"),
        ({"l2": math.nan}, ValueError, "fit: l2 must be finite, got nan"),
        ({"l2": "0.1"}, TypeError, "fit: l2 must be a real number, got '0.1'"),
        ({"seed": -1}, ValueError, "fit: seed must be None, an int >= 0 or a Generator, got -1"),
        ({"seed": 1.5}, TypeError, "fit: seed must be None, an int >= 0 or a Generator, got 1.5"),
        ({"batch_size": 0}, ValueError, "fit: batch_size must be a positive integer, got 0"),
    ],
)
def test_fit_rejects_bad_input(change: dict[str, Any], error: type, message: str) -> None:
    arguments: dict[str, Any] = {"model": MLP(2, [3, 1], seed=0), "X": X10, "y": Y10}
    arguments |= {"loss": "mse", "epochs": 2} | change
    model = arguments["model"]
    before = model.state_dict()
    with pytest.raises(error, match=message):
        fit(optimizer=SGD(model.parameters(), lr=0.1), progress=False, **arguments)
    assert model.state_dict() == before


@pytest.mark.parametrize(
    ("y", "error", "message"),
    [
        (
            np.array([0.0, 1.0, 2.0]),
            TypeError,
            r"a target must be an int class index, got \d\.0 \(float\)",
        ),
        (np.array([0, 1, 3]), ValueError, "target class 3 is out of range for 3 classes"),
    ],
)
def test_cross_entropy_targets_are_class_indices(y: np.ndarray, error: type, message: str) -> None:
    model = MLP(2, [3, 3], seed=0)
    with pytest.raises(error, match=message):
        quiet_fit(model, X10[:3], y, "cross_entropy", SGD(model.parameters()), epochs=1)


def test_evaluate_rejects_bad_input() -> None:
    for one_logit in (FirstFeature(), Logits()):  # a Value, or a list of one: no classes
        with pytest.raises(ValueError, match=r"cross_entropy: .* list of logits, one per class"):
            evaluate(one_logit, [[1.0], [2.0]], [0, 0], "cross_entropy")
    model = MLP(2, [3, 1], seed=0)
    with pytest.raises(ValueError, match=r"evaluate: X must be 2-D"):
        evaluate(model, X10[:, 0], Y10, "mse")
    with pytest.raises(ValueError, match="evaluate: X has 10 samples but y has 2"):
        evaluate(model, X10, Y10[:2], "mse")
    with pytest.raises(ValueError, match="unknown loss 'l2'"):
        evaluate(model, X10, Y10, "l2")


# --- the classic micrograd demo -------------------------------------------------------


def test_moons_demo_reaches_full_training_accuracy() -> None:
    """MLP(2, [16, 16, 1]), hinge loss, l2 = 1e-4, full-batch SGD with lr from 1.0 to 0.1.

    Seed 0 is not a lucky pick: 49 of the 50 (data seed 0-4, model seed 0-9) pairs reach 100%
    within 100 epochs (median 35 epochs).
    """
    X, y01 = make_moons(100, noise=0.1, random_state=0)
    y = 2 * y01 - 1  # labels -1/+1 for the hinge loss
    model = MLP(2, [16, 16, 1], seed=0)
    optimizer = SGD(model.parameters(), lr=1.0)
    scheduler = LinearLR(optimizer, start_factor=1.0, end_factor=0.1, total_iters=100)
    history = quiet_fit(
        model, X, y, "hinge", optimizer, epochs=100, l2=1e-4, scheduler=scheduler, seed=0
    )
    assert history["lr"][0] == 1.0
    assert history["lr"][-1] == pytest.approx(1.0 - 0.9 * 99 / 100)
    assert 1.0 in history["accuracy"]
    assert evaluate(model, X, y, "hinge")["accuracy"] == 1.0


@pytest.mark.parametrize("task", ["hinge", "cross_entropy"])
def test_replayed_full_batch_training_is_bit_identical_to_eager(task: str) -> None:
    if task == "hinge":
        X, labels = make_moons(40, noise=0.1, random_state=0)
        y, nout = 2.0 * labels - 1.0, 1
    else:
        (X, y), nout = three_blobs(), 3
    results = []
    for compiled in (False, True):
        model = MLP(2, [8, 8, nout], seed=3)
        optimizer = SGD(model.parameters(), lr=0.3, momentum=0.5)
        history = quiet_fit(model, X, y, task, optimizer, epochs=6, l2=1e-3, compiled=compiled)
        results.append((history, model.state_dict(), [p.grad for p in model.parameters()]))
    assert results[0] == results[1]  # ==, not approximately: the replay repeats every float op


def test_a_diverging_fit_says_the_learning_rate_is_likely_too_large() -> None:
    X, y = make_moons(20, noise=0.1, random_state=0)
    model = MLP(2, [8, 1], seed=0)
    before = model.state_dict()
    optimizer = SGD(model.parameters(), lr=50.0)
    with pytest.raises(
        OverflowError, match=r"^fit: epoch \d+ overflowed .* learning rate \(lr=50\.0\)"
    ):
        fit(model, X, y * 100.0, "mse", optimizer, epochs=500, progress=False)
    assert model.state_dict() != before  # it trained until the step that overflowed
