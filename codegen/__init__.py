"""Code generation: the llvm dialect to LLVM IR, native code and Python callables.

    from mlc.codegen import translate_to_llvm_ir, compile_module
    text = translate_to_llvm_ir(module)                 # as `mlir-translate --mlir-to-llvmir`
    exe = compile_module(module, opt_level=3, signatures={"f": "(memref<?xf32>) -> f32"})
    exe["f"](np.arange(4, dtype=np.float32))
    exe = compile_parts(lowered_parts, opt_level=3)     # one program in parts: each part
                                                        # compiled on a second thread as it comes
    emit_object(module, "f.o")                          # host object file
    link_shared_library(["f.o"], "libf.so")             # cc -shared
    lib = load_shared_library("libf.so", module, signatures=...)

A module that calls functions of a C library (declarations with no body) is compiled with
`shared_libs=["libext.so"]`: the JIT resolves them there, a linked library records them.

Modules: `translate*` (llvm dialect -> LLVM IR text, rules per op), `llvm_*` (the LLVM IR
model: types and data layout, values, constant folding, attributes, module printer),
`ir_builder`, `wrappers` (packed-argument entry points), `llvm_backend` (llvmlite, loaded on
first use), `runtime` (numpy calling convention). Importing this package does not load
LLVM.
"""

from __future__ import annotations

import ctypes
import gc
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from mlc.codegen.float_runtime import link_float_runtime
from mlc.codegen.llvm_types import DataLayout
from mlc.codegen.memref_runtime import link_memref_runtime
from mlc.codegen.openmp_runtime import calls_openmp, load_openmp_runtime
from mlc.codegen.runtime import CompiledModule, NativeFunction, parse_signature
from mlc.codegen.translate import TranslationError, translate_module, translate_to_llvm_ir
from mlc.codegen.translate_intrinsics import check_native
from mlc.codegen.wrappers import PACKED_ATTR, packed_name, packed_wrappers, wrapped_functions
from mlc.ir.attributes import StringAttr
from mlc.ir.gc_pause import gc_paused
from mlc.ir.symbol_table import symbol_name

__all__ = ["CompiledModule", "NativeFunction", "TranslationError", "compile_module",
           "compile_parts", "emit_object", "link_shared_library", "load_shared_library",
           "packed_name", "parse_signature", "translate_to_llvm_ir"]  # fmt: skip


# Constant globals with this much element data or more are bound to memory by the JIT
# instead of being printed into the LLVM IR text (`translate_module`'s `bind_data_from`);
# objects print them as bytes (`bytes_data_from`).
BIND_DATA_FROM = 1024


def _for_host(module, resources, bind_data: bool = False) -> tuple[str, dict, dict]:
    """The LLVM IR compiled for this host (the translation for llvmlite's LLVM version, plus
    the packed wrappers), the wrapped functions' LLVM types and, with `bind_data`, the
    data of the globals left for the JIT to bind."""
    from mlc.codegen import llvm_backend

    with gc_paused():
        bind_data_from = BIND_DATA_FROM if bind_data else None
        translated = translate_module(module, llvm_version=llvm_backend.llvm_version(),
                                      resources=resources, bind_data_from=bind_data_from,
                                      bytes_data_from=BIND_DATA_FROM)  # fmt: skip
        wrappers, wrapped = packed_wrappers(translated, skip=_private_functions(module))
        text = translated.print()
    types = {name: translated.functions[name].type for name in wrapped}
    return text + "\n" + wrappers, types, translated.bound_data


def _private_functions(module) -> set[str]:
    """The `llvm.func`s with private visibility (kernels, outlined parallel bodies): only
    their callers in the module call them, so they get no packed wrapper, which LLVM would
    otherwise inline a second copy of each kernel into (a fifth of a model's LLVM IR)."""
    private = StringAttr("private")
    return {symbol_name(op) for op in module.regions[0].blocks[0].ops
            if op.name == "llvm.func" and op.get_attr("sym_visibility") == private}  # fmt: skip


def _library_types(module, resources) -> dict:
    """The LLVM types of the functions a library built from `module` has packed wrappers
    for: those `_for_host` wraps, and the declarations marked `PACKED_ATTR` (an interface
    module: `Executable.export_library` embeds one, without bodies or constant data)."""
    from mlc.codegen import llvm_backend

    with gc_paused():
        translated = translate_module(module, llvm_version=llvm_backend.llvm_version(),
                                      resources=resources, bind_data_from=BIND_DATA_FROM)
    marked = [symbol_name(op) for op in module.regions[0].blocks[0].ops
              if op.name == "llvm.func" and PACKED_ATTR in op.attributes]  # fmt: skip
    names = wrapped_functions(translated, skip=_private_functions(module)) + marked
    return {name: translated.functions[name].type for name in names}


def _declared_functions(module) -> list[str]:
    """The names of the `llvm.func` declarations of a module in the llvm dialect."""
    return [symbol_name(op) for op in module.regions[0].blocks[0].ops
            if op.name == "llvm.func" and not op.regions[0].blocks]  # fmt: skip


def _optimized(module, opt_level: int, resources, pic: bool, middle_end: int | None = None):
    """The optimized llvmlite module, its target machine, the wrapped functions' types and
    the data of the globals the JIT binds (none for position-independent objects).
    `middle_end` is the level of LLVM's IR pipeline (`opt_level` when None); code
    generation runs at `opt_level`."""
    from mlc.codegen import llvm_backend

    check_native(module)
    text, types, data = _for_host(module, resources, bind_data=not pic)
    machine = llvm_backend.host_target_machine(opt_level, pic=pic)
    level = opt_level if middle_end is None else middle_end
    llvm_module = _llvm_optimized(text, _declared_functions(module), machine, level,
                                  module.location)  # fmt: skip
    return llvm_module, machine, types, data


def _llvm_optimized(text: str, declared: list[str], machine, opt_level: int, location,
                    optimizing: threading.Event | None = None):  # fmt: skip
    """LLVM IR text parsed, linked with the runtime functions it needs and optimized by
    LLVM's pipeline at `opt_level` (`optimizing` set as that starts)."""
    from mlc.codegen import llvm_backend

    llvm_module = llvm_backend.parse_ir(text, machine, location)
    parse = lambda ir: llvm_backend.parse_ir(ir, machine, location)  # noqa: E731
    link_memref_runtime(llvm_module, declared, parse)
    link_float_runtime(llvm_module, text, parse)
    if optimizing is not None:
        optimizing.set()
    llvm_backend.optimize(llvm_module, machine, opt_level)
    return llvm_module


def compile_module(module, opt_level: int = 2, signatures: dict | None = None, *,
                   resources: dict | None = None, shared_libs=(),
                   middle_end: int | None = None) -> CompiledModule:  # fmt: skip
    """JIT-compile a module in the llvm dialect for this host at `opt_level` (0-3); LLVM's
    IR pipeline runs at `middle_end` if given (see `mlc.compile`), code generation at
    `opt_level`. `signatures` maps function names to their source signatures (see
    `runtime`), so that they take and return numpy arrays. `shared_libs` are loaded into
    the process first (`llvm_backend.load_shared_libs`); an external function found in
    none of them nor in the process is a `BackendError` naming it, before any code runs."""
    from mlc.codegen import llvm_backend

    llvm_backend.load_shared_libs(shared_libs, module.location)
    llvm_module, machine, types, data = _optimized(module, opt_level, resources, pic=False,
                                                   middle_end=middle_end)  # fmt: skip
    buffers, addresses = _bound(data)
    engine = llvm_backend.jit(llvm_module, machine, module.location, addresses)
    return _compiled(engine, machine, types, signatures, buffers)


def compile_parts(parts, opt_level: int = 2, signatures=None, *, resources: dict | None = None,
                  shared_libs=(), middle_end: int | None = None) -> CompiledModule:  # fmt: skip
    """JIT-compile a program given in parts, modules in the llvm dialect that call each
    other's functions (`passes/split_module.py`), as `compile_module` compiles one. Each
    part is translated as the iterable yields it, then optimized and compiled to an object
    on a second thread while the next part is made, so a generator lowering the parts one
    at a time runs beside LLVM; the objects are linked in one JIT. `signatures` is a dict
    or a function returning one, called once every part is made; `middle_end` as for
    `compile_module`."""
    from mlc.codegen import llvm_backend

    llvm_backend.load_shared_libs(shared_libs)
    machine = llvm_backend.host_target_machine(opt_level)
    level = opt_level if middle_end is None else middle_end
    types, data, jobs, location = {}, {}, [], None
    with _prompt_handoffs, ThreadPoolExecutor(1, thread_name_prefix="mlc-llvm") as llvm_thread:
        for part in parts:
            check_native(part)
            text, part_types, part_data = _for_host(part, resources, bind_data=True)
            types.update(part_types)
            data.update(part_data)  # a global several parts bind is the same data
            location = location or part.location
            optimizing = threading.Event()
            jobs.append(llvm_thread.submit(_object, text, _declared_functions(part), machine,
                                           level, part.location, optimizing))  # fmt: skip
        if jobs:
            _collect_while_optimizing(jobs[-1], optimizing)
        objects = [job.result() for job in jobs]
    defined = {name for _, _, names in objects for name in names}
    declared = {name for _, names, _ in objects for name in names} - defined
    buffers, addresses = _bound(data)
    engine_machine = llvm_backend.host_target_machine(opt_level)  # the engine owns it
    engine = llvm_backend.jit_objects([code for code, _, _ in objects], sorted(declared),
                                      engine_machine, location, addresses)  # fmt: skip
    signatures = signatures() if callable(signatures) else signatures
    return _compiled(engine, engine_machine, types, signatures, buffers)


class _PromptHandoffs:
    """Python's thread switch interval shortened while any `compile_parts` runs: each
    llvmlite call the LLVM thread makes returns to wait for the interpreter lock, which the
    lowering thread gives up only when asked, after the switch interval (5 ms by default);
    at that pace the LLVM thread's twenty-odd calls per part wait longer than a small part
    takes to compile. Counted, so that compiles on several threads restore it once."""

    def __init__(self, interval: float = 0.0005) -> None:
        self.interval = interval
        self.lock = threading.Lock()
        self.users = 0
        self.default = 0.0

    def __enter__(self) -> None:
        with self.lock:
            if self.users == 0:
                self.default = sys.getswitchinterval()
                sys.setswitchinterval(min(self.interval, self.default))
            self.users += 1

    def __exit__(self, *exc) -> None:
        with self.lock:
            self.users -= 1
            if self.users == 0:
                sys.setswitchinterval(self.default)


_prompt_handoffs = _PromptHandoffs()


def _object(text: str, declared: list[str], machine, opt_level: int, location, optimizing):
    """One part's object code, with the symbols it declares and defines."""
    from mlc.codegen import llvm_backend

    llvm_module = _llvm_optimized(text, declared, machine, opt_level, location, optimizing)
    return (llvm_backend.object_code(llvm_module, machine),
            *llvm_backend.module_symbols(llvm_module))  # fmt: skip


def _collect_while_optimizing(last_job, optimizing: threading.Event) -> None:
    """Collect the youngest generation of garbage (the lowering's dropped IR, which holds
    reference cycles) once the last part is in LLVM's optimizer, which runs without the
    interpreter lock. A caller that paused collection (`gc_paused`) would otherwise pay
    for it on its first allocation after the compile (10-20 ms for a model), and a
    collection started before the LLVM thread is in LLVM would hold it up as long."""
    last_job.add_done_callback(lambda _: optimizing.set())  # it may fail before optimizing
    optimizing.wait()
    gc.collect(0)


def _compiled(engine, machine, types, signatures, buffers) -> CompiledModule:
    """The `CompiledModule` of a finalized engine, keeping the engine and the bound data
    alive."""

    def address(symbol: str) -> int:
        found = engine.get_function_address(symbol) or engine.get_global_value_address(symbol)
        if not found:
            raise KeyError(f"no symbol '{symbol}' in the compiled module")
        return found

    layout = DataLayout(str(machine.target_data))
    return CompiledModule(types, address, layout, signatures, keepalive=(engine, buffers))


def _bound(data: dict) -> tuple[dict, dict]:
    """The aligned copies of the globals' data the JIT binds, and their addresses."""
    buffers = {name: aligned_copy(raw) for name, raw in data.items()}
    return buffers, {name: buffer.ctypes.data for name, buffer in buffers.items()}


def aligned_copy(raw: bytes, alignment: int = 64):
    """A read-only numpy copy of `raw` starting at a multiple of `alignment` (at least the
    alignment LLVM assumes for a global: its `align`, 64 at most in mlc's lowering)."""
    storage = np.empty(len(raw) + alignment, np.uint8)
    start = -storage.ctypes.data % alignment
    buffer = storage[start : start + len(raw)]
    buffer[:] = np.frombuffer(raw, np.uint8)
    buffer.flags.writeable = False
    return buffer


def emit_object(module, path: str, opt_level: int = 2, *, resources: dict | None = None,
                middle_end: int | None = None) -> str:  # fmt: skip
    """Write a position-independent object file for this host (with the packed wrappers,
    so that a shared library linked from it can be loaded with `load_shared_library`);
    `middle_end` as for `compile_module`. The file is written atomically. Returns
    `path`."""
    from mlc.codegen import llvm_backend

    llvm_module, machine, _, _ = _optimized(module, opt_level, resources, pic=True,
                                            middle_end=middle_end)  # fmt: skip
    llvm_backend.write_atomically(path, llvm_backend.object_code(llvm_module, machine))
    return path


def link_shared_library(objects, output: str, *, cc: str | None = None, extra_args=(),
                        openmp: bool = False, shared_libs=()) -> str:  # fmt: skip
    """Link object files into a shared library with the system C compiler (`cc -shared`);
    `openmp` links the OpenMP runtime that parallel loops call (`-fopenmp`), `shared_libs`
    the libraries its external functions live in (with an rpath to each)."""
    from mlc.codegen import llvm_backend

    return llvm_backend.link_shared_library(objects, output, cc=cc, extra_args=extra_args,
                                            openmp=openmp, shared_libs=shared_libs)  # fmt: skip


def load_shared_library(path: str, module, signatures: dict | None = None, *,
                        resources: dict | None = None,
                        shared_libs=()) -> CompiledModule:  # fmt: skip
    """Load a shared library built from `module` (by `emit_object` and
    `link_shared_library`) with ctypes; its functions are called as JIT-compiled ones.
    `shared_libs` are loaded into the process first, for external functions the library
    was not linked with. A library whose symbols do not all resolve is a `BackendError`
    (the dynamic loader's message names the symbol)."""
    from mlc.codegen import llvm_backend

    llvm_backend.load_shared_libs(shared_libs, module.location)
    if calls_openmp(_declared_functions(module)):  # resolves GOMP_* without -fopenmp too
        load_openmp_runtime(module.location)
    try:
        library = ctypes.CDLL(os.path.abspath(path))
    except OSError as e:
        raise llvm_backend.BackendError(f"cannot load '{path}': {e}", module.location) from None
    types = _library_types(module, resources)

    def address(symbol: str) -> int:
        try:
            return ctypes.cast(library[symbol], ctypes.c_void_p).value
        except AttributeError:
            raise KeyError(f"no symbol '{symbol}' in {path}") from None

    layout = DataLayout(str(llvm_backend.host_target_machine().target_data))
    return CompiledModule(types, address, layout, signatures, keepalive=library)
