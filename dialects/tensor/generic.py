"""`tensor.generic`: index-level compute on tensors, the op graph ops lower to (linalg.generic's
form, on tensors, in mlc's tensor dialect).

    %r = tensor.generic {indexing_maps = [#map, #map1, #map2],
                         iterator_types = ["parallel", "reduction"]}
        ins(%a, %b : tensor<?x4xf32>, tensor<4xf32>) outs(%init : tensor<?xf32>) {
    ^bb0(%x: f32, %y: f32, %acc: f32):
      %m = arith.mulf %x, %y : f32
      %s = arith.addf %m, %acc : f32
      tensor.yield %s : f32
    } -> tensor<?xf32>

On memrefs (after `bufferize`) the op has no results and writes its outputs in place, as
linalg.generic's buffer form does:

    tensor.generic {...} ins(%a, %b : memref<?x4xf32>, memref<4xf32>) outs(%o : memref<?xf32>) {
      ...
    }

The iteration domain has one loop per iterator type; operand `k` is read (inputs) or
written (outputs) at `indexing_maps[k]` of the loop indices. The body gets one element per
input and the current element of each output (an accumulator where a loop is a reduction)
and yields the new output elements. The results are the outputs after every point of the
domain ran, in row-major order of the loops (which fixes float reductions' order). Loop
sizes come from the operand dims the maps read them from.
"""

from __future__ import annotations

from mlc.dialects.tensor.ops import TENSOR, YieldOp
from mlc.ir.affine import AffineDimExpr, AffineMapAttr
from mlc.ir.attributes import ArrayAttr, DenseArrayAttr, StringAttr
from mlc.ir.constraints import Constraint
from mlc.ir.opdef import prop, region, var_operand, var_result
from mlc.ir.operation import Operation
from mlc.ir.traits import SingleBlock
from mlc.ir.types import DYNAMIC, MemRefType, RankedTensorType, i32

ITERATOR_TYPES = ("parallel", "reduction")
MAPS = Constraint(
    lambda a: isinstance(a, ArrayAttr) and all(isinstance(m, AffineMapAttr) for m in a.value),
    "array of affine maps",
)
ITERATORS = Constraint(
    lambda a: (
        isinstance(a, ArrayAttr)
        and all(isinstance(s, StringAttr) and s.value in ITERATOR_TYPES for s in a.value)
    ),
    'array of "parallel" / "reduction"',
)


SHAPED = Constraint(
    lambda t: isinstance(t, (RankedTensorType, MemRefType)), "ranked tensor or memref"
)


class GenericOp(Operation):
    name = "tensor.generic"
    inputs = var_operand(SHAPED)
    outputs = var_operand(SHAPED)
    indexing_maps = prop(MAPS)
    iterator_types = prop(ITERATORS)
    outs = var_result(TENSOR)
    body = region(single_block=True)
    traits = (SingleBlock(),)

    def maps(self) -> list:
        return [m.value for m in self.properties["indexing_maps"].value]

    def iterators(self) -> list[str]:
        return [s.value for s in self.properties["iterator_types"].value]

    def has_buffer_semantics(self) -> bool:
        """The operands are memrefs: the op writes its outputs in place."""
        return any(isinstance(v.type, MemRefType) for v in self.operands)

    def get_effects(self) -> frozenset[str]:
        if not self.has_buffer_semantics():
            return frozenset()
        return frozenset(("read", "write"))

    @classmethod
    def parse(cls, p):
        pos = p.pos
        attrs = p.parse_optional_attr_dict()
        groups = []
        for keyword in ("ins", "outs"):
            refs, types = [], []
            if p.parse_optional_keyword(keyword):
                p.expect("(")
                refs = p.parse_operand_list()
                if refs:
                    p.expect(":")
                    types = p.parse_type_list()
                p.expect(")")
            groups.append(p.resolve_operands(refs, types, pos))
        body = p.parse_region()
        results = p.parse_function_result_types() if p.consume_if("->") else []
        props = {k: attrs.pop(k) for k in ("indexing_maps", "iterator_types") if k in attrs}
        props["operandSegmentSizes"] = DenseArrayAttr(i32, (len(groups[0]), len(groups[1])))
        return cls.create(groups[0] + groups[1], results, props, attrs, [body])

    def print_custom(self, p) -> None:
        shown = {k: self.properties[k] for k in ("indexing_maps", "iterator_types")}
        p.print_optional_attr_dict({**shown, **self.attributes})
        for keyword, values in (("ins", self.inputs), ("outs", self.outputs)):
            if values:
                p.write(f" {keyword}(")
                p.print_operands(values)
                p.write(" : ")
                p.print_type_list([v.type for v in values])
                p.write(")")
        p.write(" ")
        p.print_region(self.regions[0], True, True)
        if self.results:
            p.write(" -> ")
            p.print_type_list(self.result_types)

    def loop_sizes(self, shapes: list) -> list:
        """The size of each loop, from the first operand dim each is read from plainly
        (`DYNAMIC` for a `?` dim); None where no map reads a loop as a plain dim."""
        sizes: list = [None] * len(self.iterators())
        for m, shape in zip(self.maps(), shapes):
            for expr, size in zip(m.results, shape):
                if isinstance(expr, AffineDimExpr) and sizes[expr.position] in (None, DYNAMIC):
                    sizes[expr.position] = size
        return sizes

    def verify_(self) -> None:
        maps, loops = self.maps(), len(self.iterators())
        operands = list(self.inputs) + list(self.outputs)
        if len(maps) != len(operands):
            raise self.emit_error(
                f"expected the number of indexing_map ({len(maps)}) to be equal to the number "
                f"of input/output operands ({len(operands)})"
            )
        for k, (m, v) in enumerate(zip(maps, operands)):
            if m.num_dims != loops or m.num_symbols:
                raise self.emit_error(
                    f"expected indexing_map #{k} to have {loops} dim(s) to match the number of "
                    "loops, and no symbols"
                )
            if m.num_results != len(v.type.shape):
                raise self.emit_error(
                    f"expected operand rank ({len(v.type.shape)}) to match the result rank of "
                    f"indexing_map #{k} ({m.num_results})"
                )
        if None in self.loop_sizes([v.type.shape for v in operands]):
            raise self.emit_error("every loop must be read as a plain dim by some indexing map")
        block = self.regions[0].blocks[0]
        elements = [v.type.element_type for v in operands]
        if [a.type for a in block.args] != elements:
            raise self.emit_error(
                "expected the body's arguments to be the operands' element types "
                f"({', '.join(map(str, elements))})"
            )
        yielded = block.last_op
        outs = [v.type.element_type for v in self.outputs]
        if not isinstance(yielded, YieldOp) or [v.type for v in yielded.operands] != outs:
            raise self.emit_error(
                f"expected the body to yield one element per output ({', '.join(map(str, outs))})"
            )
        if self.has_buffer_semantics():
            if not all(isinstance(v.type, MemRefType) for v in operands):
                raise self.emit_error("expected all operands to be memrefs or all tensors")
            if self.results:
                raise self.emit_error("expected no results on memref operands")
        elif self.result_types != [v.type for v in self.outputs]:
            raise self.emit_error("expected the result types to be the outputs' types")
