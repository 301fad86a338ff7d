"""Native argument unboxing: the checks of a plain call (`runtime.NativeFunction.call_plain`)
done in native code, which then calls the packed wrapper itself.

Checking a numpy array in Python (its type, dtype, shape and flags, then its data pointer
through ctypes) costs about 0.8 us per argument: 12.5 us of a 60 us call for an MLP whose
seven weights are arguments. Numba unboxes its arguments natively for the same reason.
`unbox_call(arrays, plan, frame)` is one small function, compiled once per process with
llvmlite, that reads the argument tuple and each array's fields where CPython and numpy
lay them out (`PyTupleObject`; numpy's `PyArrayObject_fields`, unchanged from numpy 1.7
to 2.x), compares them with the function's `plan`, writes each data pointer into the
call's frame (`runtime._Frame`) and calls the wrapper: one ctypes call, whatever the number
of arguments. It returns 0, having called nothing, as soon as an argument is not exactly
what the plan says (an ndarray, not a subclass; the dtype's canonical descriptor; the
static shape; C-contiguous, aligned and writeable flags); the caller then checks the
arguments in Python, which accepts the same arrays and also an equal but non-canonical
dtype, and names what is wrong.

The layout is not assumed: before the function is compiled, `_layout_holds` reads the
fields of a sample tuple and arrays at the offsets the code uses and compares them with
what Python reports. Anywhere it differs (another interpreter, a free-threaded build, a
future numpy), or where the function cannot be compiled, `unboxer()` is None and every
call takes the Python path. The checks run holding the GIL, as the Python path's do (no
other thread can reshape an array meanwhile); the function releases it around the
wrapper's call (`PyEval_SaveThread`), as ctypes does for the Python path's call. Arrays
whose dtype equals the expected one but is another object (unpickled arrays,
`np.longlong` for int64) are refused here and accepted by the Python checks.
"""

from __future__ import annotations

import ctypes
import sys
import threading

import numpy as np

# CPython: a tuple's size and items (after a cached hash from 3.14 on).
_TUPLE_SIZE, _TUPLE_ITEMS = 16, tuple.__basicsize__
# numpy's PyArrayObject_fields: ob_type, data, nd, dimensions, descr, flags.
_TYPE, _DATA, _NDIM, _DIMS, _DESCR, _FLAGS = 8, 16, 24, 32, 56, 64
# NPY_ARRAY_C_CONTIGUOUS | NPY_ARRAY_ALIGNED | NPY_ARRAY_WRITEABLE: numpy's `flags.carray`.
_CARRAY = 0x1 | 0x100 | 0x400

# The plan: argument count, ndarray's type, the wrapper, the frame's offset of the first
# argument's slot; then per argument its dtype's descriptor, its rank and its sizes.
_PLAN_HEADER = 4

_IR = f"""
declare ptr @PyEval_SaveThread()
declare void @PyEval_RestoreThread(ptr)

define i32 @unbox_call(ptr %args, ptr %plan, ptr %frame) {{
entry:
  %count = load i64, ptr %plan
  %size.at = getelementptr i8, ptr %args, i64 {_TUPLE_SIZE}
  %size = load i64, ptr %size.at
  %ndarray.at = getelementptr i64, ptr %plan, i64 1
  %ndarray = load ptr, ptr %ndarray.at
  %slots.at = getelementptr i64, ptr %plan, i64 3
  %slots.offset = load i64, ptr %slots.at
  %slots = getelementptr i8, ptr %frame, i64 %slots.offset
  %items = getelementptr i8, ptr %args, i64 {_TUPLE_ITEMS}
  %first = getelementptr i64, ptr %plan, i64 {_PLAN_HEADER}
  %counted = icmp eq i64 %size, %count
  br i1 %counted, label %argument, label %refuse

argument:                                   ; argument %i, its plan at %entry
  %i = phi i64 [0, %entry], [%i.next, %stored]
  %expected = phi ptr [%first, %entry], [%expected.next, %stored]
  %more = icmp slt i64 %i, %count
  br i1 %more, label %array, label %call

array:
  %item.at = getelementptr ptr, ptr %items, i64 %i
  %item = load ptr, ptr %item.at
  %type.at = getelementptr i8, ptr %item, i64 {_TYPE}
  %type = load ptr, ptr %type.at
  %is.ndarray = icmp eq ptr %type, %ndarray
  br i1 %is.ndarray, label %fields, label %refuse

fields:
  %descr.at = getelementptr i8, ptr %item, i64 {_DESCR}
  %descr = load ptr, ptr %descr.at
  %want.descr = load ptr, ptr %expected
  %same.descr = icmp eq ptr %descr, %want.descr
  %flags.at = getelementptr i8, ptr %item, i64 {_FLAGS}
  %flags = load i32, ptr %flags.at
  %carray = and i32 %flags, {_CARRAY}
  %is.carray = icmp eq i32 %carray, {_CARRAY}
  %ndim.at = getelementptr i8, ptr %item, i64 {_NDIM}
  %ndim32 = load i32, ptr %ndim.at
  %ndim = sext i32 %ndim32 to i64
  %rank.at = getelementptr i64, ptr %expected, i64 1
  %rank = load i64, ptr %rank.at
  %same.rank = icmp eq i64 %ndim, %rank
  %descr.flags = and i1 %same.descr, %is.carray
  %fields.ok = and i1 %descr.flags, %same.rank
  %dims.at = getelementptr i8, ptr %item, i64 {_DIMS}
  %dims = load ptr, ptr %dims.at
  %want.dims = getelementptr i64, ptr %expected, i64 2
  br i1 %fields.ok, label %dim, label %refuse

dim:                                        ; dimension %d of argument %i
  %d = phi i64 [0, %fields], [%d.next, %same.dim]
  %more.dims = icmp slt i64 %d, %rank
  br i1 %more.dims, label %compare.dim, label %store

compare.dim:
  %size.d.at = getelementptr i64, ptr %dims, i64 %d
  %size.d = load i64, ptr %size.d.at
  %want.d.at = getelementptr i64, ptr %want.dims, i64 %d
  %want.d = load i64, ptr %want.d.at
  %d.next = add i64 %d, 1
  %dim.ok = icmp eq i64 %size.d, %want.d
  br i1 %dim.ok, label %same.dim, label %refuse

same.dim:
  br label %dim

store:
  %data.at = getelementptr i8, ptr %item, i64 {_DATA}
  %data = load ptr, ptr %data.at
  %slot = getelementptr ptr, ptr %slots, i64 %i
  store ptr %data, ptr %slot
  br label %stored

stored:
  %i.next = add i64 %i, 1
  %plan.words = add i64 %rank, 2
  %expected.next = getelementptr i64, ptr %expected, i64 %plan.words
  br label %argument

call:
  %wrapper.at = getelementptr i64, ptr %plan, i64 2
  %wrapper = load ptr, ptr %wrapper.at
  %thread = call ptr @PyEval_SaveThread()
  call void %wrapper(ptr %frame)
  call void @PyEval_RestoreThread(ptr %thread)
  ret i32 1

refuse:
  ret i32 0
}}
"""


def _word(address: int) -> int:
    return ctypes.c_int64.from_address(address).value


def _layout_holds() -> bool:
    """Whether this interpreter and numpy lay out tuples and arrays as `_IR` reads them."""
    if sys.implementation.name != "cpython" or not getattr(sys, "_is_gil_enabled", lambda: True)():
        return False
    samples = (np.zeros((2, 3), np.float32), np.arange(5.0)[::2], np.ones(4, np.int8))
    samples[2].flags.writeable = False
    arrays = tuple(samples)
    if _word(id(arrays) + _TUPLE_SIZE) != len(arrays):
        return False
    for i, a in enumerate(arrays):
        base = id(a)
        if _word(id(arrays) + _TUPLE_ITEMS + 8 * i) != base:
            return False
        carray = ctypes.c_int32.from_address(base + _FLAGS).value & _CARRAY == _CARRAY
        dims = _word(base + _DIMS)
        if (_word(base + _TYPE) != id(np.ndarray) or _word(base + _DESCR) != id(a.dtype)
                or _word(base + _DATA) != a.__array_interface__["data"][0]
                or ctypes.c_int32.from_address(base + _NDIM).value != a.ndim
                or tuple(_word(dims + 8 * d) for d in range(a.ndim)) != a.shape
                or carray != a.flags.carray):  # fmt: skip
            return False
    return True


class _Unboxer:
    """`unbox_call` and the JIT engine that keeps its code."""

    def __init__(self) -> None:
        from mlc.codegen.llvm_backend import host_target_machine, jit, parse_ir

        machine = host_target_machine(2)
        self._engine = jit(parse_ir(_IR, machine), machine)
        address = self._engine.get_function_address("unbox_call")
        signature = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.py_object, ctypes.c_void_p,
                                      ctypes.c_void_p)  # fmt: skip
        self.call = signature(address)


def _built() -> _Unboxer | None:
    """The unboxer, or None where it cannot be compiled (every call then checks in
    Python)."""
    try:
        return _Unboxer()
    except Exception:  # noqa: BLE001 - LLVM or the JIT refused: the Python path remains
        return None


_lock = threading.Lock()
_unboxer: list = []  # [] until first asked, then [the `_Unboxer` or None]


def unboxer():
    """`unbox_call(arrays, plan_address, frame_address) -> 1 (called) or 0 (refused)`, made
    once per process; None where the layouts differ from what it reads."""
    if not _unboxer:
        with _lock:
            if not _unboxer:
                _unboxer.append(_built() if _layout_holds() else None)
    found = _unboxer[0]
    return found and found.call


class Plan:
    """What `unbox_call` expects of a function's arguments (each a static-shaped array),
    the wrapper it calls and where the frame's argument slots start."""

    def __init__(self, wrapper: int, slots_at: int, arguments) -> None:
        """`arguments`: per argument, its numpy dtype and static shape."""
        self._dtypes = [np.dtype(dtype) for dtype, _ in arguments]  # canonical descriptors
        words = [len(self._dtypes), id(np.ndarray), wrapper, slots_at]
        for dtype, (_, shape) in zip(self._dtypes, arguments):
            words += [id(dtype), len(shape), *shape]
        self._words = (ctypes.c_int64 * len(words))(*words)
        self.address = ctypes.addressof(self._words)
