"""The memref ops that make new views of a buffer without copying: subview, reinterpret_cast,
expand_shape, collapse_shape, view and extract_strided_metadata, with MLIR 19's syntax,
verifiers and folds. Their result layouts are computed in `layout`.

Offsets, sizes and strides are "mixed": each entry is static (in an `i64` array property)
or `DYNAMIC` there and given by the next SSA operand (`[%a, 4]`).
"""

from __future__ import annotations

from mlc.dialects.memref import layout
from mlc.dialects.memref.ops import (
    ANY_MEMREF,
    I64_ARRAY,
    MEMREF,
    STRIDED_MEMREF,
    CastOp,
    MemRefOp,
)
from mlc.dialects.memref.syntax import (
    i64_array,
    parse_dynamic_index_list,
    print_dynamic_index_list,
    resolve_indices,
    segment_sizes,
)
from mlc.ir.attributes import ArrayAttr, IntegerAttr
from mlc.ir.constraints import INDEX, Constraint
from mlc.ir.opdef import operand, prop, result, var_operand, var_result
from mlc.ir.rewrite.folding import constant_int, materialize_constant
from mlc.ir.traits import Pure
from mlc.ir.types import DYNAMIC, IntegerType, MemRefType, index
from mlc.ir.values import OpResult
from mlc.ir.view_like import (  # noqa: F401 - re-exported: memref's view API
    OffsetSizeAndStrideOpInterface,
    dispatch,
    mixed_values,
    parse_expand_shape,
    print_expand_shape,
)
from mlc.ir.view_like import interface_error as _error


def _split_props(attrs: dict, names) -> dict:
    """Move the properties a custom form may also carry in its attribute dictionary."""
    return {k: attrs.pop(k) for k in names if k in attrs}


class OffsetSizeStrideOp(MemRefOp):
    """Base of subview and reinterpret_cast: a source, mixed offsets, sizes and strides."""

    source = operand(ANY_MEMREF)  # declared first: operands come in declaration order
    offsets = var_operand(INDEX)
    sizes = var_operand(INDEX)
    strides = var_operand(INDEX)
    static_offsets = prop(I64_ARRAY)
    static_sizes = prop(I64_ARRAY)
    static_strides = prop(I64_ARRAY)
    result = result(MEMREF)
    traits = (Pure(), OffsetSizeAndStrideOpInterface())
    _PROPS = ("static_offsets", "static_sizes", "static_strides")

    def mixed_offsets(self) -> list:
        return mixed_values(self.properties["static_offsets"].value, self.offsets)

    def mixed_sizes(self) -> list:
        return mixed_values(self.properties["static_sizes"].value, self.sizes)

    def mixed_strides(self) -> list:
        return mixed_values(self.properties["static_strides"].value, self.strides)

    @classmethod
    def from_mixed(cls, source, offsets, sizes, strides, result_type, loc=None):
        """The op of these mixed offsets, sizes and strides (ints or index values)."""
        (so, do), (ss, ds), (st, dt) = dispatch(offsets), dispatch(sizes), dispatch(strides)
        return cls(
            source,
            do,
            ds,
            dt,
            static_offsets=i64_array(so),
            static_sizes=i64_array(ss),
            static_strides=i64_array(st),
            result=result_type,
            loc=loc,
        )

    def _print_lists(self, p, separators) -> None:
        props = self.properties
        groups = (
            (self.offsets, props["static_offsets"].value),
            (self.sizes, props["static_sizes"].value),
            (self.strides, props["static_strides"].value),
        )
        for separator, (values, static) in zip(separators, groups):
            p.write(separator)
            print_dynamic_index_list(p, values, static)

    def _print_tail(self, p) -> None:
        p.print_optional_attr_dict(
            {**self.properties, **self.attributes}, (*self._PROPS, "operandSegmentSizes")
        )
        p.write(" : ")
        p.print_type(self.operand(0).type)
        p.write(" to ")
        p.print_type(self.results[0].type)

    @classmethod
    def _parse_tail(cls, p, source, pos, lists):
        """`attr-dict : type to type` after the index lists; builds the op."""
        attrs = p.parse_optional_attr_dict()
        p.expect(":")
        source_type = p.parse_type()
        p.parse_keyword("to")
        result_type = p.parse_type()
        (off_refs, offsets), (size_refs, sizes), (stride_refs, strides) = lists
        operands = p.resolve_operands([source], [source_type], pos)
        for refs in (off_refs, size_refs, stride_refs):
            operands += resolve_indices(p, refs, pos)
        props = {
            "static_offsets": i64_array(offsets),
            "static_sizes": i64_array(sizes),
            "static_strides": i64_array(strides),
            "operandSegmentSizes": segment_sizes((source,), off_refs, size_refs, stride_refs),
        }
        props.update(_split_props(attrs, cls._PROPS))
        return cls.create(operands, [result_type], props, attrs)


# --- subview -------------------------------------------------------------------------------------
def _subview_error(op, kind: str, expected) -> Exception:
    """MLIR's `produceSubViewErrorMsg`."""
    if kind == "rank":
        return _error(op, "expected result rank to be smaller or equal to the source rank. ")
    if kind == "element":
        return _error(op, f"expected result element type to be '{expected.element_type}'")
    return _error(
        op,
        f"expected result type to be '{expected}' or a rank-reduced version. "
        f"(mismatch of result {kind}) ",
    )


class SubViewOp(OffsetSizeStrideOp):
    """`%s = memref.subview %m[%i, 0] [4, 4] [1, 1] : memref<8x?xf32> to memref<4x4xf32,
    strided<[?, 1], offset: ?>>`: a strided window of the source; dims of size 1 may be
    dropped from the result (rank reduction)."""

    name = "memref.subview"
    source = operand(MEMREF)

    def asm_result_name(self) -> str:
        return "subview"

    def max_ranks(self) -> tuple[int, int, int]:
        rank = self.operand(0).type.rank
        return rank, rank, rank

    @classmethod
    def parse(cls, p):
        pos = p.pos
        source = p.parse_operand()
        lists = [parse_dynamic_index_list(p) for _ in range(3)]
        return cls._parse_tail(p, source, pos, lists)

    def print_custom(self, p) -> None:
        p.write(" ")
        p.print_operand(self.operand(0))
        self._print_lists(p, ("", " ", " "))
        self._print_tail(p)

    def inferred_type(self) -> MemRefType:
        """The result type without rank reduction."""
        props = self.properties
        return layout.subview_type(
            self.operand(0).type,
            props["static_offsets"].value,
            props["static_sizes"].value,
            props["static_strides"].value,
        )

    def dropped_dims(self) -> set[int] | None:
        """The source dims the result drops (MLIR's `getDroppedDims`); None only for an op
        that does not verify."""
        return layout.memref_rank_reduction_mask(
            self.inferred_type(), self.results[0].type, self.properties["static_sizes"].value
        )

    def verify_(self) -> None:
        """MLIR 19's `SubViewOp::verify`: the result is the inferred type, or that type with
        unit dims dropped, the strides telling which."""
        base, result_type = self.operand(0).type, self.results[0].type
        if base.memory_space != result_type.memory_space:
            raise _error(
                self,
                f"different memory spaces specified for base memref type "
                f"'{base}' and subview memref type '{result_type}'",
            )
        if not layout.is_strided(base):
            raise _error(self, f"base type '{base}' is not strided")
        expected = self.inferred_type()
        if expected != result_type:
            if len(result_type.shape) > len(expected.shape):
                raise _subview_error(self, "rank", expected)
            if layout.rank_reduction_mask(expected.shape, result_type.shape) is None:
                raise _subview_error(self, "sizes", expected)
            if expected.element_type != result_type.element_type:
                raise _subview_error(self, "element", expected)
        result_layout = layout.strides_and_offset(result_type)
        expected_strides, expected_offset = layout.strides_and_offset(expected)
        if result_layout is None or result_layout[1] != expected_offset:
            raise _subview_error(self, "layout", expected)
        dropped = self.dropped_dims()
        if dropped is None:
            raise _subview_error(self, "layout", expected)
        kept = [s for i, s in enumerate(expected_strides) if i not in dropped]
        if kept != result_layout[0]:
            raise _subview_error(self, "layout", expected)

    def fold(self, operand_constants):
        """A subview to the very type of a static source is the source; so is a subview of
        a subview that takes all of it again (MLIR's `SubViewOp::fold`)."""
        source = self.operand(0)
        t = self.results[0].type
        if t == source.type and t.has_static_shape():
            return [source]
        inner = source.op if isinstance(source, OpResult) else None
        if (
            type(inner) is SubViewOp
            and t == source.type
            and all(constant_int(o) == 0 for o in self.mixed_offsets())
            and all(constant_int(s) == 1 for s in self.mixed_strides())
            and self.mixed_sizes() == inner.mixed_sizes()
        ):
            return [source]
        return None


# --- reinterpret_cast ----------------------------------------------------------------------------
class ReinterpretCastOp(OffsetSizeStrideOp):
    """`%r = memref.reinterpret_cast %m to offset: [0], sizes: [%n, 4], strides: [4, 1] :
    memref<?xf32> to memref<?x4xf32>`: a new view of the source's underlying buffer; the
    source's own offset, sizes and strides do not matter."""

    name = "memref.reinterpret_cast"

    def asm_result_name(self) -> str:
        return "reinterpret_cast"

    def max_ranks(self) -> tuple[int, int, int]:
        rank = self.results[0].type.rank
        return 1, rank, rank

    @classmethod
    def parse(cls, p):
        pos = p.pos
        source = p.parse_operand()
        p.parse_keyword("to")
        lists = []
        for i, keyword in enumerate(("offset", "sizes", "strides")):
            if i:
                p.expect(",")
            p.parse_keyword(keyword)
            p.expect(":")
            lists.append(parse_dynamic_index_list(p))
        return cls._parse_tail(p, source, pos, lists)

    def print_custom(self, p) -> None:
        p.write(" ")
        p.print_operand(self.operand(0))
        self._print_lists(p, (" to offset: ", ", sizes: ", ", strides: "))
        self._print_tail(p)

    def verify_(self) -> None:
        """MLIR 19's checks: same memory space and element type; static sizes, offset and
        strides of the result type agree with the static entries where both are static."""
        source, t = self.operand(0).type, self.results[0].type
        if source.memory_space != t.memory_space:
            raise _error(
                self,
                f"different memory spaces specified for source type '{source}' "
                f"and result memref type '{t}'",
            )
        if source.element_type != t.element_type:
            raise _error(
                self,
                f"different element types specified for source type '{source}' "
                f"and result memref type '{t}'",
            )
        props = self.properties
        for dim, (size, expected) in enumerate(zip(t.shape, props["static_sizes"].value)):
            if DYNAMIC not in (size, expected) and size != expected:
                raise _error(
                    self,
                    f"expected result type with size = {expected} instead of {size} in dim = {dim}",
                )
        strided = layout.strides_and_offset(t)
        if strided is None:
            raise _error(self, f"expected result type to have strided layout but found '{t}'")
        strides, offset = strided
        expected = props["static_offsets"].value[0]
        if DYNAMIC not in (offset, expected) and offset != expected:
            raise _error(self, f"expected result type with offset = {expected} instead of {offset}")
        for dim, (stride, expected) in enumerate(zip(strides, props["static_strides"].value)):
            if DYNAMIC not in (stride, expected) and stride != expected:
                raise _error(
                    self,
                    f"expected result type with stride = {expected} instead of "
                    f"{stride} in dim = {dim}",
                )

    def fold(self, operand_constants):
        """Look through reinterpret_casts, casts and zero-offset subviews to the buffer; a
        reinterpret_cast that changes nothing of a static memref is its source (MLIR's
        `ReinterpretCastOp::fold`)."""
        source = self.operand(0)
        inner = source.op if isinstance(source, OpResult) else None
        through = type(inner) in (ReinterpretCastOp, CastOp) or (
            type(inner) is SubViewOp and all(constant_int(o) == 0 for o in inner.mixed_offsets())
        )
        if through:
            self.set_operand(0, inner.operand(0))
            return list(self.results)
        t = self.results[0].type
        offset = self.properties["static_offsets"].value[0]
        if t.has_static_shape() and source.type == t and offset == 0:
            return [source]
        return None


# --- expand_shape and collapse_shape -------------------------------------------------------------
REASSOCIATION = Constraint(
    lambda a: (
        isinstance(a, ArrayAttr)
        and all(
            isinstance(g, ArrayAttr)
            and all(isinstance(i, IntegerAttr) and i.type == IntegerType(64) for i in g)
            for g in a
        )
    ),
    "Array of 64-bit integer array attributes",
)


def reassociation_indices(op) -> list[list[int]]:
    return [[i.value for i in group] for group in op.properties["reassociation"]]


def reassociation_attr(groups) -> ArrayAttr:
    from mlc.ir.types import i64

    return ArrayAttr(tuple(ArrayAttr(tuple(IntegerAttr(i, i64) for i in g)) for g in groups))


def _verify_collapsed_shape(op, collapsed, expanded, groups) -> None:
    """MLIR's `verifyCollapsedShape` (several dynamic dims per group allowed)."""
    if len(collapsed) != len(groups):
        raise op.emit_error(
            f"invalid number of reassociation groups: found {len(groups)}, "
            f"expected {len(collapsed)}"
        )
    next_dim = 0
    for dim, group in enumerate(groups):
        dynamic = False
        for expanded_dim in group:
            if expanded_dim != next_dim:
                raise op.emit_error("reassociation indices must be contiguous")
            next_dim += 1
            if expanded_dim >= len(expanded):
                raise op.emit_error(f"reassociation index {expanded_dim} is out of bounds")
            dynamic = dynamic or expanded[expanded_dim] == DYNAMIC
        if (collapsed[dim] == DYNAMIC) != dynamic:
            raise op.emit_error(
                f"collapsed dim ({dim}) must be dynamic if and only if "
                "reassociation group is dynamic"
            )
        if not dynamic:
            size = 1
            for expanded_dim in group:
                size *= expanded[expanded_dim]
            if size != collapsed[dim]:
                raise op.emit_error(
                    f"collapsed dim size ({collapsed[dim]}) must equal "
                    f"reassociation group size ({size})"
                )
    if not collapsed:
        if any(d != 1 for d in expanded):
            raise op.emit_error("rank 0 memrefs can only be extended/collapsed with/from ones")
    elif next_dim != len(expanded):
        raise op.emit_error(
            f"expanded rank ({len(expanded)}) inconsistent with number of "
            f"reassociation indices ({next_dim})"
        )


class ReshapeOp(MemRefOp):
    """Base of expand_shape and collapse_shape: `reassociation` groups the dims of the
    larger rank, one group per dim of the smaller."""

    src = operand(STRIDED_MEMREF)
    reassociation = prop(REASSOCIATION)
    result = result(STRIDED_MEMREF)
    traits = (Pure(),)

    def fold(self, operand_constants):
        """MLIR's `foldReshapeOp`: an identity reshape is its source; so is a reshape of the
        inverse reshape back to the original type, when MLIR can tell the sizes match."""
        source = self.operand(0)
        t = self.results[0].type
        if source.type == t:
            return [source]
        inner = source.op if isinstance(source, OpResult) else None
        if type(inner) is not self.inverse or inner.operand(0).type != t:
            return None
        original = inner.operand(0)
        if sum(1 for d in t.shape if d == DYNAMIC) < 2:
            return [original]
        groups = reassociation_indices(self)
        if groups != reassociation_indices(inner):
            return None
        if t.rank < inner.results[0].type.rank:  # expanded then collapsed back
            return [original]
        if all(sum(1 for d in g if t.shape[d] == DYNAMIC) < 2 for g in groups):
            return [original]
        return None


class ExpandShapeOp(ReshapeOp):
    """`%e = memref.expand_shape %m [[0, 1], [2]] output_shape [%n, 4, 8] : memref<?x8xf32>
    into memref<?x4x8xf32>`."""

    name = "memref.expand_shape"
    output_shape = var_operand(INDEX)
    static_output_shape = prop(I64_ARRAY)

    def asm_result_name(self) -> str:
        return "expand_shape"

    def mixed_output_shape(self) -> list:
        return mixed_values(self.properties["static_output_shape"].value, self.output_shape)

    parse = classmethod(parse_expand_shape)
    print_custom = print_expand_shape

    def verify_(self) -> None:
        source, t = self.operand(0).type, self.results[0].type
        if source.rank > t.rank:
            raise self.emit_error(
                f"has source rank {source.rank} and result rank {t.rank}. "
                f"This is not an expansion ({source.rank} > {t.rank})."
            )
        groups = reassociation_indices(self)
        _verify_collapsed_shape(self, source.shape, t.shape, groups)
        expected = layout.expanded_type(source, t.shape, groups)
        if expected is None:
            raise self.emit_error("invalid source layout map")
        if expected != t:
            raise self.emit_error(f"expected expanded type to be '{expected}' but found '{t}'")
        static = self.properties["static_output_shape"].value
        if len(static) != t.rank:
            raise self.emit_error(
                "expected number of static shape bounds to be equal to the "
                f"output rank ({t.rank}) but found {len(static)} inputs "
                "instead"
            )
        dynamic = sum(1 for d in static if d == DYNAMIC)
        if len(self.output_shape) != dynamic:
            raise self.emit_error(
                "mismatch in dynamic dims in output_shape and "
                f"static_output_shape: static_output_shape has {dynamic} "
                f"dynamic dims while output_shape has "
                f"{len(self.output_shape)} values"
            )
        for pos, (size, given) in enumerate(zip(t.shape, static)):
            if size != DYNAMIC and size != given:
                raise self.emit_error(f"invalid output shape provided at pos {pos}")


class CollapseShapeOp(ReshapeOp):
    """`%c = memref.collapse_shape %m [[0, 1], [2]] : memref<?x4x8xf32> into
    memref<?x8xf32>`: the grouped dims must be contiguous in memory."""

    name = "memref.collapse_shape"
    assembly_format = "$src $reassociation attr-dict `:` type($src) `into` type($result)"

    def asm_result_name(self) -> str:
        return "collapse_shape"

    def verify_(self) -> None:
        source, t = self.operand(0).type, self.results[0].type
        if source.rank < t.rank:
            raise self.emit_error(
                f"has source rank {source.rank} and result rank {t.rank}. "
                f"This is not a collapse ({source.rank} < {t.rank})."
            )
        groups = reassociation_indices(self)
        _verify_collapsed_shape(self, t.shape, source.shape, groups)
        if source.layout is None:
            expected = MemRefType(t.shape, source.element_type, None, source.memory_space)
        else:
            strided = layout.collapsed_strides(source, groups)
            if strided is None:
                raise self.emit_error("invalid source layout map or collapsing non-contiguous dims")
            expected = layout.strided_type(t.shape, source, *strided)
        if expected != t:
            raise self.emit_error(f"expected collapsed type to be '{expected}' but found '{t}'")


ExpandShapeOp.inverse = CollapseShapeOp
CollapseShapeOp.inverse = ExpandShapeOp


# --- view ----------------------------------------------------------------------------------------
class ViewOp(MemRefOp):
    """`%v = memref.view %buf[%shift][%n] : memref<2048xi8> to memref<?x4xf32>`: a typed,
    contiguous view of a byte buffer, `%shift` bytes in."""

    name = "memref.view"
    source = operand(
        Constraint(
            lambda t: (
                isinstance(t, MemRefType) and t.rank == 1 and t.element_type == IntegerType(8)
            ),
            "1D memref of 8-bit signless integer values",
        )
    )
    byte_shift = operand(INDEX)
    sizes = var_operand(INDEX)
    result = result(MEMREF)
    traits = (Pure(),)
    assembly_format = (
        "$source `[` $byte_shift `]` `` `[` $sizes `]` attr-dict `:` type($source) `to` "
        "type(results)"
    )
    derived_types = {"byte_shift": index, "sizes": index}

    def asm_result_name(self) -> str:
        return "view"

    def verify_(self) -> None:
        base, t = self.operand(0).type, self.results[0].type
        if base.layout is not None:
            raise _error(self, f"unsupported map for base memref type '{base}'")
        if t.layout is not None:
            raise _error(self, f"unsupported map for result memref type '{t}'")
        if base.memory_space != t.memory_space:
            raise _error(
                self,
                f"different memory spaces specified for base memref type "
                f"'{base}' and view memref type '{t}'",
            )
        if len(self.sizes) != sum(1 for d in t.shape if d == DYNAMIC):
            raise _error(self, f"incorrect number of size operands for type '{t}'")


# --- extract_strided_metadata --------------------------------------------------------------------
class ExtractStridedMetadataOp(MemRefOp):
    """`%base, %offset, %sizes:2, %strides:2 = memref.extract_strided_metadata %m :
    memref<4x?xf32> -> memref<f32>, index, index, index, index, index`: the buffer as a
    rank-0 memref, and the offset, sizes and strides as index values."""

    name = "memref.extract_strided_metadata"
    source = operand(STRIDED_MEMREF)
    base_buffer = result(
        Constraint(
            lambda t: layout.is_strided(t) and t.rank == 0,
            "strided memref of any type values of rank 0",
        )
    )
    offset = result(INDEX)
    sizes_and_strides = var_result(INDEX)  # MLIR's `sizes` then `strides`, as many each
    traits = (Pure(),)
    assembly_format = "$source `:` type($source) `->` type(results) attr-dict"

    @property
    def sizes(self) -> list:
        return self.results[2 : 2 + self.operand(0).type.rank]

    @property
    def strides(self) -> list:
        return self.results[2 + self.operand(0).type.rank :]

    @classmethod
    def infer_result_types(cls, operands, properties):
        t = operands[0].type
        if not isinstance(t, MemRefType):
            raise ValueError("invalid kind of type specified")
        base = MemRefType((), t.element_type, None, t.memory_space)
        return [base, index] + [index] * (2 * t.rank)

    def asm_result_name(self) -> list:
        rank = self.operand(0).type.rank
        if not rank:
            return ["base_buffer", "offset"]
        return [
            "base_buffer",
            "offset",
            "sizes",
            *[None] * (rank - 1),
            "strides",
            *[None] * (rank - 1),
        ]

    def verify_(self) -> None:
        inferred = self.infer_result_types(self.operands, self.properties)
        if inferred != self.result_types:
            expected = ", ".join(f"'{t}'" for t in inferred)
            actual = ", ".join(f"'{t}'" for t in self.result_types)
            raise self.emit_error(
                f"inferred type(s) {expected} are incompatible with return "
                f"type(s) of operation {actual}"
            )

    def static_values(self) -> list[int]:
        """The offset, sizes and strides the source type states (`DYNAMIC` where it does not):
        MLIR's `getConstifiedMixed{Offset,Sizes,Strides}` without the SSA values."""
        t = self.operand(0).type
        strides, offset = layout.strides_and_offset(t)
        return [offset, *t.shape, *strides]

    def fold(self, operand_constants):
        """Uses of an offset, size or stride the source type states read a new index
        `arith.constant` placed right before the op, which then counts as folded in place
        (MLIR's `ExtractStridedMetadataOp::fold`, whose builder has no listener either: the
        greedy driver uniques and hoists the constants when it next visits them). Results
        without uses get none, or the driver would never stop."""
        replaced = False
        for value, static in zip(self.results[1:], self.static_values()):
            if static == DYNAMIC or not value.has_uses():
                continue
            constant = materialize_constant("arith", IntegerAttr(static, index), index,
                                            self.location)  # fmt: skip
            self.parent.insert_before(constant, self)
            value.replace_all_uses_with(constant.results[0])
            replaced = True
        return list(self.results) if replaced else None


__all__ = [
    "OffsetSizeAndStrideOpInterface", "OffsetSizeStrideOp", "SubViewOp", "ReinterpretCastOp",
    "ReshapeOp", "ExpandShapeOp", "CollapseShapeOp", "ViewOp", "ExtractStridedMetadataOp",
    "REASSOCIATION", "dispatch", "mixed_values", "reassociation_attr", "reassociation_indices",
]  # fmt: skip
