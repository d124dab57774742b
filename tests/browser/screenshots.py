"""Screenshots of the widgets for the README: docs/explorer.png and docs/training-view.png.

``python -m tests.browser.screenshots`` (needs the dev extra's playwright and Debian's
chromium): each widget is saved as a page, opened in headless Chromium and photographed.
"""

from __future__ import annotations

import inspect
import tempfile
from pathlib import Path

import nn
import viz
from nn.data import make_moons
from viz.docs import DOCS, neuron_example

from .chromium import chromium


def explorer_page(folder: Path) -> Path:
    """The README's neuron in the explorer, half-way through the backward pass."""
    root = neuron_example()
    explorer = viz.explore(root)
    steps = explorer.data["steps"]
    phases = [step["phase"] for step in steps]
    explorer.data = {**explorer.data, "initial_step": phases.index("seed") + 3}
    return explorer.save_html(folder / "explorer.html")


def training_page(folder: Path) -> Path:
    """micrograd's moons demo (MLP(2, [16, 16, 1]), hinge loss + L2), trained with the view."""
    X, labels = make_moons(100, noise=0.1, random_state=0)
    y = 2.0 * labels - 1.0
    model = nn.MLP(2, [16, 16, 1], seed=0)
    optimizer = nn.optim.SGD(model.parameters(), lr=1.0)
    view = viz.TrainingView(model, X, y)
    options = {"epochs": 100, "l2": 1e-4, "progress": False}
    if "callbacks" in inspect.signature(nn.fit).parameters:
        nn.fit(model, X, y, "hinge", optimizer, callbacks=[view], **options)  # type: ignore[call-arg]
    else:  # an nn without callbacks: hand the view the finished history
        view(model, nn.fit(model, X, y, "hinge", optimizer, **options))
    return view.save_html(folder / "training.html")


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, chromium(width=1000, height=700) as browser:
        page = browser.new_page()
        shots = [
            (explorer_page(Path(folder)), ".cr-explorer", DOCS / "explorer.png"),
            (training_page(Path(folder)), ".cr-training", DOCS / "training-view.png"),
        ]
        for source, selector, target in shots:
            page.goto(source.as_uri())
            page.wait_for_selector(selector)
            if selector == ".cr-explorer":  # show a chain rule in the hover panel
                page.hover("#n" + page.get_attribute(selector, "data-active"))
            page.locator(selector).screenshot(path=str(target))
            print("wrote", target)


if __name__ == "__main__":
    main()
