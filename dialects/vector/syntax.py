"""Custom-syntax pieces the vector ops share: bracketed integer lists (`[1, 0]`, how MLIR
prints a `DenseI64ArrayAttr` in an assembly format) and the attribute dictionary of an op
written by hand (properties and discardable attributes together, as MLIR prints them)."""

from __future__ import annotations


def parse_int_list(p) -> list[int]:
    """`[1, 0]`: a bracketed list of integers, possibly empty."""
    p.expect("[")
    return p.parse_comma_list(p.parse_int_literal, "]")


def int_list_text(values) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


def print_attr_dict(p, op, elided=()) -> None:
    """` {...}`: the op's properties and attributes but `elided`, sorted by name."""
    p.print_optional_attr_dict({**op.properties, **op.attributes}, elided)


def op_error(p, op_class, message: str, pos: int | None = None):
    """A parse error of a custom form, as MLIR's `OpAsmParser::emitError` words it
    (`custom op 'vector.contract' ...`); by default at the op name (`getNameLoc`), which
    the parser has just passed."""
    if pos is None:
        pos = p.src.rfind(op_class.name, 0, p.pos)
    return p.error(f"custom op '{op_class.name}' {message}", pos)


def split_properties(op_class, attrs: dict) -> dict:
    """Take out of a parsed attribute dictionary the entries that are `op_class`'s
    properties (MLIR accepts inherent attributes in a custom form's dictionary)."""
    names = op_class.definition.props_by_name
    return {key: attrs.pop(key) for key in list(attrs) if key in names}
