"""`tensor.pad`: a tensor grown by `low` and `high` elements per dim, the new elements given
by the body (which yields the value at each index), with MLIR 19's syntax and checks.

    %p = tensor.pad %t low[1, 0] high[%n, 2] {
    ^bb0(%i: index, %j: index):
      tensor.yield %zero : f32
    } : tensor<?x4xf32> to tensor<?x6xf32>
"""

from __future__ import annotations

from mlc.dialects.tensor.ops import TENSOR, YieldOp
from mlc.dialects.tensor.slices import I64_ARRAY
from mlc.ir.attributes import UNIT, DenseArrayAttr, UnitAttr
from mlc.ir.constraints import INDEX, isa
from mlc.ir.opdef import operand, opt_prop, prop, region, result, var_operand
from mlc.ir.operation import Operation
from mlc.ir.syntax.dynamic_index_list import (
    parse_dynamic_index_list,
    print_dynamic_index_list,
    resolve_indices,
)
from mlc.ir.traits import Pure, SingleBlock
from mlc.ir.types import DYNAMIC, IndexType, RankedTensorType, i32, i64


def padded_type(source: RankedTensorType, low, high) -> RankedTensorType:
    """MLIR's `PadOp::inferResultType`: each dim grows by its padding, `?` if any is."""
    shape = tuple(
        DYNAMIC if DYNAMIC in (d, lo, hi) else d + lo + hi
        for d, lo, hi in zip(source.shape, low, high)
    )
    return RankedTensorType(shape, source.element_type)


class PadOp(Operation):
    name = "tensor.pad"
    source = operand(TENSOR)
    low = var_operand(INDEX)
    high = var_operand(INDEX)
    static_low = prop(I64_ARRAY)
    static_high = prop(I64_ARRAY)
    nofold = opt_prop(isa(UnitAttr))
    out = result(TENSOR)
    body = region(single_block=True)
    traits = (SingleBlock(), Pure())

    def asm_result_name(self) -> str:
        return "padded"

    @classmethod
    def parse(cls, p):
        pos = p.pos
        source = p.parse_operand()
        props = {}
        if p.parse_optional_keyword("nofold"):
            props["nofold"] = UNIT
        p.parse_keyword("low")
        low_refs, low = parse_dynamic_index_list(p)
        p.parse_keyword("high")
        high_refs, high = parse_dynamic_index_list(p)
        body = p.parse_region()
        attrs = p.parse_optional_attr_dict()
        p.expect(":")
        source_type = p.parse_type()
        p.parse_keyword("to")
        result_type = p.parse_type()
        operands = p.resolve_operands([source], [source_type], pos)
        operands += resolve_indices(p, low_refs, pos) + resolve_indices(p, high_refs, pos)
        props["static_low"] = DenseArrayAttr(i64, tuple(low))
        props["static_high"] = DenseArrayAttr(i64, tuple(high))
        props["operandSegmentSizes"] = DenseArrayAttr(i32, (1, len(low_refs), len(high_refs)))
        return cls.create(operands, [result_type], props, attrs, [body])

    def print_custom(self, p) -> None:
        p.write(" ")
        p.print_operand(self.operand(0))
        if "nofold" in self.properties:
            p.write(" nofold")
        p.write(" low")
        print_dynamic_index_list(p, self.low, self.properties["static_low"].value)
        p.write(" high")
        print_dynamic_index_list(p, self.high, self.properties["static_high"].value)
        p.write(" ")
        p.print_region(self.regions[0], True, True)
        elided = ("static_low", "static_high", "nofold", "operandSegmentSizes")
        p.print_optional_attr_dict({**self.properties, **self.attributes}, elided)
        p.write(" : ")
        p.print_type(self.operand(0).type)
        p.write(" to ")
        p.print_type(self.results[0].type)

    def verify_(self) -> None:
        source, t = self.operand(0).type, self.results[0].type
        low, high = self.properties["static_low"].value, self.properties["static_high"].value
        expected = padded_type(source, low, high)
        if len(low) != len(source.shape) or len(high) != len(source.shape) or any(
            d != DYNAMIC and e != DYNAMIC and d != e for d, e in zip(t.shape, expected.shape)
        ) or len(t.shape) != len(expected.shape):  # fmt: skip
            raise self.emit_error(
                f"specified type '{t}' does not match the inferred type '{expected}'",
                op_prefix=False,
            )
        block = self.regions[0].blocks[0]
        if len(block.args) != len(source.shape) or any(
            not isinstance(a.type, IndexType) for a in block.args
        ):
            raise self.emit_error("expected the block to have one index argument per dim")
        yielded = block.last_op
        if not isinstance(yielded, YieldOp) or [v.type for v in yielded.operands] != [
            source.element_type
        ]:
            raise self.emit_error("expected a tensor.yield of the element type")
