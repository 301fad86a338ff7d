"""MLIR 19's tensor ops that build, read and reshape nothing but whole tensors: empty, dim,
rank, extract, insert, cast, from_elements, splat, generate (with its yield), with MLIR's
syntax, verifiers (MLIR's messages) and folds of what the types decide.

Tensors are values: `insert` returns a new tensor. Dynamic sizes are `?` dims whose sizes
come from operands (`tensor.empty(%n)`, `tensor.splat %v[%n]`, `tensor.generate %n`), one
per `?`, in order.
"""

from __future__ import annotations

from mlc.ir.attributes import IntegerAttr
from mlc.ir.constraints import ANY_TYPE, INDEX, Constraint, isa
from mlc.ir.opdef import operand, region, result, var_operand
from mlc.ir.operation import Operation
from mlc.ir.traits import HasParent, NoMemoryEffect, Pure, ReturnLike, SingleBlock, Terminator
from mlc.ir.types import (
    DYNAMIC,
    FloatType,
    IndexType,
    IntegerType,
    RankedTensorType,
    UnrankedTensorType,
    index,
)

TENSOR = Constraint(lambda t: isinstance(t, RankedTensorType), "ranked tensor of any type values")
ANY_TENSOR = isa(RankedTensorType, UnrankedTensorType, description="tensor of any type")
SCALAR = Constraint(
    lambda t: isinstance(t, (IntegerType, IndexType, FloatType)), "integer, index or float"
)


def _count(t) -> int:
    """The number of elements of a static shape (0 for a dynamic one, which the verifier
    rejects)."""
    count = 1
    for d in t.shape:
        count *= d if d != DYNAMIC else 0
    return count


def dynamic_count(t) -> int:
    return sum(1 for d in t.shape if d == DYNAMIC)


def _check_dynamic_sizes(op, sizes, t) -> None:
    if len(sizes) != dynamic_count(t):
        raise op.emit_error(
            f"incorrect number of dynamic sizes, has {len(sizes)}, expected {dynamic_count(t)}"
        )


class EmptyOp(Operation):
    """`%t = tensor.empty(%n) : tensor<?x4xf32>`: a tensor whose elements are undefined (a
    destination to be filled)."""

    name = "tensor.empty"
    dynamicSizes = var_operand(INDEX)
    out = result(TENSOR)
    traits = (Pure(),)
    assembly_format = "`(`$dynamicSizes`)` attr-dict `:` type($out)"
    derived_types = {"dynamicSizes": index}

    def verify_(self) -> None:
        _check_dynamic_sizes(self, self.operands, self.results[0].type)


class DimOp(Operation):
    """`%d = tensor.dim %t, %i : tensor<?x4xf32>`: the size of dimension `%i`."""

    name = "tensor.dim"
    source = operand(ANY_TENSOR)
    index_ = operand(INDEX)
    out = result(INDEX)
    traits = (NoMemoryEffect(),)
    assembly_format = "attr-dict $source `,` $index_ `:` type($source)"
    derived_types = {"index_": IndexType()}

    @classmethod
    def infer_result_types(cls, operands, properties):
        return [index]

    def asm_result_name(self) -> str:
        return "dim"

    def fold(self, operand_constants):
        """A static dimension's size (MLIR's `DimOp::fold`)."""
        t = self.operand(0).type
        i = operand_constants[1] if len(operand_constants) > 1 else None
        if not isinstance(t, RankedTensorType) or not isinstance(i, IntegerAttr):
            return None
        if 0 <= i.value < len(t.shape) and t.shape[i.value] != DYNAMIC:
            return [IntegerAttr(t.shape[i.value], index)]
        return None


class RankOp(Operation):
    """`%r = tensor.rank %t : tensor<?x4xf32>`."""

    name = "tensor.rank"
    tensor = operand(ANY_TENSOR)
    out = result(INDEX)
    traits = (Pure(),)
    assembly_format = "$tensor attr-dict `:` type($tensor)"

    @classmethod
    def infer_result_types(cls, operands, properties):
        return [index]

    def asm_result_name(self) -> str:
        return "rank"

    def fold(self, operand_constants):
        t = self.operand(0).type
        return [IntegerAttr(len(t.shape), index)] if isinstance(t, RankedTensorType) else None


class ExtractOp(Operation):
    """`%v = tensor.extract %t[%i, %j] : tensor<4x?xf32>`."""

    name = "tensor.extract"
    tensor = operand(TENSOR)
    indices = var_operand(INDEX)
    out = result(ANY_TYPE)
    traits = (Pure(),)
    assembly_format = "$tensor `[` $indices `]` attr-dict `:` type($tensor)"
    derived_types = {"indices": index}

    @classmethod
    def infer_result_types(cls, operands, properties):
        return [operands[0].type.element_type]

    def asm_result_name(self) -> str:
        return "extracted"

    def verify_(self) -> None:
        t = self.operand(0).type
        if len(self.operands) - 1 != len(t.shape):
            raise self.emit_error("incorrect number of indices for extract_element")


class InsertOp(Operation):
    """`%r = tensor.insert %v into %t[%i] : tensor<4xf32>`: `%t` with one element replaced."""

    name = "tensor.insert"
    scalar = operand(ANY_TYPE)
    dest = operand(TENSOR)
    indices = var_operand(INDEX)
    out = result(TENSOR)
    traits = (Pure(),)
    assembly_format = "$scalar `into` $dest `[` $indices `]` attr-dict `:` type($dest)"
    derived_types = {"indices": index, "scalar": lambda types: [types["dest"][0].element_type]}

    @classmethod
    def infer_result_types(cls, operands, properties):
        return [operands[1].type]

    def asm_result_name(self) -> str:
        return "inserted"

    def verify_(self) -> None:
        t = self.operand(1).type
        if len(self.operands) - 2 != len(t.shape):
            raise self.emit_error("incorrect number of indices")
        if self.operand(0).type != t.element_type:
            raise self.emit_error("failed to verify that scalar type matches element type of dest")


def cast_compatible(a, b) -> bool:
    """MLIR's `tensor::CastOp::areCastCompatible`: same element type and, for two ranked
    types, the same rank and no two different static sizes."""
    if getattr(a, "element_type", None) != getattr(b, "element_type", None):
        return False
    if isinstance(a, RankedTensorType) and isinstance(b, RankedTensorType):
        return len(a.shape) == len(b.shape) and all(
            DYNAMIC in (x, y) or x == y for x, y in zip(a.shape, b.shape)
        )
    return True


class CastOp(Operation):
    """`%c = tensor.cast %t : tensor<4xf32> to tensor<?xf32>`: trades static sizes for
    dynamic ones or back (an assertion)."""

    name = "tensor.cast"
    source = operand(ANY_TENSOR)
    dest = result(ANY_TENSOR)
    traits = (Pure(),)
    assembly_format = "$source attr-dict `:` type($source) `to` type($dest)"

    def asm_result_name(self) -> str:
        return "cast"

    def verify_(self) -> None:
        a, b = self.operand(0).type, self.results[0].type
        if not cast_compatible(a, b):
            raise self.emit_error(f"operand type '{a}' and result type '{b}' are cast incompatible")

    def fold(self, operand_constants):
        return [self.operand(0)] if self.operand(0).type == self.results[0].type else None


class FromElementsOp(Operation):
    """`%t = tensor.from_elements %a, %b : tensor<2xf32>`: elements in row-major order."""

    name = "tensor.from_elements"
    elements = var_operand(ANY_TYPE)
    out = result(TENSOR)
    traits = (Pure(),)
    assembly_format = "$elements attr-dict `:` type($out)"
    derived_types = {
        "elements": lambda types: [types["out"][0].element_type] * _count(types["out"][0])
    }

    def asm_result_name(self) -> str:
        return "from_elements"

    def verify_(self) -> None:
        t = self.results[0].type
        if dynamic_count(t):
            raise self.emit_error("result must be a statically shaped tensor")
        count = _count(t)
        if len(self.operands) != count:
            raise self.emit_error(f"has {len(self.operands)} operands, but the type needs {count}")
        if any(v.type != t.element_type for v in self.operands):
            raise self.emit_error("operand types must match the result's element type")


class SplatOp(Operation):
    """`%t = tensor.splat %v[%n] : tensor<?x4xf32>`: every element `%v`."""

    name = "tensor.splat"
    input = operand(SCALAR)
    dynamicSizes = var_operand(INDEX)
    aggregate = result(TENSOR)
    traits = (Pure(),)
    assembly_format = "$input (`[` $dynamicSizes^ `]`)? attr-dict `:` type($aggregate)"
    derived_types = {
        "dynamicSizes": index,
        "input": lambda types: [types["aggregate"][0].element_type],
    }

    def asm_result_name(self) -> str:
        return "splat"

    def verify_(self) -> None:
        t = self.results[0].type
        _check_dynamic_sizes(self, self.operands[1:], t)
        if self.operand(0).type != t.element_type:
            raise self.emit_error("operand type must match the result's element type")


class GenerateOp(Operation):
    """```
    %t = tensor.generate %n {
    ^bb0(%i: index, %j: index):
      tensor.yield %v : f32
    } : tensor<?x4xf32>
    ```
    Element `(i, j)` is what the body yields for those indices."""

    name = "tensor.generate"
    dynamicExtents = var_operand(INDEX)
    out = result(TENSOR)
    body = region(single_block=True)
    traits = (SingleBlock(), Pure())
    assembly_format = "$dynamicExtents $body attr-dict `:` type($out)"
    derived_types = {"dynamicExtents": index}

    def asm_result_name(self) -> str:
        return "generated"

    def verify_(self) -> None:
        t = self.results[0].type
        _check_dynamic_sizes(self, self.operands, t)
        block = self.regions[0].blocks[0]
        if len(block.args) != len(t.shape) or any(
            not isinstance(a.type, IndexType) for a in block.args
        ):
            raise self.emit_error("must have one body argument per input dimension")
        yielded = block.last_op
        if not isinstance(yielded, YieldOp) or [v.type for v in yielded.operands] != [
            t.element_type
        ]:
            raise self.emit_error(
                "body must be terminated with a `yield` operation of the tensor element type"
            )


class YieldOp(Operation):
    """`tensor.yield %v : f32`: the element(s) a `tensor.generate`, `tensor.pad` or
    `tensor.generic` body computes."""

    name = "tensor.yield"
    values = var_operand(ANY_TYPE)
    traits = (
        Pure(), ReturnLike(), Terminator(),
        HasParent("tensor.generate", "tensor.pad", "tensor.generic"),
    )  # fmt: skip
    assembly_format = "$values attr-dict `:` type($values)"


ALL_OPS = [EmptyOp, DimOp, RankOp, ExtractOp, InsertOp, CastOp, FromElementsOp, SplatOp,
           GenerateOp, YieldOp]  # fmt: skip
