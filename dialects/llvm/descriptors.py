"""The entry boundary of lowered functions: numpy arrays as the memref descriptors MLIR's
`convert-func-to-llvm` passes (allocated pointer, aligned pointer, offset, sizes, strides),
and descriptors read back as numpy arrays, in the llvm interpreter's memory model.

    args = memref_arguments(x)                  # a memref argument expands to these values
    (result,) = interpret(lowered, "f", *args)  # a memref result is a descriptor struct
    y = read_memref(result, np.float32)
"""

from __future__ import annotations

import numpy as np

from mlc.dialects.llvm.memory_model import Allocation, Pointer, read_bytes


def memref_descriptor(array: np.ndarray) -> tuple:
    """`!llvm.struct<(ptr, ptr, i64, array<N x i64>, array<N x i64>)>` of a fresh allocation
    holding a C-contiguous copy of `array`'s elements (all initialized); rank 0 has no
    sizes and strides: `(ptr, ptr, i64)`."""
    array = np.array(array, order="C")  # ascontiguousarray would make rank 0 rank 1
    pointer = Pointer.to(Allocation.holding(array.tobytes(), "argument"))
    if array.ndim == 0:
        return (pointer, pointer, np.int64(0))
    itemsize = array.dtype.itemsize
    sizes = tuple(np.int64(n) for n in array.shape)
    strides = tuple(np.int64(s // itemsize) for s in array.strides)
    return (pointer, pointer, np.int64(0), sizes, strides)


def memref_arguments(array: np.ndarray) -> list:
    """The descriptor of `array` as the flat argument list of a lowered function."""
    allocated, aligned, offset, *shape = memref_descriptor(array)
    return [allocated, aligned, offset, *(n for dims in shape for n in dims)]


def read_memref(descriptor, dtype) -> np.ndarray:
    """The elements a descriptor (struct tuple or flat argument list) views, as a new numpy
    array of `dtype`; MemoryFault if any is out of bounds or was never written."""
    if len(descriptor) == 5 and isinstance(descriptor[3], tuple):
        _, aligned, offset, sizes, strides = descriptor
    else:
        _, aligned, offset, *rest = descriptor
        rank = len(rest) // 2
        sizes, strides = rest[:rank], rest[rank:]
    dtype = np.dtype(dtype)
    shape = tuple(int(n) for n in sizes)
    out = np.empty(shape, dtype)
    for index in np.ndindex(shape):
        element = int(offset) + sum(i * int(s) for i, s in zip(index, strides))
        data = read_bytes(aligned.moved(element * dtype.itemsize), dtype.itemsize)
        out[index] = np.frombuffer(data, dtype)[0]
    return out
