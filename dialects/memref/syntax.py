"""Custom syntax pieces of the memref ops that the declarative format cannot spell: mixed
static/dynamic index lists (MLIR's `custom<DynamicIndexList>`) and op heads written by hand."""

from __future__ import annotations

from mlc.ir.attributes import DenseArrayAttr
from mlc.ir.types import DYNAMIC, i32, i64, index


def parse_dynamic_index_list(p) -> tuple[list, list[int]]:
    """`[%a, 4, %b]`: the SSA operands, and every entry as an integer (`DYNAMIC` for an
    operand), as MLIR's `parseDynamicIndexList`."""
    refs: list = []
    static: list[int] = []

    def entry() -> None:
        if p.kind == "percent":
            refs.append(p.parse_operand())
            static.append(DYNAMIC)
        elif p.kind == "integer" or (p.kind == "punct" and p.text == "-"):
            static.append(p.parse_int_literal())
        else:
            raise p.error("expected SSA value or integer")

    p.expect("[")
    p.parse_comma_list(entry, "]")
    return refs, static


def print_dynamic_index_list(p, values, static) -> None:
    """`[%a, 4, %b]`: operands where an entry is `DYNAMIC`, integers elsewhere."""
    values = iter(values)
    p.write("[")
    for i, entry in enumerate(static):
        if i:
            p.write(", ")
        if entry == DYNAMIC:
            p.print_operand(next(values))
        else:
            p.write(str(entry))
    p.write("]")


def i64_array(values) -> DenseArrayAttr:
    return DenseArrayAttr(i64, tuple(values))


def segment_sizes(*groups) -> DenseArrayAttr:
    """`operandSegmentSizes` for operand groups of these lengths."""
    return DenseArrayAttr(i32, tuple(len(g) for g in groups))


def resolve_indices(p, refs, pos) -> list:
    """Index operands: every entry of a dynamic index list is an `index`."""
    return p.resolve_operands(refs, [index] * len(refs), pos)
