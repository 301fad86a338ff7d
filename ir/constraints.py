"""Type and attribute constraints for op definitions, as ODS's `TypeConstraint`s.

A constraint is a predicate with the description MLIR prints when it fails
(`operand #0 must be signless-integer-like, but got 'f32'`).
"""

from __future__ import annotations

from collections.abc import Callable

from mlc.ir.attributes import FloatAttr, IntegerAttr
from mlc.ir.types import FloatType, IndexType, IntegerType, RankedTensorType, VectorType


class Constraint:
    """A named predicate over attributes or types."""

    __slots__ = ("predicate", "description")

    def __init__(self, predicate: Callable[[object], bool], description: str) -> None:
        self.predicate = predicate
        self.description = description

    def __call__(self, value) -> bool:
        return self.predicate(value)

    def __or__(self, other: Constraint) -> Constraint:
        a, b = self.predicate, other.predicate
        return Constraint(lambda v: a(v) or b(v), f"{self.description} or {other.description}")

    def __repr__(self) -> str:
        return f"Constraint({self.description})"


class IsaConstraint(Constraint):
    """Instances of given classes; assembly formats use `classes` to parse stripped forms."""

    __slots__ = ("classes",)

    def __init__(self, classes: tuple, description: str) -> None:
        super().__init__(lambda v: isinstance(v, classes), description)
        self.classes = classes


def isa(*classes: type, description: str | None = None) -> IsaConstraint:
    """Instances of any of `classes`."""
    return IsaConstraint(classes, description or " or ".join(c.__name__ for c in classes))


class EnumConstraint(Constraint):
    """An integer attribute naming one of `keywords` (ODS `I64EnumAttr`); custom syntax
    spells the keyword, generic syntax the integer."""

    __slots__ = ("keywords", "type")

    def __init__(self, keywords: tuple, description: str, type=None) -> None:
        from mlc.ir.attributes import IntegerAttr
        from mlc.ir.types import i64

        self.type = type or i64
        self.keywords = keywords
        n = len(keywords)
        super().__init__(
            lambda v: isinstance(v, IntegerAttr) and v.type == self.type and 0 <= v.value < n,
            description,
        )

    def make(self, index: int):
        from mlc.ir.attributes import IntegerAttr

        return IntegerAttr(index, self.type)


class TypedAttrConstraint(Constraint):
    """An integer or float attribute of one type (ODS `I32Attr`, `ConfinedAttr<I64Attr, ...>`)
    whose value satisfies `ok`: assembly formats spell the value alone (`16`), the type
    being known."""

    __slots__ = ("attr_type",)

    def __init__(self, attr_type, description: str, ok: Callable[[object], bool] | None = None):
        self.attr_type = attr_type
        super().__init__(
            lambda v: (
                isinstance(v, (IntegerAttr, FloatAttr))
                and v.type == attr_type
                and (ok is None or ok(v.value))
            ),
            description,
        )


ANY_TYPE = Constraint(lambda v: True, "any type")
ANY_ATTR = Constraint(lambda v: True, "any attribute")


# Hot path: the verifier calls these for every operand and result of every op, so each
# is one function over the type, with no nested predicate calls for scalars.


def _signless_int(t) -> bool:
    return type(t) is IntegerType and t.signedness == 0


def _signless_int_or_index(t) -> bool:
    kind = type(t)
    return (kind is IntegerType and t.signedness == 0) or kind is IndexType


def _is_i1(t) -> bool:
    return type(t) is IntegerType and t.width == 1 and t.signedness == 0


def _is_float(t) -> bool:
    return isinstance(t, FloatType)


def _element(t):
    if isinstance(t, (VectorType, RankedTensorType)):
        return t.element_type
    return t


def _shaped_of(pred):
    """`pred` of a scalar, or of the elements of a vector or tensor."""

    def check(t) -> bool:
        return pred(t) or (isinstance(t, (VectorType, RankedTensorType)) and pred(t.element_type))

    return check


SIGNLESS_INTEGER = Constraint(_signless_int, "signless integer")
INDEX = isa(IndexType, description="index")
SIGNLESS_INTEGER_OR_INDEX = Constraint(_signless_int_or_index, "signless integer or index")
FLOAT = isa(FloatType, description="floating-point")
SIGNLESS_INTEGER_LIKE = Constraint(_shaped_of(_signless_int_or_index), "signless-integer-like")
BOOL_LIKE = Constraint(_shaped_of(_is_i1), "bool-like")
FLOAT_LIKE = Constraint(_shaped_of(_is_float), "floating-point-like")
INT_OR_FLOAT_LIKE = SIGNLESS_INTEGER_LIKE | FLOAT_LIKE


def element_type(t):
    """The element type of a vector/tensor, or the type itself for scalars."""
    return _element(t)
