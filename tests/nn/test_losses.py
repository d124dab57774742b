"""Losses and penalties: values and gradients against PyTorch float64 and finite differences."""

from __future__ import annotations

import math
from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import nn
from autograd import Value, gradcheck

REL = 1e-12  # agreement with PyTorch float64: the same math, summed in another order


def leaves(xs: list[float]) -> list[Value]:
    return [Value(x) for x in xs]


def assert_matches_torch(
    torch: ModuleType,
    ours: Callable[..., Value],
    theirs: Callable[..., Any],
    inputs: list[float],
    target: Any,
) -> None:
    """Same loss and same input gradients as ``theirs`` on float64 tensors."""
    xs = leaves(inputs)
    loss = ours(xs, target)
    loss.backward()
    tx = torch.tensor(inputs, requires_grad=True)
    reference = theirs(tx, torch.tensor(target))
    reference.backward()
    assert loss.data == pytest.approx(reference.item(), rel=REL)
    assert math.isfinite(loss.data)
    assert [x.grad for x in xs] == pytest.approx(tx.grad.tolist(), rel=REL, abs=1e-15)


def hinge_reference(torch: ModuleType) -> Callable[..., Any]:
    return lambda x, t: torch.clamp(1 - t * x, min=0).mean()


# name, our loss, the PyTorch reference (given torch), inputs, targets
ELEMENTWISE = [
    (
        "mse_loss",
        nn.mse_loss,
        lambda torch: torch.nn.functional.mse_loss,
        [0.5, -1.25, 3.0, 1000.0],
        [1.0, 0.0, -2.0, -1000.0],
    ),
    (
        "binary_cross_entropy",
        nn.binary_cross_entropy,
        lambda torch: torch.nn.functional.binary_cross_entropy,
        [0.2, 0.9, 0.5, 1e-9, 1 - 1e-9],
        [0.0, 1.0, 0.3, 1.0, 0.0],
    ),
    (
        "binary_cross_entropy_with_logits",
        nn.binary_cross_entropy_with_logits,
        lambda torch: torch.nn.functional.binary_cross_entropy_with_logits,
        [1000.0, -1000.0, 1000.0, -1000.0, 0.0, 2.5, -3.0],
        [1.0, 0.0, 0.0, 1.0, 1.0, 0.25, 0.0],
    ),
    (
        "hinge_loss",
        nn.hinge_loss,
        hinge_reference,
        [0.3, -2.0, 1.5, -0.2, 1000.0, -1000.0],
        [1.0, -1.0, -1.0, 1.0, 1.0, 1.0],
    ),
]
LOSS_IDS = [case[0] for case in ELEMENTWISE]


@pytest.mark.parametrize(("name", "ours", "theirs", "inputs", "targets"), ELEMENTWISE, ids=LOSS_IDS)
def test_batch_matches_torch(
    torch: ModuleType, name: str, ours: Any, theirs: Any, inputs: Any, targets: Any
) -> None:
    assert_matches_torch(torch, ours, theirs(torch), inputs, targets)


@pytest.mark.parametrize(("name", "ours", "theirs", "inputs", "targets"), ELEMENTWISE, ids=LOSS_IDS)
def test_one_sample_as_a_value_matches_torch(
    torch: ModuleType, name: str, ours: Any, theirs: Any, inputs: Any, targets: Any
) -> None:
    for x, t in zip(inputs, targets):
        v = Value(x)
        loss = ours(v, t)
        loss.backward()
        tx = torch.tensor(x, requires_grad=True)
        reference = theirs(torch)(tx, torch.tensor(t))
        reference.backward()
        assert loss.data == pytest.approx(reference.item(), rel=REL)
        assert v.grad == pytest.approx(tx.grad.item(), rel=REL, abs=1e-15)


@pytest.mark.parametrize(("name", "ours", "theirs", "inputs", "targets"), ELEMENTWISE, ids=LOSS_IDS)
def test_gradients_match_finite_differences(
    name: str, ours: Any, theirs: Any, inputs: Any, targets: Any
) -> None:
    # probabilities within eps = 1e-6 of 0 or 1 would step outside (0, 1)
    kept = [
        (x, t)
        for x, t in zip(inputs, targets)
        if name != "binary_cross_entropy" or 1e-3 < x < 1 - 1e-3
    ]
    xs, ts = [x for x, _ in kept], [t for _, t in kept]
    assert gradcheck(lambda *vs: ours(list(vs), ts), xs)


@pytest.mark.parametrize(("name", "ours", "theirs", "inputs", "targets"), ELEMENTWISE, ids=LOSS_IDS)
def test_the_batch_sum_is_one_node(
    name: str, ours: Any, theirs: Any, inputs: Any, targets: Any
) -> None:
    n = 50
    xs = leaves([0.5] * n)
    loss = ours(xs, [1.0] * n)
    assert max(len(node.parents) for node in loss.topological_order()) >= n


@pytest.mark.parametrize(("name", "ours", "theirs", "inputs", "targets"), ELEMENTWISE, ids=LOSS_IDS)
def test_lengths_must_match(name: str, ours: Any, theirs: Any, inputs: Any, targets: Any) -> None:
    with pytest.raises(ValueError, match=f"{name}: input has 3 elements but target has 2"):
        ours(leaves(inputs[:3]), targets[:2])
    with pytest.raises(ValueError, match=f"{name}: input has 1 elements but target has 2"):
        ours(Value(inputs[0]), targets[:2])


@pytest.mark.parametrize(("name", "ours", "theirs", "inputs", "targets"), ELEMENTWISE, ids=LOSS_IDS)
def test_empty_input_is_an_error(
    name: str, ours: Any, theirs: Any, inputs: Any, targets: Any
) -> None:
    with pytest.raises(ValueError, match=f"{name}: needs at least one element"):
        ours([], [])


@pytest.mark.parametrize(("name", "ours", "theirs", "inputs", "targets"), ELEMENTWISE, ids=LOSS_IDS)
def test_bad_types_name_the_loss(
    name: str, ours: Any, theirs: Any, inputs: Any, targets: Any
) -> None:
    with pytest.raises(TypeError, match=f"{name}: expected a real number, got 'a'"):
        ours([Value(inputs[0])], ["a"])
    # a Value target is read by its data (fit's replayed mini-batches write targets into leaves)
    as_value = ours([Value(inputs[0])], [Value(targets[0])]).data
    assert as_value == ours([Value(inputs[0])], [targets[0]]).data
    with pytest.raises(ValueError, match=f"{name}: expected a finite number, got nan"):
        ours([Value(inputs[0])], [math.nan])
    with pytest.raises(TypeError, match=f"{name}: input must be a number or a sequence"):
        ours(object(), targets[0])


def test_plain_numbers_and_numpy_arrays_are_accepted() -> None:
    loss = nn.mse_loss(np.array([1.0, 2.0]), np.array([0.0, 0.0]))
    assert isinstance(loss, Value)
    assert loss.data == 2.5
    assert nn.mse_loss(2, 5).data == 9.0


# --- mse_loss ----------------------------------------------------------------------------


def test_mse_loss_by_hand() -> None:
    x = Value(3.0)
    loss = nn.mse_loss([x, 1.0], [1.0, 1.0])  # ((3-1)^2 + 0) / 2
    loss.backward()
    assert loss.data == 2.0
    assert x.grad == 2.0  # 2 (x - t) / n


finite = st.floats(-50, 50, allow_nan=False)


@given(st.lists(st.tuples(finite, finite), min_size=1, max_size=8))
def test_mse_loss_matches_torch_everywhere(
    torch: ModuleType, pairs: list[tuple[float, float]]
) -> None:
    inputs, targets = [list(column) for column in zip(*pairs)]
    assert_matches_torch(torch, nn.mse_loss, torch.nn.functional.mse_loss, inputs, targets)


# --- binary cross-entropy ----------------------------------------------------------------


@given(st.lists(st.tuples(st.floats(1e-6, 1 - 1e-6), st.floats(0, 1)), min_size=1, max_size=8))
def test_binary_cross_entropy_matches_torch_everywhere(
    torch: ModuleType, pairs: list[tuple[float, float]]
) -> None:
    inputs, targets = [list(column) for column in zip(*pairs)]
    ours, theirs = nn.binary_cross_entropy, torch.nn.functional.binary_cross_entropy
    assert_matches_torch(torch, ours, theirs, inputs, targets)


@pytest.mark.parametrize("p", [0.0, 1.0, -0.5, 1.5])
def test_binary_cross_entropy_refuses_probabilities_outside_the_open_interval(p: float) -> None:
    with pytest.raises(
        ValueError,
        match=rf"binary_cross_entropy: input 1 is {p!r}, not a probability strictly between 0 "
        r"and 1 .*binary_cross_entropy_with_logits",
    ):
        nn.binary_cross_entropy([Value(0.5), Value(p)], [1.0, 1.0])


def test_a_saturated_sigmoid_points_to_the_logits_version() -> None:
    logit = Value(-1000.0)
    with pytest.raises(ValueError, match="binary_cross_entropy_with_logits"):
        nn.binary_cross_entropy(logit.sigmoid(), 1.0)  # sigmoid(-1000) is exactly 0.0
    loss = nn.binary_cross_entropy_with_logits(logit, 1.0)
    loss.backward()
    assert loss.data == 1000.0
    assert logit.grad == -1.0  # sigmoid(x) - t


@pytest.mark.parametrize(
    "loss", [nn.binary_cross_entropy, nn.binary_cross_entropy_with_logits], ids=lambda f: f.__name__
)
@pytest.mark.parametrize("t", [-0.1, 1.5])
def test_binary_targets_must_be_in_the_unit_interval(loss: Any, t: float) -> None:
    with pytest.raises(ValueError, match=rf"{loss.__name__}: target 1 is {t!r}, outside \[0, 1\]"):
        loss([Value(0.5), Value(0.5)], [1.0, t])


@given(st.lists(st.tuples(st.floats(-1000, 1000), st.floats(0, 1)), min_size=1, max_size=8))
def test_binary_cross_entropy_with_logits_matches_torch_everywhere(
    torch: ModuleType, pairs: list[tuple[float, float]]
) -> None:
    inputs, targets = [list(column) for column in zip(*pairs)]
    ours = nn.binary_cross_entropy_with_logits
    theirs = torch.nn.functional.binary_cross_entropy_with_logits
    assert_matches_torch(torch, ours, theirs, inputs, targets)


def test_binary_cross_entropy_with_logits_at_zero() -> None:
    x = Value(0.0)
    loss = nn.binary_cross_entropy_with_logits(x, 1.0)
    loss.backward()
    assert loss.data == pytest.approx(math.log(2.0), rel=1e-15)
    assert x.grad == -0.5  # sigmoid(0) - 1


def test_both_binary_cross_entropies_agree() -> None:
    logits, targets = [-2.0, 0.5, 3.0], [0.0, 1.0, 0.7]
    probabilities = [Value(x).sigmoid() for x in logits]
    direct = nn.binary_cross_entropy(probabilities, targets).data
    assert nn.binary_cross_entropy_with_logits(logits, targets).data == pytest.approx(direct)


# --- hinge loss --------------------------------------------------------------------------


@given(
    st.lists(
        st.tuples(st.floats(-1000, 1000), st.sampled_from([-1.0, 1.0])), min_size=1, max_size=8
    )
)
def test_hinge_loss_matches_torch_everywhere(
    torch: ModuleType, pairs: list[tuple[float, float]]
) -> None:
    assume(all(abs(1.0 - t * x) > 1e-9 for x, t in pairs))  # not on the kink of max(0, .)
    inputs, targets = [list(column) for column in zip(*pairs)]
    assert_matches_torch(torch, nn.hinge_loss, hinge_reference(torch), inputs, targets)


def test_hinge_loss_is_zero_beyond_the_margin() -> None:
    x, y = Value(2.0), Value(-0.5)
    loss = nn.hinge_loss([x, y], [1, 1])  # (0 + 1.5) / 2
    loss.backward()
    assert loss.data == 0.75
    assert (x.grad, y.grad) == (0.0, -0.5)


def test_hinge_loss_at_the_kink_takes_relus_derivative() -> None:
    x = Value(-1.0)
    nn.hinge_loss(x, -1.0).backward()  # t x = 1 exactly: relu'(0) = 0 (torch.clamp: -t)
    assert x.grad == 0.0


@pytest.mark.parametrize("t", [0.0, 2.0, -0.5])
def test_hinge_loss_labels_must_be_plus_or_minus_one(t: float) -> None:
    with pytest.raises(
        ValueError, match=rf"hinge_loss: target 1 is {t!r}; labels must be -1 or \+1"
    ):
        nn.hinge_loss([Value(0.5), Value(0.5)], [1.0, t])


# --- cross-entropy and softmax -----------------------------------------------------------

LOGITS = [
    [0.5, -1.25, 2.0],
    [1000.0, -1000.0, 0.0],
    [-1000.0, 1000.0, 999.0],
    [3.0, 3.0, 3.0],
]


@pytest.mark.parametrize("logits", LOGITS)
@pytest.mark.parametrize("target", [0, 1, 2])
def test_cross_entropy_one_sample_matches_torch(
    torch: ModuleType, logits: list[float], target: int
) -> None:
    theirs = torch.nn.functional.cross_entropy
    assert_matches_torch(torch, nn.cross_entropy, theirs, logits, target)


def test_cross_entropy_batch_matches_torch(torch: ModuleType) -> None:
    targets = [2, 0, 1, 1]
    xs = [leaves(row) for row in LOGITS]
    loss = nn.cross_entropy(xs, targets)
    loss.backward()
    tx = torch.tensor(LOGITS, requires_grad=True)
    reference = torch.nn.functional.cross_entropy(tx, torch.tensor(targets))
    reference.backward()
    assert loss.data == pytest.approx(reference.item(), rel=REL)
    expected = tx.grad.flatten().tolist()
    assert [x.grad for row in xs for x in row] == pytest.approx(expected, rel=REL, abs=1e-15)
    assert max(len(node.parents) for node in loss.topological_order()) >= len(targets)


@pytest.mark.parametrize("logits", LOGITS[:1] + LOGITS[3:])
def test_cross_entropy_matches_finite_differences(logits: list[float]) -> None:
    assert gradcheck(lambda *xs: nn.cross_entropy(list(xs), 1), logits)


def test_cross_entropy_accepts_numpy_indices() -> None:
    assert nn.cross_entropy([0.0, 0.0], np.int64(1)).data == pytest.approx(math.log(2.0))


@pytest.mark.parametrize("target", [3, -1])
def test_cross_entropy_class_out_of_range(target: int) -> None:
    with pytest.raises(
        ValueError,
        match=rf"cross_entropy: target class {target} is out of range for 3 classes "
        r"\(valid: 0 to 2\)",
    ):
        nn.cross_entropy([1.0, 2.0, 3.0], target)


@pytest.mark.parametrize("target", [1.0, True, "1"])
def test_cross_entropy_class_must_be_an_int(target: Any) -> None:
    with pytest.raises(TypeError, match=r"cross_entropy: a target must be an int class index, got"):
        nn.cross_entropy([1.0, 2.0, 3.0], target)
    with pytest.raises(TypeError, match=r"cross_entropy: a target must be an int class index, got"):
        nn.cross_entropy([[1.0, 2.0, 3.0]], [target])


def test_cross_entropy_batch_errors() -> None:
    with pytest.raises(ValueError, match="cross_entropy: logits has 2 samples but target has 3"):
        nn.cross_entropy([[1.0, 2.0], [3.0, 4.0]], [0, 1, 1])
    with pytest.raises(ValueError, match="cross_entropy: needs at least one sample"):
        nn.cross_entropy([], [])
    # one sample's logits with one target per logit would silently be a batch of 1-class samples
    with pytest.raises(TypeError, match="one sequence of class logits per sample, but sample 0"):
        nn.cross_entropy([1.0, 2.0], [0, 0])
    with pytest.raises(ValueError, match="cross_entropy: needs at least one element"):
        nn.cross_entropy([], 0)


@pytest.mark.parametrize("logits", LOGITS)
def test_softmax_matches_torch(torch: ModuleType, logits: list[float]) -> None:
    weights = [0.3, -1.0, 2.0]  # backward from a weighted sum reaches every output
    xs = leaves(logits)
    probabilities = nn.softmax(xs)
    sum(w * p for w, p in zip(weights, probabilities)).backward()
    tx = torch.tensor(logits, requires_grad=True)
    reference = torch.softmax(tx, dim=0)
    (torch.tensor(weights) * reference).sum().backward()
    assert all(math.isfinite(p.data) for p in probabilities)
    assert [p.data for p in probabilities] == pytest.approx(reference.tolist(), rel=1e-12)
    assert sum(p.data for p in probabilities) == pytest.approx(1.0, rel=1e-15)
    assert [x.grad for x in xs] == pytest.approx(tx.grad.tolist(), rel=1e-12, abs=1e-15)


def test_softmax_matches_finite_differences() -> None:
    assert gradcheck(lambda *xs: nn.softmax(list(xs))[1], [0.5, -1.0, 2.0])


def test_softmax_errors() -> None:
    with pytest.raises(ValueError, match="softmax: needs at least one element"):
        nn.softmax([])
    with pytest.raises(TypeError, match="softmax: expected a real number, got 'x'"):
        nn.softmax([1.0, "x"])


# --- penalties ---------------------------------------------------------------------------

PARAMS = [0.5, -2.0, 0.0, 3.0]


def test_l1_penalty_matches_torch(torch: ModuleType) -> None:
    ps = leaves(PARAMS)
    penalty = nn.l1_penalty(ps)
    penalty.backward()
    tp = torch.tensor(PARAMS, requires_grad=True)
    reference = tp.abs().sum()
    reference.backward()
    assert penalty.data == reference.item() == 5.5
    assert [p.grad for p in ps] == tp.grad.tolist() == [1.0, -1.0, 0.0, 1.0]


def test_l2_penalty_matches_torch_as_one_node(torch: ModuleType) -> None:
    ps = leaves(PARAMS)
    penalty = nn.l2_penalty(iter(ps))  # any iterable, as model.parameters() or a generator
    penalty.backward()
    tp = torch.tensor(PARAMS, requires_grad=True)
    reference = (tp**2).sum()
    reference.backward()
    assert penalty.data == reference.item() == 13.25
    assert [p.grad for p in ps] == tp.grad.tolist()
    assert len(penalty.topological_order()) == len(PARAMS) + 1


def test_penalties_of_no_parameters_are_zero() -> None:
    assert nn.l1_penalty([]).data == 0.0
    assert nn.l2_penalty([]).data == 0.0


def test_penalties_match_finite_differences() -> None:
    smooth = [0.5, -2.0, 3.0]  # |p| has no derivative at 0
    assert gradcheck(lambda *ps: nn.l1_penalty(ps), smooth)
    assert gradcheck(lambda *ps: nn.l2_penalty(ps), smooth)


def test_l2_penalty_is_sgd_weight_decay_of_twice_alpha(torch: ModuleType) -> None:
    """The documented equivalence: loss + alpha * l2 == SGD(weight_decay = 2 * alpha)."""
    alpha, lr, start, target = 0.1, 0.5, [0.5, -2.0, 3.0], [1.0, 0.0, 0.0]
    ps = leaves(start)
    (nn.mse_loss(ps, target) + alpha * nn.l2_penalty(ps)).backward()
    ours = [p.data - lr * p.grad for p in ps]
    tp = torch.tensor(start, requires_grad=True)
    optimizer = torch.optim.SGD([tp], lr=lr, weight_decay=2 * alpha)
    torch.nn.functional.mse_loss(tp, torch.tensor(target)).backward()
    optimizer.step()
    assert ours == pytest.approx(tp.tolist(), rel=1e-14)
