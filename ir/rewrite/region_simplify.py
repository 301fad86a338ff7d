"""Region simplification run by the greedy driver between iterations, as MLIR 19's
`simplifyRegions` (mlir/lib/Transforms/Utils/RegionUtils.cpp).

Steps, in MLIR's order:
- `erase_unreachable_blocks`: blocks that no path from their region's entry block reaches;
- `run_region_dce`: liveness over the region tree. An op is live when it has an effect
  (`is_trivially_dead` is false) or one of its results feeds a live op; terminators are live.
  A value a branch passes to a block argument is live only if that argument is: dead
  arguments of non-entry blocks are erased with the successor operands that fed them
  (through `BranchOpInterface`; a terminator without it keeps its successors' arguments
  live). Dead ops go even when they use each other in a cycle. The liveness is MLIR's
  (the same least fixpoint), computed by a worklist in one walk instead of MLIR's sweeps
  until nothing changes.
- with block merging (the `aggressive` level, the default of MLIR's greedy driver, and
  `region-simplify=aggressive` of canonicalize): `merge_identical_blocks` folds blocks with
  the same successors and equivalent ops into one, the operands in which they differ becoming
  new block arguments; `drop_redundant_arguments` replaces a block argument that every
  predecessor passes the same value by that value.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from mlc.ir.block import Block, Region
from mlc.ir.effects import removable_by_class, would_be_trivially_dead
from mlc.ir.operation import Operation
from mlc.ir.rewrite.pattern import PatternRewriter
from mlc.ir.traits import BranchOpInterface, Terminator, get_trait
from mlc.ir.values import BlockArgument, OpResult


def simplify_regions(
    rewriter: PatternRewriter,
    regions: Iterable[Region],
    merge_blocks: bool = False,
    erase_dead: bool = True,
) -> bool:
    """Erase unreachable blocks, then dead ops and arguments (unless the caller knows there
    are none: not `erase_dead`), then (with `merge_blocks`) merge identical blocks and drop
    redundant arguments; whether the IR changed."""
    regions = list(regions)
    erased_blocks = erase_dead and erase_unreachable_blocks(rewriter, regions)
    erased_ops = erase_dead and run_region_dce(rewriter, regions)
    merged = dropped = False
    if merge_blocks:
        merged = merge_identical_blocks(rewriter, regions)
        dropped = drop_redundant_arguments(rewriter, regions)
    return erased_blocks or erased_ops or merged or dropped


def erase_unreachable_blocks(rewriter: PatternRewriter, regions: Iterable[Region]) -> bool:
    """Erase the blocks of `regions` and of their nested regions that their entry block
    does not reach (MLIR's `eraseUnreachableBlocks`); whether any went."""
    erased = False
    worklist = list(regions)
    while worklist:
        region = worklist.pop()
        blocks = region.blocks
        if not blocks:
            continue
        if len(blocks) == 1:
            worklist.extend(_nested_regions(blocks[0]))
            continue
        reachable = _reachable(blocks[0])
        for block in list(blocks):
            if block in reachable:
                worklist.extend(_nested_regions(block))
            else:
                rewriter.erase_block(block)
                erased = True
    return erased


def run_region_dce(rewriter: PatternRewriter, regions: Iterable[Region]) -> bool:
    """Erase the ops of `regions` (nested ones too) that liveness proves dead (MLIR's
    `runRegionDCE`); whether any went."""
    regions = list(regions)
    ops, arguments = _walk_reachable(regions)
    live = _live(ops)
    if all(op in live for op in ops) and all(arg in live for arg in arguments):
        return False  # the usual case: nothing to delete, no second walk
    return _delete_dead(rewriter, regions, live)


def _nested_regions(block: Block) -> Iterator[Region]:
    for op in block.ops:
        yield from op.regions


def _reachable(entry: Block) -> set[Block]:
    seen = {entry}
    stack = [entry]
    while stack:
        for succ in stack.pop().successors:
            if succ not in seen:
                seen.add(succ)
                stack.append(succ)
    return seen


def _post_order(entry: Block) -> list[Block]:
    """The blocks reachable from `entry`, successors before predecessors where the CFG
    allows (a depth-first post-order, as `llvm::post_order`)."""
    order: list[Block] = []
    seen = {entry}
    stack = [(entry, iter(entry.successors))]
    while stack:
        block, succs = stack[-1]
        succ = next(succs, None)
        if succ is None:
            stack.pop()
            order.append(block)
        elif succ not in seen:
            seen.add(succ)
            stack.append((succ, iter(succ.successors)))
    return order


def _live(ops: list[Operation]) -> set:
    """The ops and values of a region tree (all its reachable `ops`) that MLIR's
    `propagateLiveness` proves live: the least fixpoint of "an op is live if it is a
    terminator, has an effect (`would_be_trivially_dead` is false) or a live result; a
    value is live if a live op uses it, except a branch passing it to a dead block
    argument". MLIR reaches it by sweeping the regions until nothing changes (two sweeps
    at least); a worklist reaches it from the roots (`_propagate`). Whether an op with
    results has an effect is asked only if its results turn out unused: the question walks
    a loop's whole body."""
    live: set = set()
    roots: list[Operation] = []
    undecided: list[Operation] = []
    for op in ops:
        kind = _KINDS.get(type(op))  # hot path: one lookup decides most ops
        if kind is None:
            kind = _KINDS[type(op)] = _liveness_kind(type(op))
        if kind == "live" or (kind == "ask" and not op.results and not would_be_trivially_dead(op)):
            roots.append(op)
        elif kind == "ask" and op.results:
            undecided.append(op)
    passed_to: dict = {}  # a block argument not proven live -> the values branches pass it
    _propagate(roots, live, passed_to)
    roots = [op for op in undecided if op not in live and not would_be_trivially_dead(op)]
    _propagate(roots, live, passed_to)
    return live


def _propagate(roots: list[Operation], live: set, passed_to: dict) -> None:
    """Make `roots` live, and what they use, transitively: from a live op to the values it
    uses, from a live result to its op, and from a live block argument to the values the
    branches pass it (parked in `passed_to` until the argument is live)."""
    ops = [op for op in roots if op not in live]
    live.update(ops)
    values: list = []
    while ops or values:
        if values:
            value = values.pop()
            if type(value) is OpResult:
                owner = value.op
                if owner not in live:
                    live.add(owner)
                    ops.append(owner)
                continue
            for passed in passed_to.pop(value, ()):  # a block argument
                if passed not in live:
                    live.add(passed)
                    values.append(passed)
            continue
        op = ops.pop()
        operands = op._operands
        if op._successors:
            operands = _branch_operands(op, live, values, passed_to)
        for use in operands:
            value = use.value
            if value not in live:
                live.add(value)
                values.append(value)


def _walk_reachable(regions: list[Region]) -> tuple[list[Operation], list[BlockArgument]]:
    """The ops of the reachable blocks of `regions` and of their ops' regions, and those
    blocks' arguments but the entry blocks' (which belong to the parent op's contract)."""
    ops: list[Operation] = []
    arguments: list[BlockArgument] = []
    stack = list(regions)
    while stack:
        region = stack.pop()
        if not region.blocks:
            continue
        entry = region.blocks[0]
        for block in _post_order(entry):
            if block is not entry:
                arguments.extend(block.args)
            for op in block.ops:
                ops.append(op)
                if op.regions:
                    stack.extend(op.regions)
    return ops, arguments


def _liveness_kind(cls: type) -> str:
    """How `_live` treats ops of `cls`: "live" (terminators, ops never removable);
    "removable" (live only through its results); "ask" (`would_be_trivially_dead` decides
    per op)."""
    if cls.has_trait(Terminator):
        return "live"
    return {True: "removable", False: "live", None: "ask"}[removable_by_class(cls)]


_KINDS: dict[type, str] = {}


def _branch_operands(op: Operation, live: set, values: list, passed_to: dict) -> list:
    """For a live terminator with successors (MLIR's `propagateTerminatorLiveness` and
    `isUseSpeciallyKnownDead`): makes live the successor arguments it cannot drop (all of
    them without a settable `BranchOpInterface`, else those it produces itself) and the
    values it passes to live arguments, parks those it passes to the others in
    `passed_to`; returns the uses left to make live as plain operands."""
    branch = get_trait(op, BranchOpInterface)
    if branch is not None and not branch.can_set_successor_operands(op):
        branch = None  # its operands cannot be dropped: every argument stays
    forwarded = 0
    for index, succ in enumerate(op.successors):
        if branch is None:
            passed = [None] * len(succ.args)
        else:
            passed = branch.successor_operands(op, index)
        for arg, value in zip(succ.args, passed):
            if value is None:  # no interface, or produced by the branch itself
                if arg not in live:
                    live.add(arg)
                    values.append(arg)
                continue
            forwarded += 1
            if arg in live:
                if value not in live:
                    live.add(value)
                    values.append(value)
            else:
                passed_to.setdefault(arg, []).append(value)
    return op._operands[: len(op._operands) - forwarded]


def _delete_dead(rewriter: PatternRewriter, regions: list[Region], live: set) -> bool:
    """Erase every op and non-entry block argument not proven live, uses before
    definitions (MLIR's `deleteDeadness`)."""
    erased = False
    worklist = list(regions)
    while worklist:
        region = worklist.pop()
        if not region.blocks:
            continue
        several_blocks = len(region.blocks) > 1
        for block in _post_order(region.blocks[0]):
            if several_blocks and block.last_op is not None:
                _erase_dead_successor_operands(block.last_op, live)
            for op in list(block.reversed_ops()):
                if op in live:
                    worklist.extend(op.regions)
                    continue
                for result in op.results:  # graph regions may hold dead use cycles
                    for use in list(result.uses):
                        use.unlink()
                rewriter.erase_op(op)
                erased = True
        for block in region.blocks[1:]:
            for arg in reversed(list(block.args)):
                if arg not in live:
                    block.erase_argument(arg.index)
    return erased


def _erase_dead_successor_operands(terminator: Operation, live: set) -> None:
    branch = get_trait(terminator, BranchOpInterface)
    if branch is None or not branch.can_set_successor_operands(terminator):
        return
    for index in reversed(range(len(terminator._successors))):
        succ = terminator.successors[index]
        values = branch.successor_operands(terminator, index)
        kept = [v for v, arg in zip(values, succ.args) if arg in live]
        if len(kept) != len(values):
            branch.set_successor_operands(terminator, index, kept)


# --- block merging (the aggressive level) ------------------------------------------------
def merge_identical_blocks(rewriter: PatternRewriter, regions: Iterable[Region]) -> bool:
    """Merge equivalent blocks of each region, repeatedly, nested regions too (MLIR's
    `mergeIdenticalBlocks`); whether any merged."""
    worklist = list(regions)
    changed = False
    while worklist:
        region = worklist.pop()
        if _merge_region(rewriter, region):
            worklist.append(region)
            changed = True
        for block in region.blocks:
            worklist.extend(_nested_regions(block))
    return changed


def _merge_region(rewriter: PatternRewriter, region: Region) -> bool:
    if len(region.blocks) < 2:
        return False
    by_successors: dict[tuple, list[Block]] = {}
    for block in region.blocks[1:]:
        by_successors.setdefault(tuple(map(id, block.successors)), []).append(block)
    merged = False
    for blocks in by_successors.values():
        if len(blocks) < 2:
            continue
        clusters: list[_MergeCluster] = []
        for block in blocks:
            if any(r.blocks for op in block.ops for r in op.regions):
                continue  # MLIR does not merge blocks holding regions
            if any(_used_outside(arg, block) for arg in block.args):
                continue
            if not any(cluster.add(block) for cluster in clusters):
                clusters.append(_MergeCluster(block))
        for cluster in clusters:
            merged |= cluster.merge(rewriter)
    return merged


def _used_outside(value, block: Block) -> bool:
    return any(user.parent is not block for user in value.users)


def _order_in_block(value, block: Block) -> int:
    """MLIR's `BlockEquivalenceData::getOrderOf`: arguments by number, then results in op
    order."""
    if isinstance(value, BlockArgument):
        return value.index
    order = len(block.args)
    for op in block.ops:
        if op is value.op:
            return order + value.index
        order += len(op.results)
    raise ValueError("value not defined in block")


def _same_op_ignoring_operands(a: Operation, b: Operation) -> bool:
    """MLIR's `OperationEquivalence::isEquivalentTo` with operands ignored and locations too."""
    return (
        a.name == b.name
        and a.properties == b.properties
        and a.attributes == b.attributes
        and len(a.regions) == len(b.regions)
        and len(a._successors) == len(b._successors)
        and len(a._operands) == len(b._operands)
        and a.result_types == b.result_types
    )


class _MergeCluster:
    """A leader block and the blocks equivalent to it (MLIR's `BlockMergeCluster`): the
    operands in which they differ become new arguments of the leader."""

    def __init__(self, leader: Block) -> None:
        self.leader = leader
        self.blocks: list[Block] = []
        self.mismatched: set[tuple[int, int]] = set()

    def add(self, block: Block) -> bool:
        leader = self.leader
        if [a.type for a in leader.args] != [a.type for a in block.args]:
            return False
        left, right = list(leader.ops), list(block.ops)
        if len(left) != len(right):
            return False
        mismatched = []
        for position, (lhs, rhs) in enumerate(zip(left, right)):
            if not _same_op_ignoring_operands(lhs, rhs):
                return False
            for i, (a, b) in enumerate(zip(lhs.operands, rhs.operands)):
                if a is b:
                    continue
                if a.type != b.type:
                    return False
                a_inside, b_inside = _parent_block(a) is leader, _parent_block(b) is block
                if a_inside != b_inside:
                    return False
                if not a_inside:
                    if not (_valid_successor_arg(leader, a) and _valid_successor_arg(block, b)):
                        return False
                    mismatched.append((position, i))
                elif _order_in_block(a, leader) != _order_in_block(b, block):
                    return False
            if any(_used_outside(r, block) for r in rhs.results) or any(
                _used_outside(r, leader) for r in lhs.results
            ):
                return False
        self.mismatched.update(mismatched)
        self.blocks.append(block)
        return True

    def merge(self, rewriter: PatternRewriter) -> bool:
        if not self.blocks:
            return False
        leader = self.leader
        if self.mismatched:
            if not all(_can_update_predecessors(b) for b in [leader, *self.blocks]):
                return False
            members = [leader, *self.blocks]
            ops = [list(b.ops) for b in members]
            new_args: list[list] = [[] for _ in members]
            first_new = len(leader.args)
            for position, i in sorted(self.mismatched):
                for k, block_ops in enumerate(ops):
                    new_args[k].append(block_ops[position].operand(i))
                value = ops[0][position].operand(i)
                ops[0][position].set_operand(i, leader.add_argument(value.type, _loc(value)))
            _prune_duplicate_arguments(rewriter, leader, first_new, new_args)
            for k, block in enumerate(members):
                for use in list(block.uses):
                    term = use.owner
                    branch = get_trait(term, BranchOpInterface)
                    values = list(branch.successor_operands(term, use.index))
                    branch.set_successor_operands(term, use.index, values + new_args[k])
        for block in self.blocks:
            for use in list(block.uses):
                use.set(leader)
            rewriter.erase_block(block)
        return True


def _prune_duplicate_arguments(rewriter, leader: Block, first: int, new_args: list) -> None:
    """Two new arguments that every member passes the same values become one (MLIR 19's
    `pruneRedundantArguments`): `muli %x, %x` and `muli %y, %y` merge into one block taking
    one argument."""
    columns = list(zip(*new_args))
    keep: list[int] = []
    for j, column in enumerate(columns):
        same = next((i for i in keep if columns[i] == column), None)
        if same is None:
            keep.append(j)
        else:
            rewriter.replace_all_uses_with(leader.args[first + j], leader.args[first + same])
    for j in reversed(range(len(columns))):
        if j not in keep:
            leader.erase_argument(first + j)
    for row in new_args:
        row[:] = [row[j] for j in keep]


def _parent_block(value) -> Block | None:
    return value.block if isinstance(value, BlockArgument) else value.op.parent


def _loc(value):
    return value.location if isinstance(value, BlockArgument) else value.op.location


def _valid_successor_arg(block: Block, value) -> bool:
    """A value made by the terminator of an immediate predecessor cannot be passed to the
    merged block: it does not dominate the branch."""
    if not isinstance(value, OpResult) or value.op is not value.op.parent.last_op:
        return True
    return value.op.parent not in set(block.predecessors)


def _can_update_predecessors(block: Block) -> bool:
    for pred in block.predecessors:
        term = pred.last_op
        branch = get_trait(term, BranchOpInterface)
        if branch is None or not branch.can_set_successor_operands(term):
            return False
    return True


def drop_redundant_arguments(rewriter: PatternRewriter, regions: Iterable[Region]) -> bool:
    """Replace each block argument that all predecessors pass the same value by that value
    and stop passing it (MLIR 19's `dropRedundantArguments`); whether the last block looked
    at changed, as MLIR reports it."""
    worklist = list(regions)
    changed = False
    while worklist:
        region = worklist.pop()
        for block in region.blocks:
            changed = _drop_redundant_arguments(rewriter, block)
            worklist.extend(_nested_regions(block))
    return changed


def _drop_redundant_arguments(rewriter: PatternRewriter, block: Block) -> bool:
    uses = list(block.uses)
    drop = []
    for arg in block.args:
        common = None
        same = True
        for use in uses:
            term = use.owner
            branch = get_trait(term, BranchOpInterface)
            if branch is None or not branch.can_set_successor_operands(term):
                same = False
                break
            value = branch.successor_operands(term, use.index)[arg.index]
            if common is None:
                common = value
            elif value is not common:
                same = False
                break
        if common is not None and same and common is not arg:
            drop.append(arg)
            rewriter.replace_all_uses_with(arg, common)
    for arg in reversed(drop):
        index = arg.index
        block.erase_argument(index)
        for use in uses:
            term = use.owner
            branch = get_trait(term, BranchOpInterface)
            values = list(branch.successor_operands(term, use.index))
            del values[index]
            branch.set_successor_operands(term, use.index, values)
    return bool(drop)
