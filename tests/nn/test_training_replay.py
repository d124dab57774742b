"""fit's replayed steps: bit-for-bit eager training, only where safe, kept, and decided."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import nn
import nn.training.replay
from autograd import Value
from nn.data import make_blobs, make_moons
from nn.layers import MLP
from nn.optim import SGD, Adam
from nn.training import fit


def moons(n: int, loss: str) -> tuple[np.ndarray, np.ndarray]:
    X, labels = make_moons(n, noise=0.1, random_state=0)
    return X, (2.0 * labels - 1.0 if loss == "hinge" else labels.astype(float))


def trained(compiled: bool | None, loss: str, batch_size: int | None, **kwargs: Any) -> Any:
    X, y = moons(23, loss)
    activation = "sigmoid" if loss == "binary_cross_entropy" else "linear"
    model = MLP(2, [5, 1], "tanh", activation, seed=4)
    optimizer = Adam(model.parameters(), lr=0.05)
    history = fit(
        model, X, y, loss, optimizer, epochs=4, batch_size=batch_size, seed=2,
        progress=False, compiled=compiled, l2=1e-3, **kwargs,
    )  # fmt: skip
    return history, model.state_dict(), [p.grad for p in model.parameters()]


@pytest.mark.parametrize("batch_size", [1, 5, 10, None])  # 23 samples: short last batches
@pytest.mark.parametrize(
    "loss", ["mse", "hinge", "binary_cross_entropy", "binary_cross_entropy_with_logits"]
)
def test_replayed_mini_batches_are_bit_identical_to_eager(
    loss: str, batch_size: int | None
) -> None:
    assert trained(True, loss, batch_size) == trained(False, loss, batch_size)  # ==, exactly


def count_compiles(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    compiles: list[int] = []
    real = nn.training.replay.compile_graph

    def counting(*args: Any, **kwargs: Any) -> Any:
        compiles.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(nn.training.replay, "compile_graph", counting)
    return compiles


class Branching(MLP):
    """An MLP whose forward pass branches on the data: its graph changes from step to step."""

    def forward(self, x: Any) -> Any:
        out = super().forward(x)
        return out * 2.0 if out.data > 0 else out


def test_a_subclass_with_its_own_forward_trains_eagerly(monkeypatch: pytest.MonkeyPatch) -> None:
    compiles = count_compiles(monkeypatch)
    X, y = moons(12, "hinge")
    results = []
    for model in (Branching(2, [4, 1], seed=0), Branching(2, [4, 1], seed=0)):
        optimizer = SGD(model.parameters(), lr=0.5)
        history = fit(model, X, y, "hinge", optimizer, epochs=100, progress=False)
        results.append((history, model.state_dict()))
    assert compiles == []  # 100 epochs would repay a compile; the branch forbids it
    with pytest.raises(ValueError, match=r"compiled=True .* \(Branching\) has a forward pass"):
        fit(model, X, y, "hinge", optimizer, epochs=1, progress=False, compiled=True)

    # the same training by hand: the eager loop
    model = Branching(2, [4, 1], seed=0)
    optimizer = SGD(model.parameters(), lr=0.5)
    for _ in range(100):
        loss = nn.hinge_loss([model(x) for x in X], y.tolist())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    assert results[0][1] == results[1][1] == model.state_dict()


def test_a_failed_replay_raises_the_eager_error() -> None:
    X = np.array([[40.0], [-40.0]])
    model = MLP(1, [1], output_activation="sigmoid", seed=0)
    model.layers[0].neurons[0].w[0].data = 1.0  # sigmoid(40.0) == 1.0 in floats: saturated
    optimizer = SGD(model.parameters(), lr=0.1)
    before = model.state_dict()
    with pytest.raises(ValueError, match=r"input 0 is 1.0.*binary_cross_entropy_with_logits"):
        fit(model, X, [1.0, 0.0], "binary_cross_entropy", optimizer, progress=False, compiled=True)
    assert model.state_dict() == before


def test_compiled_steps_are_kept_with_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    compiles = count_compiles(monkeypatch)
    X, y = moons(16, "mse")
    model = MLP(2, [4, 1], seed=0)

    def run(X: Any = X, **kwargs: Any) -> None:
        optimizer = SGD(model.parameters(), lr=0.1)
        fit(model, X, y, "mse", optimizer, epochs=2, progress=False, compiled=True, **kwargs)

    run()
    run()
    run(batch_size=16)  # the same full batch
    assert compiles == [1]
    run(l2=0.1)  # a different loss: compiled anew
    run(X=X + 1.0)  # other data baked into a full batch: compiled anew
    assert compiles == [1, 1, 1]
    run(batch_size=5)  # batches of 5 and a last one of 1: one graph each, for any data
    run(X=X + 2.0, batch_size=5)
    assert compiles == [1] * 5
    model.layers[0].neurons[0].b = Value(0.0)  # another parameter: the graph is stale
    run()
    assert compiles == [1] * 6


def test_the_default_compiles_only_where_it_pays(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    compiles = count_compiles(monkeypatch)
    X, y = moons(30, "hinge")
    for epochs, expected in [(1, []), (400, [1])]:  # nothing to repay a compile; much
        model = MLP(2, [8, 1], seed=0)
        fit(model, X, y, "hinge", SGD(model.parameters(), lr=0.1), epochs=epochs)
        assert compiles == expected
    assert "fit (compiling)" in capsys.readouterr().err  # the bar says why it waits


@pytest.mark.parametrize("seconds_per_edge", [None, 1e-5])
def test_compiling_pays_when_the_saved_time_exceeds_its_cost(
    monkeypatch: pytest.MonkeyPatch, seconds_per_edge: float | None
) -> None:
    replay = nn.training.replay
    monkeypatch.setattr(replay, "_seconds_per_edge", seconds_per_edge)
    edges, step = 10_000, 0.01
    cost = replay.compile_seconds(edges, step)
    assert cost == (replay.COMPILE_IN_EAGER_STEPS * step if seconds_per_edge is None else 0.1)
    steps = int(cost / (step * (1.0 - replay.REPLAY_FRACTION)))
    assert not replay.compiling_pays(edges, step, steps)
    assert replay.compiling_pays(edges, step, steps + 1)


def test_cross_entropy_mini_batches_stay_eager() -> None:
    X, y = make_blobs(12, centers=3, random_state=0)
    model = MLP(2, [4, 3], seed=0)
    with pytest.raises(ValueError, match="cross entropy's graph depends on each mini-batch"):
        fit(model, X, y, "cross_entropy", SGD(model.parameters()), batch_size=4, compiled=True)


def test_callbacks_see_the_history_after_every_epoch() -> None:
    X, y = moons(10, "mse")
    model = MLP(2, [3, 1], seed=0)
    seen: list[tuple[Any, Any, int]] = []
    history = fit(
        model, X, y, "mse", SGD(model.parameters()), epochs=3, progress=False,
        callbacks=[lambda m, h: seen.append((m, h, len(h["loss"])))],
    )  # fmt: skip
    assert [(m, h, n) for m, h, n in seen] == [(model, history, n) for n in (1, 2, 3)]


X10, Y10 = moons(10, "mse")
OTHER = MLP(2, [3, 1], seed=1)
OTHER_SGD = SGD(OTHER.parameters())


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"batch_size": "2"}, TypeError, "fit: batch_size must be a positive integer, got '2'"),
        ({"optimizer": None}, TypeError, "fit: optimizer must be an nn.optim optimizer .* None"),
        ({"optimizer": OTHER_SGD}, ValueError, "fit: the optimizer's parameter 0 .* not a param"),
        ({"scheduler": "x"}, TypeError, "fit: scheduler must be None or an nn.optim .* 'x'"),
        (
            {"scheduler": nn.optim.StepLR(OTHER_SGD, 2)},
            ValueError,
            "fit: the scheduler .* sets the learning rate of another optimizer",
        ),
        ({"model": None}, TypeError, "fit: model must be an nn.Module"),
        ({"X": np.zeros((10, 3))}, ValueError,
         r"fit: the model cannot read X\[0\]: MLP: expected 2 inputs, got 3"),
        ({"X": [[0.0, np.nan]] * 10}, ValueError, r"fit: X\[0, 1\] is nan; every value"),
        ({"val": (X10[:, :1], Y10)}, ValueError, "fit: val: X has 1 features per sample"),
        ({"val": ([[np.inf, 0.0]], [1.0])}, ValueError, r"fit: val: X\[0, 0\] is inf"),
        ({"val": (X10, Y10), "loss": "hinge"}, ValueError, "fit: hinge_loss: target 0 is"),
        ({"val": (X10, 2 * Y10 + 3), "loss": "binary_cross_entropy_with_logits"},
         ValueError, r"fit: val: binary_cross_entropy_with_logits: target 0 is 3.0, outside"),
        ({"val": (X10, Y10.astype(str))}, TypeError, "fit: val: y must hold numbers"),
        ({"callbacks": print}, TypeError, "fit: callbacks must be a list of functions"),
        ({"callbacks": [1]}, TypeError, "fit: callbacks must be .* but one is 1"),
        ({"compiled": "yes"}, TypeError, "fit: compiled must be True or False, got 'yes'"),
        ({"progress": None}, TypeError, "fit: progress must be True or False, got None"),
    ],
)  # fmt: skip
def test_fit_checks_everything_before_the_first_epoch(
    change: dict[str, Any], error: type, message: str
) -> None:
    model = MLP(2, [3, 1], seed=0)
    optimizer = SGD(model.parameters(), lr=0.1)
    arguments = {"model": model, "X": X10, "y": Y10, "loss": "mse", "optimizer": optimizer}
    arguments |= {"epochs": 2, "progress": False} | change
    before = model.state_dict()
    with pytest.raises(error, match=message):
        fit(**arguments)
    assert model.state_dict() == before
    assert all(p.grad == 0.0 for p in model.parameters())


def test_cross_entropy_val_labels_are_checked_against_the_classes() -> None:
    X, y = make_blobs(12, centers=3, random_state=0)
    model = MLP(2, [4, 3], seed=0)
    with pytest.raises(ValueError, match="fit: val: cross_entropy: target class 3 is out of range"):
        fit(model, X, y, "cross_entropy", SGD(model.parameters()), val=(X, y + 1), progress=False)
