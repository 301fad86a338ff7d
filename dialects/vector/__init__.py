"""The `vector` dialect: MLIR 19's ops on n-D vectors of scalars, the explicit SIMD layer
between loops and LLVM: element access and rearrangement, reductions and contractions,
loads, stores and transfers between memory (or tensors) and vectors, masks, and `print`
for debugging. MLIR's syntax, verifiers, folds and canonicalizations, and a reference
interpreter on numpy arrays."""

from __future__ import annotations

from mlc.dialects.arith import ConstantOp
from mlc.dialects.vector.attributes import (
    ATTRIBUTES,
    CombiningKindAttr,
    IteratorTypeAttr,
    PrintPunctuationAttr,
)
from mlc.dialects.vector.contraction import (
    ContractionOp,
    FMAOp,
    MultiDimReductionOp,
    OuterProductOp,
    ReductionOp,
)
from mlc.dialects.vector.elements import (
    BroadcastOp,
    ExtractElementOp,
    ExtractOp,
    InsertElementOp,
    InsertOp,
    SplatOp,
)
from mlc.dialects.vector.masks import ConstantMaskOp, CreateMaskOp
from mlc.dialects.vector.memory import LoadOp, MaskedLoadOp, MaskedStoreOp, StoreOp, TypeCastOp
from mlc.dialects.vector.printing import PrintOp
from mlc.dialects.vector.shapes import (
    BitCastOp,
    InterleaveOp,
    ShapeCastOp,
    ShuffleOp,
    TransposeOp,
)
from mlc.dialects.vector.transfer import TransferReadOp, TransferWriteOp
from mlc.ir.context import Dialect
from mlc.ir.rewrite.folding import register_constant_materializer
from mlc.ir.traits import DialectInlinerInterface, register_inliner_interface

ALL_OPS = [
    BitCastOp, BroadcastOp, ConstantMaskOp, ContractionOp, CreateMaskOp, ExtractElementOp,
    ExtractOp, FMAOp, InsertElementOp, InsertOp, InterleaveOp, LoadOp, MaskedLoadOp,
    MaskedStoreOp, MultiDimReductionOp, OuterProductOp, PrintOp, ReductionOp, ShapeCastOp,
    ShuffleOp, SplatOp, StoreOp, TransferReadOp, TransferWriteOp, TransposeOp, TypeCastOp,
]  # fmt: skip


class VectorInlinerInterface(DialectInlinerInterface):
    """Every vector op may be inlined anywhere (MLIR's `VectorInlinerInterface`)."""

    def is_legal_to_inline_op(self, op, dest, would_be_cloned: bool) -> bool:
        return True


DIALECT = Dialect("vector", ALL_OPS, ATTRIBUTES)

# Folded vector ops become `arith.constant`s (MLIR's VectorDialect::materializeConstant).
register_constant_materializer("vector", ConstantOp.materialize)
register_inliner_interface("vector", VectorInlinerInterface())

from mlc.dialects.vector import interpreter as _interpreter  # noqa: E402,F401 - registers rules

__all__ = [
    "DIALECT", "ALL_OPS", "CombiningKindAttr", "IteratorTypeAttr", "PrintPunctuationAttr",
] + [op.__name__ for op in ALL_OPS]  # fmt: skip
