"""`tensor.expand_shape` and `tensor.collapse_shape`: row-major reshapes whose
`reassociation` groups the dims of the larger shape, one group per dim of the smaller, with
MLIR 19's syntax and checks (`verifyTensorReshapeOp`).

    %c = tensor.collapse_shape %t [[0, 1]] : tensor<?x4xf32> into tensor<?xf32>
    %e = tensor.expand_shape %c [[0, 1]] output_shape [%n, 4] : tensor<?xf32> into tensor<?x4xf32>
"""

from __future__ import annotations

from mlc.dialects.tensor.ops import TENSOR
from mlc.dialects.tensor.slices import I64_ARRAY
from mlc.ir.attributes import ArrayAttr, IntegerAttr
from mlc.ir.constraints import INDEX, Constraint
from mlc.ir.opdef import operand, prop, result, var_operand
from mlc.ir.operation import Operation
from mlc.ir.traits import Pure
from mlc.ir.types import DYNAMIC
from mlc.ir.view_like import parse_expand_shape, print_expand_shape

REASSOCIATION = Constraint(
    lambda a: (
        isinstance(a, ArrayAttr)
        and all(
            isinstance(g, ArrayAttr) and all(isinstance(i, IntegerAttr) for i in g.value)
            for g in a.value
        )
    ),  # fmt: skip
    "array of arrays of integers (reassociation indices)",
)


def groups_of(op) -> list[list[int]]:
    return [[i.value for i in g.value] for g in op.properties["reassociation"].value]


def verify_reshape(op, collapsed, expanded, expansion: bool) -> None:
    """MLIR's `verifyTensorReshapeOp`: ranks, contiguous groups covering every expanded dim,
    and sizes that agree group by group."""
    groups = groups_of(op)
    if len(expanded.shape) < len(collapsed.shape):
        raise op.emit_error(f"expected the expanded type, '{expanded}' to have a higher (or same) "
                            f"rank than the collapsed type, '{collapsed}'")  # fmt: skip
    if len(groups) != len(collapsed.shape):
        raise op.emit_error(f"expected rank of the collapsed type({len(collapsed.shape)}) to be "
                            f"the number of reassociation maps({len(groups)})")  # fmt: skip
    flat = [i for g in groups for i in g]
    if flat != list(range(len(expanded.shape))):
        raise op.emit_error("expected reassociation indices to be contiguous and cover the "
                            "expanded dims")  # fmt: skip
    if collapsed.element_type != expanded.element_type:
        raise op.emit_error("expected the element types to match")
    for dim, group in enumerate(groups):
        sizes = [expanded.shape[i] for i in group]
        if DYNAMIC in sizes:
            if collapsed.shape[dim] != DYNAMIC:
                raise op.emit_error(
                    f"expected dimension {dim} of collapsed type to be dynamic since one or "
                    "more of the corresponding dimensions in the expanded type is dynamic"
                )
            continue
        size = 1
        for s in sizes:
            size *= s
        if collapsed.shape[dim] != size:
            raise op.emit_error(
                f"expected dimension {dim} of collapsed type to be static value of {size}"
            )


def _print_tail(p, op) -> None:
    p.print_optional_attr_dict({**op.properties, **op.attributes},
                               ("reassociation", "static_output_shape"))  # fmt: skip
    p.write(" : ")
    p.print_type(op.operand(0).type)
    p.write(" into ")
    p.print_type(op.results[0].type)


class CollapseShapeOp(Operation):
    name = "tensor.collapse_shape"
    src = operand(TENSOR)
    reassociation = prop(REASSOCIATION)
    out = result(TENSOR)
    traits = (Pure(),)

    def asm_result_name(self) -> str:
        return "collapsed"

    @classmethod
    def parse(cls, p):
        pos = p.pos
        source = p.parse_operand()
        reassociation = p.parse_attribute()
        attrs = p.parse_optional_attr_dict()
        p.expect(":")
        source_type = p.parse_type()
        p.parse_keyword("into")
        result_type = p.parse_type()
        operands = p.resolve_operands([source], [source_type], pos)
        return cls.create(operands, [result_type], {"reassociation": reassociation}, attrs)

    def print_custom(self, p) -> None:
        p.write(" ")
        p.print_operand(self.operand(0))
        p.write(" ")
        p.print_attribute(self.properties["reassociation"])
        _print_tail(p, self)

    def verify_(self) -> None:
        verify_reshape(self, self.results[0].type, self.operand(0).type, expansion=False)


class ExpandShapeOp(Operation):
    name = "tensor.expand_shape"
    src = operand(TENSOR)
    output_shape = var_operand(INDEX)
    reassociation = prop(REASSOCIATION)
    static_output_shape = prop(I64_ARRAY)
    out = result(TENSOR)
    traits = (Pure(),)

    def asm_result_name(self) -> str:
        return "expanded"

    parse = classmethod(parse_expand_shape)
    print_custom = print_expand_shape

    def verify_(self) -> None:
        t = self.results[0].type
        verify_reshape(self, self.operand(0).type, t, expansion=True)
        static = self.properties["static_output_shape"].value
        if len(static) != len(t.shape):
            raise self.emit_error(
                "expected number of static shape bounds to be equal to the output rank "
                f"({len(t.shape)}) but found {len(static)} inputs instead"
            )
        if len(self.operands) - 1 != sum(1 for d in static if d == DYNAMIC):
            raise self.emit_error(
                "mismatch in dynamic dims in output_shape and static_output_shape"
            )
        for pos, (d, s) in enumerate(zip(t.shape, static)):
            if d != DYNAMIC and s != DYNAMIC and d != s:
                raise self.emit_error(f"invalid output shape provided at pos {pos}")


RESHAPE_OPS = [CollapseShapeOp, ExpandShapeOp]
