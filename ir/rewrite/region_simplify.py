"""Region simplification run by the greedy driver between iterations, as MLIR's
`simplifyRegions` (mlir/lib/Transforms/Utils/RegionUtils.cpp).

Two steps, in MLIR's order:
- `erase_unreachable_blocks`: blocks that no path from their region's entry block reaches;
- `run_region_dce`: liveness over the region tree. An op is live when it has an effect
  (`is_trivially_dead` is false) or one of its results feeds a live op; terminators are live,
  as are the successor arguments they pass. Dead ops go even when they use each other in a
  cycle (which the worklist's one-op-at-a-time dead-op removal cannot see).

MLIR drops a non-entry block argument when only dead uses reach it, editing the branches that
pass it through `BranchOpInterface`; mlc keeps every successor argument live until the branch
ops of `cf` carry that interface. Block merging (`region-simplify=aggressive`) needs the
same interface and is not done yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from mlc.ir.block import Block, Region
from mlc.ir.effects import would_be_trivially_dead
from mlc.ir.operation import Operation
from mlc.ir.rewrite.pattern import PatternRewriter
from mlc.ir.traits import Terminator


def simplify_regions(rewriter: PatternRewriter, regions: Iterable[Region]) -> bool:
    """Erase unreachable blocks, then dead ops; whether the IR changed."""
    regions = list(regions)
    erased_blocks = erase_unreachable_blocks(rewriter, regions)
    erased_ops = run_region_dce(rewriter, regions)
    return erased_blocks or erased_ops


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
        if op.regions:
            stack.append(_ops_backwards_all(op.regions))
            pending.append(op)
        else:
            _propagate_op(op, live)


def _ops_backwards(region: Region) -> Iterator[Operation]:
    for block in _post_order(region.blocks[0]):
        yield from block.reversed_ops()


def _ops_backwards_all(regions: Iterable[Region]) -> Iterator[Operation]:
    for region in regions:
        if region.blocks:
            yield from _ops_backwards(region)


def _propagate_op(op: Operation, live: set) -> None:
    """MLIR's `propagateLiveness(Operation*)`, after `op`'s regions were swept."""
    if op.has_trait(Terminator):
        live.add(op)
        for succ in op.successors:
            live.update(succ.args)
        return
    if op in live:
        return
    if not would_be_trivially_dead(op):
        live.add(op)
        return
    for result in op.results:
        if result not in live and any(user in live for user in result.users):
            live.add(result)
            live.add(op)


def _delete_dead(rewriter: PatternRewriter, regions: list[Region], live: set) -> bool:
    """Erase every op not proven live, uses before definitions (MLIR's `deleteDeadness`)."""
    erased = False
    worklist = list(regions)
    while worklist:
        region = worklist.pop()
        if not region.blocks:
            continue
        for block in _post_order(region.blocks[0]):
            for op in list(block.reversed_ops()):
                if op in live:
                    worklist.extend(op.regions)
                    continue
                for result in op.results:  # graph regions may hold dead use cycles
                    for use in list(result.uses):
                        use.unlink()
                rewriter.erase_op(op)
                erased = True
    return erased
