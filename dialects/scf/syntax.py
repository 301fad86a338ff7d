"""Pieces of custom syntax the scf ops share, as the static helpers of MLIR's SCF.cpp and
`OpAsmParser`/`OpAsmPrinter` methods they use: assignment lists (`(%x = %init, ...)`),
optional arrow type lists, index lists in parentheses (`(%n, 4)`) and attribute
dictionaries that hold inherent attributes."""

from __future__ import annotations

from mlc.ir.syntax.dynamic_index_list import parse_dynamic_index_list as parse_index_list
from mlc.ir.syntax.dynamic_index_list import print_dynamic_index_list as print_index_list


def name_position(p, op_name: str) -> int:
    """Where the op being parsed is named (MLIR's `getNameLoc`): some parse errors point
    there, and implicit terminators are located there."""
    pos = p.src.rfind(op_name, 0, p.pos)
    return pos if pos >= 0 else p.pos


def parse_assignment_list(p) -> tuple[list, list]:
    """`(%arg = %value, ...)`: the region arguments (key, position) and the operand refs
    (MLIR's `parseAssignmentList`)."""
    args, refs = [], []

    def assignment() -> None:
        key, pos = p.parse_operand()
        if "#" in key:
            raise p.error("expected SSA identifier", pos)
        args.append((key, pos))
        p.expect("=")
        refs.append(p.parse_operand())

    p.expect("(")
    p.parse_comma_list(assignment, ")")
    return args, refs


def region_arguments(args: list, types: list, p) -> list:
    """Entry arguments for `Parser.parse_region`: each located where it is named."""
    return [(key, t, p.loc_at(pos), pos) for (key, pos), t in zip(args, types)]


def print_initialization_list(p, args, values, prefix: str) -> None:
    """`<prefix>(%inner = %outer, ...)`, nothing when there are no values (MLIR's
    `printInitializationList`)."""
    if not values:
        return
    p.write(prefix + "(")
    for i, (arg, value) in enumerate(zip(args, values)):
        if i:
            p.write(", ")
        p.print_operand(arg)
        p.write(" = ")
        p.print_operand(value)
    p.write(")")


def parse_optional_arrow_type_list(p) -> list:
    """`-> i32` or `-> (i32, f32)`, or nothing."""
    if not p.consume_if("->"):
        return []
    return p.parse_function_result_types()


def print_optional_arrow_type_list(p, types) -> None:
    """` -> i32` or ` -> (i32, f32)`, nothing without types."""
    if types:
        p.write(" -> ")
        p.print_result_types(types)


def parse_argument_list(p) -> list:
    """`(%i, %j)`: new SSA names (key, position), as MLIR's `parseArgumentList`."""
    args = []

    def argument() -> None:
        key, pos = p.parse_operand()
        if "#" in key:
            raise p.error("expected SSA identifier", pos)
        args.append((key, pos))

    p.expect("(")
    p.parse_comma_list(argument, ")")
    return args


def parse_paren_operands(p, count: int | None = None) -> list:
    """`(%a, %b)`: operand refs, exactly `count` of them when given (MLIR's
    `parseOperandList` with a required count)."""
    p.expect("(")
    refs = p.parse_operand_list()
    p.expect(")")
    if count is not None and len(refs) != count:
        raise p.error(f"expected {count} operands")
    return refs


def parse_dynamic_index_list(p) -> tuple[list, list[int]]:
    """`(%a, 4, %b)`: MLIR's `parseDynamicIndexList` with parentheses."""
    return parse_index_list(p, "(", ")")


def print_dynamic_index_list(p, values, static) -> None:
    """`(%a, 4, %b)`."""
    print_index_list(p, values, static, "(", ")")


def split_attributes(cls, entries: dict, props: dict) -> dict:
    """Move the entries of a parsed attribute dictionary that name inherent attributes of
    `cls` into `props`, as MLIR does; the discardable rest is returned."""
    known = cls.definition.props_by_name
    for name in [k for k in entries if k in known]:
        props[name] = entries.pop(name)
    return entries


def print_attributes(p, op, elided=(), keyword: bool = False) -> None:
    """The op's inherent and discardable attributes but `elided` (MLIR's
    `printOptionalAttrDict(getAttrs())`), after `attributes` with `keyword`."""
    merged = {**op.properties, **op.attributes}
    entries = {k: v for k, v in merged.items() if k not in elided}
    if not entries:
        return
    if keyword:
        p.write(" attributes")
    p.print_optional_attr_dict(entries)
