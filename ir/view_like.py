"""MLIR's `ViewLikeInterface` pieces shared by dialects that slice: mixed static/dynamic
offset, size and stride lists (`[%a, 4]`: static entries in an `i64` array property,
`DYNAMIC` where the next SSA operand gives the value) and the checks of
`OffsetSizeAndStrideOpInterface` (memref.subview, tensor.extract_slice, ...)."""

from __future__ import annotations

from mlc.ir.traits import Trait
from mlc.ir.types import DYNAMIC


def mixed_values(static, dynamic) -> list:
    """Static entries as ints, `DYNAMIC` ones replaced by the next of `dynamic` (MLIR's
    `getMixedValues`)."""
    values = iter(dynamic)
    return [next(values) if s == DYNAMIC else s for s in static]


def dispatch(mixed) -> tuple[list[int], list]:
    """The static list (`DYNAMIC` for values) and the values of a mixed list (MLIR's
    `dispatchIndexOpFoldResults`)."""
    static = [DYNAMIC if not isinstance(v, int) else v for v in mixed]
    return static, [v for v in mixed if not isinstance(v, int)]


class OffsetSizeAndStrideOpInterface(Trait):
    """MLIR's `OffsetSizeAndStrideOpInterface` checks: as many static entries as the op
    takes, one operand per dynamic entry, no negative static offset or size. Messages are
    MLIR's, without the op prefix (it calls `emitError`)."""

    def verify(self, op) -> None:
        ranks = op.max_ranks()
        groups = [
            ("offset", op.properties["static_offsets"].value, op.offsets, ranks[0]),
            ("size", op.properties["static_sizes"].value, op.sizes, ranks[1]),
            ("stride", op.properties["static_strides"].value, op.strides, ranks[2]),
        ]
        offsets, sizes, strides = (g[1] for g in groups)
        if not (len(offsets) == 1 and ranks[0] == 1) and len(offsets) != len(sizes):
            raise interface_error(
                op,
                "expected mixed offsets rank to match mixed sizes rank "
                f"({len(offsets)} vs {len(sizes)}) so the rank of the result type "
                "is well-formed.",
            )
        if len(sizes) != len(strides):
            raise interface_error(
                op,
                "expected mixed sizes rank to match mixed strides rank "
                f"({len(sizes)} vs {len(strides)}) so the rank of the result type "
                "is well-formed.",
            )
        for name, static, values, rank in groups:
            if len(static) != rank:
                raise interface_error(op, f"expected {rank} {name} values, got {len(static)}")
            dynamic = sum(1 for v in static if v == DYNAMIC)
            if len(values) != dynamic:
                raise interface_error(op, f"expected {dynamic} dynamic {name} values")
        for name, static in (("offsets", offsets), ("sizes", sizes)):
            for v in static:
                if v < 0 and v != DYNAMIC:
                    raise interface_error(op, f"expected {name} to be non-negative, but got {v}")


def interface_error(op, message: str):
    return op.emit_error(message, op_prefix=False)


# --- expand_shape's syntax, shared by memref and tensor (MLIR's reshape ops) ---------------
_EXPAND_PROPS = ("reassociation", "static_output_shape")


def parse_expand_shape(cls, p):
    """`%src [[0, 1], [2]] output_shape [%n, 4, 8] {attrs} : T into U`."""
    from mlc.ir.attributes import DenseArrayAttr
    from mlc.ir.syntax.dynamic_index_list import parse_dynamic_index_list, resolve_indices
    from mlc.ir.types import i64

    pos = p.pos
    source = p.parse_operand()
    reassociation = p.parse_attribute()
    p.parse_keyword("output_shape")
    refs, shape = parse_dynamic_index_list(p)
    attrs = p.parse_optional_attr_dict()
    p.expect(":")
    source_type = p.parse_type()
    p.parse_keyword("into")
    result_type = p.parse_type()
    operands = p.resolve_operands([source], [source_type], pos) + resolve_indices(p, refs, pos)
    props = {
        "reassociation": reassociation,
        "static_output_shape": DenseArrayAttr(i64, tuple(shape)),
    }
    props.update({k: attrs.pop(k) for k in _EXPAND_PROPS if k in attrs})
    return cls.create(operands, [result_type], props, attrs)


def print_expand_shape(op, p) -> None:
    from mlc.ir.syntax.dynamic_index_list import print_dynamic_index_list

    p.write(" ")
    p.print_operand(op.operand(0))
    p.write(" ")
    p.print_attribute(op.properties["reassociation"])
    p.write(" output_shape ")
    print_dynamic_index_list(p, op.operands[1:], op.properties["static_output_shape"].value)
    p.print_optional_attr_dict({**op.properties, **op.attributes}, _EXPAND_PROPS)
    p.write(" : ")
    p.print_type(op.operand(0).type)
    p.write(" into ")
    p.print_type(op.results[0].type)
