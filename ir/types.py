"""Builtin types, printed exactly as MLIR prints them.

Dynamic sizes, strides and offsets are `DYNAMIC` (MLIR's `ShapedType::kDynamic`, INT64_MIN).
"""

from __future__ import annotations

import attrs

from mlc.ir.attributes import Attribute, frozen, opaque_symbol_text

DYNAMIC = -(2**63)

SIGNLESS, SIGNED, UNSIGNED = 0, 1, 2


class Type(Attribute):
    """Base of all types."""

    __slots__ = ()

    def is_i64(self) -> bool:
        return False


@frozen
class IntegerType(Type):
    """`iN`, `siN` or `uiN`."""

    width: int
    signedness: int = SIGNLESS

    def is_i64(self) -> bool:
        return self.width == 64 and self.signedness == SIGNLESS

    @property
    def is_signless(self) -> bool:
        return self.signedness == SIGNLESS

    def print_to(self, p) -> None:
        p.write(("i", "si", "ui")[self.signedness] + str(self.width))

    def __repr__(self) -> str:
        return ("i", "si", "ui")[self.signedness] + str(self.width)


@frozen
class IndexType(Type):
    """`index`: the target's pointer-sized integer."""

    def print_to(self, p) -> None:
        p.write("index")

    def __repr__(self) -> str:
        return "index"


FLOAT_WIDTHS = {
    "f16": 16, "bf16": 16, "f32": 32, "f64": 64, "f80": 80, "f128": 128, "tf32": 19,
    "f8E5M2": 8, "f8E4M3": 8, "f8E4M3FN": 8, "f8E5M2FNUZ": 8, "f8E4M3FNUZ": 8,
    "f8E4M3B11FNUZ": 8, "f8E3M4": 8,
}  # fmt: skip


@frozen
class FloatType(Type):
    """A floating-point type named as MLIR names it (`f32`, `bf16`, `f8E4M3FN`, ...)."""

    name: str

    @property
    def width(self) -> int:
        return FLOAT_WIDTHS[self.name]

    def print_to(self, p) -> None:
        p.write(self.name)

    def __repr__(self) -> str:
        return self.name


@frozen
class NoneType(Type):
    """`none`."""

    def print_to(self, p) -> None:
        p.write("none")

    def __repr__(self) -> str:
        return "none"


@frozen
class ComplexType(Type):
    """`complex<f32>`."""

    element_type: Type

    def print_to(self, p) -> None:
        p.write("complex<")
        p.print_type(self.element_type)
        p.write(">")

    def __repr__(self) -> str:
        return f"complex<{self.element_type!r}>"


def _print_type_list(p, types) -> None:
    first = True
    for t in types:
        if not first:
            p.write(", ")
        first = False
        p.print_type(t)


@frozen
class TupleType(Type):
    """`tuple<i32, f32>`."""

    types: tuple

    def print_to(self, p) -> None:
        p.write("tuple<")
        _print_type_list(p, self.types)
        p.write(">")

    def __repr__(self) -> str:
        return f"tuple<{', '.join(map(repr, self.types))}>"


@frozen
class FunctionType(Type):
    """`(i32, f32) -> i32`; results print parenthesized unless there is exactly one
    non-function result, as in MLIR."""

    inputs: tuple
    results: tuple

    def print_to(self, p) -> None:
        p.write("(")
        _print_type_list(p, self.inputs)
        p.write(") -> ")
        p.print_result_types(self.results)

    def __repr__(self) -> str:
        return f"FunctionType({self.inputs!r} -> {self.results!r})"


def _dims_text(shape) -> str:
    return "".join(("?" if d == DYNAMIC else str(d)) + "x" for d in shape)


class ShapedType(Type):
    """Common interface of tensors, memrefs and vectors."""

    __slots__ = ()

    @property
    def rank(self) -> int:
        return len(self.shape)

    def has_static_shape(self) -> bool:
        return DYNAMIC not in self.shape

    def num_elements(self) -> int:
        n = 1
        for d in self.shape:
            n *= d
        return n


@frozen
class RankedTensorType(ShapedType):
    """`tensor<4x?xf32>` with an optional encoding attribute."""

    shape: tuple
    element_type: Type
    encoding: Attribute | None = None

    def print_to(self, p) -> None:
        p.write("tensor<" + _dims_text(self.shape))
        p.print_type(self.element_type)
        if self.encoding is not None:
            p.write(", ")
            p.print_attribute(self.encoding)
        p.write(">")

    def __repr__(self) -> str:
        return f"tensor<{_dims_text(self.shape)}{self.element_type!r}>"


@frozen
class UnrankedTensorType(Type):
    """`tensor<*xf32>`."""

    element_type: Type

    def print_to(self, p) -> None:
        p.write("tensor<*x")
        p.print_type(self.element_type)
        p.write(">")

    def __repr__(self) -> str:
        return f"tensor<*x{self.element_type!r}>"


def _print_memory_space(p, space) -> None:
    """MLIR omits the type of an i64 integer memory space (`memref<4xf32, 1>`)."""
    if hasattr(space, "print_elided"):
        space.print_elided(p)
    else:
        p.print_attribute(space)


@frozen
class MemRefType(ShapedType):
    """`memref<4x?xf32, layout, memory_space>`; `layout` None means the identity layout."""

    shape: tuple
    element_type: Type
    layout: Attribute | None = None
    memory_space: Attribute | None = None

    def print_to(self, p) -> None:
        p.write("memref<" + _dims_text(self.shape))
        p.print_type(self.element_type)
        if self.layout is not None:
            p.write(", ")
            p.print_attribute(self.layout)
        if self.memory_space is not None:
            p.write(", ")
            _print_memory_space(p, self.memory_space)
        p.write(">")

    def __repr__(self) -> str:
        return f"memref<{_dims_text(self.shape)}{self.element_type!r}>"


@frozen
class UnrankedMemRefType(Type):
    """`memref<*xf32, memory_space>`."""

    element_type: Type
    memory_space: Attribute | None = None

    def print_to(self, p) -> None:
        p.write("memref<*x")
        p.print_type(self.element_type)
        if self.memory_space is not None:
            p.write(", ")
            _print_memory_space(p, self.memory_space)
        p.write(">")

    def __repr__(self) -> str:
        return f"memref<*x{self.element_type!r}>"


@frozen
class VectorType(ShapedType):
    """`vector<[4]x2xf32>`: `scalable` flags the dims printed in brackets."""

    shape: tuple
    element_type: Type
    scalable: tuple = attrs.field(default=())

    def print_to(self, p) -> None:
        p.write("vector<")
        scalable = self.scalable
        for i, d in enumerate(self.shape):
            p.write(f"[{d}]x" if scalable and scalable[i] else f"{d}x")
        p.print_type(self.element_type)
        p.write(">")

    def __repr__(self) -> str:
        return f"vector<{_dims_text(self.shape)}{self.element_type!r}>"


@frozen
class OpaqueType(Type):
    """A type of a dialect that is not loaded, kept as its text (see `OpaqueAttr`)."""

    dialect: str
    data: str

    def print_to(self, p) -> None:
        p.write(opaque_symbol_text("!", self.dialect, self.data))

    def __repr__(self) -> str:
        return opaque_symbol_text("!", self.dialect, self.data)


i1 = IntegerType(1)
i8 = IntegerType(8)
i16 = IntegerType(16)
i32 = IntegerType(32)
i64 = IntegerType(64)
index = IndexType()
f16 = FloatType("f16")
bf16 = FloatType("bf16")
f32 = FloatType("f32")
f64 = FloatType("f64")
none = NoneType()
