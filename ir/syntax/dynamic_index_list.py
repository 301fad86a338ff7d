"""Mixed static/dynamic index lists, `[%a, 4, %b]` or `(%a, 4, %b)`: MLIR's
`custom<DynamicIndexList>` (ViewLikeInterface), shared by memref, vector and scf."""

from __future__ import annotations

from mlc.ir.types import DYNAMIC, index


def parse_dynamic_index_list(p, open_: str = "[", close: str = "]") -> tuple[list, list[int]]:
    """The SSA operands, and every entry as an integer (`DYNAMIC` for an operand), as MLIR's
    `parseDynamicIndexList`."""
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

    p.expect(open_)
    p.parse_comma_list(entry, close)
    return refs, static


def print_dynamic_index_list(p, values, static, open_: str = "[", close: str = "]") -> None:
    """Operands where an entry is `DYNAMIC`, integers elsewhere."""
    values = iter(values)
    p.write(open_)
    for i, entry in enumerate(static):
        if i:
            p.write(", ")
        if entry == DYNAMIC:
            p.print_operand(next(values))
        else:
            p.write(str(entry))
    p.write(close)


def resolve_indices(p, refs, pos) -> list:
    """Index operands: every entry of a dynamic index list is an `index`."""
    return p.resolve_operands(refs, [index] * len(refs), pos)
