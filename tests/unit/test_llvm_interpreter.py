"""The llvm dialect's reference interpreter, op family by op family, against expectations
written here from LLVM's LangRef (and numpy)."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mlc
from mlc.dialects.llvm import layout
from mlc.dialects.llvm.descriptors import memref_arguments, memref_descriptor, read_memref
from mlc.dialects.llvm.memory_model import Pointer
from mlc.dialects.llvm.types import LLVMArrayType, LLVMPointerType, LLVMStructType
from mlc.ir.interpreter import InterpreterError, UndefinedBehavior, interpret
from mlc.ir.types import FloatType, IntegerType, VectorType

I32 = st.integers(-(2**31), 2**31 - 1)


def run(body: str, signature: str, *args):
    """Run `llvm.func @f<signature> { body }`; its results."""
    module = mlc.parse(f"llvm.func @f{signature} {{\n{body}\n}}")
    return interpret(module, "f", *args)


def run_module(text: str, *args):
    return interpret(mlc.parse(text), "f", *args)


def _i32(x: int) -> np.int32:
    return np.int32(np.uint32(x & 0xFFFFFFFF))


# --- integer arithmetic ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "expected"),
    [
        ("add", lambda a, b: a + b), ("sub", lambda a, b: a - b), ("mul", lambda a, b: a * b),
        ("and", lambda a, b: a & b), ("or", lambda a, b: a | b), ("xor", lambda a, b: a ^ b),
    ],
)  # fmt: skip
@given(a=I32, b=I32)
def test_wrapping_integer_ops(op, expected, a, b) -> None:
    (result,) = run(f"%r = llvm.{op} %a, %b : i32\nllvm.return %r : i32",
                    "(%a: i32, %b: i32) -> i32", a, b)  # fmt: skip
    assert result == _i32(expected(a, b))


@given(a=I32, b=I32)
def test_signed_and_unsigned_division(a, b) -> None:
    module = (
        "llvm.func @f(%a: i32, %b: i32) -> !llvm.struct<(i32, i32, i32, i32)> {\n"
        "%q = llvm.sdiv %a, %b : i32\n%r = llvm.srem %a, %b : i32\n"
        "%uq = llvm.udiv %a, %b : i32\n%ur = llvm.urem %a, %b : i32\n"
        "%u = llvm.mlir.undef : !llvm.struct<(i32, i32, i32, i32)>\n"
        "%s0 = llvm.insertvalue %q, %u[0] : !llvm.struct<(i32, i32, i32, i32)>\n"
        "%s1 = llvm.insertvalue %r, %s0[1] : !llvm.struct<(i32, i32, i32, i32)>\n"
        "%s2 = llvm.insertvalue %uq, %s1[2] : !llvm.struct<(i32, i32, i32, i32)>\n"
        "%s3 = llvm.insertvalue %ur, %s2[3] : !llvm.struct<(i32, i32, i32, i32)>\n"
        "llvm.return %s3 : !llvm.struct<(i32, i32, i32, i32)>\n}"
    )
    if b == 0 or (a == -(2**31) and b == -1):
        with pytest.raises(UndefinedBehavior):
            run_module(module, a, b)
        return
    ((q, r, uq, ur),) = run_module(module, a, b)
    quotient = abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1)
    assert (q, r) == (quotient, a - quotient * b)
    ua, ub = a & 0xFFFFFFFF, b & 0xFFFFFFFF
    assert (uq, ur) == (_i32(ua // ub), _i32(ua % ub))


@pytest.mark.parametrize("shift", [0, 5, 31, 32, 40])
def test_shifts_and_out_of_range_amounts(shift) -> None:
    for op, expected in (("shl", -16 << shift), ("ashr", -16 >> shift),
                         ("lshr", (-16 & 0xFFFFFFFF) >> shift)):  # fmt: skip
        text = f"%r = llvm.{op} %a, %b : i32\nllvm.return %r : i32"
        if shift >= 32:
            with pytest.raises(UndefinedBehavior, match="shift amount"):
                run(text, "(%a: i32, %b: i32) -> i32", -16, shift)
        else:
            assert run(text, "(%a: i32, %b: i32) -> i32", -16, shift) == (_i32(expected),)


def test_overflow_flags_make_poison() -> None:
    text = "%r = llvm.add %a, %b overflow<nsw> : i8\nllvm.return %r : i8"
    assert run(text, "(%a: i8, %b: i8) -> i8", 100, 27) == (127,)
    with pytest.raises(UndefinedBehavior, match="nsw overflow"):
        run(text, "(%a: i8, %b: i8) -> i8", 100, 28)
    unsigned = "%r = llvm.mul %a, %b overflow<nuw> : i8\nllvm.return %r : i8"
    assert run(unsigned, "(%a: i8, %b: i8) -> i8", -128, 1) == (-128,)  # 128 * 1 = 128 fits
    with pytest.raises(UndefinedBehavior, match="nuw overflow"):
        run(unsigned, "(%a: i8, %b: i8) -> i8", -128, 2)


@pytest.mark.parametrize(
    ("predicate", "a", "b", "expected"),
    [("eq", 1, 1, True), ("ne", 1, 1, False), ("slt", -1, 0, True), ("ult", -1, 0, False),
     ("sge", 3, 3, True), ("ugt", -1, 0, True), ("sle", 5, -5, False), ("uge", 0, 0, True)],
)  # fmt: skip
def test_icmp(predicate, a, b, expected) -> None:
    text = f'%r = llvm.icmp "{predicate}" %a, %b : i32\nllvm.return %r : i1'
    assert run(text, "(%a: i32, %b: i32) -> i1", a, b) == (np.bool_(expected),)


# --- floats ---------------------------------------------------------------------------------------


@given(a=st.floats(width=32), b=st.floats(width=32))
def test_float_arithmetic_rounds_in_the_type(a, b) -> None:
    x, y = np.float32(a), np.float32(b)
    for op, expected in (("fadd", x + y), ("fsub", x - y), ("fmul", x * y)):
        (result,) = run(f"%r = llvm.{op} %a, %b : f32\nllvm.return %r : f32",
                        "(%a: f32, %b: f32) -> f32", x, y)  # fmt: skip
        assert result.dtype == np.float32
        assert result == expected or (np.isnan(result) and np.isnan(expected))


@pytest.mark.parametrize(
    ("predicate", "expected"),
    [("oeq", False), ("une", True), ("uno", True), ("ord", False), ("ult", True),
     ("olt", False), ("_true", True), ("_false", False)],
)  # fmt: skip
def test_fcmp_with_nan_is_unordered(predicate, expected) -> None:
    text = f'%r = llvm.fcmp "{predicate}" %a, %b : f64\nllvm.return %r : i1'
    assert run(text, "(%a: f64, %b: f64) -> i1", np.nan, 1.0) == (np.bool_(expected),)


def test_intrinsics() -> None:
    module = """
    llvm.func @f(%x: f32, %y: f32, %z: f32, %i: i32)
          -> !llvm.struct<(f32, f32, f32, f32, i32, i32, i32)> {
      %fma = llvm.intr.fma(%x, %y, %z) : (f32, f32, f32) -> f32
      %sqrt = llvm.intr.sqrt(%x) : (f32) -> f32
      %min = llvm.intr.minnum(%x, %y) : (f32, f32) -> f32
      %floor = llvm.intr.floor(%z) : (f32) -> f32
      %ctlz = "llvm.intr.ctlz"(%i) <{is_zero_poison = false}> : (i32) -> i32
      %pop = llvm.intr.ctpop(%i) : (i32) -> i32
      %max = llvm.intr.smax(%i, %i) : (i32, i32) -> i32
      %u = llvm.mlir.undef : !llvm.struct<(f32, f32, f32, f32, i32, i32, i32)>
      %0 = llvm.insertvalue %fma, %u[0] : !llvm.struct<(f32, f32, f32, f32, i32, i32, i32)>
      %1 = llvm.insertvalue %sqrt, %0[1] : !llvm.struct<(f32, f32, f32, f32, i32, i32, i32)>
      %2 = llvm.insertvalue %min, %1[2] : !llvm.struct<(f32, f32, f32, f32, i32, i32, i32)>
      %3 = llvm.insertvalue %floor, %2[3] : !llvm.struct<(f32, f32, f32, f32, i32, i32, i32)>
      %4 = llvm.insertvalue %ctlz, %3[4] : !llvm.struct<(f32, f32, f32, f32, i32, i32, i32)>
      %5 = llvm.insertvalue %pop, %4[5] : !llvm.struct<(f32, f32, f32, f32, i32, i32, i32)>
      %6 = llvm.insertvalue %max, %5[6] : !llvm.struct<(f32, f32, f32, f32, i32, i32, i32)>
      llvm.return %6 : !llvm.struct<(f32, f32, f32, f32, i32, i32, i32)>
    }"""
    ((fma, sqrt, low, floor, ctlz, pop, high),) = run_module(
        module, np.float32(4.0), np.float32(np.nan), np.float32(-2.5), 255
    )
    assert np.isnan(fma) and sqrt == 2.0 and low == 4.0 and floor == -3.0
    assert (ctlz, pop, high) == (24, 8, 255)


def test_ctlz_of_zero_with_the_poison_flag() -> None:
    text = (
        '%r = "llvm.intr.ctlz"(%a) <{is_zero_poison = true}> : (i32) -> i32\nllvm.return %r : i32'
    )
    with pytest.raises(UndefinedBehavior, match="is_zero_poison"):
        run(text, "(%a: i32) -> i32", 0)


# --- casts ----------------------------------------------------------------------------------------


def test_integer_and_float_casts() -> None:
    module = """
    llvm.func @f(%a: i32, %x: f64) -> !llvm.struct<(i8, i64, i64, f32, i32, f64)> {
      %t = llvm.trunc %a : i32 to i8
      %s = llvm.sext %a : i32 to i64
      %z = llvm.zext %a : i32 to i64
      %f = llvm.fptrunc %x : f64 to f32
      %i = llvm.fptosi %x : f64 to i32
      %u = llvm.uitofp %a : i32 to f64
      %0 = llvm.mlir.undef : !llvm.struct<(i8, i64, i64, f32, i32, f64)>
      %1 = llvm.insertvalue %t, %0[0] : !llvm.struct<(i8, i64, i64, f32, i32, f64)>
      %2 = llvm.insertvalue %s, %1[1] : !llvm.struct<(i8, i64, i64, f32, i32, f64)>
      %3 = llvm.insertvalue %z, %2[2] : !llvm.struct<(i8, i64, i64, f32, i32, f64)>
      %4 = llvm.insertvalue %f, %3[3] : !llvm.struct<(i8, i64, i64, f32, i32, f64)>
      %5 = llvm.insertvalue %i, %4[4] : !llvm.struct<(i8, i64, i64, f32, i32, f64)>
      %6 = llvm.insertvalue %u, %5[5] : !llvm.struct<(i8, i64, i64, f32, i32, f64)>
      llvm.return %6 : !llvm.struct<(i8, i64, i64, f32, i32, f64)>
    }"""
    ((t, s, z, f, i, u),) = run_module(module, -2, -7.9)
    assert (t, s, z, i) == (-2, -2, 2**32 - 2, -7)
    assert f == np.float32(-7.9) and u == 2.0**32 - 2
    with pytest.raises(UndefinedBehavior, match="out-of-range"):
        run_module(module, 1, 1e10)


def test_bitcasts_between_floats_ints_and_vectors() -> None:
    module = """
    llvm.func @f(%x: f32, %v: vector<2xi16>) -> !llvm.struct<(i32, i32, vector<4xi8>)> {
      %b = llvm.bitcast %x : f32 to i32
      %w = llvm.bitcast %v : vector<2xi16> to i32
      %bytes = llvm.bitcast %x : f32 to vector<4xi8>
      %0 = llvm.mlir.undef : !llvm.struct<(i32, i32, vector<4xi8>)>
      %1 = llvm.insertvalue %b, %0[0] : !llvm.struct<(i32, i32, vector<4xi8>)>
      %2 = llvm.insertvalue %w, %1[1] : !llvm.struct<(i32, i32, vector<4xi8>)>
      %3 = llvm.insertvalue %bytes, %2[2] : !llvm.struct<(i32, i32, vector<4xi8>)>
      llvm.return %3 : !llvm.struct<(i32, i32, vector<4xi8>)>
    }"""
    x = np.float32(-1.5)
    ((bits, word, bytes_),) = run_module(module, x, np.array([1, -1], np.int16))
    assert bits == x.view(np.int32) and word == np.int32(np.uint32(0xFFFF0001))
    np.testing.assert_array_equal(bytes_, np.array([x]).view(np.int8))


# --- aggregates and vectors -----------------------------------------------------------------------


def test_vector_element_ops_and_shuffles() -> None:
    module = """
    llvm.func @f(%v: vector<4xi32>, %w: vector<4xi32>, %i: i32)
          -> !llvm.struct<(i32, vector<4xi32>, vector<3xi32>)> {
      %e = llvm.extractelement %v[%i : i32] : vector<4xi32>
      %c = llvm.mlir.constant(99 : i32) : i32
      %n = llvm.insertelement %c, %w[%i : i32] : vector<4xi32>
      %s = llvm.shufflevector %v, %w [7, 0, -1] : vector<4xi32>
      %0 = llvm.mlir.undef : !llvm.struct<(i32, vector<4xi32>, vector<3xi32>)>
      %1 = llvm.insertvalue %e, %0[0] : !llvm.struct<(i32, vector<4xi32>, vector<3xi32>)>
      %2 = llvm.insertvalue %n, %1[1] : !llvm.struct<(i32, vector<4xi32>, vector<3xi32>)>
      %3 = llvm.insertvalue %s, %2[2] : !llvm.struct<(i32, vector<4xi32>, vector<3xi32>)>
      llvm.return %3 : !llvm.struct<(i32, vector<4xi32>, vector<3xi32>)>
    }"""
    v, w = np.arange(4, dtype=np.int32), np.arange(10, 14, dtype=np.int32)
    ((e, n, s),) = run_module(module, v, w, 2)
    assert e == 2
    np.testing.assert_array_equal(n, [10, 11, 99, 13])
    np.testing.assert_array_equal(s, [13, 0, 0])  # a poison lane is zero here
    with pytest.raises(UndefinedBehavior, match="lane 4"):
        run_module(module, v, w, 4)


def test_vector_reductions() -> None:
    module = """
    llvm.func @f(%v: vector<4xi8>, %x: vector<3xf32>) -> !llvm.struct<(i8, i8, f32)> {
      %add = "llvm.intr.vector.reduce.add"(%v) : (vector<4xi8>) -> i8
      %umax = "llvm.intr.vector.reduce.umax"(%v) : (vector<4xi8>) -> i8
      %start = llvm.mlir.constant(1.0 : f32) : f32
      %sum = "llvm.intr.vector.reduce.fadd"(%start, %x) <{fastmathFlags = #llvm.fastmath<none>}>
            : (f32, vector<3xf32>) -> f32
      %0 = llvm.mlir.undef : !llvm.struct<(i8, i8, f32)>
      %1 = llvm.insertvalue %add, %0[0] : !llvm.struct<(i8, i8, f32)>
      %2 = llvm.insertvalue %umax, %1[1] : !llvm.struct<(i8, i8, f32)>
      %3 = llvm.insertvalue %sum, %2[2] : !llvm.struct<(i8, i8, f32)>
      llvm.return %3 : !llvm.struct<(i8, i8, f32)>
    }"""
    v = np.array([100, 100, -1, 3], np.int8)
    ((add, umax, total),) = run_module(module, v, np.array([0.5, 2.0, 4.0], np.float32))
    assert (add, umax, total) == (-54, -1, 7.5)  # 202 wraps; -1 is the unsigned maximum


# --- memory ---------------------------------------------------------------------------------------


def test_alloca_store_load_and_struct_gep() -> None:
    module = """
    llvm.func @f(%a: i8, %b: i64) -> i64 {
      %one = llvm.mlir.constant(1 : i32) : i32
      %p = llvm.alloca %one x !llvm.struct<(i8, i64)> : (i32) -> !llvm.ptr
      %pa = llvm.getelementptr inbounds %p[0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i8, i64)>
      %pb = llvm.getelementptr inbounds %p[0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i8, i64)>
      llvm.store %a, %pa : i8, !llvm.ptr
      llvm.store %b, %pb : i64, !llvm.ptr
      %s = llvm.load %p : !llvm.ptr -> !llvm.struct<(i8, i64)>
      %x = llvm.extractvalue %s[1] : !llvm.struct<(i8, i64)>
      %i = llvm.ptrtoint %pb : !llvm.ptr to i64
      %j = llvm.ptrtoint %p : !llvm.ptr to i64
      %d = llvm.sub %i, %j : i64
      %r = llvm.add %x, %d : i64
      llvm.return %r : i64
    }"""
    assert run_module(module, 1, 1000) == (1008,)  # i64 is 8-aligned: member 1 at offset 8


def test_uninitialized_and_out_of_bounds_accesses_are_undefined() -> None:
    signature = "(%i: i64) -> i32"
    body = """%n = llvm.mlir.constant(2 : i64) : i64
    %p = llvm.alloca %n x i32 : (i64) -> !llvm.ptr
    %c = llvm.mlir.constant(7 : i32) : i32
    llvm.store %c, %p : i32, !llvm.ptr
    %q = llvm.getelementptr %p[%i] : (!llvm.ptr, i64) -> !llvm.ptr, i32
    %v = llvm.load %q : !llvm.ptr -> i32
    llvm.return %v : i32"""
    assert run(body, signature, 0) == (7,)
    with pytest.raises(UndefinedBehavior, match="uninitialized"):
        run(body, signature, 1)
    with pytest.raises(UndefinedBehavior, match="out of bounds"):
        run(body, signature, 2)
    inbounds = body.replace("getelementptr %p", "getelementptr inbounds %p")
    with pytest.raises(UndefinedBehavior, match="inbounds"):
        run(inbounds, signature, 3)


def test_malloc_free_and_use_after_free() -> None:
    module = """
    llvm.func @malloc(i64) -> !llvm.ptr
    llvm.func @free(!llvm.ptr)
    llvm.func @f(%twice: i1) -> f64 {
      %n = llvm.mlir.constant(8 : i64) : i64
      %p = llvm.call @malloc(%n) : (i64) -> !llvm.ptr
      %x = llvm.mlir.constant(2.5 : f64) : f64
      llvm.store %x, %p : f64, !llvm.ptr
      %y = llvm.load %p : !llvm.ptr -> f64
      llvm.call @free(%p) : (!llvm.ptr) -> ()
      llvm.cond_br %twice, ^again, ^done
    ^again:
      %z = llvm.load %p : !llvm.ptr -> f64
      llvm.return %z : f64
    ^done:
      llvm.return %y : f64
    }"""
    assert run_module(module, False) == (2.5,)
    with pytest.raises(UndefinedBehavior, match="freed memory"):
        run_module(module, True)


def test_globals_constant_and_mutable() -> None:
    module = """
    llvm.mlir.global internal constant @table(dense<[1, 2, 3]> : tensor<3xi32>)
          : !llvm.array<3 x i32>
    llvm.mlir.global internal @counter() : i32 {
      %c = llvm.mlir.constant(10 : i32) : i32
      llvm.return %c : i32
    }
    llvm.func @bump() -> i32 {
      %p = llvm.mlir.addressof @counter : !llvm.ptr
      %v = llvm.load %p : !llvm.ptr -> i32
      %one = llvm.mlir.constant(1 : i32) : i32
      %w = llvm.add %v, %one : i32
      llvm.store %w, %p : i32, !llvm.ptr
      llvm.return %w : i32
    }
    llvm.func @f(%i: i64, %write: i1) -> i32 {
      %t = llvm.mlir.addressof @table : !llvm.ptr
      %e = llvm.getelementptr %t[0, %i] : (!llvm.ptr, i64) -> !llvm.ptr, !llvm.array<3 x i32>
      %v = llvm.load %e : !llvm.ptr -> i32
      llvm.cond_br %write, ^w, ^r
    ^w:
      llvm.store %v, %e : i32, !llvm.ptr
      llvm.return %v : i32
    ^r:
      %a = llvm.call @bump() : () -> i32
      %b = llvm.call @bump() : () -> i32
      %s = llvm.add %v, %b : i32
      llvm.return %s : i32
    }"""
    assert run_module(module, 2, False) == (15,)  # 3 + 12: the second bump sees the first
    with pytest.raises(UndefinedBehavior, match="read-only"):
        run_module(module, 0, True)


def test_indirect_call_through_a_function_pointer() -> None:
    module = """
    llvm.func @twice(%x: i32) -> i32 {
      %r = llvm.add %x, %x : i32
      llvm.return %r : i32
    }
    llvm.func @f(%x: i32) -> i32 {
      %fp = llvm.mlir.addressof @twice : !llvm.ptr
      %r = llvm.call %fp(%x) : !llvm.ptr, (i32) -> i32
      llvm.return %r : i32
    }"""
    assert run_module(module, 21) == (42,)


def test_memcpy_memset_and_masked_memory() -> None:
    module = """
    llvm.func @f(%src: !llvm.ptr, %dst: !llvm.ptr, %mask: vector<4xi1>) -> vector<4xf32> {
      %n = llvm.mlir.constant(16 : i64) : i64
      %zero = llvm.mlir.constant(0 : i8) : i8
      %four = llvm.mlir.constant(4 : i64) : i64
      "llvm.intr.memset"(%dst, %zero, %n) <{isVolatile = false}> : (!llvm.ptr, i8, i64) -> ()
      "llvm.intr.memcpy"(%dst, %src, %four) <{isVolatile = false}>
            : (!llvm.ptr, !llvm.ptr, i64) -> ()
      %v = llvm.intr.masked.load %src, %mask {alignment = 4 : i32}
            : (!llvm.ptr, vector<4xi1>) -> vector<4xf32>
      llvm.intr.masked.store %v, %dst, %mask {alignment = 4 : i32}
            : vector<4xf32>, vector<4xi1> into !llvm.ptr
      %r = llvm.load %dst : !llvm.ptr -> vector<4xf32>
      llvm.return %r : vector<4xf32>
    }"""
    src = memref_descriptor(np.array([1, 2, 3, 4], np.float32))[1]
    dst = memref_descriptor(np.full(4, 9, np.float32))[1]
    mask = np.array([False, True, False, True])
    (result,) = run_module(module, src, dst, mask)
    np.testing.assert_array_equal(result, [1, 2, 0, 4])


# --- control flow ---------------------------------------------------------------------------------


def test_switch_branches_and_unreachable() -> None:
    module = """
    llvm.func @f(%x: i32) -> i32 {
      %c = llvm.mlir.constant(100 : i32) : i32
      llvm.switch %x : i32, ^default(%c : i32) [
        1: ^one,
        5: ^default(%x : i32)
      ]
    ^one:
      llvm.unreachable
    ^default(%v: i32):
      llvm.return %v : i32
    }"""
    assert run_module(module, 5) == (5,)
    assert run_module(module, 7) == (100,)
    with pytest.raises(UndefinedBehavior, match="unreachable"):
        run_module(module, 1)


def test_loop_through_blocks() -> None:
    module = """
    llvm.func @f(%n: i64) -> i64 {
      %zero = llvm.mlir.constant(0 : i64) : i64
      %one = llvm.mlir.constant(1 : i64) : i64
      llvm.br ^loop(%zero, %zero : i64, i64)
    ^loop(%i: i64, %acc: i64):
      %done = llvm.icmp "sge" %i, %n : i64
      llvm.cond_br %done, ^exit, ^body
    ^body:
      %acc2 = llvm.add %acc, %i : i64
      %i2 = llvm.add %i, %one : i64
      llvm.br ^loop(%i2, %acc2 : i64, i64)
    ^exit:
      llvm.return %acc : i64
    }"""
    assert run_module(module, 10) == (45,)


def test_calling_an_external_function_is_a_diagnostic() -> None:
    module = """
    llvm.func @sink(i32)
    llvm.func @f(%x: i32) {
      llvm.call @sink(%x) : (i32) -> ()
      llvm.return
    }"""
    with pytest.raises(InterpreterError, match="external function '@sink'"):
        run_module(module, 1)


# --- the boundary and the layout ------------------------------------------------------------------


def test_memref_descriptors_round_trip() -> None:
    x = np.arange(6, dtype=np.int16).reshape(2, 3)
    args = memref_arguments(x)
    assert isinstance(args[0], Pointer) and [int(a) for a in args[2:]] == [0, 2, 3, 3, 1]
    np.testing.assert_array_equal(read_memref(args, np.int16), x)
    np.testing.assert_array_equal(read_memref(memref_descriptor(x), np.int16), x)


def test_layout_follows_the_x86_64_data_layout() -> None:
    i8, i64, f32 = IntegerType(8), IntegerType(64), FloatType("f32")
    assert layout.struct_layout(LLVMStructType((i8, i64, f32))) == ((0, 8, 16), 24, 8)
    assert layout.alloc_size(LLVMArrayType(IntegerType(5), 3)) == 3
    assert layout.store_size(VectorType((8,), IntegerType(1))) == 1
    assert layout.struct_layout(LLVMStructType((i8, i64), packed=True)) == ((0, 1), 9, 1)


@given(a=st.integers(0, 255), b=st.integers(0, 255))
def test_uadd_with_overflow(a, b) -> None:
    module = """
    llvm.func @f(%a: i8, %b: i8) -> !llvm.struct<(i8, i1)> {
      %r = "llvm.intr.uadd.with.overflow"(%a, %b) : (i8, i8) -> !llvm.struct<(i8, i1)>
      llvm.return %r : !llvm.struct<(i8, i1)>
    }"""
    ((total, carry),) = run_module(module, a, b)
    assert (int(total) & 0xFF, bool(carry)) == ((a + b) & 0xFF, a + b > 255)


def test_pointer_integer_round_trip_and_comparison() -> None:
    module = """
    llvm.func @f(%k: i64) -> !llvm.struct<(i32, i1, i1)> {
      %n = llvm.mlir.constant(4 : i64) : i64
      %p = llvm.alloca %n x i32 : (i64) -> !llvm.ptr
      %a = llvm.ptrtoint %p : !llvm.ptr to i64
      %b = llvm.add %a, %k : i64
      %q = llvm.inttoptr %b : i64 to !llvm.ptr
      %c = llvm.mlir.constant(5 : i32) : i32
      llvm.store %c, %q : i32, !llvm.ptr
      %r = llvm.getelementptr %p[1] : (!llvm.ptr) -> !llvm.ptr, i32
      %v = llvm.load %r : !llvm.ptr -> i32
      %same = llvm.icmp "eq" %q, %r : !llvm.ptr
      %less = llvm.icmp "ult" %p, %q : !llvm.ptr
      %0 = llvm.mlir.undef : !llvm.struct<(i32, i1, i1)>
      %1 = llvm.insertvalue %v, %0[0] : !llvm.struct<(i32, i1, i1)>
      %2 = llvm.insertvalue %same, %1[1] : !llvm.struct<(i32, i1, i1)>
      %3 = llvm.insertvalue %less, %2[2] : !llvm.struct<(i32, i1, i1)>
      llvm.return %3 : !llvm.struct<(i32, i1, i1)>
    }"""
    assert run_module(module, 4) == ((5, True, True),)
    with pytest.raises(UndefinedBehavior, match="out of bounds"):
        run_module(module, 16)


def test_gep_into_arrays_and_vectors() -> None:
    module = """
    llvm.func @f(%i: i64) -> f32 {
      %one = llvm.mlir.constant(1 : i64) : i64
      %p = llvm.alloca %one x !llvm.array<2 x vector<4xf32>> : (i64) -> !llvm.ptr
      %v = llvm.mlir.constant(dense<[1.0, 2.0, 3.0, 4.0]> : vector<4xf32>) : vector<4xf32>
      %row = llvm.getelementptr %p[0, 1] : (!llvm.ptr) -> !llvm.ptr,
        !llvm.array<2 x vector<4xf32>>
      llvm.store %v, %row : vector<4xf32>, !llvm.ptr
      %e = llvm.getelementptr %p[0, 1, %i] : (!llvm.ptr, i64) -> !llvm.ptr,
        !llvm.array<2 x vector<4xf32>>
      %x = llvm.load %e : !llvm.ptr -> f32
      llvm.return %x : f32
    }"""
    assert run_module(module, 2) == (3.0,)


def test_bool_vectors_are_bit_packed() -> None:
    text = "%r = llvm.bitcast %m : vector<8xi1> to i8\nllvm.return %r : i8"
    mask = np.array([1, 0, 0, 0, 0, 0, 0, 1], bool)
    assert run(text, "(%m: vector<8xi1>) -> i8", mask) == (np.int8(-127),)


def test_select_freeze_stepvector_and_unsigned_casts() -> None:
    module = """
    llvm.func @f(%c: i1, %x: f32) -> !llvm.struct<(i32, f32, vector<3xi64>)> {
      %u = llvm.fptoui %x : f32 to i32
      %a = llvm.mlir.constant(-1 : i32) : i32
      %s = llvm.select %c, %u, %a : i1, i32
      %fz = llvm.freeze %s : i32
      %f = llvm.sitofp %fz : i32 to f32
      %step = llvm.intr.experimental.stepvector : vector<3xi64>
      %0 = llvm.mlir.zero : !llvm.struct<(i32, f32, vector<3xi64>)>
      %1 = llvm.insertvalue %fz, %0[0] : !llvm.struct<(i32, f32, vector<3xi64>)>
      %2 = llvm.insertvalue %f, %1[1] : !llvm.struct<(i32, f32, vector<3xi64>)>
      %3 = llvm.insertvalue %step, %2[2] : !llvm.struct<(i32, f32, vector<3xi64>)>
      llvm.return %3 : !llvm.struct<(i32, f32, vector<3xi64>)>
    }"""
    ((s, f, step),) = run_module(module, True, np.float32(3e9))
    assert s == np.int32(np.uint32(3_000_000_000)) and f == np.float32(-1294967296)
    np.testing.assert_array_equal(step, [0, 1, 2])
    assert run_module(module, False, np.float32(1))[0][:2] == (-1, -1.0)
    with pytest.raises(UndefinedBehavior, match="out-of-range"):
        run_module(module, True, np.float32(-1))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("llvm.call @free(%p) : (!llvm.ptr) -> ()\nllvm.call @free(%p) : (!llvm.ptr) -> ()",
         "freed twice"),
        ("llvm.call @free(%q) : (!llvm.ptr) -> ()", "malloc did not return"),
        ("llvm.call @free(%s) : (!llvm.ptr) -> ()", "malloc did not return"),
        ('"llvm.intr.memcpy"(%q, %p, %n) <{isVolatile = false}>'
         " : (!llvm.ptr, !llvm.ptr, i64) -> ()", "overlapping"),
        ("llvm.store %n, %z : i64, !llvm.ptr", "null"),
        ("llvm.call %p() : !llvm.ptr, () -> ()", "no function"),
    ],
)  # fmt: skip
def test_memory_misuse_is_undefined(body, message) -> None:
    module = f"""
    llvm.func @malloc(i64) -> !llvm.ptr
    llvm.func @free(!llvm.ptr)
    llvm.func @f() {{
      %n = llvm.mlir.constant(16 : i64) : i64
      %p = llvm.call @malloc(%n) : (i64) -> !llvm.ptr
      %q = llvm.getelementptr %p[4] : (!llvm.ptr) -> !llvm.ptr, i8
      %s = llvm.alloca %n x i8 : (i64) -> !llvm.ptr
      %z = llvm.mlir.zero : !llvm.ptr
      {body}
      llvm.return
    }}"""
    with pytest.raises(UndefinedBehavior, match=message):
        run_module(module)


def test_huge_allocations_are_a_limit_not_a_crash() -> None:
    body = """%n = llvm.mlir.constant(4611686018427387904 : i64) : i64
    %p = llvm.alloca %n x i64 : (i64) -> !llvm.ptr
    llvm.return"""
    with pytest.raises(InterpreterError, match="exceeds the interpreter's limit"):
        run(body, "()")


def test_string_and_aggregate_constants() -> None:
    module = """
    llvm.mlir.global private constant @text("hi\\00") : !llvm.array<3 x i8>
    llvm.func @f() -> !llvm.struct<(i8, i8, f64)> {
      %t = llvm.mlir.addressof @text : !llvm.ptr
      %s = llvm.load %t : !llvm.ptr -> !llvm.array<3 x i8>
      %h = llvm.extractvalue %s[0] : !llvm.array<3 x i8>
      %z = llvm.extractvalue %s[2] : !llvm.array<3 x i8>
      %c = llvm.mlir.constant([1.5, 2.5]) : !llvm.struct<(f64, f64)>
      %im = llvm.extractvalue %c[1] : !llvm.struct<(f64, f64)>
      %0 = llvm.mlir.undef : !llvm.struct<(i8, i8, f64)>
      %1 = llvm.insertvalue %h, %0[0] : !llvm.struct<(i8, i8, f64)>
      %2 = llvm.insertvalue %z, %1[1] : !llvm.struct<(i8, i8, f64)>
      %3 = llvm.insertvalue %im, %2[2] : !llvm.struct<(i8, i8, f64)>
      llvm.return %3 : !llvm.struct<(i8, i8, f64)>
    }"""
    assert run_module(module) == ((ord("h"), 0, 2.5),)


def test_rank_zero_descriptor() -> None:
    x = np.array(7.0)
    descriptor = memref_descriptor(x)
    assert len(descriptor) == 3 and read_memref(descriptor, np.float64) == 7.0


def test_pointers_stored_in_memory_keep_their_allocation() -> None:
    """@make's frame ends: the inner allocation lives on through the stored address only."""
    module = """
    llvm.func @malloc(i64) -> !llvm.ptr
    llvm.func @make() -> !llvm.ptr {
      %n = llvm.mlir.constant(8 : i64) : i64
      %inner = llvm.call @malloc(%n) : (i64) -> !llvm.ptr
      %x = llvm.mlir.constant(42 : i64) : i64
      llvm.store %x, %inner : i64, !llvm.ptr
      %outer = llvm.call @malloc(%n) : (i64) -> !llvm.ptr
      llvm.store %inner, %outer : !llvm.ptr, !llvm.ptr
      llvm.return %outer : !llvm.ptr
    }
    llvm.func @f() -> i64 {
      %outer = llvm.call @make() : () -> !llvm.ptr
      %inner = llvm.load %outer : !llvm.ptr -> !llvm.ptr
      %x = llvm.load %inner : !llvm.ptr -> i64
      llvm.return %x : i64
    }"""
    assert run_module(module) == (42,)


@pytest.mark.parametrize(
    ("kind", "old", "operand", "new"),
    [("add", 7, 5, 12), ("sub", 7, 5, 2), ("xchg", 7, 5, 5), ("nand", 6, 3, -3),
     ("max", -7, 5, 5), ("umax", -7, 5, -7), ("min", -7, 5, -7), ("uinc_wrap", 5, 5, 0),
     ("uinc_wrap", 4, 5, 5), ("udec_wrap", 0, 5, 5), ("udec_wrap", 3, 5, 2)],
)  # fmt: skip
def test_atomicrmw_returns_the_old_value(kind, old, operand, new) -> None:
    body = f"""%one = llvm.mlir.constant(1 : i64) : i64
    %p = llvm.alloca %one x i32 : (i64) -> !llvm.ptr
    llvm.store %old, %p : i32, !llvm.ptr
    %r = llvm.atomicrmw {kind} %p, %v acq_rel : !llvm.ptr, i32
    %after = llvm.load %p : !llvm.ptr -> i32
    %0 = llvm.mlir.undef : !llvm.struct<(i32, i32)>
    %1 = llvm.insertvalue %r, %0[0] : !llvm.struct<(i32, i32)>
    %2 = llvm.insertvalue %after, %1[1] : !llvm.struct<(i32, i32)>
    llvm.return %2 : !llvm.struct<(i32, i32)>"""
    signature = "(%old: i32, %v: i32) -> !llvm.struct<(i32, i32)>"
    assert run(body, signature, old, operand) == ((old, new),)


def test_atomicrmw_fadd() -> None:
    body = """%one = llvm.mlir.constant(1 : i64) : i64
    %p = llvm.alloca %one x f32 : (i64) -> !llvm.ptr
    llvm.store %x, %p : f32, !llvm.ptr
    %r = llvm.atomicrmw fadd %p, %x monotonic : !llvm.ptr, f32
    %after = llvm.load %p : !llvm.ptr -> f32
    llvm.return %after : f32"""
    assert run(body, "(%x: f32) -> f32", np.float32(1.25)) == (2.5,)


_SCALAR_TYPES = st.sampled_from(
    [IntegerType(w) for w in (1, 5, 8, 16, 32, 33, 64, 128)]
    + [FloatType(n) for n in ("f16", "bf16", "f32", "f64")]
    + [LLVMPointerType()]
)


def _types(depth: int = 2):
    """Random llvm dialect types: scalars, vectors of them, arrays and structs."""
    vectors = st.builds(
        lambda n, t: VectorType((n,), t),
        st.integers(1, 5),
        _SCALAR_TYPES.filter(lambda t: not isinstance(t, LLVMPointerType)),
    )
    leaves = _SCALAR_TYPES | vectors
    return st.recursive(
        leaves,
        lambda inner: (
            st.builds(LLVMArrayType, inner, st.integers(0, 3))
            | st.builds(
                lambda body, packed: LLVMStructType(tuple(body), packed),
                st.lists(inner, max_size=4),
                st.booleans(),
            )
        ),
        max_leaves=6,
    )


@functools.cache
def _host_layout():
    from mlc.codegen.llvm_backend import host_target_machine
    from mlc.codegen.llvm_types import DataLayout

    return DataLayout(str(host_target_machine().target_data))


@given(t=_types())
def test_layout_equals_the_layout_codegen_uses(t) -> None:
    """The interpreter's sizes and offsets are those of the code mlc compiles."""
    host = _host_layout()
    assert layout.alloc_size(t) == host.alloc_size(t)
    assert layout.store_size(t) == host.store_size(t)
    assert layout.abi_align(t) == host.abi_align(t)
    if isinstance(t, LLVMStructType):
        assert layout.struct_layout(t)[0] == host.struct_layout(t)[0]


_BITCAST_DTYPES = {"i8": np.int8, "i16": np.int16, "i32": np.int32, "i64": np.int64,
                   "f16": np.float16, "f32": np.float32, "f64": np.float64}  # fmt: skip


@given(
    data=st.binary(min_size=8, max_size=8),
    source=st.sampled_from(sorted(_BITCAST_DTYPES)),
    target=st.sampled_from(sorted(_BITCAST_DTYPES)),
)
def test_vector_bitcast_is_numpys_view(data, source, target) -> None:
    """Little-endian lanes: a bitcast between vectors of 8 bytes is numpy's `view`."""
    x = np.frombuffer(data, _BITCAST_DTYPES[source])
    y = x.view(_BITCAST_DTYPES[target])
    s, t = f"vector<{x.size}x{source}>", f"vector<{y.size}x{target}>"
    text = f"%r = llvm.bitcast %v : {s} to {t}\nllvm.return %r : {t}"
    (result,) = run(text, f"(%v: {s}) -> {t}", x.copy())
    assert result.tobytes() == y.tobytes()
