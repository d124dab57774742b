"""Toy data sets, a train/test split and mini-batches, with scikit-learn's names.

Every generator returns numpy arrays ``X`` (float64, shape ``(n_samples, n_features)``) and
``y`` (shape ``(n_samples,)``): integer labels 0, 1, ... (``numpy.intp``, as sklearn) for the
classification sets, float64 targets for ``make_house_prices``.

``random_state`` (``seed`` in ``batches``) is one of:

* ``None``: fresh randomness on every call;
* an int >= 0: ``numpy.random.default_rng(random_state)``, so the same int gives the same data;
* a ``numpy.random.Generator``: used as is and advanced, so successive calls differ but the
  whole sequence is reproducible from the seed that made the Generator.

The geometry and argument rules are sklearn's, so ``sklearn.datasets`` can replace these
functions later; the random draws are not (sklearn uses the legacy ``RandomState``), so the
same int does not give sklearn's exact points.
"""

from .arguments import Seed
from .batching import batches
from .datasets import (
    HOUSE_BIAS,
    HOUSE_FEATURES,
    HOUSE_WEIGHTS,
    make_blobs,
    make_circles,
    make_house_prices,
    make_moons,
    make_spirals,
    make_xor,
)
from .digits import load_digits
from .split import train_test_split

__all__ = [
    "HOUSE_BIAS",
    "HOUSE_FEATURES",
    "HOUSE_WEIGHTS",
    "Seed",
    "batches",
    "load_digits",
    "make_blobs",
    "make_circles",
    "make_house_prices",
    "make_moons",
    "make_spirals",
    "make_xor",
    "train_test_split",
]
