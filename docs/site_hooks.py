"""mkdocs hooks for the course website (named in docs/mkdocs.yml): what a page opened from
a file, offline, must not ask for."""

from __future__ import annotations

import re
from typing import Any

# nbconvert's template loads MathJax from a CDN for every notebook; build_site.py has
# already written the math as MathML, which browsers draw themselves.
_MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)


def on_page_content(html: str, **kwargs: Any) -> str:
    """The page's HTML without MathJax."""
    return _MATHJAX.sub("", html)
