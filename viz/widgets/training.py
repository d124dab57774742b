"""``viz.TrainingView``: a model's network, loss curves, decision boundary and gradient sizes,
redrawn while it trains."""

from __future__ import annotations

import time
from typing import Any

import traitlets

from autograd import gc_paused
from autograd.value import as_float

from .base import Widget
from .page import css, esm
from .training_state import Boundary, network_state, neuron_layers

MAX_COST = 0.05  # the share of the time between redraws that a redraw may take


class TrainingView(Widget):
    """A live view of ``model`` (an ``nn.MLP``, ``nn.Layer`` or ``nn.Neuron``) as it trains:

    * the network: a circle per neuron, a line per weight, blue for w > 0 and red for
      w < 0, as wide as |w| (or, with the "gradients" switch, as the weight's gradient);
    * the loss curves: one point per ``update`` (or per epoch with ``nn.fit``), train and
      validation;
    * the decision boundary over the plane, with the points (X, y), for a model with 2
      inputs when X and y are given (labels as ``plot_decision_boundary`` takes them);
    * the gradient size of each layer, ||g|| = sqrt(sum of squared grads).

    Feed it from a hand-written loop with ``view.update(loss=..., val_loss=...)`` after each
    step, or pass it to ``nn.fit(..., callbacks=[view])``. Redraws are throttled: at most
    ``max_fps`` per second, and each may cost at most 5% of the time since the last one;
    the last state is always drawn (at the end of the cell, or by ``flush()``). The finished
    view stays in the notebook, and ``save_html(path)`` saves it as one page.
    """

    kind = "training"
    title = "chainrule: training view"
    _esm = esm("training")
    _css = css("training")
    setup = traitlets.Dict().tag(sync=True)  # what stays: the points to draw
    state = traitlets.Dict().tag(sync=True)  # what changes: sent at each redraw

    def __init__(
        self,
        model: Any,
        X: Any = None,
        y: Any = None,
        max_fps: float = 10.0,
        resolution: int = 40,
        threshold: float = 0.0,
    ) -> None:
        self.layers = neuron_layers(model)
        self.model = model
        max_fps = as_float("TrainingView: max_fps", max_fps)
        if max_fps <= 0.0:
            raise ValueError(f"TrainingView: max_fps must be > 0, got {max_fps!r}")
        if type(resolution) is not int or resolution < 2:
            raise ValueError(f"TrainingView: resolution must be an int >= 2, got {resolution!r}")
        if (X is None) != (y is None):
            raise ValueError("TrainingView: give both X and y (to draw the boundary), or neither")
        n_in, n_out = len(self.layers[0][0].w), len(self.layers[-1])
        self.boundary = None
        if X is not None:
            if n_in != 2:
                raise ValueError(
                    f"TrainingView: the decision boundary needs a model with 2 inputs, this "
                    f"one has {n_in}; leave out X and y"
                )
            threshold = as_float("TrainingView: threshold", threshold)
            self.boundary = Boundary(X, y, n_out, resolution, threshold)
        self.history: dict[str, list[float]] = {}
        self._packed: dict[str, tuple[int, str]] = {}  # curve -> (values packed, the text)
        self.updates = 0  # how many update() or fit epochs were recorded
        self.redraws = 0  # how many of them were sent to the page
        self._min_interval = 1.0 / max_fps
        self._due = -float("inf")  # the time from which the next update redraws
        self._pending = False
        self._display: Any = None
        super().__init__(setup={"boundary": self.boundary.setup()} if self.boundary else {})
        self._redraw()
        self._watch_cells()

    # --- what training calls ---------------------------------------------------------------

    def update(self, loss: float | None = None, **metrics: float) -> None:
        """Record one step: its ``loss`` and any other numbers (``val_loss``, ``accuracy``,
        ...), each a curve; the network and boundary are read off the model when redrawn."""
        named = {"loss": loss, **metrics} if loss is not None else metrics
        checked = {name: as_float(f"TrainingView.update: {name}", v) for name, v in named.items()}
        for name, value in checked.items():  # all checked first: no curve gets ahead
            self.history.setdefault(name, []).append(value)
        self.updates += 1
        self._maybe_redraw()

    def __call__(self, model: Any, history: dict[str, list[float]]) -> None:
        """``nn.fit``'s callback, after each epoch: ``history`` is fit's history so far."""
        if model is not self.model:
            raise ValueError(
                f"TrainingView: called back with a model ({type(model).__name__}) that is not "
                "the one it shows; make a view of the model that fit trains"
            )
        self.history = {name: list(values) for name, values in history.items() if name != "lr"}
        self.updates = max(map(len, self.history.values()), default=0)  # epochs so far
        self._maybe_redraw()

    def flush(self) -> None:
        """Draw the last state now, if a throttled update has not been drawn yet."""
        if self._pending:
            self._redraw()

    # --- drawing -------------------------------------------------------------------------

    def page_state(self) -> dict[str, Any]:
        self.flush()
        return {"setup": self.setup, "state": self.state}

    def fallback_height(self) -> int:
        return 620

    def _maybe_redraw(self) -> None:
        if time.perf_counter() >= self._due:
            self._redraw()
        else:
            self._pending = True

    def _redraw(self) -> None:
        start = time.process_time()
        # A collection of the model's graph, if one fell due here, is training's cost.
        with gc_paused():
            state: dict[str, Any] = {
                "updates": self.updates,
                "history": {name: self._pack(name, v) for name, v in self.history.items()},
                "network": network_state(self.layers),
            }
            if self.boundary is not None:
                state["boundary"] = self.boundary.predict(self.layers)
            self.state = state
        self.redraws += 1
        self._pending = False
        # A costly redraw waits longer before the next. The cost is CPU time, so that a busy
        # machine pausing this process does not make it look costly.
        interval = max(self._min_interval, (time.process_time() - start) / MAX_COST)
        # Redraws fall due on a regular beat, not an interval after the update that happened
        # to come first, so that they keep to max_fps on average; after a pause the beat
        # starts again from now.
        self._due = max(self._due + interval, time.perf_counter())

    def _pack(self, name: str, values: list[float]) -> str:
        """The curve as one string of exact numbers, extended by the values added since the
        last redraw (a long training is not packed again at each redraw)."""
        count, text = self._packed.get(name, (0, ""))
        if count > len(values):  # a new history (fit started again): pack it afresh
            count, text = 0, ""
        new = " ".join(map(repr, values[count:]))
        text = f"{text} {new}" if text and new else text or new
        self._packed[name] = (len(values), text)
        return text

    # --- the notebook: the finished view stays ------------------------------------------

    def _ipython_display_(self) -> None:
        """Show the view under a display id, so the end of the cell can replace its HTML
        fallback with the finished state (what a notebook saved without widget state shows)."""
        from IPython.display import display

        data, metadata = self._repr_mimebundle_()
        self._display = display(data, metadata=metadata, raw=True, display_id=True)
        self._shown_updates = self.updates

    def _watch_cells(self) -> None:
        try:
            from IPython import get_ipython
        except ImportError:
            return
        shell = get_ipython()
        if shell is not None:
            shell.events.register("post_run_cell", self._after_cell)

    def _after_cell(self, *_: Any) -> None:
        self.flush()
        if self._display is not None and self._shown_updates != self.updates:
            data, metadata = self._repr_mimebundle_()
            self._display.update(data, metadata=metadata, raw=True)
            self._shown_updates = self.updates
