"""``make demo`` trains the classic moons demo to 100% and writes its pictures;
``python -m viz.demo --digits`` trains the handwritten digits and writes theirs."""

from __future__ import annotations

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


def test_digits_demo_reaches_95_percent_on_unseen_images_and_writes_its_pictures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The real run: 30 full-batch epochs on 1,437 images, compiled after the first."""
    pytest.importorskip("sklearn")
    monkeypatch.chdir(tmp_path)
    accuracy = demo.digits()
    printed, bar = capsys.readouterr()
    assert accuracy >= 0.95
    assert printed.startswith("MLP(64, [32, 10]) on 8x8 handwritten digits")
    assert "on 1437 images, 30 epochs" in printed
    assert f"held-out accuracy {accuracy:.1%} on 360 unseen images" in printed
    assert "fit (compiling)" in bar and "30/30" in bar
    names = ["digits.png", "confusion_matrix.png", "digits_loss.png"]
    names += ["digits_wrong.png"] if accuracy < 1.0 else []
    for name in names:
        assert (tmp_path / "out" / name).stat().st_size > 1000, name


def test_predict_picks_the_largest_logit() -> None:
    model = nn.MLP(2, [3], "linear", seed=0)
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 2.0]])
    expected = [int(np.argmax([v.data for v in model(x)])) for x in X]
    assert demo.predict(model, X).tolist() == expected
