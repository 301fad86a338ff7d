"""Builtin attributes: immutable, hashable value objects with structural equality.

Every attribute knows how to print itself (`print_to(printer)`); parsing lives in
`ir.syntax.attr_parser`. Types are attributes too (see `ir.types`). As in MLIR, an attribute
from a dialect that is not loaded is kept verbatim as an `OpaqueAttr` (`#foo.bar<...>`).
"""

from __future__ import annotations

import attrs

from mlc.ir.float_format import float_to_bits, format_float


class Attribute:
    """Base of every attribute and type. Subclasses are `attrs.frozen` value objects."""

    __slots__ = ()

    def print_to(self, p) -> None:  # pragma: no cover - every subclass overrides
        raise NotImplementedError(type(self).__name__)

    def __str__(self) -> str:
        from mlc.ir.syntax.printer import attribute_to_str

        return attribute_to_str(self)


def frozen(cls):
    """`attrs.frozen` with hash caching: attributes are dictionary keys on hot paths."""
    return attrs.frozen(unsafe_hash=True, cache_hash=True, repr=False)(cls)


class TypedAttr(Attribute):
    """An attribute that carries a type (`1 : i32`)."""

    __slots__ = ()


@frozen
class UnitAttr(Attribute):
    """The presence-only attribute (`{foo}`)."""

    def print_to(self, p) -> None:
        p.write("unit")

    def __repr__(self) -> str:
        return "UnitAttr()"


@frozen
class IntegerAttr(TypedAttr):
    """An integer of an integer or index type; `i1` values print as `true`/`false`."""

    value: int
    type: Attribute

    def print_to(self, p) -> None:
        t = self.type
        if getattr(t, "width", 0) == 1 and getattr(t, "signedness", None) == 0:
            p.write("true" if self.value else "false")
            return
        p.write(str(self.value))
        p.write(" : ")
        p.print_type(t)

    def print_elided(self, p) -> None:
        """Inside arrays MLIR omits the type of i64 integers."""
        if self.type.is_i64():
            p.write(str(self.value))
        else:
            self.print_to(p)

    def __repr__(self) -> str:
        return f"IntegerAttr({self.value}, {self.type})"


@attrs.frozen(eq=False, repr=False)  # equality by bit pattern, defined below
class FloatAttr(TypedAttr):
    """A float of a float type; printed as mlir-opt prints it (exponent form, or hex bits)."""

    value: float
    type: Attribute

    def __eq__(self, other) -> bool:  # bitwise, so that NaN payloads and -0.0 compare exactly
        if type(other) is not FloatAttr:
            return NotImplemented
        return self.type == other.type and float_to_bits(self.value, self.type) == float_to_bits(
            other.value, other.type
        )

    def __hash__(self) -> int:
        return hash((float_to_bits(self.value, self.type), self.type))

    def print_to(self, p) -> None:
        p.write(format_float(self.value, self.type))
        p.write(" : ")
        p.print_type(self.type)

    def print_elided(self, p) -> None:
        """Inside arrays MLIR omits the type of f64 floats."""
        if self.type.name == "f64":
            p.write(format_float(self.value, self.type))
        else:
            self.print_to(p)

    def __repr__(self) -> str:
        return f"FloatAttr({self.value!r}, {self.type})"


def _escape_entry(byte: int) -> str:
    if byte == 0x5C:
        return "\\\\"
    if byte == 0x22:
        return "\\22"
    return chr(byte) if 0x20 <= byte < 0x7F else "\\%02X" % byte


_ESCAPES = [_escape_entry(byte) for byte in range(256)]


def escape_string(value: str) -> str:
    """Quote a string as MLIR does (llvm::printEscapedString): printable ASCII kept, `\\`
    doubled, `"` and everything else as `\\XX`, byte by byte of the UTF-8 encoding (bytes
    that are not UTF-8 survive). One `str.translate` over the bytes read as Latin-1: a
    module embedded as a string attribute is megabytes."""
    data = value.encode("utf-8", "surrogateescape")
    return '"' + data.decode("latin-1").translate(_ESCAPES) + '"'


@frozen
class StringAttr(Attribute):
    """A string, optionally typed (`"abc" : i32`)."""

    value: str
    type: Attribute | None = None

    def print_to(self, p) -> None:
        p.write(escape_string(self.value))
        if self.type is not None:
            p.write(" : ")
            p.print_type(self.type)

    def __repr__(self) -> str:
        return f"StringAttr({self.value!r})"


@frozen
class ArrayAttr(Attribute):
    """An ordered list of attributes (`[1, "a", i32]`)."""

    value: tuple

    def print_to(self, p) -> None:
        p.write("[")
        first = True
        for a in self.value:
            if not first:
                p.write(", ")
            first = False
            if type(a) is IntegerAttr or type(a) is FloatAttr:
                a.print_elided(p)
            else:
                p.print_attribute(a)
        p.write("]")

    def __iter__(self):
        return iter(self.value)

    def __len__(self) -> int:
        return len(self.value)

    def __getitem__(self, i):
        return self.value[i]

    def __repr__(self) -> str:
        return f"ArrayAttr({list(self.value)!r})"


def name_order(entry: tuple) -> bytes:
    """The sort key of a named attribute `(name, value)`: MLIR orders them by the bytes of
    the name. A name whose bytes are not UTF-8 holds them as surrogate escapes, which sort
    after every other character as text, but by their byte value here."""
    return entry[0].encode("utf-8", "surrogateescape")


@frozen
class DictionaryAttr(Attribute):
    """A name-sorted dictionary of attributes (`{a = 1, b}`)."""

    value: tuple  # ((name, attr), ...) sorted by `name_order`

    @staticmethod
    def get(entries: dict) -> DictionaryAttr:
        return DictionaryAttr(tuple(sorted(entries.items(), key=name_order)))

    def as_dict(self) -> dict:
        return dict(self.value)

    def print_to(self, p) -> None:
        p.print_attr_dict_body(self.value)

    def __repr__(self) -> str:
        return f"DictionaryAttr({dict(self.value)!r})"


@frozen
class TypeAttr(Attribute):
    """A type used as an attribute value."""

    value: Attribute

    def print_to(self, p) -> None:
        p.print_type(self.value)

    def __repr__(self) -> str:
        return f"TypeAttr({self.value})"


def print_symbol_name(name: str) -> str:
    """`@name`, quoted when the name is not a valid bare identifier."""
    from mlc.ir.syntax.lexer import is_bare_symbol

    return "@" + name if is_bare_symbol(name) else "@" + escape_string(name)


@frozen
class SymbolRefAttr(Attribute):
    """A reference to a symbol, possibly nested (`@outer::@inner`)."""

    root: str
    nested: tuple = ()

    def print_to(self, p) -> None:
        p.write(print_symbol_name(self.root))
        for n in self.nested:
            p.write("::")
            p.write(print_symbol_name(n))

    @property
    def leaf(self) -> str:
        return self.nested[-1] if self.nested else self.root

    def __repr__(self) -> str:
        return f"SymbolRefAttr({self.root!r}, {self.nested!r})"


def opaque_symbol_text(prefix: str, dialect: str, data: str) -> str:
    """`#foo.bar<...>` when `data` reads as an identifier (plus `<...>`), else `#foo<data>`,
    as MLIR's `isDialectSymbolSimpleEnoughForPrettyForm` decides."""
    i = 0
    if data[:1].isascii() and data[:1].isalpha():
        while i < len(data) and data[i].isascii() and (data[i].isalnum() or data[i] in "._"):
            i += 1
        rest = data[i:]
        if not rest or (rest[0] == "<" and rest[-1] == ">"):
            return f"{prefix}{dialect}.{data}"
    return f"{prefix}{dialect}<{data}>"


@frozen
class OpaqueAttr(Attribute):
    """An attribute of a dialect that is not loaded, kept as its text: `data` is what
    follows `#dialect.` (or stands inside `#dialect<...>`)."""

    dialect: str
    data: str

    def print_to(self, p) -> None:
        p.write(opaque_symbol_text("#", self.dialect, self.data))

    def __repr__(self) -> str:
        return f"OpaqueAttr({opaque_symbol_text('#', self.dialect, self.data)})"


@frozen
class DenseArrayAttr(Attribute):
    """`array<i32: 1, 2, 3>`: a flat array of integers or floats of one element type."""

    element_type: Attribute
    value: tuple

    def print_to(self, p) -> None:
        p.write("array<")
        p.print_type(self.element_type)
        if self.value:
            p.write(": ")
            et = self.element_type
            if getattr(et, "width", 0) == 1 and hasattr(et, "signedness"):
                p.write(", ".join("true" if v else "false" for v in self.value))
            elif hasattr(et, "signedness"):
                p.write(", ".join(map(str, self.value)))
            else:
                p.write(", ".join(format_float(v, et) for v in self.value))
        p.write(">")

    def __repr__(self) -> str:
        return f"DenseArrayAttr({self.element_type}, {self.value!r})"


@frozen
class DenseResourceElementsAttr(TypedAttr):
    """`dense_resource<handle> : type`; the blob lives in the file's resource section."""

    handle: str
    type: Attribute

    def print_to(self, p) -> None:
        p.write("dense_resource<" + self.handle + "> : ")
        p.print_type(self.type)
        p.note_resource(self.handle)

    def __repr__(self) -> str:
        return f"DenseResourceElementsAttr({self.handle!r}, {self.type})"


@frozen
class StridedLayoutAttr(Attribute):
    """`strided<[s0, s1], offset: o>` memref layout; `DYNAMIC` prints as `?`."""

    strides: tuple
    offset: int = 0

    def print_to(self, p) -> None:
        from mlc.ir.types import DYNAMIC

        def dim(v):
            return "?" if v == DYNAMIC else str(v)

        p.write("strided<[" + ", ".join(dim(s) for s in self.strides) + "]")
        if self.offset != 0:
            p.write(", offset: " + dim(self.offset))
        p.write(">")

    def __repr__(self) -> str:
        return f"StridedLayoutAttr({self.strides}, {self.offset})"


def bool_attr(value: bool) -> IntegerAttr:
    """MLIR's BoolAttr: an `i1` IntegerAttr."""
    from mlc.ir.types import i1

    return IntegerAttr(1 if value else 0, i1)


UNIT = UnitAttr()


class DialectAttribute(Attribute):
    """Base of attributes that registered dialects define (`#arith.overflow<nsw>`).

    Subclasses set `dialect_name` and `mnemonic`, print their body (`<nsw>`) in
    `print_body` and parse it in the classmethod `parse_body(parser)`. Assembly formats
    print only the body (MLIR's stripped form), generic syntax the full name.
    """

    __slots__ = ()
    dialect_name = ""
    mnemonic = ""

    def print_to(self, p) -> None:
        p.write(f"#{self.dialect_name}.{self.mnemonic}")
        self.print_body(p)

    def print_body(self, p) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    @classmethod
    def parse_body(cls, parser):  # pragma: no cover - overridden
        raise NotImplementedError
