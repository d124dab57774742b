"""A griffe extension for the API reference (named in docs/mkdocs.yml): a docstring's
doctest, its ``>>>`` lines and the output below them, becomes a Python code block, where
markdown would read ``>>>`` as three nested quotes."""

from __future__ import annotations

import re
from typing import Any

import griffe

# A run of >>> (and ...) lines with the output lines after them, up to a blank line.
_DOCTEST = re.compile(r"^(?:>>>|\.\.\.).*(?:\n(?!\s*$).*)*", re.MULTILINE)


class DoctestFences(griffe.Extension):
    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = _DOCTEST.sub(
                lambda m: f"```pycon\n{m.group()}\n```", obj.docstring.value
            )
