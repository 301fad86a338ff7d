"""The folds of `vector.extract`, as MLIR 19's `ExtractOp::fold` tries them: through chains of
extracts, of inserts and transposes, through broadcasts and shape casts.

Most rewrite the extract in place (a new source, a new position) and return its own
result; the others return the value it extracts. MLIR 19 folds no extract with a dynamic
position (not even one whose index operands are constants).
"""

from __future__ import annotations

from mlc.dialects.vector.base import producer
from mlc.dialects.vector.elements import (
    BroadcastOp,
    ExtractOp,
    InsertOp,
    SplatOp,
)
from mlc.dialects.vector.shapes import ShapeCastOp, TransposeOp
from mlc.ir.types import VectorType


def fold_extract(op: ExtractOp, operand_constants):
    if not op.static and op.operand(0).type == op.results[0].type:
        return [op.operand(0)]
    if op.has_dynamic_position():
        return None
    for fold in (_extract_chain, _insert_transpose_chain, _broadcast, _shape_cast):
        folded = fold(op)
        if folded is not None:
            return [folded]
    return None


def _rank(t) -> int:
    return t.rank if isinstance(t, VectorType) else 0


def _set(op: ExtractOp, source, position):
    """Make `op` extract `position` from `source`; its result is the fold."""
    op.set_operand(0, source)
    op.set_position(position)
    return op.results[0]


def _extract_chain(op: ExtractOp):
    """extract(extract(x, p), q) -> extract(x, p + q) (`foldExtractOpFromExtractChain`)."""
    if producer(op.operand(0), ExtractOp) is None:
        return None
    position, current = op.static, op
    while (inner := producer(current.operand(0), ExtractOp)) is not None:
        if inner.has_dynamic_position():
            return None
        position = inner.static + position
        current = inner
    return _set(op, current.operand(0), position)


def _insert_transpose_chain(op: ExtractOp):
    """Walk back through inserts and transposes (MLIR's
    `ExtractFromInsertTransposeChainState`): a transpose permutes the position; an insert
    at the position gives its source; an insert at a prefix of it, an extract from its
    source; an insert elsewhere, an extract from its destination. The position carries
    one negative sentinel per extracted dim, which must come out in order: a transposed
    result cannot be expressed as an extract."""
    extracted = len(op.static)
    sentinels = [-(i + 1) for i in range(op.operand(0).type.rank - extracted)]
    position = op.static + sentinels

    def can_fold() -> bool:
        return position[extracted:] == sentinels

    def fold_in_place(source):
        if source is op.operand(0) or not can_fold():
            return None
        return _set(op, source, position[:extracted])

    value = op.operand(0)
    while True:
        transpose = producer(value, TransposeOp)
        if transpose is not None:
            permuted = [0] * len(position)
            for i, p in enumerate(transpose.perm):
                permuted[p] = position[i]
            position = permuted
            value = transpose.operand(0)
            continue
        insert = producer(value, InsertOp)
        if insert is None:
            return fold_in_place(value)
        inserted = insert.static
        if not insert.has_dynamic_position():
            if inserted == position[:extracted] and can_fold():
                return insert.operand(0)
            if position[: len(inserted)] == inserted:
                position = position[len(inserted) :]
                extracted = len(position) - len(sentinels)
                return fold_in_place(insert.operand(0))
        if _is_prefix(position, inserted) or _intersects(position, inserted):
            return None
        value = insert.operand(1)


def _is_prefix(a, b) -> bool:
    return len(a) <= len(b) and b[: len(a)] == a


def _intersects(a, b) -> bool:
    """Equal wherever both entries are non-negative (sentinels and dynamic entries match
    anything)."""
    return all(x == y for x, y in zip(a, b) if x >= 0 and y >= 0)


def _broadcast(op: ExtractOp):
    """extract(broadcast(x)): x itself when the types agree, else an extract from x at
    the position without the new leading dims, and 0 where a unit dim was stretched
    (`foldExtractFromBroadcast`)."""
    broadcast = producer(op.operand(0), BroadcastOp, SplatOp)
    if broadcast is None:
        return None
    source = broadcast.operand(0)
    result_type = op.results[0].type
    if result_type == source.type:
        return source
    source_rank, result_rank = _rank(source.type), _rank(result_type)
    if result_rank >= source_rank:
        return None
    if (
        isinstance(result_type, VectorType)
        and result_type.shape != source.type.shape[source_rank - result_rank :]
    ):
        return None
    stretched = broadcast.broadcasted_unit_dims()
    lead = broadcast.results[0].type.rank - source_rank
    position = [0 if i >= lead and i in stretched else p for i, p in enumerate(op.static)]
    return _set(op, source, position[len(position) - (source_rank - result_rank) :])


def _shape_cast(op: ExtractOp):
    """extract(shape_cast(x)) -> extract(x) at the position of the same elements, when the
    extracted trailing dims are trailing dims of x (`foldExtractFromShapeCast`)."""
    cast = producer(op.operand(0), ShapeCastOp)
    if cast is None:
        return None
    source, cast_type = cast.operand(0).type, op.operand(0).type
    result_rank = _rank(op.results[0].type)
    if source.rank == 0 or cast_type.rank == 0 or result_rank > source.rank:
        return None
    if len(op.static) + result_rank != cast_type.rank:
        return None
    if (
        result_rank
        and source.shape[source.rank - result_rank :]
        != cast_type.shape[cast_type.rank - result_rank :]
    ):
        return None
    linear = 0
    for p, size in zip(op.static, cast_type.shape[: len(op.static)]):
        linear = linear * size + p
    position = []
    for size in reversed(source.shape[: source.rank - result_rank]):
        linear, p = divmod(linear, size)
        position.append(p)
    return _set(op, cast.operand(0), position[::-1])
