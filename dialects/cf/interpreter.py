"""Reference interpreter rules of the cf dialect (see `mlc.ir.interpreter`): branches choose
a successor and hand it their operands' values; a failing `cf.assert` stops the program."""

from __future__ import annotations

from mlc.dialects.cf.ops import AssertOp, BranchOp, CondBranchOp, SwitchOp
from mlc.ir.interpreter import Branch, InterpreterError, register_impl


class AssertionFailure(InterpreterError):
    """A `cf.assert` saw false: the compiled program aborts there."""


@register_impl(BranchOp)
def _br(interp, op, args):
    return Branch(0, args)


@register_impl(CondBranchOp)
def _cond_br(interp, op, args):
    split = 1 + len(op.trueDestOperands)
    return Branch(0, args[1:split]) if args[0] else Branch(1, args[split:])


@register_impl(SwitchOp)
def _switch(interp, op, args):
    groups, start = [], 1
    for group in op.successor_groups():
        groups.append(args[start : start + len(group)])
        start += len(group)
    mask = (1 << op.operand(0).type.width) - 1
    flag = int(args[0])
    for i, value in enumerate(op.case_value_list() or ()):
        if (value - flag) & mask == 0:
            return Branch(i + 1, groups[i + 1])
    return Branch(0, groups[0])


@register_impl(AssertOp)
def _assert(interp, op, args):
    if not args[0]:
        raise AssertionFailure(f"assertion failed: {op.properties['msg'].value}", op)
    return None
