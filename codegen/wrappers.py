"""Packed-argument wrappers: one calling convention for every compiled function.

For each function defined in the module (but private ones, which only their callers in the
module call), `_mlir_<name>(ptr %args)` takes an array of
pointers, loads argument i from `args[i]`, calls the function and stores its result (if
any) at `args[n]`, as MLIR's ExecutionEngine (`packFunctionArguments`) generates them. The
runtime only ever calls these `void(void**)` functions through ctypes, so no argument or
result ever crosses a C ABI boundary by value: structs returned in registers (memref
descriptors), `half`, `i1` and vectors all travel through memory, laid out by the data
layout, and the calling convention of the wrapped function does not matter.
"""

from __future__ import annotations

from mlc.codegen.llvm_module import Module
from mlc.codegen.llvm_types import llvm_name, type_text
from mlc.dialects.llvm.types import LLVMVoidType

PACKED_PREFIX = "_mlir_"
# A declaration so marked stands for a function a library defines with a packed wrapper
# (the interface module `Executable.export_library` embeds, without bodies).
PACKED_ATTR = "mlc.packed"


def packed_name(name: str) -> str:
    return PACKED_PREFIX + name


def wrapped_functions(module: Module, skip=frozenset()) -> list[str]:
    """The functions that get a packed wrapper: every defined, non-variadic function whose
    wrapper name is free, but those in `skip`."""
    return [name for name, function in module.functions.items()
            if not (function.is_declaration() or function.type.vararg or name in skip)
            and packed_name(name) not in module.functions]  # fmt: skip


def packed_wrappers(module: Module, skip=frozenset()) -> tuple[str, list[str]]:
    """(LLVM IR of the wrappers, names of the functions wrapped: `wrapped_functions`)."""
    wrapped = wrapped_functions(module, skip)
    return "\n".join(_wrapper(name, module.functions[name]) for name in wrapped), wrapped


def _wrapper(name: str, function) -> str:
    ftype = function.type
    lines = [f"define void @{llvm_name(packed_name(name))}(ptr %args) {{"]
    args = []
    for i, t in enumerate(ftype.params):
        lines.append(f"  %slot{i} = getelementptr inbounds ptr, ptr %args, i64 {i}")
        lines.append(f"  %addr{i} = load ptr, ptr %slot{i}, align 8")
        lines.append(f"  %arg{i} = load {type_text(t)}, ptr %addr{i}, align 1")
        args.append(f"{type_text(t)} %arg{i}")
    cconv = function.cconv + " " if function.cconv else ""
    call = f"call {cconv}{type_text(ftype.result)} @{llvm_name(name)}({', '.join(args)})"
    if isinstance(ftype.result, LLVMVoidType):
        lines.append("  " + call)
    else:
        n = len(ftype.params)
        lines.append(f"  %result = {call}")
        lines.append(f"  %slot.result = getelementptr inbounds ptr, ptr %args, i64 {n}")
        lines.append("  %addr.result = load ptr, ptr %slot.result, align 8")
        lines.append(f"  store {type_text(ftype.result)} %result, ptr %addr.result, align 1")
    lines += ["  ret void", "}"]
    return "\n".join(lines) + "\n"
