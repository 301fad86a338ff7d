"""Float literals as MLIR prints them (`printFloatValue` in MLIR's AsmPrinter).

MLIR first tries `1.500000e+00`-style text (APFloat::toString with precision 6) and keeps it if it
parses back to the same bits; then APFloat's default form (`9.99999974E-6`), if it has a '.';
otherwise the raw bits in hex (`0x7FC00000`). The digits are computed as APFloat computes them,
truncation step included, because its quirks decide which form is printed.
"""

from __future__ import annotations

import math
import struct

# Significand bits (incl. the implicit one) per float type name.
PRECISION = {"f16": 11, "bf16": 8, "f32": 24, "f64": 53, "tf32": 11, "f80": 64, "f128": 113}


_STRUCT_FORMATS = {"f32": "<f", "f16": "<e"}


def round_to_type(value: float, name: str) -> float:
    """Round a Python float to the nearest value representable in the float type `name`."""
    if name == "bf16":
        return _round_to_bf16(value)
    fmt = _STRUCT_FORMATS.get(name)
    if fmt is None:
        return value
    try:
        return struct.unpack(fmt, struct.pack(fmt, value))[0]
    except OverflowError:
        return math.copysign(math.inf, value)


def _round_to_bf16(value: float) -> float:
    """Round a double to bfloat16 once (to nearest, ties to even), subnormals and overflow
    included; going through f32 first would round twice."""
    if not math.isfinite(value) or value == 0:
        return value
    mantissa, exp = math.frexp(abs(value))  # value = mantissa * 2**exp, mantissa in [0.5, 1)
    bits = 8 if exp >= -125 else max(8 - (-125 - exp), 0)  # fewer bits below the normal range
    scaled = round(mantissa * (1 << bits))  # exact product; round() ties to even
    result = math.ldexp(scaled, exp - bits)
    if result >= 3.3961775292304e38:  # beyond bf16's largest finite value (0x7F7F)
        result = math.inf
    return math.copysign(result, value)


def _bf16_bits(value: float) -> int:
    bits = struct.unpack("<I", struct.pack("<f", round_to_type(value, "f32")))[0]
    if math.isnan(value):
        return (bits >> 16) | 0x40
    rounding = 0x7FFF + ((bits >> 16) & 1)
    return ((bits + rounding) >> 16) & 0xFFFF


def _bits_to_bf16(bits: int) -> float:
    return struct.unpack("<f", struct.pack("<I", bits << 16))[0]


# (total bits, mantissa bits) of the narrow formats whose NaN payloads are carried by hand:
# converting through C floats would quiet signaling NaNs and drop payload bits.
_NARROW = {"f32": (32, 23), "f16": (16, 10), "bf16": (16, 7)}


def _f64_bits(value: float) -> int:
    return struct.unpack("<Q", struct.pack("<d", value))[0]


def _f64_from_bits(bits: int) -> float:
    return struct.unpack("<d", struct.pack("<Q", bits))[0]


def float_to_bits(value: float, ftype) -> int:
    """The IEEE bit pattern of `value` in the float type `ftype` (NaN payloads kept)."""
    name = ftype.name
    if name == "f64" or name not in _NARROW:
        return _f64_bits(value)
    if value != value:
        width, mant = _NARROW[name]
        bits = _f64_bits(value)
        exp_bits = width - 1 - mant
        sign = bits >> 63
        return (
            (sign << (width - 1))
            | (((1 << exp_bits) - 1) << mant)
            | ((bits >> (52 - mant)) & ((1 << mant) - 1))
        )
    if name == "f32":
        return struct.unpack("<I", struct.pack("<f", value))[0]
    if name == "f16":
        return struct.unpack("<H", struct.pack("<e", value))[0]
    return _bf16_bits(value)


def bits_to_float(bits: int, ftype) -> float:
    """The value of an IEEE bit pattern of the float type `ftype` (hex float literals); a
    NaN keeps its payload, moved to the top of a double's mantissa."""
    name = ftype.name
    if name == "f64":
        return _f64_from_bits(bits)
    if name not in _NARROW:
        raise ValueError(f"hexadecimal float literals are not supported for {name}")
    width, mant = _NARROW[name]
    exp_mask = ((1 << (width - 1 - mant)) - 1) << mant
    payload = bits & ((1 << mant) - 1)
    if bits & exp_mask == exp_mask and payload:
        sign = bits >> (width - 1)
        return _f64_from_bits((sign << 63) | (0x7FF << 52) | (payload << (52 - mant)))
    if name == "f32":
        return struct.unpack("<f", struct.pack("<I", bits))[0]
    if name == "f16":
        return struct.unpack("<e", struct.pack("<H", bits))[0]
    return _bits_to_bf16(bits)


def _decimal_digits(value: float, name: str, precision: int) -> tuple[str, int]:
    """Digits and exponent as APFloat::toString computes them: the exact binary value made
    decimal, first cut by truncation to about `precision` digits (AdjustToPrecision on the
    integer), trailing zeros dropped, then rounded half-up to `precision` digits."""
    mantissa, exp2 = math.frexp(abs(value))
    bits = PRECISION[name]
    sig = int(mantissa * (1 << bits))
    exp2 -= bits
    if sig == 0:
        return "0", 0
    trailing = (sig & -sig).bit_length() - 1
    sig >>= trailing
    exp2 += trailing
    exp = 0
    if exp2 > 0:
        sig <<= exp2
    elif exp2 < 0:
        sig *= 5**-exp2
        exp = exp2
    required = (precision * 196 + 58) // 59
    active = sig.bit_length()
    if active > required:
        removable = (active - required) * 59 // 196
        if removable:
            exp += removable
            sig //= 10**removable
    digits = str(sig)
    stripped = digits.rstrip("0")
    exp += len(digits) - len(stripped)
    n = len(stripped)
    if n <= precision:
        return stripped, exp
    kept = stripped[:precision]
    exp += n - precision
    if stripped[precision] < "5":
        trimmed = kept.rstrip("0")
        return trimmed, exp + len(kept) - len(trimmed)
    rounded = str(int(kept) + 1)
    if len(rounded) > precision:  # carried through every digit
        return "1", exp + precision
    trimmed = rounded.rstrip("0")
    return trimmed, exp + len(rounded) - len(trimmed)


def _to_string(
    value: float, name: str, precision: int, max_padding: int, truncate_zero: bool
) -> str:
    """APFloat::toString for finite values."""
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    if value == 0:
        if truncate_zero:
            return sign + "0.0E+0" if max_padding == 0 else sign + "0.0"
        return sign + "0." + "0" * precision + "e+00"
    if not precision:
        precision = 2 + PRECISION[name] * 59 // 196
    digits, exp = _decimal_digits(value, name, precision)
    n = len(digits)
    if not max_padding:
        scientific = True
    elif exp >= 0:
        scientific = exp > max_padding or n + exp > precision
    else:
        msd = exp + n - 1
        scientific = msd < 0 and -msd > max_padding
    if scientific:
        exp += n - 1
        frac = digits[1:] if n > 1 or not truncate_zero else "0"
        if not truncate_zero and precision > n - 1:
            frac += "0" * (precision - n + 1)
        exp_text = str(abs(exp)).rjust(1 if truncate_zero else 2, "0")
        marker = "E" if truncate_zero else "e"
        return f"{sign}{digits[0]}.{frac}{marker}{'-' if exp < 0 else '+'}{exp_text}"
    if exp >= 0:
        return sign + digits + "0" * exp
    whole = exp + n
    if whole > 0:
        return sign + digits[:whole] + "." + digits[whole:]
    return sign + "0." + "0" * (-whole) + digits


def format_float(value: float, ftype) -> str:
    """The literal mlir-opt prints for `value` of float type `ftype`."""
    name = ftype.name
    if math.isfinite(value) and name in PRECISION:
        text = _to_string(value, name, 6, 0, False)
        if _same_bits(float(text), value, ftype):
            return text
        text = _to_string(value, name, 0, 3, True)
        if "." in text:
            return text
    return "0x%X" % float_to_bits(value, ftype)


def _same_bits(parsed: float, value: float, ftype) -> bool:
    return float_to_bits(round_to_type(parsed, ftype.name), ftype) == float_to_bits(value, ftype)
