"""`convert-math-to-funcs`: `math.ipowi` and `math.fpowi` as calls of functions the pass
adds to the module, as MLIR 19's pass of that name builds them (its output is the
reference, op for op), since LLVM has no instruction for an integer power.

    %r = math.ipowi %a, %b : i32        ->   %r = call @__mlir_math_ipowi_i32(%a, %b)
    %s = math.fpowi %x, %n : f32, i32   ->   %s = call @__mlir_math_fpowi_f32_i32(%x, %n)

Each function (one per type, appended to the module in the order the ops are met,
`private` with `linkonce_odr` linkage) computes the power by repeated squaring over the
exponent's bits. `ipowi` with a negative exponent is 1 for a base of 1, +-1 for -1 by
the exponent's parity, 0 for other bases, and divides by zero for a base of 0 (undefined
behavior, as in MLIR: the native code traps); `fpowi` takes the reciprocal, and for the
most negative exponent multiplies once more by the base. Vector ops are unrolled element by
element (`vector.extract`, the call, `vector.insert` into a zero vector).
`min-width-of-fpowi-exponent` leaves `fpowi`s with narrower exponents alone (for
`convert-math-to-llvm`'s `llvm.intr.powi`). MLIR's `convert-ctlz` option (a `math.ctlz`
function) is not implemented: `convert-math-to-llvm` lowers `ctlz` to LLVM's intrinsic.

`graph-to-llvm` runs it before `convert-math-to-llvm`, so that a graph `pow` on integers
compiles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlc.dialects import arith, cf, func, math
from mlc.dialects.arith.attributes import CMPI_PREDICATES
from mlc.dialects.llvm.attributes import LinkageAttr
from mlc.ir.attributes import FloatAttr, IntegerAttr, SymbolRefAttr
from mlc.ir.block import Block, Region
from mlc.ir.builder import Builder
from mlc.ir.rewrite import ConversionTarget, apply_partial_conversion
from mlc.ir.rewrite.conversion import conversion_pattern
from mlc.ir.symbol_table import SymbolTable
from mlc.ir.types import FunctionType, IntegerType, VectorType, i64
from mlc.passes.math_to_libm import unrolled
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass


def _element(t):
    return t.element_type if isinstance(t, VectorType) else t


def _function_name(op) -> str:
    if isinstance(op, math.IPowIOp):
        return f"__mlir_math_ipowi_{_element(op.results[0].type)}"
    base, exponent = (_element(v.type) for v in op.operands)
    return f"__mlir_math_fpowi_{base}_{exponent}"


class _Emitter:
    """A builder at the end of one block of a function being built, with MLIR's
    spelling of each op the power functions use."""

    def __init__(self, block: Block) -> None:
        self.b = Builder.at_end(block)

    def at(self, block: Block) -> _Emitter:
        self.b = Builder.at_end(block)
        return self

    def constant(self, value, t):
        attr = FloatAttr(float(value), t) if not isinstance(t, IntegerType) else \
            IntegerAttr(int(value), t)  # fmt: skip
        return self.b.create(arith.ConstantOp, attr).result

    def cmpi(self, predicate: str, x, y):
        attr = IntegerAttr(CMPI_PREDICATES.keywords.index(predicate), i64)
        return self.b.create(arith.CmpIOp, x, y, predicate=attr).result

    def op(self, op_class, *operands):
        return self.b.create(op_class, *operands).result

    def select(self, condition, x, y):
        return self.b.create(arith.SelectOp, condition, x, y, result_types=[x.type]).result

    def cond_br(self, condition, true_dest, false_dest, true_args=(), false_args=()):
        self.b.insert(cf.CondBranchOp(condition, true_dest, list(true_args), false_dest,
                                      list(false_args)))  # fmt: skip

    def br(self, dest, args=()):
        self.b.insert(cf.BranchOp(dest, list(args)))

    def ret(self, value):
        self.b.insert(func.ReturnOp([value]))


def _ipowi_body(t) -> list[Block]:
    """MLIR's `createElementIPowIFunc` body, block for block."""
    entry = Block([t, t])
    a, b = entry.args
    blocks = [entry] + [Block() for _ in range(11)] + [Block([t, t, t]), Block(), Block([t]),
                                                       Block(), Block()]  # fmt: skip
    e = _Emitter(entry)
    zero, one, minus_one = e.constant(0, t), e.constant(1, t), e.constant(-1, t)
    e.cond_br(e.cmpi("eq", b, zero), blocks[1], blocks[2])
    e.at(blocks[1]).ret(one)
    e.at(blocks[2]).cond_br(e.cmpi("sle", b, zero), blocks[3], blocks[12], (), (one, a, b))
    e.at(blocks[3]).cond_br(e.cmpi("eq", a, zero), blocks[4], blocks[5])
    e.at(blocks[4]).ret(e.op(arith.DivSIOp, one, zero))
    e.at(blocks[5]).cond_br(e.cmpi("eq", a, one), blocks[6], blocks[7])
    e.at(blocks[6]).ret(one)
    e.at(blocks[7]).cond_br(e.cmpi("eq", a, minus_one), blocks[8], blocks[11])
    e.at(blocks[8]).cond_br(e.cmpi("ne", e.op(arith.AndIOp, b, one), zero), blocks[9], blocks[10])
    e.at(blocks[9]).ret(minus_one)
    e.at(blocks[10]).ret(one)
    e.at(blocks[11]).ret(zero)
    result, power, rest = blocks[12].args
    odd = e.at(blocks[12]).cmpi("ne", e.op(arith.AndIOp, rest, one), zero)
    e.cond_br(odd, blocks[13], blocks[14], (), (result,))
    e.at(blocks[13]).br(blocks[14], (e.op(arith.MulIOp, result, power),))
    shifted = e.at(blocks[14]).op(arith.ShRUIOp, rest, one)
    e.cond_br(e.cmpi("eq", shifted, zero), blocks[15], blocks[16])
    e.at(blocks[15]).ret(blocks[14].args[0])
    squared = e.at(blocks[16]).op(arith.MulIOp, power, power)
    e.br(blocks[12], (blocks[14].args[0], squared, shifted))
    return blocks


def _fpowi_body(f, n) -> list[Block]:
    """MLIR's `createElementFPowIFunc` body, block for block."""
    entry = Block([f, n])
    x, b = entry.args
    blocks = [entry, Block(), Block(), Block([f, f, n]), Block(), Block([f]), Block(),
              Block([f]), Block(), Block([f]), Block(), Block([f])]  # fmt: skip
    e = _Emitter(entry)
    one_f = e.constant(1.0, f)
    zero, one = e.constant(0, n), e.constant(1, n)
    lowest, highest = (e.constant(v, n) for v in (-(1 << (n.width - 1)), (1 << (n.width - 1)) - 1))
    e.cond_br(e.cmpi("eq", b, zero), blocks[1], blocks[2])
    e.at(blocks[1]).ret(one_f)
    negative = e.at(blocks[2]).cmpi("sle", b, zero)
    is_lowest = e.cmpi("eq", b, lowest)
    magnitude = e.select(negative, e.op(arith.SubIOp, zero, b), b)
    e.br(blocks[3], (one_f, x, e.select(is_lowest, highest, magnitude)))
    result, power, rest = blocks[3].args
    odd = e.at(blocks[3]).cmpi("ne", e.op(arith.AndIOp, rest, one), zero)
    e.cond_br(odd, blocks[4], blocks[5], (), (result,))
    e.at(blocks[4]).br(blocks[5], (e.op(arith.MulFOp, result, power),))
    shifted = e.at(blocks[5]).op(arith.ShRUIOp, rest, one)
    e.cond_br(e.cmpi("eq", shifted, zero), blocks[7], blocks[6], (blocks[5].args[0],))
    squared = e.at(blocks[6]).op(arith.MulFOp, power, power)
    e.br(blocks[3], (blocks[5].args[0], squared, shifted))
    e.at(blocks[7]).cond_br(is_lowest, blocks[8], blocks[9], (), (blocks[7].args[0],))
    e.at(blocks[8]).br(blocks[9], (e.op(arith.MulFOp, blocks[7].args[0], x),))
    e.at(blocks[9]).cond_br(negative, blocks[10], blocks[11], (), (blocks[9].args[0],))
    e.at(blocks[10]).br(blocks[11], (e.op(arith.DivFOp, one_f, blocks[9].args[0]),))
    e.at(blocks[11]).ret(blocks[11].args[0])
    return blocks


def _power_function(op) -> func.FuncOp:
    """The function computing `op`'s power on elements, named `_function_name(op)`."""
    types = [_element(v.type) for v in op.operands]
    result = _element(op.results[0].type)
    body = _ipowi_body(result) if isinstance(op, math.IPowIOp) else _fpowi_body(*types)
    fn = func.FuncOp(_function_name(op), FunctionType(tuple(types), (result,)), Region(body),
                     visibility="private")  # fmt: skip
    fn.attributes["llvm.linkage"] = LinkageAttr("linkonce_odr")
    return fn


def _lower(op, adaptor, rewriter) -> bool:
    """`op` as calls of its function, a vector unrolled element by element (MLIR's
    `VecOpToScalarOp`, then `IPowIOpLowering` / `FPowIOpLowering`)."""
    name = SymbolRefAttr(_function_name(op))
    t = op.results[0].type
    element = _element(t)

    def call(operands):
        created = func.CallOp.create(list(operands), [element], {"callee": name})
        return rewriter.insert(created).results[0]

    if not isinstance(t, VectorType):
        rewriter.replace_op(op, [call(adaptor.operands)])
        return True
    if any(t.scalable):
        return False
    rewriter.replace_op(op, [unrolled(rewriter, t, list(adaptor.operands), call)])
    return True


ipowi_lowering = conversion_pattern(math.IPowIOp)(_lower)
fpowi_lowering = conversion_pattern(math.FPowIOp)(_lower)


@register_pass
@dataclass(frozen=True)
class ConvertMathToFuncs(Pass):
    """Rewrites `math.ipowi` and `math.fpowi` into calls of power functions it adds."""

    name = "convert-math-to-funcs"
    summary = "Convert Math operations to calls of outlined implementations."
    anchor = "builtin.module"
    min_width_of_fpowi_exponent: int = field(
        default=1,
        metadata={"help": "Convert FPowI only if the width of its exponent's integer type "
                          "is greater than or equal to this value"},
    )

    def run(self, op) -> None:
        """MLIR's: the functions first (`createFuncs`), then a partial conversion in which
        arith, cf, func, scf and vector are legal, `ipowi` illegal and an `fpowi` legal
        when its exponent is too narrow (other ops may fold on the way, as there).
        Deliberate difference: a module without such powers is left as it is, where MLIR's
        conversion would still fold the ops it walks (`memref.dim` of an `alloca`, ...):
        `graph-to-llvm` runs this pass on every model, and a walk that folds what
        `canonicalize` already did cost a model's compile 10 ms."""
        powers = []
        op.walk(lambda o: powers.append(o) if self._converts(o) else None)
        if not powers:
            return
        symbols = SymbolTable(op)
        for power in powers:
            if symbols.lookup(_function_name(power)) is None:
                symbols.insert(_power_function(power))
        target = ConversionTarget()
        target.add_legal_dialect("arith", "cf", "func", "scf", "vector")
        target.add_illegal_op(math.IPowIOp)
        target.add_dynamically_legal_op(math.FPowIOp, lambda o: not self._converts(o))
        apply_partial_conversion(op, target, [ipowi_lowering, fpowi_lowering])

    def _converts(self, op) -> bool:
        """Whether `op` is a power this pass turns into calls."""
        if isinstance(op, math.IPowIOp):
            return True
        if not isinstance(op, math.FPowIOp):
            return False
        exponent = _element(op.operands[1].type)
        return exponent.width >= self.min_width_of_fpowi_exponent
