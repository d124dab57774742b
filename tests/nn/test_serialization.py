"""save and load: plain JSON, exact round trips, and clear errors for files that do not fit."""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path
from typing import Any

import pytest

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
    ("value", "error", "message"),
    [
        ("0.5", TypeError, r"'layers.1.neurons.0.b': expected a real number, got '0.5'"),
        (None, TypeError, r"'layers.1.neurons.0.b': expected a real number, got None"),
        (math.nan, ValueError, r"'layers.1.neurons.0.b': expected a finite number, got nan"),
        (math.inf, ValueError, r"'layers.1.neurons.0.b': expected a finite number, got inf"),
    ],
)
def test_a_bad_value_is_refused_and_nothing_changes(
    tmp_path: Path, value: Any, error: type[Exception], message: str
) -> None:
    module = MLP(2, [3, 1], seed=0)
    before = hex_state(module)
    parameters: dict[str, Any] = {name: 1.0 for name in module.state_dict()}
    parameters["layers.1.neurons.0.b"] = value  # the last one: the others must not be written
    path = write(
        tmp_path / "m.json", {"format": "chainrule", "version": 1, "parameters": parameters}
    )
    with pytest.raises(error, match=message):
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
