"""Checks for the course's exercises: pass your answer, and hear whether it is right.

Every check prints one line, "right" or "not yet" with a hint, and returns True or False, so
a notebook can also ``assert`` it. A check never raises: if your code fails, the check says
how. Answers are compared with chainrule's own numbers (or with a short computation done here),
never with a stored copy of the solution.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from autograd import Value, grad

__all__ = [
    "check_accuracy_per_digit",
    "check_central_difference",
    "check_cross_entropy_grad",
    "check_early_stopping",
    "check_exp",
    "check_exponential_schedule",
    "check_gradients",
    "check_iterations",
    "check_l2_penalty",
    "check_mae_loss",
    "check_momentum_step",
    "check_newton_saddle",
    "check_noise_factor",
    "check_overwritten",
    "check_parameter_count",
    "check_pow",
    "check_product_local_grads",
    "check_saturated_fraction",
    "check_sigmoid_chain",
    "check_silu",
    "check_square_gradient",
    "check_third_derivative",
    "check_topological_order",
    "check_xavier_limit",
]


def _say(ok: bool, message: str) -> bool:
    print(("right: " if ok else "not yet: ") + message)
    return ok


def _close(a: Any, b: float, rel: float = 1e-6, abs_: float = 1e-9) -> bool:
    try:
        return math.isclose(float(a), b, rel_tol=rel, abs_tol=abs_)
    except (TypeError, ValueError):
        return False


def _number(answer: Any) -> float | None:
    """The answer as a float, or None when it is not a number (for example still ``...``)."""
    if isinstance(answer, Value):
        answer = answer.data
    if isinstance(answer, bool) or not isinstance(answer, int | float):
        try:
            return float(answer)
        except (TypeError, ValueError):
            return None
    return float(answer)


def _run(what: str, compute: Callable[[], Any]) -> tuple[bool, Any]:
    """Run the learner's code; on an error, report it and return (False, None)."""
    try:
        return True, compute()
    except Exception as error:  # the learner's code: any failure is an answer to report
        _say(False, f"{what} raised {type(error).__name__}: {error}")
        return False, None


# --- 02: build your own Value ---------------------------------------------------------


def _check_own_op(
    cls: type, method: str, build: Callable[[Any], Any], reference: Callable[[Value], Value]
) -> tuple[bool, str]:
    """Build ``build(leaf)`` with the learner's class and with Value; compare data and grad."""
    for x in (0.7, -1.3, 2.0):
        ran, out = _run(f"{method} at x = {x}", lambda x=x: _forward_backward(cls, build, x))
        if not ran:
            return False, ""
        data, gradient = out
        leaf = Value(x)
        expected = reference(leaf)
        expected.backward()
        if not _close(data, expected.data):
            return False, f"at x = {x} the value is {data}, it should be {expected.data}"
        if not _close(gradient, leaf.grad):
            return False, (
                f"at x = {x} the value is right but the gradient is {gradient}, it should be "
                f"{leaf.grad}: look at the local derivative you store"
            )
    return True, ""


def _forward_backward(cls: type, build: Callable[[Any], Any], x: float) -> tuple[float, float]:
    leaf = cls(x)
    out = build(leaf)
    out.backward()
    return out.data, leaf.grad


def _returns_a_node(cls: type, method: str, use: Callable[[Any], Any]) -> bool:
    ran, out = _run(method, lambda: use(cls(0.7)))
    if ran and not isinstance(out, cls):
        return _say(False, f"{method} returned {out!r}: return a new {cls.__name__}(...)")
    return ran


def check_exp(cls: type) -> bool:
    """Your class's ``exp``: is exp(x) * x right, value and gradient?"""
    if not _returns_a_node(cls, "exp", lambda v: v.exp()):
        return False
    ok, why = _check_own_op(cls, "exp", lambda v: v.exp() * v, lambda v: v.exp() * v)
    if why:
        _say(False, why + ". Hint: the derivative of e^x is e^x itself.")
    return ok and _say(True, "exp has the right value and the right local derivative")


def check_pow(cls: type) -> bool:
    """Your class's ``__pow__`` with a number exponent: is x ** 3 + x ** -1 right?"""
    if not _returns_a_node(cls, "**", lambda v: v**3):
        return False
    ok, why = _check_own_op(cls, "**", lambda v: v**3 + v**-1, lambda v: v**3 + v**-1)
    if why:
        _say(False, why + ". Hint: the derivative of x^n is n x^(n-1).")
    return ok and _say(True, "** with a number exponent is right, value and gradient")


# --- 03: backpropagation --------------------------------------------------------------


def check_gradients(answer: Any, a: float = 3.0, b: float = 2.0) -> bool:
    """dL/da and dL/db of L = (a + b)(a - b), as a pair of numbers."""
    try:
        got = [_number(g) for g in answer]
    except TypeError:
        got = []
    if len(got) != 2 or None in got:
        return _say(False, "answer with two numbers: (dL/da, dL/db)")
    da, db = 2 * a, -2 * b  # L = a^2 - b^2
    if _close(got[0], da) and _close(got[1], db):
        return _say(True, f"dL/da = {da}, dL/db = {db}")
    if _close(got[0], da):
        return _say(False, "dL/da is right; for dL/db, mind the sign that (a - b) gives b")
    return _say(False, "multiply out: L = a^2 - b^2, or use the product rule on the two factors")


# --- 04: activations ------------------------------------------------------------------


def check_silu(f: Callable[[Value], Value], name: str = "silu") -> bool:
    """Your SiLU, x * sigmoid(x), built from Values: value and derivative at several points."""
    for x in (-4.0, -1.278, 0.0, 0.5, 3.0):
        leaf = Value(x)
        ran, out = _run("your function", lambda leaf=leaf: f(leaf))
        if not ran:
            return False
        if not isinstance(out, Value):
            return _say(False, f"{name} should return a Value (build it from Value operations)")
        s = 1 / (1 + math.exp(-x))
        if not _close(out.data, x * s):
            return _say(False, f"{name}({x}) is {out.data}, it should be {x * s}")
        out.backward()
        slope = s + x * s * (1 - s)
        if not _close(leaf.grad, slope):
            return _say(False, f"the derivative at {x} is {leaf.grad}, it should be {slope}")
    return _say(True, f"{name} and its derivative are right")


# --- 05: losses -----------------------------------------------------------------------


def check_cross_entropy_grad(
    answer: Any, logits: Sequence[float] = (3.0, 0.5, -1.0), target: int = 0
) -> bool:
    """The cross-entropy gradient with respect to each logit, as a list of numbers."""
    try:
        got = [_number(g) for g in answer]
    except TypeError:
        got = []
    if len(got) != len(logits) or None in got:
        return _say(False, f"answer with {len(logits)} numbers, one per logit")
    top = max(logits)
    exps = [math.exp(z - top) for z in logits]
    probs = [e / sum(exps) for e in exps]
    expected = [p - (i == target) for i, p in enumerate(probs)]
    if all(_close(g, e) for g, e in zip(got, expected)):
        return _say(True, "softmax minus one-hot: " + ", ".join(f"{e:+.4f}" for e in expected))
    if all(_close(g, p) for g, p in zip(got, probs)):
        return _say(False, "that is the softmax; subtract 1 at the true class")
    return _say(False, "compute p = softmax(logits), then subtract 1 at the true class")


def check_mae_loss(f: Callable[[list[Value], list[float]], Value]) -> bool:
    """Your mean absolute error, built from Values: value and gradient."""
    predictions = [Value(2.0), Value(-1.0), Value(0.5)]
    targets = [1.0, 1.0, 3.0]
    ran, loss = _run("your loss", lambda: f(predictions, targets))
    if not ran:
        return False
    if not isinstance(loss, Value):
        return _say(False, "return a Value, built from abs() and + on Values")
    expected = (1.0 + 2.0 + 2.5) / 3
    if not _close(loss.data, expected):
        return _say(False, f"the loss is {loss.data}, it should be {expected}: mean of |y^ - y|")
    loss.backward()
    slopes = [p.grad for p in predictions]
    if not all(_close(s, e) for s, e in zip(slopes, [1 / 3, -1 / 3, -1 / 3])):
        return _say(False, f"gradients {slopes}: each should be sign(y^ - y) / n")
    return _say(True, "mean absolute error: each gradient is sign(y^ - y) / n")


# --- 11: second derivatives -----------------------------------------------------------


def check_third_derivative(answer: Any, x: float = 1.3) -> bool:
    """The third derivative of x^3 sin x at x."""
    got = _number(answer)
    if got is None:
        return _say(False, "answer with a number")
    leaf = Value(x)
    (d1,) = grad(leaf**3 * leaf.sin(), [leaf], create_graph=True)
    (d2,) = grad(d1, [leaf], create_graph=True)
    (d3,) = grad(d2, [leaf])
    if _close(got, d3.data):
        return _say(True, f"f'''({x}) = {d3.data:.6f}")
    if _close(got, d2.data):
        return _say(False, "that is the second derivative: one more grad call")
    return _say(False, "call grad three times; the first two need create_graph=True")


def check_topological_order(sort: Callable[[Value], list[Value]]) -> bool:
    """Your topological sort: every node once, each after its inputs, even 5,000 deep."""
    a, b = Value(0.5), Value(-2.0)
    e = a * b
    shared = Value(3.0) * e + e.tanh() * a + b
    chain = a
    for _ in range(5000):
        chain = chain * 1.0001
    for name, root in [("a graph with shared nodes", shared), ("a chain of 5,000 ops", chain)]:
        ran, order = _run(f"your sort on {name}", lambda root=root: sort(root))
        if not ran:
            if name.startswith("a chain"):
                print("  hint: recursion is limited to about 1,000 levels; use a list as a stack")
            return False
        expected = root.topological_order()
        if not isinstance(order, list) or len(order) != len(expected):
            return _say(False, f"on {name}: expected a list of {len(expected)} nodes")
        position = {id(node): i for i, node in enumerate(order)}
        if len(position) != len(order) or set(position) != {id(n) for n in expected}:
            return _say(False, f"on {name}: each node of the graph must appear exactly once")
        if any(position[id(p)] > position[id(n)] for n in order for p in n.parents):
            return _say(False, f"on {name}: some node comes before one of its inputs")
    return _say(True, "a topological order, with no recursion limit")


# --- 01: derivatives ------------------------------------------------------------------


def check_central_difference(estimate: Callable[[Callable, float, float], float]) -> bool:
    """Your ``estimate(f, x, h)``: the central difference (f(x + h) - f(x - h)) / 2h."""
    ran, got = _run("estimate(f, 1.0, 0.1)", lambda: estimate(lambda x: x**3, 1.0, 0.1))
    if not ran:
        return False
    if _close(got, 3.31, rel=1e-9):
        return _say(False, "that is the forward difference (f(x + h) - f(x)) / h; use x - h too")
    if not _close(got, 3.01, rel=1e-9):
        return _say(False, f"for f = x^3 at x = 1, h = 0.1 it gave {got}; expected 3.01")
    ran, got = _run("estimate(sin, 0.5, 1e-5)", lambda: estimate(math.sin, 0.5, 1e-5))
    if ran and _close(got, math.cos(0.5), rel=1e-9):
        return _say(True, "the central difference: its error shrinks like h^2")
    return ran and _say(False, f"for sin at 0.5 it gave {got}, not cos(0.5) = {math.cos(0.5)}")


def check_product_local_grads(answer: Any) -> bool:
    """The local derivatives of L = (a + b) * (a - b) at a = 3, b = 2, in parent order."""
    got = _numbers(answer, 2)
    if got is None:
        return _say(False, "answer with two numbers: (dL/d(a+b), dL/d(a-b))")
    if _close(got[0], 1.0) and _close(got[1], 5.0):
        return _say(True, "each factor's local derivative is the other factor: (1, 5)")
    if _close(got[0], 5.0) and _close(got[1], 1.0):
        return _say(False, "right numbers, wrong order: the first parent is (a + b)")
    return _say(False, "for L = u * v, dL/du = v and dL/dv = u; here u = a + b = 5, v = a - b = 1")


def check_square_gradient(answer: Any) -> bool:
    """d(x * x)/dx at x = 3, and how the two edges give it."""
    got = _number(answer)
    if got is None:
        return _say(False, "answer with a number")
    if _close(got, 6.0):
        return _say(True, "two edges with local derivative 3 each: 3 + 3 = 6 = 2x")
    if _close(got, 3.0):
        return _say(False, "that is one edge; x reaches x * x along two")
    if _close(got, 9.0):
        return _say(False, "that is the value of x * x, not its slope")
    return _say(False, "d(x^2)/dx = 2x; each edge carries x")


# --- 03: backpropagation (one more) ---------------------------------------------------


def check_overwritten(answer: Any) -> bool:
    """Which gradients change when += becomes = in backprop on the p, q, L example."""
    if isinstance(answer, str) or not isinstance(answer, set | list | tuple | frozenset):
        return _say(False, 'answer with a set of labels, for example {"L", "q"}')
    got = {str(label) for label in answer}
    expected = {"p", "a", "b"}
    if got == expected:
        return _say(True, "p loses L's share when q overwrites it, and a and b inherit the error")
    if "p" not in got:
        return _say(False, "start with p: it is the only node that receives two contributions")
    return _say(False, "p is right to be there; which nodes get their gradient through p?")


# --- 04: activations (one more) -------------------------------------------------------


def saturation_setup() -> tuple[Any, Any]:
    """The exercise's neuron (nn.Neuron(3, activation="tanh", seed=0)) and its 1,000 inputs."""
    import numpy as np

    import nn

    neuron = nn.Neuron(3, activation="tanh", seed=0)
    return neuron, np.random.default_rng(0).normal(size=(1000, 3))


def check_saturated_fraction(answer: Any) -> bool:
    """The fraction of the 1,000 inputs with tanh'(z) < 0.01 once the weights are 10x larger."""
    got = _number(answer)
    if got is None:
        return _say(False, "answer with a fraction between 0 and 1")
    neuron, inputs = saturation_setup()
    weights = [10 * w.data for w in neuron.w]
    slopes = [
        1 - math.tanh(sum(w * x for w, x in zip(weights, row)) + neuron.b.data) ** 2
        for row in inputs
    ]
    expected = sum(s < 0.01 for s in slopes) / len(slopes)
    if _close(got, expected, rel=0, abs_=0.005):
        return _say(True, f"{expected:.1%} of the inputs barely pass any gradient: saturation")
    if got > 1:
        return _say(False, "a fraction, between 0 and 1, not a count")
    return _say(
        False, "scale the weights only (not the bias), then count tanh'(z) = 1 - tanh(z)^2 < 0.01"
    )


# --- 06: training an MLP --------------------------------------------------------------


def check_iterations(iterations: Callable[[int, Any, int], int]) -> bool:
    """Your ``iterations(n, batch_size, epochs)``: how many updates training makes."""
    cases = [((100, 16, 50), 350), ((100, 10, 3), 30), ((100, None, 40), 40), ((7, 100, 2), 2)]
    for args, expected in cases:
        ran, got = _run(f"iterations{args}", lambda args=args: iterations(*args))
        if not ran:
            return False
        if got != expected:
            hint = (
                "batch_size None means one batch of all n"
                if args[1] is None
                else ("the last, smaller batch is an iteration too: ceil(n / batch_size)")
            )
            return _say(False, f"iterations{args} gave {got}, expected {expected}; {hint}")
    return _say(True, "epochs * ceil(n / batch_size), and one per epoch for the full batch")


def check_parameter_count(count: Callable[[int, list[int]], int]) -> bool:
    """Your ``count(nin, sizes)``: the parameters of nn.MLP(nin, sizes), without building it."""
    import nn

    for nin, sizes in [(2, [16, 16, 1]), (3, [4, 2]), (64, [32, 10]), (5, [1])]:
        ran, got = _run(f"count({nin}, {sizes})", lambda nin=nin, sizes=sizes: count(nin, sizes))
        if not ran:
            return False
        expected = len(nn.MLP(nin, sizes).parameters())
        if got != expected:
            return _say(
                False,
                f"count({nin}, {sizes}) gave {got}, expected {expected}: "
                "each layer has n_out * (n_in + 1), and n_in is the previous layer's n_out",
            )
    return _say(True, "n_out * (n_in + 1) per layer, added up")


# --- 07: gradient descent -------------------------------------------------------------


def check_noise_factor(answer: Any) -> bool:
    """How many times smaller the spread of 25-sample gradients is than single-sample ones."""
    got = _number(answer)
    if got is None:
        return _say(False, "answer with a number")
    if _close(got, 5.0, rel=0.02):
        return _say(True, "sqrt(25) = 5: averaging b samples shrinks the noise sqrt(b)-fold")
    if _close(got, 25.0, rel=0.02):
        return _say(False, "the spread is a standard deviation: it shrinks with the square root")
    return _say(False, "the spread of a mean of b independent samples is sigma / sqrt(b)")


# --- 08: optimizers -------------------------------------------------------------------


def check_momentum_step(step: Callable[..., tuple[float, float]]) -> bool:
    """Your ``step(w, velocity, gradient, lr, momentum) -> (w, velocity)``, as torch.optim.SGD."""
    import nn

    w, velocity, reference = 2.0, 0.0, Value(2.0)
    optimizer = nn.optim.SGD([reference], lr=0.1, momentum=0.9)
    for i in range(5):
        gradient = 2 * w  # the bowl w^2
        ran, out = _run("your step", lambda w=w, v=velocity, g=gradient: step(w, v, g, 0.1, 0.9))
        if not ran:
            return False
        reference.grad = 2 * reference.data
        optimizer.step()
        try:
            w, velocity = (float(x) for x in out)
        except (TypeError, ValueError):
            return _say(False, "return a pair of numbers: (new w, new velocity)")
        if not _close(w, reference.data, rel=1e-9):
            return _say(
                False,
                f"after step {i + 1} w is {w}, nn.optim.SGD has {reference.data}; "
                "PyTorch's rule: v = momentum * v + g, then w = w - lr * v",
            )
    return _say(True, "the same five steps as nn.optim.SGD(momentum=0.9), and torch.optim.SGD")


def check_exponential_schedule(factor: Callable[[int], float]) -> bool:
    """Your ``factor(epoch)`` for LambdaLR, equal to ExponentialLR(gamma=0.9)."""
    import nn

    ours = nn.optim.SGD([Value(1.0)], lr=0.5)
    theirs = nn.optim.SGD([Value(1.0)], lr=0.5)
    ran, lambda_lr = _run("LambdaLR(optimizer, factor)", lambda: nn.optim.LambdaLR(ours, factor))
    if not ran:
        return False
    exponential = nn.optim.ExponentialLR(theirs, gamma=0.9)
    for epoch in range(20):
        if not _close(ours.lr, theirs.lr, rel=1e-12):
            return _say(
                False,
                f"at epoch {epoch} the rate is {ours.lr}, expected {theirs.lr}; "
                "the factor multiplies the initial rate: 0.9 ** epoch",
            )
        ran, _ = _run("the schedule's step", lambda_lr.step)
        if not ran:
            return False
        exponential.step()
    return _say(True, "LambdaLR with 0.9 ** epoch is ExponentialLR(gamma=0.9)")


# --- 09: regularization ---------------------------------------------------------------


def check_l2_penalty(penalty: Callable[[list[Value]], Value]) -> bool:
    """Your L2 penalty, sum of p^2, built from Values: value and gradients."""
    params = [Value(0.5), Value(-2.0), Value(0.0), Value(1.5)]
    ran, out = _run("your penalty", lambda: penalty(params))
    if not ran:
        return False
    if not isinstance(out, Value):
        return _say(False, "return a Value built from the parameters")
    if not _close(out.data, 6.5):
        return _say(False, f"the penalty is {out.data}, expected 0.25 + 4 + 0 + 2.25 = 6.5")
    out.backward()
    if not all(_close(p.grad, 2 * p.data) for p in params):
        return _say(False, "the value is right but the gradients are not 2p: use p * p or p ** 2")
    return _say(True, "sum of squares; each weight is pulled back by 2p")


def check_early_stopping(stop: Callable[[list[float], int], tuple[int, int]]) -> bool:
    """Your ``stop(val_losses, patience) -> (best_epoch, last_epoch)``."""
    cases = [
        (([0.9, 0.7, 0.6, 0.65, 0.62, 0.61, 0.7], 3), (2, 5)),
        (([0.9, 0.8, 0.7], 3), (2, 2)),
        (([0.5, 0.6, 0.4, 0.45, 0.41, 0.39, 0.5, 0.6], 3), (5, 7)),
        (([0.9, 0.7, 0.6, 0.65, 0.62, 0.61, 0.7], 2), (2, 4)),
    ]
    for args, expected in cases:
        ran, got = _run(f"stop{args}", lambda args=args: stop(*args))
        if not ran:
            return False
        if not isinstance(got, tuple | list) or tuple(got) != expected:
            return _say(
                False,
                f"stop{args} gave {got}, expected {expected}: the best epoch is the "
                "lowest loss so far; stop at the epoch that makes `patience` epochs "
                "without a new low (or at the last epoch)",
            )
    return _say(True, "best epoch and stopping epoch, as early stopping needs them")


# --- 10: vanishing gradients ----------------------------------------------------------


def check_xavier_limit(limit: Callable[[int, int], float]) -> bool:
    """Your ``limit(fan_in, fan_out)``: Xavier's a, weights drawn from U(-a, a)."""
    for fan_in, fan_out in [(64, 32), (2, 16), (100, 100)]:
        ran, got = _run(f"limit({fan_in}, {fan_out})", lambda i=fan_in, o=fan_out: limit(i, o))
        if not ran:
            return False
        expected = math.sqrt(6 / (fan_in + fan_out))
        if not _close(got, expected, rel=1e-9):
            return _say(
                False,
                f"limit({fan_in}, {fan_out}) gave {got}, expected {expected:.4f}: "
                "a = sqrt(6 / (fan_in + fan_out)), which gives variance 2 / (in + out)",
            )
    return _say(True, "a = sqrt(6 / (fan_in + fan_out))")


def check_sigmoid_chain(answer: Any, weight: float = 2.0) -> bool:
    """dh4/dx through four sigmoid layers with every weight 2, from x = 0.5."""
    got = _number(answer)
    if got is None:
        return _say(False, "answer with a number")
    x = Value(0.5)
    h = x
    for _ in range(4):
        h = (weight * h).sigmoid()
    h.backward()
    if _close(got, x.grad, rel=1e-6):
        return _say(True, f"dh4/dx = {x.grad:.3e}: larger weights, still a vanishing product")
    return _say(False, "build the chain with Values (weights 2) and read x.grad after backward()")


# --- 11: second derivatives (one more) ------------------------------------------------


def check_newton_saddle(answer: Any) -> bool:
    """Where one Newton step on x^2 - y^2 from (1, 1) lands."""
    got = _numbers(answer, 2)
    if got is None:
        return _say(False, "answer with a point (x, y)")
    if _close(got[0], 0.0) and _close(got[1], 0.0):
        return _say(True, "(0, 0), where the gradient is zero: a saddle point, not a minimum")
    return _say(False, "the Hessian is diag(2, -2) and the gradient (2x, -2y): solve H step = -g")


def _numbers(answer: Any, n: int) -> list[float] | None:
    try:
        got = [_number(a) for a in answer]
    except TypeError:
        return None
    if len(got) != n or any(g is None for g in got):
        return None
    return [g for g in got if g is not None]


# --- 12: a real task ------------------------------------------------------------------


def check_accuracy_per_digit(per_digit: Callable[[Any, Any], Any]) -> bool:
    """Your ``accuracy_per_digit(y_true, y_pred)``: for each digit, the fraction read right."""
    y_true = [0, 0, 1, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9]
    y_pred = [0, 6, 1, 1, 7, 2, 3, 4, 5, 6, 7, 8, 4, 9]
    expected = [0.5, 2 / 3, 1, 1, 1, 1, 1, 1, 1, 0.5]
    ran, got = _run("your function", lambda: per_digit(y_true, y_pred))
    if not ran:
        return False
    numbers = _numbers(got, 10) if got is not None else None
    if numbers is None:
        return _say(False, "return ten numbers, one per digit, digit 0 first")
    if all(_close(g, e) for g, e in zip(numbers, expected)):
        return _say(True, "each row of the confusion matrix: its diagonal cell over its sum")
    return _say(
        False,
        "for digit d: among the images whose true label is d, the fraction "
        "predicted d (divide by the row, not by the column)",
    )
