"""nn.data.load_digits: scikit-learn's digits, scaled to [0, 1], or an error naming the fix."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from nn.data import load_digits


def test_load_digits_is_sklearns_digits_scaled_to_the_unit_interval() -> None:
    datasets = pytest.importorskip("sklearn.datasets")
    X, y = load_digits()
    X_sklearn, y_sklearn = datasets.load_digits(return_X_y=True)
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.intp
    assert np.array_equal(X * 16.0, X_sklearn) and np.array_equal(y, y_sklearn)
    assert X.min() == 0.0 and X.max() == 1.0
    assert sorted(set(y.tolist())) == list(range(10))


def test_load_digits_without_scikit_learn_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)  # import fails as if missing
    with pytest.raises(ImportError, match=r"load_digits: .*pip install scikit-learn"):
        load_digits()
