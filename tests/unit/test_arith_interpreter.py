"""The arith dialect's reference interpreter rules: values in every representation (odd and
wide integer widths, bfloat16, vectors), and undefined behavior (poison included) raised
where it happens."""

from __future__ import annotations

import ml_dtypes
import numpy as np
import pytest

import mlc
from mlc.ir.interpreter import UndefinedBehavior, interpret


def run(signature: str, body: str, returned: str, *args):
    """Run `func.func @f(signature) -> (result types)` on `args`; the results' types follow
    `returned`, written `%r : type, ...`."""
    values, types = zip(*(part.split(" : ") for part in returned.split(", ")))
    text = (
        f"func.func @f({signature}) -> ({', '.join(types)}) {{\n{body}\n"
        f"  return {', '.join(values)} : {', '.join(types)}\n}}"
    )
    return interpret(mlc.parse(text), "f", *args)


def test_integer_arithmetic_wraps_in_every_representation():
    body = """
  %a = arith.addi %x, %y : i8
  %b = arith.muli %x, %y : i8
  %c = arith.subi %u, %v : i5
  %d = arith.addi %w, %w : i128
  %e = arith.xori %t, %t : i1
  %f = arith.shrui %x, %k : i8"""
    out = run(
        "%x: i8, %y: i8, %u: i5, %v: i5, %w: i128, %t: i1, %k: i8", body,
        "%a : i8, %b : i8, %c : i5, %d : i128, %e : i1, %f : i8",
        np.int8(100), np.int8(100), np.int8(-16), np.int8(1), 2**127 - 1, np.True_, np.int8(4),
    )  # fmt: skip
    assert out == (np.int8(-56), np.int8(16), np.int8(15), -2, np.False_, np.int8(6))
    assert [type(v) for v in out] == [np.int8, np.int8, np.int8, int, np.bool_, np.int8]


def test_divisions_and_remainders():
    body = """
  %a = arith.divsi %x, %y : i32
  %b = arith.remsi %x, %y : i32
  %c = arith.floordivsi %x, %y : i32
  %d = arith.ceildivsi %x, %y : i32
  %e = arith.divui %x, %y : i32
  %f = arith.ceildivui %x, %y : i32"""
    returned = "%a : i32, %b : i32, %c : i32, %d : i32, %e : i32, %f : i32"
    out = run("%x: i32, %y: i32", body, returned, np.int32(-7), np.int32(2))
    assert out == (-3, -1, -4, -3, 2147483644, 2147483645)


@pytest.mark.parametrize("op, x, y", [
    ("divsi", 1, 0), ("divui", 1, 0), ("remsi", 1, 0), ("remui", 1, 0), ("ceildivsi", 1, 0),
    ("ceildivui", 1, 0), ("floordivsi", 1, 0), ("divsi", -(2**31), -1),
    ("remsi", -(2**31), -1), ("floordivsi", -(2**31), -1), ("ceildivsi", -(2**31), -1),
    ("shli", 1, 32), ("shrsi", 1, -1), ("shrui", 1, 40),
])  # fmt: skip
def test_undefined_integer_operations(op, x, y):
    with pytest.raises(UndefinedBehavior):
        run("%x: i32, %y: i32", f"%r = arith.{op} %x, %y : i32", "%r : i32",
            np.int32(x), np.int32(y))  # fmt: skip


@pytest.mark.parametrize("op, flags, x, y, poison", [
    ("addi", "nsw", 127, 1, True), ("addi", "nuw", 127, 1, False), ("addi", "nuw", -1, 1, True),
    ("subi", "nuw", 0, 1, True), ("subi", "nsw", -128, 1, True), ("muli", "nsw", 16, 8, True),
    ("muli", "nuw", 16, 8, False), ("shli", "nsw", -1, 7, False), ("shli", "nuw", -1, 1, True),
    ("shli", "nsw", 64, 1, True),
])  # fmt: skip
def test_overflow_flags_make_poison(op, flags, x, y, poison):
    def go():
        body = f"%r = arith.{op} %x, %y overflow<{flags}> : i8"
        return run("%x: i8, %y: i8", body, "%r : i8", np.int8(x), np.int8(y))

    if poison:
        with pytest.raises(UndefinedBehavior, match="overflow"):
            go()
    else:
        go()


def test_float_arithmetic_in_each_precision():
    body = """
  %a = arith.addf %x, %x : bf16
  %b = arith.mulf %h, %h : f16
  %c = arith.divf %f, %z : f32
  %d = arith.remf %f, %g : f32
  %e = arith.maxnumf %f, %n : f32
  %k = arith.maximumf %f, %n : f32
  %m = arith.negf %f : f32"""
    out = run(
        "%x: bf16, %h: f16, %f: f32, %g: f32, %z: f32, %n: f32", body,
        "%a : bf16, %b : f16, %c : f32, %d : f32, %e : f32, %k : f32, %m : f32",
        ml_dtypes.bfloat16(1.5), np.float16(300), np.float32(-5.5), np.float32(2),
        np.float32(0), np.float32(np.nan),
    )  # fmt: skip
    assert out[0] == 3 and type(out[0]) is ml_dtypes.bfloat16
    assert out[1] == np.inf and type(out[1]) is np.float16  # overflow of f16
    assert out[2] == -np.inf and out[3] == -1.5
    assert out[4] == -5.5  # maxnumf: the non-NaN operand, as compiled code
    assert np.isnan(out[5]) and out[6] == 5.5


def test_comparisons_and_select():
    body = """
  %a = arith.cmpi ult, %x, %y : vector<2xi8>
  %b = arith.cmpf ueq, %f, %n : f32
  %c = arith.cmpf one, %f, %n : f32
  %d = arith.select %a, %x, %y : vector<2xi1>, vector<2xi8>
  %e = arith.select %b, %f, %n : f32"""
    x, y = np.array([-1, 1], np.int8), np.array([1, 2], np.int8)
    out = run(
        "%x: vector<2xi8>, %y: vector<2xi8>, %f: f32, %n: f32", body,
        "%a : vector<2xi1>, %b : i1, %c : i1, %d : vector<2xi8>, %e : f32",
        x, y, np.float32(1), np.float32(np.nan),
    )  # fmt: skip
    assert out[0].tolist() == [False, True] and out[0].dtype == bool
    assert out[1] == np.True_ and out[2] == np.False_
    assert out[3].tolist() == [1, 1] and out[4] == 1


def test_casts():
    body = """
  %a = arith.extui %x : i8 to i32
  %b = arith.extsi %x : i8 to i128
  %c = arith.trunci %w : i32 to i8
  %d = arith.index_castui %w : i32 to index
  %e = arith.uitofp %w : i32 to f16
  %f = arith.fptoui %g : f32 to i8
  %h = arith.bitcast %g : f32 to i32
  %k = arith.truncf %big downward : f64 to f16
  %m = arith.extf %bf : bf16 to f32
  %n = arith.bitcast %half : f16 to bf16"""
    out = run(
        "%x: i8, %w: i32, %g: f32, %big: f64, %bf: bf16, %half: f16", body,
        "%a : i32, %b : i128, %c : i8, %d : index, %e : f16, %f : i8, %h : i32, %k : f16, "
        "%m : f32, %n : bf16",
        np.int8(-1), np.int32(-255), np.float32(255.5), np.float64(1e300),
        ml_dtypes.bfloat16(0.5), np.float16(1),
    )  # fmt: skip
    assert out[:4] == (255, -1, 1, 2**32 - 255)
    assert out[4] == np.inf  # 2**32 - 255 is beyond f16
    assert out[5] == -1 and out[6] == 0x437F8000
    assert out[7] == 65504 and out[8] == 0.5 and out[9] == 2**-7  # the bits 0x3C00


@pytest.mark.parametrize("op, value", [
    ("fptosi", np.nan), ("fptosi", 128.0), ("fptoui", -1.0), ("fptoui", np.inf),
])  # fmt: skip
def test_poison_conversions(op, value):
    with pytest.raises(UndefinedBehavior, match="conversion"):
        run("%x: f32", f"%r = arith.{op} %x : f32 to i8", "%r : i8", np.float32(value))


def test_extended_arithmetic_and_constants():
    body = """
  %c = arith.constant dense<[-1, 1]> : vector<2xi8>
  %s, %o = arith.addui_extended %x, %c : vector<2xi8>, vector<2xi1>
  %l, %h = arith.mulsi_extended %x, %c : vector<2xi8>
  %ul, %uh = arith.mului_extended %x, %c : vector<2xi8>"""
    out = run(
        "%x: vector<2xi8>", body,
        "%s : vector<2xi8>, %o : vector<2xi1>, %l : vector<2xi8>, %h : vector<2xi8>, "
        "%ul : vector<2xi8>, %uh : vector<2xi8>",
        np.array([-1, 127], np.int8),
    )  # fmt: skip
    assert [v.tolist() for v in out] == [
        [-2, -128], [True, False], [1, 127], [0, 0], [1, 127], [-2, 0],
    ]  # fmt: skip
