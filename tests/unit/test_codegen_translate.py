"""Translation of the llvm dialect to LLVM IR, checked against mlir-translate 19.

Every input is translated by mlc and by `mlir-translate --mlir-to-llvmir`; the two texts
must agree once comments, metadata, attribute groups and the module header are stripped
(`normalize`). Inputs: one snippet per op family, random constant expressions (the
folder), the interop corpus's lowered modules, and modules mlir-opt 19 lowers at test time.
Where mlc deliberately prints something else, both texts are compiled with llvmlite and run.
mlir-translate calls are batched with `--split-input-file` to keep the suite fast; without
mlir-translate 19 (Debian package mlir-19-tools) those tests are skipped.
"""

from __future__ import annotations

import ctypes
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import mlc
from mlc.codegen import TranslationError, translate_to_llvm_ir
from mlc.codegen.translate_ops import RULES
from mlc.dialects.llvm import ALL_OPS, GlobalOp, LLVMFuncOp

TESTS = Path(__file__).resolve().parent.parent
CORPUS = sorted((TESTS / "interop" / "corpus").glob("llvm_lowered_*.mlir"))
SPLIT = "// -----"


def find_tool(name: str) -> str | None:
    """`name-19` or `name` on PATH, else the Debian mlir-19-tools location."""
    found = shutil.which(f"{name}-19") or shutil.which(name)
    if found:
        return found
    debian = f"/usr/lib/llvm-19/bin/{name}"
    return debian if os.access(debian, os.X_OK) else None


MLIR_TRANSLATE = find_tool("mlir-translate")
MLIR_OPT = find_tool("mlir-opt")
needs_mlir_translate = pytest.mark.skipif(
    MLIR_TRANSLATE is None, reason="mlir-translate 19 is not installed (mlir-19-tools)"
)


def mlir_translate(chunks: list[str]) -> list[str | None]:
    """mlir-translate's output per chunk (None where it failed), in one run."""
    text = f"\n{SPLIT}\n".join(chunks)
    command = [MLIR_TRANSLATE, "--mlir-to-llvmir", "--split-input-file",
               f"--output-split-marker={SPLIT}", "-"]  # fmt: skip
    result = subprocess.run(command, input=text.encode(), capture_output=True, timeout=120,
                            check=False)  # fmt: skip
    pieces = result.stdout.decode().split(SPLIT + "\n")
    assert len(pieces) == len(chunks), result.stderr.decode()[:2000]
    return [piece or None for piece in pieces]


def translate(text: str, **kw) -> str:
    return translate_to_llvm_ir(mlc.parse(text), **kw)


_COMMENT = re.compile(r'^((?:[^;"]|"[^"]*")*);.*$')
_ATTACHMENT = re.compile(r",? !(?:[A-Za-z][\w.]*) !\d+")


def normalize(text: str) -> list[str]:
    """LLVM IR without what may legitimately differ: comments, the module header, metadata,
    attribute groups and their references, blank lines."""
    lines = []
    for line in text.splitlines():
        line = _COMMENT.sub(r"\1", line).rstrip()
        if not line or line.startswith(("source_filename", "target datalayout", "attributes #",
                                         "!")):  # fmt: skip
            continue
        line = re.sub(r" #\d+", "", _ATTACHMENT.sub("", line))
        lines.append(line)
    return lines


def assert_same_as_mlir(inputs: dict[str, str]) -> None:
    """mlc's translation of each input equals mlir-translate's, normalized."""
    names = list(inputs)
    references = mlir_translate([inputs[n] for n in names])
    for name, reference in zip(names, references):
        assert reference is not None, f"mlir-translate failed on {name}"
        assert normalize(translate(inputs[name])) == normalize(reference), name


# --- one input per op family -----------------------------------------------------------------
FAMILIES = {
    "integer arithmetic": """
llvm.func @f(%a: i32, %b: i32, %v: vector<2xi64>) -> i32 {
  %0 = llvm.add %a, %b overflow<nsw, nuw> : i32
  %1 = llvm.sub %0, %b overflow<nuw> : i32
  %2 = llvm.mul %1, %b : i32
  %3 = llvm.shl %2, %b overflow<nsw> : i32
  %4 = llvm.udiv %3, %b : i32
  %5 = llvm.sdiv %4, %b : i32
  %6 = llvm.urem %5, %b : i32
  %7 = llvm.srem %6, %b : i32
  %8 = llvm.and %7, %b : i32
  %9 = llvm.or %8, %b : i32
  %10 = llvm.xor %9, %b : i32
  %11 = llvm.lshr %10, %b : i32
  %12 = llvm.ashr %11, %b : i32
  %13 = llvm.freeze %12 : i32
  %14 = llvm.add %v, %v : vector<2xi64>
  llvm.return %13 : i32
}""",
    "float arithmetic": """
llvm.func @f(%x: f32, %y: f64, %h: f16, %b: bf16, %v: vector<8xf32>) -> f32 {
  %0 = llvm.fadd %x, %x {fastmathFlags = #llvm.fastmath<nnan, ninf>} : f32
  %1 = llvm.fsub %0, %x {fastmathFlags = #llvm.fastmath<nsz, arcp, contract>} : f32
  %2 = llvm.fmul %1, %x {fastmathFlags = #llvm.fastmath<afn, reassoc>} : f32
  %3 = llvm.fdiv %2, %x {fastmathFlags = #llvm.fastmath<fast>} : f32
  %4 = llvm.frem %3, %x : f32
  %5 = llvm.fneg %4 {fastmathFlags = #llvm.fastmath<nsz>} : f32
  %6 = llvm.fadd %y, %y : f64
  %7 = llvm.fmul %h, %h : f16
  %8 = llvm.fsub %b, %b : bf16
  %9 = llvm.fdiv %v, %v : vector<8xf32>
  llvm.return %5 : f32
}""",
    "comparisons and select": """
llvm.func @f(%a: i32, %x: f32, %p: !llvm.ptr, %v: vector<4xi32>, %m: vector<4xi1>) -> i1 {
  %0 = llvm.icmp "eq" %a, %a : i32
  %1 = llvm.icmp "ule" %p, %p : !llvm.ptr
  %2 = llvm.icmp "sge" %v, %v : vector<4xi32>
  %3 = llvm.fcmp "oeq" %x, %x {fastmathFlags = #llvm.fastmath<nnan>} : f32
  %4 = llvm.fcmp "_false" %x, %x : f32
  %5 = llvm.fcmp "une" %x, %x : f32
  %6 = llvm.select %0, %3, %5 : i1, i1
  %7 = llvm.select %m, %v, %v : vector<4xi1>, vector<4xi32>
  %8 = llvm.select %6, %x, %x {fastmathFlags = #llvm.fastmath<ninf>} : i1, f32
  llvm.return %6 : i1
}""",
    "casts": """
llvm.func @f(%a: i32, %x: f32, %p: !llvm.ptr, %v: vector<4xi32>, %c: i1) {
  %0 = llvm.sext %c : i1 to i32
  %1 = llvm.zext %a : i32 to i64
  %2 = llvm.trunc %1 : i64 to i8
  %3 = llvm.fpext %x : f32 to f64
  %4 = llvm.fptrunc %3 : f64 to f16
  %5 = llvm.sitofp %a : i32 to f64
  %6 = llvm.uitofp %a : i32 to bf16
  %7 = llvm.fptosi %x : f32 to i16
  %8 = llvm.fptoui %x : f32 to i64
  %9 = llvm.ptrtoint %p : !llvm.ptr to i64
  %10 = llvm.inttoptr %9 : i64 to !llvm.ptr
  %11 = llvm.addrspacecast %10 : !llvm.ptr to !llvm.ptr<1>
  %12 = llvm.bitcast %v : vector<4xi32> to vector<2xf64>
  %13 = llvm.bitcast %p : !llvm.ptr to !llvm.ptr
  %14 = llvm.sext %v : vector<4xi32> to vector<4xi64>
  llvm.return
}""",
    "memory": """
llvm.func @f(%p: !llvm.ptr, %n: i64, %x: i64, %v: vector<4xf32>) -> i64 {
  %one = llvm.mlir.constant(1 : i32) : i32
  %0 = llvm.alloca %one x f32 : (i32) -> !llvm.ptr
  %1 = llvm.alloca %n x i64 {alignment = 32 : i64} : (i64) -> !llvm.ptr
  %2 = llvm.alloca %one x !llvm.struct<(i8, f64)> : (i32) -> !llvm.ptr
  %3 = llvm.alloca inalloca %one x !llvm.array<3 x i128> : (i32) -> !llvm.ptr
  %4 = llvm.load %p : !llvm.ptr -> i64
  %5 = llvm.load volatile %p {alignment = 2 : i64, nontemporal} : !llvm.ptr -> i32
  %6 = llvm.load %p atomic monotonic {alignment = 8 : i64} : !llvm.ptr -> i64
  %7 = llvm.load %p atomic syncscope("singlethread") acquire {alignment = 4 : i64} : !llvm.ptr -> f32
  %8 = llvm.load %p invariant : !llvm.ptr -> vector<4xf32>
  %9 = llvm.load %p : !llvm.ptr -> !llvm.struct<packed (i8, i32)>
  %10 = llvm.load %p : !llvm.ptr -> f80
  llvm.store %x, %p : i64, !llvm.ptr
  llvm.store volatile %v, %p {nontemporal} : vector<4xf32>, !llvm.ptr
  llvm.store %x, %p atomic seq_cst {alignment = 8 : i64} : i64, !llvm.ptr
  %11 = llvm.getelementptr %p[%n] : (!llvm.ptr, i64) -> !llvm.ptr, f32
  %12 = llvm.getelementptr inbounds %11[%n, 1, 2] : (!llvm.ptr, i64) -> !llvm.ptr, !llvm.struct<(i32, array<4 x f32>)>
  %13 = llvm.load %12 : !llvm.ptr -> f32
  llvm.return %4 : i64
}""",  # noqa: E501
    "aggregates and vectors": """
llvm.func @f(%a: i32, %x: f32, %v: vector<4xf32>, %i: i64) -> !llvm.struct<(i32, array<2 x f32>)> {
  %u = llvm.mlir.undef : !llvm.struct<(i32, array<2 x f32>)>
  %0 = llvm.insertvalue %a, %u[0] : !llvm.struct<(i32, array<2 x f32>)>
  %1 = llvm.insertvalue %x, %0[1, 1] : !llvm.struct<(i32, array<2 x f32>)>
  %2 = llvm.extractvalue %1[1, 1] : !llvm.struct<(i32, array<2 x f32>)>
  %3 = llvm.extractelement %v[%i : i64] : vector<4xf32>
  %4 = llvm.insertelement %2, %v[%a : i32] : vector<4xf32>
  %5 = llvm.shufflevector %4, %v [0, -1, 7, 2, 3] : vector<4xf32>
  %uv = llvm.mlir.undef : vector<4xf32>
  %c0 = llvm.mlir.constant(0 : i32) : i32
  %6 = llvm.insertelement %3, %uv[%c0 : i32] : vector<4xf32>
  %7 = llvm.shufflevector %6, %uv [0, 0, 0, 0] : vector<4xf32>
  llvm.return %1 : !llvm.struct<(i32, array<2 x f32>)>
}""",
    "constants": """
llvm.func @use(!llvm.array<2 x array<2 x f32>>, vector<4xi32>, !llvm.struct<(f64, f64)>, !llvm.array<3 x i8>, f32, f64, i1, i128, !llvm.ptr, vector<3xi1>, !llvm.struct<(i32, ptr)>, !llvm.array<2 x i16>)
llvm.func @f() {
  %0 = llvm.mlir.constant(dense<[[1.0, 0.5], [-0.0, 1.0e10]]> : tensor<2x2xf32>) : !llvm.array<2 x array<2 x f32>>
  %1 = llvm.mlir.constant(dense<7> : vector<4xi32>) : vector<4xi32>
  %2 = llvm.mlir.constant([1.5 : f64, 2.25 : f64]) : !llvm.struct<(f64, f64)>
  %3 = llvm.mlir.constant("a;b") : !llvm.array<3 x i8>
  %4 = llvm.mlir.constant(0.1 : f32) : f32
  %5 = llvm.mlir.constant(3.141592653589793 : f64) : f64
  %6 = llvm.mlir.constant(true) : i1
  %7 = llvm.mlir.constant(-170141183460469231731687303715884105728 : i128) : i128
  %8 = llvm.mlir.zero : !llvm.ptr
  %9 = llvm.mlir.constant(dense<[true, false, true]> : vector<3xi1>) : vector<3xi1>
  %10 = llvm.mlir.poison : !llvm.struct<(i32, ptr)>
  %11 = llvm.mlir.constant(dense<0> : tensor<2xi16>) : !llvm.array<2 x i16>
  llvm.call @use(%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11) : (!llvm.array<2 x array<2 x f32>>, vector<4xi32>, !llvm.struct<(f64, f64)>, !llvm.array<3 x i8>, f32, f64, i1, i128, !llvm.ptr, vector<3xi1>, !llvm.struct<(i32, ptr)>, !llvm.array<2 x i16>) -> ()
  llvm.return
}""",  # noqa: E501
    "globals": """
module attributes {llvm.target_triple = "x86_64-unknown-linux-gnu"} {
  llvm.mlir.global internal constant @str("hi\\0A\\00") {addr_space = 0 : i32}
  llvm.mlir.global private @weights(dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf64>) {addr_space = 0 : i32, alignment = 64 : i64} : !llvm.array<2 x array<2 x f64>>
  llvm.mlir.global external @ext() {addr_space = 0 : i32} : i32
  llvm.mlir.global weak hidden @w() {addr_space = 0 : i32} : i32
  llvm.mlir.global linkonce_odr unnamed_addr constant @c(1 : i32) {addr_space = 0 : i32, section = "s"} : i32
  llvm.mlir.global internal thread_local @tls(2 : i64) {addr_space = 0 : i32} : i64
  llvm.mlir.global external @space(1 : i32) {addr_space = 3 : i32, dso_local} : i32
  llvm.mlir.global internal @table() {addr_space = 0 : i32} : !llvm.array<2 x ptr> {
    %0 = llvm.mlir.undef : !llvm.array<2 x ptr>
    %1 = llvm.mlir.addressof @ext : !llvm.ptr
    %2 = llvm.insertvalue %1, %0[0] : !llvm.array<2 x ptr>
    %3 = llvm.mlir.addressof @f : !llvm.ptr
    %4 = llvm.insertvalue %3, %2[1] : !llvm.array<2 x ptr>
    llvm.return %4 : !llvm.array<2 x ptr>
  }
  llvm.func @f() -> !llvm.ptr {
    %0 = llvm.mlir.addressof @space : !llvm.ptr<3>
    %1 = llvm.mlir.addressof @str : !llvm.ptr
    llvm.return %1 : !llvm.ptr
  }
}""",  # noqa: E501
    "control flow": """
llvm.func @f(%c: i1, %a: i32, %b: i64) -> i32 {
  llvm.cond_br %c, ^bb1(%a : i32), ^bb2
^bb1(%x: i32):
  llvm.br ^bb3(%x, %a : i32, i32)
^bb2:
  llvm.cond_br %c weights([3, 5]), ^bb3(%a, %a : i32, i32), ^bb4
^bb3(%y: i32, %z: i32):
  llvm.switch %y : i32, ^bb4 [
    1: ^bb1(%z : i32),
    -2: ^bb4,
    7: ^bb1(%y : i32)
  ]
^bb4:
  llvm.switch %b : i64, ^bb5 [
    9: ^bb5
  ] {branch_weights = array<i32: 1, 2>}
^bb5:
  llvm.return %a : i32
^bb6:
  llvm.unreachable
}""",
    "calls and function attributes": """
llvm.func @printf(!llvm.ptr, ...) -> i32
llvm.func @ext(i32, f32) -> f64 attributes {sym_visibility = "private"}
llvm.func extern_weak @weak(!llvm.ptr {llvm.nonnull}) -> (!llvm.ptr {llvm.noalias})
llvm.func internal hidden fastcc @callee(%p: !llvm.ptr {llvm.noalias, llvm.nocapture, llvm.align = 8 : i64}, %x: f32 {llvm.noundef}) -> (f32 {llvm.noundef}) attributes {no_inline, no_unwind, target_cpu = "generic", passthrough = ["mustprogress", ["frame-pointer", "all"]], llvm.emit_c_interface} {
  llvm.return %x : f32
}
llvm.func @f(%p: !llvm.ptr, %x: f32) -> f32 attributes {always_inline, will_return, section = ".text.f", alignment = 16 : i64} {
  %0 = llvm.call @printf(%p, %x) vararg(!llvm.func<i32 (ptr, ...)>) : (!llvm.ptr, f32) -> i32
  %1 = llvm.call fastcc tail @callee(%p, %x) {fastmathFlags = #llvm.fastmath<fast>} : (!llvm.ptr, f32) -> f32
  %2 = llvm.call %p(%1) : !llvm.ptr, (f32) -> f32
  %3 = llvm.call @ext(%0, %2) : (i32, f32) -> f64
  %4 = llvm.call @weak(%p) : (!llvm.ptr) -> !llvm.ptr
  llvm.return %2 : f32
}""",  # noqa: E501
    "intrinsics": """
llvm.func @f(%f: f32, %d: f64, %i: i32, %v: vector<4xf32>, %w: vector<4xi32>, %p: !llvm.ptr, %q: !llvm.ptr, %n: i64, %m: vector<4xi1>, %b: i8) {
  %0 = llvm.intr.fma(%f, %f, %f) : (f32, f32, f32) -> f32
  %1 = llvm.intr.fmuladd(%d, %d, %d) : (f64, f64, f64) -> f64
  %2 = llvm.intr.exp2(%v) {fastmathFlags = #llvm.fastmath<afn>} : (vector<4xf32>) -> vector<4xf32>
  %3 = llvm.intr.log10(%f) : (f32) -> f32
  %4 = llvm.intr.cos(%d) : (f64) -> f64
  %5 = llvm.intr.roundeven(%f) : (f32) -> f32
  %6 = llvm.intr.minnum(%f, %f) : (f32, f32) -> f32
  %7 = llvm.intr.powi(%d, %i) : (f64, i32) -> f64
  %8 = llvm.intr.umin(%w, %w) : (vector<4xi32>, vector<4xi32>) -> vector<4xi32>
  %9 = "llvm.intr.cttz"(%i) <{is_zero_poison = true}> : (i32) -> i32
  "llvm.intr.memcpy"(%p, %q, %n) <{isVolatile = false}> : (!llvm.ptr, !llvm.ptr, i64) -> ()
  "llvm.intr.memset"(%p, %b, %i) <{isVolatile = false}> : (!llvm.ptr, i8, i32) -> ()
  %10 = llvm.intr.masked.load %p, %m, %v {alignment = 4 : i32} : (!llvm.ptr, vector<4xi1>, vector<4xf32>) -> vector<4xf32>
  llvm.intr.masked.store %v, %p, %m {alignment = 4 : i32} : vector<4xf32>, vector<4xi1> into !llvm.ptr
  %11 = "llvm.intr.vector.reduce.xor"(%w) : (vector<4xi32>) -> i32
  %12 = "llvm.intr.vector.reduce.fmul"(%f, %v) <{fastmathFlags = #llvm.fastmath<none>}> : (f32, vector<4xf32>) -> f32
  %13 = llvm.intr.vector.reduce.fmin(%v) : (vector<4xf32>) -> f32
  %14 = llvm.intr.fma(%f, %f, %f) : (f32, f32, f32) -> f32
  llvm.return
}""",  # noqa: E501
}


@needs_mlir_translate
def test_op_families_match_mlir_translate() -> None:
    assert_same_as_mlir(FAMILIES)


def test_every_llvm_op_has_a_rule() -> None:
    """Functions and globals are translated at module level; every other op has a rule."""
    missing = [op.name for op in ALL_OPS if op not in RULES and op not in (LLVMFuncOp, GlobalOp)]
    assert missing == []


# --- constant folding ------------------------------------------------------------------------
_INT_OPS = ("add", "sub", "mul", "udiv", "sdiv", "urem", "srem", "and", "or", "xor", "shl",
            "lshr", "ashr")  # fmt: skip
_FLOAT_OPS = ("fadd", "fsub", "fmul", "fdiv", "frem")
_PREDICATES = ("eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge")
_FLOAT_PREDICATES = ("oeq", "ogt", "oge", "olt", "ole", "one", "ord", "ueq", "ugt", "uge",
                     "ult", "ule", "une", "uno")  # fmt: skip
_FLOATS = ("0.0", "-0.0", "1.5", "0.1", "-3.25", "1.0e30", "3.0e38", "1.0e-40",
           "0x7F800000", "0xFF800000", "0x7FC00000", "0xFFC00001", "0x7F800001")  # fmt: skip


def random_constant_module(seed: int, count: int = 120) -> str:
    """Ops on constants (including undef and poison), each result passed to a call so that
    the folded constant shows up in the text."""
    rng = random.Random(seed)
    lines = ["llvm.func @use_i8(i8)", "llvm.func @use_i32(i32)", "llvm.func @use_f32(f32)",
             "llvm.func @use_i1(i1)", "llvm.func @use_f64(f64)",
             "llvm.func @f() {"]  # fmt: skip
    for i in range(count):
        kind = rng.random()
        width = rng.choice((8, 32))
        t = f"i{width}"

        def int_operand(name: str, t: str = t, width: int = width) -> str:
            choice = rng.random()
            if choice < 0.08:
                lines.append(f"  %{name} = llvm.mlir.undef : {t}")
            elif choice < 0.12:
                lines.append(f"  %{name} = llvm.mlir.poison : {t}")
            else:
                half = 1 << (width - 1)
                value = rng.choice((0, 1, -1, 2, 3, 7, width - 1, width, half,
                                    rng.randrange(-half, half)))  # fmt: skip
                lines.append(f"  %{name} = llvm.mlir.constant({value} : {t}) : {t}")
            return f"%{name}"

        def float_operand(name: str) -> str:
            if rng.random() < 0.06:
                lines.append(f"  %{name} = llvm.mlir.undef : f32")
            else:
                lines.append(f"  %{name} = llvm.mlir.constant({rng.choice(_FLOATS)} : f32) : f32")
            return f"%{name}"

        if kind < 0.45:
            a, b = int_operand(f"a{i}"), int_operand(f"b{i}")
            lines.append(f"  %r{i} = llvm.{rng.choice(_INT_OPS)} {a}, {b} : {t}")
            lines.append(f"  llvm.call @use_{t}(%r{i}) : ({t}) -> ()")
        elif kind < 0.6:
            a, b = int_operand(f"a{i}"), int_operand(f"b{i}")
            lines.append(f'  %r{i} = llvm.icmp "{rng.choice(_PREDICATES)}" {a}, {b} : {t}')
            lines.append(f"  llvm.call @use_i1(%r{i}) : (i1) -> ()")
        elif kind < 0.8:
            a, b = float_operand(f"a{i}"), float_operand(f"b{i}")
            lines.append(f"  %r{i} = llvm.{rng.choice(_FLOAT_OPS)} {a}, {b} : f32")
            lines.append(f"  llvm.call @use_f32(%r{i}) : (f32) -> ()")
        elif kind < 0.88:
            a, b = float_operand(f"a{i}"), float_operand(f"b{i}")
            lines.append(f'  %r{i} = llvm.fcmp "{rng.choice(_FLOAT_PREDICATES)}" {a}, {b} : f32')
            lines.append(f"  llvm.call @use_i1(%r{i}) : (i1) -> ()")
        else:
            a = float_operand(f"a{i}")
            cast = rng.choice(("fptosi", "fptoui", "fpext", "bitcast"))
            target = {"fptosi": "i32", "fptoui": "i8", "fpext": "f64", "bitcast": "i32"}[cast]
            lines.append(f"  %r{i} = llvm.{cast} {a} : f32 to {target}")
            lines.append(f"  llvm.call @use_{target}(%r{i}) : ({target}) -> ()")
    lines += ["  llvm.return", "}"]
    return "\n".join(lines)


_V = "vector<4xi32>"


def random_vector_module(seed: int, count: int = 60) -> str:
    """Vector ops on constant vectors (splats, zero, undef, poison): folded lane by lane."""
    rng = random.Random(seed)
    lines = [f"llvm.func @use_v({_V})", "llvm.func @use_b(vector<4xi1>)", "llvm.func @use_i(i32)",
             "llvm.func @use_f(vector<4xf32>)", "llvm.func @f() {"]  # fmt: skip

    def vector(name: str) -> str:
        choice = rng.random()
        if choice < 0.15:
            lines.append(f"  %{name} = llvm.mlir.{rng.choice(('undef', 'poison', 'zero'))} : {_V}")
        else:
            values = [rng.choice((0, 1, -1, 2, 7, 31, 32, -(2**31))) for _ in range(4)]
            literal = values[0] if choice < 0.4 else values
            lines.append(f"  %{name} = llvm.mlir.constant(dense<{literal}> : {_V}) : {_V}")
        return f"%{name}"

    for i in range(count):
        kind = rng.random()
        a, b = vector(f"a{i}"), vector(f"b{i}")
        if kind < 0.4:
            lines.append(f"  %r{i} = llvm.{rng.choice(_INT_OPS)} {a}, {b} : {_V}")
            lines.append(f"  llvm.call @use_v(%r{i}) : ({_V}) -> ()")
        elif kind < 0.55:
            lines.append(f'  %r{i} = llvm.icmp "{rng.choice(_PREDICATES)}" {a}, {b} : {_V}')
            lines.append(f"  %s{i} = llvm.select %r{i}, {a}, {b} : vector<4xi1>, {_V}")
            lines.append(f"  llvm.call @use_v(%s{i}) : ({_V}) -> ()")
        elif kind < 0.7:
            mask = [rng.choice((-1, 0, 1, 2, 3, 4, 5, 6, 7)) for _ in range(4)]
            lines.append(f"  %r{i} = llvm.shufflevector {a}, {b} {mask} : {_V}")
            lines.append(f"  llvm.call @use_v(%r{i}) : ({_V}) -> ()")
        elif kind < 0.85:
            lines.append(f"  %x{i} = llvm.mlir.constant({rng.choice((0, 3, 4))} : i32) : i32")
            lines.append(f"  %r{i} = llvm.extractelement {a}[%x{i} : i32] : {_V}")
            lines.append(f"  %q{i} = llvm.insertelement %r{i}, {b}[%x{i} : i32] : {_V}")
            lines.append(f"  llvm.call @use_v(%q{i}) : ({_V}) -> ()")
        else:
            lines.append(f"  %r{i} = llvm.sitofp {a} : {_V} to vector<4xf32>")
            lines.append(f"  %t{i} = llvm.bitcast {b} : {_V} to vector<4xf32>")
            lines.append(f"  llvm.call @use_f(%r{i}) : (vector<4xf32>) -> ()")
            lines.append(f"  llvm.call @use_f(%t{i}) : (vector<4xf32>) -> ()")
    lines += ["  llvm.return", "}"]
    return "\n".join(lines)


@needs_mlir_translate
def test_constant_folding_matches_llvm() -> None:
    """Random ops on constants fold (or stay instructions) as LLVM 19's IRBuilder decides."""
    inputs = {f"scalars {s}": random_constant_module(s) for s in range(4)}
    inputs.update({f"vectors {s}": random_vector_module(s) for s in range(3)})
    assert_same_as_mlir(inputs)


@needs_mlir_translate
def test_conversion_folding_matches_llvm() -> None:
    """Integer extensions and int <-> float conversions of constants at the edges of their
    ranges (beyond 2**53 the int -> float rounding is done once, as APFloat does)."""
    body = ["llvm.func @use(i64)", "llvm.func @f() {"]
    cases = [("i1", (0, 1)), ("i16", (1, -1, 5, -32768)),
             ("i64", (-1, 2**62 + 2**39 + 1, -(2**63), 2**53 + 1))]  # fmt: skip
    for t, values in cases:
        for value in values:
            n = len(body)
            body.append(f"  %c{n} = llvm.mlir.constant({value} : {t}) : {t}")
            results = []
            if t != "i64":
                body.append(f"  %s{n} = llvm.sext %c{n} : {t} to i64")
                body.append(f"  %z{n} = llvm.zext %c{n} : {t} to i64")
                results += [f"%s{n}", f"%z{n}"]
            body.append(f"  %f{n} = llvm.sitofp %c{n} : {t} to f32")
            body.append(f"  %u{n} = llvm.uitofp %c{n} : {t} to f64")
            body.append(f"  %g{n} = llvm.fptosi %f{n} : f32 to i64")
            body.append(f"  %h{n} = llvm.fptoui %u{n} : f64 to i64")
            results += [f"%g{n}", f"%h{n}"]
            body += [f"  llvm.call @use({r}) : (i64) -> ()" for r in results]
    body += ["  llvm.return", "}"]
    assert_same_as_mlir({"conversions": "\n".join(body)})


# --- lowered modules -------------------------------------------------------------------------
@needs_mlir_translate
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_lowered_corpus_matches_mlir_translate(path: Path) -> None:
    text = path.read_text()
    assert normalize(translate(text)) == normalize(mlir_translate([text])[0])


LOWERING = ("--arith-expand --convert-scf-to-cf --convert-vector-to-llvm "
            "--expand-strided-metadata --finalize-memref-to-llvm --convert-math-to-llvm "
            "--convert-arith-to-llvm --convert-func-to-llvm --convert-cf-to-llvm "
            "--reconcile-unrealized-casts").split()  # fmt: skip

SOURCE = """
func.func @matmul(%A: memref<4x8xf32>, %B: memref<8x16xf32>, %C: memref<4x16xf32>) attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  scf.for %i = %c0 to %c4 step %c1 {
    scf.for %j = %c0 to %c16 step %c1 {
      %init = memref.load %C[%i, %j] : memref<4x16xf32>
      %r = scf.for %k = %c0 to %c8 step %c1 iter_args(%acc = %init) -> (f32) {
        %a = memref.load %A[%i, %k] : memref<4x8xf32>
        %b = memref.load %B[%k, %j] : memref<8x16xf32>
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %acc, %p : f32
        scf.yield %s : f32
      }
      memref.store %r, %C[%i, %j] : memref<4x16xf32>
    }
  }
  return
}
memref.global "private" constant @cst : memref<4xi32> = dense<[1, 2, 3, 4]>
func.func @dyn(%A: memref<?xf64>, %n: index, %i: index) -> (memref<?xf64>, i32) attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %out = memref.alloc(%n) {alignment = 64 : i64} : memref<?xf64>
  scf.for %k = %c0 to %n step %c1 {
    %x = memref.load %A[%k] : memref<?xf64>
    %y = math.exp %x : f64
    %w = arith.maximumf %y, %x : f64
    memref.store %w, %out[%k] : memref<?xf64>
  }
  %g = memref.get_global @cst : memref<4xi32>
  %v = memref.load %g[%i] : memref<4xi32>
  %q = arith.ceildivsi %v, %v : i32
  return %out, %q : memref<?xf64>, i32
}
func.func @vec(%a: vector<8xf32>, %b: vector<8xf32>) -> f32 {
  %c = arith.mulf %a, %b : vector<8xf32>
  %s = vector.reduction <add>, %c : vector<8xf32> into f32
  %bc = vector.broadcast %s : f32 to vector<8xf32>
  %f = vector.fma %a, %b, %bc : vector<8xf32>
  %e = vector.extract %f[3] : f32 from vector<8xf32>
  return %e : f32
}
"""  # noqa: E501


@needs_mlir_translate
@pytest.mark.skipif(MLIR_OPT is None, reason="mlir-opt 19 is not installed (mlir-19-tools)")
def test_mlir_opt_lowering_matches_mlir_translate() -> None:
    lowered = subprocess.run([MLIR_OPT, *LOWERING, "-"], input=SOURCE.encode(),
                             capture_output=True, check=True, timeout=120)  # fmt: skip
    assert_same_as_mlir({"lowered": lowered.stdout.decode()})


# --- where mlc prints differently: same behaviour ----------------------------------------------
def _run_ir(text: str, name: str, restype, *args):
    """Compile LLVM IR text with llvmlite and call `name`."""
    from mlc.codegen import llvm_backend

    machine = llvm_backend.host_target_machine(0)
    engine = llvm_backend.jit(llvm_backend.parse_ir(text, machine), machine)
    address = engine.get_function_address(name)
    function = ctypes.CFUNCTYPE(restype, *(type(a) for a in args))(address)
    return function(*args)


@needs_mlir_translate
def test_unfolded_x86_fp80_arithmetic_behaves_as_mlir_translate() -> None:
    """mlc leaves x86_fp80 arithmetic on constants to LLVM (mlir-translate folds it): the
    texts differ, the compiled functions agree."""
    text = """
llvm.func @f(%x: f64) -> f64 {
  %a = llvm.mlir.constant(1.25 : f80) : f80
  %b = llvm.mlir.constant(3.0 : f80) : f80
  %0 = llvm.fmul %a, %b : f80
  %1 = llvm.fptrunc %0 : f80 to f64
  %2 = llvm.fadd %1, %x : f64
  llvm.return %2 : f64
}"""
    ours, theirs = translate(text), mlir_translate([text])[0]
    assert normalize(ours) != normalize(theirs)
    x = ctypes.c_double(0.5)
    assert _run_ir(ours, "f", ctypes.c_double, x) == _run_ir(theirs, "f", ctypes.c_double, x)


def test_llvm20_mode_forms_no_mul_expressions() -> None:
    """For llvmlite's newer LLVM, a `mul` of a global's address stays an instruction."""
    text = """
llvm.mlir.global external @g(0 : i64) {addr_space = 0 : i32} : i64
llvm.func @f() -> i64 {
  %p = llvm.mlir.addressof @g : !llvm.ptr
  %i = llvm.ptrtoint %p : !llvm.ptr to i64
  %c = llvm.mlir.constant(3 : i64) : i64
  %0 = llvm.mul %i, %c : i64
  llvm.return %0 : i64
}"""
    assert "mul (i64 ptrtoint" in translate(text)
    newer = translate(text, llvm_version=20)
    assert "%1 = mul i64 ptrtoint (ptr @g to i64), 3" in newer
    _run_ir(newer, "f", ctypes.c_int64)  # llvmlite's LLVM accepts it


def test_switch_without_cases_forwards_operands() -> None:
    """mlir-translate 19 crashes on a case-less switch whose default takes operands."""
    text = """
llvm.func @f(%a: i32, %b: i64) -> i32 {
  llvm.switch %b : i64, ^bb1(%a : i32) []
^bb1(%w: i32):
  llvm.return %w : i32
}"""
    ir = translate(text)
    assert "switch i64 %1, label %3 [\n  ]" in ir
    assert "%4 = phi i32 [ %0, %2 ]" in ir
    assert _run_ir(ir, "f", ctypes.c_int32, ctypes.c_int32(7), ctypes.c_int64(1)) == 7


# --- diagnostics -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, message, line",
    [
        ("llvm.func @f(%a: i32) -> i32 {\n  %0 = arith.addi %a, %a : i32\n"
         "  llvm.return %0 : i32\n}", "no LLVM IR translation for op: arith.addi", 2),
        ("func.func @g() {\n  return\n}", "no LLVM IR translation for op: func.func", 1),
        ("llvm.func @h(%a: i32) -> i64 {\n  %0 = builtin.unrealized_conversion_cast %a : i32 "
         "to i64\n  llvm.return %0 : i64\n}",
         "LLVM Translation failed for operation: builtin.unrealized_conversion_cast", 2),
        ('llvm.func @p() attributes {passthrough = [["noinline", "x"]]} {\n  llvm.return\n}',
         "LLVM attribute 'noinline' does not expect a value, found 'x'", 1),
    ],
)  # fmt: skip
def test_untranslatable_ir_is_a_located_diagnostic(text: str, message: str, line: int) -> None:
    with pytest.raises(TranslationError) as info:
        translate(text)
    assert message in str(info.value)
    assert info.value.diagnostic.location.file_line_col().line == line


def test_translation_needs_a_module() -> None:
    module = mlc.parse("llvm.func @f() {\n  llvm.return\n}")
    with pytest.raises(TranslationError, match="expected a 'builtin.module'"):
        translate_to_llvm_ir(next(iter(module.ops)))


# --- the tools -------------------------------------------------------------------------------
def _mlc_translate(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    script = shutil.which("mlc-translate")
    command = [script] if script else [sys.executable, "-m", "mlc.tools.mlc_translate"]
    return subprocess.run([*command, *args], input=stdin, capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip


def test_mlc_translate_writes_output_atomically(tmp_path: Path) -> None:
    source = tmp_path / "in.mlir"
    source.write_text("llvm.func @f(%a: i32) -> i32 {\n  llvm.return %a : i32\n}\n")
    out = tmp_path / "out.ll"
    result = _mlc_translate("--mlir-to-llvmir", str(source), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "define i32 @f(i32 %0) {\n  ret i32 %0\n}" in out.read_text()
    source.write_text("llvm.func @f(%a: i32) -> i32 {\n  %0 = arith.addi %a, %a : i32\n"
                      "  llvm.return %0 : i32\n}\n")  # fmt: skip
    result = _mlc_translate("--mlir-to-llvmir", str(source), "-o", str(out))
    assert result.returncode == 1
    assert f"{source}:2:8: error: cannot be converted to LLVM IR" in result.stderr
    assert "Traceback" not in result.stderr
    assert "define i32 @f" in out.read_text()  # a failed run leaves the old output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.mlir", "out.ll"]


def test_mlc_translate_reports_bad_input_without_traceback(tmp_path: Path) -> None:
    result = _mlc_translate("--mlir-to-llvmir", stdin="llvm.func @f( {\n")
    assert result.returncode == 1 and "<stdin>:1:" in result.stderr
    assert "Traceback" not in result.stderr
    result = _mlc_translate(str(tmp_path / "missing.mlir"))
    assert result.returncode == 1 and "choose exactly one translation" in result.stderr


@needs_mlir_translate
def test_lit_translate_suite_agrees_with_mlir_translate() -> None:
    """tests/lit/translate's RUN lines pass with mlir-translate 19 in place of mlc-translate."""
    result = subprocess.run(
        [sys.executable, "-c", "import lit.main; lit.main.main()", "-q",
         f"--param=translate={MLIR_TRANSLATE}", str(TESTS / "lit" / "translate")],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
