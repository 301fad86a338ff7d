"""LLVM IR values as the translation builds them: constants, arguments and instructions.

Constants are immutable and compare structurally, which is what LLVM's uniquing makes them
(two `i32 7` are one object there). The factories below apply LLVM's canonicalization as
`ConstantStruct::get`, `ConstantArray::get` and `ConstantVector::get` do: an aggregate whose
elements are all zero is `zeroinitializer`, all `undef` is `undef`, all `poison` is
`poison`. Instructions and arguments are numbered when their function is printed; until then
an instruction holds its text as a list of parts, some of which are values or blocks.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass

import numpy as np

from mlc.codegen.llvm_types import FLOAT_BITS, escape_bytes, is_fp, llvm_name, type_text
from mlc.dialects.llvm.types import LLVMArrayType, LLVMPointerType, LLVMStructType, LLVMVoidType
from mlc.ir.float_format import _to_string, bits_to_float, float_to_bits
from mlc.ir.types import FloatType, IntegerType, VectorType


class Value:
    """Something an instruction can use: `ref()` is its text without the type."""

    __slots__ = ()
    type: object

    def ref(self) -> str:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def typed(self) -> str:
        return f"{type_text(self.type)} {self.ref()}"


class Constant(Value):
    """Base of the constants; subclasses are frozen dataclasses (structural equality)."""

    __slots__ = ()

    def is_null(self) -> bool:
        """LLVM's `isNullValue`: integer 0, +0.0, null, zeroinitializer."""
        return False

    def aggregate_element(self, index: int) -> Constant | None:
        """LLVM's `getAggregateElement`: element `index` of a constant aggregate or vector,
        None when it is not known (a constant expression)."""
        return None


@dataclass(frozen=True, slots=True)
class ConstInt(Constant):
    """`i32 7`; `value` is kept in [0, 2**width) so equal constants compare equal."""

    type: IntegerType
    value: int

    @property
    def signed(self) -> int:
        width = self.type.width
        return self.value - (1 << width) if self.value >> (width - 1) else self.value

    def ref(self) -> str:
        if self.type.width == 1:
            return "true" if self.value else "false"
        return str(self.signed)

    def is_null(self) -> bool:
        return self.value == 0


def const_int(t: IntegerType, value: int) -> ConstInt:
    """The `iN` constant `value` wrapped to N bits (APInt semantics)."""
    return ConstInt(t, value & ((1 << t.width) - 1))


@dataclass(frozen=True, slots=True)
class ConstFP(Constant):
    """A floating-point constant, held as its bit pattern (NaN payloads and -0.0 exact)."""

    type: FloatType
    bits: int

    @property
    def value(self) -> float:
        """The value as a Python float (exact for half, bfloat, float and double)."""
        return bits_to_float(self.bits, self.type)

    def ref(self) -> str:
        return format_fp(self.type, self.bits)

    def is_null(self) -> bool:
        return self.bits == 0


def const_fp(t: FloatType, value: float) -> ConstFP:
    """The constant `value` of float type `t` (already representable in `t`)."""
    if t.name in ("f80", "f128"):
        return ConstFP(t, _extended_bits(value, t.name))
    return ConstFP(t, float_to_bits(value, t))


def _extended_bits(value: float, name: str) -> int:
    """x86_fp80 or fp128 bits of a double (widening is exact; every double is normal in
    both). x86_fp80 stores the integer bit of its 64-bit significand, fp128 does not."""
    fraction_bits = 64 if name == "f80" else 112
    top = 1 << (fraction_bits - 1)  # x86_fp80's integer bit, fp128's quiet-NaN bit
    sign = (1 if math.copysign(1.0, value) < 0 else 0) << (15 + fraction_bits)
    if value != value:
        quiet = top | (top >> 1) if name == "f80" else top
        return sign | (0x7FFF << fraction_bits) | quiet
    if math.isinf(value):
        return sign | (0x7FFF << fraction_bits) | (top if name == "f80" else 0)
    if value == 0:
        return sign
    mantissa, exp = math.frexp(abs(value))  # value = mantissa * 2**exp, mantissa in [.5, 1)
    significand = int(mantissa * (1 << 53)) << (fraction_bits - 52)  # top bit = integer bit
    if name == "f80":
        significand >>= 1
    else:
        significand &= (1 << fraction_bits) - 1
    return sign | ((exp - 1 + 16383) << fraction_bits) | significand


def format_fp(t: FloatType, bits: int) -> str:
    """LLVM's AsmWriter spelling of a float constant: `1.500000e+00` when that text reads
    back as the same double, else the double's bits in hex (`0x3FB99999A0000000`; float
    values print as the double they widen to); half, bfloat, x86_fp80 and fp128 always in
    their own hex forms (`0xH3C00`, `0xR3F80`, `0xK...`, `0xL...`)."""
    name = t.name
    if name == "f16":
        return "0xH%04X" % bits
    if name == "bf16":
        return "0xR%04X" % bits
    if name == "f80":
        return "0xK%04X%016X" % (bits >> 64, bits & ((1 << 64) - 1))
    if name == "f128":
        return "0xL%016X%016X" % (bits & ((1 << 64) - 1), bits >> 64)
    value = bits_to_float(bits, t)
    # APFloat::toString(6 digits) truncates before it rounds, so its digits may miss a text
    # that would read back; when even the correctly rounded %.5e does not read back, none
    # does, which settles most values without the slow exact algorithm.
    if math.isfinite(value) and float("%.5e" % value) == value:
        text = _to_string(value, name, 6, 0, False)
        if float(text) == value:
            return text
    if name == "f32":
        sign, exponent, mantissa = bits >> 31, (bits >> 23) & 0xFF, bits & 0x7FFFFF
        if exponent == 0xFF:  # inf or NaN: widen by hand, keeping the payload
            bits = (sign << 63) | (0x7FF << 52) | (mantissa << 29)
        else:
            bits = struct.unpack("<Q", struct.pack("<d", value))[0]
    return "0x%016X" % bits


@dataclass(frozen=True, slots=True)
class ConstNull(Constant):
    """`ptr null`."""

    type: LLVMPointerType

    def ref(self) -> str:
        return "null"

    def is_null(self) -> bool:
        return True


@dataclass(frozen=True, slots=True)
class ConstZero(Constant):
    """`zeroinitializer` of an aggregate or vector type."""

    type: object

    def ref(self) -> str:
        return "zeroinitializer"

    def is_null(self) -> bool:
        return True

    def aggregate_element(self, index: int) -> Constant | None:
        return null_value(element_type(self.type, index))


@dataclass(frozen=True, slots=True)
class Undef(Constant):
    """`undef`."""

    type: object

    def ref(self) -> str:
        return "undef"

    def aggregate_element(self, index: int) -> Constant | None:
        return Undef(element_type(self.type, index))


@dataclass(frozen=True, slots=True)
class Poison(Undef):
    """`poison` (LLVM's PoisonValue is an UndefValue, so `isinstance(c, Undef)` covers both)."""

    def ref(self) -> str:
        return "poison"

    def aggregate_element(self, index: int) -> Constant | None:
        return Poison(element_type(self.type, index))


@dataclass(frozen=True, slots=True)
class ConstAggregate(Constant):
    """A struct, array or vector constant with explicit elements (build with `aggregate`)."""

    type: object
    elements: tuple

    def ref(self) -> str:
        t = self.type
        inner = ", ".join(e.typed() for e in self.elements)
        if isinstance(t, VectorType):
            return f"<{inner}>"
        if isinstance(t, LLVMArrayType):
            return f"[{inner}]"
        return f"<{{ {inner} }}>" if t.packed else f"{{ {inner} }}"

    def aggregate_element(self, index: int) -> Constant | None:
        return self.elements[index] if 0 <= index < len(self.elements) else None


# Element types LLVM stores as raw data (ConstantDataSequential), with their byte widths.
DATA_ELEMENT_BYTES = {IntegerType(8): 1, IntegerType(16): 2, IntegerType(32): 4,
                      IntegerType(64): 8, FloatType("f16"): 2, FloatType("bf16"): 2,
                      FloatType("f32"): 4, FloatType("f64"): 8}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ConstData(Constant):
    """An array or vector of plain integers or floats held as little-endian element bits
    (LLVM's ConstantDataArray/ConstantDataVector): dense attributes become these without
    one Python object per element. An i8 array prints as a string, `c"..."`."""

    type: object
    raw: bytes

    def _bits(self) -> list:
        width = DATA_ELEMENT_BYTES[self.type.element_type]
        return np.frombuffer(self.raw, f"<u{width}").tolist()

    def ref(self) -> str:
        element = self.type.element_type
        if isinstance(self.type, LLVMArrayType) and element == IntegerType(8):
            return 'c"' + escape_bytes(self.raw) + '"'
        prefix = type_text(element) + " "
        if isinstance(element, IntegerType):
            top = 1 << (element.width - 1)
            texts = [str(b - 2 * top if b & top else b) for b in self._bits()]
        else:
            texts = _float_texts(element, self.raw)
        inner = ", ".join(prefix + text for text in texts)
        return f"<{inner}>" if isinstance(self.type, VectorType) else f"[{inner}]"

    def aggregate_element(self, index: int) -> Constant | None:
        element = self.type.element_type
        width = DATA_ELEMENT_BYTES[element]
        if not 0 <= index < len(self.raw) // width:
            return None
        bits = int.from_bytes(self.raw[index * width : (index + 1) * width], "little")
        return (
            ConstInt(element, bits) if isinstance(element, IntegerType) else ConstFP(element, bits)
        )


def _float_texts(element: FloatType, raw: bytes) -> list[str]:
    """`format_fp` of every element, vectorized for large constants (weights): the hex form
    is computed for all, the exact decimal test only for the elements that can pass it (a
    value whose six-digit rounding scaled to an integer is not one cannot print in decimal),
    and for NaNs and infinities."""
    width = DATA_ELEMENT_BYTES[element]
    bits = np.frombuffer(raw, f"<u{width}")
    if width == 2:
        return [format_fp(element, b) for b in bits.tolist()]
    with np.errstate(all="ignore"):
        values = bits.view("<f4" if width == 4 else "<f8").astype(np.float64)
        magnitude = np.abs(values)
        exponent = np.floor(np.log10(np.where(magnitude > 0, magnitude, 1.0)))
        scaled = values / np.power(10.0, exponent - 5)
        near_integer = np.abs(scaled - np.rint(scaled)) < 1e-6
        inexact_scale = ~np.isfinite(scaled) | (magnitude < 1e-290)  # subnormal powers of 10
        maybe_decimal = ~np.isfinite(values) | inexact_scale | near_integer
    texts = ["0x%016X" % w for w in values.view(np.uint64).tolist()]
    cache: dict = {}
    for i in np.flatnonzero(maybe_decimal).tolist():
        b = int(bits[i])
        text = cache.get(b)
        texts[i] = text if text is not None else cache.setdefault(b, format_fp(element, b))
    return texts


def data_constant(t, raw: bytes) -> Constant:
    """An array or vector constant from raw element data: zeroinitializer when every byte
    is zero, as LLVM's ConstantDataSequential::get makes it."""
    return ConstZero(t) if not any(raw) else ConstData(t, raw)


@dataclass(frozen=True, slots=True)
class MetadataString(Constant):
    """`metadata !"round.tonearest"`: a metadata argument of an intrinsic call."""

    type: object
    text: str

    def ref(self) -> str:
        return '!"' + escape_bytes(self.text.encode()) + '"'


@dataclass(frozen=True, slots=True)
class GlobalRef(Constant):
    """`@name`: the address of a global variable or function."""

    type: LLVMPointerType
    name: str

    def ref(self) -> str:
        return "@" + llvm_name(self.name)


@dataclass(frozen=True, slots=True)
class ConstExpr(Constant):
    """A constant expression: `opcode` with constant operands; `extra` holds what else the
    expression prints (flags, the GEP source type and `inbounds`, the cast type, a mask)."""

    type: object
    opcode: str
    operands: tuple
    extra: tuple = ()

    def ref(self) -> str:
        op = self.opcode
        ops = ", ".join(o.typed() for o in self.operands)
        if op == "getelementptr":
            source, inbounds = self.extra
            keyword = "getelementptr inbounds" if inbounds else "getelementptr"
            return f"{keyword} ({type_text(source)}, {ops})"
        if op in CAST_OPCODES:
            return f"{op} ({ops} to {type_text(self.type)})"
        flags = "".join(" " + f for f in self.extra)
        return f"{op}{flags} ({ops})"


CAST_OPCODES = frozenset(("trunc", "zext", "sext", "fptrunc", "fpext", "fptoui", "fptosi",
                          "uitofp", "sitofp", "ptrtoint", "inttoptr", "bitcast",
                          "addrspacecast"))  # fmt: skip


# --- canonical construction ------------------------------------------------------------------
def element_type(t, index: int = 0):
    """The type of element `index` of an aggregate or vector type."""
    if isinstance(t, LLVMStructType):
        return t.body[index]
    return t.element_type


def element_count(t) -> int:
    if isinstance(t, LLVMStructType):
        return len(t.body)
    if isinstance(t, LLVMArrayType):
        return t.num_elements
    return t.shape[0]


def null_value(t) -> Constant:
    """LLVM's `Constant::getNullValue`."""
    if isinstance(t, IntegerType):
        return ConstInt(t, 0)
    if is_fp(t):
        return ConstFP(t, 0)
    if isinstance(t, LLVMPointerType):
        return ConstNull(t)
    return ConstZero(t)


def all_ones(t) -> Constant:
    """LLVM's `Constant::getAllOnesValue`: every bit set (a NaN for floats)."""
    if isinstance(t, VectorType):
        return aggregate(t, [all_ones(t.element_type)] * t.shape[0])
    if is_fp(t):
        return ConstFP(t, (1 << FLOAT_BITS[t.name]) - 1)
    return ConstInt(t, (1 << t.width) - 1)


def is_all_ones(c: Constant) -> bool:
    if isinstance(c, ConstInt):
        return c.value == (1 << c.type.width) - 1
    if isinstance(c, ConstFP):
        return c.bits == (1 << FLOAT_BITS[c.type.name]) - 1
    splat = splat_value(c) if isinstance(c.type, VectorType) else None
    return splat is not None and is_all_ones(splat)


def aggregate(t, elements) -> Constant:
    """A struct, array or vector constant, canonicalized as LLVM's `get` functions do: all
    zero -> zeroinitializer, all poison -> poison, all undef -> undef. Vector and array
    elements must be identical for the last two (poison mixed with undef stays a list)."""
    elements = tuple(elements)
    if not elements:
        return ConstZero(t)
    if isinstance(t, LLVMStructType):
        if all(e.is_null() for e in elements):
            return ConstZero(t)
        if all(isinstance(e, Poison) for e in elements):
            return Poison(t)
        if all(type(e) is Undef for e in elements):
            return Undef(t)
        return ConstAggregate(t, elements)
    first = elements[0]
    if all(e == first for e in elements):
        if isinstance(first, Poison):
            return Poison(t)
        if isinstance(first, Undef):
            return Undef(t)
        if first.is_null():
            return ConstZero(t)
    width = DATA_ELEMENT_BYTES.get(t.element_type)
    if width is not None and all(type(e) in (ConstInt, ConstFP) for e in elements):
        raw = b"".join(
            (e.value if type(e) is ConstInt else e.bits).to_bytes(width, "little") for e in elements
        )
        return ConstData(t, raw)
    return ConstAggregate(t, elements)


def splat(t: VectorType, value: Constant) -> Constant:
    """LLVM's `ConstantVector::getSplat`."""
    return aggregate(t, [value] * t.shape[0])


def splat_value(c: Constant) -> Constant | None:
    """LLVM's `Constant::getSplatValue` for fixed vectors (undef vectors have none)."""
    if isinstance(c, ConstZero):
        return null_value(c.type.element_type)
    if isinstance(c, ConstAggregate) and all(e == c.elements[0] for e in c.elements):
        return c.elements[0]
    if isinstance(c, ConstData):
        width = DATA_ELEMENT_BYTES[c.type.element_type]
        if c.raw == c.raw[:width] * (len(c.raw) // width):
            return c.aggregate_element(0)
    return None


# --- values that are not constants ---------------------------------------------------------
class Numbered(Value):
    """An argument or instruction result: `%N` once the function is numbered."""

    __slots__ = ("type", "slot")

    def ref(self) -> str:
        return f"%{self.slot}"


class Argument(Numbered):
    """A function argument."""

    __slots__ = ()

    def __init__(self, t) -> None:
        self.type = t
        self.slot = -1


class Instruction(Numbered):
    """One instruction: `parts` are its text after `%N = `, with values and blocks resolved
    when printed; `metadata` are (kind, node text) attachments; `attributes` a call's
    function attributes (printed as an attribute group reference)."""

    __slots__ = ("parts", "metadata", "attributes")

    def __init__(self, t, parts: list, metadata: list | None = None) -> None:
        self.type = t
        self.slot = -1
        self.parts = parts
        self.metadata = metadata or []
        self.attributes: tuple = ()

    def has_result(self) -> bool:
        return type(self.type) is not LLVMVoidType

    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.ref() for p in self.parts)


class Phi(Instruction):
    """`phi T [ v, %bb ], ...`: incoming pairs are added after every block is converted."""

    __slots__ = ("incoming",)

    def __init__(self, t) -> None:
        super().__init__(t, [])
        self.incoming: list = []

    def text(self) -> str:
        pairs = ", ".join(f"[ {v.ref()}, {b.ref()} ]" for v, b in self.incoming)
        return f"phi {type_text(self.type)} {pairs}"
