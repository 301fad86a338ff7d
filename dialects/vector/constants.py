"""Constants as the vector folders move them around: an element is its storage bytes in a
`DenseElementsAttr` (see `mlc.ir.dense`), so extracting, inserting, shuffling or splatting
elements copies bit patterns and never rounds (NaN payloads, -0.0 and odd-width integers
survive). Integer and float attributes convert to and from one element's bytes."""

from __future__ import annotations

from mlc.ir.attributes import FloatAttr, IntegerAttr
from mlc.ir.dense import DenseElementsAttr, element_layout
from mlc.ir.float_format import bits_to_float, float_to_bits
from mlc.ir.types import FloatType


def elements(attr: DenseElementsAttr) -> list[bytes]:
    """The bytes of each element, in row-major order (a splat repeated)."""
    k = element_layout(attr.type.element_type).nbytes
    count = attr.type.num_elements()
    if attr.is_splat:
        return [attr.raw] * count
    return [attr.raw[i : i + k] for i in range(0, k * count, k)]


def dense(type_, chunks) -> DenseElementsAttr:
    """The attribute of vector type `type_` holding these element bytes."""
    return DenseElementsAttr(type_, b"".join(chunks))


def splat(type_, chunk: bytes) -> DenseElementsAttr:
    """Every element of `type_` set to one element's bytes."""
    return DenseElementsAttr(type_, chunk, is_splat=True)


def element_of(attr) -> bytes | None:
    """The bytes of a scalar integer or float attribute, or None for anything else."""
    if type(attr) is IntegerAttr:
        layout = element_layout(attr.type)
        return (attr.value & ((1 << layout.width) - 1)).to_bytes(layout.nbytes, "little")
    if type(attr) is FloatAttr:
        nbytes = element_layout(attr.type).nbytes
        return float_to_bits(attr.value, attr.type).to_bytes(nbytes, "little")
    return None


def scalar(type_, chunk: bytes):
    """The integer or float attribute of `type_` whose storage is `chunk` (`i1` reads as 0
    or 1, unsigned integers zero-extend, others sign-extend, as the parser builds them)."""
    bits = int.from_bytes(chunk, "little")
    if isinstance(type_, FloatType):
        return FloatAttr(bits_to_float(bits, type_), type_)
    layout = element_layout(type_)
    width = layout.width
    if layout.signed and width > 1 and bits >> (width - 1) & 1:
        bits -= 1 << width
    return IntegerAttr(bits, type_)
