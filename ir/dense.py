"""Dense elements attributes: `dense<...> : tensor<...>`, as MLIR's DenseIntOrFPElementsAttr and
DenseStringElementsAttr.

Numeric elements are kept as canonical little-endian bytes, one storage unit per element (MLIR's
raw buffer, except that an `i1` takes a byte rather than a bit, and integers of odd widths are
masked to their width). Equality and hashing are then exact on bit patterns (NaN payloads, -0.0)
and cost one bytes comparison. An attribute whose elements are all equal is stored as a splat of
one element, so `dense<1>` and `dense<[1, 1]>` compare equal, as MLIR uniques them to one
attribute. Parsing lives in `ir.syntax.dense_parser`.
"""

from __future__ import annotations

import functools
import math
import operator

import attrs
import numpy as np

from mlc.ir.attributes import TypedAttr, escape_string, frozen
from mlc.ir.float_format import format_float
from mlc.ir.types import (
    SIGNED,
    UNSIGNED,
    ComplexType,
    FloatType,
    IndexType,
    IntegerType,
    ShapedType,
)

HEX_PRINT_THRESHOLD = 100
"""mlir-opt prints a non-splat attribute with more elements than this as a hex string."""

_STANDARD_INT_BYTES = (1, 2, 4, 8)
_FLOAT_BYTES = {"f16": 2, "bf16": 2, "f32": 4, "f64": 8}
_FLOAT_DTYPES = {"f16": "<f2", "f32": "<f4", "f64": "<f8"}


class _IntLayout:
    """Storage of an integer or index element: `nbytes` little-endian bytes, masked to `width`."""

    __slots__ = ("dtype", "high", "low", "nbytes", "signed", "storage", "width")

    def __init__(self, width: int, signedness: int | None) -> None:
        self.width = width
        self.nbytes = (width + 7) // 8
        unsigned = signedness == UNSIGNED
        self.signed = not unsigned  # signless and index values read back as signed
        # MLIR's buildAttributeAPInt: signless accepts both readings, signed/index only one.
        half = 1 << (width - 1) if width else 0
        self.low = 0 if unsigned else -half
        self.high = max(half - 1, 0) if signedness in (SIGNED, None) else (1 << width) - 1
        standard = self.nbytes in _STANDARD_INT_BYTES and width in (1, 8 * self.nbytes)
        self.storage = np.dtype(f"<u{self.nbytes}") if standard else None
        if width == 1:
            self.dtype = np.dtype(bool)
        elif standard:
            self.dtype = np.dtype(f"<{'i' if self.signed else 'u'}{self.nbytes}")
        else:
            self.dtype = np.dtype(object)

    def encode_ints(self, values: list[int]) -> bytes:
        """Bytes of in-range Python ints (the parser has already checked each one)."""
        mask = (1 << self.width) - 1
        if self.storage is not None:
            return np.array([v & mask for v in values], dtype=self.storage).tobytes()
        k = self.nbytes
        return b"".join((v & mask).to_bytes(k, "little") for v in values)

    def encode(self, array: np.ndarray) -> bytes:
        """Bytes of an array of integers, rejecting values the element type cannot hold."""
        if array.dtype.kind not in "biuO":
            raise TypeError(f"expected integer values for i{self.width}, got {array.dtype}")
        if array.dtype.kind == "b" and self.width == 1:  # true/false, whatever the signedness
            return array.astype(np.uint8).tobytes()
        if array.size:
            low = int(array.min()) if array.dtype != object else min(map(operator.index, array))
            high = int(array.max()) if array.dtype != object else max(map(operator.index, array))
            if low < self.low or high > self.high:
                raise ValueError(f"integer value out of range for a {self.width}-bit element type")
        if self.storage is not None and array.dtype != object:
            return (array.astype(self.storage) & ((1 << self.width) - 1)).tobytes()
        return self.encode_ints([int(v) for v in array])

    def canonical(self, raw: bytes) -> bytes:
        """`raw` with bits above the width cleared (hex literals may set them)."""
        if self.width % 8 == 0:
            return raw
        k = self.nbytes
        return self.encode_ints(
            [int.from_bytes(raw[i : i + k], "little") for i in range(0, len(raw), k)]
        )

    def decode(self, raw: bytes, count: int) -> np.ndarray:
        if self.width == 1:
            return np.frombuffer(raw, np.uint8, count).astype(bool)
        if self.dtype != object:
            return np.frombuffer(raw, self.dtype, count)
        k, width = self.nbytes, self.width
        values = [int.from_bytes(raw[i * k : i * k + k], "little") for i in range(count)]
        if self.signed and width:
            sign = 1 << (width - 1)
            values = [v - (sign << 1) if v & sign else v for v in values]
        out = np.empty(count, dtype=object)
        out[:] = values
        return out

    def format(self, raw: bytes, count: int) -> list[str]:
        values = self.decode(raw, count).tolist()
        if self.width == 1:  # MLIR prints every 1-bit element type as a boolean
            return ["true" if v else "false" for v in values]
        return [str(v) for v in values]


class _FloatLayout:
    """Storage of an f16/bf16/f32/f64 element: its IEEE bit pattern."""

    __slots__ = ("bits", "nbytes", "type")

    def __init__(self, type: FloatType) -> None:
        self.type = type
        self.nbytes = _FLOAT_BYTES[type.name]
        self.bits = np.dtype(f"<u{self.nbytes}")

    def encode(self, array: np.ndarray) -> bytes:
        """Bytes of float values rounded to the element type (round to nearest even)."""
        if array.dtype.kind not in "biuf":
            raise TypeError(f"expected real values for {self.type.name}, got {array.dtype}")
        return self.encode_bits(array).tobytes()

    def encode_bits(self, array: np.ndarray) -> np.ndarray:
        name = self.type.name
        with np.errstate(over="ignore", invalid="ignore"):
            if name == "bf16":
                return _bfloat16_bits(array)
            return array.astype(_FLOAT_DTYPES[name]).view(self.bits)

    def canonical(self, raw: bytes) -> bytes:
        return raw

    def decode(self, raw: bytes, count: int) -> np.ndarray:
        if self.type.name == "bf16":
            return (np.frombuffer(raw, "<u2", count).astype(np.uint32) << 16).view(np.float32)
        return np.frombuffer(raw, _FLOAT_DTYPES[self.type.name], count)

    def format(self, raw: bytes, count: int) -> list[str]:
        # NaNs print from their stored bits: a trip through a Python float may quiet them.
        bits = np.frombuffer(raw, self.bits, count).tolist()
        t = self.type
        return [
            f"0x{b:X}" if math.isnan(v) else format_float(v, t)
            for v, b in zip(self.decode(raw, count).tolist(), bits)
        ]


class _ComplexLayout:
    """Storage of a complex element: the real part, then the imaginary part."""

    __slots__ = ("nbytes", "part")

    def __init__(self, part: _IntLayout | _FloatLayout) -> None:
        self.part = part
        self.nbytes = 2 * part.nbytes

    def encode(self, array: np.ndarray) -> bytes:
        if array.dtype.names == ("real", "imag"):
            real, imag = array["real"], array["imag"]
        elif array.dtype.kind == "c":
            real, imag = array.real, array.imag
            if isinstance(self.part, _IntLayout):
                if np.any(real != np.round(real)) or np.any(imag != np.round(imag)):
                    raise ValueError("complex integer elements need integral parts")
                real, imag = real.astype(np.int64), imag.astype(np.int64)
        else:
            raise TypeError(f"expected complex values, got {array.dtype}")
        return self.part.encode(np.stack([real.ravel(), imag.ravel()], axis=-1).ravel())

    def canonical(self, raw: bytes) -> bytes:
        return self.part.canonical(raw)

    def decode(self, raw: bytes, count: int) -> np.ndarray:
        parts = self.part.decode(raw, 2 * count)
        if isinstance(self.part, _FloatLayout):
            dtype = np.complex128 if self.part.type.name == "f64" else np.complex64
            out = np.empty(count, dtype=dtype)
            out.real, out.imag = parts[0::2], parts[1::2]
            return out
        out = np.empty(count, dtype=[("real", parts.dtype), ("imag", parts.dtype)])
        out["real"], out["imag"] = parts[0::2], parts[1::2]
        return out

    def format(self, raw: bytes, count: int) -> list[str]:
        parts = self.part.format(raw, 2 * count)
        return [f"({parts[i]},{parts[i + 1]})" for i in range(0, 2 * count, 2)]


_Layout = _IntLayout | _FloatLayout | _ComplexLayout


@functools.cache
def element_layout(element_type) -> _Layout:
    """The storage layout of a numeric element type; TypeError for types MLIR keeps as strings
    or mlc does not support in dense attributes (f8 and other exotic floats)."""
    if isinstance(element_type, IntegerType):
        return _IntLayout(element_type.width, element_type.signedness)
    if isinstance(element_type, IndexType):
        return _IntLayout(64, None)
    if isinstance(element_type, FloatType) and element_type.name in _FLOAT_BYTES:
        return _FloatLayout(element_type)
    if isinstance(element_type, ComplexType):
        part = element_type.element_type
        if isinstance(part, IntegerType) or (
            isinstance(part, FloatType) and part.name in _FLOAT_BYTES
        ):
            return _ComplexLayout(element_layout(part))
    raise TypeError(f"unsupported dense element type {element_type!r}")


def is_numeric_element_type(element_type) -> bool:
    """MLIR's `isIntOrIndexOrFloat() || isa<ComplexType>`: elements held as numbers, not
    strings."""
    return isinstance(element_type, (IntegerType, IndexType, FloatType, ComplexType))


def _bfloat16_bits(array: np.ndarray) -> np.ndarray:
    """bf16 bit patterns of `array`, rounded once to nearest even as APFloat::convert does.
    A NaN keeps the top of its payload, quieted only if bits were cut off, so float32 arrays of
    bf16 values (what `array` returns) convert back bit for bit."""
    f = array if array.dtype == np.float32 else round_to_odd_float32(np.asarray(array, np.float64))
    bits = f.view(np.uint32)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    nan = (bits >> 16) | np.where(bits & 0xFFFF, 0x40, 0)
    return np.where(np.isnan(f), nan, rounded).astype("<u2")


def round_to_odd_float32(x: np.ndarray) -> np.ndarray:
    """`x` rounded to float32 toward zero, with the last bit set if inexact ("round to odd").
    Rounding that once more to bf16 equals rounding `x` to bf16 directly (float32 keeps 16 more
    significand bits), where float32's round-to-nearest would round twice."""
    with np.errstate(over="ignore", invalid="ignore"):
        nearest = x.astype(np.float32)
        away = np.abs(nearest.astype(np.float64)) > np.abs(x)
        truncated = np.where(away, np.nextafter(nearest, np.float32(0)), nearest)
        inexact = (truncated.astype(np.float64) != x) & ~np.isnan(x)
    return (truncated.view(np.uint32) | inexact).view(np.float32)


def _static_shape(type) -> tuple:
    """The shape of a valid elements type, or an error with MLIR's diagnostic."""
    if not isinstance(type, ShapedType):
        raise TypeError("elements literal must be a shaped type")
    if not type.has_static_shape():
        raise ValueError("elements literal type must have static shape")
    return type.shape


def _nest_elements(texts: list[str], shape: tuple) -> str:
    """Element texts in row-major order, bracketed by dimension as MLIR prints them."""
    if not texts:
        return ""
    for dim in reversed(shape[1:]):
        texts = ["[" + ", ".join(texts[i : i + dim]) + "]" for i in range(0, len(texts), dim)]
    return "[" + ", ".join(texts) + "]"


def _elide(text: str) -> str:
    """Keep reprs of large constants readable."""
    return text if len(text) <= 120 else text[:100] + "..."


def _read_only(flat: np.ndarray, shape: tuple, is_splat: bool) -> np.ndarray:
    if is_splat:
        return np.broadcast_to(flat[:1].reshape(()), shape)  # broadcast views are read-only
    out = flat.reshape(shape)
    out.flags.writeable = False
    return out


@frozen
class DenseElementsAttr(TypedAttr):
    """`dense<[[1, 2], [3, 4]]> : tensor<2x2xi32>`: a constant tensor or vector of integers,
    indices, floats or complex numbers (MLIR's DenseIntOrFPElementsAttr).

    `raw` holds the canonical storage described in the module docstring: one element when
    `is_splat`, else every element in row-major order. Build from numpy with `from_array`."""

    type: ShapedType
    raw: bytes
    is_splat: bool = False
    _array: np.ndarray | None = attrs.field(default=None, init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        shape = _static_shape(self.type)
        layout = element_layout(self.type.element_type)
        n = math.prod(shape)
        k = layout.nbytes
        if len(self.raw) != (k if self.is_splat else k * n):
            raise ValueError(f"{len(self.raw)} bytes of data do not fit {self.type!r}")
        if not self.is_splat and n and self.raw == self.raw[:k] * n:
            object.__setattr__(self, "raw", self.raw[:k])
            object.__setattr__(self, "is_splat", True)

    @staticmethod
    def from_array(array, type: ShapedType) -> DenseElementsAttr:
        """The attribute of `type` holding `array` (shaped like `type`, or a scalar to splat).

        Values convert as MLIR's builders do: integers must fit the element type (signless
        accepts the signed and unsigned ranges), floats round to nearest even."""
        shape = _static_shape(type)
        values = np.asarray(array)
        if values.ndim and values.shape != shape:
            raise ValueError(f"array of shape {values.shape} does not match {type!r}")
        raw = element_layout(type.element_type).encode(values.ravel())
        return DenseElementsAttr(type, raw, is_splat=values.ndim == 0)

    @staticmethod
    def from_resource(attr, resources: dict) -> DenseElementsAttr:
        """The elements a `dense_resource<handle>` attribute names, from the blobs of a
        parse (`Context.resources`: dialect -> handle -> `"0x<alignment><data>"`, the first
        4 bytes the alignment); KeyError when the blob is missing."""
        for blobs in resources.values():
            if attr.handle in blobs:
                text = blobs[attr.handle].strip().strip('"')
                return DenseElementsAttr.from_raw_buffer(attr.type, bytes.fromhex(text[2:])[4:])
        raise KeyError(attr.handle)

    @staticmethod
    def from_raw_buffer(type: ShapedType, data: bytes) -> DenseElementsAttr:
        """MLIR's `getFromRawBuffer`: little-endian element data (a `"0x..."` literal), `i1`
        packed 8 to a byte; one element's worth of data is a splat. ValueError with MLIR's
        diagnostic when the size fits neither."""
        n = math.prod(_static_shape(type))
        layout = element_layout(type.element_type)
        if isinstance(layout, _IntLayout) and layout.width == 1:
            if len(data) == 1 and data[0] in (0, 0xFF):
                return DenseElementsAttr(type, bytes([data[0] & 1]), is_splat=True)
            if len(data) == (n + 7) // 8:
                bits = np.unpackbits(np.frombuffer(data, np.uint8), bitorder="little")[:n]
                return DenseElementsAttr(type, bits.tobytes())
        elif len(data) == layout.nbytes or len(data) == layout.nbytes * n:
            splat = len(data) == layout.nbytes
            raw = layout.canonical(bytes(data))
            return DenseElementsAttr(type, raw, is_splat=splat)
        raise ValueError(f"elements hex data size is invalid for provided type: '{type}'")

    @property
    def array(self) -> np.ndarray:
        """The elements as a read-only numpy array shaped like the type (a splat broadcasts).

        dtypes: bool for 1-bit integers, the matching numpy integer for widths 8/16/32/64 and
        index, Python ints (object) for other widths, float16/float32/float64 for f16/bf16/
        f32/f64 (bf16 values are exact float32s), complex64/complex128 for complex floats, and
        fields `real`/`imag` for complex integers."""
        if self._array is None:
            layout = element_layout(self.type.element_type)
            count = len(self.raw) // layout.nbytes if layout.nbytes else 1
            flat = layout.decode(self.raw, count)
            object.__setattr__(self, "_array", _read_only(flat, self.type.shape, self.is_splat))
        return self._array

    def _hex_data(self) -> bytes:
        """MLIR's raw data: the canonical bytes with `i1` elements packed 8 to a byte."""
        layout = element_layout(self.type.element_type)
        if isinstance(layout, _IntLayout) and layout.width == 1:
            return np.packbits(np.frombuffer(self.raw, np.uint8), bitorder="little").tobytes()
        return self.raw

    def literal_text(self) -> str:
        """What mlir-opt prints between `dense<` and `>` (AsmPrinter's printDenseElementsAttr)."""
        shape = self.type.shape
        n = math.prod(shape)
        if not self.is_splat and n > HEX_PRINT_THRESHOLD:
            return '"0x' + self._hex_data().hex().upper() + '"'
        layout = element_layout(self.type.element_type)
        texts = layout.format(self.raw, 1 if self.is_splat else n)
        return texts[0] if self.is_splat else _nest_elements(texts, shape)

    def print_to(self, p) -> None:
        p.write("dense<" + self.literal_text() + "> : ")
        p.print_type(self.type)

    def __repr__(self) -> str:
        return f"DenseElementsAttr(dense<{_elide(self.literal_text())}> : {self.type!r})"


@frozen
class DenseStringElementsAttr(TypedAttr):
    """`dense<["a", "b"]> : tensor<2x!foo.string>`: string elements of any non-numeric element
    type (MLIR's DenseStringElementsAttr). `values` holds one string when `is_splat`."""

    type: ShapedType
    values: tuple
    is_splat: bool = False

    def __attrs_post_init__(self) -> None:
        n = math.prod(_static_shape(self.type))
        if len(self.values) != (1 if self.is_splat else n):
            raise ValueError(f"{len(self.values)} strings do not fit {self.type!r}")
        if not self.is_splat and n and self.values.count(self.values[0]) == n:
            object.__setattr__(self, "values", self.values[:1])
            object.__setattr__(self, "is_splat", True)

    @property
    def array(self) -> np.ndarray:
        """The strings as a read-only numpy object array shaped like the type."""
        flat = np.empty(len(self.values), dtype=object)
        flat[:] = self.values
        return _read_only(flat, self.type.shape, self.is_splat)

    def literal_text(self) -> str:
        """What mlir-opt prints between `dense<` and `>`."""
        texts = [escape_string(v) for v in self.values]
        return texts[0] if self.is_splat else _nest_elements(texts, self.type.shape)

    def print_to(self, p) -> None:
        p.write("dense<" + self.literal_text() + "> : ")
        p.print_type(self.type)

    def __repr__(self) -> str:
        return f"DenseStringElementsAttr(dense<{_elide(self.literal_text())}> : {self.type!r})"
