from __future__ import annotations

import math
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Value
from nn.optim import SGD, ExponentialLR, LambdaLR, LinearLR, LRScheduler, StepLR, lr_scheduler

EPOCHS = 30
BASE_LR = 0.1


def lr_sequence(scheduler_class: type[LRScheduler], **options: Any) -> list[float]:
    optimizer = SGD([Value(1.0)], lr=BASE_LR)
    scheduler = scheduler_class(optimizer, **options)
    lrs = scheduler.get_last_lr()
    for _ in range(EPOCHS):
        optimizer.step()
        scheduler.step()
        assert scheduler.get_last_lr() == [optimizer.lr]
        lrs += scheduler.get_last_lr()
    return lrs


def torch_lr_sequence(torch: ModuleType, scheduler_class: type, **options: Any) -> list[float]:
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=BASE_LR)
    scheduler = getattr(torch.optim.lr_scheduler, scheduler_class.__name__)(optimizer, **options)
    lrs = scheduler.get_last_lr()
    for _ in range(EPOCHS):
        optimizer.step()
        scheduler.step()
        lrs += scheduler.get_last_lr()
    return lrs


def assert_same_as_torch(torch: ModuleType, scheduler_class: type, **options: Any) -> None:
    ours = lr_sequence(scheduler_class, **options)
    theirs = torch_lr_sequence(torch, scheduler_class, **options)
    assert len(ours) == len(theirs) == EPOCHS + 1
    assert ours == pytest.approx(theirs, rel=1e-12, abs=0.0)


CASES = [
    (StepLR, {"step_size": 1}),
    (StepLR, {"step_size": 7}),
    (StepLR, {"step_size": 4, "gamma": 0.5}),
    (StepLR, {"step_size": 3, "gamma": 1.5}),
    (ExponentialLR, {"gamma": 0.9}),
    (ExponentialLR, {"gamma": 1.05}),
    (LinearLR, {}),
    (LinearLR, {"start_factor": 0.1, "end_factor": 0.9, "total_iters": 12}),
    (LinearLR, {"start_factor": 1.0, "end_factor": 0.25, "total_iters": 40}),
    (LinearLR, {"start_factor": 0.5, "end_factor": 0.5, "total_iters": 3}),
    (LambdaLR, {"lr_lambda": lambda epoch: 0.95**epoch}),
    (LambdaLR, {"lr_lambda": lambda epoch: min(1.0, (epoch + 1) / 10)}),  # warm-up
    (LambdaLR, {"lr_lambda": lambda epoch: 1.0 / (1 + epoch) ** 0.5}),
    # lr = 0 is allowed, as in PyTorch: a warm-up from 0, a decay to 0, a schedule ending at 0
    (LambdaLR, {"lr_lambda": lambda epoch: min(1.0, epoch / 10)}),
    (StepLR, {"step_size": 1, "gamma": 1e-200}),
    (LinearLR, {"start_factor": 1.0, "end_factor": 0.0, "total_iters": 10}),
]


@pytest.mark.parametrize(("scheduler_class", "options"), CASES)
def test_lr_sequence_matches_torch(
    torch: ModuleType, scheduler_class: type[LRScheduler], options: dict
) -> None:
    assert_same_as_torch(torch, scheduler_class, **options)


@given(step_size=st.integers(1, 40), gamma=st.floats(0.3, 2.0))
def test_step_lr_matches_torch(torch: ModuleType, step_size: int, gamma: float) -> None:
    assert_same_as_torch(torch, StepLR, step_size=step_size, gamma=gamma)


@given(gamma=st.floats(0.3, 1.5))
def test_exponential_lr_matches_torch(torch: ModuleType, gamma: float) -> None:
    assert_same_as_torch(torch, ExponentialLR, gamma=gamma)


@given(
    start_factor=st.floats(0.01, 1.0),
    end_factor=st.floats(0.01, 1.0),
    total_iters=st.integers(1, 40),
)
def test_linear_lr_matches_torch(
    torch: ModuleType, start_factor: float, end_factor: float, total_iters: int
) -> None:
    assert_same_as_torch(
        torch,
        LinearLR,
        start_factor=start_factor,
        end_factor=end_factor,
        total_iters=total_iters,
    )


@given(rate=st.floats(0.0, 0.5), power=st.floats(0.0, 3.0))
def test_lambda_lr_matches_torch(torch: ModuleType, rate: float, power: float) -> None:
    assert_same_as_torch(torch, LambdaLR, lr_lambda=lambda epoch: (1 + rate * epoch) ** -power)


def test_schedulers_live_in_lr_scheduler_and_share_one_base() -> None:
    for scheduler_class in (StepLR, LambdaLR, LinearLR, ExponentialLR):
        assert getattr(lr_scheduler, scheduler_class.__name__) is scheduler_class
        assert issubclass(scheduler_class, LRScheduler)


def test_the_optimizer_steps_with_the_scheduled_lr() -> None:
    w = Value(0.0)
    optimizer = SGD([w], lr=1.0)
    scheduler = StepLR(optimizer, step_size=1, gamma=0.5)
    moves = []
    for _ in range(3):
        before = w.data
        w.grad = 1.0
        optimizer.step()
        scheduler.step()
        moves.append(before - w.data)
    assert moves == [1.0, 0.5, 0.25]


def test_an_lr_written_by_hand_lasts_until_the_next_scheduler_step() -> None:
    optimizer = SGD([Value(1.0)], lr=1.0)
    scheduler = ExponentialLR(optimizer, gamma=0.5)
    scheduler.step()
    optimizer.lr = 7.0
    assert scheduler.get_last_lr() == [0.5]  # what the scheduler set, as in torch
    scheduler.step()
    assert optimizer.lr == 0.25 and scheduler.last_epoch == 2


def test_get_last_lr_is_a_fresh_list() -> None:
    scheduler = StepLR(SGD([Value(1.0)], lr=0.3), step_size=2)
    scheduler.get_last_lr().append(1.0)
    assert scheduler.get_last_lr() == [0.3]


def test_lambda_lr_error_names_the_epoch_and_changes_nothing() -> None:
    optimizer = SGD([Value(1.0)], lr=1.0)
    scheduler = LambdaLR(optimizer, lambda epoch: 1.0 - epoch / 2)
    scheduler.step()
    scheduler.step()
    assert optimizer.lr == 0.0
    with pytest.raises(ValueError, match=r"LambdaLR: lr_lambda\(3\) must be >= 0, got -0\.5"):
        scheduler.step()
    assert scheduler.last_epoch == 2 and optimizer.lr == 0.0 and scheduler.get_last_lr() == [0.0]


@pytest.mark.parametrize(
    ("scheduler_class", "options", "base_lr", "last_good_epoch"),
    [
        (ExponentialLR, {"gamma": 10.0}, 0.1, 308),  # 10.0 ** 309 raises OverflowError
        (ExponentialLR, {"gamma": 10.0}, 1e10, 298),  # 1e10 * 1e299 is inf
        (StepLR, {"step_size": 2, "gamma": 1e300}, 1.0, 3),
        (LambdaLR, {"lr_lambda": lambda epoch: 1e308 if epoch else 1.0}, 10.0, 0),
    ],
)
def test_a_rate_growing_past_a_float_names_the_scheduler_and_changes_nothing(
    scheduler_class: type[LRScheduler], options: dict, base_lr: float, last_good_epoch: int
) -> None:
    optimizer = SGD([Value(1.0)], lr=base_lr)
    scheduler = scheduler_class(optimizer, **options)
    for _ in range(last_good_epoch):
        scheduler.step()
    lr = optimizer.lr
    name = scheduler_class.__name__
    with pytest.raises(
        OverflowError,
        match=rf"{name}: the learning rate at epoch {last_good_epoch + 1} .* overflows a float",
    ):
        scheduler.step()
    assert (scheduler.last_epoch, optimizer.lr, scheduler.get_last_lr()) == (
        last_good_epoch,
        lr,
        [lr],
    )


@pytest.mark.parametrize(
    ("lr_lambda", "error", "match"),
    [
        (lambda epoch: -1.0, ValueError, r"LambdaLR: lr_lambda\(0\) must be >= 0, got -1\.0"),
        (lambda epoch: math.nan, ValueError, r"LambdaLR: lr_lambda\(0\) must be finite"),
        (lambda epoch: "1", TypeError, r"LambdaLR: lr_lambda\(0\) must be a real number"),
        (0.5, TypeError, r"LambdaLR: lr_lambda must be a function of the epoch, got 0\.5"),
    ],
)
def test_bad_lr_lambda_is_named(lr_lambda: Callable, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        LambdaLR(SGD([Value(1.0)]), lr_lambda)


@pytest.mark.parametrize(
    ("scheduler_class", "options", "error", "match"),
    [
        (StepLR, {"step_size": 0}, ValueError, r"StepLR: step_size must be a positive .*got 0"),
        (
            StepLR,
            {"step_size": 2.0},
            TypeError,
            r"StepLR: step_size must be a positive integer, got 2\.0",
        ),
        (
            StepLR,
            {"step_size": True},
            TypeError,
            r"StepLR: step_size must be a positive integer, got True",
        ),
        (
            StepLR,
            {"step_size": 2, "gamma": 0.0},
            ValueError,
            r"StepLR: gamma must be > 0, got 0\.0",
        ),
        (
            ExponentialLR,
            {"gamma": -0.5},
            ValueError,
            r"ExponentialLR: gamma must be > 0, got -0\.5",
        ),
        (ExponentialLR, {"gamma": "0.9"}, TypeError, r"ExponentialLR: gamma must be a real"),
        (
            LinearLR,
            {"start_factor": 0.0},
            ValueError,
            r"LinearLR: start_factor must be in \(0, 1\]",
        ),
        (
            LinearLR,
            {"start_factor": 1.5},
            ValueError,
            r"start_factor must be in \(0, 1\], got 1\.5",
        ),
        (
            LinearLR,
            {"end_factor": -0.1},
            ValueError,
            r"LinearLR: end_factor must be in \[0, 1\], got -0\.1",
        ),
        (LinearLR, {"total_iters": 0}, ValueError, r"LinearLR: total_iters must be a positive"),
    ],
)
def test_bad_scheduler_options_are_named(
    scheduler_class: type[LRScheduler], options: dict, error: type, match: str
) -> None:
    optimizer = SGD([Value(1.0)], lr=0.1)
    with pytest.raises(error, match=match):
        scheduler_class(optimizer, **options)
    assert optimizer.lr == 0.1


def test_a_scheduler_needs_one_of_our_optimizers(torch: ModuleType) -> None:
    theirs = torch.optim.SGD([torch.zeros(1, requires_grad=True)])
    with pytest.raises(TypeError, match=r"StepLR: optimizer must be an Optimizer, got SGD \("):
        StepLR(theirs, step_size=1)


def test_repr_shows_epoch_and_lr() -> None:
    scheduler = StepLR(SGD([Value(1.0)], lr=0.5), step_size=1, gamma=0.5)
    scheduler.step()
    assert repr(scheduler) == "StepLR(last_epoch=1, lr=0.25)"
