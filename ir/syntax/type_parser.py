"""Parsing of builtin types (MLIR's TypeParser): integer, float, index, none, function,
tuple, complex, tensor, memref, vector, and types of dialects (registered or opaque)."""

from __future__ import annotations

import re

from mlc.ir.attributes import (
    IntegerAttr,
    StridedLayoutAttr,
)
from mlc.ir.syntax.base_parser import BaseParser
from mlc.ir.types import (
    DYNAMIC,
    FLOAT_WIDTHS,
    SIGNED,
    SIGNLESS,
    UNSIGNED,
    ComplexType,
    FloatType,
    FunctionType,
    IndexType,
    IntegerType,
    MemRefType,
    NoneType,
    OpaqueType,
    RankedTensorType,
    TupleType,
    UnrankedMemRefType,
    UnrankedTensorType,
    VectorType,
)

_INT_TYPE_RE = re.compile(r"(si|ui|i)(0|[1-9][0-9]*)\Z")
MAX_INT_WIDTH = 1 << 24  # MLIR's IntegerType::kMaxWidth
_SIMPLE_TYPES = {name: FloatType(name) for name in FLOAT_WIDTHS}
_SIMPLE_TYPES.update(index=IndexType(), none=NoneType())


class TypeParser(BaseParser):
    """The builtin type grammar; attributes inside types come from `AttrParser`."""

    __slots__ = ()

    # --- types ---------------------------------------------------------------------------
    def parse_type(self):
        """A type, uniqued per context (as MLIR's context does): equal types parsed anywhere
        are the same object, so hot-path type checks are identity tests."""
        t = self._parse_type()
        return self.uniqued.setdefault(t, t)

    def _parse_type(self):
        kind = self.kind
        if kind == "bare":
            text = self.text
            t = _SIMPLE_TYPES.get(text)
            if t is not None:
                self.advance()
                return t
            m = _INT_TYPE_RE.match(text)
            if m is not None:
                return self._parse_integer_type(m)
            parse = _KEYWORD_TYPES.get(text)
            if parse is not None:
                start = self.pos
                self.advance()
                self.enter()
                t = parse(self, start)
                self.depth -= 1
                return t
            raise self.error("expected non-function type")
        if kind == "punct" and self.text == "(":
            return self.parse_function_type()
        if kind == "bang":
            return self._parse_dialect_type()
        raise self.error("expected non-function type")

    def _parse_integer_type(self, m):
        width = int(m.group(2))
        if width > MAX_INT_WIDTH:
            raise self.error(f"integer bitwidth is limited to {MAX_INT_WIDTH} bits")
        self.advance()
        sign = {"i": SIGNLESS, "si": SIGNED, "ui": UNSIGNED}[m.group(1)]
        return IntegerType(width, sign)

    def parse_function_type(self) -> FunctionType:
        self.expect("(")
        self.enter()
        inputs = self.parse_comma_list(self.parse_type, ")")
        self.expect("->", "in function type")
        results = self.parse_function_result_types()
        self.depth -= 1
        return FunctionType(tuple(inputs), tuple(results))

    def parse_function_result_types(self) -> list:
        """`i32` or `(i32, f32)` after an arrow."""
        if self.text == "(" and self.kind == "punct":
            self.advance()
            return self.parse_comma_list(self.parse_type, ")")
        return [self.parse_type()]

    def parse_dimension_list(self, allow_dynamic: bool = True, allow_scalable: bool = False):
        """`4x?x` prefix of shaped types; returns (dims, scalable flags)."""
        dims, scalable = [], []
        while True:
            kind, text = self.kind, self.text
            if kind == "integer":
                if len(text) > 1 and text[1] in "xX":  # `0xf32` is `0`, `x`, `f32`
                    dims.append(0)
                    self.reset(self.pos + 1)
                else:
                    dims.append(int(text))
                    self.advance()
                scalable.append(False)
            elif text == "?" and kind == "punct":
                if not allow_dynamic:
                    raise self.error("expected static shape")
                dims.append(DYNAMIC)
                scalable.append(False)
                self.advance()
            elif text == "[" and allow_scalable:
                self.advance()
                dims.append(self.parse_int_literal("dimension"))
                scalable.append(True)
                self.expect("]")
            else:
                return dims, scalable
            if self.kind == "bare" and self.text[0] == "x":
                self.reset(self.pos + 1)
            else:
                raise self.error("expected 'x' in dimension list")

    def _parse_shaped(self, kind: str, start: int):
        self.expect("<")
        if self.text == "*" and kind != "vector":
            self.advance()
            if not (self.kind == "bare" and self.text[0] == "x"):
                raise self.error("expected 'x' in dimension list")
            self.reset(self.pos + 1)
            element = self.parse_type()
            space = None
            if kind == "memref" and self.consume_if(","):
                space = _memory_space(self.parse_attribute())
            self.expect(">")
            return (
                UnrankedTensorType(element)
                if kind == "tensor"
                else UnrankedMemRefType(element, space)
            )
        dims, scalable = self.parse_dimension_list(kind != "vector", kind == "vector")
        for d in dims:
            if d < 0 and d != DYNAMIC:
                raise self.error("invalid dimension")
        element = self.parse_type()
        if kind == "vector":
            self.expect(">")
            if any(d == 0 for d in dims):
                raise self.error("vector types must have positive constant sizes")
            return VectorType(tuple(dims), element, tuple(scalable) if any(scalable) else ())
        if kind == "tensor":
            encoding = self.parse_attribute() if self.consume_if(",") else None
            self.expect(">")
            return RankedTensorType(tuple(dims), element, encoding)
        layout = space = None
        if self.consume_if(","):
            layout_pos = self.pos
            first = self.parse_attribute()
            if _is_layout(first):
                # MLIR drops identity maps: `memref<8xf32, affine_map<(d0) -> (d0)>>` is
                # `memref<8xf32>`
                layout = _check_layout(self, first, len(dims), start, layout_pos)
                if self.consume_if(","):
                    space = self.parse_attribute()
            else:
                space = first
        self.expect(">")
        return MemRefType(tuple(dims), element, layout, _memory_space(space))

    def _parse_complex(self, start: int):
        self.expect("<")
        element = self.parse_type()
        self.expect(">")
        if not isinstance(element, (FloatType, IntegerType)):
            raise self.error("invalid element type for complex")
        return ComplexType(element)

    def _parse_tuple(self, start: int):
        self.expect("<")
        return TupleType(tuple(self.parse_comma_list(self.parse_type, ">")))

    def _parse_dialect_type(self):
        found = self._parse_dialect_symbol(self.type_aliases, "types", "type")
        return found if not isinstance(found, tuple) else OpaqueType(*found)

    def _parse_dialect_symbol(self, aliases: dict, table: str, what: str):
        """`!alias`/`#alias`, a registered dialect type/attribute, or (dialect, symbol data)
        of one from a dialect that is not loaded (kept verbatim, as MLIR's opaque forms)."""
        text, pos = self.text, self.pos
        name = text[1:]
        dialect, dot, rest = name.partition(".")
        end = pos + len(text)
        has_body = end < len(self.src) and self.src[end] == "<"
        if not dot and not has_body:
            found = aliases.get(name)
            if found is None:
                raise self.error(f"undefined symbol alias id '{name}'")
            self.advance()
            return found
        loaded = self.ctx.get_dialect(dialect)
        if loaded is not None and rest in getattr(loaded, table):
            self.advance()
            return getattr(loaded, table)[rest].parse_body(self)
        if loaded is not None or not self.ctx.allow_unregistered_dialects:
            if loaded is None:
                raise self.error(f"dialect '{dialect}' is unknown")
            raise self.error(f"unknown {what} '{rest}' in dialect '{dialect}'")
        self.advance()
        if not has_body:
            return dialect, rest
        inner, _ = self.balanced_body()
        return dialect, (rest + "<" + inner + ">") if dot else inner


def _check_layout(parser, layout, rank: int, start: int, pos: int):
    """MLIR's memref layout rules: an affine map takes one dim per memref dim, strides one per
    dim, and an identity map is the same as no layout."""
    from mlc.ir.affine import AffineMapAttr

    if isinstance(layout, AffineMapAttr):
        if layout.value.num_dims != rank:
            raise parser.error(
                "memref layout mismatch between rank and affine map: "
                f"{layout.value.num_dims} != {rank}",
                start,
            )
        return None if layout.value.is_identity() else layout
    if len(layout.strides) != rank:
        raise parser.error("expected the number of strides to match the rank", pos)
    return layout


def _memory_space(space):
    """MLIR drops an integer memory space 0: it is the default memory space."""
    return None if isinstance(space, IntegerAttr) and space.value == 0 else space


def _is_layout(attr) -> bool:
    from mlc.ir.affine import AffineMapAttr

    return isinstance(attr, (StridedLayoutAttr, AffineMapAttr))


_KEYWORD_TYPES = {
    "tensor": lambda p, start: p._parse_shaped("tensor", start),
    "memref": lambda p, start: p._parse_shaped("memref", start),
    "vector": lambda p, start: p._parse_shaped("vector", start),
    "complex": TypeParser._parse_complex,
    "tuple": TypeParser._parse_tuple,
}
