"""Shape refinement: replace `?` dims of result types by what inference knows.

Inference runs in program order inside each function, regions before the op that holds
them, so a refined result refines its users in the same sweep. A `graph.call` takes its
callee's signature (its size variables bound from the operands), a `graph.dataflow` what
its `graph.output` gives, and a graph function's declared results what it returns. Since a
function's refined results refine its callers, sweeps repeat until nothing changes (at most
one more than the number of functions). Only `?` is ever replaced: a dim the IR states is
kept, and a contradiction is left for the verifier to report.
"""

from __future__ import annotations

from mlc.dialects.graph.base import GraphOp
from mlc.dialects.graph.dataflow import DataflowOp
from mlc.dialects.graph.function import CallOp, FuncOp, ReturnOp, call_result_types
from mlc.dialects.graph.shapes import ShapeError
from mlc.dialects.graph.types import TensorType
from mlc.ir.attributes import TypeAttr
from mlc.ir.traits import CallableOpInterface, get_trait
from mlc.ir.types import FunctionType
from mlc.ir.verifier import SymbolTableCollection


def refine(declared, inferred):
    """`declared` with its `?` dims taken from `inferred` (same element type and rank),
    else `declared` unchanged."""
    if not (isinstance(declared, TensorType) and isinstance(inferred, TensorType)):
        return declared
    if declared.rank != inferred.rank or declared.element_type != inferred.element_type:
        return declared
    shape = tuple(i if d is None else d for d, i in zip(declared.shape, inferred.shape))
    return declared if shape == declared.shape else declared.with_shape(shape)


def infer_shapes(root) -> bool:
    """Refine the result types under `root` until a fixed point; whether anything changed."""
    symbols = SymbolTableCollection()
    functions = sum(isinstance(op, FuncOp) for op in root.iter_nested())
    changed_any = False
    for _ in range(functions + 1):
        changed = _refine_nested(root, symbols)
        changed_any |= changed
        if not changed:
            break
    return changed_any


def _refine_nested(op, symbols) -> bool:
    changed = False
    for region in op.regions:
        for block in region.blocks:
            for nested in block.ops:
                changed |= _refine_nested(nested, symbols)
    return _refine_op(op, symbols) | changed


def _refine_op(op, symbols) -> bool:
    inferred = _inferred(op, symbols)
    changed = False
    if inferred is not None:
        for result, want in zip(op.results, inferred):
            new = refine(result.type, want)
            if new is not result.type and _graph_users_only(result):
                result.type = new
                changed = True
    if isinstance(op, FuncOp) and not op.is_declaration() and _graph_callers_only(op):
        changed |= _refine_signature(op)
    return changed


def _graph_users_only(value) -> bool:
    """Graph ops accept a more precise operand type; other dialects' ops (`func.return`)
    may require the exact type they were built with, so such values keep theirs."""
    return all(user.name.startswith("graph.") for user in value.users)


def _graph_callers_only(func: FuncOp) -> bool:
    """No op other than `graph.call` refers to the function (a `func.call` would require
    its exact signature)."""
    parent = func.parent_op
    if parent is None:
        return True
    name = func.properties["sym_name"].value
    for op in parent.iter_nested():
        callee = op.properties.get("callee") if op.properties else None
        if callee is not None and getattr(callee, "root", None) == name:
            if op.name != "graph.call":
                return False
    return True


def _inferred(op, symbols) -> list | None:
    try:
        if isinstance(op, GraphOp):
            return op.inferred_types()
    except ShapeError:
        return None
    if isinstance(op, DataflowOp):
        return [v.type for v in op.regions[0].blocks[0].last_op.operands]
    if isinstance(op, CallOp):
        callee = symbols.lookup_nearest(op, op.properties["callee"])
        callable_ = None if callee is None else get_trait(callee, CallableOpInterface)
        if callable_ is None:
            return None
        types = call_result_types(
            callable_.argument_types(callee),
            callable_.result_types(callee),
            [v.type for v in op.operands],
        )
        return None if isinstance(types, str) else types
    return None


def _refine_signature(func: FuncOp) -> bool:
    """Declared results refined by what every `graph.return` returns."""
    ftype = func.type
    results = list(ftype.results)
    for block in func.regions[0].blocks:
        terminator = block.last_op
        if isinstance(terminator, ReturnOp):
            results = [refine(t, v.type) for t, v in zip(results, terminator.operands)]
    if results == list(ftype.results):
        return False
    func.properties["function_type"] = TypeAttr(FunctionType(ftype.inputs, tuple(results)))
    return True
