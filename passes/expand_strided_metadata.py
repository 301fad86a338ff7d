"""`expand-strided-metadata`: memref view ops as `memref.extract_strided_metadata` of their
source, index arithmetic (`affine.apply` / `affine.min`) on its offset, sizes and strides, and
a `memref.reinterpret_cast` to the result (MLIR 19's pass,
mlir/lib/Dialect/MemRef/Transforms/ExpandStridedMetadata.cpp).

`subview`, `expand_shape` and `collapse_shape` become `reinterpret_cast`s of their source's
base buffer; `extract_strided_metadata` of an `alloc`, `alloca`, `get_global`,
`reinterpret_cast`, `subview`, `expand_shape`, `collapse_shape`, `cast` or of another
`extract_strided_metadata` reads the metadata from what made its source. What remains is what
`finalize-memref-to-llvm` lowers: the index arithmetic goes to arith through `lower-affine`.

The patterns run in the greedy driver with folding, as in MLIR (`extract_strided_metadata`
folds by replacing the uses of results its source type makes static with `arith.constant`s,
before any pattern sees it). Not here: MLIR's pattern that takes
`extract_aligned_pointer_as_index` of a view to its source (`finalize-memref-to-llvm` reads
the aligned pointer from the view's descriptor, the same), and those of `memory_space_cast`,
an op mlc's memref dialect lacks.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlc.dialects import memref
from mlc.dialects.affine.composition import (
    make_composed_folded_affine_apply,
    make_composed_folded_affine_min,
)
from mlc.dialects.arith import ConstantOp
from mlc.dialects.memref.layout import identity_strides, strides_and_offset
from mlc.ir.affine import AffineConstantExpr, AffineDimExpr, AffineMap, AffineSymbolExpr
from mlc.ir.attributes import IntegerAttr
from mlc.ir.rewrite.greedy import apply_patterns_greedily
from mlc.ir.rewrite.pattern import RewritePattern, pattern
from mlc.ir.types import DYNAMIC, MemRefType, index
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass

S0, S1 = AffineSymbolExpr(0), AffineSymbolExpr(1)


@dataclass
class StridedMetadata:
    """What a view is made of: its base buffer and its offset, sizes and strides, each an
    `int` or an index value (MLIR's `StridedMetadata` of `OpFoldResult`s)."""

    base: object
    offset: object
    sizes: list
    strides: list

    def replace_with_cast(self, rewriter, op) -> None:
        """Replace the view `op` by a `reinterpret_cast` of the base buffer."""
        cast = memref.ReinterpretCastOp.from_mixed(
            self.base, [self.offset], self.sizes, self.strides, op.results[0].type, op.location
        )
        rewriter.replace_op(op, [rewriter.insert(cast).results[0]])

    def replace_metadata(self, rewriter, metadata_op, location) -> None:
        """Replace the results of `extract_strided_metadata` by these values."""
        values = [self.base, self.offset, *self.sizes, *self.strides]
        rewriter.replace_op(metadata_op, [as_value(rewriter, v, location) for v in values])


def as_value(rewriter, item, location):
    """An index value of an `int` (a new `arith.constant`) or of a value (MLIR's
    `getValueOrCreateConstantIndexOp`)."""
    if not isinstance(item, int):
        return item
    return rewriter.insert(ConstantOp(IntegerAttr(item, index), loc=location)).results[0]


def extract_metadata(rewriter, source, location):
    """A new `extract_strided_metadata` of `source` at the insertion point."""
    types = memref.ExtractStridedMetadataOp.infer_result_types([source], {})
    op = memref.ExtractStridedMetadataOp.create([source], types, location=location)
    return rewriter.insert(op)


def _static_or(static: int, value):
    return value if static == DYNAMIC else static


# --- subview -------------------------------------------------------------------------------------
def resolve_subview(rewriter, subview) -> StridedMetadata:
    """`strides#i = subStrides#i * baseStrides#i`, `offset = baseOffset + sum(subOffsets#i *
    baseStrides#i)`, the sizes of the dims the subview keeps (MLIR's
    `resolveSubviewStridedMetadata`)."""
    location = subview.location
    source = subview.operand(0)
    rank = source.type.rank
    metadata = extract_metadata(rewriter, source, location)
    source_strides, source_offset = strides_and_offset(source.type)
    symbols = [AffineSymbolExpr(i) for i in range(2 * rank + 1)]
    expr = symbols[0]
    values = [_static_or(source_offset, metadata.results[1])]
    strides = []
    for i, (offset, stride) in enumerate(zip(subview.mixed_offsets(), subview.mixed_strides())):
        source_stride = _static_or(source_strides[i], metadata.strides[i])
        strides.append(
            make_composed_folded_affine_apply(rewriter, S0 * S1, [stride, source_stride], location)
        )
        expr = expr + symbols[1 + 2 * i] * symbols[2 + 2 * i]
        values += [offset, source_stride]
    offset = make_composed_folded_affine_apply(rewriter, expr, values, location)
    dropped = subview.dropped_dims()
    kept = [i for i in range(rank) if i not in dropped]
    sizes = subview.mixed_sizes()
    return StridedMetadata(
        metadata.results[0], offset, [sizes[i] for i in kept], [strides[i] for i in kept]
    )


# --- expand_shape / collapse_shape ----------------------------------------------------------------
def expanded_sizes(reshape, rewriter, source_sizes, group: int) -> list:
    """The static sizes of the group's result dims, and its one dynamic size as the source
    size floordiv the product of the static ones (MLIR's `getExpandedSizes`)."""
    dims = memref.reassociation_indices(reshape)[group]
    shape = reshape.results[0].type.shape
    static_product = 1
    sizes: list = []
    for dim in dims:
        if shape[dim] != DYNAMIC:
            static_product *= shape[dim]
        sizes.append(shape[dim])
    for i, size in enumerate(sizes):
        if size == DYNAMIC:
            sizes[i] = make_composed_folded_affine_apply(
                rewriter, S0.floordiv(static_product), [source_sizes[group]], reshape.location
            )
    return sizes


def expanded_strides(reshape, rewriter, source_sizes, source_strides, group: int) -> list:
    """The source stride times the product of the sizes inside each result dim; dims left of
    a dynamic size scale it by `(size * stride) floordiv (static product)` (MLIR's
    `getExpandedStrides`)."""
    dims = memref.reassociation_indices(reshape)[group]
    shape = reshape.results[0].type.shape
    base_strides = [0] * len(dims)
    running, dynamic_at = 1, None
    for i in reversed(range(len(dims))):
        base_strides[i] = running
        if shape[dims[i]] == DYNAMIC:
            dynamic_at = i
        else:
            running *= shape[dims[i]]
    strides, _ = strides_and_offset(reshape.operand(0).type)
    source_stride = _static_or(strides[group], source_strides[group])
    location = reshape.location
    result = []
    for i, base in enumerate(base_strides):
        if dynamic_at is not None and i < dynamic_at:
            expr = (S0 * base).floordiv(running) * S1
            operands = [source_sizes[group], source_stride]
        else:
            expr, operands = S0 * base, [source_stride]
        result.append(make_composed_folded_affine_apply(rewriter, expr, operands, location))
    return result


def collapsed_size(reshape, rewriter, source_sizes, group: int) -> list:
    """The static size of the result dim, or the product of the group's source sizes
    (MLIR's `getCollapsedSize` with `getProductOfValues`)."""
    size = reshape.results[0].type.shape[group]
    if size != DYNAMIC:
        return [size]
    dims = memref.reassociation_indices(reshape)[group]
    shape = reshape.operand(0).type.shape
    expr = AffineConstantExpr(1)
    for i in range(len(dims)):
        expr = expr * AffineSymbolExpr(i)
    values = [_static_or(shape[d], source_sizes[d]) for d in dims]
    return [make_composed_folded_affine_apply(rewriter, expr, values, reshape.location)]


def collapsed_stride(reshape, rewriter, source_sizes, source_strides, group: int) -> list:
    """The smallest stride of the group's source dims not of size 1; for a group of 1s, the
    result type's stride, or any dynamic source stride (MLIR's `getCollapsedStride`)."""
    dims = memref.reassociation_indices(reshape)[group]
    source_type = reshape.operand(0).type
    strides, _ = strides_and_offset(source_type)
    group_strides = [
        _static_or(strides[d], source_strides[d]) for d in dims if source_type.shape[d] != 1
    ]
    if not group_strides:
        final = strides_and_offset(reshape.results[0].type)[0][group]
        if final != DYNAMIC:
            return [final]
        return [next(source_strides[d] for d in dims if strides[d] == DYNAMIC)]
    identity = AffineMap(
        len(group_strides), 0, tuple(AffineDimExpr(i) for i in range(len(group_strides)))
    )
    return [make_composed_folded_affine_min(rewriter, identity, group_strides, reshape.location)]


RESHAPE_RULES = {  # op class -> (sizes of a group, strides of a group)
    memref.ExpandShapeOp: (expanded_sizes, expanded_strides),
    memref.CollapseShapeOp: (collapsed_size, collapsed_stride),
}


def resolve_reshape(rewriter, reshape) -> StridedMetadata:
    """The base buffer and offset of the source, the sizes and strides group by group
    (MLIR's `resolveReshapeStridedMetadata`); a rank-0 source gives sizes and strides 1."""
    location = reshape.location
    source = reshape.operand(0)
    metadata = extract_metadata(rewriter, source, location)
    _, source_offset = strides_and_offset(source.type)
    offset = _static_or(source_offset, metadata.results[1])
    result_rank = reshape.results[0].type.rank
    if source.type.rank == 0:
        return StridedMetadata(metadata.results[0], offset, [1] * result_rank, [1] * result_rank)
    group_sizes, group_strides = RESHAPE_RULES[type(reshape)]
    sizes, strides = [], []
    source_sizes, source_strides = list(metadata.sizes), list(metadata.strides)
    for group in range(len(memref.reassociation_indices(reshape))):
        sizes += group_sizes(reshape, rewriter, source_sizes, group)
        strides += group_strides(reshape, rewriter, source_sizes, source_strides, group)
    return StridedMetadata(metadata.results[0], offset, sizes, strides)


# --- the patterns ---------------------------------------------------------------------------------
@pattern(memref.SubViewOp)
def subview_folder(op, rewriter) -> bool:
    """A subview is a reinterpret_cast of its source's base buffer (MLIR's `SubviewFolder`)."""
    rewriter.set_insertion_point_before(op)
    resolve_subview(rewriter, op).replace_with_cast(rewriter, op)
    return True


@pattern(memref.ReshapeOp)
def reshape_folder(op, rewriter) -> bool:
    """An expand_shape or collapse_shape is a reinterpret_cast of its source's base buffer
    (MLIR's `ReshapeFolder`)."""
    rewriter.set_insertion_point_before(op)
    resolve_reshape(rewriter, op).replace_with_cast(rewriter, op)
    return True


class MetadataOfPattern(RewritePattern):
    """`extract_strided_metadata` of a value some op of `source_class` makes."""

    root = memref.ExtractStridedMetadataOp
    source_class: type = type(None)

    def match_and_rewrite(self, op, rewriter) -> bool:
        source = op.operand(0)
        producer = getattr(source, "op", None)
        if not isinstance(producer, self.source_class):
            return False
        rewriter.set_insertion_point_before(op)
        return self.rewrite(op, producer, rewriter)

    def rewrite(self, op, producer, rewriter) -> bool:
        raise NotImplementedError


class MetadataOfAlloc(MetadataOfPattern):
    """Of an identity-layout `alloc`/`alloca`: offset 0, its sizes, row-major strides as
    products of the inner sizes, and the allocation itself (or a reinterpret_cast of it to
    rank 0) as the base buffer (MLIR's `ExtractStridedMetadataOpAllocFolder`)."""

    source_class = (memref.AllocOp, memref.AllocaOp)

    def rewrite(self, op, alloc, rewriter) -> bool:
        t = alloc.results[0].type
        if t.layout is not None:
            return False
        location = op.location
        dynamic = iter(alloc.dynamic_sizes)
        sizes = [next(dynamic) if s == DYNAMIC else s for s in t.shape]
        strides: list = [1] * len(sizes)
        expr = AffineConstantExpr(1)
        for count, i in enumerate(reversed(range(len(sizes) - 1)), start=1):
            expr = expr * AffineSymbolExpr(count - 1)
            strides[i] = make_composed_folded_affine_apply(rewriter, expr, sizes[i + 1 :], location)
        base = _base_of(rewriter, op, alloc.results[0], location)
        StridedMetadata(base, 0, sizes, strides).replace_metadata(rewriter, op, location)
        return True


def _base_of(rewriter, op, value, location):
    """`value` itself when it is already of the base buffer type, else a reinterpret_cast
    of it to rank 0 with offset 0."""
    base_type = op.results[0].type
    if value.type == base_type:
        return value
    cast = memref.ReinterpretCastOp.from_mixed(value, [0], [], [], base_type, location)
    return rewriter.insert(cast).results[0]


class MetadataOfGetGlobal(MetadataOfPattern):
    """Of an identity-layout `get_global`: offset 0, its static sizes, row-major strides
    (MLIR's `ExtractStridedMetadataOpGetGlobalFolder`)."""

    source_class = memref.GetGlobalOp

    def rewrite(self, op, get_global, rewriter) -> bool:
        t = get_global.results[0].type
        if t.layout is not None:
            return False
        location = op.location
        base = _base_of(rewriter, op, get_global.results[0], location)
        metadata = StridedMetadata(base, 0, list(t.shape), identity_strides(t.shape))
        metadata.replace_metadata(rewriter, op, location)
        return True


class MetadataOfReinterpretCast(MetadataOfPattern):
    """The base buffer of the cast's source, the cast's offset, sizes and strides (MLIR's
    `ExtractStridedMetadataOpReinterpretCastFolder`)."""

    source_class = memref.ReinterpretCastOp

    def rewrite(self, op, cast, rewriter) -> bool:
        source = cast.operand(0)
        if not isinstance(source.type, MemRefType) or strides_and_offset(source.type) is None:
            return False
        base = extract_metadata(rewriter, source, op.location).results[0]
        metadata = StridedMetadata(
            base, cast.mixed_offsets()[0], cast.mixed_sizes(), cast.mixed_strides()
        )
        metadata.replace_metadata(rewriter, op, op.location)
        return True


class MetadataOfSubview(MetadataOfPattern):
    """MLIR's `ExtractStridedMetadataOpSubviewFolder`."""

    source_class = memref.SubViewOp

    def rewrite(self, op, subview, rewriter) -> bool:
        resolve_subview(rewriter, subview).replace_metadata(rewriter, op, subview.location)
        return True


class MetadataOfReshape(MetadataOfPattern):
    """MLIR's `ExtractStridedMetadataOpExpandShapeFolder` and `...CollapseShapeFolder`."""

    source_class = memref.ReshapeOp

    def rewrite(self, op, reshape, rewriter) -> bool:
        resolve_reshape(rewriter, reshape).replace_metadata(rewriter, op, reshape.location)
        return True


class MetadataOfCast(MetadataOfPattern):
    """Of a ranked `memref.cast`: the metadata of the cast's source, static entries of the
    cast's type as constants (MLIR's `ExtractStridedMetadataOpCastFolder`)."""

    source_class = memref.CastOp

    def rewrite(self, op, cast, rewriter) -> bool:
        source = cast.operand(0)
        if not isinstance(source.type, MemRefType) or strides_and_offset(source.type) is None:
            return False
        t = op.operand(0).type
        strides, offset = strides_and_offset(t)
        inner = extract_metadata(rewriter, source, op.location)
        metadata = StridedMetadata(
            inner.results[0],
            _static_or(offset, inner.results[1]),
            [_static_or(s, v) for s, v in zip(t.shape, inner.sizes)],
            [_static_or(s, v) for s, v in zip(strides, inner.strides)],
        )
        metadata.replace_metadata(rewriter, op, op.location)
        return True


class MetadataOfMetadata(MetadataOfPattern):
    """Of another op's base buffer: that base buffer, offset 0 (MLIR's
    `ExtractStridedMetadataOpExtractStridedMetadataFolder`)."""

    source_class = memref.ExtractStridedMetadataOp

    def rewrite(self, op, inner, rewriter) -> bool:
        zero = as_value(rewriter, 0, op.location)
        rewriter.replace_op(op, [inner.results[0], zero])
        return True


def expand_strided_metadata_patterns() -> list[RewritePattern]:
    """The patterns of the pass (MLIR's `populateExpandStridedMetadataPatterns`)."""
    return [
        subview_folder,
        reshape_folder,
        MetadataOfAlloc(),
        MetadataOfReshape(),
        MetadataOfGetGlobal(),
        MetadataOfReinterpretCast(),
        MetadataOfSubview(),
        MetadataOfCast(),
        MetadataOfMetadata(),
    ]


@register_pass
@dataclass(frozen=True)
class ExpandStridedMetadata(Pass):
    """Expands memref view ops into their effect on the offset, sizes and strides."""

    name = "expand-strided-metadata"
    summary = "Expand memref operations into easier to analyze constructs"

    def run(self, op) -> None:
        apply_patterns_greedily(op, expand_strided_metadata_patterns())
