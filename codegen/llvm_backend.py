"""LLVM IR text to native code with llvmlite: parse, verify, optimize, JIT, emit objects,
and link shared libraries with the system C compiler.

llvmlite is imported and LLVM initialized on first use only, so importing mlc (or
`mlc.codegen`) does not load LLVM. Code is generated for the host: its triple, CPU name
and CPU features (AVX2, AVX-512, ... as llvmlite reports them), and the module gets the
target machine's data layout before optimization. Optimization is LLVM's new pass manager
with the default `O0`..`O3` pipelines (`buildPerModuleDefaultPipeline`). The JIT is
llvmlite's MCJIT execution engine, which resolves external symbols (`malloc`, `free`, libm)
in the running process and in the shared libraries loaded into it (`load_shared_libs`, as
mlir-cpu-runner's `--shared-libs`): that is how compiled code calls a function of a C
library (an external kernel, BYOC).
"""

from __future__ import annotations

import ctypes.util
import functools
import os
import shutil
import subprocess
import tempfile

from mlc.codegen.llvm_types import llvm_name
from mlc.codegen.openmp_runtime import calls_openmp, load_openmp_runtime
from mlc.ir.diagnostics import DiagnosticError


class BackendError(DiagnosticError):
    """LLVM rejected the IR, or the object could not be linked."""


@functools.cache
def _llvm():
    """llvmlite's binding layer, with the native target initialized (once)."""
    import llvmlite.binding as llvm

    llvm.initialize_native_target()
    llvm.initialize_native_asmprinter()
    # The math intrinsics lower to calls into libm, and LLVM's own lowering calls the
    # compiler runtime for what the target has no instruction for (`__truncdfhf2`: double
    # to half): MCJIT resolves such calls only in libraries it was given, and an unresolved
    # one becomes a jump to address 0.
    for name in ("m", "gcc_s"):
        path = ctypes.util.find_library(name)
        if path:
            llvm.load_library_permanently(path)
    return llvm


def llvm_version() -> int:
    """The major version of the LLVM inside llvmlite."""
    return _llvm().llvm_version_info[0]


@functools.cache
def host_cpu_features() -> frozenset[str]:
    """The host CPU's enabled features as LLVM names them (`avx2`, `fma`, `avx512f`, ...).
    Asked once: an llvmlite call waits for llvmlite's lock, which code generation on
    another thread holds for long stretches (`compile_parts`)."""
    features = _llvm().get_host_cpu_features()
    return frozenset(name for name, enabled in features.items() if enabled)


def host_target_machine(opt_level: int = 2, *, pic: bool = False):
    """A target machine for this host's triple, CPU and features; position-independent
    code (for shared libraries) with `pic`."""
    _check_level(opt_level)
    llvm = _llvm()
    target = llvm.Target.from_triple(llvm.get_process_triple())
    return target.create_target_machine(
        cpu=llvm.get_host_cpu_name(),
        features=llvm.get_host_cpu_features().flatten(),
        opt=opt_level,
        reloc="pic" if pic else "default",
        codemodel="default" if pic else "jitdefault",
    )


def _check_level(opt_level: int) -> None:
    if opt_level not in (0, 1, 2, 3):
        raise ValueError(f"opt_level must be 0, 1, 2 or 3, not {opt_level!r}")


def parse_ir(text: str, target_machine, location=None):
    """Parse and verify LLVM IR text into a module for `target_machine`."""
    llvm = _llvm()
    try:
        module = llvm.parse_assembly(text)
        module.verify()
    except RuntimeError as e:
        raise BackendError(f"LLVM rejected the translated module: {e}", location) from None
    module.triple = target_machine.triple
    module.data_layout = str(target_machine.target_data)
    return module


def optimize(module, target_machine, opt_level: int) -> None:
    """Run LLVM's default module pipeline at `opt_level` (new pass manager)."""
    _check_level(opt_level)
    llvm = _llvm()
    options = llvm.create_pipeline_tuning_options(speed_level=opt_level)
    builder = llvm.create_pass_builder(target_machine, options)
    builder.getModulePassManager().run(module, builder)


def load_shared_libs(paths, location=None) -> list[str]:
    """Load each shared library into the process for good (`dlopen` with `RTLD_GLOBAL`,
    llvmlite's `load_library_permanently`), so that MCJIT and libraries loaded later
    resolve symbols in it; returns the absolute paths. A process cannot unload them, so a
    symbol two libraries define resolves to the first one loaded, as with the dynamic
    linker. A missing or unloadable file is a `BackendError` naming it."""
    llvm = _llvm()
    loaded = []
    for path in map(str, paths):
        full = os.path.abspath(path)
        if not os.path.isfile(full):
            raise BackendError(f"shared library '{path}' not found", location)
        try:
            llvm.load_library_permanently(full)
        except RuntimeError as e:
            raise BackendError(f"cannot load shared library '{path}': {e}", location) from None
        loaded.append(full)
    return loaded


def jit(module, target_machine, location=None, globals_at: dict | None = None):
    """An MCJIT execution engine owning `module`, its code finalized. `globals_at` maps
    declared globals to the addresses of their memory (the engine's global mappings: the
    data of large constants, which the caller keeps alive). Every other external symbol
    must resolve in this process first: MCJIT would leave an unresolved one null (and its
    relocations unapplied), so that calling any function could crash. A module calling
    the OpenMP runtime gets it loaded (`openmp_runtime`)."""
    llvm = _llvm()
    globals_at = globals_at or {}
    _resolve(module_symbols(module)[0], globals_at, location)
    engine = llvm.create_mcjit_compiler(module, target_machine)
    present = {g.name for g in module.global_variables}
    for name, address in globals_at.items():
        if name in present:  # the optimizer drops unused globals
            engine.add_global_mapping(module.get_global_variable(name), address)
    engine.finalize_object()
    engine.run_static_constructors()
    return engine


def jit_objects(objects, declared, target_machine, location=None,
                globals_at: dict | None = None):  # fmt: skip
    """An MCJIT execution engine linking `objects` (host object code, `object_code`), its
    code finalized: `jit` for a program compiled in parts. `declared` are the external
    symbols no object defines, which must resolve as in `jit`; `globals_at` as in `jit`,
    bound by name (a stub module declares them, MCJIT resolves the objects' references
    through its global mappings first)."""
    llvm = _llvm()
    globals_at = globals_at or {}
    _resolve(declared, globals_at, location)
    stub = "".join(f"@{llvm_name(name)} = external global i8\n" for name in globals_at)
    stub = parse_ir(stub, target_machine, location)
    engine = llvm.create_mcjit_compiler(stub, target_machine)
    for name, address in globals_at.items():
        engine.add_global_mapping(stub.get_global_variable(name), address)
    for code in objects:
        engine.add_object_file(llvm.ObjectFileRef.from_data(code))
    engine.finalize_object()
    return engine


def module_symbols(module) -> tuple[list[str], list[str]]:
    """The external symbols an llvmlite module declares (intrinsics aside) and the ones it
    defines, functions and globals."""
    declared, defined = [], []
    for value in (*module.functions, *module.global_variables):
        if not value.is_declaration:
            defined.append(value.name)
        elif not value.name.startswith("llvm."):
            declared.append(value.name)
    return declared, defined


def _resolve(declared, globals_at: dict, location) -> None:
    """Load the OpenMP runtime for parallel loops (`convert-scf-to-gomp`), then check that
    every declared symbol not in `globals_at` resolves in the process."""
    llvm = _llvm()
    declared = [name for name in declared if name not in globals_at]
    if calls_openmp(declared):
        load_openmp_runtime(location)
    missing = [name for name in declared if not llvm.address_of_symbol(name)]
    if missing:
        names = ", ".join(f"'{name}'" for name in missing)
        raise BackendError(
            f"cannot resolve external symbol(s) {names}: define them in the module or load a "
            "library that has them (shared_libs=[...], or "
            "llvmlite.binding.load_library_permanently)",
            location,
        )


def object_code(module, target_machine) -> bytes:
    return target_machine.emit_object(module)


def write_atomically(path: str, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same directory, so that a
    failure never leaves a partial file."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".mlc-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def link_shared_library(objects, output: str, *, cc: str | None = None, extra_args=(),
                        openmp: bool = False, shared_libs=()) -> str:  # fmt: skip
    """Link object files into a shared library with the system C compiler (`cc -shared`,
    or `$CC`); libm is linked since the math intrinsics call it, and with `openmp` the
    compiler's OpenMP runtime (`-fopenmp`), which parallel loops call. Each of
    `shared_libs` is linked by absolute path with its directory as an rpath, so the dynamic
    loader finds it when the output is loaded. Returns `output`."""
    compiler = cc or os.environ.get("CC") or "cc"
    if shutil.which(compiler) is None:
        raise BackendError(f"C compiler '{compiler}' not found (set CC or pass cc=...)")
    directory = os.path.dirname(os.path.abspath(output))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".mlc-", suffix=".so")
    os.close(fd)
    runtime = ["-fopenmp"] if openmp else []
    libraries = [os.path.abspath(str(path)) for path in shared_libs]
    rpaths = [f"-Wl,-rpath,{d}" for d in dict.fromkeys(map(os.path.dirname, libraries))]
    command = [compiler, "-shared", "-o", tmp, *map(str, objects), *libraries, *rpaths, "-lm",
               *runtime, *extra_args]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BackendError(f"'{' '.join(command)}' failed:\n{result.stderr.strip()}")
        os.replace(tmp, output)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return output
