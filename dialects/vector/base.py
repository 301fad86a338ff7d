"""What every vector op shares: the base class (canonicalization patterns from one table),
ODS-style verification helpers with MLIR's messages, and small queries on values."""

from __future__ import annotations

from mlc.ir.operation import Operation
from mlc.ir.types import IndexType


class VectorOp(Operation):
    """Base of the vector ops: their canonicalization patterns come from one table."""

    @classmethod
    def get_canonicalization_patterns(cls):
        from mlc.dialects.vector.canonicalize import PATTERNS  # the patterns build these ops

        return PATTERNS.get(cls, ())


def require(op: Operation, holds: bool, what: str) -> None:
    """An ODS predicate (`PredOpTrait`, `AllTypesMatch`, ...) with its message."""
    if not holds:
        raise op.emit_error(f"failed to verify that {what}")


def require_inferred_type(op: Operation, inferred, compatible: bool | None = None) -> None:
    """MLIR's `InferTypeOpInterface` check of the result type, which runs after the op's
    own verifier (it is a region-level check there). MLIR reports a second error, "failed
    to infer returned types", which mlc folds into this one."""
    actual = op.results[0].type
    if compatible is None:
        compatible = actual == inferred
    if not compatible:
        raise op.emit_error(
            f"inferred type(s) '{inferred}' are incompatible with return type(s) of operation "
            f"'{actual}'"
        )


def bit_width(t) -> int:
    """The size of a scalar in bits as MLIR's default data layout gives it (index: 64)."""
    return 64 if isinstance(t, IndexType) else t.width


def producer(value, *classes):
    """The op of one of `classes` defining `value`, or None (MLIR's `getDefiningOp<Op>`)."""
    op = getattr(value, "op", None)
    return op if type(op) in classes else None
