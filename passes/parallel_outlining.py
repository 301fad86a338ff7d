"""Outlining an `scf.parallel` for a thread team: what the loop captures from above, which
values are cloned rather than passed, and the inlining of reduction combiners.

The part of MLIR's OpenMP route (`convert-scf-to-openmp`, then the translation of
`omp.parallel` to LLVM IR, which outlines the region) that `convert-scf-to-gomp` does at the
scf level; `static_schedule` divides the iterations.
"""

from __future__ import annotations

from mlc.ir.block import Region
from mlc.ir.builder import Builder
from mlc.ir.operation import Operation
from mlc.ir.traits import ConstantLike
from mlc.ir.values import OpResult, Value


def defined_inside(value: Value, op: Operation) -> bool:
    """Whether `value` is a result or block argument of an op nested in `op` (or of `op`'s
    own blocks)."""
    block = value.parent_block()
    return block is not None and op.is_ancestor(block.parent_op)


def values_from_above(op: Operation) -> list[Value]:
    """The values `op` and the ops nested in it use that are defined outside `op`, in order
    of first use (MLIR's `getUsedValuesDefinedAbove`, plus `op`'s own operands)."""
    found: dict[Value, None] = dict.fromkeys(op.operands)
    for inner in op.iter_nested():
        for value in inner.operands:
            if not defined_inside(value, op):
                found.setdefault(value, None)
    return list(found)


def is_sinkable_constant(value: Value) -> bool:
    """A result of a constant-like op without operands: cloned into the outlined function
    rather than passed to it, so LLVM still sees the constant (as MLIR's outlining of GPU
    kernels sinks constants)."""
    if not isinstance(value, OpResult):
        return False
    owner = value.owner
    return not owner.operands and not owner.regions and owner.has_trait(ConstantLike)


def combiner_is_closed(reduction: Region, loop: Operation) -> bool:
    """Whether a reduction region uses only its own values and values defined above
    `loop`: it can then be inlined anywhere the loop's operands are visible (MLIR's OpenMP
    conversion requires the same to build an `omp.declare_reduction`)."""
    block = reduction.blocks[0] if reduction.blocks else None
    if block is None or block.first_op is None:
        return False
    for inner in block.ops:
        nested = [inner, *inner.iter_nested()]
        for value in (v for o in nested for v in o.operands):
            if defined_inside(value, loop) and not reduction.is_ancestor_of(
                value.parent_block().parent
            ):
                return False
    return True


def inline_combiner(b: Builder, reduction: Region, lhs: Value, rhs: Value) -> Value:
    """A copy of the reduction region's ops at `b`, its arguments `lhs` and `rhs`; returns
    the value its `scf.reduce.return` returns."""
    block = reduction.blocks[0]
    mapping = {block.args[0]: lhs, block.args[1]: rhs}
    *body, terminator = block.ops
    for op in body:
        b.insert(op.clone(mapping))
    returned = terminator.operands[0]
    return mapping.get(returned, returned)
