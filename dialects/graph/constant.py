"""`graph.constant`: a tensor of known elements, written as MLIR's dense attributes.

    %w = graph.constant dense<[[1.0, 2.0]]> : tensor<1x2xf32>      // !graph.tensor<[1, 2], f32>
    %big = graph.constant dense_resource<conv1_w> : tensor<64x3x7x7xf32>

The attribute carries a builtin static tensor type and the result is the graph tensor of the
same shape and elements. Large weights live outside the op text as MLIR's
`dense_resource` blobs (in the module's `{-# dialect_resources #-}` section), which is how
a model's parameters are referenced without being spelled inline.
"""

from __future__ import annotations

from mlc.dialects.graph.base import GRAPH_TENSOR
from mlc.dialects.graph.types import TensorType
from mlc.ir.attributes import DenseResourceElementsAttr
from mlc.ir.constraints import Constraint
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.opdef import prop, result
from mlc.ir.operation import Operation
from mlc.ir.traits import ConstantLike, Pure
from mlc.ir.types import RankedTensorType

ELEMENTS_ATTR = Constraint(
    lambda a: (
        isinstance(a, (DenseElementsAttr, DenseResourceElementsAttr))
        and isinstance(a.type, RankedTensorType)
        and all(d >= 0 for d in a.type.shape)
    ),
    "static dense or dense_resource elements attribute",
)


def constant_type(value) -> TensorType:
    return TensorType(tuple(value.type.shape), value.type.element_type)


class ConstantOp(Operation):
    name = "graph.constant"
    value = prop(ELEMENTS_ATTR)
    out = result(GRAPH_TENSOR)
    traits = (Pure(), ConstantLike())

    def __init__(self, value, loc=None) -> None:
        self._init((), [constant_type(value)], {"value": value}, None, (), (), loc)

    def asm_result_name(self) -> str:
        return "cst"

    def fold(self, operand_constants):
        return [self.properties["value"]]

    @classmethod
    def parse(cls, p):
        attrs = p.parse_optional_attr_dict()
        pos = p.pos
        value = p.parse_attribute()
        if not ELEMENTS_ATTR(value):
            raise p.error("expected a dense or dense_resource attribute of a static tensor", pos)
        return cls.create((), [constant_type(value)], {"value": value}, attrs)

    def print_custom(self, p) -> None:
        p.print_optional_attr_dict(self.attributes)
        p.write(" ")
        p.print_attribute(self.properties["value"])

    def verify_(self) -> None:
        want = constant_type(self.properties["value"])
        if self.results[0].type != want:
            raise self.emit_error(
                f"result type '{self.results[0].type}' does not match the value's '{want}'"
            )
