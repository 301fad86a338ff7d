"""Parsing of builtin attributes and locations (MLIR's AttributeParser).

Literals with their own sub-grammar (affine maps, dense elements) are cut out as raw text
between balanced brackets and handed to their parsers, which report offsets back here.
"""

from __future__ import annotations

from mlc.ir.attributes import (
    UNIT,
    ArrayAttr,
    DenseArrayAttr,
    DenseResourceElementsAttr,
    DictionaryAttr,
    FloatAttr,
    IntegerAttr,
    OpaqueAttr,
    StridedLayoutAttr,
    StringAttr,
    SymbolRefAttr,
    TypeAttr,
)
from mlc.ir.float_format import bits_to_float, round_to_type
from mlc.ir.location import (
    UNKNOWN_LOC,
    CallSiteLoc,
    FileLineColLoc,
    FusedLoc,
    Location,
    NameLoc,
)
from mlc.ir.syntax.base_parser import _int_literal
from mlc.ir.syntax.lexer import unescape_string
from mlc.ir.syntax.type_parser import TypeParser
from mlc.ir.types import (
    DYNAMIC,
    SIGNED,
    SIGNLESS,
    UNSIGNED,
    FloatType,
    IndexType,
    IntegerType,
    RankedTensorType,
    VectorType,
    f64,
    i64,
)


class AttrParser(TypeParser):
    """The builtin attribute and location grammar, and aliases (`#map = ...`)."""

    __slots__ = ()

    # --- attributes ----------------------------------------------------------------------
    def parse_attribute(self, type=None):
        """Any attribute; `type` is the expected type where the context implies one."""
        kind = self.kind
        text = self.text
        if kind == "integer" or kind == "float" or (text == "-" and kind == "punct"):
            return self._parse_number(type)
        if kind == "string":
            value = self.parse_string()
            if self.consume_if(":"):
                return StringAttr(value, self.parse_type())
            return StringAttr(value)
        if kind == "bare":
            if text == "dense" and type is not None:
                return self._parse_dense(type)
            parse = _KEYWORD_ATTRS.get(text)
            if parse is not None:
                return parse(self)
            return TypeAttr(self.parse_type())
        if kind == "punct":
            if text == "[":
                self.advance()
                self.enter()
                items = self.parse_comma_list(self.parse_attribute, "]")
                self.depth -= 1
                return ArrayAttr(tuple(items))
            if text == "{":
                self.enter()
                entries = self.parse_attr_dict()
                self.depth -= 1
                return DictionaryAttr.get(entries)
            if text == "(":
                return TypeAttr(self.parse_function_type())
        if kind == "at":
            return self.parse_symbol_ref()
        if kind == "hash":
            return self._parse_dialect_attr()
        if kind == "bang":
            return TypeAttr(self.parse_type())
        raise self.error("expected attribute value")

    def _parse_number(self, type):
        pos = self.pos
        neg = self.consume_if("-")
        kind, text = self.kind, self.text
        if kind not in ("integer", "float"):
            raise self.error("expected integer or floating point literal")
        self.advance()
        if type is None and self.consume_if(":"):  # a type the context gives is not spelled
            type = self.parse_type()
        if kind == "float":
            type = type or f64
            if not isinstance(type, FloatType):
                raise self.error("floating point value not valid for specified type", pos)
            return FloatAttr(round_to_type(-float(text) if neg else float(text), type.name), type)
        if type is None:
            type = i64
        if isinstance(type, FloatType):
            if not text.startswith("0x"):
                raise self.error(
                    "unexpected decimal integer literal for a floating point value", pos
                )
            if neg:
                raise self.error("hexadecimal float literal should not have a leading minus", pos)
            return FloatAttr(self._hex_float(int(text, 16), type, pos), type)
        value = _int_literal(text)
        return self.integer_attr(-value if neg else value, type, pos)

    def _hex_float(self, bits: int, type, pos: int) -> float:
        if bits >= 1 << type.width:
            raise self.error("hexadecimal float constant out of range for type", pos)
        try:
            return bits_to_float(bits, type)
        except ValueError as e:
            raise self.error(str(e), pos) from None

    def integer_attr(self, value: int, type, pos: int) -> IntegerAttr:
        """Range-check and normalize as MLIR's APInt storage does (signless prints signed)."""
        if isinstance(type, IndexType):
            width, sign = 64, SIGNED
        elif isinstance(type, IntegerType):
            width, sign = type.width, type.signedness
        else:
            raise self.error("integer literal not valid for specified type", pos)
        if sign == UNSIGNED:
            if value < 0:
                raise self.error(
                    "negative integer literal not valid for unsigned integer type", pos
                )
            if value >= 1 << width:
                raise self.error("integer constant out of range for attribute", pos)
            return IntegerAttr(value, type)
        if width == 0:
            if value != 0:
                raise self.error("integer constant out of range for attribute", pos)
            return IntegerAttr(0, type)
        if (
            value >= 1 << width
            or value < -(1 << (width - 1))
            or (sign == SIGNED and value >= 1 << (width - 1))
        ):
            raise self.error("integer constant out of range for attribute", pos)
        if width == 1 and sign == SIGNLESS:  # i1 is a boolean: 0 or 1
            return IntegerAttr(value & 1, type)
        if value >= 1 << (width - 1):
            value -= 1 << width
        return IntegerAttr(value, type)

    def parse_attr_dict(self) -> dict:
        """`{name = attr, unit_name, "quoted" = attr}`; the current token is '{'."""
        self.expect("{")
        entries: dict = {}
        if self.consume_if("}"):
            return entries
        while True:
            pos = self.pos
            if self.kind == "bare":
                name = self.text
                self.advance()
            elif self.kind == "string":
                name = self.parse_string()
                if not name:
                    raise self.error("expected valid attribute name", pos)
            else:
                raise self.error("expected attribute name")
            if name in entries:
                raise self.error(f"duplicate key '{name}' in dictionary attribute", pos)
            entries[name] = self.parse_attribute() if self.consume_if("=") else UNIT
            if self.consume_if(","):
                continue
            self.expect("}", "in attribute dictionary")
            return entries

    def parse_symbol_ref(self) -> SymbolRefAttr:
        root = self.parse_symbol_name()
        nested = []
        while self.text == "::" and self.kind == "punct":
            self.advance()
            if self.kind != "at":
                raise self.error("expected nested symbol reference identifier")
            nested.append(self.parse_symbol_name())
        return SymbolRefAttr(root, tuple(nested))

    def parse_symbol_name(self) -> str:
        if self.kind != "at":
            raise self.error("expected valid '@'-identifier for symbol name")
        text = self.text
        self.advance()
        if text[1] != '"':
            return text[1:]
        try:
            return unescape_string(text[1:])
        except ValueError as e:
            raise self.error(e.args[0], self.pos - len(text) + 1 + e.args[1]) from None

    def _parse_dialect_attr(self):
        found = self._parse_dialect_symbol(self.attr_aliases, "attributes", "attribute")
        return found if not isinstance(found, tuple) else OpaqueAttr(*found)

    def _parse_dense(self, type=None):
        """`dense<...> : type`; where the context gives the type (`memref.global`'s initial
        value), the literal has no `: type`, as MLIR's `parseElementsLiteralType` reads it."""
        from mlc.ir.syntax.dense_parser import DenseSyntaxError, parse_dense_literal

        self.advance()
        pos = self.pos
        body, offset = self.balanced_body()
        type_pos = self.pos
        if type is None:
            self.expect(":", "after dense elements literal")
            type_pos = self.pos
            type = self.parse_type()
        if not isinstance(type, (RankedTensorType, VectorType)):
            raise self.error("elements literal type must be a shaped type", type_pos)
        try:
            return parse_dense_literal(body, type)
        except DenseSyntaxError as e:
            raise self.error(e.message, offset + e.offset) from None
        except (ValueError, OverflowError) as e:
            raise self.error(str(e), pos) from None

    def _parse_dense_resource(self):
        self.advance()
        self.expect("<")
        if self.kind != "bare":
            raise self.error("expected resource handle")
        handle = self.text
        self.advance()
        self.expect(">")
        self.expect(":")
        return DenseResourceElementsAttr(handle, self.parse_type())

    def _parse_dense_array(self):
        self.advance()
        self.expect("<")
        et = self.parse_type()
        if not isinstance(et, (IntegerType, FloatType)):
            raise self.error("expected integer or float type")
        values = []
        if self.consume_if(":"):
            while True:
                pos = self.pos
                if isinstance(et, FloatType):
                    a = self._parse_number(et) if self.text != "true" else None
                    if a is None:
                        raise self.error("expected float literal")
                    values.append(a.value)
                elif self.text in ("true", "false") and et.width == 1:
                    values.append(1 if self.text == "true" else 0)
                    self.advance()
                else:
                    values.append(self.integer_attr(self.parse_int_literal(), et, pos).value)
                if not self.consume_if(","):
                    break
        self.expect(">")
        return DenseArrayAttr(et, tuple(values))

    def _parse_affine(self):
        from mlc.ir.affine import AffineMap, AffineMapAttr, IntegerSetAttr
        from mlc.ir.syntax.affine_parser import AffineSyntaxError, parse_affine_map_or_set

        keyword = self.text
        self.advance()
        body, offset = self.balanced_body()
        try:
            value = parse_affine_map_or_set(body)
        except AffineSyntaxError as e:
            raise self.error(e.message, offset + e.offset) from None
        is_map = isinstance(value, AffineMap)
        if is_map != (keyword == "affine_map"):
            raise self.error(f"expected {keyword.replace('_', ' ')}", offset)
        return AffineMapAttr(value) if is_map else IntegerSetAttr(value)

    def _parse_strided(self):
        start = self.pos
        self.advance()
        self.expect("<")
        self.expect("[")

        def dim():
            if self.consume_if("?"):
                return DYNAMIC
            return self.parse_int_literal("stride")

        strides = self.parse_comma_list(dim, "]")
        offset = 0
        if self.consume_if(","):
            if not (self.kind == "bare" and self.text == "offset"):
                raise self.error("expected 'offset' after comma")
            self.advance()
            self.expect(":")
            offset = dim()
        self.expect(">")
        if 0 in strides:  # MLIR's `StridedLayoutAttr::verify`
            raise self.error("strides must not be zero", start)
        return StridedLayoutAttr(tuple(strides), offset)

    def _parse_bool(self):
        from mlc.ir.attributes import bool_attr

        value = self.text == "true"
        self.advance()
        return bool_attr(value)

    def _parse_unit(self):
        self.advance()
        return UNIT

    # --- locations -----------------------------------------------------------------------
    def parse_location(self, defer: bool = False) -> Location:
        """`loc(...)`; the current token is `loc`. With `defer` (an op's or argument's own
        location, as MLIR's `parseTrailingLocationSpecifier`), `loc(#alias)` may name an
        alias defined later in the file; anywhere else the alias must be defined already."""
        self.advance()
        self.expect("(")
        loc = self.parse_location_body(defer)
        self.expect(")", "in location")
        return loc

    def parse_location_body(self, defer: bool = False) -> Location:
        kind, text = self.kind, self.text
        if kind == "hash":
            name = text[1:]
            self.advance()
            loc = self.attr_aliases.get(name)
            if loc is None:
                if not defer:
                    raise self.error(f"undefined symbol alias id '{name}'")
                self.deferred_locs = True
                return DeferredLoc(name, self.pos)
            if not isinstance(loc, Location):
                raise self.error(f"expected location, but found '{loc}'")
            return loc
        if kind == "bare" and text == "unknown":
            self.advance()
            return UNKNOWN_LOC
        if kind == "bare" and text == "callsite":
            self.advance()
            self.expect("(")
            self.enter()
            callee = self.parse_location_body()
            if not (self.kind == "bare" and self.text == "at"):
                raise self.error("expected 'at' in callsite")
            self.advance()
            caller = self.parse_location_body()
            self.expect(")")
            self.depth -= 1
            return CallSiteLoc(callee, caller)
        if kind == "bare" and text == "fused":
            self.advance()
            metadata = None
            if self.consume_if("<"):
                metadata = self.parse_attribute()
                self.expect(">")
            self.expect("[")
            self.enter()
            locs = self.parse_comma_list(self.parse_location_body, "]")
            self.depth -= 1
            return FusedLoc.get(locs, metadata)
        if kind == "string":
            name = self.parse_string()
            if self.consume_if(":"):
                line = self.parse_int_literal("line number")
                self.expect(":")
                col = self.parse_int_literal("column")
                return FileLineColLoc(name, line, col)
            if self.text == "(" and self.kind == "punct":
                self.advance()
                self.enter()
                child = self.parse_location_body()
                self.expect(")")
                self.depth -= 1
                return NameLoc(name, child)
            return NameLoc(name)
        raise self.error("expected location instance")

    def _parse_loc_attr(self):
        return self.parse_location()


class DeferredLoc(Location):
    """A `loc(#alias)` used before the alias is defined; resolved at the end of the file."""

    __slots__ = ("name", "pos")

    def __init__(self, name: str, pos: int) -> None:
        self.name = name
        self.pos = pos

    def __eq__(self, other) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)


_KEYWORD_ATTRS = {
    "true": AttrParser._parse_bool,
    "false": AttrParser._parse_bool,
    "unit": AttrParser._parse_unit,
    "dense": AttrParser._parse_dense,
    "dense_resource": AttrParser._parse_dense_resource,
    "array": AttrParser._parse_dense_array,
    "affine_map": AttrParser._parse_affine,
    "affine_set": AttrParser._parse_affine,
    "strided": AttrParser._parse_strided,
    "loc": AttrParser._parse_loc_attr,
}
