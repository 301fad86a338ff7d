"""Canonicalization patterns of the cf ops, as MLIR 19 registers them (ControlFlowOps.cpp), as
a table keyed by op class (`PATTERNS`, read by `CfOp.get_canonicalization_patterns`).

Branches skip blocks that only branch on (`collapse_branch`), merge a block into its single
predecessor, take the known side of a branch on a constant, and let a block reached only on
one side of a `cf.cond_br` see its condition as a constant. Switches drop cases that cannot
be taken or that go where the default goes.
"""

from __future__ import annotations

from mlc.dialects.arith import ConstantOp, SelectOp
from mlc.dialects.cf.ops import AssertOp, BranchOp, CondBranchOp, SwitchOp
from mlc.ir.attributes import IntegerAttr
from mlc.ir.block import Block
from mlc.ir.builder import InsertionPoint
from mlc.ir.rewrite.folding import constant_int
from mlc.ir.rewrite.pattern import pattern
from mlc.ir.types import i1


def single_predecessor(block: Block) -> Block | None:
    """The predecessor of `block` when exactly one edge enters it (MLIR's
    `getSinglePredecessor`)."""
    use = block._first_use
    if use is None or use._next is not None:
        return None
    return use.owner.parent


def unique_predecessor(block: Block) -> Block | None:
    """The one block all edges into `block` come from (MLIR's `getUniquePredecessor`)."""
    preds = {use.owner.parent for use in block.uses}
    return preds.pop() if len(preds) == 1 else None


def collapse_branch(successor: Block, operands: list) -> tuple[Block, list] | None:
    """Where a branch to `successor` with `operands` may go instead when `successor` holds
    nothing but a `cf.br` whose arguments it only forwards: (new destination, its operands),
    or None. Branches into infinite loops or cycles of such blocks are left alone, or
    canonicalization would chase them forever (MLIR's `collapseBranch`)."""
    branch = successor.first_op
    if branch is not successor.last_op or not isinstance(branch, BranchOp):
        return None
    if any(user is not branch for arg in successor.args for user in arg.users):
        return None
    dest = branch.successors[0]
    if dest is successor:
        return None
    visited = {successor, dest}
    next_branch = dest.last_op
    while isinstance(next_branch, BranchOp):
        next_dest = next_branch.successors[0]
        if next_dest in visited:
            return None
        visited.add(next_dest)
        next_branch = next_dest.last_op
    forwarded = dict(zip(successor.args, operands))
    return dest, [forwarded.get(v, v) for v in branch.operands]


def _replace_with_branch(rewriter, op, dest: Block, operands) -> None:
    rewriter.replace_op(op, rewriter.insert(BranchOp(dest, operands, loc=op.location)))


# --- cf.assert -------------------------------------------------------------------------------
@pattern(AssertOp)
def erase_assert_of_true(op, rewriter) -> bool:
    """An assertion of a constant true holds: erase it (MLIR's `AssertOp::canonicalize`)."""
    if not constant_int(op.operand(0)):
        return False
    rewriter.erase_op(op)
    return True


# --- cf.br -----------------------------------------------------------------------------------
@pattern(BranchOp)
def simplify_br_to_block_with_single_pred(op, rewriter) -> bool:
    """A branch to a block that nothing else enters: append that block to this one (MLIR's
    `simplifyBrToBlockWithSinglePred`)."""
    succ, block = op.successors[0], op.parent
    if succ is block or single_predecessor(succ) is None:
        return False
    operands = op.operands
    rewriter.erase_op(op)
    rewriter.inline_block_before(succ, InsertionPoint.at_end(block), operands)
    return True


@pattern(BranchOp)
def simplify_pass_through_br(op, rewriter) -> bool:
    """`br ^bb1` where `^bb1` only branches on: branch there directly (MLIR's
    `simplifyPassThroughBr`)."""
    dest = op.successors[0]
    if dest is op.parent:
        return False
    collapsed = collapse_branch(dest, op.operands)
    if collapsed is None:
        return False
    _replace_with_branch(rewriter, op, *collapsed)
    return True


# --- cf.cond_br ------------------------------------------------------------------------------
@pattern(CondBranchOp)
def simplify_const_cond_branch_pred(op, rewriter) -> bool:
    """A branch on a constant takes one side (MLIR's `SimplifyConstCondBranchPred`)."""
    condition = constant_int(op.operand(0))
    if condition is None:
        return False
    taken = 0 if condition else 1
    _replace_with_branch(rewriter, op, op.successors[taken], op.successor_groups()[taken])
    return True


@pattern(CondBranchOp)
def simplify_pass_through_cond_branch(op, rewriter) -> bool:
    """Sides that only branch on are skipped (MLIR's `SimplifyPassThroughCondBranch`)."""
    sides = list(zip(op.successors, op.successor_groups()))
    collapsed = [collapse_branch(dest, operands) for dest, operands in sides]
    if collapsed == [None, None]:
        return False
    (true_dest, true_ops), (false_dest, false_ops) = (
        new or old for new, old in zip(collapsed, sides)
    )
    new = CondBranchOp(op.operand(0), true_dest, true_ops, false_dest, false_ops, loc=op.location)
    rewriter.replace_op(op, rewriter.insert(new))
    return True


@pattern(CondBranchOp)
def simplify_cond_branch_identical_successors(op, rewriter) -> bool:
    """Both sides go to one block: an unconditional branch, with `arith.select`s for the
    operands that differ when this block is the only one entering it (MLIR's
    `SimplifyCondBranchIdenticalSuccessors`)."""
    dest = op.successors[0]
    if dest is not op.successors[1]:
        return False
    true_ops, false_ops = op.successor_groups()
    if true_ops == false_ops:
        _replace_with_branch(rewriter, op, dest, true_ops)
        return True
    if unique_predecessor(dest) is not op.parent:
        return False
    condition = op.operand(0)
    merged = []
    for a, b in zip(true_ops, false_ops):
        if a is b:
            merged.append(a)
        else:
            select = SelectOp(condition, a, b, result=a.type, loc=op.location)
            merged.append(rewriter.insert(select).results[0])
    _replace_with_branch(rewriter, op, dest, merged)
    return True


@pattern(CondBranchOp)
def simplify_cond_branch_from_cond_branch_on_same_condition(op, rewriter) -> bool:
    """A block entered only from one side of a branch on the same condition knows which
    way this branch goes (MLIR's `SimplifyCondBranchFromCondBranchOnSameCondition`)."""
    block = op.parent
    pred = single_predecessor(block)
    if pred is None:
        return False
    pred_branch = pred.last_op
    if not isinstance(pred_branch, CondBranchOp) or pred_branch.operand(0) is not op.operand(0):
        return False
    taken = 0 if block is pred_branch.successors[0] else 1
    _replace_with_branch(rewriter, op, op.successors[taken], op.successor_groups()[taken])
    return True


@pattern(CondBranchOp)
def cond_branch_truth_propagation(op, rewriter) -> bool:
    """In a side only this branch enters, the condition is a known constant: its uses by ops
    of that block become `true` or `false` (MLIR's `CondBranchTruthPropagation`)."""
    condition = op.operand(0)
    replaced = False
    for dest, truth in zip(op.successors, (1, 0)):
        if single_predecessor(dest) is None:
            continue
        constant = None
        for use in list(condition.uses):
            owner = use.owner
            if owner.parent is not dest:
                continue
            if constant is None:
                constant = rewriter.insert(ConstantOp(IntegerAttr(truth, i1), loc=op.location))
            rewriter.modify_op_in_place(owner, lambda use=use, c=constant: use.set(c.results[0]))
            replaced = True
    return replaced


# --- cf.switch -------------------------------------------------------------------------------
def _replace_switch(rewriter, op, default: tuple, cases: list) -> None:
    """Replace `op` by a switch on the same flag: `default` is (block, operands), `cases`
    (value, block, operands) triples."""
    new = SwitchOp(
        op.operand(0),
        default[0],
        default[1],
        [value for value, _, _ in cases],
        [block for _, block, _ in cases],
        [operands for _, _, operands in cases],
        loc=op.location,
    )
    rewriter.replace_op(op, rewriter.insert(new))


def _cases(op) -> list:
    """(value, destination, operands) of each case of a switch."""
    groups = op.successor_groups()
    return list(zip(op.case_value_list() or [], op.successors[1:], groups[1:]))


def _fold_switch(rewriter, op, value: int) -> None:
    """Replace `op` by a branch to where flag `value` goes (MLIR's `foldSwitch`)."""
    mask = (1 << op.operand(0).type.width) - 1
    for case, dest, operands in _cases(op):
        if (case - value) & mask == 0:
            _replace_with_branch(rewriter, op, dest, operands)
            return
    _replace_with_branch(rewriter, op, op.successors[0], op.successor_groups()[0])


@pattern(SwitchOp)
def simplify_switch_with_only_default(op, rewriter) -> bool:
    """A switch without cases is a branch (MLIR's `simplifySwitchWithOnlyDefault`)."""
    if len(op.successors) > 1:
        return False
    _replace_with_branch(rewriter, op, op.successors[0], op.successor_groups()[0])
    return True


@pattern(SwitchOp)
def drop_switch_cases_that_match_default(op, rewriter) -> bool:
    """Cases that go where the default goes, with the same operands, are dropped (MLIR's
    `dropSwitchCasesThatMatchDefault`)."""
    default = (op.successors[0], op.successor_groups()[0])
    cases = _cases(op)
    kept = [case for case in cases if (case[1], case[2]) != default]
    if len(kept) == len(cases):
        return False
    _replace_switch(rewriter, op, default, kept)
    return True


@pattern(SwitchOp)
def simplify_const_switch_value(op, rewriter) -> bool:
    """A switch on a constant is a branch (MLIR's `simplifyConstSwitchValue`)."""
    value = constant_int(op.operand(0))
    if value is None:
        return False
    _fold_switch(rewriter, op, value)
    return True


@pattern(SwitchOp)
def simplify_pass_through_switch(op, rewriter) -> bool:
    """Destinations that only branch on are skipped (MLIR's `simplifyPassThroughSwitch`)."""
    changed = False
    targets = []
    for dest, operands in zip(op.successors, op.successor_groups()):
        collapsed = collapse_branch(dest, operands)
        changed |= collapsed is not None
        targets.append(collapsed or (dest, operands))
    if not changed:
        return False
    values = op.case_value_list() or []
    cases = [(value, *target) for value, target in zip(values, targets[1:])]
    _replace_switch(rewriter, op, targets[0], cases)
    return True


def _predecessor_switch(op) -> SwitchOp | None:
    """The switch on the same flag that is the only way into `op`'s block, or None."""
    pred = single_predecessor(op.parent)
    if pred is None:
        return None
    pred_switch = pred.last_op
    if not isinstance(pred_switch, SwitchOp) or pred_switch.operand(0) is not op.operand(0):
        return None
    return pred_switch


@pattern(SwitchOp)
def simplify_switch_from_switch_on_same_condition(op, rewriter) -> bool:
    """A block entered only through a case of a switch on the same flag knows the flag
    (MLIR's `simplifySwitchFromSwitchOnSameCondition`)."""
    pred_switch = _predecessor_switch(op)
    block = op.parent
    if pred_switch is None or pred_switch.successors[0] is block:
        return False
    for value, dest, _ in _cases(pred_switch):
        if dest is block:
            _fold_switch(rewriter, op, value)
            return True
    _replace_with_branch(rewriter, op, op.successors[0], op.successor_groups()[0])
    return True


@pattern(SwitchOp)
def simplify_switch_from_default_switch_on_same_condition(op, rewriter) -> bool:
    """A block entered only as the default of a switch on the same flag cannot see the
    values that switch sends elsewhere: those cases go (MLIR's
    `simplifySwitchFromDefaultSwitchOnSameCondition`)."""
    pred_switch = _predecessor_switch(op)
    block = op.parent
    if pred_switch is None or pred_switch.successors[0] is not block:
        return False
    mask = (1 << op.operand(0).type.width) - 1
    impossible = {value & mask for value, dest, _ in _cases(pred_switch) if dest is not block}
    cases = _cases(op)
    kept = [case for case in cases if case[0] & mask not in impossible]
    if len(kept) == len(cases):
        return False
    _replace_switch(rewriter, op, (op.successors[0], op.successor_groups()[0]), kept)
    return True


PATTERNS = {
    AssertOp: [erase_assert_of_true],
    BranchOp: [simplify_br_to_block_with_single_pred, simplify_pass_through_br],
    CondBranchOp: [
        simplify_const_cond_branch_pred,
        simplify_pass_through_cond_branch,
        simplify_cond_branch_identical_successors,
        simplify_cond_branch_from_cond_branch_on_same_condition,
        cond_branch_truth_propagation,
    ],
    SwitchOp: [
        simplify_switch_with_only_default,
        drop_switch_cases_that_match_default,
        simplify_const_switch_value,
        simplify_pass_through_switch,
        simplify_switch_from_switch_on_same_condition,
        simplify_switch_from_default_switch_on_same_condition,
    ],
}
