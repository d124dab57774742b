"""The PyTorch parity check shared by the optimizer tests: the same problem, both sides."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

import numpy as np
import pytest

from autograd import Value
from nn.optim import Optimizer

START = (-1.2, 1.0, 0.5, -0.8)
STEPS = 25
LR_CHANGE_STEP = 12  # both sides set lr to 0.7 * lr before this step


def objective(x: Sequence[Any]) -> Any:
    """Two Rosenbrock valleys and coupling terms: non-convex, for Values and tensors alike."""
    a, b, c, d = x
    rosenbrock = (1 - a) ** 2 + 10 * (b - a * a) ** 2 + (1 - c) ** 2 + 10 * (d - c * c) ** 2
    return rosenbrock + 0.5 * a * b * c * d + (a * d).sin()


@pytest.fixture(scope="session")
def assert_matches_torch(torch: ModuleType) -> Callable[..., None]:
    """``check(OptimizerClass, gradient_seed=None, **options)``: 25 steps here and in torch.

    By default the gradients are those of ``objective``, from our engine on one side and
    torch autograd on the other. With ``gradient_seed`` both sides get the same random
    gradients instead: no feedback from the parameters, so no chaotic optimizer path can
    magnify the engines' last-bit differences, and any hyper-parameters can be tested.

    Every parameter must agree to 1e-9 relative after every step (1e-9 absolute below 1:
    parameters are O(1), and when one crosses zero its relative error means nothing).
    Halfway, both sides lower lr.
    """

    def check(
        optimizer_class: type[Optimizer], gradient_seed: int | None = None, **options: Any
    ) -> None:
        ours_params = [Value(x) for x in START]
        torch_params = [torch.tensor(x, requires_grad=True) for x in START]
        ours = optimizer_class(ours_params, **options)
        theirs = getattr(torch.optim, optimizer_class.__name__)(
            torch_params, **options, foreach=False
        )
        if gradient_seed is not None:
            gradients = np.random.default_rng(gradient_seed).normal(0.0, 3.0, (STEPS, len(START)))
        for step in range(STEPS):
            if step == LR_CHANGE_STEP:
                ours.lr = theirs.param_groups[0]["lr"] = 0.7 * ours.lr
            ours.zero_grad()
            theirs.zero_grad()
            if gradient_seed is None:
                objective(ours_params).backward()
                objective(torch_params).backward()
            else:
                for p, t, g in zip(ours_params, torch_params, gradients[step].tolist()):
                    p.grad = g
                    t.grad = torch.tensor(g)
            ours.step()
            theirs.step()
            for i, (p, t) in enumerate(zip(ours_params, torch_params)):
                assert p.data == pytest.approx(t.item(), rel=1e-9, abs=1e-9), (
                    f"{optimizer_class.__name__}({options}): step {step + 1}, parameter {i}"
                )

    return check
