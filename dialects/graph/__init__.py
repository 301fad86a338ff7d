"""The `graph` dialect: mlc's graph-level IR (the Relax of mlc), with symbolic shapes.

Tensors are `!graph.tensor<[n, 784], f32>` (see `types` and `symbolic`); functions are
`graph.func` with declared size variables (`function`); every op infers its result types
from its operands (`base.GraphOp`), which the verifier checks and `graph-infer-shapes`
uses to refine `?` dims; semantics are numpy's and ONNX's, defined by the reference
interpreter (`interpreter`). Built on func (a `graph.func` is a `func.func` with size
variables), so the inliner, call graph and symbol passes handle graph functions too.
"""

from __future__ import annotations

from mlc.dialects.graph import folding
from mlc.dialects.graph.call_dps import CallDpsOp
from mlc.dialects.graph.constant import ConstantOp
from mlc.dialects.graph.conv import *  # noqa: F401,F403 - the op classes are the API
from mlc.dialects.graph.conv import CONV_OPS
from mlc.dialects.graph.dataflow import DataflowOp, OutputOp
from mlc.dialects.graph.elementwise import *  # noqa: F401,F403 - the op classes are the API
from mlc.dialects.graph.elementwise import ELEMENTWISE_OPS
from mlc.dialects.graph.function import CallOp, FuncOp, ReturnOp
from mlc.dialects.graph.index_ops import *  # noqa: F401,F403 - the op classes are the API
from mlc.dialects.graph.index_ops import INDEX_OPS
from mlc.dialects.graph.nn import *  # noqa: F401,F403 - the op classes are the API
from mlc.dialects.graph.nn import NN_OPS
from mlc.dialects.graph.reduce import *  # noqa: F401,F403 - the op classes are the API
from mlc.dialects.graph.reduce import REDUCE_OPS
from mlc.dialects.graph.shape_ops import *  # noqa: F401,F403 - the op classes are the API
from mlc.dialects.graph.shape_ops import SHAPE_OPS
from mlc.dialects.graph.symbolic import SymExpr, var
from mlc.dialects.graph.types import TensorType, tensor
from mlc.ir.context import Dialect
from mlc.ir.rewrite.folding import register_constant_materializer
from mlc.ir.traits import DialectInlinerInterface, register_inliner_interface

ALL_OPS = [FuncOp, ReturnOp, CallOp, CallDpsOp, ConstantOp, DataflowOp, OutputOp]
ALL_OPS += [*ELEMENTWISE_OPS, *NN_OPS, *CONV_OPS]
ALL_OPS += [*SHAPE_OPS, *INDEX_OPS, *REDUCE_OPS]


class GraphInlinerInterface(DialectInlinerInterface):
    """Graph ops are pure or calls: all may be inlined; `graph.return` becomes its values."""

    def is_legal_to_inline_call(self, call, callable_op, would_be_cloned: bool) -> bool:
        return True

    def is_legal_to_inline_region(self, dest, src, would_be_cloned: bool) -> bool:
        return True

    def is_legal_to_inline_op(self, op, dest, would_be_cloned: bool) -> bool:
        return True

    def handle_terminator(self, op, values_to_replace: list) -> None:
        for old, new in zip(values_to_replace, op.operands):
            old.replace_all_uses_with(new)


DIALECT = Dialect("graph", ALL_OPS, types=[TensorType])
register_inliner_interface("graph", GraphInlinerInterface())
register_constant_materializer("graph", folding.materialize)

from mlc.dialects.graph import conv_interpreter as _conv_interpreter  # noqa: E402,F401
from mlc.dialects.graph import interpreter as _interpreter  # noqa: E402,F401 - registers rules
from mlc.dialects.graph import nn_interpreter as _nn_interpreter  # noqa: E402,F401
from mlc.dialects.graph import shape_interpreter as _shape_interpreter  # noqa: E402,F401

__all__ = [
    "DIALECT", "ALL_OPS", "TensorType", "tensor", "SymExpr", "var", "FuncOp", "ReturnOp",
    "CallOp", "CallDpsOp", "ConstantOp", "DataflowOp", "OutputOp", "GraphInlinerInterface",
] + [op.__name__ for op in ELEMENTWISE_OPS + NN_OPS + CONV_OPS]  # fmt: skip
__all__ += [op.__name__ for op in SHAPE_OPS + INDEX_OPS + REDUCE_OPS]
