"""The `math` dialect: MLIR 19's element-wise math ops (trigonometry, exponentials, roundings,
bit counts, powers), their syntax, folds and reference semantics. Built on arith as in MLIR:
float ops carry arith's fast-math flags and folded values become `arith.constant`s."""

from __future__ import annotations

from mlc.dialects.arith import ConstantOp
from mlc.dialects.math.ops import *  # noqa: F401,F403 - the op classes are the dialect's API
from mlc.dialects.math.ops import ALL_OPS
from mlc.ir.context import Dialect
from mlc.ir.rewrite.folding import register_constant_materializer
from mlc.ir.traits import DialectInlinerInterface, register_inliner_interface


class MathInlinerInterface(DialectInlinerInterface):
    """Every math op may be inlined anywhere (MLIR's `MathInlinerInterface`)."""

    def is_legal_to_inline_op(self, op, dest, would_be_cloned: bool) -> bool:
        return True


DIALECT = Dialect("math", ALL_OPS)

# MLIR's MathDialect::materializeConstant builds `arith.constant`s.
register_constant_materializer("math", ConstantOp.materialize)
register_inliner_interface("math", MathInlinerInterface())

from mlc.dialects.math import interpreter as _interpreter  # noqa: E402,F401 - registers its rules

__all__ = ["DIALECT", "MathInlinerInterface"] + [op.__name__ for op in ALL_OPS]
