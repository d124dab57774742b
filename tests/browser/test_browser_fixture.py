"""The browser tests skip without a browser, except under CHAINRULE_REQUIRE_BROWSER=1."""

from __future__ import annotations

import pytest

from tests.browser.conftest import _missing


def test_a_missing_browser_skips(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHAINRULE_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium"):
        _missing("no Chromium")


def test_a_missing_browser_fails_when_it_is_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHAINRULE_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="CHAINRULE_REQUIRE_BROWSER=1 requires"):
        _missing("no Chromium")
