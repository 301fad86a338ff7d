"""The vector ops that make masks, constant_mask and create_mask (MLIR 19's syntax and
verifiers), and what the folders know about a mask value (`mask_format`)."""

from __future__ import annotations

from mlc.dialects.vector.base import VectorOp
from mlc.dialects.vector.constraints import BOOL_VECTOR, I64_ARRAY, i64_list, scalable_flags
from mlc.ir.constraints import INDEX
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.opdef import prop, result, var_operand
from mlc.ir.traits import Pure
from mlc.ir.types import index


class ConstantMaskOp(VectorOp):
    """`%m = vector.constant_mask [3, 2] : vector<4x3xi1>`: true in the leading 3x2 box,
    false elsewhere."""

    name = "vector.constant_mask"
    mask_dim_sizes = prop(I64_ARRAY)
    result = result(BOOL_VECTOR)
    traits = (Pure(),)
    assembly_format = "$mask_dim_sizes attr-dict `:` type(results)"

    def sizes(self) -> list[int]:
        return i64_list(self.properties["mask_dim_sizes"])

    def verify_(self) -> None:
        t = self.results[0].type
        sizes = self.sizes()
        if t.rank == 0:
            if len(sizes) != 1:
                raise self.emit_error(
                    "array attr must have length 1 for 0-D vectors", op_prefix=False
                )
            if sizes[0] not in (0, 1):
                raise self.emit_error(
                    "mask dim size must be either 0 or 1 for 0-D vectors", op_prefix=False
                )
            return
        if len(sizes) != t.rank:
            raise self.emit_error("must specify array attr of size equal vector result rank")
        for size, dim, scalable in zip(sizes, t.shape, scalable_flags(t)):
            if not 0 <= size <= dim:
                raise self.emit_error(
                    "array attr of size out of bounds of vector result dimension size"
                )
            if scalable and size not in (0, dim):
                raise self.emit_error("only supports 'none set' or 'all set' scalable dimensions")
        if 0 in sizes and any(sizes):
            raise self.emit_error(
                "expected all mask dim sizes to be zeros, as a result of conjunction with "
                "zero mask dim"
            )


class CreateMaskOp(VectorOp):
    """`%m = vector.create_mask %a, %b : vector<4x3xi1>`: true where every index is below the
    corresponding operand (a 0-D mask takes one operand)."""

    name = "vector.create_mask"
    sizes = var_operand(INDEX)
    result = result(BOOL_VECTOR)
    traits = (Pure(),)
    assembly_format = "$sizes attr-dict `:` type(results)"
    derived_types = {"sizes": index}

    def verify_(self) -> None:
        t = self.results[0].type
        if t.rank == 0:
            if len(self.sizes) != 1:
                raise self.emit_error("must specify exactly one operand for 0-D create_mask")
        elif len(self.sizes) != t.rank:
            raise self.emit_error("must specify an operand for each result vector dimension")


ALL_TRUE, ALL_FALSE = "all true", "all false"


def mask_format(mask) -> str | None:
    """`ALL_TRUE` or `ALL_FALSE` when a mask value is known to be that, else None (MLIR's
    `getMaskFormat`): a constant, a constant_mask, or a create_mask with a size that is a
    constant below 1."""
    from mlc.dialects.arith import ConstantOp
    from mlc.ir.rewrite.folding import constant_value

    op = getattr(mask, "op", None)
    if type(op) is ConstantOp:
        value = constant_value(op)
        if not isinstance(value, DenseElementsAttr):
            return None
        bits = set(value.raw)
        if len(bits) != 1:
            return None
        return ALL_TRUE if bits == {1} else ALL_FALSE
    if type(op) is ConstantMaskOp:
        t = op.results[0].type
        sizes = op.sizes()
        if all(s >= d for s, d in zip(sizes, t.shape)):
            return ALL_TRUE
        if all(s <= 0 for s in sizes):
            return ALL_FALSE
        return None
    if type(op) is CreateMaskOp:
        for size in op.sizes:
            constant = getattr(size, "op", None)
            if type(constant) is ConstantOp and constant_value(constant).value <= 0:
                return ALL_FALSE
    return None
