"""`convert-vector-to-llvm` on memory: loads, stores, masked and out-of-bounds transfers,
one-element accesses, broadcasting reads and `type_cast` compile to code that reads and
writes what the reference interpreter reads and writes; and the pass's options."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mlc
from mlc.codegen import compile_module
from mlc.ir.diagnostics import DiagnosticError
from mlc.passes import PassManager

PIPELINE = (
    "builtin.module(convert-vector-to-llvm,convert-math-to-llvm,convert-arith-to-llvm,"
    "finalize-memref-to-llvm,convert-func-to-llvm,reconcile-unrealized-casts)"
)

TRANSFERS = """
func.func @f(%m: memref<?xf32>, %i: index, %mask: vector<4xi1>)
    -> (vector<4xf32>, vector<4xf32>, vector<4xf32>) {
  %pad = arith.constant -1.0 : f32
  %0 = vector.transfer_read %m[%i], %pad : memref<?xf32>, vector<4xf32>
  %1 = vector.maskedload %m[%i], %mask, %0
      : memref<?xf32>, vector<4xi1>, vector<4xf32> into vector<4xf32>
  %2 = arith.addf %0, %1 : vector<4xf32>
  vector.transfer_write %2, %m[%i] : vector<4xf32>, memref<?xf32>
  %3 = arith.mulf %2, %1 : vector<4xf32>
  vector.transfer_write %3, %m[%i], %mask : vector<4xf32>, memref<?xf32>
  %c0 = arith.constant 0 : index
  %4 = vector.load %m[%c0] : memref<?xf32>, vector<4xf32>
  vector.maskedstore %m[%c0], %mask, %3 : memref<?xf32>, vector<4xi1>, vector<4xf32>
  return %0, %1, %4 : vector<4xf32>, vector<4xf32>, vector<4xf32>
}
"""
TRANSFERS_SIGNATURE = (
    "(memref<?xf32>, index, vector<4xi1>) -> (vector<4xf32>, vector<4xf32>, vector<4xf32>)"
)

VIEWS = """
func.func @g(%m: memref<2x4xf32>, %one: memref<3xf32>, %i: index)
    -> (vector<4xf32>, vector<1xf32>) {
  %pad = arith.constant 0.0 : f32
  %1 = vector.transfer_read %m[%i, %i], %pad
      {in_bounds = [true], permutation_map = affine_map<(d0, d1) -> (0)>}
      : memref<2x4xf32>, vector<4xf32>
  %2 = vector.load %one[%i] : memref<3xf32>, vector<1xf32>
  %3 = vector.broadcast %2 : vector<1xf32> to vector<4xf32>
  %4 = arith.addf %1, %3 : vector<4xf32>
  %5 = vector.extract %4[3] : f32 from vector<4xf32>
  %6 = vector.broadcast %5 : f32 to vector<1xf32>
  vector.store %6, %one[%i] : memref<3xf32>, vector<1xf32>
  return %4, %2 : vector<4xf32>, vector<1xf32>
}
"""
VIEWS_SIGNATURE = "(memref<2x4xf32>, memref<3xf32>, index) -> (vector<4xf32>, vector<1xf32>)"

# The interpreter has no memrefs of vectors: numpy is the reference for `type_cast`.
TYPE_CAST = """
func.func @h(%m: memref<2x4xf32>) -> vector<4xf32> {
  %0 = vector.type_cast %m : memref<2x4xf32> to memref<vector<2x4xf32>>
  %1 = memref.load %0[] : memref<vector<2x4xf32>>
  %2 = vector.extract %1[1] : vector<4xf32> from vector<2x4xf32>
  return %2 : vector<4xf32>
}
"""


def _lowered(text: str):
    ctx = mlc.Context()
    module = mlc.parse(text, ctx)
    PassManager.parse(PIPELINE, ctx).run(module)
    return module


@functools.cache
def _compiled(text: str, name: str, signature: str, level: int):
    return compile_module(_lowered(text), opt_level=level, signatures={name: signature})[name]


def _check(text: str, name: str, signature: str, arrays: list, level: int) -> None:
    """Results and memory after the call agree with the interpreter's."""
    expected_arrays = [a.copy() if isinstance(a, np.ndarray) else a for a in arrays]
    expected = mlc.interpret(mlc.parse(text, mlc.Context()), name, *expected_arrays)
    got_arrays = [a.copy() if isinstance(a, np.ndarray) else a for a in arrays]
    got = _compiled(text, name, signature, level)(*got_arrays)
    for mine, theirs in zip(got, expected):
        np.testing.assert_array_equal(mine, theirs)
    for mine, theirs in zip(got_arrays, expected_arrays):
        np.testing.assert_array_equal(mine, theirs)


@st.composite
def transfer_inputs(draw):
    """A buffer of 4 to 9 elements, an offset in it, and a mask on in-bounds lanes only."""
    size = draw(st.integers(4, 9))
    offset = draw(st.integers(0, size - 1))
    bits = [draw(st.booleans()) and offset + lane < size for lane in range(4)]
    data = np.asarray(draw(st.lists(st.integers(-8, 8), min_size=size, max_size=size)))
    return data.astype(np.float32), offset, np.asarray(bits)


@settings(max_examples=25, deadline=None)
@given(transfer_inputs(), st.sampled_from([0, 3]))
def test_transfers_match_the_interpreter(inputs, level):
    """Out-of-bounds reads pad, out-of-bounds writes are cut at the end, masks apply."""
    _check(TRANSFERS, "f", TRANSFERS_SIGNATURE, list(inputs), level)


@pytest.mark.parametrize("level", [0, 3])
@pytest.mark.parametrize("offset", [0, 1])
def test_broadcast_reads_and_single_elements(offset, level):
    data = np.arange(8, dtype=np.float32).reshape(2, 4)
    one = np.asarray([5.0, -3.0, 2.0], dtype=np.float32)
    _check(VIEWS, "g", VIEWS_SIGNATURE, [data, one, offset], level)


@pytest.mark.parametrize("level", [0, 3])
def test_type_cast_views_the_buffer_as_one_vector(level):
    data = np.arange(8, dtype=np.float32).reshape(2, 4)
    got = _compiled(TYPE_CAST, "h", "(memref<2x4xf32>) -> vector<4xf32>", level)(data)
    np.testing.assert_array_equal(got, data[1])


def test_target_specific_options_are_refused():
    with pytest.raises(DiagnosticError, match="'enable-amx' is not available"):
        PassManager.parse("builtin.module(convert-vector-to-llvm{enable-amx=true})")


def test_reassociation_and_64bit_indices():
    module = _lowered_with(
        "convert-vector-to-llvm{reassociate-fp-reductions force-32bit-vector-indices=0}",
        "func.func @r(%v: vector<4xf32>, %n: index) -> (f32, vector<4xi1>) {\n"
        "  %0 = vector.reduction <add>, %v : vector<4xf32> into f32\n"
        "  %1 = vector.create_mask %n : vector<4xi1>\n"
        "  return %0, %1 : f32, vector<4xi1>\n}\n",
    )
    assert "#llvm.fastmath<reassoc>" in module
    assert "dense<[0, 1, 2, 3]> : vector<4xi64>" in module


def _lowered_with(pipeline: str, text: str) -> str:
    ctx = mlc.Context()
    module = mlc.parse(text, ctx)
    PassManager.parse(f"builtin.module({pipeline})", ctx).run(module)
    return str(module)
