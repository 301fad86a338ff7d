"""Region simplification run by the greedy driver between iterations, as MLIR 19's
`simplifyRegions` (mlir/lib/Transforms/Utils/RegionUtils.cpp).

Steps, in MLIR's order:
- `erase_unreachable_blocks`: blocks that no path from their region's entry block reaches;
- `run_region_dce`: liveness over the region tree. An op is live when it has an effect
  (`is_trivially_dead` is false) or one of its results feeds a live op; terminators are live.
  A value a branch passes to a block argument is live only if that argument is: dead
  arguments of non-entry blocks are erased with the successor operands that fed them
  (through `BranchOpInterface`; a terminator without it keeps its successors' arguments
  live). Dead ops go even when they use each other in a cycle.
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
    rewriter: PatternRewriter, regions: Iterable[Region], merge_blocks: bool = False
) -> bool:
    """Erase unreachable blocks, then dead ops and arguments, then (with `merge_blocks`)
    merge identical blocks and drop redundant arguments; whether the IR changed."""
    regions = list(regions)
    erased_blocks = erase_unreachable_blocks(rewriter, regions)
    erased_ops = run_region_dce(rewriter, regions)
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
    live: set = set()
    while True:
        before = len(live)
        for region in regions:
            _propagate_region(region, live)
        if len(live) == before:
            break
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


def _propagate_region(region: Region, live: set) -> None:
    """One liveness sweep over `region`, uses before definitions. Iterative over the region
    tree: a stack of (block list, op iterator) frames stands in for recursion."""
    if not region.blocks:
        return
    stack = [_ops_backwards(region)]
    pending: list[Operation | None] = [None]  # the op whose regions a frame sweeps
    while stack:
        op = next(stack[-1], None)
        if op is None:
            stack.pop()
            owner = pending.pop()
            if owner is not None:
                _propagate_op(owner, live)
            continue
        if type(op) is Block:
            if not op.is_entry_block():  # entry arguments belong to the parent op's contract
                for arg in op.args:
                    if arg not in live:
                        _process_value(arg, live)
            continue
        if op.regions:
            stack.append(_ops_backwards_all(op.regions))
            pending.append(op)
        else:
            _propagate_op(op, live)


def _ops_backwards(region: Region) -> Iterator[Operation | Block]:
    """The ops of `region`, uses before definitions, each block followed by itself (its
    arguments are processed after its ops, as MLIR does to converge faster)."""
    for block in _post_order(region.blocks[0]):
        yield from block.reversed_ops()
        yield block


def _ops_backwards_all(regions: Iterable[Region]) -> Iterator[Operation]:
    for region in regions:
        if region.blocks:
            yield from _ops_backwards(region)


def _propagate_op(op: Operation, live: set) -> None:
    """MLIR's `propagateLiveness(Operation*)`, after `op`'s regions were swept. Hot path:
    an op proven live stays live, and a terminator adds the same arguments every sweep, so
    a live op needs no second look."""
    if op in live:
        return
    kind = _KINDS.get(type(op))  # hot path: one lookup decides most ops
    if kind is None:
        kind = _KINDS[type(op)] = _liveness_kind(type(op))
    if kind == "terminator":
        live.add(op)
        branch = get_trait(op, BranchOpInterface)
        if branch is not None and not branch.can_set_successor_operands(op):
            branch = None  # its operands cannot be dropped: every argument stays
        for index, succ in enumerate(op.successors):
            if branch is None:
                live.update(succ.args)
                continue
            for arg, value in zip(succ.args, branch.successor_operands(op, index)):
                if value is None:  # produced by the branch itself: nothing to drop
                    live.add(arg)
        return
    if kind == "live" or (kind == "ask" and not would_be_trivially_dead(op)):
        live.add(op)
        return
    for result in op.results:
        if _process_value(result, live):
            live.add(op)


def _liveness_kind(cls: type) -> str:
    """How `_propagate_op` treats ops of `cls`: "terminator"; "live" (never removable);
    "removable" (live only through its results); "ask" (`would_be_trivially_dead` decides
    per op)."""
    if cls.has_trait(Terminator):
        return "terminator"
    return {True: "removable", False: "live", None: "ask"}[removable_by_class(cls)]


_KINDS: dict[type, str] = {}


def _process_value(value, live: set) -> bool:
    """A value is live when a live op uses it, except through a branch operand whose block
    argument is dead (MLIR's `processValue` / `isUseSpeciallyKnownDead`); whether it is."""
    if value in live:
        return True
    use = value._first_use  # hot path: the intrusive use list, no generator
    while use is not None:
        owner = use.owner
        if owner in live and not (owner._successors and _known_dead_use(owner, use.index, live)):
            live.add(value)
            return True
        use = use._next
    return False


def _known_dead_use(owner: Operation, index: int, live: set) -> bool:
    arg = _successor_argument(owner, index)
    return arg is not None and arg not in live


def _successor_argument(op: Operation, index: int):
    """The block argument that operand `index` of a branch feeds, or None. Successor
    operands are the trailing operands of a branch, one group per successor in order."""
    if not op._successors:
        return None
    branch = get_trait(op, BranchOpInterface)
    if branch is None:
        return None
    groups = [branch.successor_operands(op, i) for i in range(len(op._successors))]
    position = index - (len(op._operands) - sum(len(g) for g in groups))
    if position < 0:
        return None
    for succ, group in zip(op.successors, groups):
        if position < len(group):
            return succ.args[position]
        position -= len(group)
    return None


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
