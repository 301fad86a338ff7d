"""The building blocks of `polynomial_approximation`: an op builder that stamps one location
and one vector shape on everything it makes (MLIR's `ImplicitLocOpBuilder` plus the file's
`broadcast` helpers), and the shared pieces of the expansions (clamps, `frexp`, `2^n`,
Horner polynomials), as in mlir/lib/Dialect/Math/Transforms/PolynomialApproximation.cpp.

Constants are built as MLIR builds them: a scalar `arith.constant`, then a `vector.broadcast`
to the operand's shape, which the greedy driver folds into a splat. Float constants are
given as C++ writes them and rounded to f32 first (`f32Cst` takes a float), then to the
element type (`floatCst` on f16)."""

from __future__ import annotations

import numpy as np

from mlc.dialects import arith, math, vector
from mlc.dialects.arith.attributes import CMPF_PREDICATES, CMPI_PREDICATES
from mlc.ir.attributes import FloatAttr, IntegerAttr, bool_attr
from mlc.ir.types import FloatType, VectorType, f32, i32
from mlc.ir.values import Value


def f32_value(value: float) -> float:
    """`value` rounded to f32, as C++ does when it passes a double literal as a `float`."""
    return float(np.float32(value))


def with_shape(element, shape: VectorType | None):
    """`element`, or a vector of `shape`'s dims (scalable flags included) of it."""
    if shape is None:
        return element
    return VectorType(shape.shape, element, shape.scalable)


class ApproximationBuilder:
    """Creates ops before the op being approximated, at its location; `shape` is the
    operand's vector type (None for scalars) that constants are broadcast to."""

    def __init__(self, rewriter, op, shape: VectorType | None) -> None:
        self.rewriter = rewriter
        self.location = op.location
        self.shape = shape

    @classmethod
    def for_operand(cls, rewriter, op, value: Value) -> ApproximationBuilder:
        """A builder for `op` whose constants take the shape of `value`'s type."""
        shape = value.type if isinstance(value.type, VectorType) else None
        return cls(rewriter, op, shape)

    def create(self, op_class, *operands, **kwargs) -> Value:
        """The single result of a new `op_class` op."""
        return self.rewriter.create(op_class, *operands, loc=self.location, **kwargs).results[0]

    # --- constants ---------------------------------------------------------------------------
    def bcast(self, value: Value) -> Value:
        """`value` broadcast to the shape (MLIR's `broadcast(builder, value, shape)`)."""
        if self.shape is None:
            return value
        return self.create(vector.BroadcastOp, value, vector=with_shape(value.type, self.shape))

    def scalar_constant(self, attr) -> Value:
        """A scalar `arith.constant`, not broadcast."""
        return self.create(arith.ConstantOp, attr)

    def constant(self, attr) -> Value:
        """A scalar `arith.constant`, broadcast to the shape."""
        return self.bcast(self.scalar_constant(attr))

    def f32(self, value: float) -> Value:
        """MLIR's `f32Cst`, broadcast."""
        return self.constant(FloatAttr(f32_value(value), f32))

    def float(self, value: float, element: FloatType) -> Value:
        """MLIR's `floatCst(value, element)` (a float rounded to `element`), broadcast."""
        narrowed = np.asarray(np.float32(value)).astype(_NUMPY_FLOATS[element.name])
        return self.constant(FloatAttr(float(narrowed), element))

    def i32(self, value: int) -> Value:
        """MLIR's `i32Cst`, broadcast."""
        return self.constant(IntegerAttr(value, i32))

    def boolean(self, value: bool) -> Value:
        """MLIR's `boolCst`, broadcast."""
        return self.constant(bool_attr(value))

    def scalar_f32_from_bits(self, bits: int) -> Value:
        """MLIR's `f32FromBits`: an i32 constant bitcast to a scalar f32."""
        signed = bits - (1 << 32) if bits >= 1 << 31 else bits
        integer = self.scalar_constant(IntegerAttr(signed, i32))
        return self.create(arith.BitcastOp, integer, result_types=[f32])

    def f32_from_bits(self, bits: int) -> Value:
        """MLIR's `f32FromBits`, broadcast."""
        return self.bcast(self.scalar_f32_from_bits(bits))

    def shaped(self, element):
        """`element` at the builder's shape."""
        return with_shape(element, self.shape)

    # --- ops -----------------------------------------------------------------------------------
    def add(self, a: Value, b: Value) -> Value:
        return self.create(arith.AddFOp, a, b)

    def sub(self, a: Value, b: Value) -> Value:
        return self.create(arith.SubFOp, a, b)

    def mul(self, a: Value, b: Value) -> Value:
        return self.create(arith.MulFOp, a, b)

    def div(self, a: Value, b: Value) -> Value:
        return self.create(arith.DivFOp, a, b)

    def neg(self, a: Value) -> Value:
        return self.create(arith.NegFOp, a)

    def fma(self, a: Value, b: Value, c: Value) -> Value:
        """`math.fma a, b, c`: a * b + c."""
        return self.create(math.FmaOp, a, b, c)

    def abs(self, a: Value) -> Value:
        return self.create(math.AbsFOp, a)

    def floor(self, a: Value) -> Value:
        return self.create(math.FloorOp, a)

    def sqrt(self, a: Value) -> Value:
        return self.create(math.SqrtOp, a)

    def copysign(self, magnitude: Value, sign: Value) -> Value:
        return self.create(math.CopySignOp, magnitude, sign)

    def cmpf(self, predicate: str, a: Value, b: Value) -> Value:
        return self.create(arith.CmpFOp, a, b, predicate=_CMPF[predicate])

    def cmpi(self, predicate: str, a: Value, b: Value) -> Value:
        return self.create(arith.CmpIOp, a, b, predicate=_CMPI[predicate])

    def select(self, condition: Value, true_value: Value, false_value: Value) -> Value:
        return self.create(
            arith.SelectOp, condition, true_value, false_value, result=true_value.type
        )

    def andi(self, a: Value, b: Value) -> Value:
        return self.create(arith.AndIOp, a, b)

    def ori(self, a: Value, b: Value) -> Value:
        return self.create(arith.OrIOp, a, b)

    def bitcast(self, value: Value, element) -> Value:
        """`value` reinterpreted as `element` at the shape."""
        return self.create(arith.BitcastOp, value, result_types=[self.shaped(element)])

    def convert(self, op_class, value: Value, element) -> Value:
        """A cast op (`fptosi`, `sitofp`, ...) from `value` to `element` at the shape."""
        return self.create(op_class, value, result_types=[self.shaped(element)])

    # --- shared pieces -------------------------------------------------------------------------
    def min(self, value: Value, bound: Value) -> Value:
        """The smaller of the two, or NaN if `value` is NaN (MLIR's `min`)."""
        return self.select(self.cmpf("ult", value, bound), value, bound)

    def max(self, value: Value, bound: Value) -> Value:
        """The larger of the two, or NaN if `value` is NaN (MLIR's `max`)."""
        return self.select(self.cmpf("ugt", value, bound), value, bound)

    def clamp(self, value: Value, lower: Value, upper: Value) -> Value:
        """`value` in [lower, upper], NaN staying NaN (MLIR's `clamp`)."""
        return self.max(self.min(value, upper), lower)

    def clamp_with_normals(self, value: Value, lower: float, upper: float) -> Value:
        """`value` in [lower, upper] with `uge`/`ule` comparisons, which x86 turns into
        `vmaxps`/`vminps` (MLIR's `clampWithNormals`)."""
        low = self.f32(lower)
        value = self.select(self.cmpf("uge", value, low), value, low)
        high = self.f32(upper)
        return self.select(self.cmpf("ule", value, high), value, high)

    def frexp(self, value: Value, is_positive: bool = False) -> tuple[Value, Value]:
        """The fraction in [0.5, 1) and the exponent of an f32 `value`, both as floats
        (std::frexp; MLIR's `frexp`), by masking the bits."""
        cst126 = self.scalar_constant(FloatAttr(126.0, f32))
        half = self.scalar_constant(FloatAttr(0.5, f32))
        inv_mant_mask = self.scalar_f32_from_bits(~0x7F800000 & 0xFFFFFFFF)
        i32_half = self.create(arith.BitcastOp, half, result_types=[i32])
        i32_mask = self.create(arith.BitcastOp, inv_mant_mask, result_types=[i32])
        bits = self.bitcast(value, i32)
        fraction_bits = self.ori(self.andi(bits, self.bcast(i32_mask)), self.bcast(i32_half))
        fraction = self.bitcast(fraction_bits, f32)
        magnitude = value if is_positive else self.abs(value)
        biased_bits = self.create(arith.ShRUIOp, self.bitcast(magnitude, i32), self.i32(23))
        biased = self.convert(arith.SIToFPOp, biased_bits, f32)
        return fraction, self.sub(biased, self.bcast(cst126))

    def exp2_i32(self, n: Value) -> Value:
        """2^n as f32 for an i32 `n` in [-127, 127], 0 for -127 (MLIR's `exp2I32`): `n`
        plus the exponent bias, shifted into the exponent field."""
        exponent_position = self.i32(23)
        bias = self.i32(127)
        shifted = self.create(arith.ShLIOp, self.create(arith.AddIOp, n, bias), exponent_position)
        return self.bitcast(shifted, f32)

    def polynomial(self, coefficients: list[Value], x: Value) -> Value:
        """c0 + c1 x + ... by Horner's rule in fmas (MLIR's `makePolynomialCalculation`)."""
        result = self.fma(x, coefficients[-1], coefficients[-2])
        for coefficient in reversed(coefficients[:-2]):
            result = self.fma(x, result, coefficient)
        return result


_CMPF = {name: CMPF_PREDICATES.make(i) for i, name in enumerate(CMPF_PREDICATES.keywords)}
_CMPI = {name: CMPI_PREDICATES.make(i) for i, name in enumerate(CMPI_PREDICATES.keywords)}
_NUMPY_FLOATS = {"f16": np.float16, "f32": np.float32}


def scalar_or_vector_element(value: Value):
    """The element type of a scalar or vector `value`, None for tensors: the expansions
    work element-wise on scalars and vectors (on tensors, MLIR 19 builds invalid IR)."""
    t = value.type
    if isinstance(t, VectorType):
        return t.element_type
    return t if isinstance(t, FloatType) else None
