"""Every exercise answers back: a check after it, a hidden solution that passes the check,
and a wrong answer that the check calls wrong.

The solutions themselves run (and assert their checks) when test_notebooks executes each
notebook; here we check the structure of the notebooks and the checks' verdicts on wrong answers.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
sys.path.insert(0, str(NOTEBOOK_DIR))

import exercises  # noqa: E402  (lives in notebooks/, next to the notebooks that import it)


def _tagged(cell: nbformat.NotebookNode, tag: str) -> bool:
    return tag in cell.metadata.get("tags", [])


def _check_called(source: str) -> str | None:
    found = re.search(r"\b(check_\w+)\(", source)
    return found.group(1) if found else None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_exercise_has_a_check_and_a_hidden_solution(path: Path) -> None:
    cells = nbformat.read(path, as_version=4).cells
    exercise_at = [i for i, cell in enumerate(cells) if _tagged(cell, "exercise")]
    assert exercise_at, f"{path.name} has no checked exercise"
    for i in exercise_at:
        check = _check_called(cells[i].source)
        assert check in exercises.__all__, f"{path.name} cell {i}: call a check from exercises"
        solution = cells[i + 1]
        assert _tagged(solution, "solution"), f"{path.name} cell {i + 1} should be its solution"
        assert solution.metadata.get("jupyter", {}).get("source_hidden") is True, (
            f"{path.name} cell {i + 1}: the solution should be hidden until opened"
        )
        assert f"assert {check}(" in solution.source, f"the solution should pass {check}"
    solutions = [cell for cell in cells if _tagged(cell, "solution")]
    assert len(solutions) == len(exercise_at), f"{path.name}: a solution without an exercise"


def test_every_check_is_used_by_a_notebook() -> None:
    sources = "\n".join(
        cell.source for path in NOTEBOOKS for cell in nbformat.read(path, as_version=4).cells
    )
    unused = [name for name in exercises.__all__ if f"{name}(" not in sources]
    assert not unused, f"checks no exercise uses: {unused}"


class WrongExp:
    """A node class whose exp has the right value and the wrong local derivative (1)."""

    def __init__(self, data: float, parents: tuple = (), local_grads: tuple = ()) -> None:
        self.data, self.grad, self.parents, self.local_grads = data, 0.0, parents, local_grads

    def exp(self) -> WrongExp:
        return WrongExp(math.exp(self.data), (self,), (1.0,))

    def __mul__(self, other: WrongExp) -> WrongExp:
        return WrongExp(self.data * other.data, (self, other), (other.data, self.data))

    def __pow__(self, n: float) -> WrongExp:
        return WrongExp(self.data**n, (self,), (self.data ** (n - 1),))  # forgot the factor n

    def __add__(self, other: WrongExp) -> WrongExp:
        return WrongExp(self.data + other.data, (self, other), (1.0, 1.0))

    def backward(self) -> None:
        self.grad = 1.0
        for node in reversed(_recursive_order(self)):
            for parent, local in zip(node.parents, node.local_grads):
                parent.grad += local * node.grad


def _recursive_order(root: Any) -> list:
    order: list = []

    def place(node: Any) -> None:
        if any(node is seen for seen in order):
            return
        for parent in node.parents:
            place(parent)
        order.append(node)

    place(root)
    return order


def _stop_one_late(val_losses: list[float], patience: int) -> tuple[int, int]:
    best = min(range(len(val_losses)), key=val_losses.__getitem__)
    return best, min(best + patience + 1, len(val_losses) - 1)


def _no_factor(epoch: int) -> float:
    return 0.9 ** (epoch + 1)  # one epoch ahead


# One wrong answer per check: each must be told it is wrong.
WRONG_ANSWERS: dict[str, Callable[[], bool]] = {
    "check_exp": lambda: exercises.check_exp(WrongExp),
    "check_pow": lambda: exercises.check_pow(WrongExp),
    "check_topological_order": lambda: exercises.check_topological_order(_recursive_order),
    "check_central_difference": lambda: exercises.check_central_difference(
        lambda f, x, h: (f(x + h) - f(x)) / h
    ),
    "check_product_local_grads": lambda: exercises.check_product_local_grads((5.0, 1.0)),
    "check_square_gradient": lambda: exercises.check_square_gradient(3.0),
    "check_gradients": lambda: exercises.check_gradients((6.0, 4.0)),
    "check_overwritten": lambda: exercises.check_overwritten({"p"}),
    "check_silu": lambda: exercises.check_silu(lambda x: x.sigmoid()),
    "check_saturated_fraction": lambda: exercises.check_saturated_fraction(0.0),
    "check_cross_entropy_grad": lambda: exercises.check_cross_entropy_grad(
        [0.9, 0.07, 0.03], logits=[3.0, 0.5, -1.0], target=0
    ),
    "check_mae_loss": lambda: exercises.check_mae_loss(
        lambda ps, ts: sum((p - t) ** 2 for p, t in zip(ps, ts)) / len(ts)
    ),
    "check_iterations": lambda: exercises.check_iterations(lambda n, b, e: e * (n // (b or n))),
    "check_parameter_count": lambda: exercises.check_parameter_count(
        lambda nin, sizes: sum(n * nin for n in sizes)
    ),
    "check_noise_factor": lambda: exercises.check_noise_factor(25),
    "check_momentum_step": lambda: exercises.check_momentum_step(
        lambda w, v, g, lr, mu: (w - lr * g, v)
    ),
    "check_exponential_schedule": lambda: exercises.check_exponential_schedule(_no_factor),
    "check_l2_penalty": lambda: exercises.check_l2_penalty(lambda ps: sum(abs(p) for p in ps)),
    "check_early_stopping": lambda: exercises.check_early_stopping(_stop_one_late),
    "check_xavier_limit": lambda: exercises.check_xavier_limit(
        lambda fan_in, fan_out: math.sqrt(2 / fan_in)
    ),
    "check_sigmoid_chain": lambda: exercises.check_sigmoid_chain(0.25**4),
    "check_third_derivative": lambda: exercises.check_third_derivative(0.0),
    "check_newton_saddle": lambda: exercises.check_newton_saddle((1.0, 1.0)),
    "check_accuracy_per_digit": lambda: exercises.check_accuracy_per_digit(
        lambda t, p: [
            sum(a == b == d for a, b in zip(t, p)) / max(1, p.count(d)) for d in range(10)
        ]
    ),
}


def test_every_check_has_a_wrong_answer_here() -> None:
    assert set(WRONG_ANSWERS) == set(exercises.__all__)


@pytest.mark.parametrize("name", sorted(WRONG_ANSWERS))
def test_a_wrong_answer_is_told_it_is_wrong(name: str, capsys: pytest.CaptureFixture) -> None:
    assert WRONG_ANSWERS[name]() is False
    assert "not yet:" in capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(WRONG_ANSWERS))
def test_an_unanswered_exercise_is_told_so(name: str, capsys: pytest.CaptureFixture) -> None:
    check = getattr(exercises, name)
    for unanswered in (None, ..., (..., ...), lambda *args: None):  # the notebooks' stubs
        assert check(unanswered) is False
        assert "not yet:" in capsys.readouterr().out
