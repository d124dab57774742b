"""The backward pass as a flip-book: one drawing per node that ``backward()`` visits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import Any

import graphviz

from autograd import Value

from .graph import Drawing, DrawOptions, Snapshot, build_digraphs, nodes_to_draw
from .render import use_engine


def backward_frames(root: Value, **draw_kwargs: Any) -> list[Drawing]:
    """Run ``root.backward()`` one node at a time and draw the graph after each step.

    Frame k shows the k-th node that backward visits (in reverse topological order, outlined
    in blue) just after it passed its gradient to its inputs: each blue edge into its
    operation shows the local derivative and what it added to that input's grad,
    ``local * node.grad``. A node that has received no gradient yet shows "grad ?" in grey
    (backward starts every intermediate grad from zero); a node still waiting for other
    paths shows the sum so far. All frames share one layout and one colour scale.

    This *is* a backward pass: afterwards every ``.grad`` is what ``root.backward()`` leaves
    (leaves accumulate, as always), and the last frame shows those gradients. ``draw_kwargs``
    are those of ``draw_graph``. Like its drawings, each frame is shown in a notebook scaled
    to the output's width (``frame.full_size()`` for its own size), so the node being visited
    is always in view.
    """
    names = [option.name for option in fields(DrawOptions)]
    unknown = sorted(set(draw_kwargs) - set(names))
    if unknown:
        raise TypeError(f"backward_frames: unknown drawing options {unknown}; they are {names}")
    options = DrawOptions(**draw_kwargs)
    nodes = nodes_to_draw("backward_frames", root, options)
    use_engine()
    position = {id(v): i for i, v in enumerate(nodes)}
    received = [v is root for v in nodes]  # has anything been added to the node's grad yet?
    snapshots = []
    for step in root.backward_steps():
        for parent in step.node.parents:
            received[position[id(parent)]] = True
        grads = [v.grad if known else None for v, known in zip(nodes, received)]
        snapshots.append(Snapshot(grads, step))
    return build_digraphs(nodes, snapshots, options)


def show_frames(frames: Sequence[graphviz.Digraph]) -> None:
    """Show ``frames`` in a notebook: with a slider if ipywidgets is installed, else in turn."""
    if not frames:
        raise ValueError("show_frames: no frames to show")
    try:
        from IPython.display import display
    except ImportError as error:
        raise ImportError(
            "show_frames: shows frames in a Jupyter notebook and needs IPython "
            "(pip install ipykernel); use viz.save to write them to files instead"
        ) from error
    try:
        import ipywidgets
    except ImportError:
        for frame in frames:
            display(frame)
        return
    slider = ipywidgets.IntSlider(value=0, min=0, max=len(frames) - 1, description="step")
    ipywidgets.interact(lambda step: display(frames[step]), step=slider)
