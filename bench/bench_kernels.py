"""Native kernels side by side: mlc's lowering, mlir-opt 19's lowering, MLIR's own
translation, and numpy; then the JIT compile latency of a 1k-op function, phase by phase.

Two kernels, written in scf/memref/vector/arith (`kernel_text`):
- `matmul`: C += A @ B in float32, register-tiled (4 rows x 16 columns of C held in eight
  `vector<8xf32>` accumulators across the k loop: `vector.load`, `vector.broadcast`,
  `vector.fma`, `vector.store`). Sizes must be multiples of 16.
- `axpb`: y = a*x + b over float32 vectors, eight lanes per step (`arith.mulf`/`addf` on
  `vector<8xf32>`, so the result equals numpy's bit for bit). Sizes must be multiples of 8.

Each kernel runs as
- `mlc`: lowered by mlc (`PIPELINE`, MLIR's `test-lower-to-llvm` order), compiled by mlc at
  O3 (llvmlite's LLVM, host CPU features), called through mlc's numpy runtime;
- `mlir-opt`: lowered by `mlir-opt` 19 with the same pipeline, parsed and compiled by mlc;
- `mlir-translate`: lowered by mlir-opt and translated by `mlir-translate --mlir-to-llvmir`
  19, then optimized at O3 and JIT-compiled by the same LLVM, called through ctypes with
  the expanded memref descriptors (no mlc lowering or translation on this path). LLVM 19's
  own `llc`/`clang` would be the next step; Debian's `llc` here is LLVM 14, which cannot
  read LLVM 19's IR;
- `numpy`: `np.matmul(a, b, out=c)`, `np.multiply(x, a, out=y); np.add(y, b, out=y)`, on
  one BLAS thread as the kernels (`OPENBLAS_NUM_THREADS`, default 1 here).
Every peer's output is checked against numpy first. The table gives the median of
`--repeat` calls and each time's ratio to numpy's and to the `mlir-opt` row (above 1.00x is
slower). A missing tool is reported as missing.

Compile latency: a generated arith function of 1000 live ops (`live_function_text`) is
parsed, lowered, translated to LLVM IR, then optimized (O3) and compiled to machine code by
LLVM; each phase's median of `--repeat-compile` runs is printed next to mlir-opt's lowering
and mlir-translate's translation of the same module (process start included). The function
is run once and checked against the reference interpreter.
Not a test: nothing asserts on a time.

    python bench/bench_kernels.py
    python bench/bench_kernels.py --matmul 512 --axpb 1M --repeat 10
"""

from __future__ import annotations

import argparse
import ctypes
import os
import random
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable

# The kernels run on one thread, so numpy's BLAS does too unless told otherwise (read when
# numpy loads). On a loaded machine OpenBLAS' threads also wait for each other's time slices:
# a 256 matmul took 0.3 ms or 32 ms from one run to the next.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from bench_core import find_mlir_opt  # noqa: E402

import mlc  # noqa: E402
from mlc.codegen import compile_module, llvm_backend, translate_to_llvm_ir  # noqa: E402
from mlc.ir.interpreter import Interpreter  # noqa: E402

# test_lowering_interop's `full` pipeline: MLIR's lowering of these dialects to llvm.
PIPELINE = (
    "builtin.module(convert-scf-to-cf,convert-vector-to-llvm,convert-math-to-llvm,"
    "expand-strided-metadata,lower-affine,convert-arith-to-llvm,finalize-memref-to-llvm,"
    "convert-cf-to-llvm,convert-func-to-llvm,reconcile-unrealized-casts)"
)
OPT_LEVEL = 3
TILE_ROWS, TILE_VECTORS, LANES = 4, 2, 8
VECTOR = f"vector<{LANES}xf32>"
MATRIX = "memref<?x?xf32>"


# --- the kernels ------------------------------------------------------------------------------
def matmul_text() -> str:
    """`@matmul(A, B, C)`: C += A @ B, one TILE_ROWS x (TILE_VECTORS*LANES) tile of C at a
    time, its accumulators carried through the k loop."""
    tiles = [(r, v) for r in range(TILE_ROWS) for v in range(TILE_VECTORS)]
    acc = ", ".join(f"%a{r}{v} = %t{r}{v}" for r, v in tiles)
    types = ", ".join([VECTOR] * len(tiles))
    rows = "\n".join(f"      %i{r} = arith.addi %i, %r{r} : index" for r in range(TILE_ROWS))
    cols = "\n".join(f"        %j{v} = arith.addi %j, %v{v} : index" for v in range(TILE_VECTORS))
    loads = "\n".join(f"        %t{r}{v} = vector.load %C[%i{r}, %j{v}] : {MATRIX}, {VECTOR}"
                      for r, v in tiles)  # fmt: skip
    b_rows = "\n".join(f"          %b{v} = vector.load %B[%p, %j{v}] : {MATRIX}, {VECTOR}"
                       for v in range(TILE_VECTORS))  # fmt: skip
    broadcasts = "\n".join(
        f"          %x{r} = memref.load %A[%i{r}, %p] : {MATRIX}\n"
        f"          %xv{r} = vector.broadcast %x{r} : f32 to {VECTOR}"
        for r in range(TILE_ROWS)
    )
    fmas = "\n".join(f"          %n{r}{v} = vector.fma %xv{r}, %b{v}, %a{r}{v} : {VECTOR}"
                     for r, v in tiles)  # fmt: skip
    yields = ", ".join(f"%n{r}{v}" for r, v in tiles)
    stores = "\n".join(
        f"        vector.store %res#{n}, %C[%i{r}, %j{v}] : {MATRIX}, {VECTOR}"
        for n, (r, v) in enumerate(tiles)
    )
    offsets = "\n".join(
        [f"  %r{r} = arith.constant {r} : index" for r in range(TILE_ROWS)]
        + [f"  %v{v} = arith.constant {v * LANES} : index" for v in range(TILE_VECTORS)]
    )
    return f"""
func.func @matmul(%A: {MATRIX}, %B: {MATRIX}, %C: {MATRIX}) {{
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rows = arith.constant {TILE_ROWS} : index
  %cols = arith.constant {TILE_VECTORS * LANES} : index
{offsets}
  %m = memref.dim %A, %c0 : {MATRIX}
  %k = memref.dim %A, %c1 : {MATRIX}
  %n = memref.dim %B, %c1 : {MATRIX}
  scf.for %i = %c0 to %m step %rows {{
{rows}
      scf.for %j = %c0 to %n step %cols {{
{cols}
{loads}
        %res:{len(tiles)} = scf.for %p = %c0 to %k step %c1 iter_args({acc}) -> ({types}) {{
{b_rows}
{broadcasts}
{fmas}
          scf.yield {yields} : {types}
        }}
{stores}
      }}
  }}
  return
}}
"""


AXPB = f"""
func.func @axpb(%x: memref<?xf32>, %y: memref<?xf32>, %a: f32, %b: f32) {{
  %c0 = arith.constant 0 : index
  %lanes = arith.constant {LANES} : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  %av = vector.broadcast %a : f32 to {VECTOR}
  %bv = vector.broadcast %b : f32 to {VECTOR}
  scf.for %i = %c0 to %n step %lanes {{
    %v = vector.load %x[%i] : memref<?xf32>, {VECTOR}
    %ax = arith.mulf %av, %v : {VECTOR}
    %r = arith.addf %ax, %bv : {VECTOR}
    vector.store %r, %y[%i] : memref<?xf32>, {VECTOR}
  }}
  return
}}
"""


def kernel_text() -> str:
    return matmul_text() + AXPB


def numpy_matmul(a, b, c) -> None:
    np.matmul(a, b, out=c)


def numpy_axpb(x, y, a, b) -> None:
    np.multiply(x, a, out=y)
    np.add(y, b, out=y)


NUMPY = {"matmul": numpy_matmul, "axpb": numpy_axpb}


# --- the tools --------------------------------------------------------------------------------
def find_llvm_tool(name: str) -> str | None:
    """`name-19` or `name` on PATH, else next to mlir-opt 19 (the same Debian package)."""
    found = shutil.which(f"{name}-19") or shutil.which(name)
    if found:
        return found
    mlir_opt = find_mlir_opt()
    if mlir_opt is None:
        return None
    sibling = os.path.join(os.path.dirname(os.path.realpath(mlir_opt)), name)
    return sibling if os.access(sibling, os.X_OK) else None


def run_tool(command: list[str], text: str) -> str:
    result = subprocess.run(command, input=text.encode(), capture_output=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {result.stderr.decode()[:2000]}")
    return result.stdout.decode()


def lower_with_mlc(text: str):
    module = mlc.parse(text)
    mlc.PassManager.parse(PIPELINE).run(module)
    return module


def lower_with_mlir_opt(text: str, mlir_opt: str) -> str:
    return run_tool([mlir_opt, f"--pass-pipeline={PIPELINE}", "-"], text)


def source_signatures(text: str) -> dict:
    """Each function's source signature, so that mlc's runtime takes numpy arrays."""
    return {op.properties["sym_name"].value: op.type for op in mlc.parse(text).ops}


# --- mlir-translate's LLVM IR, called through ctypes --------------------------------------------
def expanded_arguments(args) -> list:
    """MLIR's expanded calling convention: each memref as allocated and aligned pointers,
    offset, sizes and strides (in elements); each float32 scalar as a float."""
    expanded = []
    for arg in args:
        if isinstance(arg, np.ndarray):
            strides = [s // arg.itemsize for s in arg.strides]
            expanded += [arg.ctypes.data, arg.ctypes.data, 0, *arg.shape, *strides]
        else:
            expanded.append(float(arg))
    return expanded


def ctypes_function(address: int, args) -> Callable:
    """A ctypes callable of the expanded signature of `args` (pointers and i64 as int64)."""
    types = [ctypes.c_float if isinstance(a, float) else ctypes.c_int64
             for a in expanded_arguments(args)]  # fmt: skip
    function = ctypes.CFUNCTYPE(None, *types)(address)
    return lambda *call_args: function(*expanded_arguments(call_args))


class TranslatedKernels:
    """mlir-translate's LLVM IR, optimized and JIT-compiled by LLVM (llvmlite)."""

    def __init__(self, llvm_ir: str) -> None:
        machine = llvm_backend.host_target_machine(OPT_LEVEL)
        module = llvm_backend.parse_ir(llvm_ir, machine)
        llvm_backend.optimize(module, machine, OPT_LEVEL)
        self.engine = llvm_backend.jit(module, machine)

    def function(self, name: str, example_args) -> Callable:
        return ctypes_function(self.engine.get_function_address(name), example_args)


# --- running ----------------------------------------------------------------------------------
def median_ms(function: Callable, args: tuple, repeat: int) -> float:
    function(*args)  # warm up: page in the arrays and the code
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def kernel_inputs(name: str, size: int, rng) -> tuple:
    if name == "matmul":
        a, b = (rng.standard_normal((size, size), dtype=np.float32) for _ in range(2))
        return a, b, np.zeros((size, size), np.float32)
    x = rng.standard_normal(size, dtype=np.float32)
    return x, np.zeros(size, np.float32), np.float32(1.5), np.float32(-0.25)


def output_of(name: str, function: Callable, args: tuple) -> np.ndarray:
    """The kernel's output on fresh copies of `args`, from a zero C for matmul (the kernel
    accumulates into C, numpy overwrites it)."""
    copies = tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)
    output = copies[2] if name == "matmul" else copies[1]
    output[...] = 0
    function(*copies)
    return output


def check_against_numpy(peer: str, name: str, function: Callable, args: tuple) -> None:
    expected = output_of(name, NUMPY[name], args)
    got = output_of(name, function, args)
    # matmul sums in another order than BLAS; axpb rounds exactly as numpy does.
    rtol, atol = (1e-4, 1e-3) if name == "matmul" else (0, 0)
    if not np.allclose(got, expected, rtol=rtol, atol=atol):
        raise AssertionError(f"{peer}'s {name} differs from numpy: max error "
                             f"{np.max(np.abs(got - expected))}")  # fmt: skip


def kernel_peers(text: str, mlir_opt: str | None, mlir_translate: str | None) -> dict:
    """Peer name -> its compiled kernels, or why it is missing."""
    signatures = source_signatures(text)
    peers: dict[str, dict | str] = {}
    peers["mlc"] = compile_module(lower_with_mlc(text), OPT_LEVEL, signatures)
    if mlir_opt is None:
        peers["mlir-opt"] = peers["mlir-translate"] = "missing (mlir-opt 19)"
        return peers
    lowered = lower_with_mlir_opt(text, mlir_opt)
    peers["mlir-opt"] = compile_module(mlc.parse(lowered), OPT_LEVEL, signatures)
    if mlir_translate is None:
        peers["mlir-translate"] = "missing (mlir-translate 19)"
    else:
        peers["mlir-translate"] = TranslatedKernels(
            run_tool([mlir_translate, "--mlir-to-llvmir", "-"], lowered)
        )
    return peers


def callable_of(peer, name: str, args: tuple) -> Callable:
    if isinstance(peer, TranslatedKernels):
        return peer.function(name, args)
    return peer[name]


def report_kernels(sizes: dict[str, int], repeat: int, mlir_opt, mlir_translate) -> None:
    peers = kernel_peers(kernel_text(), mlir_opt, mlir_translate)
    rng = np.random.default_rng(0)
    print(f"{'kernel':<7} {'size':>8} {'peer':<15} {'median':>10} {'vs numpy':>9} "
          f"{'vs mlir-opt':>12}")  # fmt: skip
    for name, size in sizes.items():
        args = kernel_inputs(name, size, rng)
        times = {"numpy": median_ms(NUMPY[name], args, repeat)}
        for peer, compiled in peers.items():
            if isinstance(compiled, str):
                print(f"{name:<7} {size:>8} {peer:<15} {compiled}")
                continue
            function = callable_of(compiled, name, args)
            check_against_numpy(peer, name, function, args)
            times[peer] = median_ms(function, args, repeat)
        reference = times.get("mlir-opt")
        for peer, ms in times.items():
            versus = f"{ms / reference:>11.2f}x" if reference else f"{'-':>12}"
            print(f"{name:<7} {size:>8} {peer:<15} {ms:>8.3f}ms {ms / times['numpy']:>8.2f}x "
                  f"{versus}")  # fmt: skip


# --- compile latency --------------------------------------------------------------------------
# (op, type) of each step of the generated function; every op takes the newest value of its
# type, so that all are live. gen_modules.py's functions return one value and lose the rest
# to dead code elimination, which the conversions to llvm run (as MLIR's do).
CHAIN_OPS = [(op, "i32") for op in ("addi", "muli", "subi", "xori", "ori", "maxsi", "minsi")]
CHAIN_OPS += [(op, "f32") for op in ("addf", "mulf", "subf", "maximumf")]


def live_function_text(num_ops: int, seed: int = 0) -> str:
    """`@f(i32, f32) -> i32` of about `num_ops` arith ops (constants, i32 and f32 chains, casts
    between them), every one live: its result is an operand of the next op of its type."""
    rng = random.Random(seed)
    newest: dict[str, list[str]] = {"i32": ["%a"], "f32": ["%x"], "i1": []}
    lines: list[str] = []

    def define(type_: str, text: str) -> str:
        name = f"%v{len(lines)}"
        lines.append(f"  {name} = {text}")
        newest[type_].append(name)
        return name

    while len(lines) < num_ops - 7:  # room for one step (3 ops), the join (3) and the return
        op, type_ = rng.choice(CHAIN_OPS)
        head, values = newest[type_][-1], newest[type_][-32:-1]
        if not values or rng.random() < 0.2:  # a constant that folds nothing away
            value = rng.randint(2, 99)
            define(type_, f"arith.constant {value if type_ == 'i32' else f'{value}.5'} : {type_}")
            values = newest[type_][-1:]
        define(type_, f"arith.{op} {head}, {rng.choice(values)} : {type_}")
        if rng.random() < 0.05:
            define("f32", f"arith.sitofp {newest['i32'][-1]} : i32 to f32")
    below = define("i1", f"arith.cmpf olt, {newest['f32'][-1]}, %x : f32")
    flag = define("i32", f"arith.extui {below} : i1 to i32")
    result = define("i32", f"arith.xori {newest['i32'][-2]}, {flag} : i32")
    body = "\n".join(lines)
    return f"func.func @f(%a: i32, %x: f32) -> i32 {{\n{body}\n  return {result} : i32\n}}\n"


def compile_phases(text: str) -> tuple[dict[str, float], object]:
    """Seconds of each phase of compiling `text` with mlc at O3, and the execution engine."""
    phases = {}
    start = time.perf_counter()
    module = mlc.parse(text)
    phases["parse"] = time.perf_counter() - start
    start = time.perf_counter()
    mlc.PassManager.parse(PIPELINE).run(module)
    phases["lower to llvm"] = time.perf_counter() - start
    start = time.perf_counter()
    llvm_ir = translate_to_llvm_ir(module)
    phases["translate to LLVM IR"] = time.perf_counter() - start
    start = time.perf_counter()
    machine = llvm_backend.host_target_machine(OPT_LEVEL)
    llvm_module = llvm_backend.parse_ir(llvm_ir, machine)
    llvm_backend.optimize(llvm_module, machine, OPT_LEVEL)
    phases["LLVM optimize (O3)"] = time.perf_counter() - start
    start = time.perf_counter()
    engine = llvm_backend.jit(llvm_module, machine)
    phases["LLVM codegen (MCJIT)"] = time.perf_counter() - start
    return phases, engine


def check_live_function(text: str, engine) -> None:
    """The compiled `@f` returns what the reference interpreter does."""
    f = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_int32, ctypes.c_float)(
        engine.get_function_address("f")
    )
    for a, x in ((3, 0.75), (-7, 2.5)):
        (expected,) = Interpreter(mlc.parse(text)).call("f", np.int32(a), np.float32(x))
        if f(a, x) != expected:
            raise AssertionError(f"@f({a}, {x}) = {f(a, x)}, the interpreter gives {expected}")


def peer_phases(text: str, mlir_opt: str | None, mlir_translate: str | None) -> dict:
    """Seconds of mlir-opt's lowering and mlir-translate's translation of `text`."""
    if mlir_opt is None:
        return {}
    start = time.perf_counter()
    lowered = lower_with_mlir_opt(text, mlir_opt)
    phases = {"lower to llvm": time.perf_counter() - start}
    if mlir_translate is not None:
        start = time.perf_counter()
        run_tool([mlir_translate, "--mlir-to-llvmir", "-"], lowered)
        phases["translate to LLVM IR"] = time.perf_counter() - start
    return phases


def report_compile_latency(num_ops: int, repeat: int, mlir_opt, mlir_translate) -> None:
    text = live_function_text(num_ops)
    runs = []
    for _ in range(repeat):
        phases, engine = compile_phases(text)
        check_live_function(text, engine)
        runs.append(phases)
    peer_runs = [peer_phases(text, mlir_opt, mlir_translate) for _ in range(repeat)]
    count = text.count("\n") - 2  # the body's ops, the return included
    print(f"\nJIT compile latency of a {count}-op arith function (median of {repeat}):")
    print(f"{'phase':<22} {'mlc':>9} {'mlir tools':>11} {'mlc/mlir':>9}")
    total = 0.0
    for phase in runs[0]:
        ms = statistics.median(run[phase] for run in runs) * 1e3
        total += ms
        peer = [run[phase] for run in peer_runs if phase in run]
        if peer:
            peer_ms = statistics.median(peer) * 1e3
            print(f"{phase:<22} {ms:>7.1f}ms {peer_ms:>9.1f}ms {ms / peer_ms:>8.2f}x")
        else:
            print(f"{phase:<22} {ms:>7.1f}ms {'-':>11}")
    print(f"{'total':<22} {total:>7.1f}ms")
    print("(mlir tools: one process each, start-up, parsing and printing included)")


def parse_size(text: str) -> int:
    """`256`, `64k` (2**16) or `4M` (2**22)."""
    scale = {"k": 2**10, "M": 2**20}.get(text[-1:], 1)
    digits = text[:-1] if scale > 1 else text
    if not digits.isdigit() or int(digits) == 0:
        raise argparse.ArgumentTypeError(f"expected a positive size like 256, 64k or 4M: '{text}'")
    return int(digits) * scale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matmul", type=parse_size, default="256",
                        help="matmul size n (n x n times n x n), a multiple of 16")  # fmt: skip
    parser.add_argument("--axpb", type=parse_size, default="4M",
                        help="axpb length (k = 1024, M = 2**20), a multiple of 8")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=20, help="calls per kernel and peer")
    parser.add_argument("--ops", type=int, default=1000, help="ops of the compiled function")
    parser.add_argument("--repeat-compile", type=int, default=3, help="compilations to time")
    args = parser.parse_args()
    if min(args.repeat, args.repeat_compile) < 1 or args.ops < 3:
        parser.error("--repeat and --repeat-compile must be positive, --ops at least 3")
    sizes = {"matmul": args.matmul, "axpb": args.axpb}
    if sizes["matmul"] % (TILE_VECTORS * LANES) or sizes["axpb"] % LANES:
        parser.error(f"--matmul must be a multiple of {TILE_VECTORS * LANES}, --axpb of {LANES}")
    mlir_opt, mlir_translate = find_mlir_opt(), find_llvm_tool("mlir-translate")
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}, numpy BLAS threads "
          f"{os.environ['OPENBLAS_NUM_THREADS']}; mlir-opt: {mlir_opt or 'missing'}; "
          f"mlir-translate: {mlir_translate or 'missing'}")  # fmt: skip
    report_kernels(sizes, args.repeat, mlir_opt, mlir_translate)
    report_compile_latency(args.ops, args.repeat_compile, mlir_opt, mlir_translate)


if __name__ == "__main__":
    main()
