"""`convert-math-to-libm`: math ops as calls of the C library's functions, as MLIR 19's
pass of that name rewrites them (its output is the reference, op for op).

    %r = math.erf %x : f64        ->   %r = call @erf(%x) : (f64) -> f64
    %s = math.erf %y : f32        ->   %s = call @erff(%y) : (f32) -> f32

f16 and bf16 operands are extended to f32 and the result truncated back; vectors are
unrolled element by element (`vector.extract`, the call, `vector.insert` into a zero
vector). Like MLIR's, the pass fails on any other math op (`math.rsqrt`, `math.fma`, ...:
`convert-math-to-llvm` lowers those). Each function is declared once, at the start of the
module, `private` and `llvm.readnone` (math ops have no side effects), unless the module
already has it.

`graph-to-llvm` runs it after `convert-math-to-llvm`, so that only what LLVM has no
instruction or intrinsic for (`erf`, `tanh`, `tan` in f64, ...) becomes a call.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from mlc.dialects import arith, func, math, vector
from mlc.ir.attributes import SymbolRefAttr, UnitAttr
from mlc.ir.block import Region
from mlc.ir.builder import Builder
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.diagnostics import DiagnosticError
from mlc.ir.symbol_table import SymbolTable
from mlc.ir.types import FloatType, FunctionType, IntegerType, VectorType, f32, f64
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass

LIBM_NAMES = {
    math.AbsFOp: "fabs", math.AcosOp: "acos", math.AcoshOp: "acosh", math.AsinOp: "asin",
    math.AsinhOp: "asinh", math.AtanOp: "atan", math.AtanhOp: "atanh", math.Atan2Op: "atan2",
    math.CbrtOp: "cbrt", math.CeilOp: "ceil", math.CosOp: "cos", math.CoshOp: "cosh",
    math.ErfOp: "erf", math.ExpOp: "exp", math.Exp2Op: "exp2", math.ExpM1Op: "expm1",
    math.FloorOp: "floor", math.LogOp: "log", math.Log10Op: "log10", math.Log1pOp: "log1p",
    math.Log2Op: "log2", math.PowFOp: "pow", math.RoundOp: "round",
    math.RoundEvenOp: "roundeven", math.SinOp: "sin", math.SinhOp: "sinh",
    math.SqrtOp: "sqrt", math.TanOp: "tan", math.TanhOp: "tanh", math.TruncOp: "trunc",
}  # fmt: skip
"""The double-precision name of each op's function; the float one appends `f`."""

_PROMOTED = (FloatType("f16"), FloatType("bf16"))


def _function_name(op_class, element) -> str:
    name = LIBM_NAMES[op_class]
    return name if element == f64 else name + "f"


class _Declarations:
    """The libm functions of one module, declared on first use."""

    def __init__(self, module) -> None:
        self.symbols = SymbolTable(module)

    def declare(self, name: str, element) -> None:
        if self.symbols.lookup(name) is not None:
            return
        arity = 2 if name.startswith(("atan2", "pow")) else 1
        decl = func.FuncOp(name, FunctionType((element,) * arity, (element,)), Region([]),
                           visibility="private")  # fmt: skip
        decl.attributes["llvm.readnone"] = UnitAttr()
        self.symbols.insert(decl, before=self.symbols.op.regions[0].blocks[0].first_op)


def _call(b: Builder, decls: _Declarations, op_class, operands) -> object:
    """The libm call computing `op_class` on scalar `operands` (f16/bf16 through f32)."""
    element = operands[0].type
    if element in _PROMOTED:
        wide = [b.insert(arith.ExtFOp.create([v], [f32])).results[0] for v in operands]
        result = _call(b, decls, op_class, wide)
        return b.insert(arith.TruncFOp.create([result], [element])).results[0]
    name = _function_name(op_class, element)
    decls.declare(name, element)
    call = func.CallOp.create(list(operands), [element], {"callee": SymbolRefAttr(name)})
    return b.insert(call).results[0]


def unrolled(b, t: VectorType, operands: list, scalar) -> object:
    """A vector of type `t` computed element by element: `scalar(elements)` of the
    operands' elements at each position, `vector.insert`ed into a zero vector (MLIR's
    `VecOpToScalarOp` unrolling). `b` inserts ops (a `Builder` or a rewriter)."""
    dtype = np.int64 if isinstance(t.element_type, IntegerType) else np.float64
    result = b.insert(arith.ConstantOp(DenseElementsAttr.from_array(np.zeros((), dtype), t)))
    result = result.results[0]
    for position in itertools.product(*map(range, t.shape)):
        value = scalar([b.insert(vector.ExtractOp.at(v, list(position))).results[0]
                        for v in operands])  # fmt: skip
        insert = vector.InsertOp.create([value, result], [t])
        insert.set_position(list(position))
        result = b.insert(insert).results[0]
    return result


def _rewrite(op, decls: _Declarations) -> None:
    b = Builder.before(op, op.location)
    t = op.results[0].type
    operands = list(op.operands)
    if isinstance(t, VectorType):
        result = unrolled(b, t, operands, lambda elements: _call(b, decls, type(op), elements))
    else:
        result = _call(b, decls, type(op), operands)
    op.results[0].replace_all_uses_with(result)
    op.erase()


def _convertible(op) -> bool:
    if type(op) not in LIBM_NAMES:
        return False
    t = op.results[0].type
    if isinstance(t, VectorType):
        if any(t.scalable):
            return False
        t = t.element_type
    return t in (f32, f64) or t in _PROMOTED


@register_pass
@dataclass(frozen=True)
class ConvertMathToLibm(Pass):
    """Rewrites math ops into calls of libm functions."""

    name = "convert-math-to-libm"
    summary = "Convert Math dialect to libm calls"

    def run(self, op) -> None:
        decls = _Declarations(op)
        found = []
        op.walk(lambda o: found.append(o) if isinstance(o, math.MathOp) else None)
        for math_op in found:  # a partial conversion marking all of math illegal, as MLIR's
            if not _convertible(math_op):
                raise DiagnosticError(f"failed to legalize operation '{math_op.name}' that "
                                      "was explicitly marked illegal", math_op.location)
        for math_op in found:
            _rewrite(math_op, decls)
