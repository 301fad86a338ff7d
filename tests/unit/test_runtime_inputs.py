"""The runtime's bad-input contract (DESIGN section 6): every argument is checked before
native code runs, and a wrong one is a Python exception naming it, never a crash; numpy
views reach strided memrefs with their strides (negative and Fortran order included)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mlc
from mlc.codegen import compile_module
from mlc.passes.pipeline import parse_pipeline
from mlc.tools.mlc_run import DEFAULT_PIPELINE

MODULE = """
func.func @copy(%src: memref<?x?xf32, strided<[?, ?], offset: ?>>, %dst: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %dst, %c0 : memref<?x?xf32>
  %m = memref.dim %dst, %c1 : memref<?x?xf32>
  scf.for %i = %c0 to %n step %c1 {
    scf.for %j = %c0 to %m step %c1 {
      %x = memref.load %src[%i, %j] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      memref.store %x, %dst[%i, %j] : memref<?x?xf32>
    }
  }
  return
}
func.func @first(%m: memref<2x3xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %x = memref.load %m[%c0, %c0] : memref<2x3xf32>
  return %x : f32
}
func.func @column_major(%m: memref<2x2xf32, strided<[1, 2]>>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %x = memref.load %m[%c1, %c0] : memref<2x2xf32, strided<[1, 2]>>
  return %x : f32
}
func.func @ints(%a: i8, %b: ui8, %c: i1, %d: index, %e: i64) -> (i8, ui8, i1, index, i64) {
  return %a, %b, %c, %d, %e : i8, ui8, i1, index, i64
}
func.func @floats(%a: f16, %b: f32, %c: f64) -> (f16, f32, f64) {
  return %a, %b, %c : f16, f32, f64
}
"""


@pytest.fixture(scope="module")
def exe():
    module = mlc.parse(MODULE)
    signatures = {op.properties["sym_name"].value: op for op in module.ops}
    signatures = {name: op.properties["function_type"].value for name, op in signatures.items()}
    parse_pipeline(DEFAULT_PIPELINE).run(module)
    return compile_module(module, opt_level=2, signatures=signatures)


M23 = np.arange(6, dtype=np.float32).reshape(2, 3)


# --- memrefs --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "array, error, message",
    [
        (M23.astype(np.float64), TypeError, "(memref<2x3xf32>) expects dtype float32, got float64"),
        (M23.astype(">f4"), TypeError, "expects dtype float32, got >f4"),
        (M23.reshape(6), ValueError, "expects rank 2, got shape (6,)"),
        (M23.reshape(3, 2), ValueError, "dimension 0 must be 2, got shape (3, 2)"),
        (np.zeros((2, 4), np.float32), ValueError, "dimension 1 must be 3, got shape (2, 4)"),
        (np.zeros((2, 6), np.float32)[:, ::2], ValueError, "expects a C-contiguous array"),
        (np.asfortranarray(M23), ValueError, "expects a C-contiguous array"),
        (M23[::-1], ValueError, "expects a C-contiguous array"),
        (M23.T.copy().T, ValueError, "expects a C-contiguous array"),
        (M23.tolist(), TypeError, "expects a numpy array, got list"),
        (None, TypeError, "expects a numpy array, got NoneType"),
        (np.float32(1), TypeError, "expects a numpy array, got float32"),
    ],
)  # fmt: skip
def test_identity_layout_checks(exe, array, error, message) -> None:
    with pytest.raises(error) as info:
        exe["first"](array)
    assert "argument #0 of 'first' (memref<2x3xf32>)" in str(info.value)
    assert message in str(info.value)


def test_read_only_arrays_are_refused(exe) -> None:
    frozen = M23.copy()
    frozen.flags.writeable = False
    with pytest.raises(ValueError, match=r"the array is read-only \(pass a writeable copy\)"):
        exe["first"](frozen)
    source = np.frombuffer(bytes(16), np.float32).reshape(2, 2)  # read-only memory
    with pytest.raises(ValueError, match="argument #0 of 'copy' .* read-only"):
        exe["copy"](source, np.zeros((2, 2), np.float32))


def test_misaligned_and_partial_element_strides_are_refused(exe) -> None:
    raw = np.zeros(64, np.uint8)
    misaligned = raw[1:25].view(np.float32).reshape(2, 3)
    with pytest.raises(ValueError, match="not aligned"):
        exe["first"](misaligned)
    records = np.zeros((2, 2), dtype=[("x", "f4"), ("y", "i2")])  # 6-byte elements
    with pytest.raises(ValueError, match="not aligned|not a multiple of the element size"):
        exe["copy"](records["x"], np.zeros((2, 2), np.float32))


def test_static_strides_must_match(exe) -> None:
    m = np.arange(4, dtype=np.float32).reshape(2, 2)
    assert exe["column_major"](np.asfortranarray(m)) == m[1, 0]
    assert exe["column_major"](m.T.T.copy(order="F")) == m[1, 0]
    with pytest.raises(ValueError, match=r"dimension 0 must have stride 1, got 2"):
        exe["column_major"](m)


# Views a numpy user passes: slices with steps, reversed axes, transposes, Fortran order.
@st.composite
def views(draw):
    rows, cols = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    base = np.arange(rows * cols, dtype=np.float32).reshape(rows, cols)
    if draw(st.booleans()):
        base = np.asfortranarray(base)
    steps = [draw(st.sampled_from([1, 2, -1, -2])) for _ in range(2)]
    view = base[:: steps[0], :: steps[1]]
    return view.T if draw(st.booleans()) else view


@settings(max_examples=min(settings.default.max_examples, 40), deadline=None)
@given(view=views())
def test_strided_views_reach_native_code_with_their_strides(exe, view) -> None:
    target = np.full(view.shape, -1, np.float32)
    before = view.copy()
    assert exe["copy"](view, target) is None
    np.testing.assert_array_equal(target, view)
    np.testing.assert_array_equal(view, before)  # only read


def test_wrong_argument_count(exe) -> None:
    with pytest.raises(TypeError, match=r"'first' takes 1 arguments \(0 given\)"):
        exe["first"]()
    with pytest.raises(TypeError, match=r"'first' takes 1 arguments \(2 given\)"):
        exe["first"](M23, M23)


# --- scalars --------------------------------------------------------------------------------
def test_integer_ranges(exe) -> None:
    ints = exe["ints"]
    assert ints(-128, 255, True, 2**63 - 1, -(2**63)) == (-128, 255, True, 2**63 - 1, -(2**63))
    assert ints(255, 0, 0, 0, 2**64 - 1)[0::4] == (-1, -1)  # signless: either reading
    result = ints(np.int8(-1), np.uint8(200), np.bool_(False), np.int64(3), np.uint64(9))
    assert result == (-1, 200, False, 3, 9)
    assert [type(v) for v in result] == [np.int8, np.uint8, np.bool_, np.int64, np.int64]


def test_float_ranges(exe) -> None:
    floats = exe["floats"]
    assert floats(65504.0, 3.4e38, 1e308) == (np.float16(65504), np.float32(3.4e38), 1e308)
    assert floats(1, np.float16(2), np.float32(0.5)) == (1.0, 2.0, 0.5)
    inf = floats(float("inf"), -np.inf, np.float64("inf"))
    assert np.isinf(inf).all() and np.isnan(floats(np.nan, 0, 0)[0])


BAD_SCALARS = [
    ("ints", (256, 0, 0, 0, 0), ValueError, "#0 of 'ints' (i8): 256 is out of range [-128, 255]"),
    ("ints", (-129, 0, 0, 0, 0), ValueError, "(i8): -129 is out of range"),
    ("ints", (0, -1, 0, 0, 0), ValueError, "#1 of 'ints' (ui8): -1 is out of range [0, 255]"),
    ("ints", (0, 256, 0, 0, 0), ValueError, "(ui8): 256 is out of range"),
    ("ints", (0, 0, 2, 0, 0), ValueError, "argument #2 of 'ints' (i1): 2 is out of range [0, 1]"),
    ("ints", (0, 0, 0, 2**63, 0), ValueError, "(index): 9223372036854775808 is out of range"),
    ("ints", (0, 0, 0, 0, 2**64), ValueError, "(i64): 18446744073709551616 is out of range"),
    ("ints", (True, 0, 0, 0, 0), TypeError, "(i8) expects an integer, got a bool"),
    ("ints", (1.0, 0, 0, 0, 0), TypeError, "(i8) expects an integer, got float"),
    ("ints", (None, 0, 0, 0, 0), TypeError, "(i8) expects an integer, got NoneType"),
    ("ints", (0, 0, 0, np.array(1), 0), TypeError, "(index) expects an integer, got ndarray"),
    ("floats", (70000.0, 0, 0), ValueError, "#0 of 'floats' (f16): 70000.0 is out of range"),
    ("floats", (0, 1e300, 0), ValueError, "argument #1 of 'floats' (f32): 1e+300 is out of range"),
    ("floats", (0, np.float64(-1e39), 0), ValueError, "(f32): -1e+39 is out of range"),
    ("floats", (0, 0, 10**400), ValueError, "(f64): 1000000000000000000000"),
    ("floats", (None, 0, 0), TypeError, "(f16) expects a float, got NoneType"),
    ("floats", (0, 1j, 0), TypeError, "(f32) expects a float, got complex"),
    ("floats", (0, 0, False), TypeError, "(f64) expects a float, got bool"),
    ("floats", (0, "1", 0), TypeError, "(f32) expects a float, got str"),
]  # fmt: skip


@pytest.mark.parametrize("name, args, error, message", BAD_SCALARS)
def test_bad_scalars(exe, name, args, error, message) -> None:
    with pytest.raises(error) as info:
        exe[name](*args)
    assert message in str(info.value)


def test_check_arguments_runs_no_native_code(exe) -> None:
    target = np.full((2, 2), 7, np.float32)
    exe["copy"].check_arguments(np.zeros((2, 2), np.float32), target)
    assert (target == 7).all()
    exe["copy"].check_argument(1, target)
    with pytest.raises(ValueError, match="argument #1 of 'copy'"):
        exe["copy"].check_argument(1, target[:, ::-1])
    with pytest.raises(TypeError, match="takes 2 arguments"):
        exe["copy"].check_arguments(target)
