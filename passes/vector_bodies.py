"""Scalar `tensor.generic` bodies computed on vectors: the element-wise subset MLIR's linalg
vectorizer handles (`vectorizeAsLinalgGeneric` over `isElementwise` ops), shared by the
schedules that keep a generic's elements in vector registers (a contraction's epilogue,
`contraction_epilogue`; a generic's innermost loop, `generic_vectorize`).

An operand is read along a loop as a vector when its map reads the loop as its last result
only (`reads_along`), else once and broadcast. A body qualifies when its ops, but its
terminator, are arith and math ops without regions on integer or float scalars, none of
those without a vector form LLVM lowers: integer division and remainder (no x86 vector
instruction; and a masked-off lane may hold a zero divisor, undefined behaviour on a
vector) and `math.fpowi`/`math.ipowi` (`llvm.powi` takes a scalar exponent, so
`convert-math-to-llvm` keeps vector ones). Each op is then cloned with its results made
vectors of the same element type, constants and values from above the body broadcast.
"""

from __future__ import annotations

from mlc.dialects import arith, vector
from mlc.ir.affine import AffineDimExpr, AffineMap
from mlc.ir.block import Block
from mlc.ir.builder import Builder
from mlc.ir.types import FloatType, IntegerType, VectorType
from mlc.ir.values import Value
from mlc.passes.tensor_to_loops import dims_used

NO_VECTOR_FORM = frozenset((
    "arith.divsi", "arith.divui", "arith.remsi", "arith.remui", "arith.ceildivsi",
    "arith.ceildivui", "arith.floordivsi", "math.fpowi", "math.ipowi",
))  # fmt: skip


def reads_along(m: AffineMap, loop: int) -> bool | None:
    """True when `m`'s last result is the plain `loop` and no other result reads it (the
    loop runs along the operand's last dim), False when no result reads it (each element
    stays the same along the loop: a broadcast), None otherwise (a gather along the loop)."""
    users = [i for i, e in enumerate(m.results) if loop in dims_used(e)]
    if not users:
        return False
    if users == [len(m.results) - 1] and m.results[-1] == AffineDimExpr(loop):
        return True
    return None


def is_elementwise(block: Block) -> bool:
    """The body's ops (all but the terminator) have element-wise vector forms."""
    for op in block.ops:
        if op is block.last_op:
            return True
        if not op.name.startswith(("arith.", "math.")) or op.regions or op.name in NO_VECTOR_FORM:
            return False
        types = [*op.result_types, *(v.type for v in op.operands)]
        if not all(isinstance(t, FloatType | IntegerType) for t in types):
            return False
    return True


def splat(b: Builder, scalar: Value, lanes: int) -> Value:
    """`scalar` broadcast to `lanes` lanes."""
    return b.create(vector.BroadcastOp, scalar,
                    result_types=[VectorType((lanes,), scalar.type)]).result  # fmt: skip


def clone_on_vectors(b: Builder, block: Block, mapping: dict, lanes: int) -> list[Value]:
    """The body of `block` (`is_elementwise`) cloned at `b` on vectors of `lanes` lanes, its
    arguments as `mapping` maps them (to vectors); returns the vectors it yields."""
    for op in block.ops:
        if op is block.last_op:
            break
        for operand in op.operands:
            if operand not in mapping:  # defined outside the body
                mapping[operand] = splat(b, operand, lanes)
        clone = b.insert(op.clone(mapping))
        if isinstance(op, arith.ConstantOp):
            mapping[op.results[0]] = splat(b, clone.results[0], lanes)
            continue
        for r in clone.results:
            r.type = VectorType((lanes,), r.type)
    return [mapping[v] if v in mapping else splat(b, v, lanes) for v in block.last_op.operands]
