"""Vector-to-vector lowerings: ops LLVM has no counterpart for, rewritten into simpler vector
and arith ops, as MLIR 19's `populateVector*LoweringPatterns` do (mlir/lib/Dialect/Vector/
Transforms/LowerVector*.cpp). `convert-vector-to-llvm` runs them greedily before its
conversion; the llvm patterns then only meet 1-D shuffles, splats, element accesses,
reductions, fmas, loads and stores.

- `broadcast`: a scalar is a `splat`; anything else is unrolled one leading dim at a time
  into `insert`s of smaller broadcasts.
- masks: an n-D `create_mask` is a 1-D one selected per row; `constant_mask` an
  `arith.constant`.
- `contract` becomes dot products or smaller contractions (`lowering_contract`).
- `shape_cast` (2-D <-> 1-D: by rows), n-D `transpose` and `outerproduct` move (or
  multiply) one element or row at a time; an n-D `interleave` is one 1-D interleave per
  row; a 2-D `transpose` with a unit dim is a `shape_cast`.
- transfers of at most `max_transfer_rank` dims with a minor identity map become
  `vector.load`/`maskedload`/`store`/`maskedstore` (a broadcast after, for broadcast dims),
  and a load or store of one element is a `memref.load`/`store`; out-of-bounds 1-D
  transfers first get the mask of their in-bounds lanes (`MaterializeTransferMask`).

A 2-D <-> 1-D `shape_cast` goes through `insert_strided_slice` / `extract_strided_slice` in
MLIR 19, ops mlc's vector dialect lacks: mlc builds the `vector.shuffle`s MLIR lowers those
to, so the llvm dialect output is the same.
"""

from __future__ import annotations

import itertools

from mlc.dialects import arith, memref
from mlc.dialects.vector.canonicalize import (
    combine,
    create_mask_of_constants,
    masked_load_folder,
    masked_store_folder,
    transpose_of_transpose,
)
from mlc.dialects.vector.contraction import FMAOp, OuterProductOp
from mlc.dialects.vector.elements import (
    BroadcastOp,
    ExtractElementOp,
    InsertElementOp,
    SplatOp,
)
from mlc.dialects.vector.lowering_contract import lower_contraction
from mlc.dialects.vector.masks import ConstantMaskOp, CreateMaskOp
from mlc.dialects.vector.memory import (
    LoadOp,
    MaskedLoadOp,
    MaskedStoreOp,
    StoreOp,
    last_dim_unit_stride,
)
from mlc.dialects.vector.rewriting import extract_at, insert_at, zero_vector
from mlc.dialects.vector.shapes import InterleaveOp, ShapeCastOp, ShuffleOp, TransposeOp
from mlc.dialects.vector.transfer import TransferReadOp, TransferWriteOp
from mlc.ir.affine import AffineConstantExpr, AffineDimExpr
from mlc.ir.attributes import ArrayAttr, DenseArrayAttr, IntegerAttr, bool_attr
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.rewrite import RewritePattern, pattern
from mlc.ir.types import IndexType, IntegerType, MemRefType, VectorType, i1, i32, index


def _drop_leading_dim(t: VectorType) -> VectorType:
    return VectorType(t.shape[1:], t.element_type, t.scalable[1:] if t.scalable else ())


# --- broadcast ---------------------------------------------------------------------------------
@pattern(BroadcastOp)
def lower_broadcast(op, rewriter) -> bool:
    """MLIR's `BroadcastOpLowering`: splat a scalar, or stretch the first mismatching dim
    by extracting and re-broadcasting rows."""
    target, source = op.results[0].type, op.operand(0).type
    value = op.operand(0)
    if not isinstance(source, VectorType):
        rewriter.replace_op(op, rewriter.create(SplatOp, value, result_types=[target]).results)
        return True
    if source.rank <= 1 and target.rank == 1:
        if source.rank == 0:
            scalar = rewriter.create(ExtractElementOp, value, None).results[0]
        else:
            scalar = extract_at(rewriter, value, [0])
        rewriter.replace_op(op, rewriter.create(SplatOp, scalar, result_types=[target]).results)
        return True
    row_type = _drop_leading_dim(target)
    if source.rank < target.rank:
        row = rewriter.create(BroadcastOp, value, result_types=[row_type]).results[0]
        result = zero_vector(rewriter, target)
        for d in range(target.shape[0]):
            result = insert_at(rewriter, row, result, [d])
        rewriter.replace_op(op, [result])
        return True
    mismatch = next((r for r in range(target.rank) if source.shape[r] != target.shape[r]), None)
    if mismatch is None:
        rewriter.replace_op(op, [value])
        return True
    if mismatch != 0 and target.scalable and target.scalable[0]:
        return False
    result = zero_vector(rewriter, target)
    if mismatch == 0:
        row = rewriter.create(
            BroadcastOp, extract_at(rewriter, value, [0]), result_types=[row_type]
        )
        for d in range(target.shape[0]):
            result = insert_at(rewriter, row.results[0], result, [d])
    else:
        for d in range(target.shape[0]):
            row = rewriter.create(
                BroadcastOp, extract_at(rewriter, value, [d]), result_types=[row_type]
            )
            result = insert_at(rewriter, row.results[0], result, [d])
    rewriter.replace_op(op, [result])
    return True


# --- masks -----------------------------------------------------------------------------------
@pattern(CreateMaskOp)
def lower_nd_create_mask(op, rewriter) -> bool:
    """MLIR's `CreateMaskOpLowering`: row `d` of an n-D mask is the (n-1)-D mask of the
    other bounds where `d < bound0`, else all false."""
    mask_type = op.results[0].type
    if mask_type.rank <= 1 or (mask_type.scalable and mask_type.scalable[0]):
        return False
    row_type = _drop_leading_dim(mask_type)
    bound = op.operand(0)
    true_row = rewriter.create(
        CreateMaskOp, list(op.operands[1:]), result_types=[row_type]
    ).results[0]
    false_row = zero_vector(rewriter, row_type)
    result = zero_vector(rewriter, mask_type)
    for d in range(mask_type.shape[0]):
        row = rewriter.create(arith.ConstantOp, IntegerAttr(d, index)).results[0]
        inside = rewriter.create(arith.CmpIOp, row, bound, predicate=_SLT).results[0]
        chosen = rewriter.create(
            arith.SelectOp, inside, true_row, false_row, result_types=[row_type]
        ).results[0]
        result = insert_at(rewriter, chosen, result, [d])
    rewriter.replace_op(op, [result])
    return True


_SLT = IntegerAttr(2, IntegerType(64))


@pattern(ConstantMaskOp)
def lower_constant_mask(op, rewriter) -> bool:
    """MLIR's `ConstantMaskOpLowering`: a 0-D or 1-D mask is a constant; an n-D one inserts
    its (n-1)-D mask in the leading rows it covers."""
    mask_type = op.results[0].type
    sizes = op.sizes()
    if mask_type.rank <= 1:
        lanes = mask_type.shape[0] if mask_type.rank else 1
        bits = [i < sizes[0] for i in range(lanes)]
        value = bits if mask_type.rank else bits[0]
        attr = DenseElementsAttr.from_array(value, mask_type)
        rewriter.replace_op(op, rewriter.create(arith.ConstantOp, attr).results)
        return True
    row_type = _drop_leading_dim(mask_type)
    row_sizes = ArrayAttr(tuple(IntegerAttr(s, IntegerType(64)) for s in sizes[1:]))
    row = rewriter.create(
        ConstantMaskOp, result_types=[row_type], mask_dim_sizes=row_sizes
    ).results[0]
    result = zero_vector(rewriter, mask_type)
    for d in range(sizes[0]):
        result = insert_at(rewriter, row, result, [d])
    rewriter.replace_op(op, [result])
    return True


# --- shapes ----------------------------------------------------------------------------------
def _row_major(shape):
    return itertools.product(*(range(n) for n in shape))


def _fixed_shape_cast(op) -> tuple[VectorType, VectorType] | None:
    """The source and result types of a shape_cast without scalable dims."""
    source, target = op.operand(0).type, op.results[0].type
    if any(source.scalable) or any(target.scalable):
        return None
    return source, target


def _shuffle(rewriter, a, b, mask: list[int]):
    """`vector.shuffle %a, %b [mask]` of 1-D vectors."""
    result_type = VectorType((len(mask),), a.type.element_type)
    attr = ArrayAttr(tuple(IntegerAttr(m, IntegerType(64)) for m in mask))
    return rewriter.insert(ShuffleOp(a, b, mask=attr, result_types=[result_type])).results[0]


@pattern(ShapeCastOp)
def lower_2d_to_1d_shape_cast(op, rewriter) -> bool:
    """MLIR's `ShapeCastOp2DDownCastRewritePattern`: each row goes in place with a 1-D
    `insert_strided_slice`, as MLIR lowers that op: the row widened by a shuffle with itself,
    then shuffled with the result so far. One row is the result itself."""
    types = _fixed_shape_cast(op)
    if types is None or types[0].rank != 2 or types[1].rank != 1:
        return False
    (rows, width), size = types[0].shape, types[1].shape[0]
    if rows == 1:  # MLIR's strided slice over the whole vector folds away
        rewriter.replace_op(op, [extract_at(rewriter, op.operand(0), [0])])
        return True
    result = zero_vector(rewriter, types[1])
    for i in range(rows):
        row = extract_at(rewriter, op.operand(0), [i])
        widened = _shuffle(rewriter, row, row, [*range(width), *[0] * (size - width)])
        start = i * width
        mask = [j - start if start <= j < start + width else size + j for j in range(size)]
        result = _shuffle(rewriter, widened, result, mask)
    rewriter.replace_op(op, [result])
    return True


@pattern(ShapeCastOp)
def lower_1d_to_2d_shape_cast(op, rewriter) -> bool:
    """MLIR's `ShapeCastOp2DUpCastRewritePattern`: each row is a 1-D
    `extract_strided_slice`, as MLIR lowers that op: a shuffle of the source with itself."""
    types = _fixed_shape_cast(op)
    if types is None or types[0].rank != 1 or types[1].rank != 2:
        return False
    rows, width = types[1].shape
    source = op.operand(0)
    result = zero_vector(rewriter, types[1])
    for i in range(rows):
        row = (
            source
            if rows == 1
            else _shuffle(rewriter, source, source, [*range(i * width, (i + 1) * width)])
        )
        result = insert_at(rewriter, row, result, [i])
    rewriter.replace_op(op, [result])
    return True


@pattern(ShapeCastOp)
def lower_shape_cast(op, rewriter) -> bool:
    """MLIR's generic `ShapeCastOpRewritePattern`: each element moved, both positions
    counted row-major (2-D <-> 1-D casts have the patterns above)."""
    types = _fixed_shape_cast(op)
    if types is None or sorted((types[0].rank, types[1].rank)) == [1, 2]:
        return False
    source, target = types
    result = zero_vector(rewriter, target)
    for src, dst in zip(_row_major(source.shape), _row_major(target.shape)):
        if source.rank == 0:
            element = rewriter.create(ExtractElementOp, op.operand(0), None).results[0]
        else:
            element = extract_at(rewriter, op.operand(0), src)
        if target.rank == 0:
            result = rewriter.create(
                InsertElementOp, element, result, None, result_types=[target]
            ).results[0]
        else:
            result = insert_at(rewriter, element, result, dst)
    rewriter.replace_op(op, [result])
    return True


@pattern(TransposeOp)
def lower_2d_unit_transpose(op, rewriter) -> bool:
    """MLIR's `Transpose2DWithUnitDimToShapeCast`: swapping a unit dim moves no element."""
    target = op.results[0].type
    scalable = target.scalable or (False,) * target.rank
    if target.rank != 2 or list(op.properties["permutation"].value) != [1, 0]:
        return False
    if not (target.shape[0] == 1 and not scalable[0] or target.shape[1] == 1 and not scalable[1]):
        return False
    new = rewriter.create(ShapeCastOp, op.operand(0), result_types=[target])
    rewriter.replace_op(op, new.results)
    return True


@pattern(TransposeOp)
def lower_transpose(op, rewriter) -> bool:
    """MLIR's `TransposeOpLowering` (element-wise): every element, or trailing untransposed
    sub-vector, extracted and inserted at its permuted position."""
    source = op.operand(0).type
    if source.scalable and any(source.scalable):
        return False
    permutation = list(op.properties["permutation"].value)
    kept = len(permutation)
    for dim in reversed(permutation):
        if dim != kept - 1:
            break
        kept -= 1
    pruned = permutation[:kept]
    result = zero_vector(rewriter, op.results[0].type)
    for position in _row_major(source.shape[:kept]):
        target = [position[p] for p in pruned]
        result = insert_at(rewriter, extract_at(rewriter, op.operand(0), position), result, target)
    rewriter.replace_op(op, [result])
    return True


@pattern(InterleaveOp)
def unroll_interleave(op, rewriter) -> bool:
    """MLIR's `UnrollInterleaveOp`: an n-D interleave is one 1-D interleave per row."""
    target = op.results[0].type
    if target.rank <= 1:
        return False
    result = zero_vector(rewriter, target)
    for position in _row_major(target.shape[:-1]):
        lhs = extract_at(rewriter, op.operand(0), position)
        rhs = extract_at(rewriter, op.operand(1), position)
        row_type = VectorType((target.shape[-1],), target.element_type, target.scalable[-1:])
        row = rewriter.create(InterleaveOp, lhs, rhs, result_types=[row_type]).results[0]
        result = insert_at(rewriter, row, result, position)
    rewriter.replace_op(op, [result])
    return True


# --- outer products ------------------------------------------------------------------------------
_FLOAT_ONLY = frozenset(("minnumf", "maxnumf", "minimumf", "maximumf"))
_INT_ONLY = frozenset(("and", "or", "xor", "minui", "minsi", "maxui", "maxsi"))


def contract_arith(rewriter, x, y, acc, kind: str):
    """`x * y` combined with `acc` by `kind`, a vector `fma` for float `add` (MLIR's
    `createContractArithOp`); None for a kind the element type does not have."""
    element = x.type.element_type if isinstance(x.type, VectorType) else x.type
    if isinstance(element, (IntegerType, IndexType)):
        if kind in _FLOAT_ONLY:
            return None
        product = rewriter.create(arith.MulIOp, x, y).results[0]
    else:
        if kind in _INT_ONLY:
            return None
        if acc is not None and isinstance(acc.type, VectorType) and kind == "add":
            return rewriter.create(FMAOp, x, y, acc).results[0]
        product = rewriter.create(arith.MulFOp, x, y).results[0]
    if acc is None:
        return product
    return combine(rewriter, kind, product, acc, rewriter.location)


@pattern(OuterProductOp)
def lower_outer_product(op, rewriter) -> bool:
    """MLIR's `OuterProductOpLowering`: row `d` is `broadcast(lhs[d]) * rhs` combined with
    `acc[d]`; with a scalar rhs (AXPY) the whole vector at once."""
    target = op.results[0].type
    kind = op.properties["kind"].value
    lhs, rhs = op.operand(0), op.operand(1)
    acc = op.acc
    if not isinstance(rhs.type, VectorType):
        scaled = rewriter.create(BroadcastOp, rhs, result_types=[lhs.type]).results[0]
        value = contract_arith(rewriter, lhs, scaled, acc, kind)
        if value is None:
            return False
        rewriter.replace_op(op, [value])
        return True
    result = zero_vector(rewriter, target)
    for d in range(target.shape[0]):
        x = extract_at(rewriter, lhs, [d])
        spread = rewriter.create(BroadcastOp, x, result_types=[rhs.type]).results[0]
        row_acc = extract_at(rewriter, acc, [d]) if acc is not None else None
        value = contract_arith(rewriter, spread, rhs, row_acc, kind)
        if value is None:
            return False
        result = insert_at(rewriter, value, result, [d])
    rewriter.replace_op(op, [result])
    return True


# --- transfers ---------------------------------------------------------------------------------
def _broadcast_dims(op) -> list[int] | None:
    """The broadcast result dims of a minor identity map with broadcasts, None when the map
    is not one (MLIR's `isMinorIdentityWithBroadcasting`)."""
    map_ = op.map
    broadcast = []
    first = map_.num_dims - map_.num_results
    for i, expr in enumerate(map_.results):
        if isinstance(expr, AffineConstantExpr) and expr.value == 0:
            broadcast.append(i)
        elif not (isinstance(expr, AffineDimExpr) and expr.position == first + i):
            return None
    return broadcast


def _element_type_matches(memref_type: MemRefType, vector_type: VectorType, value_type) -> bool:
    """A memref of vectors holds exactly `value_type`; else the element types match."""
    element = memref_type.element_type
    if isinstance(element, VectorType):
        return element == value_type
    return element == vector_type.element_type


class _TransferLowering(RewritePattern):
    """What the transfer lowerings share: the rank bound and the conditions on the memref."""

    def __init__(self, op_class, max_rank: int | None) -> None:
        super().__init__(op_class)
        self.max_rank = max_rank

    def accepts(self, op, vector_type: VectorType, value_type: VectorType) -> bool:
        """At most `max_rank` dims, in bounds, a mask only in 1-D, on a memref of unit
        innermost stride holding `value_type` (or its element type)."""
        if self.max_rank is not None and vector_type.rank > self.max_rank:
            return False
        memref_type = op.source.type
        if not isinstance(memref_type, MemRefType) or not last_dim_unit_stride(memref_type):
            return False
        if not _element_type_matches(memref_type, vector_type, value_type):
            return False
        return not op.has_out_of_bounds_dim() and (op.mask is None or vector_type.rank == 1)


class TransferReadToLoad(_TransferLowering):
    """MLIR's `TransferReadToVectorLoadLowering`: an in-bounds read of a minor identity
    (with broadcasts) is a load, masked when the read is, then broadcast."""

    def __init__(self, max_rank: int | None) -> None:
        super().__init__(TransferReadOp, max_rank)

    def match_and_rewrite(self, op, rewriter) -> bool:
        vector_type = op.results[0].type
        broadcast = _broadcast_dims(op)
        if broadcast is None:
            return False
        shape = [1 if i in broadcast else n for i, n in enumerate(vector_type.shape)]
        loaded_type = VectorType(tuple(shape), vector_type.element_type, vector_type.scalable)
        if not self.accepts(op, vector_type, loaded_type):
            return False
        indices = list(op.indices)
        if op.mask is not None:
            fill = rewriter.create(SplatOp, op.padding, result_types=[loaded_type]).results[0]
            new = MaskedLoadOp(op.source, indices, op.mask, fill, result_types=[loaded_type])
        else:
            new = LoadOp(op.source, indices, result_types=[loaded_type])
        loaded = rewriter.insert(new).results[0]
        if broadcast:
            loaded = rewriter.create(BroadcastOp, loaded, result_types=[vector_type]).results[0]
        rewriter.replace_op(op, [loaded])
        return True


class TransferWriteToStore(_TransferLowering):
    """MLIR's `TransferWriteToVectorStoreLowering`: an in-bounds write of a minor identity
    is a store, masked when the write is."""

    def __init__(self, max_rank: int | None) -> None:
        super().__init__(TransferWriteOp, max_rank)

    def match_and_rewrite(self, op, rewriter) -> bool:
        vector_type = op.operand(0).type
        if _broadcast_dims(op) != [] or not self.accepts(op, vector_type, vector_type):
            return False
        indices = list(op.indices)
        if op.mask is not None:
            new = MaskedStoreOp(op.source, indices, op.mask, op.operand(0), loc=op.location)
        else:
            new = StoreOp(op.operand(0), op.source, indices, loc=op.location)
        rewriter.insert(new)
        rewriter.erase_op(op)
        return True


@pattern(LoadOp)
def load_one_element(op, rewriter) -> bool:
    """MLIR's `VectorLoadToMemrefLoadLowering`: one element is a scalar load, broadcast."""
    vector_type = op.results[0].type
    if _num_elements(vector_type) != 1:
        return False
    scalar = rewriter.create(memref.LoadOp, op.operand(0), list(op.indices)).results[0]
    rewriter.replace_op(
        op, rewriter.create(BroadcastOp, scalar, result_types=[vector_type]).results
    )
    return True


@pattern(StoreOp)
def store_one_element(op, rewriter) -> bool:
    """MLIR's `VectorStoreToMemrefStoreLowering`: one element is a scalar store."""
    vector_type = op.operand(0).type
    if _num_elements(vector_type) != 1:
        return False
    if vector_type.rank == 0:
        scalar = rewriter.create(ExtractElementOp, op.operand(0), None).results[0]
    else:
        scalar = extract_at(rewriter, op.operand(0), [0] * vector_type.rank)
    rewriter.insert(memref.StoreOp(scalar, op.operand(1), list(op.indices), loc=op.location))
    rewriter.erase_op(op)
    return True


def _num_elements(t: VectorType) -> int:
    count = 1
    for n in t.shape:
        count *= n
    return count if not (t.scalable and any(t.scalable)) else -1


class MaterializeTransferMask(RewritePattern):
    """MLIR's `MaterializeTransferMask`: an out-of-bounds 1-D transfer becomes in bounds,
    masked to the lanes before the end of the memref's last dim (and its own mask)."""

    def __init__(self, op_class) -> None:
        super().__init__(op_class)

    def match_and_rewrite(self, op, rewriter) -> bool:
        vector_type = op.transferred_type
        if not op.has_out_of_bounds_dim() or vector_type.rank > 1 or not op.indices:
            return False
        last = len(op.indices) - 1
        offset = op.indices[last]
        position = rewriter.create(arith.ConstantOp, IntegerAttr(last, index)).results[0]
        dim = memref.DimOp(op.source, position, loc=rewriter.location or op.location)
        folded = rewriter.try_fold(dim)  # MLIR's `createOrFold`
        if folded:
            dim.drop_all_references()
            size = folded[0]
        else:
            size = rewriter.insert(dim).results[0]
        bound = rewriter.create(arith.SubIOp, size, offset).results[0]
        mask_type = VectorType(vector_type.shape, i1, vector_type.scalable)
        mask = rewriter.create(CreateMaskOp, [bound], result_types=[mask_type]).results[0]
        if op.mask is not None:
            mask = rewriter.create(arith.AndIOp, mask, op.mask).results[0]

        def update() -> None:
            operands = list(op.operands)
            if op.mask is not None:
                operands.pop()
            op.set_operands([*operands, mask])
            sizes = list(op.properties["operandSegmentSizes"].value)
            op.properties["operandSegmentSizes"] = DenseArrayAttr(i32, (*sizes[:-1], 1))
            op.properties["in_bounds"] = ArrayAttr((bool_attr(True),))

        rewriter.modify_op_in_place(op, update)
        return True


# --- the sets ----------------------------------------------------------------------------------
def transfer_lowering_patterns(max_transfer_rank: int | None) -> list:
    """MLIR's `populateVectorTransferLoweringPatterns`."""
    return [
        TransferReadToLoad(max_transfer_rank),
        TransferWriteToStore(max_transfer_rank),
        load_one_element,
        store_one_element,
    ]


def vector_lowering_patterns(max_transfer_rank: int | None = 1) -> list:
    """What MLIR 19's `convert-vector-to-llvm` applies greedily before converting: the
    vector-to-vector canonicalizations, the broadcast, mask, shape cast, interleave,
    transpose, outer product and transfer lowerings."""
    return [
        create_mask_of_constants,
        masked_load_folder,
        masked_store_folder,
        transpose_of_transpose,
        lower_broadcast,
        lower_outer_product,
        lower_contraction,
        lower_nd_create_mask,
        lower_constant_mask,
        lower_2d_to_1d_shape_cast,
        lower_1d_to_2d_shape_cast,
        lower_shape_cast,
        unroll_interleave,
        lower_2d_unit_transpose,
        lower_transpose,
        *transfer_lowering_patterns(max_transfer_rank),
    ]
