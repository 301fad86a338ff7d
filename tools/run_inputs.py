"""The arguments `mlc-run` passes to a function: read from `.npy` files, parsed from the
command line (`--arg`), or drawn at random for the argument's type.

Values take the forms the runtime (`codegen.runtime`) accepts: numpy arrays for memrefs and
vectors, Python or numpy scalars for integers, `index` and floats. Dtypes are never
converted: a `.npy` file must hold exactly the argument's dtype, as the runtime requires.
"""

from __future__ import annotations

import ast
import math
import re

import numpy as np

from mlc.codegen.runtime import numpy_dtype, row_major_strides
from mlc.dialects.llvm.types import LLVMPointerType
from mlc.ir.attributes import StridedLayoutAttr
from mlc.ir.types import DYNAMIC, ComplexType, IndexType, MemRefType, VectorType
from mlc.tools.common import ToolError

# Random integers stay small, so that an index, a size or a loop bound drawn at random
# keeps loops short and (mostly) accesses in bounds; `index` is never negative.
RANDOM_INT_BOUND = 8
_SHAPE_OPTION = re.compile(r"(\d+)=((?:\d+x)*\d+|)")


def element_dtype(t, label: str) -> np.dtype:
    """The numpy dtype of a scalar type or of a memref's or vector's elements."""
    element = t.element_type if isinstance(t, (MemRefType, VectorType)) else t
    if isinstance(t, LLVMPointerType):
        raise ToolError(
            f"{label} is a pointer ('{t}'): give the function's source signature "
            "with --signature to pass memrefs"
        )
    try:
        return numpy_dtype(element)
    except TypeError:
        raise ToolError(f"{label}: type '{t}' has no numpy equivalent") from None


def _is_array_type(t) -> bool:
    return isinstance(t, (MemRefType, VectorType))


# --- .npy files -------------------------------------------------------------------------
def load_npy(path: str, t, label: str):
    """The value of `t` stored in the `.npy` file `path`: an array for memrefs (made
    C-contiguous for identity layouts) and vectors, a scalar from a 0-d array otherwise."""
    try:
        array = np.load(path, allow_pickle=False)
    except OSError as e:
        raise ToolError(f"could not open input file '{path}': {e.strerror or e}") from None
    except ValueError as e:
        raise ToolError(f"'{path}' is not a readable .npy file: {e}") from None
    if not isinstance(array, np.ndarray):
        raise ToolError(f"'{path}' is an .npz archive: give one .npy file per argument")
    dtype = element_dtype(t, label)
    if array.dtype != dtype:
        raise ToolError(f"{label} ({t}) expects dtype {dtype}, '{path}' holds {array.dtype}")
    if _is_array_type(t):
        return np.ascontiguousarray(array) if _identity_layout(t) else array
    if array.ndim != 0:
        raise ToolError(
            f"{label} ({t}) is a scalar, '{path}' holds an array of shape {array.shape}"
        )
    return array[()]


def _identity_layout(t) -> bool:
    return not isinstance(t, MemRefType) or not isinstance(t.layout, StridedLayoutAttr)


# --- --arg TEXT ---------------------------------------------------------------------------
def parse_arg(text: str, t, label: str):
    """The value of `t` written as `text`: an integer (`3`, `-0x10`, `true`), a float
    (`2.5`, `-inf`, `nan`), or for memrefs and vectors a nested list (`[[1, 2], [3, 4]]`)."""
    dtype = element_dtype(t, label)
    if _is_array_type(t):
        return _parse_array(text, t, dtype, label)
    if dtype.kind in "biu":
        return _parse_int(text, t, label)
    try:
        value = float(text)
    except ValueError:
        raise ToolError(f"{label} ({t}) expects a number, got '{text}'") from None
    if math.isinf(value) and "inf" not in text.lower():
        raise ToolError(f"{label} ({t}): '{text}' is out of range")
    return value


def _parse_int(text: str, t, label: str) -> int:
    word = text.strip().lower()
    if word in ("true", "false"):
        return int(word == "true")
    try:
        return int(word, 0)
    except ValueError:
        raise ToolError(f"{label} ({t}) expects an integer, got '{text}'") from None


def _parse_array(text: str, t, dtype: np.dtype, label: str) -> np.ndarray:
    try:
        values = np.array(ast.literal_eval(text.strip()))
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        raise ToolError(
            f"{label} ({t}) expects a nested list of numbers like [[1, 2], [3, 4]], got '{text}'"
        ) from None
    accepted = {"b": "b", "i": "bi", "u": "bi", "f": "bif", "c": "bifc"}.get(dtype.kind, "bif")
    if values.dtype.kind not in accepted:
        raise ToolError(f"{label} ({t}) expects {dtype} elements, got '{text}'")
    try:
        with np.errstate(over="raise"):
            converted = values.astype(dtype)
    except FloatingPointError:
        raise ToolError(f"{label} ({t}): '{text}' has elements out of range") from None
    if dtype.kind in "biu" and not np.array_equal(converted, values):
        raise ToolError(f"{label} ({t}): '{text}' has elements out of range")
    return converted


# --- random values ------------------------------------------------------------------------
def parse_shape_options(options: list[str]) -> dict[int, tuple[int, ...]]:
    """`--shape N=4x8` options: argument number -> sizes (`N=` is a rank-0 shape)."""
    shapes: dict[int, tuple[int, ...]] = {}
    for option in options:
        m = _SHAPE_OPTION.fullmatch(option.strip())
        if m is None:
            raise ToolError(f"--shape expects ARG=SIZES like '0=4x8', got '{option}'")
        sizes = m.group(2)
        shapes[int(m.group(1))] = tuple(int(n) for n in sizes.split("x")) if sizes else ()
    return shapes


def random_value(
    t, rng: np.random.Generator, number: int, label: str, shape: tuple[int, ...] | None = None
):
    """A value of `t` for argument `number`, drawn from `rng`: integers in [-8, 8] ([0, 8]
    for unsigned and `index`), floats in [-1, 1), memrefs of the type's shape (dynamic sizes
    from `shape`) laid out as their layout says."""
    dtype = element_dtype(t, label)
    element = t.element_type if _is_array_type(t) else t
    if isinstance(t, MemRefType):
        sizes = _static_shape(t, shape, number, label)
        return _random_memref(t, rng, label, sizes, dtype)
    if isinstance(t, VectorType):
        return _random_elements(element, dtype, tuple(t.shape), rng)
    return _random_elements(element, dtype, (), rng)[()]


def _static_shape(t: MemRefType, shape, number: int, label: str) -> tuple[int, ...]:
    if shape is None:
        if DYNAMIC in t.shape:
            raise ToolError(
                f"{label} ({t}) has dynamic sizes: give them with --shape "
                f"{number}=SIZES (e.g. {number}=4x8) or pass an --input"
            )
        return tuple(t.shape)
    if len(shape) != len(t.shape) or any(
        want not in (DYNAMIC, got) for want, got in zip(t.shape, shape)
    ):
        sizes = "x".join(map(str, shape))
        raise ToolError(f"--shape '{sizes}' does not fit {label} ({t})")
    return shape


def _random_elements(element, dtype: np.dtype, shape, rng: np.random.Generator) -> np.ndarray:
    if dtype.kind == "b":
        return rng.integers(0, 2, shape).astype(np.bool_)
    if dtype.kind in "iu":
        low = 0 if dtype.kind == "u" or isinstance(element, IndexType) else -RANDOM_INT_BOUND
        return rng.integers(low, RANDOM_INT_BOUND, shape, endpoint=True).astype(dtype)
    if isinstance(element, ComplexType):
        return (rng.uniform(-1, 1, shape) + 1j * rng.uniform(-1, 1, shape)).astype(dtype)
    return rng.uniform(-1, 1, shape).astype(dtype)


def _random_memref(t: MemRefType, rng, label: str, shape, dtype: np.dtype) -> np.ndarray:
    """An array of `shape` whose strides and offset are the layout's static ones (dynamic
    ones row-major), viewing a buffer that holds exactly what the layout reaches."""
    row_major = row_major_strides(shape)
    layout = t.layout
    if not isinstance(layout, StridedLayoutAttr):
        return _random_elements(t.element_type, dtype, shape, rng)
    strides = [s if s != DYNAMIC else r for s, r in zip(layout.strides, row_major)]
    offset = 0 if layout.offset == DYNAMIC else layout.offset
    if strides == row_major and offset == 0:
        return _random_elements(t.element_type, dtype, shape, rng)
    if any(s < 0 for s in strides) or offset < 0:
        raise ToolError(
            f"{label} ({t}): cannot generate negative strides or offsets; pass an --input"
        )
    reach = sum((n - 1) * s for n, s in zip(shape, strides)) + 1 if 0 not in shape else 0
    memory = _random_elements(t.element_type, dtype, (offset + reach,), rng)
    itemsize = dtype.itemsize
    return np.ndarray(shape, dtype, memory, offset * itemsize, [s * itemsize for s in strides])


def copy_keeping_layout(value):
    """A copy of an argument for another run: arrays keep their strides and their offset in
    (a copy of) the memory they view, since a strided memref type may fix both."""
    if not isinstance(value, np.ndarray):
        return value
    root = value
    while isinstance(root.base, np.ndarray):
        root = root.base
    if root is value or not (root.flags.c_contiguous or root.flags.f_contiguous):
        return value.copy(order="K")
    memory = (root.T if root.flags.f_contiguous and not root.flags.c_contiguous else root).copy()
    start = value.__array_interface__["data"][0] - root.__array_interface__["data"][0]
    return np.ndarray(value.shape, value.dtype, memory, start, value.strides)


def for_interpreter(value):
    """An argument in the reference interpreter's convention: unsigned integers are held
    sign-extended in the signed dtype of their width (`mlc.ir.interpreter`), so unsigned
    arrays are viewed (sharing memory, so writes are seen) and scalars become Python ints."""
    if isinstance(value, np.ndarray) and value.dtype.kind == "u":
        return value.view(value.dtype.str.replace("u", "i"))
    if isinstance(value, np.unsignedinteger):
        return int(value)
    return value
