"""Attributes of the vector dialect: the enums MLIR 19 spells `#vector.kind<add>`,
`#vector.iterator_type<parallel>` and `#vector.punctuation<newline>` (VectorAttributes.td).
Assembly formats print them stripped (`<add>`), generic syntax in full."""

from __future__ import annotations

from mlc.ir.attributes import DialectAttribute, frozen
from mlc.ir.types import FloatType, IndexType, IntegerType


class _EnumAttr(DialectAttribute):
    """An enum attribute spelled `<keyword>` after its name; `CASES` in MLIR's order."""

    __slots__ = ()
    dialect_name = "vector"
    CASES: tuple = ()
    ENUM = ""  # the C++ enum MLIR names in its parse error

    def print_body(self, p) -> None:
        p.write(f"<{self.value}>")

    @classmethod
    def parse_body(cls, parser):
        parser.expect("<")
        word = parser.text if parser.kind == "bare" else ""
        if word not in cls.CASES:
            raise parser.error(
                f"expected {cls.ENUM} to be one of: {', '.join(cls.CASES)}", parser.pos
            )
        parser.advance()
        parser.expect(">")
        return cls(word)

    def __repr__(self) -> str:
        return str(self)


_INT_KINDS = frozenset(("minui", "minsi", "maxui", "maxsi", "and", "or", "xor"))
_FLOAT_KINDS = frozenset(("minnumf", "maxnumf", "minimumf", "maximumf"))


@frozen
class CombiningKindAttr(_EnumAttr):
    """`#vector.kind<add>`: how reductions, contractions and outer products combine."""

    value: str
    mnemonic = "kind"
    CASES = (
        "add", "mul", "minui", "minsi", "minnumf", "maxui", "maxsi", "maxnumf", "and", "or",
        "xor", "maximumf", "minimumf",
    )  # fmt: skip
    ENUM = "::mlir::vector::CombiningKind"

    def supports(self, element_type) -> bool:
        """Whether the kind combines values of `element_type` (MLIR's
        `isSupportedCombiningKind`): add and mul any integer, index or float, the
        bitwise and integer min/max kinds integers and index, the others floats."""
        is_int = isinstance(element_type, (IntegerType, IndexType))
        if self.value in _INT_KINDS:
            return is_int
        if self.value in _FLOAT_KINDS:
            return isinstance(element_type, FloatType)
        return is_int or isinstance(element_type, FloatType)


@frozen
class IteratorTypeAttr(_EnumAttr):
    """`#vector.iterator_type<reduction>`: the role of one dimension of a contraction."""

    value: str
    mnemonic = "iterator_type"
    CASES = ("parallel", "reduction")
    ENUM = "::mlir::vector::IteratorType"


@frozen
class PrintPunctuationAttr(_EnumAttr):
    """`#vector.punctuation<comma>`: what `vector.print` prints after its value."""

    value: str
    mnemonic = "punctuation"
    CASES = ("no_punctuation", "newline", "comma", "open", "close")
    ENUM = "::mlir::vector::PrintPunctuation"


ADD = CombiningKindAttr("add")
NEWLINE = PrintPunctuationAttr("newline")

ATTRIBUTES = [CombiningKindAttr, IteratorTypeAttr, PrintPunctuationAttr]
