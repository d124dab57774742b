"""Saving and loading a model's parameters as plain JSON.

The file is readable text, never pickle (loading a pickle can run any code)::

    {"format": "chainrule", "version": 1, "parameters": {"layers.0.neurons.0.w.0": 0.25, ...}}

Python writes each float with ``repr``, the shortest text that reads back as the same float,
so a save/load round trip is exact to the last bit.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .module import Module

FORMAT = "chainrule"
VERSION = 1


def save(module: Module, path: str | os.PathLike[str]) -> None:
    """Write every parameter of ``module``, by name, to the JSON file ``path``."""
    document = {"format": FORMAT, "version": VERSION, "parameters": module.state_dict()}
    Path(path).write_text(json.dumps(document, indent=1, allow_nan=False) + "\n", "utf-8")


def load(module: Module, path: str | os.PathLike[str]) -> None:
    """Copy the parameters saved in ``path`` into ``module``, which must have the same names.

    A file that does not fit the module (a name missing or extra, a value that is not a
    finite number) is a ValueError or TypeError naming the first mismatch, and the module is
    left unchanged.
    """
    parameters = _read_parameters(path)
    try:
        module.load_state_dict(parameters)
    except (ValueError, TypeError) as error:
        kind = TypeError if isinstance(error, TypeError) else ValueError
        n_module = len(module.parameters())
        raise kind(
            f"load: {os.fspath(path)} ({len(parameters)} parameters) does not fit this "
            f"{type(module).__name__} ({n_module} parameters): {error}"
        ) from error


def _read_parameters(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The "parameters" object of a chainrule file, or a ValueError naming the path."""
    shown = os.fspath(path)
    try:
        document = json.loads(Path(path).read_text("utf-8"))
    except ValueError as error:  # bad JSON, bad UTF-8
        raise ValueError(f"load: {shown} is not a JSON file ({error})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError(
            f'load: {shown} is not a chainrule file (expected a JSON object with "format": '
            f'"{FORMAT}", as nn.save writes)'
        )
    if document.get("version") != VERSION:
        raise ValueError(
            f"load: {shown} has version {document.get('version')!r}; this chainrule reads "
            f"version {VERSION}"
        )
    parameters = document.get("parameters")
    if not isinstance(parameters, dict):
        raise ValueError(f'load: {shown} has no "parameters" object, got {parameters!r}')
    return parameters
