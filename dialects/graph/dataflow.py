"""`graph.dataflow`: a region of side-effect-free ops, as a Relax dataflow block.

    %y = graph.dataflow -> !graph.tensor<[n, 10], f32> {
      %0 = graph.matmul %x, %w : (...)
      %1 = graph.relu %0 : (...)
      graph.output %1 : !graph.tensor<[n, 10], f32>
    }

The region is one block that may use values from outside; only what `graph.output` lists
is visible after it. Every op inside must be free of side effects (pure, or a `graph.call`
of a graph function: graph functions have none), which is what lets passes reorder, fuse
and erase inside it without an effect analysis.
"""

from __future__ import annotations

from mlc.dialects.graph.base import result_type_agrees
from mlc.dialects.graph.function import CallOp, ReturnOp
from mlc.ir.effects import is_memory_effect_free
from mlc.ir.opdef import region, var_operand, var_result
from mlc.ir.operation import Operation
from mlc.ir.traits import HasParent, Pure, ReturnLike, SingleBlock, Terminator


class DataflowOp(Operation):
    name = "graph.dataflow"
    outs = var_result()
    body = region(single_block=True)
    traits = (SingleBlock(), Pure())
    default_dialect = "graph"

    @classmethod
    def parse(cls, p):
        types = []
        if p.consume_if("->"):
            types = p.parse_function_result_types()
        body = p.parse_region()
        attrs = p.parse_optional_attr_dict()
        return cls.create((), types, {}, attrs, [body])

    def print_custom(self, p) -> None:
        if self.results:
            p.write(" -> ")
            many = len(self.results) != 1
            p.write("(" if many else "")
            p.print_type_list(self.result_types)
            p.write(")" if many else "")
        p.write(" ")
        p.print_region(self.regions[0], False, True)
        p.print_optional_attr_dict(self.attributes)

    def verify_(self) -> None:
        block = self.regions[0].blocks[0] if self.regions[0].blocks else None
        if block is None or block.args:
            raise self.emit_error("expects one block without arguments")
        terminator = block.last_op
        if not isinstance(terminator, OutputOp):
            raise self.emit_error("must end with 'graph.output'")
        got = [v.type for v in terminator.operands]
        if len(got) != len(self.results) or not all(
            map(result_type_agrees, self.result_types, got)
        ):
            raise self.emit_error(
                f"outputs {', '.join(map(str, got)) or 'nothing'} but its results are "
                f"{', '.join(map(str, self.result_types)) or 'none'}"
            )
        for op in block.ops:
            if op is not terminator and not (is_memory_effect_free(op) or isinstance(op, CallOp)):
                raise op.emit_error("has side effects, which a 'graph.dataflow' region excludes")
            if isinstance(op, ReturnOp):
                raise op.emit_error("cannot return from inside a 'graph.dataflow' region")


class OutputOp(Operation):
    """`graph.output %a, %b : A, B`: the values a `graph.dataflow` region gives out."""

    name = "graph.output"
    values = var_operand()
    traits = (Pure(), Terminator(), ReturnLike(), HasParent("graph.dataflow"))
    assembly_format = "attr-dict ($values^ `:` type($values))?"
