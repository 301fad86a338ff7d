"""Parsing of builtin types, attributes and locations (MLIR's TypeParser/AttributeParser).

`AttrParser` is the token-level base of the full `Parser`: it owns the lexer state, error
reporting with locations, aliases (`#map = ...`, `!t = ...`) and every builtin literal.
Literals with their own sub-grammar (affine maps, dense elements) are cut out as raw text
between balanced brackets and handed to their parsers, which report offsets back here.
"""

from __future__ import annotations

import re

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
from mlc.ir.diagnostics import DiagnosticError, LineIndex
from mlc.ir.float_format import bits_to_float, round_to_type
from mlc.ir.location import (
    UNKNOWN_LOC,
    CallSiteLoc,
    FileLineColLoc,
    FusedLoc,
    Location,
    NameLoc,
)
from mlc.ir.syntax.lexer import Lexer, unescape_string
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
    f64,
    i64,
)

_INT_TYPE_RE = re.compile(r"(si|ui|i)(0|[1-9][0-9]*)\Z")
_BODY_DELIMS = re.compile(r'[<>()\[\]{}"]')
_STRING_RE = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"', re.S)  # unrolled: linear time
_CLOSERS = {"<": ">", "(": ")", "[": "]", "{": "}"}

MAX_NESTING = 256  # deeper nesting is a diagnostic, never a RecursionError
MAX_INT_WIDTH = 1 << 24  # MLIR's IntegerType::kMaxWidth

_SIMPLE_TYPES = {name: FloatType(name) for name in FLOAT_WIDTHS}


def _int_literal(text: str) -> int:
    """An integer token's value: hex after `0x`, else decimal (leading zeros allowed)."""
    return int(text, 16) if text[:2] in ("0x", "0X") else int(text)


_SIMPLE_TYPES.update(index=IndexType(), none=NoneType())


class AttrParser(Lexer):
    """Token cursor with error reporting, plus the builtin type/attribute grammar."""

    __slots__ = (
        "ctx", "filename", "lines", "attr_aliases", "type_aliases", "depth",
        "first_line", "uniqued", "deferred_locs",
    )  # fmt: skip

    def __init__(self, src: str, ctx, filename: str = "<string>", first_line: int = 1) -> None:
        super().__init__(src)
        self.ctx = ctx
        self.filename = filename
        self.first_line = first_line
        self.lines = LineIndex(src, first_line)
        self.uniqued = ctx.uniqued_types
        self.deferred_locs = False  # a `loc(#alias)` came before its alias definition
        self.attr_aliases: dict = {}
        self.type_aliases: dict = {}
        self.depth = 0

    # --- errors and locations ------------------------------------------------------------
    def loc_at(self, pos: int) -> FileLineColLoc:
        line, col = self.lines.line_col(pos)
        return FileLineColLoc(self.filename, line, col)

    def error(self, message: str, pos: int | None = None) -> DiagnosticError:
        """An error at `pos`, to be raised by the caller. Without `pos` it is about the
        current token being wrong, and is placed as MLIR's `emitWrongTokenError` places it:
        at the end of the previous token when the current one starts a new line."""
        if pos is None and self.kind == "error":  # the lexer's own complaint comes first
            if self.text == '"':
                return DiagnosticError("expected '\"' in string literal", self.loc_at(self.pos))
            return DiagnosticError("unexpected character", self.loc_at(self.pos))
        if pos is None:  # "expected ..." is about the previous token's end, as in MLIR
            pos = self._wrong_token_pos() if message.startswith("expected") else self.pos
        return DiagnosticError(message, self.loc_at(pos))

    def _wrong_token_pos(self) -> int:
        src = self.src
        pos = self.pos
        if self.kind == "eof" and pos > 0:
            pos -= 1
        original = pos
        end = pos
        while True:
            while end > 0 and src[end - 1] in " \t":
                end -= 1
            if end == 0:
                return original
            if src[end - 1] not in "\n\r":
                return end
            end -= 1
            line_start = max(src.rfind("\n", 0, end), src.rfind("\r", 0, end)) + 1
            comment = src.find("//", line_start, end)
            if comment >= 0:
                end = comment

    def expect(self, text: str, context: str = "") -> None:
        if self.text != text or self.kind == "string":
            raise self.error(f"expected '{text}'" + (f" {context}" if context else ""))
        self.advance()

    def consume_if(self, text: str) -> bool:
        if self.text == text and self.kind != "string":
            self.advance()
            return True
        return False

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.error(f"nesting too deep (more than {MAX_NESTING} levels)")

    def parse_int_literal(self, context: str = "integer") -> int:
        neg = self.consume_if("-")
        if self.kind != "integer":
            raise self.error(f"expected {context}")
        value = _int_literal(self.text)
        self.advance()
        return -value if neg else value

    def parse_string(self, context: str = "string") -> str:
        if self.kind != "string":
            raise self.error(f"expected {context}")
        try:
            value = unescape_string(self.text)
        except ValueError as e:
            raise self.error(e.args[0], self.pos + e.args[1]) from None
        self.advance()
        return value

    def parse_comma_list(self, parse_element, close: str) -> list:
        """Elements separated by ',' up to (and consuming) `close`; empty allowed."""
        items = []
        if self.consume_if(close):
            return items
        while True:
            items.append(parse_element())
            if self.consume_if(","):
                continue
            self.expect(close, "in list")
            return items

    def balanced_body(self) -> tuple[str, int]:
        """Raw text inside the `<...>` that starts at the current token, which is consumed
        together with its body; returns (text, offset of the text)."""
        src = self.src
        start = self.pos
        if src[start] != "<":
            raise self.error("expected '<'")
        stack = ["<"]
        i = start + 1
        search = _BODY_DELIMS.search
        while True:
            m = search(src, i)
            if m is None:
                raise self.error("unbalanced '<' character in pretty dialect name", start)
            ch = m.group()
            i = m.end()
            if ch == '"':
                s = _STRING_RE.match(src, i - 1)
                if s is None:
                    raise self.error("expected '\"' in string literal", i - 1)
                i = s.end()
            elif ch == "<" and src[i : i + 1] == "=":
                continue  # `<=` in an integer set
            elif ch in _CLOSERS:
                stack.append(ch)
                if len(stack) > MAX_NESTING:
                    raise self.error("nesting too deep", i - 1)
            elif ch == ">" and (src[i - 2] == "-" or src[i : i + 1] == "=" or stack[-1] != "<"):
                continue  # `->`, `>=`, or a comparison inside brackets
            elif _CLOSERS[stack[-1]] != ch:
                raise self.error(
                    f"unbalanced '{stack[-1]}' character in pretty dialect name", i - 1
                )
            else:
                stack.pop()
                if not stack:
                    self.reset(i)
                    return src[start + 1 : i - 1], start + 1

    # --- keywords (also used by dialect attribute parsers) ---------------------------------
    def parse_keyword(self, keyword: str) -> None:
        if self.kind != "bare" or self.text != keyword:
            raise self.error(f"expected '{keyword}'")
        self.advance()

    def parse_optional_keyword(self, keyword: str) -> bool:
        if self.kind == "bare" and self.text == keyword:
            self.advance()
            return True
        return False

    def parse_any_keyword(self) -> str:
        if self.kind != "bare":
            raise self.error("expected keyword")
        text = self.text
        self.advance()
        return text

    def parse_colon_type(self):
        self.expect(":")
        return self.parse_type()

    def parse_colon_type_list(self) -> list:
        self.expect(":")
        return self.parse_type_list()

    def parse_type_list(self) -> list:
        types = [self.parse_type()]
        while self.consume_if(","):
            types.append(self.parse_type())
        return types

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
                return DictionaryAttr(tuple(sorted(entries.items())))
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
        if self.consume_if(":"):
            type = self.parse_type()
        if kind == "float":
            type = type or f64
            if not isinstance(type, FloatType):
                raise self.error("floating point value not valid for specified type", pos)
            return self._float_attr(-float(text) if neg else float(text), type, pos)
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

    def _float_attr(self, value: float, type, pos: int) -> FloatAttr:
        return FloatAttr(round_to_type(value, type.name), type)

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

    def _parse_dense(self):
        from mlc.ir.syntax.dense_parser import DenseSyntaxError, parse_dense_literal

        self.advance()
        pos = self.pos
        body, offset = self.balanced_body()
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
    def parse_location(self) -> Location:
        """`loc(...)`; the current token is `loc`."""
        self.advance()
        self.expect("(")
        loc = self.parse_location_body()
        self.expect(")", "in location")
        return loc

    def parse_location_body(self) -> Location:
        kind, text = self.kind, self.text
        if kind == "hash":
            name = text[1:]
            self.advance()
            loc = self.attr_aliases.get(name)
            if loc is None:
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
    "complex": AttrParser._parse_complex,
    "tuple": AttrParser._parse_tuple,
}

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
