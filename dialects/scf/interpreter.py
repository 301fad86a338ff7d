"""Reference interpreter rules of the scf dialect (see `mlc.ir.interpreter`). Region ops run
their regions in the current frame with `interp.run_region`; terminators yield.

- Loops step their induction variable as the lowering to cf does: `iv < ub` compared
  signed, `iv + step` wrapping at the variable's width. A non-positive step of a loop that
  runs is undefined behaviour (MLIR requires it positive).
- `scf.parallel` and `scf.forall` run their iterations one after another, in row-major
  order of the iteration space: any order is allowed, and racing iterations are undefined
  behaviour the interpreter does not detect. Reductions fold each iteration's value into
  the accumulator, which comes first: `reduce(acc, value)`.
- `scf.forall` results are its shared outputs as the `scf.forall.in_parallel` ops leave
  them; the ops that may appear there (`tensor.parallel_insert_slice`) have no rule yet.
"""

from __future__ import annotations

import itertools

import numpy as np

from mlc.dialects.scf.loops import ForOp, WhileOp
from mlc.dialects.scf.ops import ConditionOp, ExecuteRegionOp, IfOp, IndexSwitchOp, YieldOp
from mlc.dialects.scf.parallel import (
    ForallOp,
    InParallelOp,
    ParallelOp,
    ReduceOp,
    ReduceReturnOp,
)
from mlc.ir.interpreter import (
    InterpreterError,
    UndefinedBehavior,
    Yield,
    register_impl,
    wrap_integer,
)


def _yield(interp, op, args):
    return Yield(args)


for _terminator in (YieldOp, ConditionOp, ReduceOp, ReduceReturnOp):
    register_impl(_terminator)(_yield)


@register_impl(InParallelOp)
def _in_parallel(interp, op, args):
    combining = op.regions[0].blocks[0].first_op
    if combining is not None:
        raise InterpreterError(f"cannot interpret the parallel combining op '{combining.name}'", op)
    return Yield(())


@register_impl(IfOp)
def _if(interp, op, args):
    then_region, else_region = op.regions
    if args[0]:
        return interp.run_region(then_region, ())
    return interp.run_region(else_region, ()) if else_region.blocks else ()


@register_impl(ExecuteRegionOp)
def _execute_region(interp, op, args):
    return interp.run_region(op.regions[0], ())


@register_impl(IndexSwitchOp)
def _index_switch(interp, op, args):
    return interp.run_region(op.region_for(int(args[0])), ())


def _check_steps(op, bounds) -> None:
    """A loop dimension that would run needs a positive step."""
    for lb, ub, step in bounds:
        if lb < ub and step <= 0:
            raise UndefinedBehavior(f"loop step {step} is not positive", op)


@register_impl(ForOp)
def _for(interp, op, args):
    lb, ub, step, *values = args
    _check_steps(op, [(lb, ub, step)])
    iv_type = op.operand(0).type
    body = op.regions[0]
    iv = lb
    while iv < ub:
        values = interp.run_region(body, [iv, *values])
        iv = wrap_integer(int(iv) + int(step), iv_type)
    return values


@register_impl(WhileOp)
def _while(interp, op, args):
    before, after = op.regions
    values = args
    while True:
        condition, *forwarded = interp.run_region(before, values)
        if not condition:
            return forwarded
        values = interp.run_region(after, forwarded)


def _iteration_space(op, bounds):
    """Every point of the iteration space, row-major, as tuples of `index` values."""
    _check_steps(op, bounds)
    ranges = [range(int(lb), int(ub), int(step)) for lb, ub, step in bounds]
    for point in itertools.product(*ranges):
        yield [np.int64(i) for i in point]


@register_impl(ParallelOp)
def _parallel(interp, op, args):
    n = len(op.step)
    bounds = list(zip(args[:n], args[n : 2 * n], args[2 * n : 3 * n]))
    accumulators = list(args[3 * n :])
    body = op.regions[0]
    reductions = body.blocks[0].last_op.regions
    for ivs in _iteration_space(op, bounds):
        values = interp.run_region(body, ivs)
        for i, (region, value) in enumerate(zip(reductions, values)):
            accumulators[i] = interp.run_region(region, [accumulators[i], value])[0]
    return accumulators


@register_impl(ForallOp)
def _forall(interp, op, args):
    runtime = dict(zip(op.operands, args))
    lbs, ubs, steps = (
        [entry if isinstance(entry, int) else runtime[entry] for entry in group]
        for group in op.mixed_bounds()
    )
    outputs = args[len(args) - len(op.outputs) :]
    for ivs in _iteration_space(op, list(zip(lbs, ubs, steps))):
        interp.run_region(op.regions[0], [*ivs, *outputs])
    return outputs
