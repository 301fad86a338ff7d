"""Strided layouts of memref types: strides and offsets, and the result types of the view
ops (subview, expand_shape, collapse_shape), as MLIR computes them. Pure functions of types,
shared by the verifiers, the folders and the interpreter.

Dynamic sizes, strides and offsets are `DYNAMIC`; arithmetic on them saturates as MLIR's
`SaturatedInteger` does: anything with a dynamic operand is dynamic, except that a product
with a static 0 is 0.
"""

from __future__ import annotations

from mlc.ir.affine import (
    ADD,
    MUL,
    AffineBinaryExpr,
    AffineConstantExpr,
    AffineDimExpr,
    AffineMapAttr,
    AffineSymbolExpr,
)
from mlc.ir.attributes import StridedLayoutAttr
from mlc.ir.types import DYNAMIC, MemRefType


def saturated_add(a: int, b: int) -> int:
    return DYNAMIC if a == DYNAMIC or b == DYNAMIC else a + b


def saturated_mul(a: int, b: int) -> int:
    if a == 0 or b == 0:
        return 0
    return DYNAMIC if a == DYNAMIC or b == DYNAMIC else a * b


def identity_strides(shape) -> list[int]:
    """The strides of the identity layout (MLIR's `makeCanonicalStridedLayoutExpr`): row-major
    suffix products; a dynamic or zero size makes every outer stride dynamic."""
    strides, running, poisoned = [], 1, False
    for size in reversed(shape):
        strides.append(DYNAMIC if poisoned else running)
        if size > 0:
            running *= size
        else:
            poisoned = True
    strides.reverse()
    return strides


def strides_and_offset(t: MemRefType) -> tuple[list[int], int] | None:
    """The strides and offset of `t`'s layout, or None when the layout is not strided (MLIR's
    `getStridesAndOffset`; affine maps count when their one result is linear in the dims)."""
    layout = t.layout
    if layout is None:
        return identity_strides(t.shape), 0
    if isinstance(layout, StridedLayoutAttr):
        return list(layout.strides), layout.offset
    if isinstance(layout, AffineMapAttr) and layout.value.num_results == 1:
        strides = [0] * len(t.shape)
        offset = [0]
        if _extract_strides(layout.value.results[0], 1, strides, offset):
            return strides, offset[0]
    return None


def _extract_strides(expr, factor: int, strides: list[int], offset: list[int]) -> bool:
    """Accumulate `factor * expr` into per-dim strides and the offset (MLIR's
    `extractStrides`); False for expressions that are not linear in the dims."""
    if isinstance(expr, AffineDimExpr):
        strides[expr.position] = saturated_add(strides[expr.position], factor)
        return True
    if isinstance(expr, AffineSymbolExpr):
        offset[0] = saturated_add(offset[0], saturated_mul(DYNAMIC, factor))
        return True
    if isinstance(expr, AffineConstantExpr):
        offset[0] = saturated_add(offset[0], saturated_mul(expr.value, factor))
        return True
    if not isinstance(expr, AffineBinaryExpr):
        return False
    if expr.kind is ADD:
        return _extract_strides(expr.lhs, factor, strides, offset) and _extract_strides(
            expr.rhs, factor, strides, offset
        )
    if expr.kind is not MUL:
        return False
    for scale, term in ((expr.rhs, expr.lhs), (expr.lhs, expr.rhs)):
        if scale.is_symbolic_or_constant():
            value = scale.value if isinstance(scale, AffineConstantExpr) else DYNAMIC
            return _extract_strides(term, saturated_mul(value, factor), strides, offset)
    return False


def is_strided(t) -> bool:
    return isinstance(t, MemRefType) and strides_and_offset(t) is not None


def strided_type(shape, t: MemRefType, strides, offset: int) -> MemRefType:
    """A memref of `t`'s element type and memory space with an explicit strided layout."""
    layout = StridedLayoutAttr(tuple(strides), offset)
    return MemRefType(tuple(shape), t.element_type, layout, t.memory_space)


# --- subview -----------------------------------------------------------------------------------
def subview_type(source: MemRefType, offsets, sizes, strides) -> MemRefType:
    """The result type of a subview without rank reduction (MLIR's
    `SubViewOp::inferResultType`): offset `o + sum(offset_i * stride_i)`, strides
    `stride_i * step_i`, the sizes as the shape. `source` must be strided."""
    source_strides, offset = strides_and_offset(source)
    for o, s in zip(offsets, source_strides):
        offset = saturated_add(offset, saturated_mul(o, s))
    result_strides = [saturated_mul(s, step) for s, step in zip(source_strides, strides)]
    return strided_type(sizes, source, result_strides, offset)


def rank_reduction_mask(original_shape, reduced_shape) -> set[int] | None:
    """The dims of `original_shape` dropped to get `reduced_shape`, matching greedily from the
    left; dropped dims must have size 1. None when no such dropping exists (MLIR's
    `computeRankReductionMask`)."""
    dropped, j = set(), 0
    for i, size in enumerate(original_shape):
        if j < len(reduced_shape) and size == reduced_shape[j]:
            j += 1
            continue
        if size != 1:
            return None
        dropped.add(i)
    return dropped if j == len(reduced_shape) else None


def memref_rank_reduction_mask(original: MemRefType, reduced: MemRefType, static_sizes):
    """The dims a rank-reducing subview drops, told apart by their strides when several unit
    dims could be (MLIR's `computeMemRefRankReductionMask`); None when strides contradict."""
    dropped = set()
    if len(original.shape) == len(reduced.shape):
        return dropped
    dropped = {i for i, size in enumerate(static_sizes) if size == 1}
    if len(dropped) + len(reduced.shape) == len(original.shape):
        return dropped
    original_layout = strides_and_offset(original)
    reduced_layout = strides_and_offset(reduced)
    if original_layout is None or reduced_layout is None:
        return None
    unaccounted = _counts(original_layout[0])
    candidate = _counts(reduced_layout[0])
    for dim in sorted(dropped):
        stride = original_layout[0][dim]
        if unaccounted[stride] > candidate.get(stride, 0):
            unaccounted[stride] -= 1  # a dim of this stride is gone: this one
        elif unaccounted[stride] == candidate.get(stride, 0):
            dropped.discard(dim)  # every dim of this stride survives
        else:
            return None
    if len(dropped) + len(reduced.shape) != len(original.shape):
        return None
    return dropped


def _counts(values) -> dict[int, int]:
    counts: dict[int, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return counts


# --- reassociative reshapes --------------------------------------------------------------------
def expanded_type(source: MemRefType, shape, reassociation) -> MemRefType | None:
    """The type of expanding `source` into `shape` (MLIR's `computeExpandedType`): identity
    layouts stay identity; otherwise each group's strides grow from its source stride by the
    trailing sizes of the group. None when `source` is not strided."""
    if source.layout is None:
        return MemRefType(tuple(shape), source.element_type, None, source.memory_space)
    layout = strides_and_offset(source)
    if layout is None:
        return None
    source_strides, offset = layout
    reversed_strides = []
    dim = len(shape) - 1
    for group, stride in reversed(list(zip(reassociation, source_strides))):
        for _ in group:
            reversed_strides.append(stride)
            stride = saturated_mul(stride, shape[dim])
            dim -= 1
    strides = list(reversed(reversed_strides))
    strides += [1] * (len(shape) - len(strides))
    return strided_type(shape, source, strides, offset)


def collapsed_strides(source: MemRefType, reassociation) -> tuple[list[int], int] | None:
    """The strides and offset of collapsing `source` (MLIR's `computeCollapsedLayoutMap`): a
    group takes the stride of its last dim of size other than 1 (dynamic if that size is
    dynamic). None when `source` is not strided or a group is evidently not contiguous;
    dynamic strides are given the benefit of the doubt, as in MLIR's verifier."""
    layout = strides_and_offset(source)
    if layout is None:
        return None
    source_strides, offset = layout
    shape = source.shape
    strides = []
    for group in reassociation:
        kept = list(group)
        while shape[kept[-1]] == 1 and len(kept) > 1:
            kept.pop()
        if shape[kept[-1]] != DYNAMIC or len(kept) == 1:
            strides.append(source_strides[kept[-1]])
        else:
            strides.append(DYNAMIC)
    for group, stride in zip(reassociation, strides):
        for idx in reversed(group[1:]):
            stride = saturated_mul(stride, shape[idx])
            if shape[idx - 1] == 1:
                continue
            outer = source_strides[idx - 1]
            if stride != DYNAMIC and outer != DYNAMIC and stride != outer:
                return None
    return strides, offset


def collapsed_shape(shape, reassociation) -> list[int]:
    """The collapsed sizes: products of each group (dynamic if any member is)."""
    sizes = []
    for group in reassociation:
        size = 1
        for dim in group:
            size = saturated_mul(size, shape[dim])
        sizes.append(size)
    return sizes


def collapsed_type(source: MemRefType, reassociation) -> MemRefType | None:
    """The type of collapsing `source` by `reassociation` (MLIR's `computeCollapsedType`)."""
    shape = collapsed_shape(source.shape, reassociation)
    if source.layout is None:
        return MemRefType(tuple(shape), source.element_type, None, source.memory_space)
    layout = collapsed_strides(source, reassociation)
    if layout is None:
        return None
    return strided_type(shape, source, *layout)
