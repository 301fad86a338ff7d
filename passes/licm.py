"""`loop-invariant-code-motion`: hoist ops that compute the same thing on every iteration out
of loops (MLIR's `LoopInvariantCodeMotion` and `moveLoopInvariantCode`,
mlir/lib/Transforms/Utils/LoopInvariantCodeMotionUtils.cpp).

A loop is an op with the `LoopLike` trait and a `loop_regions()` method (scf.for, scf.while,
...). Loops are visited innermost first, so what leaves an inner loop can leave the outer one
next. In each loop region, a top-level op moves before the loop when it is free of memory
effects, speculatable (it may now run when the loop body would not have: `arith.divsi` by a
possibly-zero value stays) and not a terminator, and every value it and its nested ops use
is defined outside the loop or inside the op itself. When an op moves, its users in the same
region are looked at again.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from mlc.ir.effects import is_memory_effect_free, is_speculatable
from mlc.ir.operation import Operation
from mlc.ir.traits import LoopLike, Terminator
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass


def move_loop_invariant_code(loop: Operation) -> int:
    """Hoist the invariant ops of `loop`'s loop regions before it; how many moved."""
    moved = 0
    for region in loop.loop_regions():
        worklist = deque(op for block in region.blocks for op in block.ops)
        while worklist:
            op = worklist.popleft()
            if op.parent_region is not region:  # already moved
                continue
            if not (is_memory_effect_free(op) and is_speculatable(op)):
                continue
            if not _can_be_hoisted(op, loop):
                continue
            op.move_before(loop)
            moved += 1
            worklist.extend(user for r in op.results for user in r.users)
    return moved


def _can_be_hoisted(op: Operation, loop: Operation) -> bool:
    """No terminator; every operand of `op` and of its nested ops is defined outside `loop`
    or inside `op` (MLIR's `canBeHoisted`)."""
    if op.has_trait(Terminator):
        return False
    for inner in (op, *op.iter_nested()):
        for value in inner.operands:
            block = value.parent_block()
            owner = block.parent_op if block is not None else None
            if owner is not None and op.is_ancestor(owner):
                continue  # defined in one of op's own regions
            if owner is not None and loop.is_ancestor(owner):
                return False
    return True


def _loops_innermost_first(root: Operation) -> list[Operation]:
    """The `LoopLike` ops nested in `root`, each after the loops nested in it."""
    loops = [op for op in root.iter_nested() if op.has_trait(LoopLike)]
    loops.reverse()  # pre-order reversed: every nested loop comes before its ancestors
    return loops


@register_pass
@dataclass(frozen=True)
class LoopInvariantCodeMotion(Pass):
    """Hoists loop-invariant ops out of every loop nested in the op."""

    name = "loop-invariant-code-motion"
    summary = "Hoist loop invariant instructions outside of the loop"

    def run(self, op) -> None:
        for loop in _loops_innermost_first(op):
            move_loop_invariant_code(loop)
