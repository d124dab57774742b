"""Speed of the widgets, measured (not asserted): ``python -m tests.browser.measure``.

* the explorer of a 300-node graph: building it in Python, and opening its page in
  headless Chromium (the page's DOMContentLoaded, after the widget's script ran);
* stepping: the time the page takes to show each step (performance.now() around the key
  press, layout included), and to the next frame;
* the live view on the demo (MLP(2, [16, 16, 1]), 100 moons, hinge + L2, 100 epochs, fit's
  compiled epochs): training time with and without the view, in a Jupyter kernel (so the
  widget's messages are really serialised and sent), how many redraws it sent, and the
  page's draw time for those states replayed in Chromium at the times they were sent.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

import nn
import viz
from autograd import Value
from nn.data import make_moons

from .chromium import chromium


def chain_graph(size: int) -> Value:
    """A neuron-like graph of about ``size`` Values: sums of products, squashed."""
    total = Value(0.1, label="b")
    count = 1
    k = 0
    while count + 5 <= size:
        x, w = Value(0.01 * k, label=f"x{k}"), Value(0.5 - 0.003 * k, label=f"w{k}")
        total = (total + x * w).tanh()
        count += 5
        k += 1
    return total


def _children_cpu() -> float:
    times = os.times()
    return times.children_user + times.children_system


def explorer_speed(folder: Path, browser: Any) -> dict[str, float]:
    root = chain_graph(300)
    start, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    explorer = viz.explore(root)
    build = time.perf_counter() - start
    build_cpu = time.process_time() - cpu + _children_cpu() - children  # Graphviz's too
    path = explorer.save_html(folder / "big.html")
    page = browser.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector(".cr-explorer")
    loaded = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    page.focus(".cr-explorer")
    page.get_by_role("button", name="full size").click()
    times = page.evaluate(
        """async () => {
        const root = document.querySelector('.cr-explorer');
        const key = (k) => root.dispatchEvent(
            new KeyboardEvent('keydown', {key: k, bubbles: true}));
        key('Home');
        const sync = [], frame = [];
        const n = Number(document.querySelector('.cr-slider').max);
        for (let k = 0; k < n; k++) {
            const t0 = performance.now();
            key('ArrowRight');
            const t1 = performance.now();
            await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
            sync.push(t1 - t0);
            frame.push(performance.now() - t0);
        }
        return {sync, frame};
    }"""
    )
    page.close()
    return {
        "nodes": len(root.topological_order()),
        "steps": len(times["sync"]),
        "python_build_s": build,
        "python_build_cpu_s": build_cpu,
        "page_loaded_ms": loaded,
        "step_median_ms": statistics.median(times["sync"]),
        "step_max_ms": max(times["sync"]),
        "step_to_frame_median_ms": statistics.median(times["frame"]),
        "step_to_frame_max_ms": max(times["frame"]),
    }


TRAIN = """
import inspect, json, time
import nn, viz
from nn.data import make_moons
from nn.training import _Replay

X, labels = make_moons(100, noise=0.1, random_state=0)
y = 2.0 * labels - 1.0

def train(view):
    model = nn.MLP(2, [16, 16, 1], seed=0)
    optimizer = nn.optim.SGD(model.parameters(), lr=1.0)
    schedule = nn.optim.LinearLR(optimizer, start_factor=1.0, end_factor=0.1, total_iters=100)
    if view is not None:
        view = viz.TrainingView(model, X, y)
        redraw = view._redraw
        view.redraw_cpu = view.redraw_wall = 0.0

        def timed():
            wall, cpu = time.perf_counter(), time.process_time()
            redraw()
            view.redraw_wall += time.perf_counter() - wall
            view.redraw_cpu += time.process_time() - cpu

        view._redraw = timed
    sent = []
    if view is not None:
        view.observe(lambda change: sent.append((time.perf_counter(), change["new"])), "state")
    start = time.perf_counter()
    if "callbacks" in inspect.signature(nn.fit).parameters:
        nn.fit(model, X, y, "hinge", optimizer, epochs=100, l2=1e-4, scheduler=schedule,
               progress=False, callbacks=[] if view is None else [view])
    else:  # fit's compiled epochs, by hand, with the view called as fit would
        replay, history = _Replay(model, X, y, "hinge", 0.0, 1e-4), {}
        for _ in range(100):
            for name, value in replay.epoch(optimizer).items():
                history.setdefault(name, []).append(value)
            schedule.step()
            if view is not None:
                view(model, history)
    seconds = time.perf_counter() - start
    if view is not None:
        view.flush()
    return seconds, [(t - start, s) for t, s in sent], view

train(None)  # warm up
"""

MEASURE = """
plain, viewed = [], []
for _ in range(7):  # in turn, so that a change in the machine's load hits both alike
    plain.append(train(None)[0])
    viewed.append(train(True))
print(json.dumps({
    "plain_s": sorted(plain)[3],
    "viewed_s": sorted(v[0] for v in viewed)[3],
    "redraw_wall_share": sum(v[2].redraw_wall for v in viewed) / sum(v[0] for v in viewed),
    "redraw_cpu_s_each": viewed[-1][2].redraw_cpu / viewed[-1][2].redraws,
    "redraws": viewed[-1][2].redraws,
    "updates": viewed[-1][2].updates,
    "states": viewed[-1][1],
    "states_run_s": viewed[-1][0],
}))
"""


def training_speed(folder: Path, browser: Any) -> dict[str, Any]:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(TRAIN), nbformat.v4.new_code_cell(MEASURE)]
    NotebookClient(notebook, timeout=600, resources={"metadata": {"path": "."}}).execute()
    result = json.loads(notebook.cells[1].outputs[0]["text"])
    states = result.pop("states")
    X, labels = make_moons(100, noise=0.1, random_state=0)
    view_page = viz.TrainingView(nn.MLP(2, [16, 16, 1]), X, 2.0 * labels - 1.0)
    path = view_page.save_html(folder / "live.html")
    page = browser.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector(".cr-training")
    draws = page.evaluate(
        """async (states) => {
        const root = document.querySelector('.cr-training');
        const start = performance.now(), times = [];
        for (const [at, state] of states) {
            const wait = start + 1000 * at - performance.now();
            if (wait > 0) await new Promise((r) => setTimeout(r, wait));
            window.chainruleModel.set('state', state);
            times.push(Number(root.dataset.drawMs));
        }
        await new Promise((r) => requestAnimationFrame(() => r()));
        return {times, seconds: (performance.now() - start) / 1000};
    }""",
        states,
    )
    page.close()
    # Between the first and the last redraw while epochs ran (fit compiles the graph first,
    # for most of a second, before the first epoch; the last state may be the final flush).
    run = result.pop("states_run_s")
    during = [at for at, _ in states if at <= run]
    rate = (len(during) - 1) / (during[-1] - during[0]) if len(during) > 1 else 0.0
    return {
        **result,
        "overhead": result["viewed_s"] / result["plain_s"] - 1.0,
        "redraws_per_s_while_training": rate,
        "page_draw_median_ms": statistics.median(draws["times"]),
        "page_draw_max_ms": max(draws["times"]),
    }


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder, chromium() as browser:
        print(json.dumps(explorer_speed(Path(folder), browser), indent=1))
        print(json.dumps(training_speed(Path(folder), browser), indent=1))


if __name__ == "__main__":
    main()
