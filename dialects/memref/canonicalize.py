"""Canonicalization patterns of the memref ops, as MLIR 19 registers them, as a table keyed by
op class (`PATTERNS`, read by `MemRefOp.get_canonicalization_patterns`).

They fold constant sizes, offsets and strides into types (inserting a `memref.cast` back to
the old type, which consumers then absorb), look through casts that only forget static
information, and erase allocations nothing reads.
"""

from __future__ import annotations

from mlc.dialects.memref import layout
from mlc.dialects.memref.ops import (
    AllocaOp,
    AllocLikeOp,
    AllocOp,
    CastOp,
    CopyOp,
    DeallocOp,
    StoreOp,
)
from mlc.dialects.memref.views import (
    CollapseShapeOp,
    ExpandShapeOp,
    ExtractStridedMetadataOp,
    ReinterpretCastOp,
    ReshapeOp,
    SubViewOp,
    ViewOp,
    dispatch,
    reassociation_attr,
    reassociation_indices,
)
from mlc.ir.rewrite.folding import constant_int
from mlc.ir.rewrite.pattern import pattern
from mlc.ir.types import DYNAMIC, IndexType, MemRefType
from mlc.ir.values import OpResult


def _defining(value, op_class):
    """The op of class `op_class` defining `value`, or None."""
    return value.op if isinstance(value, OpResult) and type(value.op) is op_class else None


def _replace_with_cast(rewriter, op, new_op) -> None:
    """Replace `op` by `new_op`'s result cast back to `op`'s result type."""
    cast = rewriter.insert(CastOp(new_op.results[0], dest=op.results[0].type, loc=op.location))
    rewriter.replace_op(op, cast)


# --- alloc and alloca ----------------------------------------------------------------------------
@pattern(AllocLikeOp)
def simplify_alloc_const(alloc, rewriter) -> bool:
    """Constant non-negative sizes become static dims (MLIR's `SimplifyAllocConst`)."""
    t = alloc.results[0].type
    sizes = iter(alloc.dynamic_sizes)
    shape, kept, folded = [], [], False
    for dim in t.shape:
        if dim != DYNAMIC:
            shape.append(dim)
            continue
        value = next(sizes)
        size = constant_int(value)
        if size is not None and size >= 0:
            shape.append(size)
            folded = True
        else:
            shape.append(DYNAMIC)
            kept.append(value)
    if not folded:
        return False
    new_type = MemRefType(tuple(shape), t.element_type, t.layout, t.memory_space)
    new = rewriter.insert(
        type(alloc)(
            kept,
            alloc.symbol_operands,
            memref=new_type,
            alignment=alloc.properties.get("alignment"),
            loc=alloc.location,
        )
    )
    _replace_with_cast(rewriter, alloc, new)
    return True


@pattern(AllocLikeOp)
def simplify_dead_alloc(alloc, rewriter) -> bool:
    """An allocation only stored into and deallocated is erased with those users (MLIR's
    `SimplifyDeadAlloc`)."""
    memref = alloc.results[0]
    users = []
    for use in memref.uses:
        user = use.owner
        if type(user) is StoreOp:
            if user.operand(0) is memref:  # the buffer itself escapes into memory
                return False
        elif type(user) is not DeallocOp:
            return False
        if user not in users:
            users.append(user)
    for user in users:
        rewriter.erase_op(user)
    rewriter.erase_op(alloc)
    return True


# --- copy ----------------------------------------------------------------------------------------
@pattern(CopyOp)
def fold_self_copy(op, rewriter) -> bool:
    """`memref.copy %x, %x` does nothing (MLIR's `FoldSelfCopy`)."""
    if op.operand(0) is not op.operand(1):
        return False
    rewriter.erase_op(op)
    return True


@pattern(CopyOp)
def fold_empty_copy(op, rewriter) -> bool:
    """A copy of a memref with no elements does nothing (MLIR's `FoldEmptyCopy`)."""
    if not any(isinstance(v.type, MemRefType) and 0 in v.type.shape for v in op.operands):
        return False
    rewriter.erase_op(op)
    return True


@pattern(CopyOp)
def copy_of_cast(op, rewriter) -> bool:
    """copy(cast(x)) -> copy(x) for every ranked x, on either side (MLIR 19's
    `FoldCopyOfCast`, which means to require casts that keep shape and element type but
    compares the cast's source type with itself; a copy does not need the cast's assertion)."""
    changed = False
    for i, value in enumerate(op.operands):
        cast = _defining(value, CastOp)
        if cast is not None and isinstance(cast.operand(0).type, MemRefType):
            rewriter.modify_op_in_place(
                op, lambda i=i, cast=cast: op.set_operand(i, cast.operand(0))
            )
            changed = True
    return changed


# --- subview -------------------------------------------------------------------------------------
def _constified(mixed, non_negative: bool = False) -> list:
    """Dynamic entries given by constants become static (MLIR's `foldDynamicIndexList`)."""
    out = []
    for entry in mixed:
        value = constant_int(entry)
        out.append(value if value is not None and (value >= 0 or not non_negative) else entry)
    return out


def _rank_reduced(t: MemRefType, dropped) -> MemRefType:
    strides, offset = layout.strides_and_offset(t)
    keep = [i for i in range(t.rank) if i not in dropped]
    return layout.strided_type([t.shape[i] for i in keep], t, [strides[i] for i in keep], offset)


@pattern(SubViewOp)
def subview_constant_arguments(op, rewriter) -> bool:
    """Constant offsets, sizes and strides become static, in the inferred result type,
    cast back to the old one (MLIR's `OpWithOffsetSizesAndStridesConstantArgumentFolder`
    with `SubViewReturnTypeCanonicalizer`)."""
    offsets = _constified(op.mixed_offsets(), non_negative=True)
    sizes = _constified(op.mixed_sizes(), non_negative=True)
    strides = _constified(op.mixed_strides())
    if [offsets, sizes, strides] == [op.mixed_offsets(), op.mixed_sizes(), op.mixed_strides()]:
        return False
    source = op.operand(0)
    inferred = layout.subview_type(
        source.type, dispatch(offsets)[0], dispatch(sizes)[0], dispatch(strides)[0]
    )
    result_type = _rank_reduced(inferred, op.dropped_dims())
    new = rewriter.insert(
        SubViewOp.from_mixed(source, offsets, sizes, strides, result_type, op.location)
    )
    _replace_with_cast(rewriter, op, new)
    return True


@pattern(SubViewOp)
def subview_of_cast(op, rewriter) -> bool:
    """subview(cast(x)) -> cast(subview(x)) for casts that only forget static information
    (MLIR's `SubViewOpMemRefCastFolder`); constant operands go first, as there."""
    if any(constant_int(v) is not None for v in op.operands[1:]):
        return False
    cast = _defining(op.operand(0), CastOp)
    if cast is None or not cast.can_fold_into_consumer():
        return False
    props = op.properties
    inferred = layout.subview_type(
        cast.operand(0).type,
        props["static_offsets"].value,
        props["static_sizes"].value,
        props["static_strides"].value,
    )
    dropped = layout.memref_rank_reduction_mask(
        op.operand(0).type, op.results[0].type, props["static_sizes"].value
    )
    if dropped is None:
        return False
    new = rewriter.insert(
        SubViewOp.from_mixed(
            cast.operand(0),
            op.mixed_offsets(),
            op.mixed_sizes(),
            op.mixed_strides(),
            _rank_reduced(inferred, dropped),
            op.location,
        )
    )
    _replace_with_cast(rewriter, op, new)
    return True


@pattern(SubViewOp)
def trivial_subview(op, rewriter) -> bool:
    """A subview of all of a static source, offsets 0 and strides 1, is the source, cast if
    its type differs (MLIR's `TrivialSubViewOpFolder`)."""
    source = op.operand(0)
    t = op.results[0].type
    if source.type.rank != t.rank:
        return False
    if any(constant_int(o) != 0 for o in op.mixed_offsets()):
        return False
    if any(constant_int(s) != 1 for s in op.mixed_strides()):
        return False
    if [constant_int(s) for s in op.mixed_sizes()] != list(source.type.shape):
        return False
    if source.type == t:
        rewriter.replace_op(op, [source])
    else:
        rewriter.replace_op(op, rewriter.insert(CastOp(source, dest=t, loc=op.location)))
    return True


# --- view ----------------------------------------------------------------------------------------
@pattern(ViewOp)
def view_constant_sizes(op, rewriter) -> bool:
    """Constant sizes become static dims of the view, cast back (MLIR's `ViewOpShapeFolder`)."""
    t = op.results[0].type
    sizes = iter(op.sizes)
    shape, kept = [], []
    for dim in t.shape:
        if dim != DYNAMIC:
            shape.append(dim)
            continue
        value = next(sizes)
        size = constant_int(value) if isinstance(value.type, IndexType) else None
        shape.append(DYNAMIC if size is None else size)
        if size is None:
            kept.append(value)
    new_type = MemRefType(tuple(shape), t.element_type, t.layout, t.memory_space)
    if new_type == t:
        return False
    new = rewriter.insert(
        ViewOp(op.operand(0), op.operand(1), kept, result=new_type, loc=op.location)
    )
    _replace_with_cast(rewriter, op, new)
    return True


@pattern(ViewOp)
def view_of_cast_alloc(op, rewriter) -> bool:
    """view(cast(alloc)) -> view(alloc) (MLIR's `ViewOpMemrefCastFolder`)."""
    cast = _defining(op.operand(0), CastOp)
    if cast is None or _defining(cast.operand(0), AllocOp) is None:
        return False
    new = ViewOp(
        cast.operand(0), op.operand(1), op.sizes, result=op.results[0].type, loc=op.location
    )
    rewriter.replace_op(op, rewriter.insert(new))
    return True


# --- reinterpret_cast and extract_strided_metadata -----------------------------------------------
def _constified_by_type(values, static) -> list:
    """Entries the type states as ints, the rest constant-folded where possible (MLIR's
    `constifyIndexValues`)."""
    return [s if s != DYNAMIC else _constified([v])[0] for v, s in zip(values, static)]


@pattern(ReinterpretCastOp)
def reinterpret_cast_of_metadata(op, rewriter) -> bool:
    """reinterpret_cast(extract_strided_metadata(x)) with x's own offset, sizes and strides
    is x, cast to the result type if needed (MLIR's
    `ReinterpretCastOpExtractStridedMetadataFolder`)."""
    extract = _defining(op.operand(0), ExtractStridedMetadataOp)
    if extract is None:
        return False
    t = op.results[0].type
    strides, offset = layout.strides_and_offset(t)
    ours = _constified_by_type(
        [*op.mixed_offsets(), *op.mixed_sizes(), *op.mixed_strides()], [offset, *t.shape, *strides]
    )
    theirs = [
        s if s != DYNAMIC else v for v, s in zip(extract.results[1:], extract.static_values())
    ]
    if len(ours) != len(theirs) or any(
        a != b if isinstance(a, int) or isinstance(b, int) else a is not b
        for a, b in zip(ours, theirs)
    ):
        return False
    source = extract.operand(0)
    if source.type == t:
        rewriter.replace_op(op, [source])
    else:
        rewriter.replace_op(op, rewriter.insert(CastOp(source, dest=t, loc=op.location)))
    return True


# --- expand_shape and collapse_shape ----------------------------------------------------------
def compose_reassociations(producer, consumer) -> list[list[int]] | None:
    """The groups of two reshapes of one kind in a row, as one (MLIR's
    `composeReassociationIndices`): each group of the smaller-rank side gathers the groups
    of the larger it names. None when the ranks do not chain."""
    if len(producer) == len(consumer):
        return None
    if len(producer) < len(consumer):
        producer, consumer = consumer, producer
    if not consumer:
        return []
    if len(producer) != sum(len(g) for g in consumer):
        return None
    return [[d for i in group for d in producer[i]] for group in consumer]


@pattern(ReshapeOp)
def compose_reshapes(op, rewriter) -> bool:
    """expand(expand(x)) and collapse(collapse(x)) of identity layouts become one reshape
    (MLIR's `ComposeReassociativeReshapeOps`)."""
    inner = _defining(op.operand(0), type(op))
    if inner is None:
        return False
    types = (inner.operand(0).type, op.operand(0).type, op.results[0].type)
    if any(t.layout is not None for t in types):
        return False
    groups = compose_reassociations(reassociation_indices(inner), reassociation_indices(op))
    if groups is None:
        return False
    props = {"reassociation": reassociation_attr(groups)}
    operands = [inner.operand(0)]
    if type(op) is ExpandShapeOp:
        props["static_output_shape"] = op.properties["static_output_shape"]
        operands.append(op.output_shape)
    new = type(op)(*operands, **props, result=op.results[0].type, loc=op.location)
    rewriter.replace_op(op, rewriter.insert(new))
    return True


@pattern(CollapseShapeOp)
def collapse_of_cast(op, rewriter) -> bool:
    """collapse_shape(cast(x)) -> collapse_shape(x), cast back if the type changes (MLIR's
    `CollapseShapeOpMemRefCastFolder`)."""
    cast = _defining(op.operand(0), CastOp)
    if cast is None or not cast.can_fold_into_consumer():
        return False
    groups = reassociation_indices(op)
    new_type = layout.collapsed_type(cast.operand(0).type, groups)
    if new_type is None:
        return False
    if new_type == op.results[0].type:
        rewriter.modify_op_in_place(op, lambda: op.set_operand(0, cast.operand(0)))
        return True
    new = CollapseShapeOp(
        cast.operand(0),
        reassociation=op.properties["reassociation"],
        result=new_type,
        loc=op.location,
    )
    _replace_with_cast(rewriter, op, rewriter.insert(new))
    return True


PATTERNS = {
    AllocOp: (simplify_alloc_const, simplify_dead_alloc),
    AllocaOp: (simplify_alloc_const, simplify_dead_alloc),
    CopyOp: (copy_of_cast, fold_empty_copy, fold_self_copy),
    SubViewOp: (subview_constant_arguments, subview_of_cast, trivial_subview),
    ViewOp: (view_constant_sizes, view_of_cast_alloc),
    ReinterpretCastOp: (reinterpret_cast_of_metadata,),
    ExpandShapeOp: (compose_reshapes,),
    CollapseShapeOp: (compose_reshapes, collapse_of_cast),
}
