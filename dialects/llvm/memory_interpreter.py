"""Reference interpreter rules of the llvm dialect's memory ops, globals and calls (see
`interpreter.py` for the value rules and `memory_model.py` for the memory itself).

`alloca`, `malloc`/`calloc`/`aligned_alloc` and globals are allocations; loads, stores,
`getelementptr`, masked loads and stores, `memcpy`/`memset` and `atomicrmw` check every
access (`UndefinedBehavior` at the op). Each interpreter has its own copy of every global,
initialized from its `value` or its initializer region. Calls run the callee's body; the C
allocation functions and MLIR's runtime `memrefCopy` are built in.
"""

from __future__ import annotations

import weakref

import numpy as np

from mlc.dialects.arith import semantics as sem
from mlc.dialects.arith.interpreter import _exact, _value
from mlc.dialects.llvm import intrinsics as intr
from mlc.dialects.llvm import memory as mem
from mlc.dialects.llvm import symbol_ops as sym
from mlc.dialects.llvm.interpreter import constant_value, zero_value
from mlc.dialects.llvm.layout import alloc_size, size_in_bits, store_size, struct_layout
from mlc.dialects.llvm.memory_model import (
    NULL,
    Allocation,
    MemoryFault,
    Pointer,
    copy_bytes,
    encode,
    load,
    store,
    write_bytes,
)
from mlc.dialects.llvm.types import LLVMArrayType, LLVMPointerType, LLVMStructType
from mlc.ir.interpreter import (
    InterpreterError,
    UndefinedBehavior,
    register_impl,
    wrap_integer,
)
from mlc.ir.types import IntegerType


def _memory(op, fn, *args):
    """`fn(*args)` of the memory model, its faults reported as undefined behaviour at `op`."""
    try:
        return fn(*args)
    except MemoryFault as fault:
        raise UndefinedBehavior(str(fault), op) from None


# --- memory ------------------------------------------------------------------------------------


def load_value(op, pointer: Pointer, t):
    return _memory(op, load, pointer, t)


def store_value(op, pointer: Pointer, value, t) -> None:
    _memory(op, store, pointer, value, t)


MAX_ALLOCATION = 1 << 30  # bytes: larger requests are an interpreter limit, not a crash


def _allocate(op, nbytes: int, kind: str) -> Allocation:
    if nbytes > MAX_ALLOCATION:
        raise InterpreterError(
            f"allocation of {nbytes} bytes exceeds the interpreter's limit of {MAX_ALLOCATION}",
            op,
        )
    return Allocation(nbytes, kind)


@register_impl(mem.AllocaOp)
def _alloca(interp, op, args):
    count = int(args[0])
    if count < 0:
        raise UndefinedBehavior(f"alloca of {count} elements", op)
    element = op.properties["elem_type"].value
    return [Pointer.to(_allocate(op, alloc_size(element) * count, "stack"))]


@register_impl(mem.LoadOp)
def _load(interp, op, args):
    return [load_value(op, args[0], op.results[0].type)]


@register_impl(mem.StoreOp)
def _store(interp, op, args):
    store_value(op, args[1], args[0], op.operand(0).type)


@register_impl(mem.GEPOp)
def _gep(interp, op, args):
    """LLVM's `getelementptr`: the first index steps over whole elements, the next ones
    into struct members, array and vector elements. With `inbounds` the result and every
    step must stay within the allocation (or its one-past-the-end), or it is poison."""
    base = args[0]
    if not isinstance(base, Pointer):
        raise InterpreterError("getelementptr on vectors of pointers is not supported", op)
    dynamic = iter(args[1:])
    indices = [
        int(next(dynamic)) if raw == mem.GEP_DYNAMIC_INDEX else raw
        for raw in op.properties["rawConstantIndices"].value
    ]
    t = op.properties["elem_type"].value
    offset = indices[0] * alloc_size(t) if indices else 0
    for index in indices[1:]:
        if isinstance(t, LLVMStructType):
            offset += struct_layout(t)[0][index]
            t = t.body[index]
        elif isinstance(t, LLVMArrayType):
            t = t.element_type
            offset += index * alloc_size(t)
        else:  # a vector
            t = t.element_type
            offset += index * size_in_bits(t) // 8
    result = base.moved(offset)
    if "inbounds" in op.properties and offset:
        allocation = base.allocation
        if allocation is None or not 0 <= result.address - allocation.base <= len(allocation.data):
            raise UndefinedBehavior("inbounds getelementptr outside its allocation (poison)", op)
    return [result]


def _nand(a, b, w):
    return ~sem.andi(a, b, w)


def _uinc_wrap(old, v, w):
    return 0 if sem.unsigned(old, w) >= sem.unsigned(v, w) else old + 1


def _udec_wrap(old, v, w):
    unsigned_old = sem.unsigned(old, w)
    return v if unsigned_old == 0 or unsigned_old > sem.unsigned(v, w) else old - 1


# LangRef's atomicrmw operations on (old, operand): integers by width, floats as fadd etc.
_ATOMIC_INT = {
    "add": sem.addi, "sub": sem.subi, "_and": sem.andi, "nand": _nand, "_or": sem.ori,
    "_xor": sem.xori, "max": sem.maxsi, "min": sem.minsi, "umax": sem.maxui,
    "umin": sem.minui, "uinc_wrap": _uinc_wrap, "udec_wrap": _udec_wrap,
}  # fmt: skip
_ATOMIC_FLOAT = {"fadd": sem.addf, "fsub": sem.subf, "fmax": sem.maxnumf, "fmin": sem.minnumf}


@register_impl(mem.AtomicRMWOp)
def _atomicrmw(interp, op, args):
    """Single-threaded: load, combine, store; the result is the value before."""
    pointer, operand = args
    t = op.operand(1).type
    old = load_value(op, pointer, t)
    kind = mem.ATOMIC_BIN_OPS.keywords[op.properties["bin_op"].value]
    if kind == "xchg":
        new = operand
    elif kind in _ATOMIC_FLOAT:
        new = _value(_ATOMIC_FLOAT[kind](np.asarray(old), np.asarray(operand)), t)
    else:
        w = sem.int_width(t)
        new = wrap_integer(_ATOMIC_INT[kind](_exact(old, t), _exact(operand, t), w), t)
    store_value(op, pointer, new, t)
    return [old]


def _masked_lanes(op, pointer: Pointer, mask, vector_type):
    """The pointer to each lane the mask enables."""
    size = size_in_bits(vector_type.element_type) // 8
    return [(i, pointer.moved(i * size)) for i, on in enumerate(mask) if on]


@register_impl(intr.MaskedLoadOp)
def _masked_load(interp, op, args):
    pointer, mask, *pass_thru = args
    t = op.results[0].type
    out = np.array(pass_thru[0]) if pass_thru else np.array(zero_value(t))
    for i, lane in _masked_lanes(op, pointer, mask, t):
        out[i] = load_value(op, lane, t.element_type)
    return [out]


@register_impl(intr.MaskedStoreOp)
def _masked_store(interp, op, args):
    value, pointer, mask = args
    t = op.operand(0).type
    for i, lane in _masked_lanes(op, pointer, mask, t):
        store_value(op, lane, value[i], t.element_type)


@register_impl(intr.MemcpyOp)
def _memcpy(interp, op, args):
    dst, src, length = args
    n = int(length)
    if n and _overlap(dst, src, n):
        raise UndefinedBehavior("memcpy between overlapping ranges", op)
    if n:
        _memory(op, copy_bytes, dst, src, n)


def _overlap(a: Pointer, b: Pointer, n: int) -> bool:
    return a.allocation is b.allocation and abs(a.address - b.address) < n


@register_impl(intr.MemsetOp)
def _memset(interp, op, args):
    dst, byte, length = args
    if int(length):
        _memory(op, write_bytes, dst, bytes([sem.unsigned(int(byte), 8)]) * int(length))


@register_impl(intr.StackSaveOp)
def _stacksave(interp, op, args):
    return [NULL]  # stack memory is not released here: nothing to save


@register_impl(intr.StackRestoreOp)
def _stackrestore(interp, op, args):
    return None


# --- globals and functions --------------------------------------------------------------------

_GLOBALS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # interpreter -> allocations


def _global_allocation(interp, symbol) -> Allocation:
    """Each interpreter (one program run) has its own copy of every global; a function's
    address is an allocation without bytes."""
    allocations = _GLOBALS.setdefault(interp, {})
    allocation = allocations.get(symbol)
    if allocation is not None:
        return allocation
    if isinstance(symbol, sym.LLVMFuncOp):
        allocation = Allocation(0, "function", function=symbol)
    else:
        t = symbol.properties["global_type"].value
        allocation = Allocation(alloc_size(t), "global")
        value = _global_initial_value(interp, symbol, t)
        if value is not None:
            allocation.data[: store_size(t)] = np.frombuffer(encode(value, t), np.uint8)
            allocation.defined = None
        allocation.read_only = "constant" in symbol.properties
    allocations[symbol] = allocation
    return allocation


def _global_initial_value(interp, op, t):
    """The `value` attribute, else what the initializer region returns; None if neither
    (an external global's contents are unknown: reading them is uninitialized)."""
    attr = op.properties.get("value")
    if attr is not None:
        return constant_value(attr, t)
    region = op.regions[0]
    if region.blocks:
        return interp.call_region(region, [])[0]
    return None


@register_impl(sym.AddressOfOp)
def _addressof(interp, op, args):
    ref = op.properties["global_name"]
    symbol = interp.lookup_symbol(op, ref)
    if not isinstance(symbol, (sym.GlobalOp, sym.LLVMFuncOp)):
        raise InterpreterError(f"'@{ref.root}' does not reference a global or function", op)
    return [Pointer.to(_global_allocation(interp, symbol))]


def _malloc(op, size):
    return [Pointer.to(_allocate(op, sem.unsigned(int(size), 64), "heap"))]


def _calloc(op, count, size):
    nbytes = sem.unsigned(int(count), 64) * sem.unsigned(int(size), 64)
    allocation = _allocate(op, nbytes, "heap")
    allocation.defined = None  # zeroed
    return [Pointer.to(allocation)]


def _aligned_alloc(op, alignment, size):
    return _malloc(op, size)  # every allocation starts at a 4 GiB-aligned address


def _free(op, pointer):
    if pointer.address == 0:
        return []
    allocation = pointer.allocation
    if allocation is None or allocation.kind != "heap" or pointer.offset != 0:
        raise UndefinedBehavior("free of a pointer malloc did not return", op)
    if allocation.freed:
        raise UndefinedBehavior("memory freed twice", op)
    allocation.freed = True
    return []


_UNRANKED = LLVMStructType((IntegerType(64), LLVMPointerType()))


def _ranked_descriptor(unranked: Pointer) -> tuple:
    """The (aligned pointer, offset, sizes, strides) an unranked memref descriptor in memory
    points to (MLIR's `UnrankedMemRefType` ABI: rank, then a pointer to the ranked one)."""
    rank, ranked = load(unranked, _UNRANKED)
    i64 = IntegerType(64)
    dims = LLVMArrayType(i64, int(rank))
    ptr = LLVMPointerType()
    _, aligned, offset, sizes, strides = load(ranked, LLVMStructType((ptr, ptr, i64, dims, dims)))
    return aligned, int(offset), [int(n) for n in sizes], [int(s) for s in strides]


def _memref_copy(op, element_size, source, target):
    """The C runtime's `memrefCopy(element size, unranked source, unranked target)` that
    finalize-memref-to-llvm calls for copies of non-contiguous memrefs."""
    size = int(element_size)
    src, src_offset, sizes, src_strides = _memory(op, _ranked_descriptor, source)
    dst, dst_offset, _, dst_strides = _memory(op, _ranked_descriptor, target)
    for index in np.ndindex(*sizes):
        src_at = src_offset + sum(i * s for i, s in zip(index, src_strides))
        dst_at = dst_offset + sum(i * s for i, s in zip(index, dst_strides))
        _memory(op, copy_bytes, dst.moved(dst_at * size), src.moved(src_at * size), size)
    return []


_C_LIBRARY = {
    "malloc": _malloc, "calloc": _calloc, "aligned_alloc": _aligned_alloc, "free": _free,
    "memrefCopy": _memref_copy,
}  # fmt: skip


@register_impl(sym.LLVMFuncOp)
def _func(interp, op, args):
    """Calling a function runs its body in a fresh frame."""
    if op.is_declaration():
        name = op.properties["sym_name"].value
        raise InterpreterError(f"cannot call external function '@{name}': it has no body", op)
    return interp.call_region(op.regions[0], args)


@register_impl(sym.CallOp)
def _call(interp, op, args):
    """Direct and indirect calls; the C allocation functions are built in."""
    ref = op.properties.get("callee")
    if ref is not None:
        callee = interp.lookup_symbol(op, ref)
        if not isinstance(callee, sym.LLVMFuncOp):
            raise InterpreterError(f"'@{ref.root}' does not reference a function", op)
    else:
        pointer, args = args[0], args[1:]
        allocation = pointer.allocation
        if allocation is None or allocation.function is None or pointer.offset != 0:
            raise UndefinedBehavior("indirect call through a pointer to no function", op)
        callee = allocation.function
    builtin = _C_LIBRARY.get(callee.properties["sym_name"].value)
    if builtin is not None and callee.is_declaration():
        return builtin(op, *args)
    return interp.invoke(callee, args)
