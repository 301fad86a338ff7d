"""`mlc.compile`: a graph (or relay) module to native code, called with numpy arrays.

    exe = mlc.compile(module)                  # the `graph-to-llvm` pipeline, then LLVM
    y = exe["main"](x, w)                      # or exe.main(x, w)
    exe.export_library("model.so")             # one file: code and signatures
    exe = mlc.load_executable("model.so")

A graph function's symbolic sizes are bound from the input shapes before native code runs:
every input is checked for dtype, rank and each static or symbolic dimension, and a
mismatch raises `TypeError`/`ValueError` naming the argument and both shapes. Inputs are
never written, so read-only and non-contiguous arrays are accepted (copied to C order).
A function with one result returns an array, with several a tuple. Functions that are not
graph functions (a module of func/memref code) are called as `mlc.codegen` calls them.

The module given is not changed: the pipeline runs on a copy. A pipeline given as text (the
default) runs without verification after each pass: the copy is verified before and the
lowered module after it, and only when the pipeline fails (or its result does not verify)
does it run again on a fresh copy verifying after each pass, so that the error names the
first pass that left invalid IR, as MLIR's `verify-each` would. Verifying after each of the
pipeline's ~27 passes cost as much as running them (1.1 s of a 3.8 s compile for an
encoder layer); a correct pipeline needs none of it, and a broken one still gets MLIR's
diagnostic. A `PassManager` given as the pipeline runs with its own `verify_each`.

The default pipeline runs in two stages (`GRAPH_TO_LLVM_STAGES`): the module stage on the
copy (up to the contraction schedule, which follows weights from the graph function into
its kernels), then each function split off with what it references
(`passes/split_module.py`) through the function stage on its own. Each part goes to LLVM
(optimized and compiled to an object on a second thread, `codegen.compile_parts`) as soon
as it is lowered, while the next part is lowered: on a quiet machine with two cores, an
MLP at batch 64 compiled in 0.43-0.47 s instead of 0.57-0.61 s, with the same lowered
module (merged back, symbol by symbol what the whole pipeline gives; a property test
checks it) and the same code. What LLVM loses is inlining a kernel into the graph
function that calls it once.

The lowered module is kept (`exe.module`). `export_library` embeds its interface in the
library (`_interface`: each public function as a declaration with its attributes, without
bodies or constant data, which the code already holds), which is how `load_executable`
recovers the signatures; a loaded executable's `module` is that interface, and exporting it
again copies its library.

LLVM optimizes the default pipeline's output with its O1 IR pipeline at most
(`KERNEL_MIDDLE_END`; code generation stays at `opt_level`): mlc's passes have tiled,
vectorized and cleaned up the loops already (LICM, CSE, canonicalization), and O1 keeps
LLVM's loop vectorizer (for the loops left scalar) and unroller (the micro-kernels' k
loops). On the benchmark's models (bench/bench_models.py, AVX2, two threads) O1 cut
LLVM's time by 10-30% (medians of its CPU time: ResNet block 263 -> 191 ms, layer norm
+ softmax 95 -> 67 ms, an MLP at batch 64 275 -> 245 ms) with the same run times within
noise (0.97-1.05x): O3's extra simplification (GVN, jump threading, loop unswitching,
aggressive instcombine) finds nothing to gain in such code. A pipeline given to
`compile` gets LLVM at `opt_level`, since nothing is known of the loops it leaves.

External kernels (a `graph.call_dps` of a declaration, see `docs/tutorials/byoc.md`) live
in C libraries named by `shared_libs=` (mlir-cpu-runner's `--shared-libs`): they are loaded
into the process for the JIT, and `export_library` links the library it writes with them.
"""

from __future__ import annotations

import ctypes
import os

import numpy as np

from mlc.codegen import (
    compile_module,
    compile_parts,
    emit_object,
    link_shared_library,
    load_shared_library,
)
from mlc.codegen.llvm_backend import write_atomically
from mlc.codegen.openmp_runtime import calls_openmp
from mlc.codegen.runtime import NOT_PLAIN, numpy_dtype
from mlc.codegen.wrappers import PACKED_ATTR
from mlc.dialects.graph.symbolic import bind, var
from mlc.ir.attributes import StringAttr, UnitAttr
from mlc.ir.block import Region
from mlc.ir.gc_pause import gc_paused
from mlc.ir.verifier import verify
from mlc.passes.bufferize_graph import GRAPH_TYPE_ATTR, SIZE_VARS_ATTR, SOURCE_TYPE_ATTR
from mlc.passes.pass_manager import PassManager
from mlc.passes.pipelines import GRAPH_TO_LLVM_STAGES
from mlc.passes.split_module import merge_parts, split_functions

DEFAULT_PIPELINE = "builtin.module(graph-to-llvm)"
KERNEL_MIDDLE_END = 1  # LLVM's IR pipeline level for the default pipeline (module doc)
MODULE_SYMBOL = "__mlc_module_text"


def compile(module, opt_level: int = 3, pipeline=None, resources: dict | None = None,
            shared_libs=()):  # fmt: skip
    """Lower a copy of `module` with `pipeline` (text or a `PassManager`; default
    `graph-to-llvm`) and JIT-compile it at `opt_level`. Raises `DiagnosticError` where a
    pass fails, or where an external function is in none of `shared_libs` (paths of shared
    libraries, loaded into the process for good) nor in the process. `resources` are the
    blobs of `dense_resource` constants (`ctx.resources` of the parse)."""
    shared_libs = [os.path.abspath(str(p)) for p in shared_libs]
    with gc_paused():  # the copy and the pipeline build IR (see `gc_pause`)
        if pipeline is None:
            parts: list = []
            middle_end = min(opt_level, KERNEL_MIDDLE_END)
            compiled = compile_parts(_lowered_parts(module, parts), opt_level,
                                     lambda: _signatures(*parts), resources=resources,
                                     shared_libs=shared_libs, middle_end=middle_end)  # fmt: skip
            return Executable(compiled, merge_parts(parts), opt_level, resources, shared_libs,
                              middle_end)  # fmt: skip
        if isinstance(pipeline, PassManager):
            lowered = module.clone()
            pipeline.run(lowered)
        else:
            lowered = _lower(module, pipeline)
    compiled = compile_module(lowered, opt_level, _signatures(lowered), resources=resources,
                              shared_libs=shared_libs)  # fmt: skip
    return Executable(compiled, lowered, opt_level, resources, shared_libs)


def _lower(module, pipeline: str):
    """A copy of `module` lowered by the pipeline text, verified before and after; a
    failure is reported by a second run verifying after each pass (module docstring)."""
    lowered = module.clone()
    verify(lowered)
    try:
        PassManager.parse(pipeline, verify_each=False).run(lowered)
        verify(lowered)
    except Exception:
        _report_failure(module, pipeline)
    return lowered


def _lowered_parts(module, done: list):
    """The default pipeline's way (`GRAPH_TO_LLVM_STAGES`): a copy of `module` through the
    module stage, split into one module per function (`split_functions`), and each part
    through the function stage, verified and appended to `done` before it is yielded."""
    module_stage, function_stage = GRAPH_TO_LLVM_STAGES
    kernels = module.clone()
    verify(kernels)
    try:
        PassManager.parse(module_stage, verify_each=False).run(kernels)
        function_stage = PassManager.parse(function_stage, verify_each=False)
        for part in split_functions(kernels) or [kernels]:
            function_stage.run(part)
            verify(part)
            done.append(part)
            yield part
    except Exception:
        _report_failure(module, DEFAULT_PIPELINE)


def _report_failure(module, pipeline: str):
    """Raise the diagnostic of the first pass that fails or leaves invalid IR when the
    pipeline runs again on a fresh copy verifying after each pass; the error being handled
    when it does not fail."""
    PassManager.parse(pipeline, verify_each=True).run(module.clone())
    raise  # the checked run did not fail where this one did


def load_executable(path: str, resources: dict | None = None, shared_libs=()):
    """An `Executable` from a library written by `Executable.export_library`.
    `shared_libs` are loaded first: the libraries of its external functions, needed only
    where the library was not linked with them (or they moved)."""
    from mlc import Context, parse
    from mlc.codegen.llvm_backend import BackendError, load_shared_libs

    shared_libs = load_shared_libs(shared_libs)
    try:
        library = ctypes.CDLL(os.path.abspath(path))
    except OSError as e:  # the dynamic loader's message names an unresolved symbol
        raise BackendError(f"cannot load '{path}': {e}") from None
    try:
        text = ctypes.c_char_p.in_dll(library, MODULE_SYMBOL)
    except ValueError:
        raise ValueError(f"'{path}' was not written by Executable.export_library") from None
    text = ctypes.string_at(ctypes.addressof(text)).decode()
    interface = parse(text, Context(), path)
    compiled = load_shared_library(path, interface, _signatures(interface),
                                   resources=resources)  # fmt: skip
    exe = Executable(compiled, interface, None, resources, shared_libs)
    exe._library = os.path.abspath(path)
    return exe


def _interface(lowered):
    """What `load_executable` needs of a lowered module: its public functions as
    declarations marked `PACKED_ATTR`, with their attributes (signatures), and its external
    declarations (the OpenMP runtime's). Private functions and globals are left out: their
    code and data are in the library, and a model's weights printed as text would make
    the library several times their size."""
    interface = lowered.clone()
    ops = list(interface.regions[0].blocks[0].ops)
    for op in ops:
        if op.name == "llvm.func" and op.regions[0].blocks:
            Region().take_body(op.regions[0])  # drop the body
            op.attributes[PACKED_ATTR] = UnitAttr()
    for op in ops:
        if op.name != "llvm.func" or op.get_attr("sym_visibility") == StringAttr("private"):
            op.erase()
    return interface


def _signatures(*lowered) -> dict:
    """The memref signature of each function bufferize lowered from a graph function, in
    a module or in the parts of one."""
    found = {}
    for op in (op for module in lowered for op in module.regions[0].blocks[0].ops):
        attr = op.attributes.get(SOURCE_TYPE_ATTR)
        if attr is not None:
            found[op.properties["sym_name"].value] = attr.value
    return found


def _declarations(lowered) -> list[str]:
    """The external functions of a module in the llvm dialect: a library linked from it
    must record the ones of the OpenMP runtime, or loading it fails in a process that has
    not loaded that runtime yet."""
    return [op.properties["sym_name"].value for op in lowered.regions[0].blocks[0].ops
            if op.name == "llvm.func" and not op.regions[0].blocks]  # fmt: skip


class Executable:
    """Compiled functions by name: `exe["main"]`, `exe.main`; `exe.functions` lists them."""

    def __init__(self, compiled, module, opt_level, resources, shared_libs=(),
                 middle_end: int | None = None) -> None:  # fmt: skip
        self._compiled = compiled
        self.module = module
        self._opt_level = opt_level
        self._middle_end = middle_end  # LLVM's IR pipeline level, if not `opt_level`
        self._resources = resources
        self.shared_libs = list(shared_libs)
        self._functions: dict = {}  # by name: made once, `exe.main(x)` in a loop stays cheap
        self._library: str | None = None  # the file a loaded executable came from
        self._graph = {}
        for op in module.regions[0].blocks[0].ops:
            gtype = op.attributes.get(GRAPH_TYPE_ATTR)
            if gtype is not None:
                size_vars = [a.value for a in op.attributes[SIZE_VARS_ATTR].value]
                self._graph[op.properties["sym_name"].value] = (gtype.value, size_vars)

    @property
    def functions(self) -> list[str]:
        return list(self._graph) or self._compiled.functions

    def __getitem__(self, name: str):
        function = self._functions.get(name)
        if function is None:
            native = self._compiled[name]
            function = native if name not in self._graph else GraphFunction(
                name, native, *self._graph[name])  # fmt: skip
            self._functions[name] = function
        return function

    def __getattr__(self, name: str):
        """`exe.main`: kept as an instance attribute, so that later lookups find it without
        this fallback (0.65 us, a tenth of a small model's call)."""
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            function = self[name]
        except KeyError as e:
            raise AttributeError(str(e)) from None
        self.__dict__[name] = function
        return function

    def export_library(self, path: str) -> str:
        """Write a shared library holding the code and the lowered module's text (for
        `load_executable`), linked with the `shared_libs` the executable was compiled with
        (found again through an rpath to their directories); written atomically. Returns
        `path`. An executable loaded from a library writes a copy of it."""
        from mlc import Context, parse

        if self._library is not None:
            with open(self._library, "rb") as f:
                write_atomically(path, f.read())
            return path
        module = self.module.clone()
        text = str(_interface(self.module))
        size = len(text.encode()) + 1
        holder = parse(f"llvm.mlir.global external constant @{MODULE_SYMBOL}"
                       f"({StringAttr(text + chr(0))}) {{addr_space = 0 : i32}} : "
                       f"!llvm.array<{size} x i8>", Context())  # fmt: skip
        global_op = holder.regions[0].blocks[0].first_op
        global_op.detach()
        module.regions[0].blocks[0].append(global_op)
        obj = path + ".o"
        try:
            emit_object(module, obj, self._opt_level, resources=self._resources,
                        middle_end=self._middle_end)  # fmt: skip
            link_shared_library([obj], path, openmp=calls_openmp(_declarations(self.module)),
                                shared_libs=self.shared_libs)  # fmt: skip
        finally:
            if os.path.exists(obj):
                os.remove(obj)
        return path


class GraphFunction:
    """A compiled graph function: numpy arrays in, numpy arrays out, sizes bound from the
    inputs (see the module docstring)."""

    def __init__(self, name: str, native, graph_type, size_vars: list) -> None:
        self.name = name
        self._native = native
        self.type = graph_type
        self.size_vars = size_vars
        # per input: its dtype and dims as ints, size-variable names or expressions
        self._plan = [(numpy_dtype(t.element_type), [_plain(d) for d in t.shape])
                      for t in graph_type.inputs]  # fmt: skip

    def __call__(self, *arrays):
        result = self._native.call_plain(arrays)  # static shapes, plain arrays: checked there
        if result is not NOT_PLAIN:
            return result
        sizes, prepared = self._prepare(arrays)
        return self._native(*sizes, *prepared)

    def check_arguments(self, *arrays) -> None:
        """Raise the `TypeError`/`ValueError` a call with `arrays` would raise, without
        running native code."""
        self._prepare(arrays)

    def _prepare(self, arrays) -> tuple[list, list]:
        """The size variables' values and the arrays to pass, after every check. Static
        dims and plain size variables are checked inline; only dims that are expressions
        go through symbolic binding (and any mismatch, for its message)."""
        if len(arrays) != len(self._plan):
            raise TypeError(f"'{self.name}' takes {len(self._plan)} arguments "
                            f"({len(arrays)} given)")  # fmt: skip
        bindings: dict = {}
        prepared = []
        general = False
        for (dtype, dims), a in zip(self._plan, arrays):
            if type(a) is not np.ndarray or a.dtype != dtype or a.ndim != len(dims):
                return self._prepare_slowly(arrays)
            for d, size in zip(dims, a.shape):
                if type(d) is int:
                    if d != size:
                        return self._prepare_slowly(arrays)
                elif type(d) is str:
                    if bindings.setdefault(d, size) != size:
                        return self._prepare_slowly(arrays)
                else:
                    general = True
            flags = a.flags
            if not (flags.c_contiguous and flags.writeable and flags.aligned):
                a = np.array(a, order="C")  # the function never writes its inputs
            prepared.append(a)
        if general:
            return self._prepare_slowly(arrays)
        try:
            return [bindings[v] for v in self.size_vars], prepared
        except KeyError:
            return self._prepare_slowly(arrays)

    def _prepare_slowly(self, arrays) -> tuple[list, list]:
        """`_prepare` through symbolic binding, with the messages of every failure."""
        inputs = self.type.inputs
        if len(arrays) != len(inputs):
            raise TypeError(f"'{self.name}' takes {len(inputs)} arguments ({len(arrays)} given)")
        bindings: dict = {}
        prepared = []
        for i, (t, (dtype, _), a) in enumerate(zip(inputs, self._plan, arrays)):
            label = f"argument #{i} of '{self.name}'"
            if isinstance(a, np.generic):  # a numpy scalar is a rank-0 array
                a = np.asarray(a)
            if not isinstance(a, np.ndarray):
                raise TypeError(f"{label} ({t}) expects a numpy array, got {type(a).__name__}")
            if a.dtype != dtype:
                raise TypeError(f"{label} ({t}) expects dtype {dtype}, got {a.dtype}")
            if a.ndim != len(t.shape):
                raise ValueError(f"{label} ({t}) expects rank {len(t.shape)}, got shape {a.shape}")
            known = _bound_text(bindings)
            if bind(t.shape, a.shape, bindings):
                raise ValueError(f"{label} ({t}) expects shape {_shape_text(t)}{known}, got "
                                 f"shape {a.shape}")  # fmt: skip
            if not (a.flags.c_contiguous and a.flags.writeable and a.flags.aligned):
                a = np.array(a, order="C")
            prepared.append(a)
        unbound = [v for v in self.size_vars if bindings.get(v) is None]
        if unbound:
            raise ValueError(f"'{self.name}': the inputs do not determine size variables "
                             f"{', '.join(unbound)}")  # fmt: skip
        sizes = [int(bindings[v]) for v in self.size_vars]
        for name, value in zip(self.size_vars, sizes):
            if value < 0:
                raise ValueError(f"'{self.name}': size variable {name} would be {value}")
        return sizes, prepared

    def __repr__(self) -> str:
        return f"<GraphFunction {self.name} {self.type}>"


def _plain(d):
    """A dim as an int, the name of a lone size variable, or itself (an expression)."""
    if type(d) is int:
        return d
    names = getattr(d, "free_vars", frozenset())
    if len(names) == 1:
        (name,) = names
        if d == var(name):
            return name
    return d


def _shape_text(t) -> str:
    return "[" + ", ".join("?" if d is None else str(d) for d in t.shape) + "]"


def _bound_text(bindings: dict) -> str:
    known = {k: v for k, v in bindings.items() if v is not None}
    if not known:
        return ""
    return " with " + ", ".join(f"{k} = {v}" for k, v in sorted(known.items()))
