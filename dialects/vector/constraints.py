"""Type and attribute constraints of the vector ops, with ODS's descriptions (what MLIR 19
prints when one fails), and the small type helpers every vector op uses."""

from __future__ import annotations

from mlc.ir.affine import AffineMapAttr
from mlc.ir.attributes import ArrayAttr, DenseArrayAttr, IntegerAttr, StringAttr
from mlc.ir.constraints import Constraint, isa
from mlc.ir.types import (
    FloatType,
    IndexType,
    IntegerType,
    MemRefType,
    RankedTensorType,
    ShapedType,
    UnrankedMemRefType,
    UnrankedTensorType,
    VectorType,
    i1,
    i64,
)


def vector_type(shape, element, scalable=()) -> VectorType:
    """`vector<shape x element>`, scalable where `scalable` says so; the flags are kept only
    when one is set, as the parser builds them, so that equal types compare equal."""
    flags = tuple(scalable)
    return VectorType(tuple(shape), element, flags if any(flags) else ())


def scalable_flags(t: VectorType) -> tuple:
    """One flag per dim of `t`: is it scalable (`[4]`)?"""
    return t.scalable or (False,) * len(t.shape)


def element_type_or_self(t):
    """The element type of a vector, tensor or memref, or `t` itself (MLIR's
    `getElementTypeOrSelf`)."""
    return t.element_type if isinstance(t, (VectorType, RankedTensorType, MemRefType)) else t


def is_scalar(t) -> bool:
    """An integer, index or float type (MLIR's `isIntOrIndexOrFloat`)."""
    return isinstance(t, (IntegerType, IndexType, FloatType))


def _vector_of(description: str, element=None, rank=None, fixed: bool = False) -> Constraint:
    def check(t) -> bool:
        return (
            isinstance(t, VectorType)
            and (element is None or element(t.element_type))
            and (rank is None or len(t.shape) == rank)
            and not (fixed and t.scalable)
        )

    return Constraint(check, description)


VECTOR = _vector_of("vector of any type values")
NONZERO_RANK_VECTOR = Constraint(  # ODS `AnyVectorOfNonZeroRank`, described as `AnyVector`
    lambda t: isinstance(t, VectorType) and t.rank > 0, "vector of any type values"
)
FIXED_VECTOR = _vector_of("fixed-length vector of any type values", fixed=True)
FLOAT_VECTOR = _vector_of(
    "vector of floating-point values", element=lambda e: isinstance(e, FloatType)
)
BOOL_VECTOR = _vector_of("vector of 1-bit signless integer values", element=lambda e: e == i1)
BOOL_VECTOR_1D = _vector_of(
    "vector of 1-bit signless integer values of ranks 1", element=lambda e: e == i1, rank=1
)
VECTOR_1D = _vector_of(" of ranks 1", rank=1)  # (sic: ODS describes it so)
SCALAR = Constraint(
    lambda t: (
        (isinstance(t, IntegerType) and t.is_signless) or isinstance(t, (IndexType, FloatType))
    ),
    "integer/index/float type",
)
MEMREF = isa(MemRefType, description="memref of any type values")
STATIC_MEMREF = Constraint(
    lambda t: isinstance(t, MemRefType) and t.has_static_shape(),
    "statically shaped memref of any type values",
)
SHAPED = isa(
    ShapedType, UnrankedMemRefType, UnrankedTensorType, description="shaped of any type values"
)
RANKED_TENSOR = isa(RankedTensorType, description="ranked tensor of any type values")
INTEGER_OR_INDEX = Constraint(
    lambda t: (isinstance(t, IntegerType) and t.is_signless) or isinstance(t, IndexType),
    "signless integer or index",
)

I64_ARRAY = Constraint(
    lambda a: isinstance(a, ArrayAttr) and all(type(v) is IntegerAttr and v.type == i64 for v in a),
    "64-bit integer array attribute",
)
DENSE_I64_ARRAY = Constraint(
    lambda a: isinstance(a, DenseArrayAttr) and a.element_type == i64,
    "i64 dense array attribute",
)
BOOL_ARRAY = Constraint(
    lambda a: isinstance(a, ArrayAttr) and all(type(v) is IntegerAttr and v.type == i1 for v in a),
    "1-bit boolean array attribute",
)
BOOL = Constraint(lambda a: type(a) is IntegerAttr and a.type == i1, "bool attribute")
AFFINE_MAP = isa(AffineMapAttr, description="AffineMap attribute")
STRING = isa(StringAttr, description="An Attribute containing a string")


def i64_list(attr) -> list[int]:
    """The integers of an `I64_ARRAY` or `DENSE_I64_ARRAY` attribute."""
    if isinstance(attr, DenseArrayAttr):
        return list(attr.value)
    return [v.value for v in attr]


def i64_array(values) -> ArrayAttr:
    """An `I64_ARRAY` attribute (`[1, 2]`)."""
    return ArrayAttr(tuple(IntegerAttr(v, i64) for v in values))


def dense_i64_array(values) -> DenseArrayAttr:
    """A `DENSE_I64_ARRAY` attribute (`array<i64: 1, 2>`)."""
    return DenseArrayAttr(i64, tuple(values))
