"""The `affine` dialect, the part of MLIR 19's the view lowerings produce: `affine.apply`,
`affine.min` and `affine.max` on index values, with their syntax, verifiers, folds,
canonicalization patterns (`canonicalization`), the composition helpers MLIR's builders use
(`composition`) and interpreter rules. Built on arith as in MLIR: folded results become
`arith.constant`s."""

from __future__ import annotations

from mlc.dialects.affine.ops import ALL_OPS, AffineMapOp, ApplyOp, MaxOp, MinOp
from mlc.dialects.arith import ConstantOp
from mlc.ir.context import Dialect
from mlc.ir.rewrite.folding import register_constant_materializer

DIALECT = Dialect("affine", ALL_OPS)

# Folded results become `arith.constant`s (MLIR's AffineDialect::materializeConstant).
register_constant_materializer("affine", ConstantOp.materialize)

from mlc.dialects.affine import interpreter as _interpreter  # noqa: E402,F401 - registers rules

__all__ = ["DIALECT", "AffineMapOp", "ApplyOp", "MaxOp", "MinOp"]
