"""Canonicalization patterns of `scf.for` and `scf.while`, as MLIR 19 registers them
(SCF.cpp), as a table keyed by op class (`LOOP_PATTERNS`).

Loops that run zero times become their initial values, loops that run once become their
body, loop-carried values that never change (or that nothing reads) stop being carried,
and `scf.while` loops stop forwarding values that are the same on every iteration.
`ForOpTensorCastFolder` waits for a tensor dialect.
"""

from __future__ import annotations

from mlc.dialects.arith import AddIOp, CmpIOp
from mlc.dialects.scf.canonicalization import (
    bool_constant,
    defining,
    is_defined_outside,
    merge_blocks,
    replace_op_with_region,
    replace_terminator,
)
from mlc.dialects.scf.loops import ForOp, WhileOp
from mlc.dialects.scf.ops import ConditionOp, YieldOp
from mlc.ir.block import Block, Region
from mlc.ir.builder import InsertionPoint
from mlc.ir.rewrite.folding import constant_int
from mlc.ir.rewrite.pattern import pattern
from mlc.ir.values import BlockArgument, OpResult, Value


def value_location(value: Value):
    """MLIR's `Value::getLoc`: the defining op's location, or the block argument's."""
    return value.op.location if isinstance(value, OpResult) else value.location


# --- scf.for ---------------------------------------------------------------------------------
def _new_for(rewriter, op: ForOp, inits: list) -> ForOp:
    """A loop with `op`'s bounds and discardable attributes carrying `inits`, with an empty
    body block of the induction variable and one argument per init."""
    iv = op.induction_var
    body = Block([iv.type, *(v.type for v in inits)],
                 [op.location, *(value_location(v) for v in inits)])  # fmt: skip
    new = ForOp(*op.operands[:3], inits, outs=[v.type for v in inits], regions=[Region([body])],
                attributes=dict(op.attributes), loc=op.location)  # fmt: skip
    return rewriter.insert(new)


@pattern(ForOp)
def fold_for_iter_args(op, rewriter) -> bool:
    """Loop-carried values that never change, or that nothing reads inside or after the
    loop, stop being carried (MLIR's `ForOpIterArgsFolder`)."""
    body = op.regions[0].blocks[0]
    terminator = body.last_op
    carried = list(zip(op.initArgs, op.region_iter_args, op.results, terminator.operands))
    forwarded = [
        arg is yielded or (not arg.has_uses() and (init is yielded or not result.has_uses()))
        for init, arg, result, yielded in carried
    ]
    if not any(forwarded):
        return False
    kept = [i for i, f in enumerate(forwarded) if not f]
    new = _new_for(rewriter, op, [carried[i][0] for i in kept])
    block = new.regions[0].blocks[0]
    new_args = iter(block.args[1:])
    new_results = iter(new.results)
    transfer, results = [block.args[0]], []
    for (init, _, _, _), is_forwarded in zip(carried, forwarded):
        transfer.append(init if is_forwarded else next(new_args))
        results.append(init if is_forwarded else next(new_results))
    merge_blocks(rewriter, body, block, transfer)
    merged = block.last_op
    yielded = [merged.operand(i) for i in kept]
    replace_terminator(
        rewriter, merged, YieldOp(yielded, loc=merged.location if kept else op.location)
    )
    rewriter.replace_op(op, results)
    return True


def _constant_difference(lower: Value, upper: Value) -> int | None:
    """`upper - lower` when both are constants or `upper` is `lower + constant` (MLIR's
    `computeConstDiff`). Constant bounds subtract exactly: MLIR wraps the difference to the
    bounds' width, which drops loops whose bounds are more than half the range apart."""
    lb, ub = constant_int(lower), constant_int(upper)
    if lb is not None and ub is not None:
        return ub - lb
    add = defining(upper, AddIOp)
    if add is None:
        return None
    a, b = add.operands
    if a is lower:
        return constant_int(b)
    return constant_int(a) if b is lower else None


@pattern(ForOp)
def simplify_trivial_loops(op, rewriter) -> bool:
    """A loop that runs zero times is its initial values, one that runs once is its body,
    and an empty loop that runs at all yields what it yields from outside (MLIR's
    `SimplifyTrivialLoops`)."""
    lb, ub = op.operand(0), op.operand(1)
    if lb is ub:
        rewriter.replace_op(op, op.initArgs)
        return True
    diff = _constant_difference(lb, ub)
    if diff is None:
        return False
    if diff <= 0:
        rewriter.replace_op(op, op.initArgs)
        return True
    step = op.constant_step()
    if step is None:
        return False
    if step >= diff:
        replace_op_with_region(rewriter, op, op.regions[0], [lb, *op.initArgs])
        return True
    body = op.regions[0].blocks[0]
    yielded = body.last_op.operands
    if body.first_op is not body.last_op or not all(is_defined_outside(op, v) for v in yielded):
        return False
    rewriter.replace_op(op, yielded)
    return True


# --- scf.while -------------------------------------------------------------------------------
def _new_while(rewriter, op: WhileOp, result_types, inits, blocks: bool) -> WhileOp:
    """A loop before `op` on `inits`; with `blocks`, a before block taking the inits' types
    and an after block taking the results' (MLIR's builder with body builders)."""
    regions = [Region(), Region()]
    if blocks:
        regions[0].add_block(Block([v.type for v in inits], [value_location(v) for v in inits]))
        regions[1].add_block(Block(list(result_types), [op.location] * len(result_types)))
    new = WhileOp(list(inits), outs=list(result_types), regions=regions, loc=op.location)
    return rewriter.insert(new)


def _replace_condition(rewriter, op: WhileOp, args) -> None:
    condition = op.condition_op
    new = ConditionOp(condition.operand(0), args, loc=condition.location)
    replace_terminator(rewriter, condition, new)


@pattern(WhileOp)
def remove_loop_invariant_args_from_before_block(op, rewriter) -> bool:
    """A before-block argument the loop hands back unchanged (yielded as its initial
    value, or as the after-block argument that received it) is the initial value (MLIR's
    `RemoveLoopInvariantArgsFromBeforeBlock`)."""
    after = op.regions[1].blocks[0]
    before_args, condition_args = op.before_args, op.condition_op.args
    yield_op = op.yield_op

    def invariant(i: int, init: Value, yielded: Value) -> bool:
        if yielded is init:
            return True
        if isinstance(yielded, BlockArgument) and yielded.block is after:
            forwarded = condition_args[yielded.index]
            return forwarded is before_args[i] or forwarded is init
        return False

    pairs = list(zip(op.inits, yield_op.operands))
    invariants = [invariant(i, init, yielded) for i, (init, yielded) in enumerate(pairs)]
    if not any(invariants):
        return False
    kept = [i for i, is_invariant in enumerate(invariants) if not is_invariant]
    new_yielded = [pairs[i][1] for i in kept]
    replace_terminator(rewriter, yield_op, YieldOp(new_yielded, loc=yield_op.location))
    new = _new_while(rewriter, op, op.result_types, [pairs[i][0] for i in kept], False)
    new_before = new.regions[0].add_block(
        Block([v.type for v in new_yielded], [before_args[i].location for i in kept])
    )
    new_args = iter(new_before.args)
    replacements = [init if is_invariant else next(new_args)
                    for (init, _), is_invariant in zip(pairs, invariants)]  # fmt: skip
    merge_blocks(rewriter, op.regions[0].blocks[0], new_before, replacements)
    rewriter.inline_region_before(op.regions[1], new.regions[1])
    rewriter.replace_op(op, new.results)
    return True


@pattern(WhileOp)
def remove_loop_invariant_value_yielded(op, rewriter) -> bool:
    """A value `scf.condition` forwards from outside the before block is the same on every
    iteration: the after block and the results use it directly (MLIR's
    `RemoveLoopInvariantValueYielded`)."""
    before = op.regions[0].blocks[0]
    condition_args = op.condition_op.args
    invariant = [v.parent_block() is not before for v in condition_args]
    if not any(invariant):
        return False
    kept = [v for v, is_invariant in zip(condition_args, invariant) if not is_invariant]
    after_args = op.after_args
    _replace_condition(rewriter, op, kept)
    new = _new_while(rewriter, op, [v.type for v in kept], op.inits, False)
    locations = [a.location for a, is_invariant in zip(after_args, invariant) if not is_invariant]
    new_after = new.regions[1].add_block(Block([v.type for v in kept], locations))
    new_args, new_results = iter(new_after.args), iter(new.results)
    args, results = [], []
    for value, is_invariant in zip(condition_args, invariant):
        args.append(value if is_invariant else next(new_args))
        results.append(value if is_invariant else next(new_results))
    merge_blocks(rewriter, op.regions[1].blocks[0], new_after, args)
    rewriter.inline_region_before(op.regions[0], new.regions[0])
    rewriter.replace_op(op, results)
    return True


@pattern(WhileOp)
def while_condition_truth(op, rewriter) -> bool:
    """In the after region, an argument that received the condition is true (MLIR's
    `WhileConditionTruth`)."""
    condition = op.condition_op
    true = None
    replaced = False
    for value, arg in zip(condition.args, op.after_args):
        if value is not condition.operand(0) or not arg.has_uses():
            continue
        if true is None:
            true = bool_constant(rewriter, True, op.location)
        rewriter.replace_all_uses_with(arg, true)
        replaced = True
    return replaced


_INVERSE_PREDICATES = (1, 0, 5, 4, 3, 2, 9, 8, 7, 6)  # eq<->ne, slt<->sge, sle<->sgt, ...


@pattern(WhileOp)
def while_cmp_cond(op, rewriter) -> bool:
    """In the after region, a comparison the condition already made is known true, and its
    inverse false (MLIR's `WhileCmpCond`)."""
    condition = op.condition_op
    cmp = defining(condition.operand(0), CmpIOp)
    if cmp is None:
        return False
    predicate = cmp.properties["predicate"].value
    changed = False
    for value, arg in zip(condition.args, op.after_args):
        for side in (0, 1):
            if value is not cmp.operand(side):
                continue
            for use in list(arg.uses):
                other = use.owner
                if not isinstance(other, CmpIOp) or other.parent is None:  # None: replaced
                    continue
                if other.operand(1 - side) is not cmp.operand(1 - side):
                    continue
                other_predicate = other.properties["predicate"].value
                if other_predicate == predicate:
                    truth = True
                elif other_predicate == _INVERSE_PREDICATES[predicate]:
                    truth = False
                else:
                    continue
                with rewriter.at(InsertionPoint.before(other)):
                    constant = bool_constant(rewriter, truth, other.location)
                rewriter.replace_op(other, [constant])
                changed = True
    return changed


@pattern(WhileOp)
def while_unused_result(op, rewriter) -> bool:
    """A result nothing uses, whose after-block argument nothing uses either, is no longer
    forwarded (MLIR's `WhileUnusedResult`)."""
    condition_args = op.condition_op.args
    triples = list(zip(op.results, op.after_args, condition_args))
    kept = [i for i, (result, arg, _) in enumerate(triples) if result.has_uses() or arg.has_uses()]
    if len(kept) == len(triples):
        return False
    _replace_condition(rewriter, op, [condition_args[i] for i in kept])
    types = [op.results[i].type for i in kept]
    new = _new_while(rewriter, op, types, op.inits, False)
    new_after = new.regions[1].add_block(Block(types, [op.location] * len(kept)))
    results: list = [None] * len(triples)
    args: list = [None] * len(triples)
    for k, i in enumerate(kept):
        results[i], args[i] = new.results[k], new_after.args[k]
    rewriter.inline_region_before(op.regions[0], new.regions[0])
    merge_blocks(rewriter, op.regions[1].blocks[0], new_after, args)
    rewriter.replace_op(op, results)
    return True


@pattern(WhileOp)
def while_remove_duplicated_results(op, rewriter) -> bool:
    """A value `scf.condition` forwards twice is forwarded once (MLIR's
    `WhileRemoveDuplicatedResults`)."""
    condition_args = op.condition_op.args
    positions: dict = {}
    for value in condition_args:
        positions.setdefault(value, len(positions))
    if len(positions) == len(condition_args):
        return False
    unique = list(positions)
    new = _new_while(rewriter, op, [v.type for v in unique], op.inits, True)
    new_before, new_after = new.regions[0].blocks[0], new.regions[1].blocks[0]
    after_args = [new_after.args[positions[v]] for v in condition_args]
    results = [new.results[positions[v]] for v in condition_args]
    _replace_condition(rewriter, op, unique)
    merge_blocks(rewriter, op.regions[0].blocks[0], new_before, new_before.args)
    merge_blocks(rewriter, op.regions[1].blocks[0], new_after, after_args)
    rewriter.replace_op(op, results)
    return True


@pattern(WhileOp)
def while_remove_unused_args(op, rewriter) -> bool:
    """A before-block argument nothing uses is no longer carried (MLIR's
    `WhileRemoveUnusedArgs`)."""
    before = op.regions[0].blocks[0]
    if all(arg.has_uses() for arg in before.args):
        return False
    yield_op = op.yield_op
    kept = [i for i, arg in enumerate(before.args) if arg.has_uses()]
    for i in reversed(range(len(before.args))):
        if i not in kept:
            before.erase_argument(i)
    new = _new_while(rewriter, op, op.result_types, [op.inits[i] for i in kept], True)
    replace_terminator(rewriter, yield_op, YieldOp([yield_op.operand(i) for i in kept],
                                                   loc=yield_op.location))  # fmt: skip
    new_before, new_after = new.regions[0].blocks[0], new.regions[1].blocks[0]
    merge_blocks(rewriter, before, new_before, new_before.args)
    merge_blocks(rewriter, op.regions[1].blocks[0], new_after, new_after.args)
    rewriter.replace_op(op, new.results)
    return True


@pattern(WhileOp)
def while_op_align_before_args(op, rewriter) -> bool:
    """When `scf.condition` forwards exactly the before-block arguments, in another order,
    it forwards them in their own order, the after block and results following (MLIR's
    `WhileOpAlignBeforeArgs`)."""
    before_args = op.before_args
    condition_args = op.condition_op.args
    if before_args == condition_args or len(set(condition_args)) != len(condition_args):
        return False
    if len(before_args) != len(condition_args) or set(before_args) != set(condition_args):
        return False
    # `position[i]`: where the value forwarded as result `i` sits among the arguments
    position = [before_args.index(v) for v in condition_args]
    _replace_condition(rewriter, op, before_args)
    types: list = [None] * len(position)
    for i, j in enumerate(position):
        types[j] = op.results[i].type
    new = _new_while(rewriter, op, types, op.inits, True)
    new_before, new_after = new.regions[0].blocks[0], new.regions[1].blocks[0]
    results = [new.results[j] for j in position]
    after_args = [new_after.args[j] for j in position]
    rewriter.inline_block_before(op.regions[0].blocks[0], InsertionPoint.at_start(new_before),
                                 new_before.args)  # fmt: skip
    rewriter.inline_block_before(op.regions[1].blocks[0], InsertionPoint.at_start(new_after),
                                 after_args)  # fmt: skip
    rewriter.replace_op(op, results)
    return True


LOOP_PATTERNS = {
    ForOp: [fold_for_iter_args, simplify_trivial_loops],
    WhileOp: [
        remove_loop_invariant_args_from_before_block,
        remove_loop_invariant_value_yielded,
        while_condition_truth,
        while_cmp_cond,
        while_unused_result,
        while_remove_duplicated_results,
        while_remove_unused_args,
        while_op_align_before_args,
    ],
}
