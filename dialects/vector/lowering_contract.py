"""The lowering of `vector.contract` that MLIR 19's `convert-vector-to-llvm` applies
(`ContractionOpLowering` with the default "dot" strategy, LowerVectorContract.cpp).

A matrix-matrix or matrix-vector contraction whose maps are one of the known transposed
forms becomes dot products: the operands are transposed so that the reduction dim is the
innermost, then each result element is `reduction <add>(lhs row * rhs row)`, and the
accumulator is added at the end. Any other `add` contraction is unrolled one dim at a time
into smaller contractions (a batch dim, then a free lhs dim, then a free rhs dim, then a
reduction dim, feeding each part's result into the next as its accumulator), which the
greedy driver lowers in turn, down to 1-D dot products.
"""

from __future__ import annotations

from mlc.dialects import arith
from mlc.dialects.vector.attributes import ADD, IteratorTypeAttr
from mlc.dialects.vector.contraction import ContractionOp, ReductionOp
from mlc.dialects.vector.rewriting import extract_at, insert_at, zero_vector
from mlc.dialects.vector.shapes import TransposeOp
from mlc.ir.affine import AffineDimExpr, AffineMap, AffineMapAttr
from mlc.ir.attributes import ArrayAttr
from mlc.ir.rewrite import pattern
from mlc.ir.types import IntegerType, VectorType


def _map(dims: int, *results: int) -> AffineMap:
    """`(d0, .., d<dims-1>) -> (results)`."""
    return AffineMap(dims, 0, tuple(AffineDimExpr(r) for r in results))


M, N, K = 0, 1, 2
# Matrix-matrix maps -> (transpose lhs, transpose rhs, swap): operands as `lhs` rows times
# `rhs` rows, both along the reduction dim (MLIR's table in `ContractionOpToDotLowering`).
MATMAT = {
    (_map(3, M, K), _map(3, K, N), _map(3, M, N)): ("", "rhs"),
    (_map(3, M, K), _map(3, N, K), _map(3, M, N)): ("",),
    (_map(3, K, M), _map(3, K, N), _map(3, M, N)): ("lhs", "rhs"),
    (_map(3, K, M), _map(3, N, K), _map(3, M, N)): ("lhs",),
    (_map(3, M, K), _map(3, K, N), _map(3, N, M)): ("swap", "lhs"),
    (_map(3, M, K), _map(3, N, K), _map(3, N, M)): ("swap",),
    (_map(3, K, M), _map(3, K, N), _map(3, N, M)): ("swap", "lhs", "rhs"),
    (_map(3, K, M), _map(3, N, K), _map(3, N, M)): ("swap", "rhs"),
}
# Matrix-vector maps `(m, n) -> ...` with n the reduction.
MATVEC = {
    (_map(2, M, N), _map(2, N), _map(2, M)): ("",),
    (_map(2, N, M), _map(2, N), _map(2, M)): ("lhs",),
    (_map(2, N), _map(2, M, N), _map(2, M)): ("swap",),
    (_map(2, N), _map(2, N, M), _map(2, M)): ("swap", "lhs"),
}


def _transpose(rewriter, value):
    return rewriter.insert(TransposeOp.of(value, [1, 0])).results[0]


def _is_int(t) -> bool:
    element = t.element_type if isinstance(t, VectorType) else t
    return isinstance(element, IntegerType)


def _mul(rewriter, a, b, is_int: bool):
    return rewriter.create(arith.MulIOp if is_int else arith.MulFOp, a, b).results[0]


def _add(rewriter, a, b, is_int: bool):
    return rewriter.create(arith.AddIOp if is_int else arith.AddFOp, a, b).results[0]


def _reduce_add(rewriter, vector, acc=None):
    """`vector.reduction <add>` of `vector`, with `acc` when given."""
    operands = [vector] if acc is None else [vector, acc]
    new = ReductionOp.create(operands, [vector.type.element_type], {"kind": ADD})
    new.properties = ReductionOp.definition.fill_defaults(new.properties)
    return rewriter.insert(new).results[0]


def lower_to_dot(op, rewriter) -> bool:
    """MLIR's `ContractionOpToDotLowering`: known matmat/matvec forms as dot products."""
    iterators = op.iterators()
    maps = tuple(op.maps())
    if iterators[:3] == ["parallel", "parallel", "reduction"] and len(iterators) == 3:
        plan = MATMAT.get(maps)
    elif iterators[:2] == ["parallel", "reduction"] and len(iterators) == 2:
        plan = MATVEC.get(maps)
    else:
        plan = None
    if plan is None:
        return False
    lhs, rhs = op.operand(0), op.operand(1)
    if "swap" in plan:
        lhs, rhs = rhs, lhs
    # MLIR builds the transposes of the swapped operands in this order.
    if "lhs" in plan:
        lhs = _transpose(rewriter, lhs)
    if "rhs" in plan:
        rhs = _transpose(rewriter, rhs)
    result_type = op.results[0].type
    is_int = _is_int(result_type)
    rows = result_type.shape[0]
    columns = result_type.shape[1] if result_type.rank == 2 else 1
    result = zero_vector(rewriter, result_type)
    for r in range(rows):
        a = extract_at(rewriter, lhs, [r])
        for c in range(columns):
            b = rhs if result_type.rank == 1 else extract_at(rewriter, rhs, [c])
            reduced = _reduce_add(rewriter, _mul(rewriter, a, b, is_int))
            position = [r] if result_type.rank == 1 else [r, c]
            result = insert_at(rewriter, reduced, result, position)
    result = _add(rewriter, result, op.operand(2), is_int)
    rewriter.replace_op(op, [result])
    return True


# --- unrolling ---------------------------------------------------------------------------------
def _position_of(map_: AffineMap, dim: int) -> int | None:
    """Which result of `map_` is dim `dim` (MLIR's `getResultIndex`)."""
    for i, expr in enumerate(map_.results):
        if expr.position == dim:
            return i
    return None


def _drop_dim(map_: AffineMap, dim: int) -> AffineMap:
    """`map_` without dim `dim`; later dims renumbered (MLIR's `adjustMap`)."""
    results = tuple(
        AffineDimExpr(e.position - (e.position > dim)) for e in map_.results if e.position != dim
    )
    return AffineMap(map_.num_dims - 1, 0, results)


def _drop_leading(t: VectorType, index: int) -> VectorType:
    shape = t.shape[:index] + t.shape[index + 1 :]
    scalable = t.scalable[:index] + t.scalable[index + 1 :] if t.scalable else ()
    return VectorType(shape, t.element_type, scalable)


def _reshape_load(rewriter, value, t, index: int, position: int):
    """Slice `position` of dim `index` out of `value` (MLIR's `reshapeLoad`)."""
    if index == -1:
        return value
    if index == 0:
        return extract_at(rewriter, value, [position])
    sliced = _drop_leading(t, index)
    result = zero_vector(rewriter, sliced)
    for d in range(sliced.shape[0]):
        row = extract_at(rewriter, value, [d])
        part = _reshape_load(rewriter, row, _drop_leading(t, 0), index - 1, position)
        result = insert_at(rewriter, part, result, [d])
    return result


def _reshape_store(rewriter, value, result, t, index: int, position: int):
    """Put `value` at `position` of dim `index` of `result` (MLIR's `reshapeStore`)."""
    if index == -1:
        return value
    if index == 0:
        return insert_at(rewriter, value, result, [position])
    for d in range(t.shape[0]):
        row = extract_at(rewriter, result, [d])
        part = extract_at(rewriter, value, [d])
        stored = _reshape_store(rewriter, part, row, _drop_leading(t, 0), index - 1, position)
        result = insert_at(rewriter, stored, result, [d])
    return result


def _smaller_contract(rewriter, op, lhs, rhs, acc, maps, iterators, result_type):
    props = {
        "indexing_maps": ArrayAttr(tuple(AffineMapAttr(m) for m in maps)),
        "iterator_types": ArrayAttr(tuple(IteratorTypeAttr(i) for i in iterators)),
        "kind": ADD,
    }
    new = ContractionOp.create([lhs, rhs, acc], [result_type], props)
    return rewriter.insert(new).results[0]


def _lower_parallel(op, rewriter, lhs_index: int, rhs_index: int):
    """MLIR's `lowerParallel`: one smaller contraction per index of a parallel dim."""
    maps = op.maps()
    lhs_type, rhs_type = op.operand(0).type, op.operand(1).type
    result_type = op.results[0].type
    if lhs_index >= 0:
        dim = maps[0].results[lhs_index].position
        if rhs_index >= 0 and dim != maps[1].results[rhs_index].position:
            return None
        size = lhs_type.shape[lhs_index]
    else:
        dim = maps[1].results[rhs_index].position
        size = rhs_type.shape[rhs_index]
    result_index = _position_of(maps[2], dim)
    if result_index is None:
        return None
    low_maps = [_drop_dim(m, dim) for m in maps]
    low_iterators = [it for i, it in enumerate(op.iterators()) if i != dim]
    low_type = _drop_leading(result_type, result_index)
    low_type = low_type if low_type.shape else low_type.element_type
    result = zero_vector(rewriter, result_type)
    for d in range(size):
        lhs = _reshape_load(rewriter, op.operand(0), lhs_type, lhs_index, d)
        rhs = _reshape_load(rewriter, op.operand(1), rhs_type, rhs_index, d)
        acc = _reshape_load(rewriter, op.operand(2), result_type, result_index, d)
        low = _smaller_contract(rewriter, op, lhs, rhs, acc, low_maps, low_iterators, low_type)
        result = _reshape_store(rewriter, low, result, result_type, result_index, d)
    return result


def _lower_reduction(op, rewriter):
    """MLIR's `lowerReduction`: iterator 0 of a contraction to a scalar, one index at a time,
    each part accumulating into the next; 1-D operands are a dot product."""
    if isinstance(op.results[0].type, VectorType):
        return None
    maps = op.maps()
    lhs_type, rhs_type = op.operand(0).type, op.operand(1).type
    lhs_index, rhs_index = _position_of(maps[0], 0), _position_of(maps[1], 0)
    if lhs_index is None or rhs_index is None:
        return None
    size = lhs_type.shape[lhs_index]
    if size != rhs_type.shape[rhs_index]:
        return None
    is_int = _is_int(op.results[0].type)
    if lhs_type.rank == 1:
        if rhs_type.rank != 1:
            return None
        product = _mul(rewriter, op.operand(0), op.operand(1), is_int)
        return _reduce_add(rewriter, product, op.operand(2))
    low_maps = [_drop_dim(m, 0) for m in maps]
    low_iterators = op.iterators()[1:]
    result = op.operand(2)
    for d in range(size):
        lhs = _reshape_load(rewriter, op.operand(0), lhs_type, lhs_index, d)
        rhs = _reshape_load(rewriter, op.operand(1), rhs_type, rhs_index, d)
        result = _smaller_contract(
            rewriter, op, lhs, rhs, result, low_maps, low_iterators, result.type
        )
    return result


@pattern(ContractionOp)
def lower_contraction(op, rewriter) -> bool:
    """MLIR's `ContractionOpLowering` for `add` contractions of one element type."""
    acc_type = op.operand(2).type
    element = acc_type.element_type if isinstance(acc_type, VectorType) else acc_type
    if op.operand(0).type.element_type != element or op.operand(1).type.element_type != element:
        return False
    if op.properties["kind"].value != "add" or len(op.operands) > 3:
        return False
    if lower_to_dot(op, rewriter):
        return True
    result = _unroll(op, rewriter)
    if result is None:
        return False
    rewriter.replace_op(op, [result])
    return True


def _unroll(op, rewriter):
    batch = op.dim_map("parallel")
    if batch:
        return _lower_parallel(op, rewriter, *batch[0])
    contracting = op.dim_map("reduction")
    lhs_contracting = {lhs for lhs, _ in contracting}
    rhs_contracting = {rhs for _, rhs in contracting}
    for i in range(op.operand(0).type.rank):
        if i not in lhs_contracting:
            return _lower_parallel(op, rewriter, i, -1)
    for i in range(op.operand(1).type.rank):
        if i not in rhs_contracting:
            return _lower_parallel(op, rewriter, -1, i)
    if contracting:
        return _lower_reduction(op, rewriter)
    return None
