"""save and load: plain JSON, exact round trips, and clear errors for files that do not fit."""

from __future__ import annotations

import json
import math
import os
import re
import signal
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import nn
from nn import MLP


def hex_state(module: nn.Module) -> dict[str, str]:
    """The parameters to the last bit (float.hex tells -0.0 from 0.0, unlike ==)."""
    return {name: value.hex() for name, value in module.state_dict().items()}


def test_round_trip_is_bit_for_bit(tmp_path: Path) -> None:
    source, copy = (MLP(3, [8, 8, 2], activation="tanh", seed=s) for s in (0, 1))
    awkward = [0.1, 1 / 3, math.pi, -0.0, 5e-324, sys.float_info.max, -sys.float_info.min]
    for p, value in zip(source.parameters(), awkward):
        p.data = value
    path = tmp_path / "model.json"
    nn.save(source, path)
    nn.load(copy, path)
    assert hex_state(copy) == hex_state(source)
    x = [0.5, -1.0, 2.0]
    assert [y.data for y in copy(x)] == [y.data for y in source(x)]


def test_the_file_is_plain_json_with_every_name(tmp_path: Path) -> None:
    mlp = MLP(2, [3, 1], seed=0)
    path = tmp_path / "model.json"
    nn.save(mlp, str(path))  # a str path works as well as a Path
    document = json.loads(path.read_text("utf-8"))
    assert document == {"format": "chainrule", "version": 1, "parameters": mlp.state_dict()}
    assert list(document["parameters"]) == [name for name, _ in mlp.named_parameters()]


def test_save_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    nn.save(MLP(2, [3, 1], seed=0), path)
    second = MLP(2, [3, 1], seed=1)
    nn.save(second, path)
    loaded = MLP(2, [3, 1], seed=2)
    nn.load(loaded, path)
    assert hex_state(loaded) == hex_state(second)


@pytest.mark.parametrize(
    ("saved", "loaded", "message"),
    [
        ([4, 1], [3, 1], r"\(17 parameters\) does not fit this MLP \(13 parameters\): "
         r"load_state_dict: unexpected parameter 'layers.0.neurons.3.w.0'"),
        ([3, 1], [4, 1], r"\(13 parameters\) does not fit this MLP \(17 parameters\): "
         r"load_state_dict: missing parameter 'layers.0.neurons.3.w.0'"),
        ([3, 2], [3, 1], r"\(17 parameters\) does not fit this MLP \(13 parameters\): "
         r"load_state_dict: unexpected parameter 'layers.1.neurons.1.w.0'"),
    ],
)  # fmt: skip
def test_a_file_of_another_architecture_is_refused(
    tmp_path: Path, saved: list[int], loaded: list[int], message: str
) -> None:
    path = tmp_path / "model.json"
    nn.save(MLP(2, saved, seed=0), path)
    module = MLP(2, loaded, seed=1)
    before = hex_state(module)
    with pytest.raises(ValueError, match=f"load: {re.escape(str(path))} {message}"):
        nn.load(module, path)
    assert hex_state(module) == before


def write(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document), "utf-8")
    return path


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0.5", r"parameter 'layers.1.neurons.0.b' is '0.5', not a number"),
        (None, r"parameter 'layers.1.neurons.0.b' is None, not a number"),
        (True, r"parameter 'layers.1.neurons.0.b' is True, not a number"),
        ([1.0] * 100, r"parameter 'layers.1.neurons.0.b' is \[1.0, .*\.\.\. \(list\), not a"),
        (math.nan, r"is not a chainrule file: NaN is not a number JSON allows"),
        (math.inf, r"is not a chainrule file: Infinity is not a number JSON allows"),
        (-math.inf, r"is not a chainrule file: -Infinity is not a number JSON allows"),
    ],
)
def test_a_bad_value_is_a_value_error_and_nothing_changes(
    tmp_path: Path, value: Any, message: str
) -> None:
    module = MLP(2, [3, 1], seed=0)
    before = hex_state(module)
    parameters: dict[str, Any] = {name: 1.0 for name in module.state_dict()}
    parameters["layers.1.neurons.0.b"] = value  # the last one: the others must not be written
    path = write(
        tmp_path / "m.json", {"format": "chainrule", "version": 1, "parameters": parameters}
    )
    with pytest.raises(ValueError, match=f"load: {re.escape(str(path))} .*{message}"):
        nn.load(module, path)
    assert hex_state(module) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not a JSON file"),
        ("", "is not a JSON file"),
        ("[1, 2]", "is not a chainrule file"),
        ('{"format": "pytorch", "version": 1, "parameters": {}}', "is not a chainrule file"),
        ('{"version": 1, "parameters": {}}', "is not a chainrule file"),
        (
            '{"format": "chainrule", "version": 2, "parameters": {}}',
            "has version 2; this chainrule",
        ),
        ('{"format": "chainrule", "parameters": {}}', "has version None"),
        ('{"format": "chainrule", "version": 1}', 'has no "parameters" object, got None'),
        ('{"format": "chainrule", "version": 1, "parameters": [1]}', r"got \[1\]"),
    ],
)
def test_a_malformed_or_foreign_file_names_the_path(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "weights.json"
    path.write_text(content, "utf-8")
    module = MLP(2, [3, 1], seed=0)
    before = hex_state(module)
    with pytest.raises(ValueError, match=f"load: {re.escape(str(path))}.* {message}"):
        nn.load(module, path)
    assert hex_state(module) == before


def test_a_binary_file_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "weights.pt"
    path.write_bytes(b"\x80\x04\x95 a pickle, perhaps")
    with pytest.raises(ValueError, match=f"load: {re.escape(str(path))} is not a JSON file"):
        nn.load(MLP(2, [3, 1], seed=0), path)


def test_a_missing_file_is_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"missing\.json"):
        nn.load(MLP(2, [3, 1], seed=0), tmp_path / "missing.json")


# --- saving never destroys the previous file ------------------------------------------------


def saved(tmp_path: Path, seed: int = 0, name: str = "model.json") -> tuple[Path, bytes]:
    path = tmp_path / name
    nn.save(MLP(2, [3, 1], seed=seed), path)
    return path, path.read_bytes()


# The child saves a second model over the first and is killed by SIGKILL at the worst moment:
# the new file fully written but not yet renamed (its fsync is made to wait for the kill).
KILLED_SAVE = """
import os, sys, time
import nn
def fsync_then_wait(fd):
    print("written", flush=True)
    time.sleep(60)
os.fsync = fsync_then_wait
nn.save(nn.MLP(2, [3, 1], seed=1), sys.argv[1])
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_save_killed_by_sigkill_leaves_the_old_file_whole(tmp_path: Path) -> None:
    path, before = saved(tmp_path)
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_SAVE, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "written\n"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait()
    assert child.returncode == -signal.SIGKILL
    assert path.read_bytes() == before
    module = MLP(2, [3, 1], seed=2)
    nn.load(module, path)
    assert hex_state(module) == hex_state(MLP(2, [3, 1], seed=0))


@pytest.mark.parametrize("error", [KeyboardInterrupt(), OSError(28, "No space left on device")])
def test_a_failed_save_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    path, before = saved(tmp_path)

    def fail(descriptor: int) -> None:
        raise error

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(type(error)):
        nn.save(MLP(2, [3, 1], seed=1), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["model.json"]


def test_a_failed_write_names_save_and_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = saved(tmp_path)

    def full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match=f"save: cannot write {re.escape(str(path))}: No space"):
        nn.save(MLP(2, [3, 1], seed=1), path)


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges there")
def test_saving_through_a_symlink_replaces_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    target, _ = saved(tmp_path, name="target.json")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    nn.save(MLP(2, [3, 1], seed=1), link)
    assert link.is_symlink() and link.resolve() == target.resolve()
    module = MLP(2, [3, 1], seed=2)
    nn.load(module, target)
    assert hex_state(module) == hex_state(MLP(2, [3, 1], seed=1))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "target.json"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    path, _ = saved(tmp_path)
    path.chmod(0o640)
    nn.save(MLP(2, [3, 1], seed=1), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_saving_into_a_missing_folder_names_save(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"save: cannot write .*missing"):
        nn.save(MLP(2, [3, 1], seed=0), tmp_path / "missing" / "model.json")


# --- every bad file is a ValueError naming it, read in bounded memory ------------------------


def refused(path: Path, message: str, module: nn.Module | None = None) -> None:
    """load(path) is a ValueError naming the path and matching ``message``; nothing changes."""
    module = module or MLP(2, [3, 1], seed=0)
    before = hex_state(module)
    with pytest.raises(ValueError, match=f"^load: {re.escape(str(path))} .*{message}") as info:
        nn.load(module, path)
    assert len(str(info.value)) < 400
    assert hex_state(module) == before


def test_deep_nesting_is_a_value_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    refused(path, "nested too deeply", MLP(2, [16, 16, 1]))  # 337 parameters: 400 kB allowed


@pytest.mark.parametrize("digits", ["9" * 400, "-" + "9" * 400, "9" * 400 + ".5", "1e400"])
def test_a_number_too_large_for_a_float_is_quoted_briefly(tmp_path: Path, digits: str) -> None:
    module = MLP(2, [3, 1], seed=0)
    parameters = {name: 1.0 for name in module.state_dict()}
    text = json.dumps({"format": "chainrule", "version": 1, "parameters": parameters})
    path = tmp_path / "big.json"
    path.write_text(text.replace("1.0", digits, 1), "utf-8")
    refused(path, "is not a chainrule file: the number .* is too large for a float")


def test_a_file_larger_than_the_model_can_need_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    path.write_bytes(b" " * (64 * 1024 + 13 * 1024 + 1))  # MLP(2, [3, 1]): 13 parameters
    refused(path, "holds more than 78,848 bytes")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_is_refused() -> None:
    refused(Path("/dev/zero"), "holds more than")


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError, match=f"load: cannot read {re.escape(str(tmp_path))}"):
        nn.load(MLP(2, [3, 1], seed=0), tmp_path)


JSON = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(content=st.binary(max_size=200))
def test_fuzzed_bytes_are_refused(tmp_path_factory: pytest.TempPathFactory, content: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "m.json"
    path.write_bytes(content)
    refused(path, "")


@given(document=JSON)
def test_fuzzed_json_documents_are_refused(
    tmp_path_factory: pytest.TempPathFactory, document: Any
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "m.json"
    path.write_text(json.dumps(document), "utf-8")
    refused(path, "")


@given(data=st.data())
def test_a_fuzzed_edit_of_a_good_file_is_refused_or_loads_exactly(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    source = MLP(2, [3, 1], seed=1)
    parameters: dict[str, Any] = dict(source.state_dict())
    names = list(parameters)
    edit = data.draw(st.sampled_from(["value", "drop", "add"]))
    name = data.draw(st.sampled_from(names))
    if edit == "value":
        parameters[name] = data.draw(JSON)
    elif edit == "drop":
        del parameters[name]
    else:
        parameters[data.draw(st.text(max_size=8))] = data.draw(JSON)
    path = tmp_path_factory.mktemp("fuzz") / "m.json"
    path.write_text(json.dumps({"format": "chainrule", "version": 1, "parameters": parameters}))
    fits = set(parameters) == set(names) and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
        for v in parameters.values()
    )
    if fits:
        module = MLP(2, [3, 1], seed=0)
        nn.load(module, path)
        assert module.state_dict() == {n: float(v) for n, v in parameters.items()}
    else:
        refused(path, "")


# --- arguments ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [None, 3, b"model.json", 2.5])
@pytest.mark.parametrize("function", [nn.save, nn.load], ids=["save", "load"])
def test_a_path_of_the_wrong_type_names_the_function(function: Any, path: Any) -> None:
    name = function.__name__
    with pytest.raises(TypeError, match=rf"{name}: path must be a str or a pathlib.Path, got "):
        function(MLP(2, [3, 1], seed=0), path)


@pytest.mark.parametrize("function", [nn.save, nn.load], ids=["save", "load"])
def test_an_empty_path_names_the_function(function: Any) -> None:
    with pytest.raises(ValueError, match=rf"{function.__name__}: path is empty"):
        function(MLP(2, [3, 1], seed=0), "")


@pytest.mark.parametrize("module", [None, "model.json", {"w": 1.0}])
@pytest.mark.parametrize("function", [nn.save, nn.load], ids=["save", "load"])
def test_something_not_a_module_names_the_function(
    tmp_path: Path, function: Any, module: Any
) -> None:
    name = function.__name__
    with pytest.raises(
        TypeError, match=rf"{name}: module must be an nn.Module .*{name}\(model, path\)"
    ):
        function(module, tmp_path / "m.json")


def test_load_with_only_a_path_shows_the_call() -> None:
    with pytest.raises(TypeError, match=r"^load: the call is load\(model, path\)"):
        nn.load("m.json")  # type: ignore[arg-type]
