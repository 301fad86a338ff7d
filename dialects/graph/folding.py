"""Constant folding of graph ops: an op whose operands are all constants is evaluated by its
interpreter rule, so a fold means exactly what running the op means.

`GraphOp.fold` calls `fold_with_interpreter`; the greedy driver (canonicalize,
`graph-fold-constant`) then materializes the value as a `graph.constant`. Results larger
than `MAX_FOLDED_ELEMENTS` are not folded (a broadcast of a constant would otherwise grow
the module), nor are results with sizes that are not static, nor ops whose evaluation
fails (division by zero stays in the IR to fail at run time, as it would unfolded).
"""

from __future__ import annotations

import math

import numpy as np

from mlc.dialects.graph.types import TensorType
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.interpreter import Interpreter, InterpreterError, attr_to_value, impl_for
from mlc.ir.types import RankedTensorType

MAX_FOLDED_ELEMENTS = 1 << 16


def fold_with_interpreter(op, operand_constants) -> list | None:
    if not operand_constants or any(
        not isinstance(c, DenseElementsAttr) for c in operand_constants
    ):
        return None
    types = op.result_types
    if not all(isinstance(t, TensorType) and t.is_static for t in types):
        return None
    if any(math.prod(t.shape) > MAX_FOLDED_ELEMENTS for t in types):
        return None
    rule = impl_for(type(op))
    if rule is None:
        return None
    args = [
        np.asarray(attr_to_value(c)).astype(v.type.array_spec()[0])
        for c, v in zip(operand_constants, op.operands)
    ]
    try:
        values = rule(Interpreter(op), op, args)
    except InterpreterError:
        return None
    return [
        DenseElementsAttr.from_array(np.asarray(v), RankedTensorType(t.shape, t.element_type))
        for v, t in zip(values, types)
    ]


def materialize(value, type_, location):
    """A `graph.constant` for a folded dense value of a static graph tensor type."""
    from mlc.dialects.graph.constant import ConstantOp

    if not isinstance(type_, TensorType) or not isinstance(value, DenseElementsAttr):
        return None
    if tuple(value.type.shape) != type_.shape or value.type.element_type != type_.element_type:
        return None
    return ConstantOp(value, loc=location)
