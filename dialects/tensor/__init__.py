"""The `tensor` dialect: MLIR's tensor ops (see `ops`), the tensor level that graph ops lower
to, with a numpy interpreter. Built on arith as in MLIR: folded sizes become
`arith.constant`s."""

from __future__ import annotations

from mlc.dialects.arith import ConstantOp as ArithConstantOp
from mlc.dialects.tensor.generic import GenericOp
from mlc.dialects.tensor.ops import *  # noqa: F401,F403 - the op classes are the API
from mlc.dialects.tensor.ops import ALL_OPS as _OPS
from mlc.dialects.tensor.pad import PadOp
from mlc.dialects.tensor.reshape import RESHAPE_OPS, CollapseShapeOp, ExpandShapeOp
from mlc.dialects.tensor.slices import SLICE_OPS, ExtractSliceOp, InsertSliceOp
from mlc.ir.context import Dialect
from mlc.ir.rewrite.folding import register_constant_materializer

ALL_OPS = [*_OPS, *SLICE_OPS, *RESHAPE_OPS, PadOp, GenericOp]
DIALECT = Dialect("tensor", ALL_OPS)
register_constant_materializer("tensor", ArithConstantOp.materialize)

from mlc.dialects.tensor import interpreter as _interpreter  # noqa: E402,F401 - registers rules

__all__ = [
    "DIALECT",
    "ALL_OPS",
    "ExtractSliceOp",
    "InsertSliceOp",
    "CollapseShapeOp",
    "ExpandShapeOp",
] + [op.__name__ for op in _OPS]
