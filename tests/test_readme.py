"""The README's example prints what the README says it prints."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_the_ten_line_example_prints_what_the_readme_shows() -> None:
    section = README.split("## Ten lines", 1)[1]
    code, printed = re.findall(r"```(?:python)?\n(.*?)```", section, re.S)[:2]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(code, {})
    assert out.getvalue() == printed  # fails when the engine or the README drifts


def test_the_readme_shows_the_two_commands_and_the_committed_picture() -> None:
    assert "make demo" in README and "make test" in README
    picture = re.search(r"!\[[^]]*\]\((docs/[^)]+\.png)\)", README)
    assert picture is not None
    assert (Path(__file__).resolve().parent.parent / picture.group(1)).stat().st_size > 1000
