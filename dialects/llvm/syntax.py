"""Pieces of custom syntax several llvm ops share, as the static helpers of MLIR's
LLVMDialect.cpp (`parseOptionalLLVMKeyword`, `custom<LLVMOpAttrs>`, ...)."""

from __future__ import annotations

from mlc.dialects.llvm.attributes import NO_FASTMATH
from mlc.ir.attributes import DenseArrayAttr


def split_attributes(cls, entries: dict, props: dict | None = None) -> tuple[dict, dict]:
    """(properties, discardable attributes) of a parsed attribute dictionary: entries named
    like one of the op's inherent attributes are properties, as in MLIR."""
    props = {} if props is None else props
    known = cls.definition.props_by_name
    attrs = {}
    for name, value in entries.items():
        (props if name in known else attrs)[name] = value
    return props, attrs


def all_attributes(op) -> dict:
    """Inherent and discardable attributes together (MLIR's `Operation::getAttrs`)."""
    merged = dict(op.properties)
    merged.update(op.attributes)
    return merged


def print_op_attrs(p, op, elided=()) -> None:
    """` {...}` of every attribute but `elided`, and `fastmathFlags` when it is the default
    (MLIR's `printOptionalAttrDict(processFMFAttr(getAttrs()))`)."""
    attrs = all_attributes(op)
    if attrs.get("fastmathFlags") == NO_FASTMATH:
        del attrs["fastmathFlags"]
    p.print_optional_attr_dict(attrs, elided)


def parse_optional_enum_keyword(p, names, default: int = 0) -> int:
    """The index of the keyword among `names` (empty names never match), or `default`
    when the next token is none of them (MLIR's `parseOptionalLLVMKeyword`)."""
    if p.kind == "bare" and p.text in names and p.text:
        index = names.index(p.text)
        p.advance()
        return index
    return default


def parse_integer_array(p, element_type) -> DenseArrayAttr:
    """`[1, -2, 3]`: the stripped form of a dense integer array attribute."""
    p.expect("[")

    def element() -> int:
        pos = p.pos
        return p.integer_attr(p.parse_int_literal(), element_type, pos).value

    return DenseArrayAttr(element_type, tuple(p.parse_comma_list(element, "]")))


def print_integer_array(p, attr: DenseArrayAttr) -> None:
    p.write("[" + ", ".join(map(str, attr.value)) + "]")
