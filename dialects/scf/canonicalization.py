"""Canonicalization patterns of `scf.if`, `scf.execute_region` and `scf.index_switch`, as MLIR
19 registers them (SCF.cpp), and the helpers the loop patterns (`loop_canonicalization.py`,
`parallel_canonicalization.py`) share. `patterns_for(cls)` is what
`ScfOp.get_canonicalization_patterns` returns.

Branches on constants become the branch taken; results every branch yields alike (or that
select between values from outside) leave the op; consecutive and nested `scf.if`s on
related conditions merge; single-block `scf.execute_region`s are inlined.
"""

from __future__ import annotations

from mlc.dialects.arith import AndIOp, ConstantOp, SelectOp, XOrIOp
from mlc.dialects.cf.ops import BranchOp
from mlc.dialects.scf.ops import ExecuteRegionOp, IfOp, IndexSwitchOp, YieldOp
from mlc.ir.attributes import IntegerAttr
from mlc.ir.block import Block, Region
from mlc.ir.builder import InsertionPoint
from mlc.ir.rewrite.folding import constant_int
from mlc.ir.rewrite.pattern import pattern
from mlc.ir.traits import CallableOpInterface
from mlc.ir.types import i1
from mlc.ir.values import OpResult, Value


# --- helpers ---------------------------------------------------------------------------------
def parent_region(value: Value) -> Region | None:
    block = value.parent_block()
    return block.parent if block is not None else None


def is_defined_outside(op, value: Value) -> bool:
    """`value` is not defined in `op`'s regions (MLIR's `isDefinedOutsideOfLoop`)."""
    block = value.parent_block()
    owner = block.parent_op if block is not None else None
    return owner is None or not op.is_ancestor(owner)


def defining(value: Value, op_class):
    """The op of class `op_class` defining `value`, or None."""
    return value.op if isinstance(value, OpResult) and isinstance(value.op, op_class) else None


def is_not(value: Value, negated: Value) -> bool:
    """`value` is `arith.xori %negated, true` (MLIR matches `m_One` on the right operand)."""
    xor = defining(value, XOrIOp)
    return xor is not None and xor.operand(0) is negated and bool(constant_int(xor.operand(1)))


def merge_blocks(rewriter, source: Block, dest: Block, args=()) -> None:
    """Move the ops of `source` to the end of `dest`, its arguments replaced by `args`
    (MLIR's `mergeBlocks`)."""
    rewriter.inline_block_before(source, InsertionPoint.at_end(dest), args)


def replace_op_with_region(rewriter, op, region: Region, args=()) -> None:
    """Replace `op` by the ops of `region`'s single block, its results by what the block's
    terminator hands on (MLIR's `replaceOpWithRegion`)."""
    block = region.blocks[0]
    terminator = block.last_op
    results = terminator.operands
    rewriter.inline_block_before(block, op, args)
    rewriter.replace_op(op, results)
    rewriter.erase_op(terminator)


def replace_terminator(rewriter, terminator, new) -> None:
    """Put the detached terminator `new` in place of `terminator`."""
    with rewriter.at(InsertionPoint.before(terminator)):
        rewriter.insert(new)
    rewriter.erase_op(terminator)


def bool_constant(rewriter, value: bool, location) -> Value:
    """A new `arith.constant true/false` at the rewriter's insertion point."""
    return rewriter.insert(ConstantOp(IntegerAttr(int(value), i1), loc=location)).results[0]


def new_block(types, locations) -> Block:
    return Block(list(types), list(locations))


def patterns_for(cls) -> list:
    """The canonicalization patterns of scf op class `cls`."""
    from mlc.dialects.scf.loop_canonicalization import LOOP_PATTERNS
    from mlc.dialects.scf.parallel_canonicalization import PARALLEL_PATTERNS

    return PATTERNS.get(cls) or LOOP_PATTERNS.get(cls) or PARALLEL_PATTERNS.get(cls, [])


# --- scf.execute_region ----------------------------------------------------------------------
@pattern(ExecuteRegionOp)
def single_block_execute_inliner(op, rewriter) -> bool:
    """A region of one block needs no op around it (MLIR's `SingleBlockExecuteInliner`)."""
    if len(op.regions[0].blocks) != 1:
        return False
    replace_op_with_region(rewriter, op, op.regions[0])
    return True


def split_block_before(rewriter, op) -> Block:
    """Move `op` and the ops after it into a new block right after theirs (MLIR's
    `splitBlock`)."""
    block = op.parent
    tail = Block()
    block.parent.add_block(tail, block.parent.blocks.index(block) + 1)
    moving = op
    while moving is not None:
        following = moving.next_op
        tail.append(moving.detach())
        rewriter.listener.on_op_inserted(moving)
        moving = following
    return tail


@pattern(ExecuteRegionOp)
def multi_block_execute_inliner(op, rewriter) -> bool:
    """In a function or another `scf.execute_region`, a region of several blocks joins the
    enclosing region: branches go in and out, the results become block arguments (MLIR's
    `MultiBlockExecuteInliner`)."""
    parent = op.parent_op
    if not (parent.has_trait(CallableOpInterface) or isinstance(parent, ExecuteRegionOp)):
        return False
    before = op.parent
    after = split_block_before(rewriter, op)
    body = op.regions[0]
    with rewriter.at(InsertionPoint.at_end(before)):
        rewriter.insert(BranchOp(body.blocks[0], loc=op.location))
    for block in body.blocks:
        last = block.last_op
        if isinstance(last, YieldOp):
            replace_terminator(rewriter, last, BranchOp(after, last.operands, loc=last.location))
    rewriter.inline_region_before(body, before.parent, after)
    values = [after.add_argument(r.type, op.location) for r in op.results]
    rewriter.replace_op(op, values)
    return True


# --- scf.index_switch ------------------------------------------------------------------------
@pattern(IndexSwitchOp)
def fold_constant_case(op, rewriter) -> bool:
    """A switch on a constant runs the region for that value (MLIR's `FoldConstantCase`)."""
    value = constant_int(op.operand(0))
    if value is None:
        return False
    replace_op_with_region(rewriter, op, op.region_for(value))
    return True


# --- scf.if ----------------------------------------------------------------------------------
def _new_if(rewriter, op, types, condition, then_from=None, else_from=None) -> IfOp:
    """A new `scf.if` at the insertion point, with `op`'s location, taking the blocks of the
    regions `then_from` and `else_from` when given (else its regions are empty)."""
    new = IfOp(condition, outs=list(types), regions=[Region(), Region()], loc=op.location)
    rewriter.insert(new)
    for source, dest in ((then_from, new.regions[0]), (else_from, new.regions[1])):
        if source is not None:
            rewriter.inline_region_before(source, dest)
    return new


@pattern(IfOp)
def combine_ifs(op, rewriter) -> bool:
    """An `scf.if` right after one on the same (or the negated) condition joins it: each
    region runs both bodies (MLIR's `CombineIfs`)."""
    prev = op.prev_op
    if not isinstance(prev, IfOp):
        return False
    condition, prev_condition = op.operand(0), prev.operand(0)
    next_then = next_else = None
    has_else = bool(op.regions[1].blocks)
    if condition is prev_condition:
        next_then = op.regions[0].blocks[0]
        next_else = op.regions[1].blocks[0] if has_else else None
    if is_not(condition, prev_condition) or is_not(prev_condition, condition):
        next_else = op.regions[0].blocks[0]
        next_then = op.regions[1].blocks[0] if has_else else None
    if next_then is None and next_else is None:
        return False
    prev_else_yield = prev.else_yield
    prev_else_yielded = prev_else_yield.operands if prev_else_yield is not None else []
    for result, then_value, else_value in zip(
        prev.results, prev.then_yield.operands, prev_else_yielded
    ):
        for use in list(result.uses):
            region = use.owner.parent_region
            for block, value in ((next_then, then_value), (next_else, else_value)):
                if block is not None and block.parent.is_ancestor_of(region):
                    rewriter.modify_op_in_place(use.owner, lambda use=use, v=value: use.set(v))
                    break
    types = prev.result_types + op.result_types
    combined = _new_if(rewriter, op, types, prev_condition, prev.regions[0])
    then_block = combined.regions[0].blocks[0]
    if next_then is not None:
        _append_block_yielding_both(rewriter, then_block, next_then)
    rewriter.inline_region_before(prev.regions[1], combined.regions[1])
    if next_else is not None:
        if not combined.regions[1].blocks:
            rewriter.inline_region_before(next_else.parent, combined.regions[1])
        else:
            _append_block_yielding_both(rewriter, combined.regions[1].blocks[0], next_else)
    count = len(prev.results)
    rewriter.replace_op(prev, combined.results[:count])
    rewriter.replace_op(op, combined.results[count:])
    return True


def _append_block_yielding_both(rewriter, block: Block, appended: Block) -> None:
    """Run `appended` after `block`; the end yields what both yielded."""
    first, second = block.last_op, appended.last_op
    merge_blocks(rewriter, appended, block)
    values = first.operands + second.operands
    with rewriter.at(InsertionPoint.at_end(block)):
        rewriter.insert(YieldOp(values, loc=second.location))
    rewriter.erase_op(first)
    rewriter.erase_op(second)


@pattern(IfOp)
def combine_nested_ifs(op, rewriter) -> bool:
    """`scf.if %a { scf.if %b { ... } }` is `scf.if (%a and %b) { ... }` when no other op
    runs in either (MLIR's `CombineNestedIfs`)."""
    then_block = op.regions[0].blocks[0]
    nested = then_block.first_op
    if not isinstance(nested, IfOp) or nested.next_op is not then_block.last_op:
        return False
    else_yield = op.else_yield
    if else_yield is not None and else_yield.prev_op is not None:
        return False
    nested_else = nested.else_yield
    if nested_else is not None and nested_else.prev_op is not None:
        return False
    then_yielded = op.then_yield.operands
    else_yielded = else_yield.operands if else_yield is not None else []
    to_select = []
    for i, value in enumerate(then_yielded):
        if isinstance(value, OpResult) and value.op is nested:
            if nested_else is None or nested_else.operand(value.index) is not else_yielded[i]:
                return False
            then_yielded[i] = nested.then_yield.operand(value.index)
            continue
        if parent_region(value) is op.regions[0]:
            return False
        to_select.append(i)
    location = op.location
    condition = rewriter.insert(AndIOp(op.operand(0), nested.operand(0), loc=location))
    new = _new_if(rewriter, op, op.result_types, condition.results[0])
    new_then = new.regions[0].add_block(Block())
    results = list(new.results)
    with rewriter.at(InsertionPoint.before(new)):
        for i in to_select:
            select = SelectOp(op.operand(0), then_yielded[i], else_yielded[i],
                              result=then_yielded[i].type, loc=location)  # fmt: skip
            results[i] = rewriter.insert(select).results[0]
    merge_blocks(rewriter, nested.regions[0].blocks[0], new_then)
    terminator = new_then.last_op
    replace_terminator(rewriter, terminator, YieldOp(then_yielded, loc=terminator.location))
    if else_yielded:
        new_else = Block()
        new.regions[1].add_block(new_else)
        with rewriter.at(InsertionPoint.at_end(new_else)):
            rewriter.insert(YieldOp(else_yielded, loc=location))
    rewriter.replace_op(op, results)
    return True


@pattern(IfOp)
def condition_propagation(op, rewriter) -> bool:
    """Inside the then region the condition is true, inside the else region false (MLIR's
    `ConditionPropagation`)."""
    condition = op.operand(0)
    if constant_int(condition) is not None:
        return False
    constants: dict[int, Value] = {}
    changed = False
    then_region, around = op.regions[0], op.parent_region
    for use in list(condition.uses):
        # The region of `op` the user is in, found walking up from the user no further
        # than `op`'s own region: a condition shared by many ifs has many uses.
        region = use.owner.parent_region
        while region is not None and region is not around and region.parent is not op:
            parent = region.parent
            region = parent.parent_region if parent is not None else None
        if region is None or region is around:
            continue
        truth = region is then_region
        if truth not in constants:
            constants[truth] = bool_constant(rewriter, truth, op.location)
        value = constants[truth]
        rewriter.modify_op_in_place(use.owner, lambda use=use, v=value: use.set(v))
        changed = True
    return changed


@pattern(IfOp)
def convert_trivial_if_to_select(op, rewriter) -> bool:
    """Results whose both yielded values come from outside become `arith.select`s (or the
    value itself when both are the same) (MLIR's `ConvertTrivialIfToSelect`)."""
    if not op.results:
        return False
    then_region, else_region = op.regions
    pairs = list(zip(op.then_yield.operands, op.else_yield.operands))

    kept = [
        i
        for i, (true_value, false_value) in enumerate(pairs)
        if parent_region(true_value) is then_region or parent_region(false_value) is else_region
    ]
    if len(kept) == len(pairs):
        return False
    types = [op.results[i].type for i in kept]
    replacement = _new_if(rewriter, op, types, op.operand(0), then_region, else_region)
    results = []
    with rewriter.at(InsertionPoint.before(replacement)):
        for i, (true_value, false_value) in enumerate(pairs):
            if i in kept:
                results.append(replacement.results[kept.index(i)])
            elif true_value is false_value:
                results.append(true_value)
            else:
                select = SelectOp(op.operand(0), true_value, false_value,
                                  result=true_value.type, loc=op.location)  # fmt: skip
                results.append(rewriter.insert(select).results[0])
    for terminator, side in ((replacement.then_yield, 0), (replacement.else_yield, 1)):
        values = [pairs[i][side] for i in kept]
        replace_terminator(rewriter, terminator, YieldOp(values, loc=terminator.location))
    rewriter.replace_op(op, results)
    return True


@pattern(IfOp)
def remove_empty_else_branch(op, rewriter) -> bool:
    """An else region holding only `scf.yield` goes (MLIR's `RemoveEmptyElseBranch`)."""
    if op.results:
        return False
    else_yield = op.else_yield
    if else_yield is None or else_yield.prev_op is not None:
        return False
    new = _new_if(rewriter, op, [], op.operand(0), op.regions[0])
    new.attributes = dict(op.attributes)
    rewriter.erase_op(op)
    return True


@pattern(IfOp)
def remove_static_condition(op, rewriter) -> bool:
    """An `scf.if` on a constant is the region taken (MLIR's `RemoveStaticCondition`)."""
    condition = constant_int(op.operand(0))
    if condition is None:
        return False
    if condition:
        replace_op_with_region(rewriter, op, op.regions[0])
    elif op.regions[1].blocks:
        replace_op_with_region(rewriter, op, op.regions[1])
    else:
        rewriter.erase_op(op)
    return True


@pattern(IfOp)
def remove_unused_results(op, rewriter) -> bool:
    """Results nothing uses are no longer yielded (MLIR's `RemoveUnusedResults`)."""
    used = [r for r in op.results if r.has_uses()]
    if len(used) == len(op.results):
        return False
    new = _new_if(rewriter, op, [r.type for r in used], op.operand(0))
    for region, new_region in zip(op.regions, new.regions):
        block = new_region.add_block(Block())
        merge_blocks(rewriter, region.blocks[0], block)
        terminator = block.last_op
        values = [terminator.operand(r.index) for r in used]
        rewriter.modify_op_in_place(terminator, lambda t=terminator, v=values: t.set_operands(v))
    replacements: list = [None] * len(op.results)
    for result, new_result in zip(used, new.results):
        replacements[result.index] = new_result
    rewriter.replace_op(op, replacements)
    return True


@pattern(IfOp)
def replace_if_yield_with_condition_or_value(op, rewriter) -> bool:
    """A result both regions yield alike is that value; one that yields `true`/`false` is
    the condition or its negation (MLIR's `ReplaceIfYieldWithConditionOrValue`)."""
    if not op.results:
        return False
    changed = False
    condition = op.operand(0)
    for true_value, false_value, result in zip(
        op.then_yield.operands, op.else_yield.operands, op.results
    ):
        if true_value is false_value:
            if result.has_uses():
                rewriter.replace_all_uses_with(result, true_value)
                changed = True
            continue
        true_const, false_const = constant_int(true_value), constant_int(false_value)
        if true_value.type != i1 or true_const is None or false_const is None:
            continue
        if not true_const and false_const and result.has_uses():
            one = ConstantOp(IntegerAttr(1, i1), loc=op.location)
            rewriter.insert(one)
            negation = XOrIOp(condition, one.results[0], loc=op.location)
            rewriter.replace_all_uses_with(result, rewriter.insert(negation).results[0])
            changed = True
        if true_const and not false_const and result.has_uses():
            rewriter.replace_all_uses_with(result, condition)
            changed = True
    return changed


PATTERNS = {
    ExecuteRegionOp: [single_block_execute_inliner, multi_block_execute_inliner],
    IndexSwitchOp: [fold_constant_case],
    IfOp: [
        combine_ifs,
        combine_nested_ifs,
        condition_propagation,
        convert_trivial_if_to_select,
        remove_empty_else_branch,
        remove_static_condition,
        remove_unused_results,
        replace_if_yield_with_condition_or_value,
    ],
}
