"""``make demo`` trains the classic moons demo to 100% and writes its pictures;
``python -m viz.demo --digits`` trains the handwritten digits and writes theirs."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

import nn
from viz import demo


def test_demo_reaches_full_accuracy_and_writes_its_pictures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    demo.main([])
    printed, bar = capsys.readouterr()
    assert printed.startswith("MLP(")  # the first line comes before any slow work
    assert "with 337 parameters" in printed
    assert "accuracy 100%" in printed
    assert "100/100" in bar
    for name in ("neuron.svg", "decision_boundary.png", "loss.png"):
        assert (tmp_path / "out" / name).stat().st_size > 1000, name
    svg = (tmp_path / "out" / "neuron.svg").read_text()
    assert ">w1<" in svg and ">x2<" in svg and ">out<" in svg  # the labelled neuron


def test_digits_demo_reports_held_out_accuracy_and_writes_its_pictures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The whole pipeline, on 200 of the images for 2 epochs (the real run takes longer)."""
    pytest.importorskip("sklearn")
    X, y = nn.data.load_digits()
    monkeypatch.setattr(nn.data, "load_digits", lambda: (X[:200], y[:200]))
    monkeypatch.chdir(tmp_path)
    accuracy = demo.digits(epochs=2, progress=False)
    printed = capsys.readouterr().out
    assert printed.startswith("MLP(64, [32, 10]) on 8x8 handwritten digits")
    assert f"held-out accuracy {accuracy:.1%} on 40 unseen images" in printed
    assert "on 160 images, 2 epochs" in printed
    names = ["digits.png", "confusion_matrix.png", "digits_loss.png"]
    names += ["digits_wrong.png"] if accuracy < 1.0 else []
    for name in names:
        assert (tmp_path / "out" / name).stat().st_size > 1000, name


def test_predict_picks_the_largest_logit() -> None:
    model = nn.MLP(2, [3], "linear", seed=0)
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 2.0]])
    expected = [int(np.argmax([v.data for v in model(x)])) for x in X]
    assert demo.predict(model, X).tolist() == expected


@pytest.mark.skipif(
    os.environ.get("CHAINRULE_SLOW") != "1",
    reason="trains 30 full-batch epochs on 1,437 images: set CHAINRULE_SLOW=1 to run it",
)
def test_digits_demo_reaches_95_percent_on_unseen_images(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sklearn")
    monkeypatch.chdir(tmp_path)
    assert demo.digits(progress=False) >= 0.95
