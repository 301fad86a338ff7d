"""Canonicalization patterns of the vector ops, as MLIR 19 registers them (VectorOps.cpp), as
a table keyed by op class (`PATTERNS`, read by `VectorOp.get_canonicalization_patterns`).

Each pattern names the MLIR pattern it mirrors. Patterns MLIR registers on a vector op but
roots at another dialect's op (`CanonicalizeContractAdd` on `arith.addf`) are not here:
in mlc an op class provides only the patterns rooted at itself.
"""

from __future__ import annotations

from mlc.dialects import arith
from mlc.dialects.vector import constants
from mlc.dialects.vector.base import producer
from mlc.dialects.vector.constraints import element_type_or_self, i64_array, vector_type
from mlc.dialects.vector.contraction import MultiDimReductionOp, ReductionOp
from mlc.dialects.vector.elements import (
    BroadcastOp,
    ExtractElementOp,
    ExtractOp,
    InsertOp,
    SplatOp,
)
from mlc.dialects.vector.masks import (
    ALL_FALSE,
    ALL_TRUE,
    ConstantMaskOp,
    CreateMaskOp,
    mask_format,
)
from mlc.dialects.vector.memory import LoadOp, MaskedLoadOp, MaskedStoreOp, StoreOp
from mlc.dialects.vector.shapes import InterleaveOp, ShapeCastOp, ShuffleOp, TransposeOp
from mlc.dialects.vector.transfer import TransferWriteOp, disjoint_transfers
from mlc.ir.attributes import IntegerAttr
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.rewrite.folding import constant_value
from mlc.ir.rewrite.pattern import pattern
from mlc.ir.types import DYNAMIC, FloatType, RankedTensorType, VectorType


def _constant(value):
    """The attribute of the constant defining `value`, or None (`m_Constant`)."""
    op = getattr(value, "op", None)
    return constant_value(op) if op is not None else None


def _constant_int(value) -> int | None:
    attr = _constant(value)
    return attr.value if type(attr) is IntegerAttr else None


def _replace_with_constant(rewriter, op, attr) -> bool:
    rewriter.replace_op(op, rewriter.insert(arith.ConstantOp(attr, loc=op.location)))
    return True


def _replace(rewriter, op, new) -> bool:
    new.location = op.location
    rewriter.replace_op(op, rewriter.insert(new))
    return True


# --- combining, as arith ops ---------------------------------------------------------------------
_ARITH = {  # kind -> (integer op, float op)
    "add": (arith.AddIOp, arith.AddFOp), "mul": (arith.MulIOp, arith.MulFOp),
    "and": (arith.AndIOp, None), "or": (arith.OrIOp, None), "xor": (arith.XOrIOp, None),
    "minsi": (arith.MinSIOp, None), "maxsi": (arith.MaxSIOp, None),
    "minui": (arith.MinUIOp, None), "maxui": (arith.MaxUIOp, None),
    "minnumf": (None, arith.MinNumFOp), "maxnumf": (None, arith.MaxNumFOp),
    "minimumf": (None, arith.MinimumFOp), "maximumf": (None, arith.MaximumFOp),
}  # fmt: skip


def combine(rewriter, kind: str, a, b, loc, fastmath=None):
    """`a kind b` as the arith op MLIR's `makeArithReduction` builds (fast-math flags go to
    float ops)."""
    is_float = isinstance(element_type_or_self(a.type), FloatType)
    op_class = _ARITH[kind][is_float]
    extra = {"fastmath": fastmath} if is_float and fastmath is not None else {}
    return rewriter.insert(op_class(a, b, loc=loc, **extra)).results[0]


# --- broadcast -----------------------------------------------------------------------------------
@pattern(BroadcastOp)
def broadcast_folder(op, rewriter) -> bool:
    """broadcast(broadcast(x)) -> broadcast(x) (MLIR's `BroadcastFolder`)."""
    inner = producer(op.operand(0), BroadcastOp)
    if inner is None:
        return False
    return _replace(rewriter, op, BroadcastOp(inner.operand(0), vector=op.results[0].type))


# --- extract -------------------------------------------------------------------------------------
@pattern(ExtractOp)
def extract_splat_constant(op, rewriter) -> bool:
    """extract(splat constant) -> constant (MLIR's `ExtractOpSplatConstantFolder`)."""
    value = _constant(op.operand(0))
    if not (isinstance(value, DenseElementsAttr) and value.is_splat):
        return False
    t = op.results[0].type
    if isinstance(t, VectorType):
        return _replace_with_constant(rewriter, op, constants.splat(t, value.raw))
    return _replace_with_constant(rewriter, op, constants.scalar(t, value.raw))


@pattern(ExtractOp)
def extract_non_splat_constant(op, rewriter) -> bool:
    """extract(constant) -> the constant's elements at the position (MLIR's
    `ExtractOpNonSplatConstantFolder`)."""
    value = _constant(op.operand(0))
    source = op.operand(0).type
    if op.has_dynamic_position() or source.scalable:
        return False
    if not isinstance(value, DenseElementsAttr) or value.is_splat:
        return False
    start = 0
    for i, size in enumerate(source.shape):
        start = start * size + (op.static[i] if i < len(op.static) else 0)
    values = constants.elements(value)
    t = op.results[0].type
    if isinstance(t, VectorType):
        attr = constants.dense(t, values[start : start + t.num_elements()])
    else:
        attr = constants.scalar(t, values[start])
    return _replace_with_constant(rewriter, op, attr)


@pattern(ExtractOp)
def extract_from_broadcast(op, rewriter) -> bool:
    """extract(broadcast(x)) -> broadcast(x) when x has no more dims than the result
    (MLIR's `ExtractOpFromBroadcast`; a 0-D source becomes an extractelement)."""
    broadcast = producer(op.operand(0), BroadcastOp, SplatOp)
    if broadcast is None:
        return False
    source, t = broadcast.operand(0), op.results[0].type
    if t == source.type:
        return False
    source_rank = source.type.rank if isinstance(source.type, VectorType) else 0
    result_rank = t.rank if isinstance(t, VectorType) else 0
    if result_rank < source_rank:
        return False
    if result_rank == 0:
        return _replace(rewriter, op, ExtractElementOp(source, None))
    return _replace(rewriter, op, BroadcastOp(source, vector=t))


@pattern(ExtractOp)
def extract_from_create_mask(op, rewriter) -> bool:
    """extract(create_mask) -> a create_mask of the trailing sizes, or all false when the
    position lies outside the mask (MLIR's `ExtractOpFromCreateMask`)."""
    mask = producer(op.operand(0), CreateMaskOp)
    t = op.results[0].type
    if mask is None or not isinstance(t, VectorType):
        return False
    shape = mask.results[0].type.shape
    unknown = False
    all_false = mask_format(mask.results[0]) == ALL_FALSE
    for dim, position in enumerate(op.static):
        if all_false:
            break
        bound = _constant_int(mask.sizes[dim])
        if bound is None:
            unknown = True
        elif position != DYNAMIC:
            all_false |= position >= bound
        elif bound < shape[dim]:
            unknown = True
    if all_false:
        return _replace_with_constant(rewriter, op, constants.splat(t, b"\x00"))
    if unknown:
        return False
    return _replace(rewriter, op, CreateMaskOp(mask.sizes[len(op.static) :], result=t))


@pattern(ExtractOp)
def extract_from_shape_cast_to_shape_cast(op, rewriter) -> bool:
    """extract(shape_cast(x)) -> shape_cast(x) when nothing is dropped (MLIR's
    `foldExtractFromShapeCastToShapeCast`)."""
    cast = producer(op.operand(0), ShapeCastOp)
    t = op.results[0].type
    if cast is None or not isinstance(t, VectorType):
        return False
    if cast.operand(0).type.num_elements() != t.num_elements():
        return False
    return _replace(rewriter, op, ShapeCastOp(cast.operand(0), result=t))


# --- insert --------------------------------------------------------------------------------------
@pattern(InsertOp)
def insert_to_broadcast(op, rewriter) -> bool:
    """An insert that overwrites every element is a broadcast of its source (MLIR's
    `InsertToBroadcast`)."""
    source, dest = op.operand(0).type, op.operand(1).type
    if not isinstance(source, VectorType) or source.num_elements() != dest.num_elements():
        return False
    return _replace(rewriter, op, BroadcastOp(op.operand(0), vector=dest))


@pattern(InsertOp)
def insert_splat_to_splat(op, rewriter) -> bool:
    """insert(splat x, splat x) -> splat x (MLIR's `InsertSplatToSplat`)."""
    source = producer(op.operand(0), SplatOp)
    dest = producer(op.operand(1), SplatOp)
    if source is None or dest is None or source.operand(0) is not dest.operand(0):
        return False
    return _replace(rewriter, op, SplatOp(source.operand(0), aggregate=op.results[0].type))


_FOLD_SIZE_LIMIT = 256  # MLIR's `vectorSizeFoldThreshold`


@pattern(InsertOp)
def insert_constant_folder(op, rewriter) -> bool:
    """insert(constant, constant) -> constant, unless that makes a large constant that
    another op still uses (MLIR's `InsertOpConstantFolder`)."""
    dest = op.operand(1)
    if op.has_dynamic_position() or dest.type.scalable:
        return False
    value = _constant(dest)
    if not isinstance(value, DenseElementsAttr):
        return False
    if dest.type.num_elements() > _FOLD_SIZE_LIMIT and len(list(dest.uses)) != 1:
        return False
    source = _constant(op.operand(0))
    if isinstance(source, DenseElementsAttr):
        inserted = constants.elements(source)
    else:
        chunk = constants.element_of(source)
        if chunk is None:
            return False
        inserted = [chunk]
    start = 0
    for i, size in enumerate(dest.type.shape):
        start = start * size + (op.static[i] if i < len(op.static) else 0)
    values = constants.elements(value)
    values[start : start + len(inserted)] = inserted
    return _replace_with_constant(rewriter, op, constants.dense(dest.type, values))


# --- shuffle -------------------------------------------------------------------------------------
@pattern(ShuffleOp)
def shuffle_splat(op, rewriter) -> bool:
    """shuffle(splat x, splat x) -> splat x (MLIR's `ShuffleSplat`)."""
    a, b = producer(op.operand(0), SplatOp), producer(op.operand(1), SplatOp)
    if a is None or b is None or a.operand(0) is not b.operand(0):
        return False
    return _replace(rewriter, op, SplatOp(a.operand(0), aggregate=op.results[0].type))


@pattern(ShuffleOp)
def shuffle_interleave(op, rewriter) -> bool:
    """A shuffle alternating the elements of two 1-D vectors is an interleave (MLIR's
    `ShuffleInterleave`)."""
    t, a = op.results[0].type, op.operand(0).type
    if t.scalable or t.rank != 1 or a != op.operand(1).type:
        return False
    if 2 * a.num_elements() != t.num_elements():
        return False
    half = t.shape[0] // 2
    expected = [x for i in range(half) for x in (i, half + i)]
    if op.mask_values() != expected:
        return False
    return _replace(rewriter, op, InterleaveOp(op.operand(0), op.operand(1), result=t))


@pattern(ShuffleOp)
def shuffle_0d(op, rewriter) -> bool:
    """A shuffle of 0-D vectors picking one is a broadcast of it (MLIR's
    `Canonicalize0DShuffleOp`)."""
    a = op.operand(0).type
    mask = op.mask_values()
    if a.rank != 0 or len(mask) != 1:
        return False
    picked = op.operand(0) if mask[0] == 0 else op.operand(1)
    return _replace(rewriter, op, BroadcastOp(picked, vector=vector_type((1,), a.element_type)))


# --- shape_cast ----------------------------------------------------------------------------------
@pattern(ShapeCastOp)
def shape_cast_constant(op, rewriter) -> bool:
    """shape_cast(splat constant) -> constant (MLIR's `ShapeCastConstantFolder`)."""
    value = _constant(op.operand(0))
    if not (isinstance(value, DenseElementsAttr) and value.is_splat):
        return False
    return _replace_with_constant(rewriter, op, constants.splat(op.results[0].type, value.raw))


def _without_trailing_unit_dims(t: VectorType) -> VectorType:
    """`t` without trailing fixed unit dims, keeping at least one dim (MLIR's
    `trimTrailingOneDims`)."""
    shape, flags = list(t.shape), list(t.scalable or (False,) * t.rank)
    while shape and shape[-1] == 1 and not flags[-1]:
        shape.pop()
        flags.pop()
    if not shape:
        shape, flags = list(t.shape[-1:]), list((t.scalable or (False,) * t.rank)[-1:])
    return vector_type(shape, t.element_type, flags)


@pattern(ShapeCastOp)
def shape_cast_of_mask_dropping_unit_dims(op, rewriter) -> bool:
    """shape_cast(create_mask ..., 1, 1) that drops those trailing unit dims -> a
    create_mask without them; the same for constant_mask (MLIR's
    `ShapeCastCreateMaskFolderTrailingOneDim`)."""
    create = producer(op.operand(0), CreateMaskOp)
    constant = producer(op.operand(0), ConstantMaskOp)
    source, t = op.operand(0).type, op.results[0].type
    if (create is None and constant is None) or _without_trailing_unit_dims(source) != t:
        return False
    dropped = source.rank - t.rank
    if not dropped:
        return False
    if create is not None:
        sizes = list(create.sizes)
        if any(_constant_int(s) != 1 for s in sizes[-dropped:]):
            return False
        return _replace(rewriter, op, CreateMaskOp(sizes[:-dropped], result=t))
    sizes = constant.sizes()
    if any(s != 1 for s in sizes[-dropped:]):
        return False
    return _replace(
        rewriter, op, ConstantMaskOp(mask_dim_sizes=i64_array(sizes[:-dropped]), result=t)
    )


@pattern(ShapeCastOp)
def shape_cast_of_broadcast(op, rewriter) -> bool:
    """shape_cast(broadcast(x)) -> broadcast(x) when x's shape is a suffix of the result,
    or shape_cast(x) when x has as many elements (MLIR's `ShapeCastBroadcastFolder`)."""
    broadcast = producer(op.operand(0), BroadcastOp)
    if broadcast is None:
        return False
    source = broadcast.operand(0)
    t = op.results[0].type
    source_shape = source.type.shape if isinstance(source.type, VectorType) else ()
    if t.shape[t.rank - len(source_shape) :] == source_shape:
        return _replace(rewriter, op, BroadcastOp(source, vector=t))
    if isinstance(source.type, VectorType) and source.type.num_elements() == t.num_elements():
        return _replace(rewriter, op, ShapeCastOp(source, result=t))
    return False


# --- transpose -----------------------------------------------------------------------------------
@pattern(TransposeOp)
def transpose_of_mask(op, rewriter) -> bool:
    """transpose(create_mask / constant_mask) -> the mask of permuted sizes (MLIR's
    `FoldTransposeCreateMask`)."""
    create = producer(op.operand(0), CreateMaskOp)
    constant = producer(op.operand(0), ConstantMaskOp)
    t, perm = op.results[0].type, op.perm
    if create is not None:
        sizes = list(create.sizes)
        return _replace(rewriter, op, CreateMaskOp([sizes[p] for p in perm], result=t))
    if constant is not None:
        sizes = constant.sizes()
        new = ConstantMaskOp(mask_dim_sizes=i64_array([sizes[p] for p in perm]), result=t)
        return _replace(rewriter, op, new)
    return False


@pattern(TransposeOp)
def transpose_of_scalar_broadcast(op, rewriter) -> bool:
    """transpose(broadcast(x)) -> broadcast(x) for a scalar or one-element x (MLIR's
    `FoldTransposedScalarBroadcast`)."""
    broadcast = producer(op.operand(0), BroadcastOp)
    if broadcast is None:
        return False
    source = broadcast.operand(0).type
    if isinstance(source, VectorType) and source.num_elements() != 1:
        return False
    return _replace(rewriter, op, BroadcastOp(broadcast.operand(0), vector=op.results[0].type))


@pattern(TransposeOp)
def transpose_of_transpose(op, rewriter) -> bool:
    """transpose(transpose(x, p), q) -> transpose(x, p o q) (MLIR's `TransposeFolder`)."""
    inner = producer(op.operand(0), TransposeOp)
    if inner is None:
        return False
    first = inner.perm
    composed = [first[i] for i in op.perm]
    new = TransposeOp.of(inner.operand(0), composed)
    return _replace(rewriter, op, new)


@pattern(TransposeOp)
def transpose_of_splat(op, rewriter) -> bool:
    """transpose(splat x) -> splat x (MLIR's `FoldTransposeSplat`)."""
    splat = producer(op.operand(0), SplatOp)
    if splat is None:
        return False
    return _replace(rewriter, op, SplatOp(splat.operand(0), aggregate=op.results[0].type))


# --- masks ---------------------------------------------------------------------------------------
@pattern(CreateMaskOp)
def create_mask_of_constants(op, rewriter) -> bool:
    """create_mask of constant sizes -> constant_mask, sizes clamped to the dims and all 0
    if one is not positive (MLIR's `CreateMaskFolder`; a scalable dim folds only when its
    size is not positive)."""
    t = op.results[0].type
    if t.rank == 0:
        return False
    sizes = [_constant_int(s) for s in op.sizes]
    flags = t.scalable or (False,) * t.rank
    if any(s is None or (scalable and s > 0) for s, scalable in zip(sizes, flags)):
        return False
    if any(s <= 0 for s in sizes):
        sizes = [0] * t.rank
    else:
        sizes = [min(s, d) for s, d in zip(sizes, t.shape)]
    return _replace(rewriter, op, ConstantMaskOp(mask_dim_sizes=i64_array(sizes), result=t))


@pattern(MaskedLoadOp)
def masked_load_folder(op, rewriter) -> bool:
    """An all-true masked load is a load; an all-false one its pass-through (MLIR's
    `MaskedLoadFolder`)."""
    known = mask_format(op.mask)
    if known == ALL_TRUE:
        return _replace(rewriter, op, LoadOp(op.base, op.indices, result=op.results[0].type))
    if known == ALL_FALSE:
        rewriter.replace_op(op, [op.pass_thru])
        return True
    return False


@pattern(MaskedStoreOp)
def masked_store_folder(op, rewriter) -> bool:
    """An all-true masked store is a store; an all-false one does nothing (MLIR's
    `MaskedStoreFolder`)."""
    known = mask_format(op.mask)
    if known == ALL_TRUE:
        new = StoreOp(op.value_to_store, op.base, op.indices, loc=op.location)
        rewriter.insert(new)
        rewriter.erase_op(op)
        return True
    if known == ALL_FALSE:
        rewriter.erase_op(op)
        return True
    return False


# --- reductions ----------------------------------------------------------------------------------
@pattern(ReductionOp)
def elide_single_element_reduction(op, rewriter) -> bool:
    """A reduction of one element is that element, combined with the accumulator (MLIR's
    `ElideSingleElementReduction`; a 0-D vector is read with extractelement)."""
    t = op.operand(0).type
    if t.rank != 0 and t.shape[0] != 1:
        return False
    loc = op.location
    if t.rank == 0:
        element = rewriter.insert(ExtractElementOp(op.operand(0), None, loc=loc))
    else:
        element = rewriter.insert(ExtractOp.at(op.operand(0), [0], loc=loc))
    result = element.results[0]
    if op.acc is not None:
        kind = op.properties["kind"].value
        result = combine(rewriter, kind, result, op.acc, loc, op.properties.get("fastmath"))
    rewriter.replace_op(op, [result])
    return True


@pattern(MultiDimReductionOp)
def elide_unit_dims_in_multi_reduction(op, rewriter) -> bool:
    """A multi_reduction over unit dims only reshapes: a shape_cast (or an extract, to a
    scalar) combined with the accumulator (MLIR's `ElideUnitDimsInMultiDimReduction`)."""
    source = op.operand(0)
    dims = op.dims()
    if any(source.type.shape[d] != 1 for d in dims if 0 <= d < source.type.rank):
        return False
    loc, t = op.location, op.results[0].type
    if isinstance(t, VectorType):
        cast = rewriter.insert(ShapeCastOp(source, result=t, loc=loc))
    else:
        cast = rewriter.insert(ExtractOp.at(source, [0] * source.type.rank, loc=loc))
    kind = op.properties["kind"].value
    rewriter.replace_op(op, [combine(rewriter, kind, op.operand(1), cast.results[0], loc)])
    return True


# --- transfers -----------------------------------------------------------------------------------
@pattern(TransferWriteOp)
def fold_write_after_write(op, rewriter) -> bool:
    """A tensor write fully overwriting an earlier one (same place, type, map and mask)
    skips it, looking past single-use writes to other places (MLIR's `FoldWaw`)."""
    if not isinstance(op.source.type, RankedTensorType):
        return False
    to_modify = op
    prior = producer(op.source, TransferWriteOp)
    while prior is not None:
        if (
            list(prior.indices) == list(op.indices)
            and prior.mask is op.mask
            and prior.transferred_type == op.transferred_type
            and prior.map == op.map
        ):
            rewriter.modify_op_in_place(
                to_modify, lambda m=to_modify, p=prior: m.set_operand(1, p.source)
            )
            return True
        if not disjoint_transfers(prior, op) or len(list(prior.results[0].uses)) != 1:
            return False
        to_modify = prior
        prior = producer(prior.source, TransferWriteOp)
    return False


PATTERNS = {
    BroadcastOp: (broadcast_folder,),
    ExtractOp: (
        extract_splat_constant, extract_non_splat_constant, extract_from_broadcast,
        extract_from_create_mask, extract_from_shape_cast_to_shape_cast,
    ),
    InsertOp: (insert_to_broadcast, insert_splat_to_splat, insert_constant_folder),
    ShuffleOp: (shuffle_splat, shuffle_interleave, shuffle_0d),
    ShapeCastOp: (
        shape_cast_constant, shape_cast_of_mask_dropping_unit_dims, shape_cast_of_broadcast,
    ),
    TransposeOp: (
        transpose_of_mask, transpose_of_scalar_broadcast, transpose_of_transpose,
        transpose_of_splat,
    ),
    CreateMaskOp: (create_mask_of_constants,),
    MaskedLoadOp: (masked_load_folder,),
    MaskedStoreOp: (masked_store_folder,),
    ReductionOp: (elide_single_element_reduction,),
    MultiDimReductionOp: (elide_unit_dims_in_multi_reduction,),
    TransferWriteOp: (fold_write_after_write,),
}  # fmt: skip
