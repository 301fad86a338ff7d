"""`gc_paused`: IR-building phases run without cyclic collection, and leave it as it was."""

import gc

import pytest

import mlc
from mlc.ir.gc_pause import gc_paused
from mlc.passes.instrumentation import PassInstrumentation
from mlc.passes.pass_manager import PassManager


def test_nested_pauses_restore_collection_at_the_outermost():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_collection_is_restored_after_an_error():
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_disabled_collection_stays_disabled():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_pipeline_runs_paused_and_restores_collection():
    seen = []

    class Probe(PassInstrumentation):
        def run_before_pass(self, pass_, op):
            seen.append(gc.isenabled())

    module = mlc.parse("func.func @f() { return }")
    manager = PassManager.parse("builtin.module(canonicalize)")
    manager.instrumentations.append(Probe())
    manager.run(module)
    assert seen == [False]
    assert gc.isenabled()
