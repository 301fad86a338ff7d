"""Lowering to the llvm dialect keeps the meaning the reference interpreter gives: random
arith and scf programs (and a memref program), lowered by `mlc-run`'s default pipeline and
run by the llvm dialect's interpreter, give exactly (bit for bit) the results the
interpreter gives on the original module. Inputs on which the original has undefined
behaviour are skipped; the lowered program must not invent any on the others.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from arith_programs import arith_programs
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_memref_view_lowering import view_programs
from test_scf_programs import INPUTS, scf_programs
from vector_programs import vector_programs

import mlc
from mlc.codegen import compile_module
from mlc.dialects.llvm.descriptors import memref_arguments, read_memref
from mlc.ir.interpreter import Interpreter, UndefinedBehavior, interpret
from mlc.ir.types import VectorType
from mlc.passes.pipeline import parse_pipeline
from mlc.tools.mlc_run import DEFAULT_PIPELINE

# MLIR lowers these with `arith-expand` before `convert-arith-to-llvm`; mlc has no such pass.
NEEDS_ARITH_EXPAND = frozenset({"arith.ceildivsi", "arith.ceildivui", "arith.floordivsi"})


def _lower(module) -> None:
    parse_pipeline(DEFAULT_PIPELINE).run(module)


def _fully_lowered(module) -> bool:
    """Only llvm ops are left (n-D vector `addui_extended` stays a cast, as in MLIR)."""
    return all(op.name.startswith("llvm.") for op in module.iter_nested() if op is not module)


def _lowered_argument(value, t):
    """A value of the original type as the lowering passes it: n-D vectors become arrays
    (tuples) of 1-D vectors."""
    if isinstance(t, VectorType) and len(t.shape) > 1:
        return tuple(np.asarray(row) for row in value)
    return value


def _results(lowered: tuple, count: int) -> list:
    """The lowered function's results: several are packed into one struct."""
    if count > 1:
        (lowered,) = lowered
    return [np.asarray(_stacked(v)) for v in lowered]


def _stacked(value):
    return np.stack([_stacked(v) for v in value]) if isinstance(value, tuple) else value


def _assert_bitwise_equal(actual: list, expected: tuple, context) -> None:
    assert len(actual) == len(expected), context
    for a, e in zip(actual, expected):
        e = np.asarray(e)
        assert a.dtype == e.dtype and a.shape == e.shape, (a, e, context)
        assert a.tobytes() == e.tobytes(), (a, e, context)


def _lowerable(program) -> bool:
    return not {op.name for op in program.module.iter_nested()} & NEEDS_ARITH_EXPAND


@settings(
    max_examples=min(settings.default.max_examples, 25),
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(data=st.data())
def test_lowered_arith_programs_equal_the_original(data) -> None:
    program = data.draw(arith_programs().filter(_lowerable), label="program")
    inputs = data.draw(st.lists(program.inputs(), min_size=1, max_size=4), label="inputs")
    lowered = program.fresh_module()
    _lower(lowered)
    assume(_fully_lowered(lowered))
    for args in inputs:
        try:
            expected = interpret(program.module, "f", *args)
        except UndefinedBehavior:
            continue
        lowered_args = [_lowered_argument(v, t) for v, t in zip(args, program.arg_types)]
        actual = _results(interpret(lowered, "f", *lowered_args), len(expected))
        _assert_bitwise_equal(actual, expected, (args, program))


@settings(max_examples=min(settings.default.max_examples, 25), deadline=None)
@given(program=scf_programs(), inputs=st.lists(INPUTS, min_size=1, max_size=3))
def test_lowered_scf_programs_equal_the_original(program: str, inputs: list) -> None:
    lowered = mlc.parse(program)
    _lower(lowered)
    original = mlc.parse(program)
    for args in inputs:
        expected = interpret(original, "f", *args)
        actual = _results(interpret(lowered, "f", *args), len(expected))
        _assert_bitwise_equal(actual, expected, (args, program))


@settings(max_examples=min(settings.default.max_examples, 25), deadline=None)
@given(program=vector_programs(), random=st.randoms(use_true_random=False))
def test_lowered_vector_programs_equal_the_original(program, random) -> None:
    """Lowered reductions and contractions may add in another order: a float tolerance."""
    text, size, _ = program
    rng = np.random.default_rng(random.getrandbits(32))
    a, b = (rng.uniform(-2, 2, size).astype(np.float32) for _ in range(2))
    (expected,) = interpret(mlc.parse(text), "f", a, b)
    lowered = mlc.parse(text)
    _lower(lowered)
    assert _fully_lowered(lowered), text
    (actual,) = interpret(lowered, "f", a, b)
    np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-5, err_msg=text)


MEMREF_PROGRAM = """
func.func @f(%x: memref<?x3xf32>, %scale: f32) -> memref<?x3xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %n = memref.dim %x, %c0 : memref<?x3xf32>
  %y = memref.alloc(%n) {alignment = 64 : i64} : memref<?x3xf32>
  %tmp = memref.alloca() : memref<3xf32>
  scf.for %i = %c0 to %n step %c1 {
    scf.for %j = %c0 to %c3 step %c1 {
      %v = memref.load %x[%i, %j] : memref<?x3xf32>
      %w = arith.mulf %v, %scale : f32
      memref.store %w, %tmp[%j] : memref<3xf32>
    }
    scf.for %j = %c0 to %c3 step %c1 {
      %w = memref.load %tmp[%j] : memref<3xf32>
      %s = arith.addf %w, %w : f32
      memref.store %s, %y[%i, %j] : memref<?x3xf32>
      memref.store %w, %x[%i, %j] : memref<?x3xf32>
    }
  }
  return %y : memref<?x3xf32>
}
"""

_FLOATS = st.floats(width=32, allow_nan=False)


@settings(max_examples=min(settings.default.max_examples, 10), deadline=None)
@given(
    rows=st.integers(0, 3).flatmap(
        lambda n: st.lists(st.lists(_FLOATS, min_size=3, max_size=3), min_size=n, max_size=n)
    ),
    scale=_FLOATS,
)
def test_lowered_memref_program_equals_the_original(rows: list, scale: float) -> None:
    x = np.array(rows, np.float32).reshape(-1, 3)
    original_x = x.copy()
    (expected,) = Interpreter(mlc.parse(MEMREF_PROGRAM)).call("f", original_x, np.float32(scale))
    lowered = mlc.parse(MEMREF_PROGRAM)
    _lower(lowered)
    x_arguments = memref_arguments(x)
    (result,) = interpret(lowered, "f", *x_arguments, np.float32(scale))
    assert read_memref(result, np.float32).tobytes() == expected.array.tobytes()
    assert read_memref(x_arguments, np.float32).tobytes() == original_x.tobytes()


@settings(max_examples=min(settings.default.max_examples, 25), deadline=None)
@given(program=view_programs(), value=st.floats(-100, 100, width=32))
def test_lowered_memref_views_equal_the_original(program, value) -> None:
    """Subviews, reshapes and reinterpret_casts, a store and a load through the last view,
    and a copy of it (`memcpy`, or the runtime's `memrefCopy` when not contiguous)."""
    text, _, shape, index_args = program
    start = np.arange(math.prod(shape), dtype=np.float32).reshape(shape)
    expected_buffer = start.copy()
    indices = [np.int64(a) for a in index_args]
    loaded, view, copy = interpret(
        mlc.parse(text), "f", expected_buffer, np.float32(value), *indices
    )
    lowered = mlc.parse(text)
    _lower(lowered)
    buffer = memref_arguments(start)
    ((actual_loaded, actual_view, actual_copy),) = interpret(
        lowered, "f", *buffer, np.float32(value), *indices
    )
    assert actual_loaded == loaded, text
    np.testing.assert_array_equal(read_memref(buffer, np.float32), expected_buffer, err_msg=text)
    np.testing.assert_array_equal(
        read_memref(actual_view, np.float32), np.array(view), err_msg=text
    )
    np.testing.assert_array_equal(
        read_memref(actual_copy, np.float32), np.array(copy), err_msg=text
    )


STRIDED_COPY = """
func.func @f(%m: memref<4x4xf32>) -> memref<2x2xf32> {
  %v = memref.subview %m[0, 0] [2, 2] [2, 2]
    : memref<4x4xf32> to memref<2x2xf32, strided<[8, 2]>>
  %c = memref.alloc() : memref<2x2xf32>
  memref.copy %v, %c : memref<2x2xf32, strided<[8, 2]>> to memref<2x2xf32>
  return %c : memref<2x2xf32>
}
"""


def test_strided_copies_run_the_runtimes_memrefcopy() -> None:
    lowered = mlc.parse(STRIDED_COPY)
    _lower(lowered)
    assert "@memrefCopy" in str(lowered)
    x = np.arange(16, dtype=np.float32).reshape(4, 4)
    (result,) = interpret(lowered, "f", *memref_arguments(x))
    np.testing.assert_array_equal(read_memref(result, np.float32), x[::2, ::2])


SCALAR_PROGRAM = """
func.func @f(%a: i32, %b: i32, %x: f32, %y: f64)
    -> (i32, i32, i32, i32, i32, i32, i32, f32, f32, f64, f64, f32, f32, i64, f64, i1) {
  %ctlz = math.ctlz %a : i32
  %cttz = math.cttz %b : i32
  %pop = math.ctpop %a : i32
  %abs = math.absi %b : i32
  %max = arith.maxui %a, %b : i32
  %shr = arith.shrsi %a, %b : i32
  %rem = arith.remsi %a, %b : i32
  %fma = math.fma %x, %x, %x : f32
  %sqrt = math.sqrt %x : f32
  %round = math.round %y : f64
  %even = math.roundeven %y : f64
  %copy = math.copysign %x, %x : f32
  %low = arith.minimumf %x, %x : f32
  %int = arith.fptosi %y : f64 to i64
  %float = arith.uitofp %a : i32 to f64
  %cmp = arith.cmpf ult, %x, %x : f32
  return %ctlz, %cttz, %pop, %abs, %max, %shr, %rem, %fma, %sqrt, %round, %even, %copy, %low,
    %int, %float, %cmp
    : i32, i32, i32, i32, i32, i32, i32, f32, f32, f64, f64, f32, f32, i64, f64, i1
}
"""
SCALAR_SIGNATURE = (
    "(i32, i32, f32, f64) -> "
    "(i32, i32, i32, i32, i32, i32, i32, f32, f32, f64, f64, f32, f32, i64, f64, i1)"
)


@functools.cache
def _lowered_scalar_program():
    module = mlc.parse(SCALAR_PROGRAM)
    _lower(module)
    compiled = compile_module(module, 0, signatures={"f": SCALAR_SIGNATURE})["f"]
    return module, compiled


@settings(max_examples=min(settings.default.max_examples, 40), deadline=None)
@given(
    a=st.integers(-(2**31), 2**31 - 1),
    b=st.integers(-(2**31), 2**31 - 1) | st.integers(-1, 40),
    x=st.floats(width=32),
    y=st.floats() | st.floats(-(2.0**70), 2.0**70),
)
def test_the_llvm_interpreter_equals_compiled_code(a, b, x, y) -> None:
    """Where the program is defined, every bit of every result is what the machine computes
    (NaN payloads included: both follow IEEE and x86's quiet NaNs)."""
    module, compiled = _lowered_scalar_program()
    args = (np.int32(a), np.int32(b), np.float32(x), np.float64(y))
    try:
        (expected,) = interpret(module, "f", *args)
    except UndefinedBehavior:
        return
    actual = compiled(*args)
    for got, want in zip(actual, expected):
        assert np.asarray(got).tobytes() == np.asarray(want).tobytes(), (args, got, want)
