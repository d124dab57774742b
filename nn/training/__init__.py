"""Training in one call: ``fit`` runs the loop the notebooks write out, ``evaluate`` scores.

Use ``fit`` when the loop is not the lesson. ``scoring`` holds the losses by name and how a
batch is scored, ``arguments`` the checks made before the first epoch, ``replay`` when a
step may be compiled and replayed and the compiled steps kept with each model.
"""

from .arguments import Callback
from .fit import fit
from .scoring import LOSSES, evaluate

__all__ = ["LOSSES", "Callback", "evaluate", "fit"]
