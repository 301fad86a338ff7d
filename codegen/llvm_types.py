"""LLVM types as LLVM IR spells them, and their sizes and alignments under a data layout.

The llvm dialect's types map one to one onto LLVM's: `i32`, `half`/`bfloat`/`float`/
`double`/`x86_fp80`/`fp128`, `<4 x float>`, `ptr addrspace(1)`, `[4 x i8]`, `{ i32, ptr }`,
`<{ i8, i32 }>` (packed), `%name` (identified struct) and `void`. `DataLayout` answers the
questions LLVM's `DataLayout` answers (ABI and preferred alignment, store and alloc size,
struct member offsets) for a layout string, with LLVM 19's defaults for what the string
leaves out, since alignments the translation does not get from the IR come from there.
"""

from __future__ import annotations

import re

from mlc.dialects.llvm.types import (
    LLVMArrayType,
    LLVMFunctionType,
    LLVMPointerType,
    LLVMStructType,
    LLVMVoidType,
)
from mlc.ir.types import FloatType, IntegerType, VectorType

FLOAT_NAMES = {"f16": "half", "bf16": "bfloat", "f32": "float", "f64": "double",
               "f80": "x86_fp80", "f128": "fp128"}  # fmt: skip
FLOAT_BITS = {"f16": 16, "bf16": 16, "f32": 32, "f64": 64, "f80": 80, "f128": 128}

_PLAIN_NAME = re.compile(r"[-a-zA-Z$._][-a-zA-Z$._0-9]*\Z")


class MetadataType:
    """LLVM's `metadata` type, which only intrinsic arguments have (not an MLIR type)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "metadata"


METADATA = MetadataType()


class UnsupportedTypeError(TypeError):
    """A type LLVM IR has no spelling for (the translation reports it at the op)."""


def llvm_name(name: str) -> str:
    """A global or type name as LLVM prints it (`printLLVMNameWithoutPrefix`): bare when it
    is a valid identifier, else quoted with `\\XX` escapes."""
    if _PLAIN_NAME.match(name):
        return name
    return '"' + escape_bytes(name.encode("utf-8", "surrogateescape")) + '"'


def escape_bytes(data: bytes) -> str:
    """LLVM's `printEscapedString`: printable ASCII but `\\` and `"` kept, the rest `\\XX`
    (one `str.translate` over the bytes read as Latin-1: constant data is megabytes)."""
    return data.decode("latin-1").translate(_LLVM_ESCAPES)


_LLVM_ESCAPES = [chr(b) if 0x20 <= b < 0x7F and b not in (0x22, 0x5C) else "\\%02X" % b
                 for b in range(256)]  # fmt: skip


_TYPE_TEXT: dict = {}


def type_text(t) -> str:
    """The LLVM IR spelling of an llvm-dialect-compatible type (cached: it is on every
    operand's path)."""
    text = _TYPE_TEXT.get(t)
    if text is None:
        text = _TYPE_TEXT[t] = _spell(t)
    return text


def _spell(t) -> str:
    if isinstance(t, IntegerType) and t.signedness == 0:
        return f"i{t.width}"
    if isinstance(t, FloatType) and t.name in FLOAT_NAMES:
        return FLOAT_NAMES[t.name]
    if isinstance(t, LLVMPointerType):
        return f"ptr addrspace({t.address_space})" if t.address_space else "ptr"
    if isinstance(t, VectorType) and len(t.shape) == 1:
        scalable = "vscale x " if t.scalable and t.scalable[0] else ""
        return f"<{scalable}{t.shape[0]} x {type_text(t.element_type)}>"
    if isinstance(t, LLVMArrayType):
        return f"[{t.num_elements} x {type_text(t.element_type)}]"
    if isinstance(t, LLVMStructType):
        if t.name is not None:
            return "%" + llvm_name(t.name)
        return struct_body_text(t)
    if isinstance(t, LLVMVoidType):
        return "void"
    if t is METADATA:
        return "metadata"
    if isinstance(t, LLVMFunctionType):
        params = [type_text(p) for p in t.params] + (["..."] if t.vararg else [])
        return f"{type_text(t.result)} ({', '.join(params)})"
    raise UnsupportedTypeError(f"type '{t}' has no LLVM IR equivalent")


def struct_body_text(t: LLVMStructType) -> str:
    """`{ i32, ptr }`, `<{ i8, i32 }>`, `{}` or `opaque`: a struct's body as LLVM prints it."""
    if t.opaque:
        return "opaque"
    if not t.body:
        return "<{}>" if t.packed else "{}"
    inner = ", ".join(type_text(e) for e in t.body)
    return f"<{{ {inner} }}>" if t.packed else f"{{ {inner} }}"


def is_fp(t) -> bool:
    """A floating-point scalar type LLVM has."""
    return isinstance(t, FloatType) and t.name in FLOAT_NAMES


def mangled_suffix(t) -> str:
    """An overloaded intrinsic's name component for `t` (`Intrinsic::getName`): `i32`,
    `f32`, `v4f32`, `nxv4f32`, `p0`."""
    if isinstance(t, IntegerType):
        return f"i{t.width}"
    if isinstance(t, FloatType):
        return {"f16": "f16", "bf16": "bf16", "f32": "f32", "f64": "f64", "f80": "f80",
                "f128": "f128"}[t.name]  # fmt: skip
    if isinstance(t, LLVMPointerType):
        return f"p{t.address_space}"
    if isinstance(t, VectorType):
        scalable = "nx" if t.scalable and t.scalable[0] else ""
        return f"{scalable}v{t.shape[0]}{mangled_suffix(t.element_type)}"
    raise UnsupportedTypeError(f"type '{t}' cannot overload an intrinsic")


# --- data layout ---------------------------------------------------------------------------
class DataLayout:
    """Sizes and alignments for an LLVM data layout string (`e-m:e-i64:64-...`); the empty
    string is LLVM's default layout, which is what mlir-translate uses when a module carries
    no `llvm.data_layout` attribute.

    Alignments are in bytes. Integer widths missing from the layout take the alignment of
    the next wider integer entry (the widest if none is wider), vectors their natural
    alignment, other floats the next power of two of their store size: LLVM 19's rules."""

    def __init__(self, spec: str = "") -> None:
        self.spec = spec
        self.little_endian = True
        # width -> (abi, preferred) in bytes; LLVM 19's DataLayout defaults
        self.ints = {1: (1, 1), 8: (1, 1), 16: (2, 2), 32: (4, 4), 64: (4, 8)}
        self.floats = {16: (2, 2), 32: (4, 4), 64: (8, 8), 128: (16, 16)}
        self.vectors = {64: (8, 8), 128: (16, 16)}
        self.pointers = {0: (8, 8, 8, 8)}  # space -> (size, abi, preferred, index size)
        self.aggregate = (1, 8)
        self._struct_cache: dict = {}
        for component in filter(None, spec.split("-")):
            self._parse(component)

    def _parse(self, item: str) -> None:
        kind, rest = item[0], item[1:]
        if kind in "eE" and not rest:
            self.little_endian = kind == "e"
            return
        if kind in "ifv" and rest:
            width, *aligns = rest.split(":")
            table = {"i": self.ints, "f": self.floats, "v": self.vectors}[kind]
            table[int(width)] = _alignments(aligns)
            return
        if kind == "p":
            space, _, fields = rest.partition(":")
            size, *aligns = (int(x) for x in fields.split(":"))
            abi = aligns[0] // 8 if aligns else size // 8
            pref = aligns[1] // 8 if len(aligns) > 1 else abi
            index = aligns[2] // 8 if len(aligns) > 2 else size // 8
            self.pointers[int(space or 0)] = (size // 8, abi, pref, index)
            return
        if kind == "a":
            self.aggregate = _alignments(rest.lstrip(":").split(":"))
        # mangling, native widths, stack/program/global/alloca spaces, function pointer
        # alignment: nothing the translation asks about.

    def _pointer(self, space: int) -> tuple:
        return self.pointers.get(space, self.pointers[0])

    def pointer_size(self, space: int = 0) -> int:
        return self._pointer(space)[0]

    def size_in_bits(self, t) -> int:
        """LLVM's `getTypeSizeInBits`."""
        if isinstance(t, IntegerType):
            return t.width
        if isinstance(t, FloatType):
            return FLOAT_BITS[t.name]
        if isinstance(t, LLVMPointerType):
            return self.pointer_size(t.address_space) * 8
        if isinstance(t, VectorType):
            return t.shape[0] * self.size_in_bits(t.element_type)
        if isinstance(t, LLVMArrayType):
            return t.num_elements * self.alloc_size(t.element_type) * 8
        if isinstance(t, LLVMStructType):
            return self.struct_layout(t)[1] * 8
        raise UnsupportedTypeError(f"type '{t}' has no size")

    def store_size(self, t) -> int:
        return (self.size_in_bits(t) + 7) // 8

    def alloc_size(self, t) -> int:
        """The distance between consecutive elements of type `t` in memory."""
        return _align_to(self.store_size(t), self.abi_align(t))

    def abi_align(self, t) -> int:
        return self._align(t, 0)

    def pref_align(self, t) -> int:
        return self._align(t, 1)

    def _align(self, t, which: int) -> int:
        if isinstance(t, IntegerType):
            return _lookup_int(self.ints, t.width)[which]
        if isinstance(t, FloatType):
            bits = FLOAT_BITS[t.name]
            if bits in self.floats:
                return self.floats[bits][which]
            return _power_of_two_ceil((bits + 7) // 8)
        if isinstance(t, LLVMPointerType):
            return self._pointer(t.address_space)[1 + which]
        if isinstance(t, VectorType):
            bits = self.size_in_bits(t)
            if bits in self.vectors:
                return self.vectors[bits][which]
            return max(_power_of_two_ceil((bits + 7) // 8), 1)
        if isinstance(t, LLVMArrayType):
            return self._align(t.element_type, which)
        if isinstance(t, LLVMStructType):
            if t.packed and which == 0:
                return 1
            return max(self.aggregate[which], self.struct_layout(t)[2])
        raise UnsupportedTypeError(f"type '{t}' has no alignment")

    def struct_layout(self, t: LLVMStructType) -> tuple:
        """(member offsets, size, alignment) of a struct (LLVM's `StructLayout`)."""
        layout = self._struct_cache.get(t)
        if layout is None:
            offsets, size, align = [], 0, 1
            for member in t.body or ():
                member_align = 1 if t.packed else self.abi_align(member)
                size = _align_to(size, member_align)
                offsets.append(size)
                size += self.alloc_size(member)
                align = max(align, member_align)
            layout = self._struct_cache[t] = (tuple(offsets), _align_to(size, align), align)
        return layout


def _alignments(fields: list) -> tuple:
    abi = int(fields[0]) // 8 if fields and fields[0] else 1
    pref = int(fields[1]) // 8 if len(fields) > 1 else abi
    return (abi, pref)


def _lookup_int(table: dict, width: int) -> tuple:
    wider = [w for w in table if w >= width]
    return table[min(wider)] if wider else table[max(table)]


def _align_to(value: int, align: int) -> int:
    return (value + align - 1) // align * align


def _power_of_two_ceil(n: int) -> int:
    return 1 << (n - 1).bit_length() if n > 1 else n


DEFAULT_LAYOUT = DataLayout()
