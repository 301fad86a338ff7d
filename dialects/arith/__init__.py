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
from mlc.dialects.arith.ops import ALL_OPS
from mlc.ir.context import Dialect

DIALECT = Dialect("arith", ALL_OPS, [IntegerOverflowFlagsAttr, FastMathFlagsAttr])

__all__ = [
    "DIALECT", "CMPF_PREDICATES", "CMPI_PREDICATES", "NO_FASTMATH", "NO_OVERFLOW",
    "ROUNDING_MODES", "FastMathFlagsAttr", "IntegerOverflowFlagsAttr",
] + [op.__name__ for op in ALL_OPS]  # fmt: skip
