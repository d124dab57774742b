"""The live training view's saved page in a real browser (headless Chromium): one point of
the loss curve per update, redrawn when a new state arrives, and drawn at all."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import nn
import viz
from nn.data import make_moons

UPDATES = 23


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    X, labels = make_moons(40, noise=0.1, random_state=0)
    y = 2.0 * labels - 1.0
    model = nn.MLP(2, [8, 8, 1], seed=0)
    optimizer = nn.optim.SGD(model.parameters(), lr=0.5)
    view = viz.TrainingView(model, X, y, max_fps=1e-3)  # one redraw, then throttled
    for k in range(UPDATES):
        optimizer.zero_grad()
        loss = nn.hinge_loss([model(x) for x in X], y.tolist())
        loss.backward()
        optimizer.step()
        view.update(loss=loss.data, val_loss=loss.data + 0.1 / (k + 1))
    return view.save_html(tmp_path_factory.mktemp("live") / "view.html")


def curve_points(page: Any, name: str) -> int:
    points = page.get_attribute(f'polyline[data-curve="{name}"]', "points")
    return len(points.split())


def test_the_loss_curves_have_one_point_per_update(page: Any, saved: Path) -> None:
    open_page_view(page, saved)
    assert curve_points(page, "loss") == UPDATES
    assert curve_points(page, "val_loss") == UPDATES
    assert f"{UPDATES} updates" in page.inner_text(".cr-status")


def test_a_new_state_redraws_the_view(page: Any, saved: Path) -> None:
    open_page_view(page, saved)
    page.evaluate(
        """() => {
        const state = structuredClone(window.chainruleModel.get('state'));
        state.history.loss += ' 0.01';
        state.history.val_loss += ' 0.02';
        state.updates += 1;
        window.chainruleModel.set('state', state);
    }"""
    )
    assert curve_points(page, "loss") == UPDATES + 1
    assert page.get_attribute(".cr-training", "data-redraws") == "2"


def test_the_gradient_switch_draws_the_gradients(page: Any, saved: Path) -> None:
    open_page_view(page, saved)
    widths = (
        "() => [...document.querySelectorAll('.cr-edges line')]"
        ".map(l => l.getAttribute('stroke-width')).join()"
    )
    weights = page.evaluate(widths)
    page.get_by_label("gradients instead of weights").check()
    assert page.evaluate(widths) != weights
    assert page.locator(".cr-edges line").count() == 2 * 8 + 8 * 8 + 8


def test_the_page_is_drawn(page: Any, saved: Path, tmp_path: Path) -> None:
    image = pytest.importorskip("PIL.Image")
    open_page_view(page, saved)
    shot = tmp_path / "view.png"
    page.screenshot(path=str(shot))
    pixels = np.asarray(image.open(io.BytesIO(shot.read_bytes())).convert("RGB"))
    not_white = np.mean(pixels.min(axis=2) < 240)
    assert not_white > 0.05, f"only {not_white:.1%} of the screenshot is not white"
    boundary = page.locator(".cr-boundary canvas").bounding_box()
    assert boundary is not None and boundary["width"] > 100


def open_page_view(page: Any, path: Path) -> None:
    page.goto(path.resolve().as_uri())
    page.wait_for_selector(".cr-training polyline")


def test_the_boundary_has_the_plots_colours_and_a_legend(page: Any, saved: Path) -> None:
    open_page_view(page, saved)
    legend = page.eval_on_selector_all(
        ".cr-legend .cr-class",
        "items => items.map(i => [i.textContent, i.firstChild.style.background])",
    )
    assert legend == [["class -1", "rgb(31, 119, 180)"], ["class +1", "rgb(255, 127, 14)"]]
    classes = page.evaluate("window.chainruleModel.get('setup').boundary.classes")
    fills = page.eval_on_selector_all(
        ".cr-boundary circle", "cs => cs.map(c => c.getAttribute('fill'))"
    )
    assert fills == [["#1f77b4", "#ff7f0e"][k] for k in classes]


def test_the_status_shows_accuracy_once(page: Any, saved: Path) -> None:
    open_page_view(page, saved)
    assert page.inner_text(".cr-status").count("accuracy") == 1  # on the points
    page.evaluate(
        """() => {
        const state = structuredClone(window.chainruleModel.get('state'));
        state.history.accuracy = '0.91';  // as nn.fit records it
        window.chainruleModel.set('state', state);
    }"""
    )
    status = page.inner_text(".cr-status")
    assert status.count("accuracy") == 1 and "accuracy 0.9100" in status
