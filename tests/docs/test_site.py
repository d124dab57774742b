"""`make site`: the course website builds from the notebooks, has a page for each of them and
an API reference, and every link inside it resolves, opened from a file with no network.

One build for the whole module (it runs every notebook once, two at a time: the largest cost
of these tests); every check reads the built HTML with the standard library's html.parser.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
API_NAMES = {  # page: ids that must be on it (mkdocstrings names each object's anchor)
    "api/autograd.html": ["autograd.Value", "autograd.Value.backward", "autograd.grad"],
    "api/nn.html": ["nn.MLP", "nn.fit", "nn.optim.SGD"],
    "api/viz.html": ["viz.draw_graph"],
}
CHROMIUM = shutil.which("chromium")


def _load(name: str) -> ModuleType:
    """docs/<name>.py (docs/ is no package). Its tools are the `site` extra, which `make test`
    installs: without them these tests fail rather than skip."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "docs" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Page(HTMLParser):
    """The ids a page defines and the (attribute, URL) pairs it refers to."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            if name in ("href", "src") and value is not None:
                self.refs.append((name, value))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    return _load("build_site")


# The steps that make a notebook fit for a static page: fast, no build.


def test_math_becomes_mathml_and_code_stays_as_written(builder: ModuleType) -> None:
    source = "Take $a_i * b_i$ and\n\n$$\\frac{1}{n}$$\n\n`x = $y$` and\n```\nz = $w$\n```"
    out = builder.markdown_with_mathml(source)
    assert out.count("<math") == 2
    assert 'display="block"' in out and 'display="inline"' in out
    assert "`x = $y$`" in out and "```\nz = $w$\n```" in out
    assert "_" not in out.split("`")[0] and "*" not in out.split("`")[0], (
        "markdown would read _ and * inside the MathML as emphasis"
    )


def test_a_widget_shows_its_html_fallback_or_a_note(builder: ModuleType) -> None:
    nbformat = pytest.importorskip("nbformat")
    view = {"model_id": "m", "version_major": 2, "version_minor": 0}
    nb = nbformat.v4.new_notebook(metadata={"widgets": {"state": {}}})
    nb.cells = [
        nbformat.v4.new_code_cell(
            outputs=[
                nbformat.v4.new_output(
                    "display_data",
                    data={
                        builder.WIDGET_VIEW: view,
                        "text/html": "<iframe srcdoc='page'></iframe>",
                        "text/plain": "Explorer(...)",
                    },
                ),
                nbformat.v4.new_output(
                    "display_data", data={builder.WIDGET_VIEW: view, "text/plain": "IntSlider()"}
                ),
            ]
        )
    ]
    first, second = (out.data for out in builder.for_static_page(nb).cells[0].outputs)
    assert first == {"text/html": "<iframe srcdoc='page'></iframe>", "text/plain": "Explorer(...)"}
    assert second == {"text/html": builder.NO_WIDGET_MANAGER}
    assert "widgets" not in nb.metadata


def test_a_cell_hidden_in_jupyter_is_folded_on_the_page(builder: ModuleType) -> None:
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["exercise"]}),
        nbformat.v4.new_code_cell(
            "x = 2", metadata={"tags": ["solution"], "jupyter": {"source_hidden": True}}
        ),
    ]
    exercise, solution = builder.for_static_page(nb).cells
    assert exercise.metadata.tags == ["exercise"]
    assert solution.metadata.tags == ["solution", builder.HIDDEN]

    cell = (
        f'<div class="jp-Cell jp-CodeCell celltag_solution celltag_{builder.HIDDEN}">'
        "<div>x = 2</div><div><div>out</div></div></div>"
    )
    page = f"<p>before</p>{cell}<p>after</p>"
    folded = _load("site_hooks")._fold_hidden_cells(page)
    assert folded == (
        '<p>before</p><details class="chainrule-hidden">'
        f"<summary>Solution (open it once you have tried)</summary>{cell}</details><p>after</p>"
    )


def test_a_failing_notebook_fails_the_build_by_name(builder: ModuleType, tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    for name, source in [("good", "x = 1"), ("bad", "1 / 0")]:
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(source)]
        nbformat.write(nb, tmp_path / f"{name}.ipynb")
    paths = sorted(tmp_path.glob("*.ipynb"))
    with pytest.raises(RuntimeError, match=r"(?s)notebooks failed\nbad.ipynb: .*ZeroDivisionError"):
        builder.execute_all(paths, tmp_path / "out")
    assert (tmp_path / "out" / "good.ipynb").exists(), "the others still run"


def test_notebooks_are_found_by_name_in_order(builder: ModuleType) -> None:
    assert builder.notebooks() == NOTEBOOKS


# The built site.


@pytest.fixture(scope="module")
def site(builder: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    work_dir = tmp_path_factory.mktemp("site")
    seconds = builder.build(work_dir / "site", work_dir)
    print(", ".join(f"{name}: {s:.1f} s" for name, s in seconds.items()))
    return work_dir / "site"


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[Path, _Page]:
    return {path.resolve(): _parse(path) for path in sorted(site.rglob("*.html"))}


def test_every_notebook_has_a_page_with_its_pictures(site: Path) -> None:
    assert NOTEBOOKS, "no notebooks found"
    for notebook in NOTEBOOKS:
        page = site / "notebooks" / f"{notebook.stem}.html"
        assert page.is_file(), f"no page for {notebook.name}"
        html = page.read_text(encoding="utf-8")
        assert "jp-OutputArea-output" in html, f"{page.name} shows no outputs: not executed?"
        assert "application/vnd.jupyter.widget-view+json" not in html, (
            f"{page.name} holds a widget view, which shows nothing without a widget manager"
        )
        hidden = sum(
            bool(cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"))
            for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        )
        assert html.count('<details class="chainrule-hidden">') == hidden, (
            f"{page.name}: every cell hidden in Jupyter (a solution) should be folded"
        )


def test_pages_link_every_notebook_in_course_order(site: Path, pages: dict[Path, _Page]) -> None:
    index = pages[(site / "index.html").resolve()]
    linked = [href for attr, href in index.refs if attr == "href" and "notebooks/" in href]
    expected = [f"notebooks/{nb.stem}.html" for nb in NOTEBOOKS]
    assert [href for href in dict.fromkeys(linked) if href in expected] == expected


def test_math_is_mathml_not_tex(site: Path) -> None:
    for notebook in NOTEBOOKS:
        html = (site / "notebooks" / f"{notebook.stem}.html").read_text(encoding="utf-8")
        assert "MathJax" not in html, f"{notebook.stem}.html asks for MathJax"


@pytest.mark.parametrize("page_name", sorted(API_NAMES))
def test_api_reference_documents_the_main_names(
    site: Path, pages: dict[Path, _Page], page_name: str
) -> None:
    page = site / page_name
    assert page.is_file(), f"no API page {page_name}"
    missing = [name for name in API_NAMES[page_name] if name not in pages[page.resolve()].ids]
    assert not missing, f"{page_name} does not document {missing}"


def test_every_internal_link_resolves(site: Path, pages: dict[Path, _Page]) -> None:
    broken = []
    for path, page in pages.items():
        for attr, url in page.refs:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("data:", "mailto:")):
                continue  # external or inline: the offline test below looks at those
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            where = f"{path.relative_to(site.resolve())}: {attr}={url!r}"
            if not target.is_relative_to(site.resolve()) or not target.exists():
                broken.append(f"{where} (no file {target.name})")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{where} (no id {parts.fragment!r})")
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_pages_load_nothing_from_the_network(site: Path, pages: dict[Path, _Page]) -> None:
    """Offline: no script, style sheet, font or picture comes from another host (links a
    reader follows, to the project or to PyTorch's documentation, may)."""
    remote = [
        f"{path.relative_to(site.resolve())}: {url}"
        for path, page in pages.items()
        for attr, url in page.refs
        if attr == "src" and urlsplit(url).scheme in ("http", "https")
    ]
    stylesheets = [
        f"{path.relative_to(site.resolve())}: {line.strip()}"
        for path in pages
        for line in path.read_text(encoding="utf-8").splitlines()
        if "<link" in line and "stylesheet" in line and "https://" in line
    ]
    assert not remote + stylesheets, "fetched from the network:\n" + "\n".join(remote + stylesheets)


@pytest.mark.skipif(
    CHROMIUM is None and os.environ.get("CHAINRULE_REQUIRE_BROWSER") != "1", reason="no chromium"
)
def test_a_notebook_page_renders_in_a_browser_from_a_file(site: Path, tmp_path: Path) -> None:
    """Headless Chromium opens a page from the file system and draws it (not blank)."""
    assert CHROMIUM, "chromium is required here (CHAINRULE_REQUIRE_BROWSER=1)"
    page = site / "notebooks" / f"{NOTEBOOKS[0].stem}.html"
    shot = tmp_path / "page.png"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--screenshot={shot}",
            "--window-size=1280,1000",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert shot.stat().st_size > 20_000, "the screenshot is (nearly) empty"
