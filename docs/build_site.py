"""Build the course website: every notebook, executed, and an API reference, as static HTML.

    python docs/build_site.py                       # into build/site
    python docs/build_site.py --executed DIR        # from notebooks already executed into DIR

The notebooks (``notebooks/*.ipynb``, in name order) run once with nbclient, two at a time;
then each is made fit for a page without a kernel or a network: a widget's view gives way
to its text/html fallback, math becomes MathML. mkdocs (``docs/mkdocs.yml``, Material theme,
mkdocs-jupyter, mkdocstrings) turns them, ``docs/site/`` and the docstrings of ``autograd``,
``nn`` and ``viz`` into pages that open from a file: ``build/site/index.html``.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from latex2mathml.converter import convert as latex_to_mathml
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "docs" / "mkdocs.yml"
SOURCES = ROOT / "docs" / "site"  # the hand-written pages and assets
BUILD = ROOT / "build"
CELL_TIMEOUT = 300  # seconds; as generous as the notebook tests, for a busy machine

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
NO_WIDGET_MANAGER = (
    '<p class="chainrule-widget-note">An interactive widget is here when the notebook runs in '
    "Jupyter (<code>make lab</code>).</p>"
)
HIDDEN = "chainrule-hidden"  # the tag of a cell whose source Jupyter hides (a solution)
API_PAGES = {"autograd": "api/autograd.md", "nn": "api/nn.md", "viz": "api/viz.md"}

# $$display$$ or $inline$ math, outside code: fenced blocks and `spans` are matched first
# and kept as they are.
_CODE_OR_MATH = re.compile(
    r"(?P<code>^```.*?^```|`[^`\n]+`)|\$\$(?P<display>.+?)\$\$|\$(?P<inline>[^$\n]+?)\$",
    re.DOTALL | re.MULTILINE,
)
_MATHML_TEXT = re.compile(r">([^<]+)<")
_PLAIN = re.compile(r"[A-Za-z0-9 ,:;=/'\"]")  # what markdown and HTML leave alone


def notebooks() -> list[Path]:
    """The course's notebooks, in name order (the order of the course)."""
    return sorted((ROOT / "notebooks").glob("*.ipynb"))


def execute(path: Path, out_dir: Path) -> float:
    """Run ``path`` as the tests do, write it with its outputs into ``out_dir``; the seconds.

    A failing cell raises nbclient's CellExecutionError, which names the cell and the error.
    """
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    seconds = time.perf_counter() - start
    nbformat.write(nb, out_dir / path.name)
    return seconds


def execute_all(paths: list[Path], out_dir: Path, jobs: int = 2) -> dict[str, float]:
    """Execute every notebook into ``out_dir``, ``jobs`` at a time; seconds by name.

    Every notebook runs, even after one fails; then one error names all that failed.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=jobs) as pool:  # each kernel is its own process
        runs = {path.name: pool.submit(execute, path, out_dir) for path in paths}
    failed = [f"{name}: {run.exception()}" for name, run in runs.items() if run.exception()]
    if failed:
        raise RuntimeError("build_site: notebooks failed\n" + "\n\n".join(failed))
    return {name: run.result() for name, run in runs.items()}


def mathml(tex: str, display: bool) -> str:
    """``tex`` as MathML that survives markdown: its text escaped as character references."""
    markup = latex_to_mathml(tex.strip(), display="block" if display else "inline")

    def escape(match: re.Match[str]) -> str:
        text = html.unescape(match.group(1))
        return ">" + "".join(c if _PLAIN.match(c) else f"&#{ord(c)};" for c in text) + "<"

    return _MATHML_TEXT.sub(escape, markup)


def markdown_with_mathml(source: str) -> str:
    """A markdown cell with its ``$...$`` and ``$$...$$`` math written as MathML, which
    browsers draw themselves: no MathJax, no network."""

    def replace(match: re.Match[str]) -> str:
        if match.group("code") is not None:
            return match.group("code")
        display = match.group("display") is not None
        return mathml(match.group("display" if display else "inline"), display)

    return _CODE_OR_MATH.sub(replace, source)


def for_static_page(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``nb`` as a page with no kernel and no widget manager shows it.

    A cell whose source Jupyter hides (an exercise's solution) is tagged, and shown folded.
    A widget's view needs a widget manager: where the output also carries text/html (the
    chainrule widgets' standalone page) that is shown; where it carries only text/plain (its
    repr, which says nothing to a reader) a short note takes its place.
    """
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = markdown_with_mathml(cell.source)
        if cell.metadata.get("jupyter", {}).get("source_hidden"):
            cell.metadata.setdefault("tags", []).append(HIDDEN)  # site_hooks.py folds it
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if data.pop(WIDGET_VIEW, None) is not None and "text/html" not in data:
                output.data = {"text/html": NO_WIDGET_MANAGER}
    return nb


def title(nb: nbformat.NotebookNode, path: Path) -> str:
    """The notebook's first level-1 heading, without markdown; else its file name."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            heading = re.search(r"^# (.+)$", cell.source, re.MULTILINE)
            if heading:
                return re.sub(r"[`*_]", "", heading.group(1)).strip()
    return path.stem


def stage(executed: Path, docs_dir: Path) -> list[dict[str, str]]:
    """Lay out mkdocs' sources in ``docs_dir``; the course's part of the navigation."""
    shutil.rmtree(docs_dir, ignore_errors=True)
    shutil.copytree(SOURCES, docs_dir)
    shutil.copy(ROOT / "docs" / "neuron.png", docs_dir / "neuron.png")
    (docs_dir / "notebooks").mkdir()
    course = []
    for path in notebooks():
        done = executed / path.name
        if not done.exists():
            raise FileNotFoundError(f"build_site: {path.name} was not executed into {executed}")
        nb = for_static_page(nbformat.read(done, as_version=4))
        nbformat.write(nb, docs_dir / "notebooks" / path.name)
        course.append({title(nb, path): f"notebooks/{path.name}"})
    return course


def build(
    site_dir: Path, work_dir: Path = BUILD, executed: Path | None = None, jobs: int = 2
) -> dict[str, float]:
    """Build the site into ``site_dir``, staging in ``work_dir``; the seconds each notebook
    took to run (none when ``executed`` holds them already run)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    seconds: dict[str, float] = {}
    if executed is None:
        executed = work_dir / "executed"
        seconds = execute_all(notebooks(), executed, jobs)
    docs_dir = work_dir / "site-sources"
    course = stage(executed, docs_dir)
    nav = [
        {"Home": "index.md"},
        {"Course": course},
        {"API reference": [{name: page} for name, page in API_PAGES.items()]},
    ]
    config = load_config(
        str(CONFIG), docs_dir=str(docs_dir.resolve()), site_dir=str(site_dir.resolve()), nav=nav
    )
    mkdocs_build(config)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=BUILD / "site")
    parser.add_argument("--executed", type=Path, help="notebooks already executed, by name")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks run at once")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    seconds = build(args.site_dir, BUILD, args.executed, args.jobs)
    for name, s in seconds.items():
        print(f"{name}: {s:.1f} s")
    index = (args.site_dir / "index.html").resolve()
    print(f"site built in {time.perf_counter() - start:.0f} s: open {index.as_uri()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
