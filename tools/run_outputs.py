"""What `mlc-run` reports about a run: its outputs as text, how they differ from the
reference interpreter's, and how long a run took."""

from __future__ import annotations

import numpy as np


def format_output(label: str, value) -> str:
    """`label: value` for a scalar; for an array, `label:` and the array on the next lines
    as numpy prints it (summarized beyond 1000 elements)."""
    array = np.asarray(value)
    if array.ndim == 0:
        return f"{label}: {str(array[()])}"
    return f"{label}:\n{np.array2string(array, separator=', ')}"


def mismatch(label: str, expected, actual, rtol: float, atol: float) -> str | None:
    """Why `actual` (compiled code) differs from `expected` (the interpreter), or None.
    Integers and booleans must be equal; floats (and complex) equal within
    |actual - expected| <= atol + rtol * |expected|, NaN matching NaN."""
    want, got = np.asarray(expected), np.asarray(actual)
    if want.shape != got.shape:
        return f"{label}: shape {got.shape}, the interpreter gives {want.shape}"
    if want.dtype.kind in "iu" and got.dtype.kind in "iu" and want.itemsize == got.itemsize:
        want = want.view(got.dtype)  # the interpreter holds unsigned values sign-extended
    if want.dtype != got.dtype:
        return f"{label}: dtype {got.dtype}, the interpreter gives {want.dtype}"
    inexact = want.dtype.kind in "fcV"  # V: ml_dtypes' bfloat16
    if inexact:
        wide = np.complex128 if want.dtype.kind == "c" else np.float64
        w, g = want.astype(wide), got.astype(wide)
        same = np.asarray(np.isclose(g, w, rtol=rtol, atol=atol, equal_nan=True))
    else:
        same = np.asarray(want == got)
    if same.all():
        return None
    if same.ndim:
        first = tuple(int(i) for i in np.argwhere(~same)[0])
        wrong = same.size - int(same.sum())
        where = f"{wrong} of {same.size} elements differ; first at index {first}: "
    else:
        first, where = (), ""
    text = (
        f"{label} differs from the reference interpreter: {where}"
        f"got {got[first]}, expected {want[first]}"
    )
    if inexact:
        error = np.nan_to_num(np.abs(g - w), nan=np.inf)  # NaN against a number: infinite
        worst = np.max(np.where(same, 0, error))
        text += f" (max abs error {worst:.3g}, rtol={rtol:g}, atol={atol:g})"
    return text


def format_duration(seconds: float) -> str:
    """`12.3 us`, `4.56 ms`, `1.23 s`: three significant digits in a readable unit."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"
