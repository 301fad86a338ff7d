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


def _signless_int(t) -> bool:
    return type(t) is IntegerType and t.signedness == 0


def _element(t):
    if isinstance(t, (VectorType, RankedTensorType)):
        return t.element_type
    return t


def _shaped_of(pred):
    return lambda t: (
        pred(t) or (isinstance(t, (VectorType, RankedTensorType)) and pred(t.element_type))
    )


SIGNLESS_INTEGER = Constraint(_signless_int, "signless integer")
INDEX = isa(IndexType, description="index")
SIGNLESS_INTEGER_OR_INDEX = Constraint(
    lambda t: _signless_int(t) or type(t) is IndexType, "signless integer or index"
)
FLOAT = isa(FloatType, description="floating-point")
SIGNLESS_INTEGER_LIKE = Constraint(
    _shaped_of(lambda t: _signless_int(t) or type(t) is IndexType), "signless-integer-like"
)
BOOL_LIKE = Constraint(_shaped_of(lambda t: t == IntegerType(1)), "bool-like")
FLOAT_LIKE = Constraint(_shaped_of(lambda t: isinstance(t, FloatType)), "floating-point-like")
INT_OR_FLOAT_LIKE = SIGNLESS_INTEGER_LIKE | FLOAT_LIKE


def element_type(t):
    """The element type of a vector/tensor, or the type itself for scalars."""
    return _element(t)
