"""The workloads do the same work on every engine, and the harness reports all of it.

Nothing here asserts a time: a benchmark whose engines compute different losses, or whose
report drops a row, would mislead whatever the clock says.
"""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

import nn
from benchmarks import engines, floats, imports, report, suite, timing, training, workloads
from benchmarks.__main__ import main
from benchmarks.breakdown import PHASES, breakdown, format_breakdown, profile
from benchmarks.engines import Engine
from benchmarks.timing import Rounds

POINTS = 8
TINY = suite.QUICK._replace(
    points=4,
    minibatch_points=12,
    batch_sizes=(5, 12),
    target_batch_size=5,
    chain_links=200,
    neuron_inputs=20,
    memory_links=200,
    classic_memory_links=200,
    digits_compile_images=(2,),
    digits_fit_images=(2,),
)


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


def _learner_losses_and_weights(engine: Engine, steps: int) -> tuple[list[float], list[float]]:
    X, y = workloads.moons(POINTS)
    model = engine.copy(_source_model())
    losses = [workloads.learner_step(engine, model, X, y) for _ in range(steps)]
    return losses, [engine.data(p) for p in model.parameters()]


def _assert_learner_step_agrees(other: Engine) -> None:
    ours = _learner_losses_and_weights(engines.chainrule_engine(), 3)
    theirs = _learner_losses_and_weights(other, 3)
    assert len(ours[1]) == 337
    assert theirs[0] == pytest.approx(ours[0], rel=1e-12)
    assert ours[0][0] != ours[0][2]  # the steps trained
    assert theirs[1] == pytest.approx(ours[1], rel=1e-9, abs=1e-15)


def test_classic_learner_step_computes_chainrules_losses() -> None:
    _assert_learner_step_agrees(engines.classic_engine())


def test_torch_learner_step_computes_chainrules_losses(torch: ModuleType) -> None:
    _assert_learner_step_agrees(_torch_engine(torch))
    assert torch.get_num_threads() == 1


def test_library_step_compiled_step_and_float_loops_compute_the_learner_step() -> None:
    X, y = workloads.moons(POINTS)
    learner = _learner_losses_and_weights(engines.chainrule_engine(), 3)
    eager, replayed = _source_model(), _source_model()
    step = workloads.compiled_step(replayed, workloads.sgd(replayed), X, y)
    layers = floats.float_layers(_source_model())
    optimizer = workloads.sgd(eager)
    for k in range(3):
        loss = workloads.library_step(eager, optimizer, X, y)
        assert loss == pytest.approx(learner[0][k], rel=1e-12)
        assert step() == loss  # bit for bit: the replay is the eager step
        assert floats.float_step(layers, X, y) == pytest.approx(loss, rel=1e-12)
    weights = [p.data for p in eager.parameters()]
    assert [p.data for p in replayed.parameters()] == weights
    assert weights == pytest.approx(learner[1], rel=1e-9, abs=1e-15)
    assert floats.float_weights(layers) == pytest.approx(weights, rel=1e-9, abs=1e-15)


def test_float_layers_refuse_an_activation_they_do_not_write_out() -> None:
    with pytest.raises(ValueError, match="float_layers: needs relu or linear layers, got 'tanh'"):
        floats.float_layers(nn.MLP(2, [3, 1], activation="tanh", seed=0))


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


def test_fit_default_and_eager_train_the_same_weights() -> None:
    X, y = training.moons_arrays(12)
    for batch_size in (5, 12):
        default = training.fit_moons(X, y, batch_size, 2, None)
        assert default == training.fit_moons(X, y, batch_size, 2, False)
        assert default != [p.data for p in workloads.demo_model().parameters()]
    X, y, _ = training.digits(2)
    assert training.fit_digits(X, y, 2, None) == training.fit_digits(X, y, 2, False)


def test_digits_have_the_shape_of_the_8x8_digits() -> None:
    X, y, source = training.digits(30)
    assert X.shape == (30, 64)
    assert X.min() >= 0.0 and X.max() <= 1.0
    assert set(np.unique(y)) <= set(range(10))
    assert source in ("nn.data.load_digits", "random pixels (no load_digits)")


def test_compile_seconds_counts_the_graph_it_compiles() -> None:
    compiling = training.compile_seconds(training.moons_loss(2))
    # per point: 3 layers' dots over (w, x, b), 32 relus, one hinge; then the l2 dot of 337 p's
    assert compiling.nodes > 2 * (33 + 32)
    assert compiling.edges > 2 * (16 * 3 + 16 * 33 + 33) + 2 * 337
    assert compiling.seconds_per_edge == compiling.seconds / compiling.edges > 0.0


def test_import_seconds_runs_a_fresh_interpreter() -> None:
    assert 0.0 < imports.import_seconds("autograd") < 60.0
    assert 0.0 < imports.import_seconds("autograd", "process_time") < 60.0
    with pytest.raises(RuntimeError, match="import_seconds: import no_such_module_here failed"):
        imports.import_seconds("no_such_module_here")
    with pytest.raises(ValueError, match="import_seconds: not a module name"):
        imports.import_seconds("os; print(1)")
    with pytest.raises(ValueError, match="import_seconds: unknown clock 'time'"):
        imports.import_seconds("os", "time")


def test_target_bounds_both_ways() -> None:
    assert suite.Target(">=", 50.0).met(50.0)
    assert not suite.Target(">=", 50.0).met(49.9)
    assert suite.Target("<=", 1.5).met(1.5)
    assert not suite.Target("<=", 1.5).met(1.51)


def test_speedup_row_shows_both_medians_and_the_median_ratio() -> None:
    rounds = Rounds({"classic": [2.0, 30.0, 6.0], "chainrule": [1.0, 1.0, 2.0]})
    row = suite.speedup_row("g", "label", rounds, "classic", "chainrule", suite.Target(">=", 2.5))
    assert row.medians == {"chainrule": 1.0, "classic": 6.0}
    assert row.figure == 3.0  # ratios 2, 30, 3
    assert row.met is True
    renamed = suite.speedup_row("g", "l", rounds, "classic", "chainrule", names=("ours", "theirs"))
    assert renamed.medians == {"ours": 1.0, "theirs": 6.0}
    assert renamed.met is None


@pytest.fixture(scope="module")
def tiny_run() -> dict[str, suite.Group]:
    """Every group but the imports (tested above) at tiny sizes, without torch."""
    groups = [name for name in suite.GROUPS if name != suite.IMPORTS]
    python_engines = [engines.classic_engine(), engines.chainrule_engine()]
    return suite.run(TINY, python_engines, groups)


def test_every_group_reports_its_rows_and_rounds(tiny_run: dict[str, suite.Group]) -> None:
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    labels = [row.label for group in tiny_run.values() for row in group.rows]
    assert list(tiny_run) == [name for name in suite.GROUPS if name != suite.IMPORTS]
    assert labels[0].startswith("learner-written demo step")
    assert len(labels) == 4 + 2 + 1 + 1 + 1 + 2 + 3  # no torch rows; collector: 3 rows
    for group in tiny_run.values():
        for row in group.rows:
            assert row.figure > 0.0 and all(v > 0.0 for v in row.medians.values()), row.label
    learner = tiny_run[suite.LEARNER].seconds
    assert set(learner) == {
        "classic",
        "chainrule",
        "library eager",
        "compiled replay",
        "float loops",
    }
    assert all(len(times) == TINY.demo_rounds for times in learner.values())
    targets = [row.target for group in tiny_run.values() for row in group.rows if row.target]
    assert [t.bound for t in targets] == [50.0, 1.5, 4.0, 8.0, 220.0, 3.0, 1.0]


def test_the_text_table_marks_each_target(tiny_run: dict[str, suite.Group]) -> None:
    text = report.format_text(tiny_run, {"cpu": "test cpu"}, TINY, quick=True)
    assert text.startswith("cpu: test cpu\n")
    assert "interleaved rounds" in text
    lines = text.splitlines()
    for row in (row for group in tiny_run.values() for row in group.rows):
        line = next(line for line in lines if line.startswith(row.label))
        assert line.endswith({True: "met", False: "NOT MET", None: report.cells(row)[2]}[row.met])
    judged = [row.met for group in tiny_run.values() for row in group.rows if row.met is not None]
    assert f"targets met: {sum(judged)} of {len(judged)}" in text


def test_the_markdown_table_has_a_row_per_line(tiny_run: dict[str, suite.Group]) -> None:
    machine = {
        "cpu": "test cpu",
        "cores": "2",
        "python": "3.11",
        "torch": "none",
        "load average (1, 5, 15 min)": "0.1 0.2 0.3",
        "date": "today",
    }
    text = report.format_markdown(tiny_run, machine)
    lines = text.splitlines()
    assert lines[0] == "test cpu, 2 cores, Python 3.11, torch none, load average 0.1 0.2 0.3, today"
    table = [line for line in lines if line.startswith("|")]
    assert len(table) == 2 + sum(len(group.rows) for group in tiny_run.values())
    assert all(line.count(" | ") == 4 for line in table)


def test_run_refuses_an_unknown_workload() -> None:
    with pytest.raises(ValueError, match="run: unknown workload 'demo'"):
        suite.run(TINY, [], ["demo"])


def test_main_runs_the_named_workloads_and_writes_the_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "out" / "results.json"
    main(["memory", "--quick", "--markdown", "--cpu-time", "--json", str(path)])
    printed = capsys.readouterr().out
    assert "peak bytes per node" in printed and "| workload |" in printed
    assert "clock: time.process_time" in printed
    assert timing.clock_name() == "perf_counter"  # restored
    document = json.loads(path.read_text())
    assert set(document) == {"machine", "quick", "sizes", "groups"}
    machine = {"cpu", "cores", "python", "torch", "load average (1, 5, 15 min)", "date"}
    assert machine | {"load average at the end"} <= set(document["machine"])
    assert list(document["groups"]) == ["memory"]
    (row,) = document["groups"]["memory"]["rows"]
    assert row["target"] == ["<=", 220.0] and isinstance(row["met"], bool)
    with pytest.raises(SystemExit):
        main(["no-such-workload", "--json", str(path)])
    assert "unknown workload 'no-such-workload'" in capsys.readouterr().err


def test_breakdown_times_every_phase_of_the_step() -> None:
    result = breakdown(points=4, steps=2)
    assert list(result.seconds) == list(PHASES)
    assert all(seconds > 0.0 for seconds in result.seconds.values())
    # 4 samples x (16 + 16 + 1 dot nodes and 32 relus), hinge, l2 and the sums around them
    assert result.nodes > 4 * 65 + 337
    text = format_breakdown(result, points=4, steps=2)
    assert all(phase in text for phase in PHASES)
    assert "value.py" in profile(points=4, steps=1, top=5)
