"""The harness's method: interleaved rounds, the median of per-round ratios, gc charged per call.

No test here asserts a time: the timer and the collector are replaced by recorders where
the order of events is what is checked.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable

import pytest

from benchmarks import timing
from benchmarks.timing import Rounds, interleave, timed_call


def test_calls_take_turns_round_by_round_after_the_warmups() -> None:
    calls: list[str] = []
    rounds = interleave(
        {"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, rounds=3, warmups=2
    )
    assert calls == ["a", "b"] * 5
    assert set(rounds.seconds) == {"a", "b"}
    assert all(len(times) == 3 and min(times) >= 0.0 for times in rounds.seconds.values())


def test_each_round_records_each_calls_own_time_in_order() -> None:
    ticks = iter([1.0, 10.0, 2.0, 20.0, 3.0, 30.0])

    def timer(call: Callable[[], object]) -> float:
        call()
        return next(ticks)

    rounds = interleave({"a": lambda: None, "b": lambda: None}, rounds=3, warmups=0, timer=timer)
    assert rounds.seconds == {"a": [1.0, 2.0, 3.0], "b": [10.0, 20.0, 30.0]}


def test_speedup_is_the_median_of_per_round_ratios_not_the_ratio_of_medians() -> None:
    rounds = Rounds({"slow": [1.0, 10.0, 3.0], "fast": [1.0, 1.0, 2.0]})
    assert rounds.ratios("slow", "fast") == [1.0, 10.0, 1.5]
    assert rounds.speedup("slow", "fast") == 1.5
    assert rounds.median("slow") / rounds.median("fast") == 3.0  # what it is not
    assert rounds.median("fast") == 1.0


def test_a_timed_call_collects_before_untimed_and_after_timed() -> None:
    events: list[str] = []

    def clock() -> float:
        events.append("clock")
        return float(len(events))

    def collect() -> int:
        events.append("collect")
        return 0

    try:
        seconds = timed_call(lambda: events.append("call"), clock=clock, collect=collect)
    finally:
        gc.unfreeze()
    assert events == ["collect", "clock", "call", "collect", "clock"]
    assert seconds == 5.0 - 2.0  # the second clock reading minus the first


class _Node:
    """An object in a reference cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_the_cyclic_garbage_a_call_makes_is_collected_inside_its_timing() -> None:
    made: list[weakref.ref[_Node]] = []
    collected_at: list[int] = []

    def clock() -> float:
        collected_at.append(sum(ref() is None for ref in made))
        return 0.0

    def make_cycles() -> None:
        made.extend(weakref.ref(_Node()) for _ in range(100))

    gc.disable()  # no automatic collection: only timed_call's own collections run
    try:
        timed_call(make_cycles, clock=clock)
    finally:
        gc.enable()
        gc.unfreeze()
    assert collected_at == [0, 100]  # nothing freed at the start, everything at the end


def test_the_garbage_from_before_a_call_is_not_charged_to_it() -> None:
    freed_at: list[bool] = []

    def clock() -> float:
        freed_at.append(earlier() is None)
        return 0.0

    gc.disable()
    try:
        earlier = weakref.ref(_Node())
        assert earlier() is not None
        timed_call(lambda: None, clock=clock)
    finally:
        gc.enable()
        gc.unfreeze()
    assert freed_at == [True, True]  # freed by the untimed collection, before the clock ran


def test_interleave_leaves_the_collector_enabled_with_nothing_frozen() -> None:
    interleave({"a": lambda: [0] * 10}, rounds=2)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize(("rounds", "warmups"), [(0, 1), (1, -1)])
def test_interleave_refuses_bad_counts(rounds: int, warmups: int) -> None:
    with pytest.raises(ValueError, match="interleave: needs rounds >= 1 and warmups >= 0"):
        interleave({"a": lambda: None}, rounds, warmups)


def test_the_chosen_clock_times_every_call(monkeypatch: pytest.MonkeyPatch) -> None:
    readings = iter([10.0, 12.5])
    monkeypatch.setitem(timing.CLOCKS, "process_time", lambda: next(readings))
    assert timing.clock_name() == "perf_counter"
    timing.use_clock("process_time")
    try:
        assert timing.clock_name() == "process_time"
        assert timed_call(lambda: None) == 2.5
    finally:
        timing.use_clock("perf_counter")
        gc.unfreeze()
    with pytest.raises(ValueError, match="use_clock: unknown clock 'monotonic'"):
        timing.use_clock("monotonic")
