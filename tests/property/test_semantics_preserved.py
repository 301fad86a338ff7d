"""Passes preserve semantics: on generated arith programs and random inputs, the reference
interpreter gives the same results before and after a pipeline.

Equality is bitwise for integers and for floats that are not NaN (so -0.0 differs from 0.0:
canonicalization must not change a float result). NaNs compare by NaN-ness only, because
MLIR's own folds change NaN bits legitimately: `arith.mulf %x, 1.0 -> %x` and
`arith.addf %x, -0.0 -> %x` return a signaling NaN `%x` as it is, where evaluating the op
quiets it; IEEE 754 leaves the payload of a produced NaN unspecified.

Programs whose original run has undefined behaviour (or poison, which the interpreter
treats as UB) are skipped for that input; a pass may remove UB, never add it.
"""

from __future__ import annotations

import ml_dtypes
import numpy as np
import pytest
from arith_programs import arith_programs
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import mlc
from mlc.ir.interpreter import Interpreter, UndefinedBehavior
from mlc.passes.registry import lookup_pass

pytest.importorskip(
    "mlc.dialects.arith.interpreter", reason="the arith dialect has no interpreter yet"
)

PIPELINES = ("canonicalize", "cse", "canonicalize,cse", "sccp")
INPUT_SETS = 3  # inputs per program: running a pass costs more than interpreting
# Half the profile's examples per pipeline (each with up to INPUT_SETS inputs): four
# pipelines at full count would take most of the CI profile's time budget for this file.
PIPELINE_SETTINGS = settings(
    max_examples=max(10, settings.default.max_examples // 2),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _pipeline_param(pipeline: str):
    missing = [name for name in pipeline.split(",") if lookup_pass(name) is None]
    reason = f"pass '{missing[0]}' is not registered yet" if missing else ""
    return pytest.param(pipeline, marks=pytest.mark.skipif(bool(missing), reason=reason))


def same_value(expected, actual) -> bool:
    """Bitwise equal, except that any NaN equals any NaN (see the module docstring)."""
    if type(expected) is not type(actual):
        return False
    a, b = np.asarray(expected), np.asarray(actual)
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype.kind != "f" and a.dtype != ml_dtypes.bfloat16:
        return bool(np.array_equal(a, b))
    nan_a, nan_b = np.isnan(a), np.isnan(b)
    bits = np.dtype(f"uint{8 * a.dtype.itemsize}")
    return bool((nan_a == nan_b).all() and (a.view(bits)[~nan_a] == b.view(bits)[~nan_b]).all())


def run(module, inputs):
    """The results of `@f`, or None when the run has undefined behaviour."""
    try:
        return Interpreter(module).call("f", *inputs)
    except UndefinedBehavior:
        return None


@PIPELINE_SETTINGS
@pytest.mark.parametrize("pipeline", [_pipeline_param(p) for p in PIPELINES])
@given(data=st.data())
def test_pipeline_preserves_semantics(pipeline, data):
    program = data.draw(arith_programs(), label="program")
    inputs = data.draw(st.lists(program.inputs(), min_size=1, max_size=INPUT_SETS), label="inputs")
    expected = [run(program.module, args) for args in inputs]
    assume(any(e is not None for e in expected))
    module = program.fresh_module()
    mlc.PassManager.parse(f"builtin.module({pipeline})").run(module)
    for args, before in zip(inputs, expected):
        if before is None:
            continue
        after = run(module, args)
        assert after is not None, f"{pipeline} introduced undefined behavior for {args}"
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            assert same_value(b, a), f"{pipeline}: result #{i} was {b!r}, is {a!r} for {args}"


@given(data=st.data())
def test_generated_programs_verify_and_run(data):
    program = data.draw(arith_programs(), label="program")
    mlc.verify(program.module)
    results = run(program.module, data.draw(program.inputs(), label="inputs"))
    assert results is None or len(results) == len(program.result_types)


def test_same_value_is_nan_aware_and_bit_exact():
    nan32 = np.float32("nan")
    negative_nan = np.array(0xFFC00000, np.uint32).view(np.float32)[()]
    assert same_value(nan32, negative_nan)
    assert not same_value(np.float32(0.0), np.float32(-0.0))
    assert not same_value(np.float32(1.0), np.float64(1.0))
    assert same_value(np.array([1.0, nan32]), np.array([1.0, -nan32]))
    assert not same_value(np.array([1, 2], np.int8), np.array([1, 3], np.int8))
    assert not same_value(np.int32(1), np.int64(1))
