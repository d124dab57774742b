"""mkdocs hooks for the course website (named in docs/mkdocs.yml): what a page opened from
a file, offline, needs."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from mkdocs.structure.toc import get_toc

# nbconvert's template loads MathJax from a CDN for every notebook; build_site.py has
# already written the math as MathML, which browsers draw themselves.
_MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)


# A cell build_site.py tagged as hidden in Jupyter; its end is found by counting <div>s.
_HIDDEN_CELL = re.compile(r'<div class="jp-Cell [^"]*\bcelltag_chainrule-hidden\b[^"]*">')
_DIV = re.compile(r"<div\b|</div>")


def _fold_hidden_cells(html_text: str) -> str:
    """Each cell hidden in Jupyter (an exercise's solution) inside a closed <details>."""
    out, start = [], 0
    for match in _HIDDEN_CELL.finditer(html_text):
        if match.start() < start:
            continue  # inside a cell already folded
        depth, end = 0, match.start()
        for div in _DIV.finditer(html_text, match.start()):
            depth += 1 if div.group() == "<div" else -1
            if depth == 0:
                end = div.end()
                break
        label = "Solution" if "celltag_solution" in match.group() else "Hidden cell"
        out += [
            html_text[start : match.start()],
            '<details class="chainrule-hidden">',
            f"<summary>{label} (open it once you have tried)</summary>",
            html_text[match.start() : end],
            "</details>",
        ]
        start = end
    return "".join([*out, html_text[start:]])


class _Headings(HTMLParser):
    """The headings of a page that have an id: (level, id, text), in order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[int, str, str]] = []
        self._open: tuple[int, str] | None = None
        self._text: list[str] = []
        self._in_anchor = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ident = dict(attrs).get("id")
        if re.fullmatch(r"h[1-6]", tag) and ident:
            self._open, self._text = (int(tag[1]), ident), []
        elif tag == "a" and "anchor-link" in (dict(attrs).get("class") or ""):
            self._in_anchor = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._in_anchor = False
        elif self._open and tag == f"h{self._open[0]}":
            self.found.append((*self._open, "".join(self._text).strip()))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open and not self._in_anchor:
            self._text.append(data)


def _toc_tokens(headings: list[tuple[int, str, str]]) -> list[Any]:
    """Headings nested by level, as the markdown library's toc_tokens."""
    root: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for level, ident, text in headings:
        token = {"level": level, "id": ident, "name": html.escape(text), "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root


def on_page_content(html_text: str, page: Any, **kwargs: Any) -> str:
    """A notebook page without MathJax, its hidden cells folded, and with a table of contents
    made from the ids its headings really have (mkdocs-jupyter drops code spans from the
    names it links to)."""
    if Path(page.file.src_uri).suffix != ".ipynb":
        return html_text
    parser = _Headings()
    parser.feed(html_text)
    page.toc = get_toc(_toc_tokens(parser.found))
    return _fold_hidden_cells(_MATHJAX.sub("", html_text))


def on_post_build(config: Any, **kwargs: Any) -> None:
    """Search from a file, and no 404 page.

    Opened from a file, Material's search reads its index from ``search/search_index.js``
    (a script sets ``__index``), since a page may not fetch the JSON file there; its worker
    runs in an iframe (``assets/file-worker.js``). A 404 page is for a server, and its links
    start at the server's root."""
    site = Path(config["site_dir"])
    index = site / "search" / "search_index.json"
    script = f"var __index = {index.read_text(encoding='utf-8')};\n"
    index.with_suffix(".js").write_text(script, encoding="utf-8")
    (site / "404.html").unlink(missing_ok=True)
