"""The `memref` dialect: MLIR 19's buffers with their layouts and memory spaces: allocation,
loads and stores, copies, casts, views (subview, reinterpret_cast, expand/collapse_shape,
view) and globals, with MLIR's syntax, verifiers, folds and canonicalizations, and a
reference interpreter that gives memrefs numpy views of their buffers."""

from __future__ import annotations

from mlc.dialects.arith import ConstantOp
from mlc.dialects.memref.ops import *  # noqa: F401,F403 - the op classes are the dialect's API
from mlc.dialects.memref.ops import (
    AllocaOp,
    AllocOp,
    AssumeAlignmentOp,
    AtomicRMWOp,
    CastOp,
    CopyOp,
    DeallocOp,
    DimOp,
    ExtractAlignedPointerAsIndexOp,
    GetGlobalOp,
    GlobalOp,
    LoadOp,
    RankOp,
    StoreOp,
)
from mlc.dialects.memref.views import *  # noqa: F401,F403
from mlc.dialects.memref.views import (
    CollapseShapeOp,
    ExpandShapeOp,
    ExtractStridedMetadataOp,
    ReinterpretCastOp,
    SubViewOp,
    ViewOp,
)
from mlc.ir.context import Dialect
from mlc.ir.rewrite.folding import register_constant_materializer
from mlc.ir.traits import DialectInlinerInterface, register_inliner_interface

ALL_OPS = [
    AllocOp, AllocaOp, AssumeAlignmentOp, AtomicRMWOp, CastOp, CollapseShapeOp, CopyOp,
    DeallocOp, DimOp, ExpandShapeOp, ExtractAlignedPointerAsIndexOp, ExtractStridedMetadataOp,
    GetGlobalOp, GlobalOp, LoadOp, RankOp, ReinterpretCastOp, StoreOp, SubViewOp, ViewOp,
]  # fmt: skip


class MemRefInlinerInterface(DialectInlinerInterface):
    """Every memref op may be inlined anywhere (MLIR's `MemRefInlinerInterface`)."""

    def is_legal_to_inline_op(self, op, dest, would_be_cloned: bool) -> bool:
        return True


DIALECT = Dialect("memref", ALL_OPS)

# Folded sizes and ranks become `arith.constant`s (MLIR's MemRefDialect::materializeConstant).
register_constant_materializer("memref", ConstantOp.materialize)
register_inliner_interface("memref", MemRefInlinerInterface())

from mlc.dialects.memref import interpreter as _interpreter  # noqa: E402,F401 - registers rules
