"""The arith ops. Families share a base class that declares operands, format and traits;
each op is then one line naming it (and any extra trait).

Every op but `arith.constant` derives from `ArithOp`, which gives it MLIR's fold hook and
canonicalization patterns. Their rules live apart, as MLIR keeps them in ArithOps.cpp and
ArithCanonicalization.td: `folding.py` and `canonicalization.py`, tables keyed by op class.
Those import this module: the fold rules are imported at its end, once the classes they
name exist (a hot path: no import per fold), the patterns on first use.
"""

from __future__ import annotations

from mlc.dialects.arith.attributes import (
    CMPF_PREDICATES,
    CMPI_PREDICATES,
    NO_FASTMATH,
    NO_OVERFLOW,
    ROUNDING_MODES,
    FastMathFlagsAttr,
    IntegerOverflowFlagsAttr,
)
from mlc.ir.attributes import FloatAttr, IntegerAttr
from mlc.ir.constraints import (
    ANY_TYPE,
    BOOL_LIKE,
    FLOAT_LIKE,
    SIGNLESS_INTEGER_LIKE,
    Constraint,
    element_type,
    isa,
)
from mlc.ir.opdef import operand, opt_prop, prop, result
from mlc.ir.operation import Operation
from mlc.ir.traits import (
    Commutative,
    ConstantLike,
    Pure,
    SameOperandsAndResultType,
    SameTypeOperands,
)
from mlc.ir.types import FloatType, IndexType, IntegerType, RankedTensorType, VectorType, i1

_ELEMENTWISE = (Pure(), SameOperandsAndResultType())


class ArithOp(Operation):
    """An arith op with a fold hook and canonicalization patterns (ODS `hasFolder`,
    `hasCanonicalizer`)."""

    # MLIR's `fold` hook: `folding.fold` itself (assigned at the end of this module, which
    # `folding` imports), so each of the many fold attempts is one call, not two.
    fold = None

    @classmethod
    def get_canonicalization_patterns(cls):
        from mlc.dialects.arith.canonicalization import patterns_for

        return patterns_for(cls)


def _with_element(t, element):
    """`t` with its element type replaced (i1 results of comparisons on vectors/tensors)."""
    if isinstance(t, VectorType):
        return VectorType(t.shape, element, t.scalable)
    if isinstance(t, RankedTensorType):
        return RankedTensorType(t.shape, element, t.encoding)
    return element


def _shape(t):
    return t.shape if isinstance(t, (VectorType, RankedTensorType)) else None


# --- binary ----------------------------------------------------------------------------------
class IntBinaryOp(ArithOp):
    lhs = operand(SIGNLESS_INTEGER_LIKE)
    rhs = operand(SIGNLESS_INTEGER_LIKE)
    result = result(SIGNLESS_INTEGER_LIKE)
    traits = _ELEMENTWISE
    assembly_format = "$lhs `,` $rhs attr-dict `:` type($result)"


class IntOverflowBinaryOp(IntBinaryOp):
    overflowFlags = prop(isa(IntegerOverflowFlagsAttr), default=NO_OVERFLOW)
    assembly_format = "$lhs `,` $rhs (`overflow` `` $overflowFlags^)? attr-dict `:` type($result)"


class FloatBinaryOp(ArithOp):
    lhs = operand(FLOAT_LIKE)
    rhs = operand(FLOAT_LIKE)
    result = result(FLOAT_LIKE)
    fastmath = prop(isa(FastMathFlagsAttr), default=NO_FASTMATH)
    traits = _ELEMENTWISE
    assembly_format = "$lhs `,` $rhs (`fastmath` `` $fastmath^)? attr-dict `:` type($result)"


_COMM = _ELEMENTWISE + (Commutative(),)


class AddIOp(IntOverflowBinaryOp):
    name = "arith.addi"
    traits = _COMM


class SubIOp(IntOverflowBinaryOp):
    name = "arith.subi"


class MulIOp(IntOverflowBinaryOp):
    name = "arith.muli"
    traits = _COMM


class ShLIOp(IntOverflowBinaryOp):
    name = "arith.shli"


class DivSIOp(IntBinaryOp):
    name = "arith.divsi"


class DivUIOp(IntBinaryOp):
    name = "arith.divui"


class CeilDivSIOp(IntBinaryOp):
    name = "arith.ceildivsi"


class CeilDivUIOp(IntBinaryOp):
    name = "arith.ceildivui"


class FloorDivSIOp(IntBinaryOp):
    name = "arith.floordivsi"


class RemSIOp(IntBinaryOp):
    name = "arith.remsi"


class RemUIOp(IntBinaryOp):
    name = "arith.remui"


class AndIOp(IntBinaryOp):
    name = "arith.andi"
    traits = _COMM


class OrIOp(IntBinaryOp):
    name = "arith.ori"
    traits = _COMM


class XOrIOp(IntBinaryOp):
    name = "arith.xori"
    traits = _COMM


class ShRSIOp(IntBinaryOp):
    name = "arith.shrsi"


class ShRUIOp(IntBinaryOp):
    name = "arith.shrui"


class MaxSIOp(IntBinaryOp):
    name = "arith.maxsi"
    traits = _COMM


class MaxUIOp(IntBinaryOp):
    name = "arith.maxui"
    traits = _COMM


class MinSIOp(IntBinaryOp):
    name = "arith.minsi"
    traits = _COMM


class MinUIOp(IntBinaryOp):
    name = "arith.minui"
    traits = _COMM


class AddFOp(FloatBinaryOp):
    name = "arith.addf"
    traits = _COMM


class SubFOp(FloatBinaryOp):
    name = "arith.subf"


class MulFOp(FloatBinaryOp):
    name = "arith.mulf"
    traits = _COMM


class DivFOp(FloatBinaryOp):
    name = "arith.divf"


class RemFOp(FloatBinaryOp):
    name = "arith.remf"


class MaximumFOp(FloatBinaryOp):
    name = "arith.maximumf"
    traits = _COMM


class MinimumFOp(FloatBinaryOp):
    name = "arith.minimumf"
    traits = _COMM


class MaxNumFOp(FloatBinaryOp):
    name = "arith.maxnumf"
    traits = _COMM


class MinNumFOp(FloatBinaryOp):
    name = "arith.minnumf"
    traits = _COMM


class NegFOp(ArithOp):
    name = "arith.negf"
    operand_ = operand(FLOAT_LIKE)  # MLIR's `$operand`; `operand` is `Operation.operand(i)`
    result = result(FLOAT_LIKE)
    fastmath = prop(isa(FastMathFlagsAttr), default=NO_FASTMATH)
    traits = _ELEMENTWISE
    assembly_format = "$operand_ (`fastmath` `` $fastmath^)? attr-dict `:` type($result)"


# --- extended arithmetic -----------------------------------------------------------------------
class AddUIExtendedOp(ArithOp):
    """Sum and carry-out bit."""

    name = "arith.addui_extended"
    lhs = operand(SIGNLESS_INTEGER_LIKE)
    rhs = operand(SIGNLESS_INTEGER_LIKE)
    sum = result(SIGNLESS_INTEGER_LIKE)
    overflow = result(BOOL_LIKE)
    traits = (Pure(), Commutative())
    types_match = (("lhs", "rhs", "sum"),)
    assembly_format = "$lhs `,` $rhs attr-dict `:` type($sum) `,` type($overflow)"

    def asm_result_name(self):
        return ["sum", "overflow"]


class MulExtendedOp(ArithOp):
    lhs = operand(SIGNLESS_INTEGER_LIKE)
    rhs = operand(SIGNLESS_INTEGER_LIKE)
    low = result(SIGNLESS_INTEGER_LIKE)
    high = result(SIGNLESS_INTEGER_LIKE)
    traits = (Pure(), Commutative(), SameOperandsAndResultType())
    assembly_format = "$lhs `,` $rhs attr-dict `:` type($lhs)"

    @classmethod
    def infer_result_types(cls, operands, properties):
        return [operands[0].type, operands[0].type]

    def asm_result_name(self):
        return ["low", "high"]


class MulSIExtendedOp(MulExtendedOp):
    name = "arith.mulsi_extended"


class MulUIExtendedOp(MulExtendedOp):
    name = "arith.mului_extended"


# --- casts -------------------------------------------------------------------------------------
def _scalar_of(pred, description):
    return Constraint(lambda t: pred(element_type(t)), description)


_INT = _scalar_of(lambda t: type(t) is IntegerType and t.signedness == 0, "signless-integer-like")
_FLOAT = FLOAT_LIKE
_INDEX_OR_INT = _scalar_of(
    lambda t: isinstance(t, IndexType) or (type(t) is IntegerType and t.signedness == 0),
    "signless-integer-like or memref of signless-integer",
)
_INT_OR_FLOAT = _scalar_of(
    lambda t: isinstance(t, FloatType) or (type(t) is IntegerType and t.signedness == 0),
    "signless-integer-or-float-like or memref of signless-integer or float",
)


class CastOp(ArithOp):
    """`%o = arith.extsi %i : i8 to i32`; operand and result shapes must match."""

    in_ = operand(ANY_TYPE)
    out = result(ANY_TYPE)
    traits = (Pure(),)
    assembly_format = "$in_ attr-dict `:` type($in_) `to` type($out)"
    width_rule = None  # "wider" or "narrower": the result's element width vs the operand's

    def verify_(self) -> None:
        src, dst = self.operand(0).type, self.results[0].type
        if (
            _shape(src) != _shape(dst)
            or type(src) is not type(dst)
            and (_shape(src) or _shape(dst))
        ):
            raise self.emit_error(
                f"operand type '{src}' and result type '{dst}' are cast incompatible"
            )
        rule = self.width_rule
        if rule is None:
            return
        sw, dw = element_type(src).width, element_type(dst).width
        if (rule == "wider" and dw <= sw) or (rule == "narrower" and dw >= sw):
            raise self.emit_error(
                f"operand type '{src}' and result type '{dst}' are cast incompatible"
            )


def _cast(src, dst, rule=None):
    class Cast(CastOp):
        in_ = operand(src)
        out = result(dst)
        width_rule = rule

    Cast.__name__ = "Base"
    return Cast


class ExtUIOp(_cast(_INT, _INT, "wider")):
    name = "arith.extui"


class ExtSIOp(_cast(_INT, _INT, "wider")):
    name = "arith.extsi"


class TruncIOp(_cast(_INT, _INT, "narrower")):
    name = "arith.trunci"


class ExtFOp(_cast(_FLOAT, _FLOAT, "wider")):
    name = "arith.extf"
    fastmath = opt_prop(isa(FastMathFlagsAttr))
    assembly_format = "$in_ (`fastmath` `` $fastmath^)? attr-dict `:` type($in_) `to` type($out)"


class TruncFOp(_cast(_FLOAT, _FLOAT, "narrower")):
    name = "arith.truncf"
    roundingmode = opt_prop(ROUNDING_MODES)
    fastmath = opt_prop(isa(FastMathFlagsAttr))
    assembly_format = (
        "$in_ ($roundingmode^)? (`fastmath` `` $fastmath^)? attr-dict `:` type($in_) `to` "
        "type($out)"
    )


class UIToFPOp(_cast(_INT, _FLOAT)):
    name = "arith.uitofp"


class SIToFPOp(_cast(_INT, _FLOAT)):
    name = "arith.sitofp"


class FPToUIOp(_cast(_FLOAT, _INT)):
    name = "arith.fptoui"


class FPToSIOp(_cast(_FLOAT, _INT)):
    name = "arith.fptosi"


class IndexCastBase(_cast(_INDEX_OR_INT, _INDEX_OR_INT)):
    """Casts between index and a signless integer, in either direction."""

    def verify_(self) -> None:
        super().verify_()
        src, dst = element_type(self.operand(0).type), element_type(self.results[0].type)
        if isinstance(src, IndexType) == isinstance(dst, IndexType):
            raise self.emit_error(
                f"operand type '{self.operand(0).type}' and result type '{self.results[0].type}' "
                "are cast incompatible"
            )


class IndexCastOp(IndexCastBase):
    name = "arith.index_cast"


class IndexCastUIOp(IndexCastBase):
    name = "arith.index_castui"


class BitcastOp(_cast(_INT_OR_FLOAT, _INT_OR_FLOAT)):
    name = "arith.bitcast"

    def verify_(self) -> None:
        super().verify_()
        src, dst = element_type(self.operand(0).type), element_type(self.results[0].type)
        if src.width != dst.width:
            raise self.emit_error(
                f"operand type '{self.operand(0).type}' and result type '{self.results[0].type}' "
                "are cast incompatible"
            )


# --- comparisons, select, constants ------------------------------------------------------------
class CmpIOp(ArithOp):
    name = "arith.cmpi"
    predicate = prop(CMPI_PREDICATES)
    lhs = operand(SIGNLESS_INTEGER_LIKE)
    rhs = operand(SIGNLESS_INTEGER_LIKE)
    result = result(BOOL_LIKE)
    traits = (Pure(), SameTypeOperands())
    assembly_format = "$predicate `,` $lhs `,` $rhs attr-dict `:` type($lhs)"

    @classmethod
    def infer_result_types(cls, operands, properties):
        return [_with_element(operands[0].type, i1)]


class CmpFOp(ArithOp):
    name = "arith.cmpf"
    predicate = prop(CMPF_PREDICATES)
    lhs = operand(FLOAT_LIKE)
    rhs = operand(FLOAT_LIKE)
    result = result(BOOL_LIKE)
    fastmath = prop(isa(FastMathFlagsAttr), default=NO_FASTMATH)
    traits = (Pure(), SameTypeOperands())
    assembly_format = (
        "$predicate `,` $lhs `,` $rhs (`fastmath` `` $fastmath^)? attr-dict `:` type($lhs)"
    )
    infer_result_types = CmpIOp.infer_result_types


class SelectOp(ArithOp):
    """`arith.select %c, %a, %b : i32` (or `: vector<4xi1>, vector<4xi32>`)."""

    name = "arith.select"
    condition = operand(BOOL_LIKE)
    true_value = operand(ANY_TYPE)
    false_value = operand(ANY_TYPE)
    result = result(ANY_TYPE)
    traits = (Pure(),)

    @classmethod
    def parse(cls, p):
        pos = p.pos
        refs = [p.parse_operand()]
        for _ in range(2):
            p.expect(",")
            refs.append(p.parse_operand())
        attrs = p.parse_optional_attr_dict()
        types = p.parse_colon_type_list()
        if len(types) > 2:
            raise p.error("expected 1 or 2 types", pos)
        cond_type = types[0] if len(types) == 2 else i1
        value_type = types[-1]
        operands = p.resolve_operands(refs, [cond_type, value_type, value_type], pos)
        return cls.create(operands, [value_type], {}, attrs)

    def print_custom(self, p) -> None:
        p.write(" ")
        p.print_operands(self.operands)
        p.print_optional_attr_dict(self.attributes)
        p.write(" : ")
        cond = self.operand(0).type
        if isinstance(cond, (VectorType, RankedTensorType)):
            p.print_type(cond)
            p.write(", ")
        p.print_type(self.results[0].type)

    def verify_(self) -> None:
        a, b, r = self.operand(1).type, self.operand(2).type, self.results[0].type
        if not (a == b == r):
            raise self.emit_error(
                "failed to verify that all of {true_value, false_value, result} have same type"
            )
        cond = self.operand(0).type
        if isinstance(cond, (VectorType, RankedTensorType)) and _shape(cond) != _shape(r):
            raise self.emit_error(
                "expected condition type to have the same shape as the result type"
            )


def _is_constant_value(value) -> bool:
    """An integer, float or elements attribute: what `arith.constant` may hold."""
    if isinstance(value, (IntegerAttr, FloatAttr)):
        return True
    from mlc.ir.attributes import DenseResourceElementsAttr  # here: mlc.ir.dense loads numpy
    from mlc.ir.dense import DenseElementsAttr, DenseStringElementsAttr

    elements = (DenseElementsAttr, DenseStringElementsAttr, DenseResourceElementsAttr)
    return isinstance(value, elements)


class ConstantOp(Operation):
    """`%c0 = arith.constant 0 : index`; result names follow MLIR (`%c42_i32`, `%true`, `%cst`)."""

    name = "arith.constant"
    value = prop()
    result = result(ANY_TYPE)
    traits = (Pure(), ConstantLike())

    def __init__(self, value, loc=None) -> None:
        self._init((), [value.type], {"value": value}, None, (), (), loc)

    @classmethod
    def parse(cls, p):
        attrs = p.parse_optional_attr_dict()
        value = p.parse_attribute()
        if not hasattr(value, "type") or value.type is None:
            raise p.error("expected attribute with a type")
        return cls.create((), [value.type], {"value": value}, attrs)

    def print_custom(self, p) -> None:
        p.print_optional_attr_dict(self.attributes)
        p.write(" ")
        p.print_attribute(self.properties["value"])

    @classmethod
    def materialize(cls, value, type, location) -> ConstantOp | None:
        """A detached `arith.constant` of `value : type`, or None when it cannot hold that
        (MLIR's `ConstantOp::materialize` with `isBuildableWith`, the arith dialect's
        constant materializer): the value must have exactly `type`, with signless integer
        elements if any."""
        if getattr(value, "type", None) != type or not _is_constant_value(value):
            return None
        element = element_type(type)
        if isinstance(element, IntegerType) and element.signedness != 0:
            return None
        return cls(value, location)

    def asm_result_name(self) -> str:
        value = self.properties.get("value")
        if type(value) is IntegerAttr:
            t = value.type
            if isinstance(t, IntegerType) and t.width == 1:
                return "true" if value.value else "false"
            return f"c{value.value}" + (f"_{t}" if isinstance(t, IntegerType) else "")
        return "cst"

    def verify_(self) -> None:
        value = self.properties["value"]
        rtype = self.results[0].type
        vtype = getattr(value, "type", None)
        if vtype != rtype:
            raise self.emit_error("failed to verify that all of {value, result} have same type")
        if isinstance(rtype, IntegerType) and rtype.signedness != 0:
            raise self.emit_error("integer return type must be signless")
        if not _is_constant_value(value):
            raise self.emit_error("value must be an integer, float, or elements attribute")


ALL_OPS = [
    cls
    for cls in list(globals().values())
    if isinstance(cls, type) and issubclass(cls, Operation) and "name" in vars(cls)
]

from mlc.dialects.arith import folding  # noqa: E402 - names the classes above

ArithOp.fold = folding.fold
