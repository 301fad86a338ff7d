"""Calling compiled functions from Python with numpy arrays.

    exe = compile_module(module, signatures={"f": "(memref<?xf32>, f32) -> memref<?xf32>"})
    out = exe["f"](np.ones(4, np.float32), 2.0)

**Signatures.** The llvm dialect has lost what a function's parameters were: a memref is
five or more integers and pointers, its element type gone. A function is called with numpy
arrays when its *source signature* is known: the builtin `FunctionType` it had before it
was lowered to the llvm dialect (memrefs, integers, `index`, floats, 1-D vectors), given
to `compile_module`/`CompiledModule.function` as a type or its text. The signature is
checked against the compiled function's parameters, as `LLVMTypeConverter` would expand it,
before any call. Without a signature, parameters are passed as the LLVM types say
(integers, floats, vectors as arrays, pointers as arrays' data or integers) and struct
results come back as tuples.

**Conventions** (MLIR's). `expanded`: each memref is `allocated ptr, aligned ptr, offset,
sizes[rank], strides[rank]` and a memref result is that descriptor struct, several results
a struct of them. `ciface`: the `_mlir_ciface_<name>` wrapper MLIR emits for
`llvm.emit_c_interface` functions, taking each memref as a pointer to its descriptor and,
when the results pack into a struct, a pointer to the result first. Either way the call
goes through the packed wrapper (`codegen.wrappers`), with the GIL released. When every
parameter is a static memref and the arguments are plain arrays for them, native code
checks them and calls the wrapper in one step (`unboxing`): about 1 us per call instead of
about 0.8 us per argument in Python.

**Checks.** Before native code runs, every argument is checked and a wrong one raises
`TypeError`/`ValueError` naming it: count, dtype (exact: `i32` is `int32`, `index` is
`int64`, `i1` is `bool`), rank, every static dimension, layout (an identity layout needs a
C-contiguous array; a strided layout's static strides must match), alignment and
writability (the function may write any memref), and the range of scalars (an integer
outside its type, a finite float that would round to infinity). Strided layouts take numpy
views as they are (negative and Fortran-order strides included) through the descriptor;
identity layouts refuse anything but C order rather than copy, since the function may
write the array. `check_arguments` runs these checks without calling.

**Memref results and ownership.** A result whose allocated pointer is an input's (the
function returned an argument or a view of one) is a numpy view of that input. One whose
allocated pointer is MLIR's marker for constant globals (`0xdeadbeef`) points into the
module's memory and is copied out. Any other was allocated by the compiled code with
`malloc`: it is wrapped without a copy and released with `free` when the last numpy array
using it is garbage collected (several results sharing one allocation share the release).
A result pointing at stack memory (`memref.alloca`) is undefined behaviour, as in MLIR.
Freed results stay in the C heap for the next call (`heap`: no page faults per call).
"""

from __future__ import annotations

import ctypes
import math
import struct
import threading
from functools import cache
from typing import NamedTuple

import numpy as np

from mlc.codegen.heap import keep_freed_memory
from mlc.codegen.llvm_types import DataLayout, type_text
from mlc.codegen.unboxing import Plan, unboxer
from mlc.dialects.llvm.types import (
    PTR,
    VOID,
    LLVMArrayType,
    LLVMFunctionType,
    LLVMPointerType,
    LLVMStructType,
    LLVMVoidType,
)
from mlc.ir.attributes import StridedLayoutAttr
from mlc.ir.types import (
    DYNAMIC,
    ComplexType,
    FloatType,
    FunctionType,
    IndexType,
    IntegerType,
    MemRefType,
    VectorType,
    i64,
)

NOT_PLAIN = object()  # `NativeFunction.call_plain`: the arguments need the general path
GLOBAL_MARKER = 0xDEADBEEF  # MLIR's allocated pointer for memrefs of constant globals
CIFACE_PREFIX = "_mlir_ciface_"


@cache
def _libc_free():
    free = ctypes.CDLL(None).free
    free.argtypes = [ctypes.c_void_p]
    free.restype = None
    return free


def numpy_dtype(t) -> np.dtype:
    """The numpy dtype of a builtin element type (`i32` -> int32, `ui8` -> uint8, `index`
    -> int64, `i1` -> bool, `bf16` -> ml_dtypes.bfloat16, `complex<f32>` -> complex64)."""
    if isinstance(t, IndexType):
        return np.dtype(np.int64)
    if isinstance(t, IntegerType):
        if t.width == 1:
            return np.dtype(np.bool_)
        if t.width in (8, 16, 32, 64):
            return np.dtype(f"{'u' if t.signedness == 2 else 'i'}{t.width // 8}")
    if isinstance(t, FloatType):
        if t.name == "bf16":
            import ml_dtypes

            return np.dtype(ml_dtypes.bfloat16)
        if t.name in ("f16", "f32", "f64"):
            return np.dtype(f"f{t.width // 8}")
    if isinstance(t, ComplexType) and isinstance(t.element_type, FloatType):
        if t.element_type.name in ("f32", "f64"):
            return np.dtype(f"c{t.element_type.width // 4}")
    raise TypeError(f"no numpy type for '{t}'")


def llvm_type_of(t):
    """The LLVM type a builtin scalar or vector becomes (LLVMTypeConverter)."""
    if isinstance(t, IndexType):
        return i64
    if isinstance(t, IntegerType):
        return IntegerType(t.width)
    if isinstance(t, ComplexType):
        return LLVMStructType((t.element_type, t.element_type))
    if isinstance(t, VectorType) and isinstance(t.element_type, IndexType):
        return VectorType(t.shape, i64, t.scalable)
    return t


def descriptor_type(rank: int) -> LLVMStructType:
    """`!llvm.struct<(ptr, ptr, i64, array<R x i64>, array<R x i64>)>` (rank 0: three
    fields)."""
    if rank == 0:
        return LLVMStructType((PTR, PTR, i64))
    sizes = LLVMArrayType(i64, rank)
    return LLVMStructType((PTR, PTR, i64, sizes, sizes))


def _packed_result_type(results) -> object:
    if not results:
        return VOID
    converted = [descriptor_type(t.rank) if isinstance(t, MemRefType) else llvm_type_of(t)
                 for t in results]  # fmt: skip
    return converted[0] if len(converted) == 1 else LLVMStructType(tuple(converted))


def expected_type(signature: FunctionType, ciface: bool) -> LLVMFunctionType:
    """The LLVM type MLIR gives a function of this source signature (LLVMTypeConverter's
    expansion), or of its `_mlir_ciface_` wrapper: memrefs by pointer, and a struct result
    by a pointer first."""
    packed = _packed_result_type(signature.results)
    result_pointer = ciface and isinstance(packed, LLVMStructType)
    params = [PTR] if result_pointer else []
    for t in signature.inputs:
        if isinstance(t, MemRefType):
            params += [PTR] if ciface else [PTR, PTR, i64] + [i64] * (2 * len(t.shape))
        else:
            params.append(llvm_type_of(t))
    return LLVMFunctionType(VOID if result_pointer else packed, tuple(params))


def parse_signature(signature) -> FunctionType:
    """A `FunctionType`, or its text (`"(memref<4xf32>) -> f32"`), or an op holding a
    `function_type` (a `func.func`)."""
    if isinstance(signature, FunctionType):
        return signature
    if isinstance(signature, str):
        from mlc.ir.context import Context
        from mlc.ir.syntax.parser import Parser

        parser = Parser(signature, Context(), "<signature>")
        parsed = parser.parse_type()
        if not isinstance(parsed, FunctionType) or parser.kind != "eof":
            raise ValueError(f"not a function type: {signature!r}")
        return parsed
    attr = getattr(signature, "properties", {}).get("function_type")
    if attr is not None and isinstance(attr.value, FunctionType):
        return attr.value
    raise TypeError(f"cannot read a function signature from {signature!r}")


# --- memory codec -----------------------------------------------------------------------------
class _Codec:
    """LLVM values to and from memory bytes under the host data layout."""

    def __init__(self, layout: DataLayout) -> None:
        self.layout = layout

    def encode(self, t, value) -> bytes:
        size = self.layout.alloc_size(t)
        if isinstance(t, IntegerType):
            return (int(value) & ((1 << t.width) - 1)).to_bytes(size, "little")
        if isinstance(t, LLVMPointerType):
            return int(value).to_bytes(size, "little")
        if isinstance(t, FloatType):
            return np.asarray(value, numpy_dtype(t)).tobytes().ljust(size, b"\0")
        if isinstance(t, VectorType):
            data = np.asarray(value)
            if t.element_type == IntegerType(1):
                return np.packbits(data, bitorder="little").tobytes().ljust(size, b"\0")
            return data.tobytes().ljust(size, b"\0")
        if isinstance(t, (LLVMStructType, LLVMArrayType)):
            out = bytearray(size)
            for offset, member, part in zip(self._offsets(t), self._members(t), value):
                data = self.encode(member, part)
                out[offset : offset + len(data)] = data
            return bytes(out)
        raise TypeError(f"cannot pass a value of LLVM type {type_text(t)}")

    def decode(self, t, data: bytes, offset: int = 0, signed: bool = True):
        if isinstance(t, IntegerType):
            raw = data[offset : offset + (t.width + 7) // 8]
            value = int.from_bytes(raw, "little") & ((1 << t.width) - 1)
            if signed and t.width > 1 and value >> (t.width - 1):
                value -= 1 << t.width
            return value
        if isinstance(t, LLVMPointerType):
            return int.from_bytes(data[offset : offset + 8], "little")
        if isinstance(t, FloatType):
            return np.frombuffer(data, numpy_dtype(t), 1, offset)[0]
        if isinstance(t, VectorType):
            n = t.shape[0]
            if t.element_type == IntegerType(1):
                bits = np.frombuffer(data, np.uint8, (n + 7) // 8, offset)
                return np.unpackbits(bits, bitorder="little")[:n].astype(np.bool_)
            return np.frombuffer(data, numpy_dtype(t.element_type), n, offset).copy()
        if isinstance(t, (LLVMStructType, LLVMArrayType)):
            return tuple(self.decode(member, data, offset + o, signed)
                         for o, member in zip(self._offsets(t), self._members(t)))  # fmt: skip
        raise TypeError(f"cannot return a value of LLVM type {type_text(t)}")

    def _members(self, t) -> list:
        return list(t.body) if isinstance(t, LLVMStructType) else [t.element_type] * t.num_elements

    def _offsets(self, t) -> list:
        if isinstance(t, LLVMStructType):
            return list(self.layout.struct_layout(t)[0])
        step = self.layout.alloc_size(t.element_type)
        return [i * step for i in range(t.num_elements)]


# --- parameters ------------------------------------------------------------------------------
class _Call:
    """Per-call state: inputs' allocations (to recognise results that alias them) and
    objects that must outlive the native call."""

    __slots__ = ("inputs", "keep", "passed")

    def __init__(self, passed: tuple = ((), ())) -> None:
        self.inputs: dict[int, np.ndarray] = {}
        self.keep: list = []
        # a plain call's data pointers and arrays, looked up only for a result whose
        # allocation is one of them (a dict of them cost 0.5 us a call)
        self.passed = passed

    def input(self, array: np.ndarray) -> int:
        """The data pointer of the writeable input `array`, recorded for results that
        alias it."""
        data = _address(array)
        self.inputs.setdefault(data, array)
        return data


class _Scalar:
    """An integer, index or float parameter."""

    def __init__(self, t, label: str) -> None:
        self.type, self.label = t, label
        numpy_dtype(t.element_type if isinstance(t, VectorType) else t)  # fails early

    def encode(self, value, call: _Call) -> list:
        t = self.type
        if isinstance(t, (IntegerType, IndexType)):
            if isinstance(value, (bool, np.bool_)) and not (
                isinstance(t, IntegerType) and t.width == 1
            ):
                raise TypeError(f"{self.label} ({t}) expects an integer, got a bool")
            if not isinstance(value, (int, np.integer, bool, np.bool_)):
                raise TypeError(f"{self.label} ({t}) expects an integer, got {_kind(value)}")
            value = int(value)
            low, high = _int_range(t)
            if not low <= value <= high:
                raise ValueError(f"{self.label} ({t}): {value} is out of range [{low}, {high}]")
            return [value]
        if isinstance(t, FloatType):
            if isinstance(value, (bool, np.bool_)) or not isinstance(
                value, (int, float, np.integer, np.floating)
            ):
                raise TypeError(f"{self.label} ({t}) expects a float, got {_kind(value)}")
            return [_round_to_float(value, t, self.label)]
        return [_check_vector(value, t, self.label)]

    def frame_fields(self) -> list:
        return [0]

    def variables(self, value, call: _Call) -> list:
        return self.encode(value, call)

    def decode(self, value, call: _Call):
        if isinstance(self.type, VectorType):
            return value
        dtype = numpy_dtype(self.type)
        if dtype.kind == "u":  # the codec reads integers signed
            value &= (1 << (8 * dtype.itemsize)) - 1
        return dtype.type(value)


def _int_range(t) -> tuple[int, int]:
    if isinstance(t, IndexType):
        return -(2**63), 2**63 - 1
    width = t.width
    if t.signedness == 1:
        return -(2 ** (width - 1)), 2 ** (width - 1) - 1
    if t.signedness == 2:
        return 0, 2**width - 1
    return -(2 ** (width - 1)) if width > 1 else 0, 2**width - 1


def _round_to_float(value, t: FloatType, label: str):
    """`value` rounded to `t`. A finite value beyond `t`'s range is an error: numpy would
    round it to infinity with only a warning, a silent change of the input."""
    try:
        wide = float(value)
    except OverflowError:
        raise ValueError(f"{label} ({t}): {value} is out of range") from None
    with np.errstate(over="ignore"):
        rounded = np.asarray(wide, numpy_dtype(t))[()]
    if math.isfinite(wide) and not np.isfinite(rounded):
        raise ValueError(f"{label} ({t}): {value} is out of range")
    return rounded


def _kind(value) -> str:
    return type(value).__name__


def _check_vector(value, t: VectorType, label: str):
    dtype = numpy_dtype(t.element_type)
    if not isinstance(value, np.ndarray):
        raise TypeError(f"{label} ({t}) expects a numpy array, got {_kind(value)}")
    if value.dtype != dtype or value.shape != tuple(t.shape):
        raise TypeError(f"{label} ({t}) expects a {dtype} array of shape {tuple(t.shape)}, "
                        f"got {value.dtype} {value.shape}")  # fmt: skip
    return value


class _Fixed(NamedTuple):
    """A field of a packed call whose value is the same on every call."""

    value: int


def _address(array: np.ndarray) -> int:
    """The data pointer of a writeable array. Hot path: ctypes' view of its buffer costs
    0.4 us, `__array_interface__` 1.5 us (a dict per call), `array.ctypes` as much."""
    try:
        return ctypes.addressof(_BYTE_VIEW(array))
    except (ValueError, TypeError):  # empty (no byte to view) or not C-contiguous
        return array.__array_interface__["data"][0]


_BYTE_VIEW = ctypes.c_char.from_buffer


class _MemRef:
    """A memref parameter or result: checks arrays against the type, builds descriptors."""

    def __init__(self, t: MemRefType, label: str, ciface: bool) -> None:
        self.type, self.label, self.ciface = t, label, ciface
        self.dtype = numpy_dtype(t.element_type)
        self.rank = len(t.shape)
        layout = t.layout
        if layout is None or (hasattr(layout, "value") and layout.value.is_identity()):
            self.strides, self.offset = None, 0
        elif isinstance(layout, StridedLayoutAttr):
            self.strides, self.offset = tuple(layout.strides), layout.offset
        else:
            raise TypeError(f"{label}: memref layout '{layout}' is not supported by the runtime")
        # a C-ordered array of a static shape: its descriptor needs no checks beyond these
        static = self.strides is None and DYNAMIC not in t.shape
        self.static_shape = tuple(t.shape) if static else None
        self.static_strides = row_major_strides(t.shape) if static else None
        # a static descriptor's offset, sizes and strides: the same on every call
        self.static_fields = (0, *t.shape, *self.static_strides) if static else None
        nbytes = math.prod(t.shape) * self.dtype.itemsize if static else 0
        self._bytes = ctypes.c_char * nbytes if nbytes else None  # a result's memory
        self.width = 3 + 2 * self.rank  # fields of a descriptor
        self.pointer_only = static and not ciface  # a call gives only the data pointer

    def descriptor(self, array, call: _Call) -> list:
        """[allocated, aligned, offset, *sizes, *strides] for `array`, after the checks."""
        if self.plain(array):  # the common case
            data = call.input(array)
            return [data, data, *self.static_fields]
        t, label, dtype = self.type, self.label, self.dtype
        if not isinstance(array, np.ndarray):
            raise TypeError(f"{label} ({t}) expects a numpy array, got {_kind(array)}")
        if array.dtype != dtype:
            raise TypeError(f"{label} ({t}) expects dtype {dtype}, got {array.dtype}")
        if array.ndim != self.rank:
            raise ValueError(f"{label} ({t}) expects rank {self.rank}, got shape {array.shape}")
        for i, (want, got) in enumerate(zip(t.shape, array.shape)):
            if want != DYNAMIC and want != got:
                raise ValueError(f"{label} ({t}): dimension {i} must be {want}, got shape "
                                 f"{array.shape}")  # fmt: skip
        if not array.flags.aligned:
            raise ValueError(f"{label} ({t}): the array is not aligned")
        if not array.flags.writeable:
            raise ValueError(f"{label} ({t}): the array is read-only (pass a writeable copy)")
        strides = self._strides(array)
        data = call.input(array)
        offset = 0 if self.offset == DYNAMIC else self.offset
        aligned = data - offset * dtype.itemsize
        return [data, aligned, offset, *array.shape, *strides]

    def plain(self, array) -> bool:
        """Whether `array` is a C-ordered, aligned, writeable ndarray of the static shape and
        dtype: one whose descriptor needs no other check."""
        return (self.static_shape is not None and type(array) is np.ndarray
                and array.dtype == self.dtype and array.shape == self.static_shape
                and array.flags.carray)  # fmt: skip

    def frame_fields(self) -> list:
        """Per descriptor field, the number of the call's value it takes (`variables`) or
        its `_Fixed` value: a static memref's call gives only the data pointer, which is
        both the allocated and the aligned pointer."""
        if not self.pointer_only:
            return list(range(1 if self.ciface else self.width))
        return [0, 0, *map(_Fixed, self.static_fields)]

    def variables(self, array, call: _Call) -> list:
        """The values of `frame_fields` for `array`, after the checks."""
        if not self.pointer_only:
            return self.encode(array, call)
        if self.plain(array):
            return [call.input(array)]
        return self.descriptor(array, call)[:1]  # checks, or an ndarray subclass

    def _strides(self, array) -> list:
        itemsize = self.dtype.itemsize
        if self.strides is None:
            if not array.flags.c_contiguous:
                raise ValueError(f"{self.label} ({self.type}) expects a C-contiguous array "
                                 f"(use np.ascontiguousarray)")  # fmt: skip
            return row_major_strides(array.shape)
        strides = []
        for i, (want, got, size) in enumerate(zip(self.strides, array.strides, array.shape)):
            if got % itemsize:
                raise ValueError(f"{self.label} ({self.type}): stride {got} bytes is not a "
                                 f"multiple of the element size")  # fmt: skip
            if want != DYNAMIC and size > 1 and want != got // itemsize:
                raise ValueError(f"{self.label} ({self.type}): dimension {i} must have "
                                 f"stride {want}, got {got // itemsize}")  # fmt: skip
            strides.append(want if want != DYNAMIC else got // itemsize)
        return strides

    def encode(self, array, call: _Call) -> list:
        fields = self.descriptor(array, call)
        if not self.ciface:
            return fields
        packed = np.array(fields, dtype=np.int64)
        call.keep.append(packed)
        return [packed.ctypes.data]

    def decode(self, fields, call: _Call) -> np.ndarray:
        """The numpy array for a returned descriptor (ownership: module docstring)."""
        sizes = list(fields[3]) if self.rank else []
        strides = list(fields[4]) if self.rank else []
        return self._array(fields[0], fields[1], fields[2], sizes, strides, call)

    def decode_flat(self, flat: tuple, start: int, call: _Call) -> np.ndarray:
        """`decode` of the descriptor at `flat[start:]`, its fields unnested."""
        rank = self.rank
        allocated, aligned, offset = flat[start:start + 3]
        if self._bytes is not None and flat[start + 2:start + 3 + 2 * rank] == self.static_fields:
            owner = self._owner(allocated, call)
            if owner is not None:  # the common case: a fresh allocation of the static shape
                buffer = self._bytes.from_address(aligned)
                buffer.owner = owner
                return np.ndarray(self.static_shape, self.dtype, buffer)
        sizes = list(flat[start + 3:start + 3 + rank])
        strides = list(flat[start + 3 + rank:start + 3 + 2 * rank])
        return self._array(allocated, aligned, offset, sizes, strides, call)

    @staticmethod
    def _owner(allocated: int, call: _Call):
        """What keeps a result's memory: the input it views, the `_Allocation` of memory
        the compiled code allocated (shared by results in one allocation), or None for
        module memory."""
        owner = call.inputs.get(allocated)
        pointers, arrays = call.passed
        if owner is None and allocated in pointers:
            owner = call.inputs[allocated] = arrays[pointers.index(allocated)]
        if owner is None and allocated not in (0, GLOBAL_MARKER):
            owner = call.inputs[allocated] = _Allocation(allocated)
        return owner

    def _array(self, allocated, aligned, offset, sizes, strides, call: _Call) -> np.ndarray:
        itemsize = self.dtype.itemsize
        start = aligned + offset * itemsize
        owner = self._owner(allocated, call)
        count = math.prod(sizes)
        if count == 0:  # nothing to view; an allocation is freed with the call
            return np.empty(sizes, self.dtype)
        if strides == row_major_strides(sizes):  # C order, the common case
            buffer = (ctypes.c_char * (count * itemsize)).from_address(start)
            view = np.ndarray(sizes, self.dtype, buffer)
        else:
            low = start + sum(min(0, (n - 1) * s) for n, s in zip(sizes, strides)) * itemsize
            high = start + sum(max(0, (n - 1) * s) for n, s in zip(sizes, strides)) * itemsize
            buffer = (ctypes.c_char * (high - low + itemsize)).from_address(low)
            view = np.ndarray(sizes, self.dtype, buffer, start - low,
                              [s * itemsize for s in strides])  # fmt: skip
        if owner is None:  # module memory (a constant global): copied out
            return view.copy()
        buffer.owner = owner  # the numpy array keeps `buffer`, which keeps the owner
        return view


_INTEGER_CODES = {8: "b", 16: "h", 32: "i", 64: "q"}


def _struct_code(t) -> str | None:
    """The `struct` format of an LLVM type made of 8- to 64-bit integers, pointers, f32 and
    f64 (arrays and unpacked structs of them, with native alignment); None otherwise."""
    if isinstance(t, LLVMPointerType):
        return "Q"
    if isinstance(t, IntegerType):
        return _INTEGER_CODES.get(t.width)
    if isinstance(t, FloatType):
        return {"f32": "f", "f64": "d"}.get(t.name)
    if isinstance(t, LLVMArrayType):
        code = _struct_code(t.element_type)
        return None if code is None else code * t.num_elements
    if isinstance(t, LLVMStructType) and not t.packed and t.body:
        codes = [_struct_code(m) for m in t.body]
        return None if None in codes else "".join(codes)
    return None


def _nest(t, flat):
    """The codec's value of type `t` (tuples for structs and arrays) from a flat
    iterator of `struct.unpack` fields."""
    if isinstance(t, LLVMArrayType):
        return tuple(_nest(t.element_type, flat) for _ in range(t.num_elements))
    if isinstance(t, LLVMStructType):
        return tuple(_nest(m, flat) for m in t.body)
    return next(flat)


def row_major_strides(shape) -> list:
    """The element strides of a C-ordered array of `shape` (MLIR's identity layout)."""
    strides, step = [], 1
    for n in reversed(shape):
        strides.append(step)
        step *= max(n, 1)
    return strides[::-1]


class _Allocation:
    """A buffer malloc'ed by compiled code, freed when the last array using it dies."""

    __slots__ = ("address",)

    def __init__(self, address: int) -> None:
        self.address = address

    def __del__(self) -> None:
        _libc_free()(self.address)


class _Raw:
    """A parameter without a source signature: its LLVM type decides."""

    def __init__(self, t, label: str) -> None:
        self.type, self.label = t, label
        if isinstance(t, (LLVMStructType, LLVMArrayType)):
            raise TypeError(f"{label} has LLVM type {type_text(t)}: pass a signature")

    def frame_fields(self) -> list:
        return [0]

    def variables(self, value, call: _Call) -> list:
        return self.encode(value, call)

    def encode(self, value, call: _Call) -> list:
        t = self.type
        if isinstance(t, LLVMPointerType):
            if isinstance(value, np.ndarray):
                call.keep.append(value)
                return [value.ctypes.data]
            if value is None:
                return [0]
            if isinstance(value, (int, np.integer)):
                return [int(value)]
            raise TypeError(f"{self.label} (ptr) expects a numpy array, an address or None, "
                            f"got {_kind(value)}")  # fmt: skip
        return _Scalar(t, self.label).encode(value, call)


# --- functions -------------------------------------------------------------------------------
class NativeFunction:
    """A compiled function callable with numpy arrays and scalars (see module docstring)."""

    def __init__(
        self,
        name: str,
        address: int,
        llvm_type: LLVMFunctionType,
        signature: FunctionType | None,
        ciface: bool,
        layout: DataLayout,
        expanded_type: LLVMFunctionType | None = None,
        owner=None,
    ) -> None:
        self.name = name
        self._owner = owner  # the compiled module: its code must outlive this callable
        self.signature = signature
        self.ciface = ciface
        self._codec = _Codec(layout)
        self._llvm_type = llvm_type
        self._wrapper = address
        self._call = ctypes.CFUNCTYPE(None, ctypes.c_void_p)(address)
        if signature is None:
            self._params = [_Raw(t, f"argument #{i} of '{name}'")
                            for i, t in enumerate(llvm_type.params)]  # fmt: skip
            self._results = None
            self._result_pointer = False
            self._plan()
            return
        self._params = [self._param(t, f"argument #{i} of '{name}'", ciface)
                        for i, t in enumerate(signature.inputs)]  # fmt: skip
        self._results = [self._param(t, f"result #{i} of '{name}'", False)
                         for i, t in enumerate(signature.results)]  # fmt: skip
        packed = _packed_result_type(signature.results)
        self._packed_result = packed
        self._result_pointer = ciface and isinstance(packed, LLVMStructType)
        checks = [(expected_type(signature, ciface), llvm_type)]
        if ciface and expanded_type is not None:  # the C interface hides memref ranks
            checks.append((expected_type(signature, False), expanded_type))
        for want, have in checks:
            if want != have:
                raise TypeError(
                    f"signature {signature} of '{name}' does not match the compiled function: "
                    f"it expands to {type_text(want)}, the function is {type_text(have)}"
                )
        self._plan()

    @staticmethod
    def _param(t, label: str, ciface: bool):
        if isinstance(t, MemRefType):
            return _MemRef(t, label, ciface)
        if isinstance(t, (IntegerType, IndexType, FloatType)) or (
            isinstance(t, VectorType) and len(t.shape) == 1
        ):
            return _Scalar(t, label)
        raise TypeError(f"{label}: type '{t}' is not supported by the runtime")

    def check_arguments(self, *args) -> None:
        """Raise the `TypeError`/`ValueError` a call with `args` would raise, without
        running native code (a tool validates its inputs before running anything)."""
        self._encode_arguments(args, _Call())

    def check_argument(self, number: int, value) -> None:
        """`check_arguments` for argument `number` alone."""
        self._params[number].encode(value, _Call())

    def _encode_arguments(self, args, call: _Call) -> list:
        """The LLVM values of the parameters for `args`, after every check."""
        if len(args) != len(self._params):
            raise TypeError(f"'{self.name}' takes {len(self._params)} arguments "
                            f"({len(args)} given)")  # fmt: skip
        values: list = []
        for param, arg in zip(self._params, args):
            values.extend(param.encode(arg, call))
        return values

    def _plan(self) -> None:
        """Precompute the packing of a call when every parameter is a plain integer,
        pointer or float and the result one of those or structs/arrays of them (memref
        descriptors): the wrapper's argument pointers lead to 8-byte slots of one buffer,
        made once per thread and reused by every call on that thread (`_Frame`). A call
        packs only the values it gives (`variables`: a static memref's data pointer, once
        for its allocated and aligned fields; scalars; dynamic descriptors) in one `struct`
        step; the fields that never change (a static memref's offset, sizes and strides)
        are written when the buffer is made. The per-call cost of small models."""
        self._fast = self._plain_params = self._unbox_plan = None
        if self._result_pointer:
            return
        codes = [_struct_code(t) for t in self._llvm_type.params]
        if any(c is None or len(c) != 1 for c in codes):
            return
        result_type = self._llvm_type.result
        result_format, result_size = "", 0
        if not isinstance(result_type, LLVMVoidType):
            result_format = _struct_code(result_type) or ""
            result_size = self._codec.layout.alloc_size(result_type)
            if not result_format or struct.calcsize("@" + result_format) > max(result_size, 1):
                return
        sources, variable_codes = _frame_sources(self._params, codes)
        variables = "<" + "".join(c + "x" * (8 - struct.calcsize(c)) for c in variable_codes)
        self._fast = _Frame(sources, codes, len(variable_codes), variables,
                            "@" + result_format if result_format else None,
                            result_size)  # fmt: skip
        plain = all(isinstance(p, _MemRef) and p.pointer_only for p in self._params)
        self._plain_params = self._params if plain else None  # for `call_plain`
        if plain:  # each array's data pointer is one variable, in order
            self._unbox_plan = Plan(self._wrapper, self._fast.variables_at,
                                    [(p.dtype, p.static_shape) for p in self._params])  # fmt: skip
        self._flat_results = None  # memref results decoded straight from the flat fields
        if self._results is not None and all(isinstance(r, _MemRef) for r in self._results):
            starts = [0]
            for r in self._results:
                starts.append(starts[-1] + r.width)
            if result_format and starts[-1] == len(result_format):
                self._flat_results = list(zip(self._results, starts))

    def call_plain(self, arrays):
        """The call's results when every parameter is a static memref and every array is
        plain for it (an ndarray of its dtype and shape, C-ordered, aligned, writeable),
        else `NOT_PLAIN`, nothing run: the hot path of calls with numpy arrays, which a
        caller that checks arguments in its own terms (`GraphFunction`) tries first. A
        tuple of arrays is checked and passed by native code (`unboxing`) in one step;
        what that refuses is checked here in Python."""
        params = self._plain_params
        if params is None or len(arrays) != len(params):
            return NOT_PLAIN
        frame = self._fast
        unbox = self._unbox_plan is not None and type(arrays) is tuple and unboxer()
        if unbox and unbox(arrays, self._unbox_plan.address, frame.base):
            call = _Call((frame.passed(), arrays))  # results may view an input
            return self._decode_fast(frame.results(), call)
        for param, array in zip(params, arrays):
            if not param.plain(array):
                return NOT_PLAIN
        call = _Call()
        return self._call_fast([call.input(array) for array in arrays], call)

    def __call__(self, *args):
        result = self.call_plain(args)
        if result is not NOT_PLAIN:
            return result
        call = _Call()
        if self._fast is not None and len(args) == len(self._params):
            variables: list = []
            for param, arg in zip(self._params, args):
                variables += param.variables(arg, call)
            try:  # packing fails before the call for values outside the signed codes
                return self._call_fast(variables, call)
            except struct.error:
                pass
        values = self._encode_arguments(args, call)
        result_buffer = None
        if self._result_pointer:
            result_buffer = ctypes.create_string_buffer(
                self._codec.layout.alloc_size(self._packed_result)
            )
            values.insert(0, ctypes.addressof(result_buffer))
        types = list(self._llvm_type.params)
        result_type = self._llvm_type.result
        returns = not isinstance(result_type, LLVMVoidType)
        slots = [ctypes.create_string_buffer(self._codec.encode(t, v), max(
            self._codec.layout.alloc_size(t), 1)) for t, v in zip(types, values)]  # fmt: skip
        if returns:
            result_buffer = ctypes.create_string_buffer(
                max(self._codec.layout.alloc_size(result_type), 1)
            )
            slots.append(result_buffer)
        pointers = (ctypes.c_void_p * max(len(slots), 1))(*map(ctypes.addressof, slots))
        self._call(ctypes.addressof(pointers))
        if self._results is None:
            return self._codec.decode(result_type, result_buffer.raw) if returns else None
        return self._decode_results(result_buffer, call)

    def _call_fast(self, variables: list, call: _Call):
        return self._decode_fast(self._fast.call(self._call, variables), call)

    def _decode_fast(self, flat: tuple | None, call: _Call):
        """The call's results from their flat fields in the frame."""
        if flat is None:  # a void function: no results
            return None
        results = self._flat_results
        if results is not None:
            if len(results) == 1:  # hot path: no tuple built
                return results[0][0].decode_flat(flat, 0, call)
            return tuple(r.decode_flat(flat, start, call) for r, start in results)
        value = _nest(self._llvm_type.result, iter(flat))
        if self._results is None:
            return value
        return self._decode_parts(value, call)

    def _decode_results(self, buffer, call: _Call):
        results = self._results
        if not results:
            return None
        return self._decode_parts(self._codec.decode(self._packed_result, buffer.raw), call)

    def _decode_parts(self, raw, call: _Call):
        results = self._results
        parts = [raw] if len(results) == 1 else list(raw)
        decoded = tuple(r.decode(p, call) for r, p in zip(results, parts))
        return decoded[0] if len(decoded) == 1 else decoded

    def __repr__(self) -> str:
        convention = "ciface" if self.ciface else "expanded"
        return f"<NativeFunction {self.name} {self.signature or self._llvm_type} ({convention})>"


def _frame_sources(params: list, codes: list[str]) -> tuple[list, list[str]]:
    """Per LLVM parameter, the number of the call's variable that fills it or its `_Fixed`
    value (from each parameter's `frame_fields`); and each variable's `struct` code."""
    sources: list = []
    variable_codes: list[str] = []
    position = 0
    for param in params:
        numbers: dict[int, int] = {}  # the parameter's variable -> the call's
        for field in param.frame_fields():
            if not isinstance(field, _Fixed):
                if field not in numbers:
                    numbers[field] = len(variable_codes)
                    variable_codes.append(codes[position])
                field = numbers[field]
            sources.append(field)
            position += 1
    return sources, variable_codes


class _Frame(threading.local):
    """A packed call's buffer, one per thread: the array of slot addresses the wrapper reads,
    the slots of the call's variables, those of the fixed fields (written here, once per
    value), the result. Calls on one thread never overlap (native code does not call back
    into Python), so each thread reuses its buffer."""

    def __init__(self, sources: list, codes: list[str], variable_count: int, variables: str,
                 result: str | None, result_size: int) -> None:  # fmt: skip
        self.variables, self.result = variables, result
        self.variables_at = 8 * (len(sources) + 1)
        fixed_at = self.variables_at + 8 * variable_count
        fixed_slots: dict[tuple, int] = {}  # (code, value) -> its slot's offset
        offsets = []
        for source, code in zip(sources, codes):
            if isinstance(source, _Fixed):
                key = (code, source.value)
                offsets.append(fixed_slots.setdefault(key, fixed_at + 8 * len(fixed_slots)))
            else:
                offsets.append(self.variables_at + 8 * source)
        self.result_at = fixed_at + 8 * len(fixed_slots)
        buffer = ctypes.create_string_buffer(self.result_at + max(result_size, 8))
        base = ctypes.addressof(buffer)
        for (code, value), offset in fixed_slots.items():
            struct.pack_into("<" + code, buffer, offset, value)
        if result is not None:
            offsets.append(self.result_at)
        struct.pack_into(f"<{len(offsets)}Q", buffer, 0, *(base + o for o in offsets))
        self.buffer, self.base = buffer, base

    def call(self, function, variables: list) -> tuple | None:
        """Call `function` (the packed wrapper) with the call's `variables`; the result's
        flat fields."""
        buffer = self.buffer
        struct.pack_into(self.variables, buffer, self.variables_at, *variables)
        function(self.base)
        return self.results()

    def results(self) -> tuple | None:
        """The last call's result as flat fields; None for a void function."""
        if self.result is None:
            return None
        return struct.unpack_from(self.result, self.buffer, self.result_at)

    def passed(self) -> tuple:
        """The last call's variables (for a plain call, its arrays' data pointers)."""
        return struct.unpack_from(self.variables, self.buffer, self.variables_at)


class CompiledModule:
    """Native code for a module: `exe["f"]`, `exe.f` or `exe.function("f", signature)` give
    a `NativeFunction`. It keeps the code (JIT engine or shared library) alive."""

    def __init__(self, function_types: dict, symbol_address, layout: DataLayout,
                 signatures: dict | None = None, keepalive=None) -> None:  # fmt: skip
        self._types = function_types  # wrapped functions' LLVM types, by name
        self._address = symbol_address
        self._layout = layout
        self._signatures = {k: parse_signature(v) for k, v in (signatures or {}).items()}
        self._keepalive = keepalive
        self._defaults: dict = {}  # `function(name)` by name: `exe.f(x)` in a loop stays cheap
        keep_freed_memory()

    @property
    def functions(self) -> list[str]:
        """The names of the callable functions."""
        return list(self._types)

    def address(self, symbol: str) -> int:
        """The native address of a symbol (a function, wrapper or global)."""
        return self._address(symbol)

    def function(self, name: str, signature=None, convention: str | None = None):
        """The callable for `name`. `convention` is "expanded" or "ciface"; by default the
        C interface when the module has `_mlir_ciface_<name>` and a signature is known.
        Made once per name when asked with the defaults: building one (checking the
        signature, planning the packing) took most of the 90 us `exe.main(x)` spent on
        looking `main` up on each call."""
        if signature is None and convention is None:
            function = self._defaults.get(name)
            if function is None:
                function = self._defaults[name] = self._function(name, None, None)
            return function
        return self._function(name, signature, convention)

    def _function(self, name: str, signature, convention: str | None):
        from mlc.codegen.wrappers import packed_name

        if name not in self._types:
            raise KeyError(f"no function '{name}' in the compiled module")
        sig = parse_signature(signature) if signature is not None else self._signatures.get(name)
        ciface_name = CIFACE_PREFIX + name
        if convention is None:
            convention = "ciface" if sig is not None and ciface_name in self._types else (
                "expanded")  # fmt: skip
        if convention not in ("expanded", "ciface"):
            raise ValueError(f"unknown calling convention {convention!r}")
        symbol = ciface_name if convention == "ciface" else name
        if symbol not in self._types:
            raise KeyError(f"'{name}' has no C interface ('{ciface_name}' is not in the module;"
                           f" give the function llvm.emit_c_interface)")  # fmt: skip
        address = self._address(packed_name(symbol))
        return NativeFunction(name, address, self._types[symbol], sig, convention == "ciface",
                              self._layout, self._types.get(name), self)  # fmt: skip

    __getitem__ = function

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self.function(name)
        except KeyError as e:
            raise AttributeError(str(e)) from None
