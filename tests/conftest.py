"""Shared fixtures. PyTorch is a reference for parity tests only.

Where torch is missing the parity tests skip, except when CHAINRULE_REQUIRE_TORCH=1 (set by
.ci/run): then a missing torch fails them, so CI can never pass with the parity tests off.
"""

from __future__ import annotations

import os
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "chainrule",
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("chainrule")


def _load_torch() -> ModuleType:
    try:
        import torch
    except ImportError:
        if os.environ.get("CHAINRULE_REQUIRE_TORCH") == "1":
            pytest.fail("torch is required here (CHAINRULE_REQUIRE_TORCH=1) but not installed")
        pytest.skip("torch not installed: pip install torch==2.13.0 to run parity tests")
    torch.set_default_dtype(torch.float64)
    return torch


@pytest.fixture(scope="session")
def torch() -> ModuleType:
    """The torch module in float64, or a skip (a failure under CHAINRULE_REQUIRE_TORCH=1)."""
    return _load_torch()
