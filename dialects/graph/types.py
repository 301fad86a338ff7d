"""`!graph.tensor<[n, n*4, ?, 3], f32>`: a ranked tensor whose dims are symbolic.

Each dim is an `int`, `None` (printed `?`: unknown, refined by `graph-infer-shapes`) or a
`SymExpr` over the enclosing function's size variables (see `symbolic`). A scalar is
`!graph.tensor<[], f32>`. Elements are builtin types: floats, `i1` for booleans, signless
`iN` for signed integers (as ONNX's intN), `uiN` for unsigned ones (ONNX's uintN).

The dims sit in brackets, comma separated, because a symbolic dim may contain what MLIR's
`4x?xf32` would split at (`x` in a name, `*`); the text is parsed by `symbolic.parse_dim`, so
`(h+2)/2`'s `/` needs no token of MLIR's lexer.
"""

from __future__ import annotations

import ml_dtypes
import numpy as np

from mlc.dialects.graph.symbolic import SizeSyntaxError, SymExpr, dim_text, parse_dim
from mlc.ir.attributes import frozen
from mlc.ir.interpreter import numpy_dtype as core_numpy_dtype
from mlc.ir.types import DYNAMIC, UNSIGNED, FloatType, IntegerType, Type


@frozen
class TensorType(Type):
    """A graph tensor: `shape` is a tuple of dims (int, `SymExpr` or None)."""

    shape: tuple
    element_type: Type
    dialect_name = "graph"
    mnemonic = "tensor"

    @property
    def rank(self) -> int:
        return len(self.shape)

    @property
    def is_static(self) -> bool:
        return all(type(d) is int for d in self.shape)

    @property
    def free_vars(self) -> frozenset:
        names = set()
        for d in self.shape:
            if isinstance(d, SymExpr):
                names |= d.free_vars
        return frozenset(names)

    def with_shape(self, shape) -> TensorType:
        return TensorType(tuple(shape), self.element_type)

    def with_element_type(self, element_type: Type) -> TensorType:
        return TensorType(self.shape, element_type)

    def array_spec(self) -> tuple:
        """How the interpreter checks values: (numpy dtype, shape with unknowns DYNAMIC)."""
        return numpy_dtype(self.element_type), tuple(
            d if type(d) is int else DYNAMIC for d in self.shape
        )

    def shape_text(self) -> str:
        return "[" + ", ".join(dim_text(d) for d in self.shape) + "]"

    def print_to(self, p) -> None:
        p.write("!graph.tensor<" + self.shape_text() + ", ")
        p.print_type(self.element_type)
        p.write(">")

    def __repr__(self) -> str:
        return f"!graph.tensor<{self.shape_text()}, {self.element_type!r}>"

    @classmethod
    def parse_body(cls, p) -> TensorType:
        """After `!graph.tensor`: `<[dims], element-type>`."""
        p.expect("<")
        p.expect("[")
        shape = []
        if not p.consume_if("]"):
            while True:
                shape.append(_parse_dim_tokens(p))
                if p.consume_if(","):
                    continue
                p.expect("]", "in dimension list")
                break
        p.expect(",")
        pos = p.pos
        element = p.parse_type()
        if not isinstance(element, (FloatType, IntegerType)):
            raise p.error(f"graph tensor elements must be integers or floats, not '{element}'", pos)
        p.expect(">")
        return cls(tuple(shape), element)


def _parse_dim_tokens(p):
    """One dim: the tokens up to the next `,` or `]` outside parentheses, as text."""
    start = p.pos
    end = start
    depth = 0
    while p.kind != "eof":
        if p.kind == "punct":
            if p.text == "(":
                depth += 1
            elif p.text == ")":
                depth -= 1
            elif p.text in (",", "]", ">") and depth <= 0:
                break
        end = p.pos + len(p.text)
        p.advance()
    text = p.src[start:end]
    if not text:
        raise p.error("expected a dimension (an integer, '?' or a size expression)")
    try:
        dim = parse_dim(text)
    except SizeSyntaxError as e:
        raise p.error(str(e), start + e.offset) from None
    if type(dim) is int and dim < 0:
        raise p.error(f"dimension must be non-negative, got {dim}", start)
    return dim


def numpy_dtype(element_type: Type) -> np.dtype:
    """The numpy dtype of graph elements: ONNX's, so `ui8` is `uint8` (the core interpreter
    keeps MLIR's sign-extended storage for `ui8`; graph values follow numpy instead)."""
    if isinstance(element_type, IntegerType) and element_type.signedness == UNSIGNED:
        if element_type.width not in (8, 16, 32, 64):
            raise TypeError(f"graph has no numpy dtype for '{element_type}'")
        return np.dtype(f"uint{element_type.width}")
    return core_numpy_dtype(element_type)


def element_type_of(dtype) -> Type:
    """The graph element type of a numpy dtype (inverse of `numpy_dtype`)."""
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return IntegerType(1)
    if dtype.kind == "i":
        return IntegerType(8 * dtype.itemsize)
    if dtype.kind == "u":
        return IntegerType(8 * dtype.itemsize, UNSIGNED)
    if dtype == ml_dtypes.bfloat16:
        return FloatType("bf16")
    if dtype.kind == "f":
        return FloatType(f"f{8 * dtype.itemsize}")
    raise TypeError(f"graph tensors have no element type for numpy dtype '{dtype}'")


def tensor(shape, element_type: Type) -> TensorType:
    """`TensorType` from any iterable of dims (ints, `SymExpr`s, None)."""
    return TensorType(tuple(shape), element_type)
