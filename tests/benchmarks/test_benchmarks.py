"""The benchmarks at tiny sizes: the engines agree, the figures and the JSON are complete.

Nothing here asserts a time: these tests check that the benchmark measures the same work
on every engine and reports it.
"""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

import nn
from benchmarks import engines, report, suite, workloads
from benchmarks.__main__ import main
from benchmarks.breakdown import PHASES, breakdown, format_breakdown, profile
from benchmarks.engines import Engine
from benchmarks.timing import time_side_by_side

POINTS = 8


def _torch_engine(torch: ModuleType) -> Engine:
    engine = engines.torch_engine()
    assert engine is not None  # the torch fixture found torch
    return engine


def _source_model() -> nn.MLP:
    """The demo model with distinct non-zero biases, so that copying them is checked too."""
    model = workloads.demo_model()
    biases = [neuron.b for layer in model.layers for neuron in layer.neurons]
    for i, b in enumerate(biases):
        b.data = 0.01 * (i + 1)
    return model


def _loss_and_grads(engine: Engine) -> tuple[float, list[float]]:
    X, y = workloads.moons(POINTS)
    model = engine.copy(_source_model())
    params = model.parameters()
    loss = workloads.demo_loss(engine, [model(x) for x in X], params, y)
    loss.backward()
    return engine.data(loss), [engine.grad(p) for p in params]


def _weights_after_steps(engine: Engine, steps: int) -> list[float]:
    X, y = workloads.moons(POINTS)
    model = engine.copy(_source_model())
    for _ in range(steps):
        workloads.demo_step(engine, model, X, y)
    return [engine.data(p) for p in model.parameters()] + [
        engine.grad(p) for p in model.parameters()
    ]


def _assert_demo_agrees(other: Engine) -> None:
    ours = _loss_and_grads(engines.chainrule_engine())
    theirs = _loss_and_grads(other)
    assert len(ours[1]) == 3 * 16 + 17 * 16 + 17  # 337 parameters
    assert sum(g != 0.0 for g in ours[1]) > 100  # most weights get a gradient
    assert theirs[0] == pytest.approx(ours[0], rel=1e-12)
    assert theirs[1] == pytest.approx(ours[1], rel=1e-9, abs=1e-15)
    after_ours = _weights_after_steps(engines.chainrule_engine(), 3)
    after_theirs = _weights_after_steps(other, 3)
    assert after_theirs == pytest.approx(after_ours, rel=1e-9, abs=1e-15)
    assert after_ours[337:] == [0.0] * 337  # sgd zeroed every gradient


def test_classic_demo_step_computes_chainrules_loss_and_gradients() -> None:
    _assert_demo_agrees(engines.classic_engine())


def test_torch_demo_step_computes_chainrules_loss_and_gradients(torch: ModuleType) -> None:
    _assert_demo_agrees(_torch_engine(torch))


def test_compiled_demo_step_replays_the_eager_step() -> None:
    engine = engines.chainrule_engine()
    X, y = workloads.moons(POINTS)
    eager, replayed = workloads.demo_model(), workloads.demo_model()
    step = workloads.compiled_demo_step(replayed, X, y)
    for _ in range(3):
        assert step() == workloads.demo_step(engine, eager, X, y)
    assert replayed.state_dict() == eager.state_dict()
    assert replayed.state_dict() != workloads.demo_model().state_dict()  # it did train


def _all_engines(torch: ModuleType) -> list[Engine]:
    return [engines.classic_engine(), engines.chainrule_engine(), _torch_engine(torch)]


def test_chain_gradient_is_the_product_of_its_factors(torch: ModuleType) -> None:
    for engine in _all_engines(torch):
        grad = workloads.chain(engine, 300)
        assert grad == pytest.approx(workloads.CHAIN_FACTOR**150, rel=1e-12), engine.name
        assert grad != 1.0


@pytest.mark.parametrize("links", [0, 3, -2])
def test_chain_needs_an_even_positive_length(links: int) -> None:
    with pytest.raises(ValueError, match=f"chain: links must be an even number >= 2, got {links}"):
        workloads.chain(engines.chainrule_engine(), links)


def test_wide_neuron_agrees_on_every_engine(torch: ModuleType) -> None:
    neuron, inputs = workloads.wide_neuron_setup(50)
    expected = sum(w * w for w in inputs)  # inputs equal the weights, bias 0
    assert expected > 0.0
    for engine in _all_engines(torch):
        xs = [engine.leaf(x) for x in inputs]
        out = workloads.wide_neuron(engine, engine.copy(neuron), xs)
        assert out == pytest.approx(expected, rel=1e-12), engine.name
        assert [engine.grad(x) for x in xs] == pytest.approx(inputs, rel=1e-12), engine.name


def test_copy_refuses_an_activation_the_classic_engine_lacks() -> None:
    with pytest.raises(ValueError, match="copy: a 'tanh' neuron where the classic engine"):
        engines.classic_engine().copy(nn.Neuron(3, "tanh", seed=0))
    with pytest.raises(TypeError, match=r"copy: expected an nn\.Neuron or nn\.MLP"):
        engines.classic_engine().copy(nn.Layer(2, 2, seed=0))


def test_without_torch_only_the_python_engines_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch now raises ImportError
    assert engines.torch_engine() is None
    assert [e.name for e in engines.available_engines()] == ["classic", "chainrule"]


def test_peak_bytes_per_node_counts_the_graph() -> None:
    chainrule = workloads.peak_bytes_per_node(engines.chainrule_engine(), 2_000)
    classic = workloads.peak_bytes_per_node(engines.classic_engine(), 2_000)
    # A chainrule node holds at least a Value (80 bytes) and its data float (24 bytes).
    assert 100.0 < chainrule < 1_000.0
    assert classic > 2 * chainrule  # a dict, a set and a closure per node, and constants


def test_time_side_by_side_runs_each_call_back_to_back_and_restores_the_collector() -> None:
    calls: list[str] = []
    seconds = time_side_by_side(
        {"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, repeats=3, warmups=1
    )
    assert calls == ["a"] * 4 + ["b"] * 4
    assert set(seconds) == {"a", "b"}
    assert all(len(times) == 3 and min(times) >= 0.0 for times in seconds.values())
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


@pytest.mark.parametrize(("repeats", "warmups"), [(0, 1), (1, -1)])
def test_time_side_by_side_refuses_bad_counts(repeats: int, warmups: int) -> None:
    with pytest.raises(ValueError, match="time_side_by_side: needs repeats >= 1"):
        time_side_by_side({"a": lambda: None}, repeats, warmups)


def _results(demo: dict[str, float], memory: float) -> suite.Results:
    def timing(key: str, seconds: dict[str, float]) -> suite.Timing:
        return suite.Timing(key, key, {name: [s, s, 100.0 * s] for name, s in seconds.items()})

    return suite.Results(
        suite.QUICK,
        [
            timing("demo_step", demo),
            timing("chain", {"classic": 8.0, "chainrule": 1.0}),
            timing("chain_gc_paused", {"classic": 8.0, "chainrule": 0.5}),
            timing("wide_neuron", {"chainrule": 1.0}),
        ],
        suite.Memory({"chainrule": memory, "classic": 1000.0}, {"chainrule": 10, "classic": 5}),
    )


def test_targets_compare_medians_and_say_what_was_not_measured() -> None:
    results = _results({"classic": 50.0, "chainrule": 1.0, "torch": 19.0}, memory=300.5)
    found = {t.name: (t.measured, t.holds) for t in report.targets(results)}
    assert found == {
        "demo_step >= 50x classic": (50.0, True),
        "chain >= 8x classic": (8.0, True),
        "chain_gc_paused >= 8x classic": (16.0, True),
        "demo_step >= 20x torch": (19.0, False),
        "wide_neuron >= 20x torch": (None, None),
        "memory <= 300 bytes/node": (300.5, False),
    }


def test_the_table_shows_missing_engines_as_not_available() -> None:
    results = _results({"classic": 2.0, "chainrule": 0.004}, memory=250.0)
    text = report.format_report(results, {"cpu": "test cpu"}, quick=False)
    assert "cpu: test cpu" in text
    demo = next(line for line in text.splitlines() if line.startswith("demo_step"))
    assert demo.split() == ["demo_step", "2.00", "s", "4.0", "ms", "n/a", "500.0x", "n/a"]
    assert "4.0x less" in text  # memory: 1000 B against 250 B
    assert "target memory <= 300 bytes/node: 250.0 -> holds" in text
    assert "target wide_neuron >= 20x torch: - -> not measured" in text


def test_main_prints_the_table_and_writes_every_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], torch: ModuleType
) -> None:
    path = tmp_path / "out" / "results.json"
    main(["--quick", "--json", str(path)])
    printed = capsys.readouterr().out
    assert "vs classic" in printed
    assert "target demo_step >= 50x classic" in printed
    document = json.loads(path.read_text())
    assert set(document) == {"machine", "quick", "sizes", "workloads", "memory", "targets"}
    assert document["quick"] is True
    assert {"cpu", "python", "torch"} <= set(document["machine"])
    assert document["sizes"] == suite.QUICK._asdict()
    assert set(document["workloads"]) == {
        "demo_step",
        "demo_step_compiled",
        "chain",
        "chain_gc_paused",
        "wide_neuron",
    }
    for workload in document["workloads"].values():
        assert set(workload["median_seconds"]) == {"classic", "chainrule", "torch"}
        assert all(len(times) == suite.QUICK.repeats for times in workload["seconds"].values())
        assert workload["speedup_vs_classic"] > 0.0
        assert workload["speedup_vs_torch"] > 0.0
    assert set(document["memory"]["bytes_per_node"]) == {"classic", "chainrule"}
    assert [t["name"] for t in document["targets"]] == [
        "demo_step >= 50x classic",
        "chain >= 8x classic",
        "chain_gc_paused >= 8x classic",
        "demo_step >= 20x torch",
        "wide_neuron >= 20x torch",
        "memory <= 300 bytes/node",
    ]
    assert all(isinstance(t["holds"], bool) for t in document["targets"])


def test_breakdown_times_every_phase_of_the_step() -> None:
    result = breakdown(points=4, steps=2)
    assert list(result.seconds) == list(PHASES)
    assert all(seconds > 0.0 for seconds in result.seconds.values())
    # 4 samples x (16 + 16 + 1 dot nodes and 32 relus), hinge, l2 and the sums around them
    assert result.nodes > 4 * 65 + 337
    text = format_breakdown(result, points=4, steps=2)
    assert all(phase in text for phase in PHASES)
    assert "value.py" in profile(points=4, steps=1, top=5)
