"""``make demo`` trains the classic moons demo to 100% and writes its pictures."""

from __future__ import annotations

from pathlib import Path

import pytest

from viz import demo


def test_demo_reaches_full_accuracy_and_writes_its_pictures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    demo.main()
    printed = capsys.readouterr().out
    assert "with 337 parameters" in printed
    assert "accuracy 100%" in printed
    for name in ("neuron.svg", "decision_boundary.png", "loss.png"):
        assert (tmp_path / "out" / name).stat().st_size > 1000, name
    svg = (tmp_path / "out" / "neuron.svg").read_text()
    assert ">w1<" in svg and ">x2<" in svg and ">out<" in svg  # the labelled neuron
