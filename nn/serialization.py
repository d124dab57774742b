"""Saving and loading a model's parameters as plain JSON.

The file is readable text, never pickle (loading a pickle can run any code)::

    {"format": "chainrule", "version": 1, "parameters": {"layers.0.neurons.0.w.0": 0.25, ...}}

Python writes each float with ``repr``, the shortest text that reads back as the same float,
so a save/load round trip is exact to the last bit.

Saving never destroys the previous file: the new one is written to a temporary file in the
same folder, flushed to disk, then renamed over the old one, which the operating system does
in one step. A save that fails or is killed leaves the old file whole. Loading reads a
bounded number of bytes, and every file that is not a fitting chainrule file is a ValueError
naming it, with the model unchanged.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import secrets
import stat
from pathlib import Path
from typing import Any, NoReturn

from .checks import shown
from .module import Module

FORMAT = "chainrule"
VERSION = 1
# A file nn.save writes takes about 60 bytes per parameter (its name and its number); load
# reads at most this much, so a wrong file (or /dev/zero) cannot fill the memory.
BYTES_PER_PARAMETER = 1024
BYTES_OVERHEAD = 64 * 1024

PathLike = str | os.PathLike[str]


def save(module: Module, path: PathLike) -> None:
    """Write every parameter of ``module``, by name, to the JSON file ``path``.

    The file is replaced in one step (a temporary file in the same folder, renamed over it),
    so a failed or interrupted save leaves the previous file as it was. Saving to a symbolic
    link replaces the file it points to, and the link stays a link.
    """
    _check_module("save", module)
    target = Path(os.path.realpath(_check_path("save", path)))
    document = {"format": FORMAT, "version": VERSION, "parameters": module.state_dict()}
    text = json.dumps(document, indent=1, allow_nan=False) + "\n"
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    try:
        _write_durably(temporary, text.encode("utf-8"), _mode_of(target))
        os.replace(temporary, target)
    except BaseException as error:  # KeyboardInterrupt too: never leave the temporary file
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(error, OSError):
            _reraise(error, f"save: cannot write {os.fspath(path)}")
        raise
    _sync_folder(target.parent)


def load(module: Module, path: PathLike | None = None) -> None:
    """Copy the parameters saved in ``path`` into ``module``, which must have the same names.

    A file that does not fit the module (not JSON, nested too deeply, a number too large for
    a float, a name missing or extra, a value that is not a finite number, more bytes than a
    file of this module can need) is a ValueError naming the file and the first problem,
    and the module is left unchanged.
    """
    if path is None and isinstance(module, (str, os.PathLike)):
        raise TypeError(
            f"load: the call is load(model, path): the weights in {os.fspath(module)!r} are "
            "copied into a model you make first (e.g. nn.MLP(2, [16, 16, 1])), as PyTorch's "
            "model.load_state_dict(torch.load(path))"
        )
    _check_module("load", module)
    shown = os.fspath(_check_path("load", path))
    n_module = len(module.parameters())
    limit = BYTES_OVERHEAD + BYTES_PER_PARAMETER * n_module
    parameters = _read_parameters(shown, limit)
    try:
        module.load_state_dict(parameters)
    except (ValueError, TypeError, OverflowError) as error:
        raise ValueError(
            f"load: {shown} ({len(parameters)} parameters) does not fit this "
            f"{type(module).__name__} ({n_module} parameters): {error}"
        ) from None


def _read_parameters(shown: str, limit: int) -> dict[str, Any]:
    """The "parameters" object of a chainrule file, or a ValueError naming the file."""
    try:
        with open(shown, "rb") as file:
            data = file.read(limit + 1)
    except OSError as error:
        _reraise(error, f"load: cannot read {shown}")
    if len(data) > limit:
        raise ValueError(
            f"load: {shown} holds more than {limit:,} bytes, more than a chainrule file of "
            "this model can need; it is not a file nn.save wrote for it"
        )
    try:
        document = json.loads(
            data.decode("utf-8"),
            parse_int=_integer,
            parse_float=_finite_number,
            parse_constant=_no_constant,
        )
    except RecursionError:
        raise ValueError(
            f"load: {shown} is not a chainrule file: it is nested too deeply"
        ) from None
    except _BadNumberError as error:
        raise ValueError(f"load: {shown} is not a chainrule file: {error}") from None
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
        raise ValueError(f'load: {shown} has no "parameters" object, got {_brief(parameters)}')
    for name, value in parameters.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(
                f"load: {shown} is not a chainrule file: parameter {_brief(name)} is "
                f"{_brief(value)}, not a number"
            )
    return parameters


def _brief(value: Any) -> str:
    """repr(value), cut to 60 characters: a file may hold anything, of any size."""
    shown = repr(value)
    return shown if len(shown) <= 60 else f"{shown[:50]}... ({type(value).__name__})"


class _BadNumberError(ValueError):
    """A number in the file that no parameter can hold."""


def _finite_number(text: str) -> float:
    """A JSON number as a float; one too large for a float is an error that does not quote
    all its digits."""
    value = float(text)
    if not math.isfinite(value):
        shown = text if len(text) <= 30 else f"{text[:20]}... ({len(text)} characters)"
        raise _BadNumberError(f"the number {shown} is too large for a float")
    return value


def _integer(text: str) -> int | float:
    """A JSON integer: as an int when short ("version": 1), else as a float (checked)."""
    return int(text) if len(text) <= 18 else _finite_number(text)


def _no_constant(text: str) -> NoReturn:
    raise _BadNumberError(f"{text} is not a number JSON allows (nn.save never writes it)")


def _write_durably(path: Path, data: bytes, mode: int) -> None:
    """Create ``path`` (it must not exist), write ``data`` and flush it to the disk."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with open(descriptor, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())


def _mode_of(target: Path) -> int:
    """The permissions of the file being replaced, or the default for a new file."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return 0o666  # less the umask, as for any new file


def _sync_folder(folder: Path) -> None:
    """Flush the rename itself to disk (POSIX; elsewhere a folder cannot be opened)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _check_module(where: str, module: Any) -> None:
    if not isinstance(module, Module):
        raise TypeError(
            f"{where}: module must be an nn.Module (a model such as nn.MLP), got {shown(module)}; "
            f"the call is {where}(model, path)"
        )


def _check_path(where: str, path: Any) -> PathLike:
    if isinstance(path, os.PathLike):
        path = os.fspath(path)
    if not isinstance(path, str):
        raise TypeError(f"{where}: path must be a str or a pathlib.Path, got {shown(path)}")
    if not path:
        raise ValueError(f"{where}: path is empty")
    return path


def _reraise(error: OSError, message: str) -> NoReturn:
    """``error`` again, of the same kind (FileNotFoundError, ...), with ``message`` first."""
    if error.errno is None:
        raise type(error)(f"{message}: {error}") from None
    raise type(error)(error.errno, f"{message}: {error.strerror}") from None
