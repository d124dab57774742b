"""load_digits: scikit-learn's bundled 8x8 handwritten digits, scaled for a network.

1,797 images of the digits 0-9 written by 43 people (the UCI "optdigits" test set), each
an 8x8 grid of ink counts 0-16. The file ships inside scikit-learn, so nothing is
downloaded; scikit-learn is an optional dependency of chainrule, needed only here.
"""

from __future__ import annotations

import numpy as np

from .arguments import FloatArray, LabelArray

N_CLASSES = 10
IMAGE_SHAPE = (8, 8)


def load_digits() -> tuple[FloatArray, LabelArray]:
    """(X, y): X of shape (1797, 64), each row an image read row by row, scaled to [0, 1]
    (ink count / 16); y the digit each image shows, integers 0-9 (``numpy.intp``).

    ``X[i].reshape(8, 8)`` is image i. As ``sklearn.datasets.load_digits(return_X_y=True)``
    except for the scaling: inputs in [0, 1] keep a fresh network's sums small.
    """
    try:
        from sklearn.datasets import load_digits as sklearn_load_digits
    except ImportError:
        raise ImportError(
            "load_digits: the digits ship with scikit-learn, which is not installed; "
            "pip install scikit-learn"
        ) from None
    X, y = sklearn_load_digits(return_X_y=True)
    return np.asarray(X, dtype=np.float64) / 16.0, np.asarray(y, dtype=np.intp)
