"""A headless Chromium for the browser tests, driven by Playwright's Python package.

Debian's chromium (/usr/bin/chromium) is used as it is (never ``playwright install``).
Where it or playwright is missing the tests skip, except when CHAINRULE_REQUIRE_BROWSER=1
(set by CI): then they fail, so CI can never pass with the browser tests off.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.chromium import CHROMIUM, chromium


def _missing(reason: str) -> None:
    if os.environ.get("CHAINRULE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}, but CHAINRULE_REQUIRE_BROWSER=1 requires the browser tests")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_context() -> Iterator[Any]:
    """A fresh Chromium profile (its own user-data-dir), shared by the session's tests."""
    if importlib.util.find_spec("playwright") is None:
        _missing("playwright is not installed (pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        _missing(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with chromium() as context:
        yield context


@pytest.fixture
def page(browser_context: Any) -> Iterator[Any]:
    """A new tab; any JavaScript error in it fails the test."""
    tab = browser_context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    tab.close()
    assert not errors, f"JavaScript errors: {errors}"


def open_page(page: Any, path: Path) -> None:
    """Open a saved widget page from its file, as a learner would."""
    page.goto(path.resolve().as_uri())
    page.wait_for_selector(".cr-bar")
