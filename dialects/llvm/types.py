"""Types of the llvm dialect, with MLIR 19's syntax (mlir/lib/Dialect/LLVMIR/IR/LLVMTypeSyntax.cpp).

At the top level a type prints as `!llvm.ptr`; inside another llvm type the `!llvm.` prefix is
dropped (`!llvm.struct<(ptr, array<2 x i64>)>`), as MLIR prints nested types of the dialect
in their stripped form, unless the nested type holds a type LLVM has not (`index`). Builtin
types keep their own syntax inside (`vector<4xf32>`, `i32`).

Identified structs (`!llvm.struct<"name", (...)>`) are values here, like every mlc type; a
reference to an enclosing struct inside its own body is `LLVMStructType(name=...)` with
neither body nor `opaque`, which prints `struct<"name">`, as MLIR prints a struct it is
already printing. MLIR uniques identified structs by name per context: within one context
the parser rejects a second, different body for a name (`_IDENTIFIED`).
"""

from __future__ import annotations

import weakref

from mlc.ir.attributes import frozen
from mlc.ir.types import FloatType, IntegerType, Type, VectorType

_IDENTIFIED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""Context -> {name: identified struct parsed in it} (MLIR's context-owned struct storage)."""


class LLVMType(Type):
    """Base of the dialect's types: `print_nested` writes the stripped form (`ptr<1>`),
    `parse_nested(parser, enclosing)` reads it after the mnemonic; `enclosing` names the
    identified structs whose bodies are being parsed."""

    __slots__ = ()
    dialect_name = "llvm"
    mnemonic = ""

    def print_to(self, p) -> None:
        p.write("!llvm.")
        self.print_nested(p)

    def print_nested(self, p) -> None:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    @classmethod
    def parse_body(cls, parser) -> LLVMType:
        """The dialect type hook: `parser` stands after `!llvm.<mnemonic>`."""
        return cls.parse_nested(parser, ())

    @classmethod
    def parse_nested(cls, parser, enclosing: tuple) -> LLVMType:  # pragma: no cover
        raise NotImplementedError

    def __repr__(self) -> str:
        return str(self)


def print_element_type(p, t) -> None:
    """A type nested in an llvm type: stripped if it is of the dialect and LLVM-compatible
    throughout (MLIR's `dispatchPrint`: `array<1 x !llvm.struct<(index)>>`)."""
    if isinstance(t, LLVMType) and is_compatible_type(t):
        t.print_nested(p)
    else:
        p.print_type(t)


def parse_element_type(parser, enclosing: tuple = ()):
    """A type nested in an llvm type: a bare dialect keyword (`ptr`, `struct<...>`) or any
    other type (MLIR's `dispatchParse`, which falls back to the generic type parser)."""
    if parser.kind == "bare":
        cls = _NESTED.get(parser.text)
        if cls is not None:
            parser.advance()
            return cls.parse_nested(parser, enclosing)
    return parser.parse_type()


def _has_body(parser) -> bool:
    """A `<` right after the mnemonic, with no space, is part of the type (MLIR lexes
    `!llvm.ptr<1>` as one token)."""
    return (
        parser.text == "<" and parser.kind == "punct" and not parser.src[parser.pos - 1].isspace()
    )


def _type_error(parser, message: str, t, pos: int):
    return parser.error(f"{message}: '{t}'", pos)


@frozen
class LLVMVoidType(LLVMType):
    """`!llvm.void`: the result type of functions that return nothing."""

    mnemonic = "void"

    def print_nested(self, p) -> None:
        p.write("void")

    @classmethod
    def parse_nested(cls, parser, enclosing: tuple) -> LLVMVoidType:
        return VOID


@frozen
class LLVMPointerType(LLVMType):
    """`!llvm.ptr` (opaque pointer) or `!llvm.ptr<3>` in address space 3."""

    address_space: int = 0
    mnemonic = "ptr"

    def print_nested(self, p) -> None:
        p.write(f"ptr<{self.address_space}>" if self.address_space else "ptr")

    @classmethod
    def parse_nested(cls, parser, enclosing: tuple) -> LLVMPointerType:
        if not _has_body(parser):
            return PTR
        parser.advance()
        pos = parser.pos
        if parser.kind != "integer" and parser.text != "-":
            raise parser.error("expected integer value")
        space = parser.parse_int_literal("integer value")
        if not -(2**31) <= space < 2**32:
            raise parser.error("integer value too large", pos)
        parser.expect(">")
        return cls(space & 0xFFFFFFFF)  # MLIR reads an unsigned: -1 is 4294967295


@frozen
class LLVMArrayType(LLVMType):
    """`!llvm.array<4 x f32>`."""

    element_type: Type
    num_elements: int
    mnemonic = "array"

    def print_nested(self, p) -> None:
        p.write(f"array<{self.num_elements} x ")
        print_element_type(p, self.element_type)
        p.write(">")

    @classmethod
    def parse_nested(cls, parser, enclosing: tuple) -> LLVMArrayType:
        pos = parser.pos
        parser.expect("<")
        if parser.kind != "integer":
            raise parser.error("expected integer value")
        count = parser.parse_int_literal()
        parser.parse_keyword("x")
        parser.enter()
        element = parse_element_type(parser, enclosing)
        parser.depth -= 1
        parser.expect(">")
        if isinstance(element, (LLVMVoidType, LLVMFunctionType)):
            raise _type_error(parser, "invalid array element type", element, pos)
        return cls(element, count)


@frozen
class LLVMStructType(LLVMType):
    """`!llvm.struct<(i32, ptr)>` (literal), `<packed (...)>`, `<"name", (...)>` (identified),
    `<"name", opaque>`, or `struct<"name">`: a reference to the enclosing struct `name`
    (`body` None and not `opaque`), valid only inside that struct's body."""

    body: tuple | None = ()
    packed: bool = False
    name: str | None = None
    opaque: bool = False
    mnemonic = "struct"

    @property
    def is_reference(self) -> bool:
        return self.body is None and not self.opaque

    def print_nested(self, p) -> None:
        p.write("struct<")
        if self.name is not None:
            p.write(f'"{self.name}"')  # sic: MLIR 19 does not escape the name
            if self.is_reference:
                p.write(">")
                return
            p.write(", ")
        if self.opaque:
            p.write("opaque>")
            return
        p.write("packed (" if self.packed else "(")
        for i, t in enumerate(self.body):
            if i:
                p.write(", ")
            print_element_type(p, t)
        p.write(")>")

    @classmethod
    def parse_nested(cls, parser, enclosing: tuple) -> LLVMStructType:
        parser.expect("<")
        name = None
        if parser.kind == "string":
            name_pos = parser.pos
            name = parser.parse_string()
            if parser.text == ">" and parser.kind == "punct":
                if name not in enclosing:
                    raise parser.error("struct without a body only allowed in a recursive struct")
                parser.advance()
                return cls(None, name=name)
            if name in enclosing:
                raise parser.error("identifier already used for an enclosing struct", name_pos)
            parser.expect(",")
            if parser.parse_optional_keyword("opaque"):
                parser.expect(">")
                return _identified(parser, cls(None, name=name, opaque=True), name_pos)
            enclosing = enclosing + (name,)
        packed = parser.parse_optional_keyword("packed")
        body_pos = parser.pos
        parser.expect("(")
        parser.enter()
        body = parser.parse_comma_list(lambda: parse_element_type(parser, enclosing), ")")
        parser.depth -= 1
        parser.expect(">")
        for t in body:
            if isinstance(t, (LLVMVoidType, LLVMFunctionType)):
                raise _type_error(parser, "invalid LLVM structure element type", t, body_pos)
        struct = cls(tuple(body), packed, name)
        return struct if name is None else _identified(parser, struct, body_pos)


def _identified(parser, struct: LLVMStructType, pos: int) -> LLVMStructType:
    """`struct`, checked against the struct of the same name already parsed in this context."""
    known = _IDENTIFIED.setdefault(parser.ctx, {})
    previous = known.setdefault(struct.name, struct)
    if previous == struct:
        return struct
    if struct.opaque:
        raise parser.error("redeclaring defined struct as opaque", pos)
    raise parser.error("identified type already used with a different body", pos)


@frozen
class LLVMFunctionType(LLVMType):
    """`!llvm.func<i32 (ptr, ...)>`: result (`void` for none), parameters, variadic."""

    result: Type
    params: tuple
    vararg: bool = False
    mnemonic = "func"

    def print_nested(self, p) -> None:
        p.write("func<")
        print_element_type(p, self.result)
        p.write(" (")
        for i, t in enumerate(self.params):
            if i:
                p.write(", ")
            print_element_type(p, t)
        if self.vararg:
            p.write(", ..." if self.params else "...")
        p.write(")>")

    @classmethod
    def parse_nested(cls, parser, enclosing: tuple) -> LLVMFunctionType:
        pos = parser.pos
        parser.expect("<")
        parser.enter()
        result = parse_element_type(parser, enclosing)
        parser.expect("(")
        params, vararg = [], False
        if not parser.consume_if(")"):
            while True:
                if parser.consume_if("..."):
                    vararg = True
                    parser.expect(")")
                    break
                params.append(parse_element_type(parser, enclosing))
                if parser.consume_if(")"):
                    break
                parser.expect(",")
        parser.depth -= 1
        parser.expect(">")
        if isinstance(result, LLVMFunctionType):
            raise _type_error(parser, "invalid function result type", result, pos)
        for t in params:
            if isinstance(t, (LLVMVoidType, LLVMFunctionType)):
                raise _type_error(parser, "invalid function argument type", t, pos)
        return cls(result, tuple(params), vararg)

    @property
    def results(self) -> tuple:
        """The MLIR-style result list: empty for `void`."""
        return () if isinstance(self.result, LLVMVoidType) else (self.result,)


VOID = LLVMVoidType()
PTR = LLVMPointerType()

_NESTED = {cls.mnemonic: cls for cls in (LLVMVoidType, LLVMPointerType, LLVMArrayType,
                                          LLVMStructType, LLVMFunctionType)}  # fmt: skip
TYPES = tuple(_NESTED.values())

# --- what MLIR's LLVM::isCompatibleType and friends accept -----------------------------------
_LLVM_FLOATS = frozenset(("bf16", "f16", "f32", "f64", "f80", "f128"))


def is_float(t) -> bool:
    """A float type LLVM has (MLIR's `isCompatibleFloatingPointType`)."""
    return type(t) is FloatType and t.name in _LLVM_FLOATS


def is_signless_integer(t) -> bool:
    return type(t) is IntegerType and t.signedness == 0


def is_compatible_type(t) -> bool:
    """A type the llvm dialect can hold (MLIR's `LLVM::isCompatibleType`): signless integers,
    LLVM's floats, 1-D vectors of those or of pointers, and llvm types built from such
    types. Cached per type (MLIR caches it too): the verifier asks it of every operand and
    result of every llvm op, and a module names few types."""
    known = _COMPATIBLE.get(t)
    if known is None:
        known = _COMPATIBLE[t] = _compatible(t)
    return known


_COMPATIBLE: dict = {}


def _compatible(t) -> bool:
    if is_signless_integer(t) or is_float(t):
        return True
    if isinstance(t, VectorType):  # LLVM vectors have one dimension
        e = t.element_type
        return len(t.shape) == 1 and (
            is_signless_integer(e) or is_float(e) or isinstance(e, LLVMPointerType)
        )
    if isinstance(t, (LLVMVoidType, LLVMPointerType)):
        return True
    if isinstance(t, LLVMArrayType):
        return is_compatible_type(t.element_type)
    if isinstance(t, LLVMStructType):
        return t.body is None or all(map(is_compatible_type, t.body))
    if isinstance(t, LLVMFunctionType):
        return is_compatible_type(t.result) and all(map(is_compatible_type, t.params))
    return False
