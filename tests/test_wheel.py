"""A wheel built from the repository installs into a fresh venv and runs the README's example.

The fresh venv sees the test venv's site-packages through a .pth file (numpy, graphviz...),
so nothing is downloaded; chainrule itself comes only from the wheel (installed without
dependencies, and the repository is not on the path).
"""

from __future__ import annotations

import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_a_wheel_installs_in_a_fresh_venv_and_runs_the_readme_example(tmp_path: Path) -> None:
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        tmp_path / "dist",
        ROOT,
    )
    (wheel,) = (tmp_path / "dist").glob("chainrule-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for package in ("autograd", "nn", "nn/optim", "nn/data", "viz"):
        assert f"{package}/__init__.py" in names, package
    assert not any(name.startswith(("tests/", "benchmarks/")) for name in names)

    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    site = Path(
        _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip()
    )
    (site / "test-venv.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel)

    readme = (ROOT / "README.md").read_text().split("## Ten lines", 1)[1]
    code, printed = re.findall(r"```(?:python)?\n(.*?)```", readme, re.S)[:2]
    script = tmp_path / "example.py"
    script.write_text("import autograd, sys\nassert 'site-packages' in autograd.__file__\n" + code)
    assert _run(python, script, cwd=tmp_path) == printed
