"""Small builders the vector lowerings share: a zero vector, and `vector.extract` /
`vector.insert` at a constant position, each created through a rewriter."""

from __future__ import annotations

from mlc.dialects import arith
from mlc.dialects.vector.constraints import dense_i64_array
from mlc.dialects.vector.elements import ExtractOp, InsertOp
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.types import FloatType, VectorType


def zero_vector(rewriter, t: VectorType):
    """`arith.constant` zero (false, 0 or 0.0) of vector type `t`."""
    zero = 0.0 if isinstance(t.element_type, FloatType) else 0
    return rewriter.create(arith.ConstantOp, DenseElementsAttr.from_array(zero, t)).results[0]


def extract_at(rewriter, value, position):
    """`vector.extract %value[position]`, its result type inferred."""
    return rewriter.insert(ExtractOp.at(value, list(position))).results[0]


def insert_at(rewriter, value, dest, position):
    """`vector.insert %value, %dest[position]`."""
    position = dense_i64_array(tuple(position))
    new = InsertOp(value, dest, [], static_position=position, result_types=[dest.type])
    return rewriter.insert(new).results[0]
