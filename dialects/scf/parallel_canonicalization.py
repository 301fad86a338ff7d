"""Canonicalization patterns of `scf.parallel` and `scf.forall`, as MLIR 19 registers them
(SCF.cpp), as a table keyed by op class (`PARALLEL_PATTERNS`).

Dimensions that run once drop out, loops that run zero times become their initial values
(or shared outputs), nested parallel loops merge, constant bounds become static, and shared
outputs nothing writes stop being shared. `DimOfForallOp` and
`FoldTensorCastOfOutputIntoForallOp` wait for a tensor dialect.
"""

from __future__ import annotations

from mlc.dialects.arith import ConstantOp
from mlc.dialects.scf.canonicalization import merge_blocks
from mlc.dialects.scf.parallel import ForallOp, InParallelOp, ParallelOp, ReduceOp
from mlc.ir.attributes import DenseArrayAttr, IntegerAttr
from mlc.ir.block import Block, Region
from mlc.ir.rewrite.folding import constant_int
from mlc.ir.rewrite.pattern import pattern
from mlc.ir.types import DYNAMIC, i32, i64, index
from mlc.ir.values import Value


def move_region_into(rewriter, source: Region, dest: Region, mapping: dict) -> None:
    """Move the blocks of `source` into `dest`; the entry arguments in `mapping` have
    their uses replaced by the mapped values and are erased. MLIR's patterns clone the
    region (`cloneRegionBefore`) and erase the original; moving it spares copying a loop
    body that can hold most of a kernel."""
    entry = source.blocks[0]
    rewriter.inline_region_before(source, dest)
    for arg in reversed(list(entry.args)):
        if arg in mapping:
            rewriter.replace_all_uses_with(arg, mapping[arg])
            entry.erase_argument(arg.index)


def _index_value(rewriter, entry, location) -> Value:
    """A loop bound as a value: `entry` itself, or a new `arith.constant` of an int
    (MLIR's `getValueOrCreateConstantIndexOp`)."""
    if isinstance(entry, Value):
        return entry
    return rewriter.insert(ConstantOp(IntegerAttr(entry, index), loc=location)).results[0]


def constant_trip_count(lb, ub, step) -> int | None:
    """How often a loop from `lb` to `ub` by `step` (ints or values) runs, when the bounds
    are constants (MLIR's `constantTripCount`): `ceil((ub - lb) / step)`, negative for
    loops that do not run."""
    if lb is ub or (isinstance(lb, int) and lb == ub):
        return 0
    lb, ub, step = (v if isinstance(v, int) else constant_int(v) for v in (lb, ub, step))
    if lb is None or ub is None or not step:
        return None
    return -((lb - ub) // step)


# --- scf.parallel ----------------------------------------------------------------------------
@pattern(ParallelOp)
def parallel_single_or_zero_iteration_dims_folder(op, rewriter) -> bool:
    """Dimensions that run once drop out, the induction variable becoming the lower bound;
    a dimension that runs zero times makes the loop its initial values (MLIR's
    `ParallelOpSingleOrZeroIterationDimsFolder`)."""
    mapping: dict = {}
    kept = []
    for lb, ub, step, iv in zip(op.lowerBound, op.upperBound, op.step, op.induction_vars):
        trips = constant_trip_count(lb, ub, step)
        if trips == 0:
            rewriter.replace_op(op, op.initVals)
            return True
        if trips == 1:
            mapping[iv] = lb
            continue
        kept.append((lb, ub, step))
    if len(kept) == len(op.step):
        return False
    if kept:
        lbs, ubs, steps = (list(group) for group in zip(*kept))
        new = ParallelOp(lbs, ubs, steps, op.initVals, outs=op.result_types, regions=[Region()],
                         loc=op.location)  # fmt: skip
        rewriter.insert(new)
        move_region_into(rewriter, op.regions[0], new.regions[0], mapping)
        rewriter.replace_op(op, new.results)
        return True
    body = op.regions[0].blocks[0]
    reduce = body.last_op
    rewriter.inline_block_before(body, op, [mapping[iv] for iv in body.args])
    results = []
    for init, value, reduction in zip(op.initVals, reduce.operands, reduce.regions):
        block = reduction.blocks[0]
        returned = block.last_op
        rewriter.inline_block_before(block, op, [init, value])
        results.append(returned.operand(0))
        rewriter.erase_op(returned)
    rewriter.erase_op(reduce)
    rewriter.replace_op(op, results)
    return True


@pattern(ParallelOp)
def merge_nested_parallel_loops(op, rewriter) -> bool:
    """`scf.parallel` whose body is only another `scf.parallel`, with bounds independent of
    the outer one and no reductions, becomes one loop over both spaces (MLIR's
    `MergeNestedParallelLoops`)."""
    body = op.regions[0].blocks[0]
    inner = body.first_op
    if not isinstance(inner, ParallelOp) or inner.next_op is not body.last_op:
        return False
    outer_ivs = set(body.args)
    if any(v in outer_ivs for v in inner.lowerBound + inner.upperBound + inner.step):
        return False
    if op.initVals or inner.initVals:
        return False
    inner_body = inner.regions[0].blocks[0]
    block = Block([index] * (len(body.args) + len(inner_body.args)), [op.location] * (
        len(body.args) + len(inner_body.args)))  # fmt: skip
    for arg, new_arg in zip(body.args + inner_body.args, block.args):
        rewriter.replace_all_uses_with(arg, new_arg)
    for nested in list(inner_body.ops)[:-1]:
        nested.detach()
        block.append(nested)
    block.append(ReduceOp([], loc=op.location))
    new = ParallelOp(op.lowerBound + inner.lowerBound, op.upperBound + inner.upperBound,
                     op.step + inner.step, [], regions=[Region([block])],
                     loc=op.location)  # fmt: skip
    rewriter.replace_op(op, rewriter.insert(new))
    return True


# --- scf.forall ------------------------------------------------------------------------------
def _set_forall_bounds(op: ForallOp, bounds: tuple) -> None:
    """Store mixed lower bounds, upper bounds and steps (ints or values) in `op`."""
    dynamic = []
    for name, entries in zip(ForallOp._STATIC, bounds):
        values = [e for e in entries if isinstance(e, Value)]
        static = tuple(DYNAMIC if isinstance(e, Value) else e for e in entries)
        op.properties[name] = DenseArrayAttr(i64, static)
        dynamic.append(values)
    op.set_operands([*dynamic[0], *dynamic[1], *dynamic[2], *op.outputs])
    sizes = (*map(len, dynamic), len(op.results))
    op.properties["operandSegmentSizes"] = DenseArrayAttr(i32, sizes)


def _new_forall(rewriter, op: ForallOp, bounds: tuple, outputs, mapping_attr) -> ForallOp:
    """A forall before `op` over `bounds` with `outputs`, and an empty body region."""
    new = ForallOp([], [], [], outputs, outs=[v.type for v in outputs], regions=[Region()],
                   staticLowerBound=DenseArrayAttr(i64, ()),
                   staticUpperBound=DenseArrayAttr(i64, ()), staticStep=DenseArrayAttr(i64, ()),
                   mapping=mapping_attr, loc=op.location)  # fmt: skip
    _set_forall_bounds(new, bounds)
    return rewriter.insert(new)


@pattern(ForallOp)
def forall_control_operands_folder(op, rewriter) -> bool:
    """Constant bound operands become static bounds (MLIR's
    `ForallOpControlOperandsFolder`)."""
    bounds = op.mixed_bounds()
    folded = tuple(
        [constant_int(e) if isinstance(e, Value) and constant_int(e) is not None else e
         for e in entries]
        for entries in bounds
    )  # fmt: skip
    if folded == bounds:
        return False
    rewriter.modify_op_in_place(op, lambda: _set_forall_bounds(op, folded))
    return True


@pattern(ForallOp)
def forall_iter_args_folder(op, rewriter) -> bool:
    """Shared outputs whose result nothing uses, or that no `scf.forall.in_parallel` op
    writes, stop being shared: the result is the output itself (MLIR's
    `ForallOpIterArgsFolder`)."""
    triples = list(zip(op.results, op.outputs, op.region_out_args))
    dropped = [not result.has_uses() or not op.combining_ops(arg) for result, _, arg in triples]
    if not any(dropped):
        return False
    for (_, _, arg), drop in zip(triples, dropped):
        if drop:
            for combining in op.combining_ops(arg):
                rewriter.erase_op(combining)
    kept = [output for (_, output, _), drop in zip(triples, dropped) if not drop]
    new = _new_forall(rewriter, op, op.mixed_bounds(), kept, op.properties.get("mapping"))
    body = op.regions[0].blocks[0]
    new_body = new.regions[0].add_block(
        Block([index] * op.rank + [v.type for v in kept], [op.location] * (op.rank + len(kept)))
    )
    new_outs = iter(new_body.args[op.rank :])
    args = list(new_body.args[: op.rank])
    args += [output if drop else next(new_outs) for (_, output, _), drop in zip(triples, dropped)]
    merge_blocks(rewriter, body, new_body, args)
    new_results = iter(new.results)
    for (result, output, _), drop in zip(triples, dropped):
        rewriter.replace_all_uses_with(result, output if drop else next(new_results))
    rewriter.erase_op(op)
    return True


@pattern(ForallOp)
def forall_single_or_zero_iteration_dims_folder(op, rewriter) -> bool:
    """Without a mapping, dimensions that run once drop out, the induction variable
    becoming the lower bound; a dimension that runs zero times makes the loop its shared
    outputs; a loop left without dimensions is its body (MLIR's
    `ForallOpSingleOrZeroIterationDimsFolder`)."""
    if op.properties.get("mapping") is not None:
        return False
    mapping: dict = {}
    kept = []
    for lb, ub, step, iv in zip(*op.mixed_bounds(), op.induction_vars):
        trips = constant_trip_count(lb, ub, step)
        if trips == 0:
            rewriter.replace_op(op, op.outputs)
            return True
        if trips == 1:
            mapping[iv] = _index_value(rewriter, lb, op.location)
            continue
        kept.append((lb, ub, step))
    if len(kept) == op.rank:
        return False
    if not kept:
        return _promote(rewriter, op, mapping)
    bounds = tuple(list(group) for group in zip(*kept))
    new = _new_forall(rewriter, op, bounds, op.outputs, None)
    new.attributes = dict(op.attributes)
    move_region_into(rewriter, op.regions[0], new.regions[0], mapping)
    rewriter.replace_op(op, new.results)
    return True


def _promote(rewriter, op: ForallOp, mapping: dict) -> bool:
    """Inline the body of a loop that runs once (MLIR's `promote`); its results are its
    shared outputs, which no combining op writes (mlc has no `tensor.parallel_insert_slice`
    to turn into an insert yet)."""
    terminator = op.regions[0].blocks[0].last_op
    if isinstance(terminator, InParallelOp) and terminator.regions[0].blocks[0].first_op:
        return False
    args = [mapping[iv] for iv in op.induction_vars] + op.outputs
    outputs = op.outputs
    rewriter.inline_block_before(op.regions[0].blocks[0], op, args)
    rewriter.erase_op(terminator)
    rewriter.replace_op(op, outputs)
    return True


PARALLEL_PATTERNS = {
    ParallelOp: [parallel_single_or_zero_iteration_dims_folder, merge_nested_parallel_loops],
    ForallOp: [
        forall_control_operands_folder,
        forall_iter_args_folder,
        forall_single_or_zero_iteration_dims_folder,
    ],
}
