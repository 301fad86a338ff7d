"""`math-polynomial-approximation`: the approximated IR is accurate (the reference interpreter
against numpy's float64 functions, within each op's bound), the compiled code computes what
the interpreter computes, bit for bit, and vector code lowers to the llvm dialect with no
library call. The text itself is compared with mlir-opt 19 in tests/lit/math and in
tests/interop/test_lowering_interop.py (`approx` pipelines).

Bounds, measured on the approximations MLIR 19 emits (they are MLIR's, not mlc's choices):
exp, log, log2, asin (on [-9/16, 9/16]), acos: 2 ulp; log1p, expm1: 3 ulp (exp and expm1
up to 88.37: above, the power of two is clamped at 2^127 and the error reaches 2^-16);
tanh, erf: 6 ulp; cbrt: 16 ulp on normals (Hacker's Delight, two Newton steps; denormals are
far off); atan: 3e-6 absolute (worst near the 0.66 reduction boundary); sin, cos: 1e-6
absolute on a few periods around 0 (the argument reduction is one f32 product, so the
relative error near the zeros is unbounded).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import ml_dtypes
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mlc
from mlc.codegen import compile_module
from mlc.ir.interpreter import Interpreter, UndefinedBehavior
from mlc.passes import PassManager

LANES = 16
F32 = f"vector<{LANES}xf32>"
TO_LLVM = (
    "convert-math-to-llvm,convert-arith-to-llvm,finalize-memref-to-llvm,convert-func-to-llvm,"
    "reconcile-unrealized-casts"
)
TINY = float(np.finfo(np.float32).tiny)
BIG = float(np.finfo(np.float32).max)
# A fifth of the profile's examples per op and property (20 with hypothesis' defaults): a few
# seconds for the whole file, more with the `thorough` profile.
EXAMPLES = settings(deadline=None, max_examples=max(10, settings.default.max_examples // 5))


@dataclass(frozen=True)
class Accuracy:
    """An op's numpy reference, the input range it is accurate on, and its bound: `ulps`
    relative to the f32-rounded reference, or `absolute`; `normal_only` when denormal
    inputs are outside the bound."""

    reference: object
    low: float
    high: float
    ulps: float = 0.0
    absolute: float = 0.0
    normal_only: bool = False


_erf = np.vectorize(math.erf, otypes=[np.float64])

ACCURACY = {
    "exp": Accuracy(np.exp, -87.0, 88.3, ulps=2),
    "log": Accuracy(np.log, TINY, BIG, ulps=2),
    "log2": Accuracy(np.log2, TINY, BIG, ulps=2),
    "log1p": Accuracy(np.log1p, -0.999, BIG, ulps=3),
    "expm1": Accuracy(np.expm1, -87.0, 88.3, ulps=3),
    "tanh": Accuracy(np.tanh, -20.0, 20.0, ulps=6),
    "erf": Accuracy(_erf, -10.0, 10.0, ulps=6),
    "cbrt": Accuracy(np.cbrt, -BIG, BIG, ulps=16, normal_only=True),  # bit trick on normals
    "asin": Accuracy(np.arcsin, -0.5625, 0.5625, ulps=2),
    "acos": Accuracy(np.arccos, -1.0, 1.0, ulps=2),
    "atan": Accuracy(np.arctan, -BIG, BIG, absolute=3e-6),
    "sin": Accuracy(np.sin, -4 * math.pi, 4 * math.pi, absolute=1e-6),
    "cos": Accuracy(np.cos, -4 * math.pi, 4 * math.pi, absolute=1e-6),
}
UNARY = sorted(ACCURACY)


def _unary_text(op: str, vector_type: str) -> str:
    return (
        f"func.func @f(%x: {vector_type}) -> {vector_type} {{\n"
        f"  %0 = math.{op} %x : {vector_type}\n  return %0 : {vector_type}\n}}\n"
    )


def _atan2_text() -> str:
    return (
        f"func.func @f(%y: {F32}, %x: {F32}) -> {F32} {{\n"
        f"  %0 = math.atan2 %y, %x : {F32}\n  return %0 : {F32}\n}}\n"
    )


def _run(text: str, pipeline: str):
    ctx = mlc.Context()
    module = mlc.parse(text, ctx)
    PassManager.parse(f"builtin.module({pipeline})", ctx).run(module)
    return module


@functools.cache
def approximated(text: str):
    """`text` after the pass; an interpreter over it."""
    return Interpreter(_run(text, "math-polynomial-approximation"))


@functools.cache
def compiled(text: str, arity: int = 1):
    """`text` approximated, lowered to llvm and JIT-compiled: its function `f` of `arity`
    vector arguments."""
    module = _run(text, "math-polynomial-approximation," + TO_LLVM)
    arguments = ", ".join([F32] * arity)
    return compile_module(module, signatures={"f": f"({arguments}) -> {F32}"})["f"]


def interpret(text: str, *arrays):
    return approximated(text).call("f", *arrays)[0]


def _f32_within(value: float, toward: float) -> float:
    """`value` as an f32, rounded toward `toward` if it is not one."""
    rounded = np.float32(value)
    if (rounded < value) if toward > value else (rounded > value):
        rounded = np.nextafter(rounded, np.float32(toward))
    return float(rounded)


def lanes(low: float, high: float):
    """LANES f32 values in [low, high], denormals included."""
    low, high = _f32_within(low, high), _f32_within(high, low)
    floats = st.floats(low, high, width=32, allow_nan=False, allow_infinity=False)
    return st.lists(floats, min_size=LANES, max_size=LANES).map(lambda xs: np.array(xs, np.float32))


def assert_within(op: str, x, got, spec: Accuracy) -> None:
    with np.errstate(all="ignore"):
        expected = spec.reference(x.astype(np.float64))
    error = np.abs(got.astype(np.float64) - expected)
    if spec.absolute:
        bound = np.full_like(error, spec.absolute)
    else:
        ulp = np.spacing(np.abs(expected.astype(np.float32))).astype(np.float64)
        bound = spec.ulps * np.maximum(ulp, float(np.spacing(np.float32(0))))
    bad = ~(error <= bound)
    assert not bad.any(), f"{op}{x[bad]} = {got[bad]}, expected {expected[bad]}"


def same_bits(a, b) -> bool:
    """Arrays of one float type with the same bits (signs of zeros included), any NaN
    matching any NaN."""
    a, b = np.asarray(a), np.asarray(b, a.dtype)
    unsigned = f"u{a.dtype.itemsize}"
    return bool(np.all((a.view(unsigned) == b.view(unsigned)) | (np.isnan(a) & np.isnan(b))))


# --- accuracy ----------------------------------------------------------------------------------
@pytest.mark.parametrize("op", UNARY)
def test_accuracy(op):
    """Random inputs over the op's range: the approximation is within its bound."""
    spec = ACCURACY[op]
    text = _unary_text(op, F32)

    @EXAMPLES
    @given(lanes(spec.low, spec.high))
    def check(x):
        if spec.normal_only:
            x = np.where(np.abs(x) < TINY, np.float32(0), x)
        assert_within(op, x, interpret(text, x), spec)

    check()


def test_atan2_accuracy():
    """atan2 in every quadrant, within atan's bound. Unlike libm: NaN at (0, 0), and +pi
    for x < 0 whenever y / x rounds to zero (the sign of such a y is not read)."""
    text = _atan2_text()
    bound = 3e-6

    @EXAMPLES
    @given(lanes(-1e6, 1e6), lanes(-1e6, 1e6))
    def check(y, x):
        got = interpret(text, y, x)
        origin = (x == 0) & (y == 0)
        assert np.isnan(got[origin]).all()
        with np.errstate(all="ignore"):
            flat = (y / x == 0) & (x < 0)
            expected = np.arctan2(y.astype(np.float64), x.astype(np.float64))
        assert (got[flat] == np.float32(math.pi)).all(), (y, x, got)
        others = ~(origin | flat)
        assert (np.abs(got - expected)[others] <= bound).all(), (y, x, got)

    check()


# Edge cases: (input, what MLIR 19's approximation gives), NaN standing for any NaN. Where
# that is not what libm gives, the comment says so.
INF, NAN = math.inf, math.nan
DENORMAL = float(np.float32(1e-40))
EDGES = {
    "exp": [(0.0, 1.0), (-0.0, 1.0), (INF, INF), (-INF, 0.0), (1e30, INF), (-1e30, 0.0),
            (DENORMAL, 1.0), (-100.0, 0.0)],  # results below 2^-126 are flushed to 0
    "log": [(0.0, -INF), (-0.0, -INF), (INF, INF), (-1.0, NAN), (-INF, NAN), (NAN, NAN),
            (1.0, 0.0), (DENORMAL, float(np.log(np.float32(TINY))))],  # denormals: least normal
    "log2": [(0.0, -INF), (INF, INF), (-1.0, NAN), (NAN, NAN), (8.0, 3.0), (DENORMAL, -126.0)],
    "log1p": [(0.0, 0.0), (-0.0, -0.0), (-1.0, -INF), (-2.0, NAN), (INF, INF), (NAN, NAN),
              (DENORMAL, DENORMAL)],
    "expm1": [(0.0, 0.0), (-0.0, -0.0), (INF, INF), (-INF, -1.0), (DENORMAL, DENORMAL)],
    "tanh": [(0.0, 0.0), (-0.0, -0.0), (INF, 1.0), (-INF, -1.0), (NAN, NAN),
             (DENORMAL, DENORMAL)],
    "erf": [(0.0, 0.0), (-0.0, 0.0), (INF, 1.0), (-INF, -1.0), (NAN, NAN),  # libm: -0
            (10.0, 1.0)],
    "cbrt": [(0.0, 0.0), (-0.0, -0.0), (NAN, NAN), (INF, NAN), (-INF, NAN),  # libm: +-inf
             (1e30, 1.0000001e10)],
    "atan": [(0.0, 0.0), (-0.0, -0.0), (INF, float(np.float32(math.pi / 2))), (NAN, NAN)],
    "asin": [(0.0, 0.0), (-0.0, -0.0), (NAN, NAN), (DENORMAL, DENORMAL)],
    "acos": [(1.0, 0.0), (-1.0, float(np.float32(math.pi))), (NAN, NAN), (2.0, NAN)],
    "sin": [(0.0, 0.0), (-0.0, 0.0)],  # libm: -0
    "cos": [(0.0, 1.0)],
}  # fmt: skip


@pytest.mark.parametrize("op", sorted(EDGES))
def test_edge_cases(op):
    """0, -0, infinities, NaN, denormals and large values, in the interpreter and compiled:
    the values MLIR 19's approximations give (signs of zeros included)."""
    inputs, outputs = zip(*EDGES[op])
    x = np.resize(np.array(inputs, np.float32), LANES)
    expected = np.resize(np.array(outputs, np.float32), LANES)
    got = interpret(_unary_text(op, F32), x)
    assert same_bits(got, expected), (x, got)
    assert same_bits(compiled(_unary_text(op, F32))(x), got)


@pytest.mark.parametrize("op", ["exp", "expm1", "sin", "cos"])
def test_nan_converts_to_int_poison(op):
    """MLIR 19's exp and sin/cos convert `floor(...)` of NaN to i32 (`fptosi`): poison in
    LLVM's semantics, which the interpreter reports (compiled x86 code happens to give
    NaN)."""
    x = np.full(LANES, np.nan, np.float32)
    with pytest.raises(UndefinedBehavior, match="fptosi"):
        interpret(_unary_text(op, F32), x)


# --- compiled code equals the interpreter ------------------------------------------------------
# Inputs where no f32 -> i32 conversion overflows (sin/cos reduce by an i32 quotient).
COMPILED_RANGE = {"sin": 1e8, "cos": 1e8}


@pytest.mark.parametrize("op", UNARY)
def test_compiled_equals_interpreter(op):
    """The approximation lowered to llvm and JIT-compiled gives the interpreter's bits."""
    text = _unary_text(op, F32)
    bound = COMPILED_RANGE.get(op, BIG)

    @EXAMPLES
    @given(lanes(-bound, bound))
    def check(x):
        assert same_bits(compiled(text)(x), interpret(text, x)), x

    check()


def test_atan2_compiled_equals_interpreter():
    text = _atan2_text()

    @EXAMPLES
    @given(lanes(-BIG, BIG), lanes(-BIG, BIG))
    def check(y, x):
        assert same_bits(compiled(text, 2)(y, x), interpret(text, y, x)), (y, x)

    check()


# --- narrow floats, vectorization ----------------------------------------------------------------
NARROW = {"f16": np.float16, "bf16": ml_dtypes.bfloat16}


@pytest.mark.parametrize("op", sorted(set(UNARY) - {"asin", "acos"}))
@pytest.mark.parametrize("element", sorted(NARROW))
def test_narrow_floats_reuse_f32(op, element):
    """f16 and bf16 are computed in f32: the result is the f32 approximation, rounded."""
    dtype = NARROW[element]
    spec = ACCURACY[op]
    x32 = np.linspace(max(spec.low, -60.0), min(spec.high, 60.0), LANES, dtype=np.float32)
    x = x32.astype(dtype)
    narrow = interpret(_unary_text(op, f"vector<{LANES}x{element}>"), x)
    wide = interpret(_unary_text(op, F32), x.astype(np.float32))
    assert narrow.dtype == dtype
    assert same_bits(narrow.astype(np.float32), wide.astype(dtype).astype(np.float32))


@pytest.mark.parametrize("op", ["asin", "acos"])
def test_asin_acos_in_f16(op):
    """asin and acos compute in f16 itself (their constants rounded to f16): within 2 f16
    ulp of the true value over their range."""
    spec = ACCURACY[op]
    x = np.linspace(spec.low, spec.high, LANES).astype(np.float16)
    got = interpret(_unary_text(op, f"vector<{LANES}xf16>"), x)
    expected = spec.reference(x.astype(np.float64))
    ulp = np.maximum(np.spacing(np.abs(expected.astype(np.float16))).astype(np.float64), 2**-24)
    assert got.dtype == np.float16
    assert (np.abs(got - expected) <= 2 * ulp).all(), (x, got)


@pytest.mark.parametrize("op", UNARY + ["atan2"])
def test_vector_code_has_no_library_call(op):
    """On vector<8xf32> the approximation is arith, fma, floor, abs, copysign and sqrt,
    which the llvm conversions turn into instructions: no math op, no call is left."""
    text = _atan2_text() if op == "atan2" else _unary_text(op, "vector<8xf32>")
    text = text.replace(F32, "vector<8xf32>")
    approximated_text = str(_run(text, "math-polynomial-approximation"))
    allowed = {"math.fma", "math.floor", "math.absf", "math.copysign", "math.sqrt"}
    math_ops = {word for word in approximated_text.split() if word.startswith("math.")}
    assert math_ops <= allowed, math_ops
    lowered = str(_run(text, "math-polynomial-approximation," + TO_LLVM))
    assert "math." not in lowered and "llvm.call" not in lowered and "vector." not in lowered
    assert "vector<8xf32>" in lowered
