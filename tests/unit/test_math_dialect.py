"""The math dialect: building ops, MLIR 19's constant folds, and the reference interpreter.

Folds are checked against values mlir-opt 19 prints (the C library's results, which the
folders call); the interpreter against numpy, exact where IEEE is, within an ulp elsewhere.
"""

from __future__ import annotations

import math
from fractions import Fraction

import ml_dtypes
import numpy as np
import pytest

import mlc
from mlc.dialects import func
from mlc.dialects import math as math_dialect
from mlc.dialects.arith import FastMathFlagsAttr
from mlc.ir.attributes import FloatAttr, IntegerAttr
from mlc.ir.block import Block
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.interpreter import Interpreter, UndefinedBehavior
from mlc.ir.types import FunctionType, VectorType, bf16, f16, f32, f64, i1, i8, i32
from mlc.ir.types import index as index_type


def test_builders_infer_result_types_and_default_fastmath() -> None:
    block = Block([f32, i32])
    x, n = block.args
    sin = math_dialect.SinOp(x)
    powi = math_dialect.FPowIOp(x, n, fastmath=FastMathFlagsAttr(frozenset({"nnan"})))
    assert sin.results[0].type == f32 and powi.results[0].type == f32
    assert sin.properties["fastmath"] == FastMathFlagsAttr()
    fn = func.FuncOp("f", FunctionType((f32, i32), ()))
    entry = fn.entry_block
    entry.append(math_dialect.SinOp(entry.args[0]))
    entry.append(math_dialect.FPowIOp(entry.args[0], entry.args[1]))
    entry.append(func.ReturnOp())
    mlc.verify(fn)
    assert "math.fpowi %arg0, %arg1 : f32, i32" in fn.print()


# --- folds -------------------------------------------------------------------------------------
def fold(op_class, *constants, type_=None):
    """What `op_class` folds to for these constant operands (None: it does not fold)."""
    type_ = type_ or constants[0].type
    block = Block([c.type for c in constants])
    op = op_class(*block.args)
    folded = op.fold(list(constants))
    assert folded is None or folded[0].type == type_
    return None if folded is None else folded[0]


def test_libm_folds_on_f32_and_f64_only() -> None:
    assert fold(math_dialect.ExpOp, FloatAttr(1.0, f32)) == FloatAttr(2.71828175, f32)
    assert fold(math_dialect.SinOp, FloatAttr(1.0, f64)) == FloatAttr(0.8414709848078965, f64)
    assert fold(math_dialect.ExpOp, FloatAttr(1.0, f16)) is None
    assert fold(math_dialect.TanhOp, FloatAttr(1.0, bf16)) is None


@pytest.mark.parametrize("value", [-1.0, -0.0, float("-nan")])
def test_logarithms_of_negative_numbers_do_not_fold(value: float) -> None:
    assert fold(math_dialect.LogOp, FloatAttr(value, f32)) is None
    assert fold(math_dialect.SqrtOp, FloatAttr(value, f64)) is None


def test_log1p_looks_at_one_plus_x() -> None:
    assert fold(math_dialect.Log1pOp, FloatAttr(-1.0, f32)) == FloatAttr(-math.inf, f32)
    assert fold(math_dialect.Log1pOp, FloatAttr(-2.0, f32)) is None


def test_exact_folds_on_every_float_type() -> None:
    assert fold(math_dialect.CeilOp, FloatAttr(2.5, f16)) == FloatAttr(3.0, f16)
    assert fold(math_dialect.RoundEvenOp, FloatAttr(2.5, bf16)) == FloatAttr(2.0, bf16)
    assert fold(math_dialect.CopySignOp, FloatAttr(2.5, bf16), FloatAttr(-1.0, bf16)) == (
        FloatAttr(-2.5, bf16)
    )
    assert fold(math_dialect.RoundOp, FloatAttr(2.5, f16)) is None  # C's round: f32/f64


def test_atan2_of_zeros_is_the_default_nan_on_every_type() -> None:
    nan = fold(math_dialect.Atan2Op, FloatAttr(0.0, f16), FloatAttr(0.0, f16))
    assert nan == FloatAttr(float("nan"), f16) and str(nan) == "0x7E00 : f16"


def test_ops_mlir_19_does_not_fold() -> None:
    eight = FloatAttr(8.0, f32)
    assert fold(math_dialect.CbrtOp, eight) is None
    assert fold(math_dialect.RsqrtOp, eight) is None
    assert fold(math_dialect.FmaOp, eight, eight, eight) is None


def test_integer_folds_follow_apint() -> None:
    assert fold(math_dialect.AbsIOp, IntegerAttr(-128, i8)) == IntegerAttr(-128, i8)
    assert fold(math_dialect.CountLeadingZerosOp, IntegerAttr(5, i32)) == IntegerAttr(29, i32)
    assert fold(math_dialect.CountTrailingZerosOp, IntegerAttr(0, index_type)) == (
        IntegerAttr(64, index_type)
    )
    assert fold(math_dialect.CtPopOp, IntegerAttr(-1, i8)) == IntegerAttr(8, i8)
    ipowi = math_dialect.IPowIOp
    assert fold(ipowi, IntegerAttr(-5, i32), IntegerAttr(5, i32)) == IntegerAttr(-3125, i32)
    assert fold(ipowi, IntegerAttr(-1, i32), IntegerAttr(-3, i32)) == IntegerAttr(-1, i32)
    assert fold(ipowi, IntegerAttr(3, i32), IntegerAttr(-3, i32)) == IntegerAttr(0, i32)
    assert fold(ipowi, IntegerAttr(0, i32), IntegerAttr(-3, i32)) is None
    assert fold(ipowi, IntegerAttr(1, i1), IntegerAttr(1, i1)) == IntegerAttr(1, i1)


def test_elements_fold_element_by_element() -> None:
    t = VectorType((2,), f32)
    roots = fold(math_dialect.SqrtOp, DenseElementsAttr.from_array(np.float32([4, 9]), t))
    assert roots == DenseElementsAttr.from_array(np.float32([2, 3]), t)
    splat = fold(math_dialect.SqrtOp, DenseElementsAttr.from_array(np.float32(4), t))
    assert splat.is_splat and splat == DenseElementsAttr.from_array(np.float32(2), t)
    mixed = DenseElementsAttr.from_array(np.float32([4, -1]), t)
    assert fold(math_dialect.SqrtOp, mixed) is None


# --- the interpreter ---------------------------------------------------------------------------
def run(body: str, signature: str, *args):
    module = mlc.parse(f"func.func @f{signature} {{\n{body}\n}}")
    mlc.verify(module)
    return Interpreter(module).call("f", *args)


UNARY = {
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "exp": np.exp, "exp2": np.exp2,
    "expm1": np.expm1, "log": np.log, "log2": np.log2, "log10": np.log10, "log1p": np.log1p,
    "atan": np.arctan, "tanh": np.tanh, "sinh": np.sinh, "cosh": np.cosh, "asinh": np.arcsinh,
    "cbrt": np.cbrt, "erf": np.vectorize(math.erf),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(UNARY))
def test_transcendental_ops_are_within_an_ulp(name: str) -> None:
    x = np.float32([0.25, 0.5, 1.5, 3.0])
    (got,) = run(f"%r = math.{name} %x : vector<4xf32>\nreturn %r : vector<4xf32>",
                 "(%x: vector<4xf32>) -> vector<4xf32>", x)  # fmt: skip
    want = UNARY[name](x.astype(np.float64))
    assert got.dtype == np.float32
    assert np.all(np.abs(got - want) <= np.spacing(np.abs(got)))


def test_exact_ops_are_exact() -> None:
    x = np.float32([-2.5, -0.5, 0.5, 1.5, 2.5, -0.0])
    ops = ["absf", "ceil", "floor", "trunc", "round", "roundeven", "sqrt"]
    body = "\n".join(f"%{op} = math.{op} %x : vector<6xf32>" for op in ops)
    ret = ", ".join(f"%{op}" for op in ops)
    types = ", ".join(["vector<6xf32>"] * len(ops))
    out = run(f"{body}\nreturn {ret} : {types}", f"(%x: vector<6xf32>) -> ({types})", x)
    with np.errstate(invalid="ignore"):
        expected = [np.abs(x), np.ceil(x), np.floor(x), np.trunc(x),
                    np.float32([-3, -1, 1, 2, 3, -0.0]), np.rint(x), np.sqrt(x)]  # fmt: skip
    for name, got, want in zip(ops, out, expected):
        np.testing.assert_array_equal(got, want, err_msg=name)
        assert np.array_equal(np.signbit(got), np.signbit(want)), name


def test_fma_rounds_once() -> None:
    a, b, c = np.float32(1 + 2**-12), np.float32(1 - 2**-12), np.float32(-1)
    (got,) = run("%r = math.fma %a, %b, %c : f32\nreturn %r : f32",
                 "(%a: f32, %b: f32, %c: f32) -> f32", a, b, c)  # fmt: skip
    exact = Fraction(float(a)) * Fraction(float(b)) + Fraction(float(c))
    assert got == np.float32(float(exact)) == np.float32(-(2.0**-24))
    d = 1 + 2.0**-30
    (wide,) = run("%r = math.fma %a, %a, %b : f64\nreturn %r : f64",
                  "(%a: f64, %b: f64) -> f64", d, -1.0)  # fmt: skip
    assert wide == float(Fraction(d) * Fraction(d) - 1)


def test_narrow_floats_and_powers() -> None:
    h = np.float16(2.0)
    b = ml_dtypes.bfloat16(2.0)
    out = run(
        "%0 = math.powf %h, %h : f16\n%1 = math.fpowi %b, %n : bf16, i32\n"
        "%2 = math.atan2 %h, %h : f16\nreturn %0, %1, %2 : f16, bf16, f16",
        "(%h: f16, %b: bf16, %n: i32) -> (f16, bf16, f16)", h, b, np.int32(-2),
    )  # fmt: skip
    assert out[0] == np.float16(4) and out[0].dtype == np.float16
    assert out[1] == ml_dtypes.bfloat16(0.25) and out[1].dtype == ml_dtypes.bfloat16
    assert out[2] == np.float16(math.atan2(2, 2))


def test_integer_ops() -> None:
    out = run(
        "%0 = math.absi %a : i8\n%1 = math.ctlz %v : vector<2xi32>\n"
        "%2 = math.ctpop %x : index\n%3 = math.ipowi %p, %q : i32\n"
        "return %0, %1, %2, %3 : i8, vector<2xi32>, index, i32",
        "(%a: i8, %v: vector<2xi32>, %x: index, %p: i32, %q: i32) -> "
        "(i8, vector<2xi32>, index, i32)",
        np.int8(-128), np.int32([1, 8]), np.int64(-1), np.int32(-2), np.int32(31),
    )  # fmt: skip
    assert out[0] == -128 and out[0].dtype == np.int8
    np.testing.assert_array_equal(out[1], [31, 28])
    assert out[2] == 64
    assert out[3] == np.int32(-(2**31))  # wraps


def test_zero_to_a_negative_power_is_undefined() -> None:
    with pytest.raises(UndefinedBehavior, match="0 raised to a negative power"):
        run("%r = math.ipowi %p, %q : i32\nreturn %r : i32", "(%p: i32, %q: i32) -> i32",
            np.int32(0), np.int32(-1))  # fmt: skip


def test_i1_powers_read_true_as_minus_one() -> None:
    (out,) = run("%r = math.ipowi %p, %q : i1\nreturn %r : i1", "(%p: i1, %q: i1) -> i1",
                 np.True_, np.True_)  # fmt: skip
    assert out == np.True_


def test_canonicalize_materializes_arith_constants() -> None:
    module = mlc.parse(
        "func.func @f() -> i32 {\n  %c = arith.constant 5 : i32\n"
        "  %r = math.ctlz %c : i32\n  return %r : i32\n}"
    )
    mlc.PassManager.parse("builtin.module(canonicalize)").run(module)
    assert "%c29_i32 = arith.constant 29 : i32" in module.print()
