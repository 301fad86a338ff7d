"""The `tensor` dialect: MLIR's tensor ops (see `ops`), the tensor level that graph ops lower
to, with a numpy interpreter. Built on arith as in MLIR: folded sizes become
`arith.constant`s."""

from __future__ import annotations

from mlc.dialects.arith import ConstantOp as ArithConstantOp
from mlc.dialects.tensor.ops import *  # noqa: F401,F403 - the op classes are the API
from mlc.dialects.tensor.ops import ALL_OPS
from mlc.ir.context import Dialect
from mlc.ir.rewrite.folding import register_constant_materializer

DIALECT = Dialect("tensor", ALL_OPS)
register_constant_materializer("tensor", ArithConstantOp.materialize)

from mlc.dialects.tensor import interpreter as _interpreter  # noqa: E402,F401 - registers rules

__all__ = ["DIALECT"] + [op.__name__ for op in ALL_OPS]
