"""JIT compilation, object files, shared libraries and the numpy calling convention.

The module below is written in the llvm dialect by hand: scalar functions, a vector
function, one returning two results, and memref functions in MLIR's conventions (one
allocating its result with malloc, one returning a view of its argument, one a view of a
constant global). The corpus's lowered modules add functions as mlir-opt lowers them. Each
module is compiled once per optimization level (module-scoped fixtures) to keep this fast.
"""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import mlc
from mlc.codegen import (
    compile_module,
    emit_object,
    link_shared_library,
    load_shared_library,
    runtime,
    translate_to_llvm_ir,
)
from mlc.codegen.llvm_backend import BackendError
from mlc.ir.diagnostics import DiagnosticError

CORPUS = Path(__file__).resolve().parent.parent / "interop" / "corpus"

MODULE = """
module {
  llvm.func @malloc(i64) -> !llvm.ptr
  llvm.mlir.global private constant @table(dense<[1.0, 2.0, 3.0]> : tensor<3xf32>) {addr_space = 0 : i32} : !llvm.array<3 x f32>

  llvm.func @axpy(%a: f32, %x: f32, %y: f32) -> f32 {
    %0 = llvm.fmul %a, %x : f32
    %1 = llvm.fadd %0, %y : f32
    llvm.return %1 : f32
  }
  llvm.func @pick(%c: i1, %a: i64, %b: i64) -> i64 {
    %0 = llvm.select %c, %a, %b : i1, i64
    llvm.return %0 : i64
  }
  llvm.func @half_sum(%a: f16, %b: f16) -> f16 {
    %0 = llvm.fadd %a, %b : f16
    llvm.return %0 : f16
  }
  llvm.func @blend(%m: vector<4xi1>, %a: vector<4xf32>, %b: vector<4xf32>) -> vector<4xf32> {
    %0 = llvm.select %m, %a, %b : vector<4xi1>, vector<4xf32>
    llvm.return %0 : vector<4xf32>
  }
  llvm.func @divmod(%a: i32, %b: i32) -> !llvm.struct<(i32, i32)> {
    %0 = llvm.sdiv %a, %b : i32
    %1 = llvm.srem %a, %b : i32
    %2 = llvm.mlir.undef : !llvm.struct<(i32, i32)>
    %3 = llvm.insertvalue %0, %2[0] : !llvm.struct<(i32, i32)>
    %4 = llvm.insertvalue %1, %3[1] : !llvm.struct<(i32, i32)>
    llvm.return %4 : !llvm.struct<(i32, i32)>
  }
  llvm.func @scale(%alloc: !llvm.ptr, %aligned: !llvm.ptr, %offset: i64, %n: i64, %stride: i64, %s: f32) -> !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> attributes {llvm.emit_c_interface} {
    %c0 = llvm.mlir.constant(0 : i64) : i64
    %c1 = llvm.mlir.constant(1 : i64) : i64
    %c4 = llvm.mlir.constant(4 : i64) : i64
    %bytes = llvm.mul %n, %c4 : i64
    %buffer = llvm.call @malloc(%bytes) : (i64) -> !llvm.ptr
    %base = llvm.getelementptr %aligned[%offset] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.br ^head(%c0 : i64)
  ^head(%i: i64):
    %more = llvm.icmp "slt" %i, %n : i64
    llvm.cond_br %more, ^body, ^done
  ^body:
    %at = llvm.mul %i, %stride : i64
    %src = llvm.getelementptr %base[%at] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %v = llvm.load %src : !llvm.ptr -> f32
    %r = llvm.fmul %v, %s : f32
    %dst = llvm.getelementptr %buffer[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %r, %dst : f32, !llvm.ptr
    %next = llvm.add %i, %c1 : i64
    llvm.br ^head(%next : i64)
  ^done:
    %d0 = llvm.mlir.undef : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
    %d1 = llvm.insertvalue %buffer, %d0[0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
    %d2 = llvm.insertvalue %buffer, %d1[1] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
    %d3 = llvm.insertvalue %c0, %d2[2] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
    %d4 = llvm.insertvalue %n, %d3[3, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
    %d5 = llvm.insertvalue %c1, %d4[4, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
    llvm.return %d5 : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
  }
  llvm.func @_mlir_ciface_scale(%result: !llvm.ptr, %input: !llvm.ptr, %s: f32) attributes {llvm.emit_c_interface} {
    %0 = llvm.load %input : !llvm.ptr -> !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
    %1 = llvm.extractvalue %0[0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
    %2 = llvm.extractvalue %0[1] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
    %3 = llvm.extractvalue %0[2] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
    %4 = llvm.extractvalue %0[3, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
    %5 = llvm.extractvalue %0[4, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
    %6 = llvm.call @scale(%1, %2, %3, %4, %5, %s) : (!llvm.ptr, !llvm.ptr, i64, i64, i64, f32) -> !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
    llvm.store %6, %result : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>, !llvm.ptr
    llvm.return
  }
  llvm.func @transpose(%alloc: !llvm.ptr, %aligned: !llvm.ptr, %offset: i64, %n0: i64, %n1: i64, %s0: i64, %s1: i64) -> !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> {
    %d0 = llvm.mlir.undef : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
    %d1 = llvm.insertvalue %alloc, %d0[0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
    %d2 = llvm.insertvalue %aligned, %d1[1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
    %d3 = llvm.insertvalue %offset, %d2[2] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
    %d4 = llvm.insertvalue %n1, %d3[3, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
    %d5 = llvm.insertvalue %n0, %d4[3, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
    %d6 = llvm.insertvalue %s1, %d5[4, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
    %d7 = llvm.insertvalue %s0, %d6[4, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
    llvm.return %d7 : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
  }
  llvm.func @constants() -> !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> {
    %marker = llvm.mlir.constant(3735928559 : i64) : i64
    %alloc = llvm.inttoptr %marker : i64 to !llvm.ptr
    %data = llvm.mlir.addressof @table : !llvm.ptr
    %c0 = llvm.mlir.constant(0 : i64) : i64
    %c1 = llvm.mlir.constant(1 : i64) : i64
    %c3 = llvm.mlir.constant(3 : i64) : i64
    %d0 = llvm.mlir.undef : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
    %d1 = llvm.insertvalue %alloc, %d0[0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
    %d2 = llvm.insertvalue %data, %d1[1] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
    %d3 = llvm.insertvalue %c0, %d2[2] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
    %d4 = llvm.insertvalue %c3, %d3[3, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
    %d5 = llvm.insertvalue %c1, %d4[4, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
    llvm.return %d5 : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
  }
}
"""  # noqa: E501

SIGNATURES = {
    "axpy": "(f32, f32, f32) -> f32",
    "pick": "(i1, i64, i64) -> i64",
    "half_sum": "(f16, f16) -> f16",
    "blend": "(vector<4xi1>, vector<4xf32>, vector<4xf32>) -> vector<4xf32>",
    "divmod": "(i32, i32) -> (i32, i32)",
    "scale": "(memref<?xf32, strided<[?], offset: ?>>, f32) -> memref<?xf32>",
    "transpose": "(memref<?x?xf64, strided<[?, ?], offset: ?>>) -> "
                 "memref<?x?xf64, strided<[?, ?], offset: ?>>",
    "constants": "() -> memref<3xf32>",
}  # fmt: skip
CORPUS_SIGNATURES = {
    "sum": "(memref<?xf32>) -> f32",
    "copy": "(memref<4x?xf32>, memref<4x?xf32>, index) -> ()",
}


@pytest.fixture(scope="module")
def module():
    return mlc.parse(MODULE)


@pytest.fixture(scope="module")
def exe(module):
    return compile_module(module, opt_level=3, signatures=SIGNATURES)


@pytest.fixture(scope="module")
def exe_o0(module):
    return compile_module(module, opt_level=0, signatures=SIGNATURES)


@pytest.fixture(scope="module")
def memref_module():
    return mlc.parse_file(str(CORPUS / "llvm_lowered_memref.mlir"))


@pytest.fixture(scope="module")
def memref_exe(memref_module):
    return compile_module(memref_module, opt_level=3, signatures=CORPUS_SIGNATURES)


# --- scalars and vectors ---------------------------------------------------------------------
def test_scalar_functions(exe) -> None:
    assert exe["axpy"](2.0, 3.0, 1.0) == np.float32(7.0)
    assert exe.axpy(2, 3, 1).dtype == np.float32  # integers are accepted for floats
    assert exe["pick"](True, 5, -7) == 5 and exe["pick"](False, 5, -7) == -7
    assert exe["pick"](True, 2**63 - 1, 0) == 2**63 - 1
    total = exe["half_sum"](np.float16(1.5), 2.25)
    assert total == np.float16(3.75) and total.dtype == np.float16
    assert exe["divmod"](-7, 2) == (-3, -1)  # two results come back as a tuple


def test_vectors_including_bool_lanes(exe) -> None:
    mask = np.array([True, False, False, True])
    a, b = np.arange(4, dtype=np.float32), np.full(4, -1, np.float32)
    np.testing.assert_array_equal(exe["blend"](mask, a, b), np.where(mask, a, b))


def test_o0_and_o3_agree(exe, exe_o0) -> None:
    calls = [("axpy", (1.5, -2.0, 0.25)), ("pick", (False, 1, 2)), ("divmod", (17, -5)),
             ("half_sum", (np.float16(0.1), np.float16(0.2)))]  # fmt: skip
    for name, args in calls:
        assert exe[name](*args) == exe_o0[name](*args), name
    x = np.linspace(-1, 1, 7, dtype=np.float32)
    np.testing.assert_array_equal(exe["scale"](x, 3.0), exe_o0["scale"](x, 3.0))


def test_lowered_scalar_code_agrees_across_levels() -> None:
    """mlir-opt's lowering of arith/math/cf code, without signatures (LLVM types)."""
    module = mlc.parse_file(str(CORPUS / "llvm_lowered_scalar_vector.mlir"))
    with pytest.raises(BackendError, match="cannot resolve external symbol.*'ext'"):
        compile_module(module)  # `caller` calls the undefined `@ext`
    for op in list(module.ops):
        if op.properties["sym_name"].value in ("ext", "caller", "_mlir_ciface_caller"):
            op.erase()
    fast, slow = compile_module(module, opt_level=3), compile_module(module, opt_level=0)
    for args in [(3, 4, 0.5, 2.0), (-9, 2, -1.25, 0.5), (100, 7, 2.0, -3.0)]:
        assert fast["scalar"](*args) == slow["scalar"](*args)
    a = np.array([1.0, -2.0, 0.5, 3.0], np.float32)
    b = np.array([4, -1, 9, 2], np.int32)
    m = np.array([True, False, True, True])
    assert fast["vectors"](a, b, 2, m) == slow["vectors"](a, b, 2, m)
    expected = np.sum(2 * a * (2 * a[2]) + a, dtype=np.float32) + b.max() + np.prod(a) + a.max()
    assert fast["vectors"](a, b, 2, m) == pytest.approx(expected, rel=1e-6)


# --- memrefs ---------------------------------------------------------------------------------
def test_memref_arguments_in_both_conventions(memref_exe, exe) -> None:
    x = np.arange(10, dtype=np.float32)
    assert memref_exe["sum"].ciface  # the module has _mlir_ciface_sum
    assert memref_exe["sum"](x) == 45.0
    assert memref_exe.function("sum", convention="expanded")(x) == 45.0
    strided = np.arange(20, dtype=np.float32)[1::4]  # offset and stride reach the code
    np.testing.assert_array_equal(exe["scale"](strided, 2.0), 2 * strided)
    expanded = exe.function("scale", convention="expanded")(strided, 2.0)
    np.testing.assert_array_equal(expanded, 2 * strided)


def test_memref_copy_with_dynamic_dimension(memref_exe) -> None:
    source = np.arange(12, dtype=np.float32).reshape(4, 3)
    target = np.zeros_like(source)
    assert memref_exe["copy"](source, target, 2) is None
    np.testing.assert_array_equal(target, source)


def test_malloced_results_are_owned_and_freed(exe, monkeypatch) -> None:
    freed = []
    free = runtime._libc_free()
    monkeypatch.setattr(runtime, "_libc_free", lambda: lambda a: (freed.append(a), free(a)))
    result = exe["scale"](np.ones(5, np.float32), 4.0)
    np.testing.assert_array_equal(result, np.full(5, 4.0, np.float32))
    assert result.flags.writeable and not result.flags.owndata
    address = result.ctypes.data
    view = result[1:]
    del result
    gc.collect()
    assert freed == []  # `view` still uses the buffer
    del view
    gc.collect()
    assert freed == [address]


def test_results_viewing_inputs_alias_them(exe) -> None:
    a = np.arange(12.0).reshape(3, 4)
    t = exe["transpose"](a)
    np.testing.assert_array_equal(t, a.T)
    a[0, 1] = -1.0
    assert t[1, 0] == -1.0  # a view, not a copy


def test_results_of_constant_globals_are_copied(exe) -> None:
    first = exe["constants"]()
    np.testing.assert_array_equal(first, [1.0, 2.0, 3.0])
    assert first.flags.owndata
    first[0] = 9.0
    np.testing.assert_array_equal(exe["constants"](), [1.0, 2.0, 3.0])


# --- bad arguments ---------------------------------------------------------------------------
F32 = np.zeros(4, np.float32)


@pytest.mark.parametrize(
    "name, args, error, message",
    [
        ("scale", (np.zeros(4), 1.0), TypeError, "expects dtype float32, got float64"),
        ("scale", (np.zeros((2, 2), np.float32), 1.0), ValueError, "expects rank 1"),
        ("scale", ([1.0, 2.0], 1.0), TypeError, "expects a numpy array, got list"),
        ("scale", (F32,), TypeError, "takes 2 arguments (1 given)"),
        ("scale", (F32, "x"), TypeError, "argument #1 of 'scale' (f32) expects a float"),
        ("pick", (True, 2**64, 0), ValueError, "argument #1 of 'pick' (i64): 18446744073709551616"
                                               " is out of range"),
        ("pick", (True, 1.5, 0), TypeError, "argument #1 of 'pick' (i64) expects an integer"),
        ("axpy", (1.0, True, 0.0), TypeError, "argument #1 of 'axpy' (f32) expects a float"),
        ("blend", (np.zeros(3, bool), F32, F32), TypeError,
         "argument #0 of 'blend' (vector<4xi1>) expects a bool array of shape (4,)"),
    ],
)  # fmt: skip
def test_bad_arguments_raise_before_native_code(exe, name, args, error, message) -> None:
    with pytest.raises(error) as info:
        exe[name](*args)
    assert message in str(info.value)


def test_memref_layout_and_shape_checks(memref_exe) -> None:
    copy = memref_exe["copy"]
    good = np.zeros((4, 3), np.float32)
    with pytest.raises(ValueError, match=r"argument #0 of 'copy' .*dimension 0 must be 4"):
        copy(np.zeros((3, 3), np.float32), good, 1)
    with pytest.raises(ValueError, match=r"argument #1 of 'copy' .*C-contiguous"):
        copy(good, np.zeros((3, 4), np.float32).T, 1)
    read_only = np.zeros((4, 3), np.float32)
    read_only.flags.writeable = False
    with pytest.raises(ValueError, match=r"argument #0 of 'copy' .*read-only"):
        copy(read_only, good, 1)
    with pytest.raises(ValueError, match=r"argument #2 of 'copy' \(index\): -9223372036854775809"):
        copy(good, good, -(2**63) - 1)


def test_signature_must_match_the_compiled_function(exe) -> None:
    with pytest.raises(TypeError, match="does not match the compiled function"):
        exe.function("axpy", "(f64, f32, f32) -> f32")
    with pytest.raises(TypeError, match="does not match the compiled function"):
        exe.function("scale", "(memref<?x?xf32>, f32) -> memref<?xf32>")
    with pytest.raises(KeyError, match="no function 'nope'"):
        exe.function("nope")
    with pytest.raises(KeyError, match="has no C interface"):
        exe.function("axpy", convention="ciface")


def test_functions_without_signature_use_llvm_types(memref_exe) -> None:
    """Without a signature, a pointer parameter takes an array's data (here: a memref
    descriptor built by hand) and the result is the LLVM type's value."""
    plain = memref_exe.function("_mlir_ciface_sum")
    assert plain.signature is None
    x = np.arange(6, dtype=np.float32)
    descriptor = np.array([x.ctypes.data, x.ctypes.data, 0, 6, 1], np.int64)
    assert plain(descriptor) == 15.0


# --- objects, shared libraries and errors ----------------------------------------------------
def test_object_file_and_shared_library(module, memref_module, tmp_path) -> None:
    objects = [emit_object(module, str(tmp_path / "a.o"), opt_level=2),
               emit_object(memref_module, str(tmp_path / "b.o"), opt_level=1)]  # fmt: skip
    assert Path(objects[0]).read_bytes()[:4] == b"\x7fELF"
    library = link_shared_library(objects, str(tmp_path / "libtest.so"))
    lib = load_shared_library(library, module, SIGNATURES)
    np.testing.assert_array_equal(lib["scale"](np.ones(3, np.float32), 2.0), [2.0, 2.0, 2.0])
    assert lib["divmod"](9, 4) == (2, 1)
    other = load_shared_library(library, memref_module, CORPUS_SIGNATURES)
    assert other["sum"](np.arange(4, dtype=np.float32)) == 6.0


def test_llvm_verifier_errors_are_diagnostics() -> None:
    """IR the llvm dialect accepts but LLVM rejects (a parameter attribute on a function)."""
    bad = mlc.parse('llvm.func @f() attributes {passthrough = ["noalias"]} {\n  llvm.return\n}')
    assert "#0 = { noalias }" in translate_to_llvm_ir(bad)
    with pytest.raises(BackendError, match="LLVM rejected the translated module") as info:
        compile_module(bad)
    assert isinstance(info.value, DiagnosticError)


def test_invalid_optimization_level(module) -> None:
    with pytest.raises(ValueError, match="opt_level must be 0, 1, 2 or 3"):
        compile_module(module, opt_level=4)


def test_importing_codegen_does_not_load_llvm() -> None:
    code = "import sys, mlc, mlc.codegen; sys.exit('llvmlite' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


COMPILER_RUNTIME_CALLS = """
func.func @f(%x: f64, %a: i64, %b: i64) -> (f16, i64) {
  %h = arith.truncf %x : f64 to f16
  %wa = arith.extsi %a : i64 to i128
  %wb = arith.extsi %b : i64 to i128
  %q = arith.divsi %wa, %wb : i128
  %n = arith.trunci %q : i128 to i64
  return %h, %n : f16, i64
}
"""


def test_calls_into_the_compiler_runtime_resolve():
    """LLVM lowers double-to-half truncation and 128-bit division to calls into the
    compiler runtime (`__truncdfhf2`, `__divti3`); unresolved, they jumped to address 0."""
    from mlc.codegen import compile_module
    from mlc.passes.pass_manager import PassManager
    from mlc.tools.mlc_run import DEFAULT_PIPELINE

    ctx = mlc.Context()
    module = mlc.parse(COMPILER_RUNTIME_CALLS, ctx)
    signature = module.regions[0].blocks[0].first_op.type
    PassManager.parse(DEFAULT_PIPELINE, ctx).run(module)
    f = compile_module(module, 0, signatures={"f": signature})["f"]
    half, quotient = f(np.float64(2.5), np.int64(-7), np.int64(2))
    assert half == np.float16(2.5) and quotient == -3
