"""Aggregate and vector ops of the llvm dialect: `llvm.extractvalue`, `llvm.insertvalue`,
`llvm.extractelement`, `llvm.insertelement`, `llvm.shufflevector`.

MLIR prints an inferred type of the first two and of the shuffle through a custom directive
that prints nothing after a space, so those lines end in a space; they parse and print by
hand.
"""

from __future__ import annotations

from mlc.dialects.llvm.constraints import (
    AGGREGATE,
    I32_ARRAY,
    I64_ARRAY,
    INT,
    LLVM_TYPE,
    PRIMITIVE,
    VECTOR,
)
from mlc.dialects.llvm.syntax import (
    parse_integer_array,
    print_integer_array,
    print_op_attrs,
    split_attributes,
)
from mlc.dialects.llvm.types import LLVMArrayType, LLVMStructType, is_compatible_type
from mlc.ir.opdef import operand, prop, result
from mlc.ir.operation import Operation
from mlc.ir.traits import Pure
from mlc.ir.types import VectorType, i32, i64


def aggregate_element_type(container, position, error):
    """The type at `position` in an array/struct type, or `error(message)` raised (MLIR's
    `getInsertExtractValueElementType`)."""
    if not is_compatible_type(container):
        raise error(f"expected LLVM IR Dialect type, got '{container}'")
    t = container
    for index in position:
        if isinstance(t, LLVMArrayType):
            if not 0 <= index < t.num_elements:
                raise error(f"position out of bounds: {index}")
            t = t.element_type
        elif isinstance(t, LLVMStructType) and t.body is not None:
            if not 0 <= index < len(t.body):
                raise error(f"position out of bounds: {index}")
            t = t.body[index]
        else:
            raise error(f"expected LLVM IR structure/array type, got: '{t}'")
    return t


class AggregateValueOp(Operation):
    """extractvalue/insertvalue: `%container[1, 0] : T` where the element type is inferred
    from T and the position, and prints as nothing after a space (MLIR's
    `custom<InsertExtractValueElementType>`: the line ends in a space)."""

    position = prop(I64_ARRAY)
    traits = (Pure(),)

    @classmethod
    def _parse_position_and_type(cls, p, container_ref):
        position = parse_integer_array(p, i64)
        props, attrs = split_attributes(cls, p.parse_optional_attr_dict(), {"position": position})
        container_type = p.parse_colon_type()
        element = aggregate_element_type(
            container_type, position.value, lambda message: p.error(message, p.pos)
        )
        return p.resolve(container_ref, container_type), element, props, attrs

    def _print_position_and_type(self, p, container) -> None:
        p.print_operand(container)
        print_integer_array(p, self.properties["position"])
        print_op_attrs(p, self, ("position",))
        p.write(" : ")
        p.print_type(container.type)
        p.write(" ")

    def _element_type(self, container_type):
        position = self.properties["position"].value
        return aggregate_element_type(container_type, position, self.emit_error)


class ExtractValueOp(AggregateValueOp):
    """`%e = llvm.extractvalue %s[1, 0] : !llvm.struct<(i32, array<2 x f32>)>`."""

    name = "llvm.extractvalue"
    container = operand(AGGREGATE)
    res = result(LLVM_TYPE)

    @classmethod
    def parse(cls, p):
        container, element, props, attrs = cls._parse_position_and_type(p, p.parse_operand())
        return cls.create([container], [element], props, attrs)

    def print_custom(self, p) -> None:
        p.write(" ")
        self._print_position_and_type(p, self.operand(0))

    def verify_(self) -> None:
        container_type = self.operand(0).type
        element = self._element_type(container_type)
        if self.results[0].type != element:
            raise self.emit_error(
                f"Type mismatch: extracting from '{container_type}' should produce '{element}' "
                f"but this op returns '{self.results[0].type}'"
            )


class InsertValueOp(AggregateValueOp):
    """`%s2 = llvm.insertvalue %v, %s[1, 1] : !llvm.struct<(i32, array<2 x f32>)>`."""

    name = "llvm.insertvalue"
    container = operand(AGGREGATE)
    value = operand(PRIMITIVE)
    res = result(AGGREGATE)

    @classmethod
    def parse(cls, p):
        value_ref = p.parse_operand()
        p.expect(",")
        container, element, props, attrs = cls._parse_position_and_type(p, p.parse_operand())
        value = p.resolve(value_ref, element)
        return cls.create([container, value], [container.type], props, attrs)

    def print_custom(self, p) -> None:
        p.write(" ")
        p.print_operand(self.operand(1))
        p.write(", ")
        self._print_position_and_type(p, self.operand(0))

    def verify_(self) -> None:
        container_type = self.operand(0).type
        if self.results[0].type != container_type:
            raise self.emit_error("failed to verify that all of {container, res} have same type")
        element = self._element_type(container_type)
        if self.operand(1).type != element:
            raise self.emit_error(
                f"Type mismatch: cannot insert '{self.operand(1).type}' into '{container_type}'"
            )


def _vector_element(types):
    return [types["vector"][0].element_type]


class ExtractElementOp(Operation):
    """`%e = llvm.extractelement %v[%i : i32] : vector<4xf32>`."""

    name = "llvm.extractelement"
    vector = operand(VECTOR)
    position = operand(INT)
    res = result(LLVM_TYPE)
    traits = (Pure(),)
    assembly_format = "$vector `[` $position `:` type($position) `]` attr-dict `:` type($vector)"

    @classmethod
    def infer_result_types(cls, operands, properties):
        vector = operands[0].type
        if not VECTOR(vector):
            raise ValueError(
                f"'vector' must be LLVM dialect-compatible vector type, but got '{vector}'"
            )
        return [vector.element_type]

    def verify_(self) -> None:
        if self.results[0].type != self.operand(0).type.element_type:
            raise self.emit_error("failed to verify that result type matches vector element type")


class InsertElementOp(Operation):
    """`%w = llvm.insertelement %e, %v[%i : i32] : vector<4xf32>`."""

    name = "llvm.insertelement"
    vector = operand(VECTOR)
    value = operand(PRIMITIVE)
    position = operand(INT)
    res = result(VECTOR)
    traits = (Pure(),)
    assembly_format = (
        "$value `,` $vector `[` $position `:` type($position) `]` attr-dict `:` type($vector)"
    )
    derived_types = {"value": _vector_element}

    @classmethod
    def infer_result_types(cls, operands, properties):
        return [operands[0].type]

    def verify_(self) -> None:
        vector = self.operand(0).type
        if self.operand(1).type != vector.element_type:
            raise self.emit_error("failed to verify that argument type matches vector element type")
        if self.results[0].type != vector:
            raise self.emit_error("failed to verify that all of {res, vector} have same type")


class ShuffleVectorOp(Operation):
    """`%r = llvm.shufflevector %a, %b [0, 1, -1, 7] : vector<4xf32>`: the result has one
    lane per mask entry (-1: poison); its type prints as nothing after a space."""

    name = "llvm.shufflevector"
    v1 = operand(VECTOR)
    v2 = operand(VECTOR)
    res = result(VECTOR)
    mask = prop(I32_ARRAY)
    traits = (Pure(),)

    @staticmethod
    def result_type(v1_type, mask) -> VectorType:
        scalable = (True,) if v1_type.scalable and v1_type.scalable[0] else ()
        return VectorType((len(mask),), v1_type.element_type, scalable)

    @classmethod
    def parse(cls, p):
        pos = p.pos
        refs = [p.parse_operand()]
        p.expect(",")
        refs.append(p.parse_operand())
        mask = parse_integer_array(p, i32)
        props, attrs = split_attributes(cls, p.parse_optional_attr_dict(), {"mask": mask})
        t = p.parse_colon_type()
        if not VECTOR(t):
            raise p.error("expected an LLVM compatible vector type", p.pos)
        operands = p.resolve_operands(refs, [t, t], pos)
        return cls.create(operands, [cls.result_type(t, mask.value)], props, attrs)

    def print_custom(self, p) -> None:
        p.write(" ")
        p.print_operands(self.operands)
        p.write(" ")
        print_integer_array(p, self.properties["mask"])
        print_op_attrs(p, self, ("mask",))
        p.write(" : ")
        p.print_type(self.operand(0).type)
        p.write(" ")

    def verify_(self) -> None:
        v1 = self.operand(0).type
        if self.operand(1).type != v1:
            raise self.emit_error("failed to verify that all of {v1, v2} have same type")
        if v1.scalable and any(self.properties["mask"].value):
            raise self.emit_error("expected a splat operation for scalable vectors")
