"""The explorer's saved page in a real browser (headless Chromium): stepping moves the
highlight and keeps it in view, the hover text holds backward()'s numbers, it is drawn."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

import viz
from autograd import Value
from tests.browser.conftest import open_page
from viz.docs import neuron_example

NUMBER = r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?"


def forty_nodes() -> Value:
    """A neuron with 9 inputs and its squared error: 40 Values, wider than the window."""
    xs = [Value(0.1 * (i + 1), label=f"x{i}") for i in range(9)]
    ws = [Value(0.3 - 0.07 * i, label=f"w{i}") for i in range(9)]
    total = Value(0.2, label="b")
    for x, w in zip(xs, ws):
        total = total + x * w
    out = total.tanh()
    out.label = "out"
    loss = (out - 1.0) ** 2
    loss.label = "loss"
    return loss


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Value]:
    root = forty_nodes()
    assert len(root.topological_order()) == 40
    path = viz.explore(root).save_html(tmp_path_factory.mktemp("explorer") / "forty.html")
    return path, root


def active(page: Any) -> dict[str, Any]:
    """The step shown, its active node, and where its box and the view are on screen."""
    return page.evaluate(
        """() => {
        const root = document.querySelector('.cr-explorer');
        const i = root.dataset.active;
        const view = document.querySelector('.cr-viewport').getBoundingClientRect();
        const box = i === '' ? null : document.getElementById('n' + i).getBoundingClientRect();
        const border = i === '' ? null : [...document.getElementById('n' + i)
            .querySelectorAll('polygon')].pop().getAttribute('stroke');
        return {step: Number(root.dataset.step), node: i === '' ? null : Number(i),
                view: [view.left, view.top, view.right, view.bottom],
                box: box && [box.left, box.top, box.right, box.bottom], border};
    }"""
    )


def inside(box: list[float], view: list[float]) -> bool:
    return box[0] >= view[0] and box[1] >= view[1] and box[2] <= view[2] and box[3] <= view[3]


@pytest.mark.parametrize("zoom", ["fit width", "full size"])
def test_stepping_moves_the_highlight_and_keeps_it_in_view(
    page: Any, saved: tuple[Path, Value], zoom: str
) -> None:
    path, root = saved
    data = viz.explore(root).data
    open_page(page, path)
    page.get_by_role("button", name=zoom).click()  # and the keys go to the explorer
    page.keyboard.press("Home")
    assert active(page)["step"] == 0
    for k in range(1, len(data["steps"])):
        page.keyboard.press("ArrowRight")
        now = active(page)
        assert now["step"] == k
        assert now["node"] == data["steps"][k]["node"]
        assert now["border"] == "#1f5fbf"
        assert inside(now["box"], now["view"]), f"step {k}: node {now['node']} out of view"
    page.keyboard.press("ArrowRight")  # past the last step: nothing moves
    assert active(page)["step"] == len(data["steps"]) - 1


def test_the_buttons_and_slider_step_too(page: Any, saved: tuple[Path, Value]) -> None:
    open_page(page, saved[0])
    last = active(page)["step"]
    page.get_by_role("button", name="|◀").click()
    assert active(page)["step"] == 0
    page.get_by_role("button", name="▶", exact=True).click()
    assert active(page)["step"] == 1
    page.get_by_role("button", name="◀", exact=True).click()
    assert active(page)["step"] == 0
    page.get_by_role("button", name="▶|").click()
    assert active(page)["step"] == last
    page.locator(".cr-slider").fill("5")
    assert active(page)["step"] == 5


def test_the_hover_text_holds_backwards_numbers(page: Any, saved: tuple[Path, Value]) -> None:
    path, _ = saved
    root = forty_nodes()  # a fresh graph for backward(): the saved page never ran it
    root.backward()
    nodes = root.topological_order()
    position = {id(v): i for i, v in enumerate(nodes)}
    page.set_viewport_size({"width": 2400, "height": 800})  # every box in view at fit width
    open_page(page, path)  # opens at the last step: every grad is final
    for i, v in enumerate(nodes):
        page.hover(f"#n{i}")
        lines = page.eval_on_selector_all(
            ".cr-info [data-role]", "ls => ls.map(l => [l.dataset.role, l.textContent])"
        )
        text = dict(lines)
        assert float(re.search(f"data = ({NUMBER})$", text["data"])[1]) == v.data
        assert float(re.search(f"= ({NUMBER})$", text["grad"])[1]) == v.grad
        users = [(c, k) for c in nodes for k, p in enumerate(c.parents) if p is v]
        terms = [t for role, t in lines if role == "term"]
        assert len(terms) == len(users)
        for (c, k), term in zip(sorted(users, key=lambda u: position[id(u[0])]), terms):
            numbers = [float(x) for x in re.findall(NUMBER, term.split("=", 1)[1])]
            assert numbers == [c.grad, c.local_grads[k], c.local_grads[k] * c.grad]


def test_the_hover_text_shows_what_has_not_arrived_yet(
    page: Any, saved: tuple[Path, Value]
) -> None:
    open_page(page, saved[0])
    page.focus(".cr-explorer")  # a click in the explorer does this; the keys go to it
    page.keyboard.press("Home")
    page.hover("#n1")  # out: no grad before the backward pass
    text = page.inner_text(".cr-info")
    assert "grad: not known yet" in text and "not computed yet" in text


def test_zoom_and_pan_move_the_picture(page: Any, saved: tuple[Path, Value]) -> None:
    open_page(page, saved[0])
    transform = "() => document.querySelector('.cr-stage').style.transform"
    fitted = page.evaluate(transform)
    page.get_by_role("button", name="+").click()
    zoomed = page.evaluate(transform)
    assert zoomed != fitted
    page.keyboard.press("Shift+ArrowLeft")
    assert page.evaluate(transform) != zoomed
    page.keyboard.press("0")
    assert page.evaluate(transform) == fitted


def test_the_page_is_drawn(page: Any, saved: tuple[Path, Value], tmp_path: Path) -> None:
    image = pytest.importorskip("PIL.Image")
    open_page(page, saved[0])
    shot = tmp_path / "explorer.png"
    page.screenshot(path=str(shot))
    pixels = image.open(io.BytesIO(shot.read_bytes())).convert("L")
    histogram = pixels.histogram()
    not_white = sum(histogram[:240]) / sum(histogram)
    assert not_white > 0.02, f"only {not_white:.1%} of the screenshot is not white"


def test_play_steps_on_its_own(page: Any, saved: tuple[Path, Value]) -> None:
    open_page(page, saved[0])
    page.focus(".cr-explorer")
    page.keyboard.press("Home")
    page.keyboard.press(" ")
    page.wait_for_function("document.querySelector('.cr-explorer').dataset.step >= 3")
    page.keyboard.press(" ")  # pause
    paused = active(page)["step"]
    page.wait_for_timeout(600)
    assert active(page)["step"] == paused


def test_the_html_fallback_works_in_a_page_without_jupyter(page: Any, tmp_path: Path) -> None:
    """What nbconvert or a course site shows: the mime bundle's text/html, an iframe."""
    data, _ = viz.explore(forty_nodes())._repr_mimebundle_()
    path = tmp_path / "notebook.html"
    path.write_text(f"<!DOCTYPE html><html><body>{data['text/html']}</body></html>")
    page.goto(path.as_uri())
    frame = page.frame_locator("iframe")
    frame.locator(".cr-first").click()
    frame.locator(".cr-next").click()
    assert frame.locator(".cr-explorer").get_attribute("data-step") == "1"
    height = page.evaluate("document.querySelector('iframe').getBoundingClientRect().height")
    inner = frame.locator(".cr-explorer").bounding_box()
    assert inner is not None and height >= inner["height"]  # the frame fits its page


def test_drag_pans_and_a_click_pins_the_chain_rule(page: Any, saved: tuple[Path, Value]) -> None:
    open_page(page, saved[0])
    page.get_by_role("button", name="full size").click()
    transform = "() => document.querySelector('.cr-stage').style.transform"
    before = page.evaluate(transform)
    view = page.locator(".cr-viewport").bounding_box()
    assert view is not None
    page.mouse.move(view["x"] + 20, view["y"] + 20)
    page.mouse.down()
    page.mouse.move(view["x"] + 220, view["y"] + 60, steps=5)
    page.mouse.up()
    assert page.evaluate(transform) != before
    node = page.get_attribute(".cr-explorer", "data-active")
    page.click(f"#n{node}")
    pinned = page.inner_text(".cr-info [data-role=head]")
    page.mouse.move(0, 0)  # away from every node: the pinned text stays
    assert page.inner_text(".cr-info [data-role=head]") == pinned


def where(page: Any) -> tuple[float, float, float]:
    """The stage's pan (x, y) and scale, from its transform."""
    transform = page.evaluate("document.querySelector('.cr-stage').style.transform")
    tx, ty, scale = map(float, re.findall(NUMBER, transform))
    return tx, ty, scale


def box_of(page: Any, node: int | None) -> list[float] | None:
    if node is None:
        return None
    return page.evaluate(
        f"""() => {{ const r = document.getElementById('n{node}').getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom]; }}"""
    )


def test_the_caption_shows_the_numbers_as_the_boxes_do(
    page: Any, saved: tuple[Path, Value]
) -> None:
    path, root = saved
    data = viz.explore(root).data
    open_page(page, path)
    grads: dict[int, str] = {}
    for k, step in enumerate(data["steps"]):
        for p, _, text, _ in step["grads"]:
            grads[p] = text
        if step["phase"] not in ("forward", "backward"):
            continue
        page.locator(".cr-slider").fill(str(k))
        caption = page.inner_text(".cr-caption")
        node = data["nodes"][step["node"]]
        if step["phase"] == "forward":
            assert f" = {node['data_text']}" in caption
            continue
        assert f"passes on its grad {grads[step['node']]}: " in caption
        for edge in data["edges"]:
            if edge["child"] == step["node"]:
                added = edge["added_text"].removeprefix("+= ")
                assert f".grad += {edge['local_text']} × {grads[step['node']]} = {added}" in caption


def test_a_graph_that_fits_the_view_is_never_panned(page: Any, tmp_path: Path) -> None:
    path = viz.explore(neuron_example()).save_html(tmp_path / "neuron.html")
    open_page(page, path)
    page.get_by_role("button", name="fit width").click()
    fitted = where(page)
    assert fitted[:2] == (0.0, 0.0)
    page.keyboard.press("Home")
    for key in ["ArrowRight"] * 12 + ["ArrowLeft"] * 12:
        page.keyboard.press(key)
        assert where(page) == fitted, f"panned at step {active(page)['step']}"


def test_zoomed_in_stepping_pans_only_as_much_as_needed(
    page: Any, saved: tuple[Path, Value]
) -> None:
    path, root = saved
    steps = viz.explore(root).data["steps"]
    open_page(page, path)
    page.get_by_role("button", name="full size").click()
    page.keyboard.press("Home")
    panned = 0
    for k in [*range(1, len(steps)), *range(len(steps) - 2, -1, -1)]:
        before, view = where(page), active(page)["view"]
        box = box_of(page, steps[k]["node"])
        page.keyboard.press("ArrowRight" if k > active(page)["step"] else "ArrowLeft")
        now = active(page)
        assert now["step"] == k
        if box is None or inside(box, view):
            assert where(page) == before, f"step {k}: panned to a box already in view"
            continue
        panned += 1
        assert inside(now["box"], view)
        gaps = [now["box"][0] - view[0], now["box"][1] - view[1]]
        gaps += [view[2] - now["box"][2], view[3] - now["box"][3]]
        assert min(gaps) <= 9, f"step {k}: the box was centred, not just brought in"
    assert panned > 0


def test_the_keys_work_without_a_click(page: Any, saved: tuple[Path, Value]) -> None:
    open_page(page, saved[0])  # opens at the last step
    last = active(page)["step"]
    page.keyboard.press("ArrowLeft")
    assert active(page)["step"] == last - 1
    hint = page.locator(".cr-focus-hint")
    assert not hint.is_visible()
    page.evaluate("document.body.appendChild(document.createElement('textarea')).focus()")
    assert hint.is_visible()  # "click here, then ← →"
    page.hover(".cr-viewport")  # the learner is typing elsewhere: the focus stays there
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    page.evaluate("document.activeElement.blur()")
    page.mouse.move(0, 0)
    page.hover(".cr-viewport")
    page.keyboard.press("ArrowLeft")
    assert active(page)["step"] == last - 2


def test_on_a_narrow_page_the_toolbar_is_one_line_and_the_text_legible(
    page: Any, saved: tuple[Path, Value]
) -> None:
    page.set_viewport_size({"width": 480, "height": 800})
    open_page(page, saved[0])
    page.get_by_role("button", name="fit width").click()
    tops = page.eval_on_selector_all(
        ".cr-bar button", "bs => bs.map(b => b.getBoundingClientRect().top)"
    )
    assert max(tops) == min(tops), "the toolbar wrapped"
    bar = page.locator(".cr-bar").bounding_box()
    assert bar is not None
    right = page.evaluate("document.querySelector('.cr-zoomout').getBoundingClientRect().right")
    assert right <= bar["x"] + bar["width"] + 0.5
    assert where(page)[2] == 0.5  # not smaller: the graph pans instead
    now = active(page)
    assert inside(now["box"], now["view"])


def test_in_a_notebooks_frame_it_leaves_the_cell_being_edited_alone(
    page: Any, tmp_path: Path
) -> None:
    data, _ = viz.explore(neuron_example())._repr_mimebundle_()
    path = tmp_path / "notebook.html"
    path.write_text(
        f"<!DOCTYPE html><html><body><textarea></textarea>{data['text/html']}</body></html>"
    )
    page.goto(path.as_uri())
    page.focus("textarea")  # a cell being edited
    frame = page.frame_locator("iframe")
    frame.locator(".cr-viewport").hover()
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    page.evaluate("document.activeElement.blur()")
    page.mouse.move(0, 0)
    frame.locator(".cr-viewport").hover()  # nothing being edited: the keys go to the explorer
    page.keyboard.press("Home")
    assert frame.locator(".cr-explorer").get_attribute("data-step") == "0"
