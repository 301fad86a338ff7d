"""`convert-scf-to-cf`: structured control flow to branches between blocks, as MLIR 19's
pass of that name (mlir/lib/Conversion/SCFToControlFlow/SCFToControlFlow.cpp).

Each scf op splits its block at itself and moves its regions' blocks into the enclosing
region, between the two halves, in MLIR 19's order, so the blocks number as mlir-opt 19
numbers them. `scf.for` counts with `arith.cmpi slt` and `arith.addi`; `scf.while` whose
"after" region only forwards its arguments becomes a do-while loop of the "before" region;
`scf.index_switch` switches on its index cast to `i32`; `scf.parallel` first becomes nested
`scf.for`s, lowered in turn, and a bufferized `scf.forall` an `scf.parallel`. Results become
arguments of the block after the op.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlc.dialects import arith, cf, scf
from mlc.dialects.llvm import UnreachableOp
from mlc.ir.attributes import DenseArrayAttr, IntegerAttr
from mlc.ir.block import Block, Region
from mlc.ir.builder import InsertionPoint
from mlc.ir.rewrite import ConversionTarget, RewritePattern, apply_partial_conversion
from mlc.ir.types import i32, index
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass

_SLT = arith.CMPI_PREDICATES.make(arith.CMPI_PREDICATES.keywords.index("slt"))


def split_block(rewriter, op) -> Block:
    """A new block right after `op`'s, holding `op` and the ops after it (MLIR's
    `splitBlock` before `op`). mlc's rewriter only moves ops next to other ops, so they
    move before a placeholder op, erased at once (it goes when the conversion commits: until
    then the new block's last op is the dead placeholder, so callers read terminators before
    splitting)."""
    block = op.parent
    blocks = block.parent.blocks
    after = blocks.index(block) + 1
    with rewriter.at(rewriter.insertion_point):
        new = rewriter.create_block(block.parent, blocks[after] if after < len(blocks) else None)
        placeholder = rewriter.create(UnreachableOp)
    moved = []
    while op is not None:
        moved.append(op)
        op = op.next_op
    for each in moved:
        rewriter.move_op_before(each, placeholder)
    rewriter.erase_op(placeholder)
    return new


def _results_as_arguments(op, block: Block) -> list:
    """Arguments of `block` standing for `op`'s results. `block` is one the pattern
    created, so undoing the pattern drops them with it."""
    return [block.add_argument(r.type, op.location) for r in op.results]


def _branch(rewriter, point: InsertionPoint, dest: Block, operands=()) -> None:
    """A `cf.br` to `dest` at `point`."""
    with rewriter.at(point):
        rewriter.insert(cf.BranchOp(dest, list(operands), loc=rewriter.location))


def _replace_by_branch(rewriter, terminator, dest: Block, leading=()) -> None:
    """`terminator` replaced by a `cf.br` to `dest` passing `leading` and its operands, at
    the end of its block (after the terminator, which goes when the conversion commits)."""
    _branch(rewriter, InsertionPoint.at_end(terminator.parent), dest,
            [*leading, *terminator.operands])  # fmt: skip
    rewriter.erase_op(terminator)


class ScfPattern(RewritePattern):
    """A lowering whose new ops get the lowered op's location."""

    def match_and_rewrite(self, op, rewriter) -> bool:
        saved = rewriter.location
        rewriter.location = op.location
        try:
            return self.rewrite(op, rewriter)
        finally:
            rewriter.location = saved

    def rewrite(self, op, rewriter) -> bool:
        raise NotImplementedError


class ForLowering(ScfPattern):
    """The block before the loop branches to the condition block (the body's entry block,
    its arguments the induction variable and the iteration values), which compares and
    branches into the rest of the body or past the loop; the body's last block steps the
    induction variable and branches back. The loop's discardable attributes are dropped, as
    MLIR 19 drops them (`llvm.loop_annotation` moves to the branch only from MLIR 20)."""

    def __init__(self) -> None:
        super().__init__(scf.ForOp)

    def rewrite(self, op, rewriter) -> bool:
        region = op.regions[0]
        condition = region.blocks[0]
        terminator = region.blocks[-1].terminator
        init = op.parent
        end = split_block(rewriter, op)
        first_body = split_block(rewriter, condition.first_op)
        rewriter.inline_region_before(region, init.parent, end)
        iv = condition.args[0]
        with rewriter.at(InsertionPoint.at_end(terminator.parent)):
            stepped = rewriter.create(arith.AddIOp, iv, op.step).result
        _replace_by_branch(rewriter, terminator, condition, [stepped])
        _branch(rewriter, InsertionPoint.at_end(init), condition, [op.lowerBound, *op.initArgs])
        with rewriter.at(InsertionPoint.at_end(condition)):
            less = rewriter.create(arith.CmpIOp, iv, op.upperBound, predicate=_SLT).result
            rewriter.insert(cf.CondBranchOp(less, first_body, [], end, [], loc=rewriter.location))
        rewriter.replace_op(op, list(condition.args[1:]))
        return True


class IfLowering(ScfPattern):
    """The condition branches to the "then" blocks or to the "else" blocks (or, without
    them, past the op); both branch to a continuation block taking the results, which
    branches on to the rest of the block (straight to it when there are no results)."""

    def __init__(self) -> None:
        super().__init__(scf.IfOp)

    def rewrite(self, op, rewriter) -> bool:
        cond_block = op.parent
        remaining = split_block(rewriter, op)
        continuation = remaining
        if op.results:
            with rewriter.at(rewriter.insertion_point):
                continuation = rewriter.create_block(cond_block.parent, remaining)
                _results_as_arguments(op, continuation)
                _branch(rewriter, InsertionPoint.at_end(continuation), remaining)
        then_region, else_region = op.regions
        then_block = then_region.blocks[0]
        _replace_by_branch(rewriter, then_region.blocks[-1].terminator, continuation)
        rewriter.inline_region_before(then_region, cond_block.parent, continuation)
        else_block = continuation
        if else_region.blocks:
            else_block = else_region.blocks[0]
            _replace_by_branch(rewriter, else_region.blocks[-1].terminator, continuation)
            rewriter.inline_region_before(else_region, cond_block.parent, continuation)
        with rewriter.at(InsertionPoint.at_end(cond_block)):
            rewriter.insert(
                cf.CondBranchOp(op.condition, then_block, [], else_block, [],
                                loc=rewriter.location)
            )  # fmt: skip
        rewriter.replace_op(op, list(continuation.args))
        return True


class ExecuteRegionLowering(ScfPattern):
    """A branch into the region's blocks, whose `scf.yield`s branch to the rest of the
    block, which takes the results as arguments."""

    def __init__(self) -> None:
        super().__init__(scf.ExecuteRegionOp)

    def rewrite(self, op, rewriter) -> bool:
        cond_block = op.parent
        region = op.regions[0]
        yields = [b.terminator for b in region.blocks if isinstance(b.terminator, scf.YieldOp)]
        remaining = split_block(rewriter, op)
        _branch(rewriter, InsertionPoint.at_end(cond_block), region.blocks[0])
        for terminator in yields:
            _replace_by_branch(rewriter, terminator, remaining)
        rewriter.inline_region_before(region, cond_block.parent, remaining)
        rewriter.replace_op(op, _results_as_arguments(op, remaining))
        return True


class WhileLowering(ScfPattern):
    """The "before" blocks, then the "after" blocks, between the op's block and the rest:
    `scf.condition` branches to the "after" region or past the loop, the "after" region's
    `scf.yield` back to the "before" region. The results are the condition's operands,
    which dominate the rest."""

    def __init__(self) -> None:
        super().__init__(scf.WhileOp)

    def rewrite(self, op, rewriter) -> bool:
        before_region, after_region = op.regions
        before, after = before_region.blocks[0], after_region.blocks[0]
        condition = before_region.blocks[-1].terminator
        terminator = after_region.blocks[-1].terminator
        current = op.parent
        continuation = split_block(rewriter, op)
        rewriter.inline_region_before(after_region, current.parent, continuation)
        rewriter.inline_region_before(before_region, current.parent, after)
        _branch(rewriter, InsertionPoint.at_end(current), before, op.inits)
        _replace_by_condition(rewriter, condition, after, continuation)
        _replace_by_branch(rewriter, terminator, before)
        rewriter.replace_op(op, list(condition.args))
        return True


def _replace_by_condition(rewriter, condition, dest: Block, exit_block: Block) -> None:
    """`scf.condition` replaced by a `cf.cond_br` passing its values to `dest`, or leaving
    to `exit_block`."""
    with rewriter.at(InsertionPoint.at_end(condition.parent)):
        rewriter.insert(
            cf.CondBranchOp(condition.condition, dest, list(condition.args), exit_block, [],
                            loc=rewriter.location)
        )  # fmt: skip
    rewriter.erase_op(condition)


class DoWhileLowering(ScfPattern):
    """An `scf.while` whose "after" region only yields its arguments back is a do-while
    loop: the "before" blocks loop on themselves (MLIR's `DoWhileLowering`, preferred with
    benefit 2)."""

    def __init__(self) -> None:
        super().__init__(scf.WhileOp, benefit=2)

    def rewrite(self, op, rewriter) -> bool:
        before_region, after_region = op.regions
        if len(after_region.blocks) != 1:
            return False
        after = after_region.blocks[0]
        first = after.first_op
        if not isinstance(first, scf.YieldOp) or list(first.operands) != list(after.args):
            return False
        before = before_region.blocks[0]
        condition = before_region.blocks[-1].terminator
        current = op.parent
        continuation = split_block(rewriter, op)
        rewriter.inline_region_before(before_region, current.parent, continuation)
        _branch(rewriter, InsertionPoint.at_end(current), before, op.inits)
        _replace_by_condition(rewriter, condition, before, continuation)
        rewriter.replace_op(op, list(condition.args))
        return True


class IndexSwitchLowering(ScfPattern):
    """A `cf.switch` on the index cast to `i32`, to the case regions' blocks then the
    default's, each yielding to the rest of the block, which takes the results."""

    def __init__(self) -> None:
        super().__init__(scf.IndexSwitchOp)

    def rewrite(self, op, rewriter) -> bool:
        cond_block = op.parent
        default_region, *case_regions = op.regions
        yields = [r.blocks[0].terminator for r in op.regions]
        continuation = split_block(rewriter, op)
        results = _results_as_arguments(op, continuation)
        for terminator in yields:
            _replace_by_branch(rewriter, terminator, continuation)
        dests = []
        for region in [*case_regions, default_region]:
            dests.append(region.blocks[0])
            rewriter.inline_region_before(region, cond_block.parent, continuation)
        with rewriter.at(InsertionPoint.at_end(cond_block)):
            flag = rewriter.create(arith.IndexCastOp, op.arg, out=i32).result
            cases = list(op.properties["cases"].value)
            rewriter.insert(
                cf.SwitchOp(flag, dests[-1], [], cases, dests[:-1], loc=rewriter.location)
            )
        rewriter.replace_op(op, results)
        return True


class ParallelLowering(ScfPattern):
    """`scf.parallel` to a nest of `scf.for`s, one per dimension, outermost first, the
    reduction values carried down the nest as iteration values and each reduction's body
    inlined before the innermost yield; the `scf.for`s are lowered in turn."""

    def __init__(self) -> None:
        super().__init__(scf.ParallelOp)

    def rewrite(self, op, rewriter) -> bool:
        body = op.regions[0].blocks[0]
        reduce = body.terminator
        iter_args = list(op.initVals)
        ivs, loop_results = [], list(iter_args)
        point = rewriter.insertion_point
        for depth, (lower, upper, step) in enumerate(zip(op.lowerBound, op.upperBound, op.step)):
            loop_body = Block([lower.type, *(v.type for v in iter_args)],
                              [op.location] * (1 + len(iter_args)))  # fmt: skip
            loop = scf.ForOp.create(
                [lower, upper, step, *iter_args], [v.type for v in iter_args], {}, None,
                [Region([loop_body])],
            )  # fmt: skip
            loop.location = op.location
            with rewriter.at(point):
                rewriter.insert(loop)
            if depth == 0:
                loop_results = list(loop.results)
            if not iter_args:
                with rewriter.at(InsertionPoint.at_end(loop_body)):
                    rewriter.insert(scf.YieldOp([], loc=op.location))
            elif depth:
                with rewriter.at(InsertionPoint.at_end(point.block)):
                    rewriter.insert(scf.YieldOp(list(loop.results), loc=op.location))
            ivs.append(loop_body.args[0])
            iter_args = list(loop_body.args[1:])
            point = InsertionPoint.at_start(loop_body)
        innermost = point.block
        yielded = []
        for i, reduction in enumerate(reduce.regions):
            reduction_body = reduction.blocks[0]
            returned = reduction_body.terminator
            yielded.append(returned.operands[0])
            rewriter.erase_op(returned)
            rewriter.inline_block_before(reduction_body, reduce, [iter_args[i], reduce.operands[i]])
        rewriter.erase_op(reduce)
        if innermost.first_op is None:
            rewriter.inline_block_before(body, InsertionPoint.at_end(innermost), ivs)
        else:
            rewriter.inline_block_before(body, innermost.terminator, ivs)
        if yielded:
            with rewriter.at(InsertionPoint.at_end(innermost)):
                rewriter.insert(scf.YieldOp(yielded, loc=op.location))
        rewriter.replace_op(op, loop_results)
        return True


class ForallLowering(ScfPattern):
    """A bufferized `scf.forall` (no outputs) to an `scf.parallel` of the same body, its
    static bounds and steps as `arith.constant`s, one per entry (MLIR's
    `forallToParallelLoop`); the `scf.parallel` is lowered in turn, which drops the `mapping`
    MLIR copies onto it."""

    def __init__(self) -> None:
        super().__init__(scf.ForallOp)

    def rewrite(self, op, rewriter) -> bool:
        if op.outputs:
            return False
        body = op.regions[0].blocks[0]
        terminator = body.terminator
        bounds = []
        for group in op.mixed_bounds():
            for entry in group:
                if isinstance(entry, int):
                    entry = rewriter.create(arith.ConstantOp, IntegerAttr(entry, index)).result
                bounds.append(entry)
        rank = op.rank
        props = {"operandSegmentSizes": DenseArrayAttr(i32, (rank, rank, rank, 0))}
        parallel = scf.ParallelOp.create(bounds, [], props, None, [Region()])
        parallel.location = op.location
        rewriter.insert(parallel)
        rewriter.inline_region_before(op.regions[0], parallel.regions[0])
        with rewriter.at(InsertionPoint.at_end(body)):
            reduce = scf.ReduceOp.create([], [], {}, None, [])
            reduce.location = op.location
            rewriter.insert(reduce)
        rewriter.erase_op(terminator)
        rewriter.replace_op(op, [])
        return True


def scf_to_cf_patterns() -> list:
    """The patterns of the conversion (MLIR's `populateSCFToControlFlowConversionPatterns`)."""
    return [
        ForLowering(),
        IfLowering(),
        ForallLowering(),
        ParallelLowering(),
        WhileLowering(),
        ExecuteRegionLowering(),
        IndexSwitchLowering(),
        DoWhileLowering(),
    ]


@register_pass
@dataclass(frozen=True)
class SCFToControlFlow(Pass):
    """Lowers scf ops to cf blocks and branches; ops of other dialects stay."""

    name = "convert-scf-to-cf"
    summary = (
        "Convert SCF dialect to ControlFlow dialect, replacing structured control flow with a CFG"
    )

    def run(self, op) -> None:
        target = ConversionTarget()
        target.add_illegal_op(scf.ForallOp, scf.ForOp, scf.IfOp, scf.IndexSwitchOp,
                              scf.ParallelOp, scf.WhileOp, scf.ExecuteRegionOp)  # fmt: skip
        target.mark_unknown_op_dynamically_legal(lambda _: True)
        apply_partial_conversion(op, target, scf_to_cf_patterns())
