"""The `arith` dialect: integer and float arithmetic with MLIR 19's ops, syntax and checks."""

from __future__ import annotations

from mlc.dialects.arith.attributes import (
    CMPF_PREDICATES,
    CMPI_PREDICATES,
    NO_FASTMATH,
    NO_OVERFLOW,
    ROUNDING_MODES,
    FastMathFlagsAttr,
    IntegerOverflowFlagsAttr,
)
from mlc.dialects.arith.ops import *  # noqa: F401,F403 - the op classes are the dialect's API
from mlc.dialects.arith.ops import ALL_OPS, ConstantOp
from mlc.ir.context import Dialect
from mlc.ir.rewrite.folding import register_constant_materializer
from mlc.ir.traits import DialectInlinerInterface, register_inliner_interface

DIALECT = Dialect("arith", ALL_OPS, [IntegerOverflowFlagsAttr, FastMathFlagsAttr])

# Folded arith ops become `arith.constant`s (MLIR's ArithDialect::materializeConstant).
register_constant_materializer("arith", ConstantOp.materialize)


class ArithInlinerInterface(DialectInlinerInterface):
    """Every arith op may be inlined (MLIR's `ArithInlinerInterface`)."""

    def is_legal_to_inline_op(self, op, dest, would_be_cloned: bool) -> bool:
        return True


register_inliner_interface("arith", ArithInlinerInterface())

from mlc.dialects.arith import interpreter as _interpreter  # noqa: E402,F401 - registers its rules

__all__ = [
    "DIALECT", "CMPF_PREDICATES", "CMPI_PREDICATES", "NO_FASTMATH", "NO_OVERFLOW",
    "ROUNDING_MODES", "FastMathFlagsAttr", "IntegerOverflowFlagsAttr",
] + [op.__name__ for op in ALL_OPS]  # fmt: skip
