"""The collector benchmark's program makes cyclic garbage, and its threshold is put back."""

from __future__ import annotations

import gc

from benchmarks import collector


def test_the_program_makes_garbage_only_the_cyclic_collector_frees() -> None:
    gc.collect()
    gc.disable()
    try:
        assert collector.cyclic_program(300) == 300
        assert gc.collect() >= 300  # every tree is a cycle: refcounting alone frees none
    finally:
        gc.enable()


def test_a_threshold_is_set_for_the_block_and_put_back() -> None:
    before = gc.get_threshold()
    with collector.first_threshold(123):
        assert gc.get_threshold()[0] == 123
    assert gc.get_threshold() == before


def test_peak_memory_is_measured_in_a_fresh_interpreter() -> None:
    assert collector.peak_bytes(700, 2_000) > 0
