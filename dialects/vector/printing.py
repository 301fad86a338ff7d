"""`vector.print`: writes a value, a string or a punctuation mark to the standard output,
for debugging (MLIR 19's syntax and verifier; the interpreter prints what the lowered code
prints)."""

from __future__ import annotations

from mlc.dialects.vector.attributes import NEWLINE, PrintPunctuationAttr
from mlc.dialects.vector.base import VectorOp, require
from mlc.dialects.vector.constraints import STRING, is_scalar
from mlc.dialects.vector.syntax import op_error, print_attr_dict, split_properties
from mlc.ir.constraints import Constraint, isa
from mlc.ir.opdef import opt_operand, opt_prop, prop
from mlc.ir.traits import MemoryEffects
from mlc.ir.types import VectorType

PRINTABLE = Constraint(lambda t: isinstance(t, VectorType) or is_scalar(t), "")  # (sic)


class PrintOp(VectorOp):
    """`vector.print %v : vector<4xf32>`, `vector.print str "hello"`,
    `vector.print punctuation <comma>`: writes a value (`( 1, 2, 3 )`), a string or a
    punctuation mark to the standard output, for debugging."""

    name = "vector.print"
    source = opt_operand(PRINTABLE)
    punctuation = prop(
        isa(
            PrintPunctuationAttr,
            description="Punctuation for separating vectors or vector elements",
        ),
        default=NEWLINE,
    )
    string_literal = opt_prop(STRING, name="stringLiteral")
    traits = (MemoryEffects("write"),)

    @classmethod
    def parse(cls, p):
        pos = p.pos
        operands = []
        if p.kind == "percent":
            ref = p.parse_operand()
            p.expect(":")
            operands = p.resolve_operands([ref], [p.parse_type()], pos)
        props, seen = {}, set()
        while p.kind == "bare" and p.text in ("str", "punctuation"):  # MLIR's `oilist`
            clause = p.text
            if clause in seen:
                raise op_error(
                    p,
                    cls,
                    f"`{clause}` clause can appear at most once in the expansion of the "
                    "oilist directive",
                )
            seen.add(clause)
            p.advance()
            if clause == "str":
                props["stringLiteral"] = p.parse_attribute()
            else:
                props["punctuation"] = PrintPunctuationAttr.parse_body(p)
        attrs = p.parse_optional_attr_dict()
        props.update(split_properties(cls, attrs))
        props.setdefault("punctuation", NEWLINE)
        return cls.create(operands, [], props, attrs)

    def print_custom(self, p) -> None:
        if self.source is not None:
            p.write(" ")
            p.print_operand(self.source)
            p.write(" : ")
            p.print_type(self.source.type)
        literal = self.properties.get("stringLiteral")
        if literal is not None:
            p.write(" str ")
            p.print_attribute(literal)
        punctuation = self.properties.get("punctuation", NEWLINE)
        if punctuation != NEWLINE:
            p.write(" punctuation ")
            punctuation.print_body(p)
        print_attr_dict(p, self, ("punctuation", "stringLiteral"))

    def verify_(self) -> None:
        if "stringLiteral" in self.properties:
            require(
                self,
                self.source is None and self.properties["punctuation"] == NEWLINE,
                "`source` or `punctuation` are not set when printing strings",
            )
