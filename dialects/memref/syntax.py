"""Custom syntax pieces of the memref ops that the declarative format cannot spell: mixed
static/dynamic index lists (MLIR's `custom<DynamicIndexList>`, from the core) and op heads
written by hand."""

from __future__ import annotations

from mlc.ir.attributes import DenseArrayAttr
from mlc.ir.syntax.dynamic_index_list import (  # noqa: F401 - memref's syntax API
    parse_dynamic_index_list,
    print_dynamic_index_list,
    resolve_indices,
)
from mlc.ir.types import i32, i64


def i64_array(values) -> DenseArrayAttr:
    return DenseArrayAttr(i64, tuple(values))


def segment_sizes(*groups) -> DenseArrayAttr:
    """`operandSegmentSizes` for operand groups of these lengths."""
    return DenseArrayAttr(i32, tuple(len(g) for g in groups))
