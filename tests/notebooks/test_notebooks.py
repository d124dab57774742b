"""Every notebook of the course runs end to end and checks its own claims (its asserts)."""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))
CELL_TIMEOUT = 120  # seconds; a whole notebook should take well under a minute


def _outputs(nb: nbformat.NotebookNode) -> list[dict]:
    return [out for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])]


COURSE_LENGTH = 12


def test_the_course_is_numbered_in_curriculum_order() -> None:
    assert [nb.name[:3] for nb in NOTEBOOKS] == [f"{i:02d}-" for i in range(1, COURSE_LENGTH + 1)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert not any(cell.get("outputs") or cell.get("execution_count") for cell in code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_end_to_end(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error
    print(f"{path.name}: {time.perf_counter() - start:.1f} s")
    if nb.metadata.get("chainrule", {}).get("draws_graphs"):
        assert any("image/svg+xml" in out.get("data", {}) for out in _outputs(nb)), (
            f"{path.name} should show a computation graph as SVG"
        )
