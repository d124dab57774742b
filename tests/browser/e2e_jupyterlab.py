"""``make e2e``: the explorer in a real JupyterLab, end to end.

Starts JupyterLab (from this venv) on 127.0.0.1 with a random token, in a temporary folder
holding a one-cell notebook that shows ``viz.explore`` of the README's neuron; opens it in
headless Chromium, runs the cell, clicks "first step" and "next step" in the widget and
checks that the highlighted node moved. Needs jupyterlab (``pip install jupyterlab``),
playwright and /usr/bin/chromium. Exits 0 on success; prints what it checked.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .chromium import chromium

NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # 127.0.0.1 directly
ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "explore",
            "metadata": {},
            "outputs": [],
            "source": "import viz\nfrom viz.docs import neuron_example\n\n"
            "viz.explore(neuron_example())",
        }
    ],
    "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_server(url: str, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with NO_PROXY.open(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"e2e: JupyterLab did not answer at {url} within {seconds:.0f} s")


def active(page: Any) -> tuple[int, str]:
    root = page.locator(".cr-explorer")
    return int(root.get_attribute("data-step") or -1), root.get_attribute("data-active") or ""


def main() -> None:
    token, port = secrets.token_hex(16), free_port()
    with tempfile.TemporaryDirectory(prefix="chainrule-e2e-") as folder:
        (Path(folder) / "explore.ipynb").write_text(json.dumps(NOTEBOOK), encoding="utf-8")
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter",
                "lab",
                "--no-browser",
                "--ip=127.0.0.1",
                f"--port={port}",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={folder}",
                "--allow-root",
            ],
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for_server(f"{base}/api/status?token={token}")
            check(f"{base}/lab/tree/explore.ipynb?token={token}", Path(folder))
        finally:
            server.terminate()
            server.wait(timeout=30)


def run_cell(page: Any) -> None:
    """Run the notebook's cell until the explorer shows (a run sent before the kernel is
    ready can be lost; running it again only shows the explorer again)."""
    page.wait_for_selector(".jp-Notebook .jp-Cell .cm-content", timeout=120_000)
    for _ in range(12):
        dialog = page.locator(".jp-Dialog")
        if dialog.count() and "Select Kernel" in dialog.inner_text():
            dialog.locator("button.jp-mod-accept").click()  # Lab asked before it knew: Python 3
        elif dialog.count():
            raise RuntimeError(f"e2e: JupyterLab asks: {dialog.inner_text()!r}")
        page.click(".jp-Notebook .jp-Cell .jp-InputPrompt")
        page.keyboard.press("Shift+Enter")
        try:
            page.wait_for_selector(".cr-explorer", timeout=10_000)
            return
        except PlaywrightTimeout:
            continue
    raise RuntimeError("e2e: the explorer never showed in the notebook")


def check(url: str, folder: Path) -> None:
    with chromium(width=1400, height=1000) as browser:
        page = browser.new_page()
        page.goto(url)
        run_cell(page)
        last_step, last_node = active(page)
        page.locator(".cr-explorer button.cr-first").click()
        first_step, _ = active(page)
        page.locator(".cr-explorer button.cr-next").click()
        one_step, one_node = active(page)
        page.locator(".cr-explorer button.cr-next").click()
        next_step, next_node = active(page)
        page.screenshot(path=str(Path(tempfile.gettempdir()) / "chainrule-e2e.png"))
        print(
            f"opened at step {last_step} (node {last_node!r}); first: step {first_step}; "
            f"next: step {one_step} (node {one_node!r}); next: step {next_step} "
            f"(node {next_node!r})"
        )
        assert (first_step, one_step, next_step) == (0, 1, 2), "e2e: the buttons did not step"
        assert one_node and next_node and one_node != next_node, "e2e: the highlight did not move"
        border = page.evaluate(
            "i => [...document.getElementById('n' + i).querySelectorAll('polygon')].pop()"
            ".getAttribute('stroke')",
            next_node,
        )
        assert border == "#1f5fbf", f"e2e: the active box is not outlined ({border})"
        page.keyboard.press("ArrowRight")  # the widget has the focus: its keys, not Lab's
        assert active(page)[0] == 3, "e2e: the right arrow did not step"
        page.keyboard.press("0")
        page.keyboard.press("0")  # Lab's "restart the kernel" in command mode
        page.wait_for_timeout(500)
        assert page.locator(".jp-Dialog").count() == 0, "e2e: Lab took the widget's keys"
        print("e2e: the explorer steps in JupyterLab: OK")


if __name__ == "__main__":
    main()
