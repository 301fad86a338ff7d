"""Attributes of the arith dialect: overflow and fast-math flag sets, predicate enums."""

from __future__ import annotations

from mlc.ir.attributes import DialectAttribute, frozen
from mlc.ir.constraints import EnumConstraint
from mlc.ir.types import i32

OVERFLOW_FLAGS = ("nsw", "nuw")
FASTMATH_FLAGS = ("reassoc", "nnan", "ninf", "nsz", "arcp", "contract", "afn")


def _parse_flags(parser, known: tuple, all_alias: str | None) -> frozenset:
    """`<none>`, `<a, b>` or `<fast>` (all flags) after the mnemonic."""
    parser.expect("<")
    flags = set()
    while True:
        pos = parser.pos
        word = parser.parse_any_keyword()
        if word == all_alias:
            flags.update(known)
        elif word in known:
            flags.add(word)
        elif word != "none":
            raise parser.error(
                f"expected one of [{', '.join(('none',) + known)}] for flags, got: {word}", pos
            )
        if not parser.consume_if(","):
            break
    parser.expect(">")
    return frozenset(flags)


@frozen
class IntegerOverflowFlagsAttr(DialectAttribute):
    """`#arith.overflow<nsw, nuw>`: poison on signed/unsigned wrap."""

    flags: frozenset = frozenset()
    dialect_name = "arith"
    mnemonic = "overflow"

    def print_body(self, p) -> None:
        names = [f for f in OVERFLOW_FLAGS if f in self.flags]
        p.write("<" + (", ".join(names) if names else "none") + ">")

    @classmethod
    def parse_body(cls, parser):
        return cls(_parse_flags(parser, OVERFLOW_FLAGS, None))

    def __repr__(self) -> str:
        return f"#arith.overflow<{', '.join(sorted(self.flags)) or 'none'}>"


@frozen
class FastMathFlagsAttr(DialectAttribute):
    """`#arith.fastmath<nnan,ninf>`; all flags print as `fast`."""

    flags: frozenset = frozenset()
    dialect_name = "arith"
    mnemonic = "fastmath"

    def print_body(self, p) -> None:
        if len(self.flags) == len(FASTMATH_FLAGS):
            p.write("<fast>")
            return
        names = [f for f in FASTMATH_FLAGS if f in self.flags]
        p.write("<" + (",".join(names) if names else "none") + ">")

    @classmethod
    def parse_body(cls, parser):
        return cls(_parse_flags(parser, FASTMATH_FLAGS, "fast"))

    def __repr__(self) -> str:
        return f"#arith.fastmath<{','.join(sorted(self.flags)) or 'none'}>"


NO_OVERFLOW = IntegerOverflowFlagsAttr()
NO_FASTMATH = FastMathFlagsAttr()

CMPI_PREDICATES = EnumConstraint(
    ("eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge"),
    "allowed 64-bit signless integer cases: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9",
)
CMPF_PREDICATES = EnumConstraint(
    ("false", "oeq", "ogt", "oge", "olt", "ole", "one", "ord",
     "ueq", "ugt", "uge", "ult", "ule", "une", "uno", "true"),
    "allowed 64-bit signless integer cases: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15",
)  # fmt: skip
ROUNDING_MODES = EnumConstraint(
    ("to_nearest_even", "downward", "upward", "toward_zero", "to_nearest_away"),
    "Floating point rounding mode",
    i32,
)
