"""``make docs`` redraws the README's neuron picture from the README's numbers."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from viz import docs


def test_the_neuron_example_has_micrograd_s_numbers() -> None:
    o = docs.neuron_example()
    assert o.data == pytest.approx(math.sqrt(0.5))  # tanh(0.8814) = 1/sqrt(2)
    n = o.parents[0]
    x1, w1 = n.parents[0].parents[0].parents
    assert (x1.grad, w1.grad) == pytest.approx((-1.5, 1.0))


def test_docs_writes_svg_and_png(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    docs.main()
    assert (tmp_path / "docs" / "neuron.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in (tmp_path / "docs" / "neuron.svg").read_text()
