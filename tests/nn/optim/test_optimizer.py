"""What every optimizer shares: parameters, lr, zero_grad, and a step that only moves data."""

from __future__ import annotations

import inspect
import math
import signal
import threading
from types import ModuleType
from typing import Any

import pytest

import nn
from autograd import Value
from nn import MLP
from nn.optim import SGD, Adagrad, Adam, AdamW, Optimizer, RMSprop

OPTIMIZERS = [SGD, Adagrad, RMSprop, Adam, AdamW]
WITH_EPS = [Adagrad, RMSprop, Adam, AdamW]  # they divide by sqrt(sum of g^2) + eps


def make(optimizer_class: type[Optimizer], n: int = 3, **options: Any) -> Optimizer:
    return optimizer_class([Value(0.5 * (i + 1)) for i in range(n)], **options)


@pytest.mark.parametrize("optimizer_class", OPTIMIZERS)
def test_signature_matches_torch(torch: ModuleType, optimizer_class: type[Optimizer]) -> None:
    # Same names, order and defaults as torch.optim, up to our last argument.
    ours = list(inspect.signature(optimizer_class).parameters.values())
    theirs = list(
        inspect.signature(getattr(torch.optim, optimizer_class.__name__)).parameters.values()
    )
    assert [(p.name, p.default) for p in ours] == [(p.name, p.default) for p in theirs[: len(ours)]]


def test_nn_exposes_optim() -> None:
    assert nn.optim.Adam is Adam


@pytest.mark.parametrize("optimizer_class", OPTIMIZERS)
def test_takes_a_models_parameters_and_trains_it(optimizer_class: type[Optimizer]) -> None:
    model = MLP(2, [4, 1], activation="tanh", seed=0)
    data = [([0.0, 1.0], 1.0), ([1.0, 0.0], -1.0), ([1.0, 1.0], 0.5)]
    optimizer = optimizer_class(model.parameters(), lr=0.02)

    def loss() -> Value:
        return sum(((model(x) - y) ** 2 for x, y in data), Value(0.0))

    first = loss().data
    for _ in range(30):
        optimizer.zero_grad()
        loss().backward()
        optimizer.step()
    assert loss().data < 0.9 * first


@pytest.mark.parametrize("optimizer_class", OPTIMIZERS)
def test_zero_grad_zeroes_every_gradient(optimizer_class: type[Optimizer]) -> None:
    optimizer = make(optimizer_class)
    for p in optimizer.params:
        p.grad = 3.0
    optimizer.zero_grad()
    assert [p.grad for p in optimizer.params] == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("optimizer_class", OPTIMIZERS)
def test_step_moves_data_only_and_builds_no_graph(optimizer_class: type[Optimizer]) -> None:
    params = [Value(1.0), Value(-2.0)]
    optimizer = optimizer_class(params, lr=0.1)
    loss = params[0] * params[1]
    loss.backward()
    optimizer.step()
    assert all(a is b for a, b in zip(optimizer.params, params, strict=True))
    assert [p.data for p in params] != [1.0, -2.0]
    assert all(type(p.data) is float for p in params)
    assert [p.grad for p in params] == [-2.0, 1.0]  # gradients are left as they were
    assert all(p.op == "" and p.parents == () and p.local_grads == () for p in params)
    assert loss.parents == tuple(params)  # the loss graph is not touched either


@pytest.mark.parametrize("optimizer_class", OPTIMIZERS)
def test_new_lr_takes_effect_on_the_next_step(optimizer_class: type[Optimizer]) -> None:
    # Every update is lr * (something that does not depend on lr), so tripling lr before a
    # step triples that step's move, with the same history behind both optimizers.
    a, b = make(optimizer_class, lr=0.01), make(optimizer_class, lr=0.01)
    for step in range(4):
        if step == 3:
            b.lr = 0.03
        for optimizer in (a, b):
            for i, p in enumerate(optimizer.params):
                p.grad = math.sin(step + i) + 2.0 * p.data
        before = [p.data for p in a.params]
        a.step()
        b.step()
    assert b.lr == 0.03
    moves_a = [p.data - x for p, x in zip(a.params, before)]
    moves_b = [p.data - x for p, x in zip(b.params, before)]
    assert moves_b == pytest.approx([3.0 * m for m in moves_a], rel=1e-12)
    assert all(m != 0.0 for m in moves_a)


@pytest.mark.parametrize("optimizer_class", OPTIMIZERS)
@pytest.mark.parametrize(
    ("lr", "error", "match"),
    [
        (-0.1, ValueError, r"lr must be >= 0, got -0\.1"),
        (-5e-324, ValueError, r"lr must be >= 0, got -5e-324"),
        (math.inf, ValueError, r"lr must be finite, got inf"),
        (math.nan, ValueError, r"lr must be finite, got nan"),
        ("0.1", TypeError, r"lr must be a real number, got '0\.1'"),
        (None, TypeError, r"lr must be a real number, got None"),
        (True, TypeError, r"lr must be a real number, got True"),
    ],
)
def test_bad_lr_is_named_in_constructor_and_setter(
    optimizer_class: type[Optimizer], lr: Any, error: type, match: str
) -> None:
    name = optimizer_class.__name__
    with pytest.raises(error, match=f"{name}: {match}"):
        make(optimizer_class, lr=lr)
    optimizer = make(optimizer_class, lr=0.5)
    with pytest.raises(error, match=f"{name}: {match}"):
        optimizer.lr = lr
    assert optimizer.lr == 0.5


@pytest.mark.parametrize("optimizer_class", OPTIMIZERS)
def test_lr_accepts_any_positive_real(optimizer_class: type[Optimizer]) -> None:
    optimizer = make(optimizer_class)
    optimizer.lr = 2
    assert optimizer.lr == 2.0 and type(optimizer.lr) is float


@pytest.mark.parametrize("optimizer_class", OPTIMIZERS)
def test_lr_zero_is_allowed_and_moves_nothing(
    torch: ModuleType, optimizer_class: type[Optimizer]
) -> None:
    # PyTorch allows lr = 0 (a warm-up starts there): the step keeps the state going.
    optimizer = make(optimizer_class, lr=0.0)
    theirs = getattr(torch.optim, optimizer_class.__name__)(
        [torch.tensor(p.data, requires_grad=True) for p in optimizer.params], lr=0.0
    )
    for p, t in zip(optimizer.params, theirs.param_groups[0]["params"]):
        p.grad = 0.25
        t.grad = torch.tensor(0.25)
    optimizer.step()
    theirs.step()
    assert optimizer.t == 1
    assert [p.data for p in optimizer.params] == [
        t.item() for t in theirs.param_groups[0]["params"]
    ]


@pytest.mark.parametrize("optimizer_class", OPTIMIZERS)
def test_negative_weight_decay_is_named(optimizer_class: type[Optimizer]) -> None:
    with pytest.raises(
        ValueError, match=rf"{optimizer_class.__name__}: weight_decay must be >= 0, got -0\.1"
    ):
        make(optimizer_class, weight_decay=-0.1)


@pytest.mark.parametrize("optimizer_class", OPTIMIZERS)
@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        ([], ValueError, r"got an empty list of parameters"),
        (iter([]), ValueError, r"got an empty list of parameters"),
        ([Value(1.0), 3.0], TypeError, r"every parameter must be a Value, got 3\.0"),
        ([[Value(1.0)]], TypeError, r"every parameter must be a Value, got \[Value\("),
        (Value(1.0), TypeError, r"params must be an iterable of Values .*, got Value\("),
        (0.5, TypeError, r"params must be an iterable of Values .*, got 0\.5"),
        ([Value(1.0) + 1.0], ValueError, r"can't optimize a non-leaf Value \(made by '\+'\)"),
    ],
)
def test_bad_params_are_named(
    optimizer_class: type[Optimizer], params: Any, error: type, match: str
) -> None:
    with pytest.raises(error, match=f"{optimizer_class.__name__}: {match}"):
        optimizer_class(params)


@pytest.mark.parametrize("optimizer_class", OPTIMIZERS)
def test_a_parameter_listed_twice_is_refused(optimizer_class: type[Optimizer]) -> None:
    w, v = Value(1.0), Value(1.0)  # equal data, different parameters: both are fine
    assert len(optimizer_class([w, v]).params) == 2
    with pytest.raises(ValueError, match=r"parameter Value\(data=1\.0.* is listed twice"):
        optimizer_class([w, v, w])


@pytest.mark.parametrize("optimizer_class", OPTIMIZERS)
def test_params_can_be_a_generator(optimizer_class: type[Optimizer]) -> None:
    values = [Value(1.0), Value(2.0)]
    optimizer = optimizer_class(v for v in values)
    assert optimizer.params == values


def _state(optimizer: Optimizer) -> tuple:
    """Everything a step may change: t, each state list, each parameter's data."""
    states = {name: list(getattr(optimizer, name)) for name in optimizer._state_names}
    return optimizer.t, states, [p.data for p in optimizer.params]


def _check_failed_step_changed_nothing(optimizer: Optimizer, error: type, match: str) -> None:
    """``step()`` raises; then nothing has moved, and with sane gradients and lr the next
    step is exactly a fresh optimizer's first step."""
    before = _state(optimizer)
    with pytest.raises(error, match=match):
        optimizer.step()
    assert _state(optimizer) == before
    optimizer.lr = 0.01
    twin = type(optimizer)([Value(p.data) for p in optimizer.params], lr=0.01)
    for p, q in zip(optimizer.params, twin.params):
        p.grad = q.grad = 0.25
    optimizer.step()
    twin.step()
    assert [p.data for p in optimizer.params] == [p.data for p in twin.params]


@pytest.mark.parametrize("optimizer_class", OPTIMIZERS)
@pytest.mark.parametrize("bad", [math.nan, math.inf, "1.0"])
def test_a_bad_gradient_is_named_and_changes_nothing(
    optimizer_class: type[Optimizer], bad: Any
) -> None:
    """A bad gradient is refused where it is written (Value.grad checks it), so no step sees it."""
    optimizer = make(optimizer_class)
    optimizer.params[0].grad = 1.0
    error = TypeError if isinstance(bad, str) else ValueError
    with pytest.raises(error, match=r"^Value\.grad: expected a"):
        optimizer.params[2].grad = bad
    assert optimizer.params[2].grad == 0.0


@pytest.mark.parametrize("optimizer_class", OPTIMIZERS)
def test_a_diverging_update_is_named_and_changes_nothing(optimizer_class: type[Optimizer]) -> None:
    # The last parameter is driven past the largest float; the first one updates fine.
    optimizer = make(optimizer_class, lr=1e308)
    optimizer.params[0].grad = 1e-300
    optimizer.params[2].data = -1e308
    optimizer.params[2].grad = 1.0
    match = rf"{optimizer_class.__name__}\.step: the update of parameter 2 .* overflowed"
    _check_failed_step_changed_nothing(optimizer, OverflowError, match)


@pytest.mark.parametrize("optimizer_class", WITH_EPS)
def test_an_overflowing_state_is_named_and_changes_nothing(
    optimizer_class: type[Optimizer],
) -> None:
    # g^2 overflows the square average; the parameter itself would barely move.
    optimizer = make(optimizer_class)
    optimizer.params[1].grad = 1e200
    match = rf"{optimizer_class.__name__}\.step: the update of parameter 1 .* overflowed"
    _check_failed_step_changed_nothing(optimizer, OverflowError, match)


@pytest.mark.parametrize("optimizer_class", WITH_EPS)
def test_zero_over_zero_with_eps_0_is_named_and_changes_nothing(
    optimizer_class: type[Optimizer],
) -> None:
    # A zero gradient and eps = 0 make 0 / 0 (torch returns NaN).
    optimizer = make(optimizer_class, eps=0.0)
    optimizer.params[0].grad = 1.0
    match = rf"{optimizer_class.__name__}\.step: division by zero updating parameter 1"
    with pytest.raises(ZeroDivisionError, match=match):
        optimizer.step()
    assert optimizer.t == 0 and optimizer.params[0].data == 0.5


@pytest.mark.parametrize("optimizer_class", OPTIMIZERS)
def test_repr_names_the_optimizer(optimizer_class: type[Optimizer]) -> None:
    assert (
        repr(make(optimizer_class, lr=0.5)) == f"{optimizer_class.__name__}(3 parameters, lr=0.5)"
    )


def _stepped(optimizer_class: type[Optimizer], steps: int, **options: Any) -> Optimizer:
    """An optimizer of 4 parameters after ``steps`` steps with fixed gradients."""
    optimizer = make(optimizer_class, n=4, lr=0.1, **options)
    for k in range(steps):
        for i, p in enumerate(optimizer.params):
            p.grad = 0.5 - 0.3 * i + 0.1 * k
        optimizer.step()
    return optimizer


# Each option that adds a state (momentum, centered, amsgrad) in use, so every list is checked.
FULL_STATE = {
    SGD: {"momentum": 0.9},
    Adagrad: {},
    RMSprop: {"momentum": 0.5, "centered": True},
    Adam: {"amsgrad": True},
    AdamW: {"amsgrad": True},
}


@pytest.mark.parametrize("optimizer_class", OPTIMIZERS)
@pytest.mark.parametrize("error", [KeyboardInterrupt, MemoryError, RuntimeError])
def test_an_exception_partway_through_a_step_changes_nothing(
    monkeypatch: pytest.MonkeyPatch, optimizer_class: type[Optimizer], error: type
) -> None:
    options = FULL_STATE[optimizer_class]
    optimizer, twin = (_stepped(optimizer_class, 3, **options) for _ in range(2))
    before = _state(optimizer)
    assert all(any(values) for values in before[1].values() if values)  # states in use
    update = optimizer._update

    def fail_at_parameter_2(i: int, *args: Any) -> float:
        if i == 2:  # parameters 0 and 1 (and their states) are already computed
            raise error
        return update(i, *args)

    monkeypatch.setattr(optimizer, "_update", fail_at_parameter_2)
    for i, p in enumerate(optimizer.params):
        p.grad = 1.0 + i
    with pytest.raises(error):
        optimizer.step()
    assert _state(optimizer) == before
    monkeypatch.undo()  # then the step works, exactly as the twin's
    for p, q in zip(optimizer.params, twin.params):
        q.grad = p.grad
    optimizer.step()
    twin.step()
    assert _state(optimizer) == _state(twin)


class InterruptedOnWrite(Value):
    """A parameter that receives a Ctrl-C (SIGINT) as its new value is written."""

    __slots__ = ()

    @property
    def data(self) -> float:
        return Value.data.fget(self)  # type: ignore[attr-defined]

    @data.setter
    def data(self, value: float) -> None:
        signal.raise_signal(signal.SIGINT)
        Value.data.fset(self, value)  # type: ignore[attr-defined]


@pytest.mark.parametrize("optimizer_class", OPTIMIZERS)
def test_a_ctrl_c_during_the_commit_waits_until_the_step_is_whole(
    optimizer_class: type[Optimizer],
) -> None:
    params = [InterruptedOnWrite(0.5), InterruptedOnWrite(1.0)]
    twin = optimizer_class([Value(0.5), Value(1.0)], lr=0.1)
    optimizer = optimizer_class(params, lr=0.1)
    for p, q in zip(params, twin.params):
        p.grad = q.grad = 0.25
    twin.step()
    with pytest.raises(KeyboardInterrupt):
        optimizer.step()  # raised after every parameter and the state were written
    assert _state(optimizer) == _state(twin)


def test_a_step_in_another_thread_works() -> None:
    optimizer = make(SGD, lr=0.1)
    for p in optimizer.params:
        p.grad = 1.0
    worker = threading.Thread(target=optimizer.step)
    worker.start()
    worker.join()
    assert [p.data for p in optimizer.params] == [0.4, 0.9, 1.4]


def _steps(optimizer: Optimizer, grads: list[float]) -> None:
    for g in grads:
        for i, p in enumerate(optimizer.params):
            p.grad = g * (i + 1)
        optimizer.step()


@pytest.mark.parametrize("optimizer_class", OPTIMIZERS)
def test_state_dict_resumes_training_exactly(optimizer_class: type[Optimizer]) -> None:
    """Three steps, save, two more; a fresh optimizer loaded with the state takes the same two."""
    options = {"momentum": 0.9} if optimizer_class in (SGD, RMSprop) else {}
    first = make(optimizer_class, lr=0.1, **options)
    _steps(first, [0.3, -0.2, 0.5])
    saved = first.state_dict()
    weights = [p.data for p in first.params]
    _steps(first, [0.1, 0.4])
    second = make(optimizer_class, lr=0.1, **options)
    for p, w in zip(second.params, weights):
        p.data = w
    second.load_state_dict(saved)
    _steps(second, [0.1, 0.4])
    assert [p.data for p in second.params] == [p.data for p in first.params]
    assert second.state_dict() == first.state_dict()
    assert saved["t"] == 3


def test_load_state_dict_names_a_mismatch_and_changes_nothing() -> None:
    adam = make(Adam, lr=0.1)
    _steps(adam, [0.3])
    before = adam.state_dict()
    bad = dict(before, exp_avgs=[0.0])  # one value for three parameters
    with pytest.raises(ValueError, match=r"^Adam\.load_state_dict: exp_avgs has 1 values for 3"):
        adam.load_state_dict(bad)
    with pytest.raises(ValueError, match=r"^Adam\.load_state_dict: expected the names"):
        adam.load_state_dict({"t": 1})
    with pytest.raises(ValueError, match=r"^Adam\.load_state_dict: exp_avgs\[0\]: expected a fin"):
        adam.load_state_dict(dict(before, exp_avgs=[math.nan] * 3))
    assert adam.state_dict() == before
