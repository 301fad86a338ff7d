"""Reference interpreter rules of the func dialect (see `mlc.ir.interpreter`).

A function-typed value (from `func.constant`) is a `FunctionRef` to the callee op;
`func.call_indirect` calls whatever the reference names.
"""

from __future__ import annotations

from mlc.dialects.func import CallIndirectOp, CallOp, ConstantOp, FuncOp, ReturnOp
from mlc.ir.interpreter import InterpreterError, Yield, register_impl


class FunctionRef:
    """The runtime value of a function type: a reference to a callable op."""

    __slots__ = ("op",)

    def __init__(self, op) -> None:
        self.op = op

    def __eq__(self, other) -> bool:
        return type(other) is FunctionRef and other.op is self.op

    def __hash__(self) -> int:
        return id(self.op)

    def __repr__(self) -> str:
        return f"FunctionRef(@{self.op.properties['sym_name'].value})"


def _callee(interp, op, ref):
    """The function `ref` names, seen from `op` (the verifier has checked that it exists;
    the IR may have changed since)."""
    fn = interp.lookup_symbol(op, ref)
    if fn is None:
        raise InterpreterError(f"'@{ref.root}' does not reference a function", op)
    return fn


@register_impl(FuncOp)
def _func(interp, op, args):
    """Calling a function runs its body in a fresh frame."""
    if op.is_declaration():
        name = op.properties["sym_name"].value
        raise InterpreterError(f"cannot call external function '@{name}': it has no body", op)
    return interp.call_region(op.regions[0], args)


@register_impl(ReturnOp)
def _return(interp, op, args):
    return Yield(args)


@register_impl(CallOp)
def _call(interp, op, args):
    return interp.invoke(_callee(interp, op, op.properties["callee"]), args)


@register_impl(CallIndirectOp)
def _call_indirect(interp, op, args):
    return interp.invoke(args[0].op, args[1:])


@register_impl(ConstantOp)
def _constant(interp, op, args):
    return [FunctionRef(_callee(interp, op, op.properties["value"]))]
