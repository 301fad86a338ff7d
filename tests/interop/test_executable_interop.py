"""Executables built from mlc's lowering and from mlir-opt 19's agree (issue 4, "the native
path").

Each program is lowered to the llvm dialect twice with the `full` pipeline of
`test_lowering_interop`: by mlc, and by mlir-opt 19. Then
(a) `mlir-translate --mlir-to-llvmir` (19) accepts mlc's output, and accepts or rejects it
    exactly where it accepts or rejects mlir-opt's (a pipeline that leaves ops outside the
    llvm dialect, as MLIR's does for `memref.generic_atomic_rmw`, is rejected by both);
(b) mlc parses mlir-opt's output and JIT-compiles it, and both executables are called on the
    same inputs: their outputs (results, then memref arguments after the call) are equal bit
    for bit, and equal to the reference interpreter's on the source module (integers
    exactly, floats within a tolerance for libm's math functions where the programs have any).

Programs: the chunks of `lowering_corpus/*.mlir` and the generated func/arith modules, and
hypothesis' scf and arith programs (`test_scf_programs`, `arith_programs`) put in one module
per example. A function is run when the runtime can call it (scalars, ranked memrefs, 1-D
vectors) on inputs drawn as `mlc-run --random-inputs` draws them (dynamic sizes 8), and its
module declares no external function and has no scalable vectors (LLVM has no x86 code for
them); inputs on which the interpreter finds undefined behaviour are not run. Executables are
compiled at -O0, the IR as each tool wrote it. Each tool runs once per batch
(`--split-input-file`).
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import numpy as np
import pytest
from external_tools import (
    find_mlir_opt,
    find_mlir_translate,
    run_mlir_opt_split,
    run_mlir_translate_split,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mlc
from mlc.codegen import compile_module
from mlc.ir.diagnostics import DiagnosticError
from mlc.ir.interpreter import InterpreterError
from mlc.ir.symbol_table import symbol_name
from mlc.ir.types import DYNAMIC, MemRefType, VectorType
from mlc.passes import PassManager
from mlc.tools.common import ToolError
from mlc.tools.mlc_run import (
    check_outputs,
    find_entry,
    is_llvm_only,
    run_native,
    run_reference,
)
from mlc.tools.run_inputs import copy_keeping_layout, random_value

pytestmark = pytest.mark.skipif(
    find_mlir_opt() is None or find_mlir_translate() is None,
    reason="mlir-opt/mlir-translate 19 not found (Debian: mlir-19-tools)",
)

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "property"))
from arith_programs import arith_programs  # noqa: E402
from test_compiled_programs import _compilable  # noqa: E402
from test_lowering_interop import PIPELINES, corpus_chunks  # noqa: E402
from test_scf_programs import INPUTS, scf_programs  # noqa: E402

PIPELINE = PIPELINES["full"]
OPT_LEVEL = 0  # test_compiled_programs covers -O3
DYNAMIC_SIZE = 8
SEEDS = range(3)  # input draws per corpus function
# Today's counts of corpus chunks translated and functions run, so that none drops out
# silently (9 chunks keep ops outside the llvm dialect, math.tanh say, with either tool).
MIN_TRANSLATED_CHUNKS = 63
MIN_CORPUS_FUNCTIONS = 30
# libm's exp/log/... against numpy's: a few ulp of float32.
CORPUS_TOLERANCE = {"rtol": 1e-5, "atol": 1e-6}
EXACT = {"rtol": 0.0, "atol": 0.0}
# LLVM's x86 backend aborts the process on `llvm.intr.powi` with an i64 exponent (its
# libcall takes an `int`: "POWI exponent does not match sizeof(int)"), from either lowering.
NOT_COMPILED = {"math#2"}


class Lowered:
    """One program: its source module, mlc's lowering of it and mlir-opt's text (None where a
    tool failed)."""

    def __init__(self, name: str, source, ours, theirs: str | None) -> None:
        self.name, self.source, self.ours, self.theirs = name, source, ours, theirs

    @functools.cached_property
    def theirs_parsed(self):
        return mlc.parse(self.theirs)


@functools.cache
def lowering() -> PassManager:
    return PassManager.parse(f"builtin.module({PIPELINE})")


def lower_with_mlc(source):
    """mlc's lowering of a copy of `source`, or None where a pass fails."""
    module = source.clone()
    try:
        lowering().run(module)
    except DiagnosticError:
        return None
    return module


def lower_both(names: list[str], texts: list[str]) -> list[Lowered]:
    """Each program lowered by mlc (in process) and by mlir-opt (one run for all)."""
    theirs = run_mlir_opt_split(texts, f"--pass-pipeline=builtin.module({PIPELINE})")
    sources = [mlc.parse(text) for text in texts]
    return [Lowered(name, source, lower_with_mlc(source), reference)
            for name, source, reference in zip(names, sources, theirs)]  # fmt: skip


@functools.cache
def lowered_corpus() -> tuple[Lowered, ...]:
    chunks = corpus_chunks()
    return tuple(lower_both(list(chunks), list(chunks.values())))


def has_scalable_vectors(module) -> bool:
    """LLVM has no x86 code generation for scalable vectors: such modules are translated, not
    compiled."""
    return any(isinstance(value.type, VectorType) and any(value.type.scalable)
               for op in module.iter_nested() for value in (*op.operands, *op.results))  # fmt: skip


def declares_externals(module) -> bool:
    """A function without a body: nothing defines its symbol in the JIT."""
    return any(op.name in ("func.func", "llvm.func") and not op.regions[0].blocks
               for op in module.ops)  # fmt: skip


def assert_translate_agrees(programs: list[Lowered]) -> int:
    """(a): mlir-translate accepts mlc's output wherever it is all llvm dialect, and exactly
    where it accepts mlir-opt's. Returns how many it accepted."""
    assert all(p.ours is not None and p.theirs is not None for p in programs), [
        p.name for p in programs if p.ours is None or p.theirs is None
    ]
    translated = run_mlir_translate_split([str(p.ours) for p in programs]
                                          + [p.theirs for p in programs])  # fmt: skip
    ours, theirs = translated[: len(programs)], translated[len(programs) :]
    for program, mine, reference in zip(programs, ours, theirs):
        if is_llvm_only(program.ours):
            assert mine is not None, f"mlir-translate rejects mlc's lowering of {program.name}"
        assert (mine is None) == (reference is None), (
            f"{program.name}: mlir-translate {'rejects' if mine is None else 'accepts'} mlc's "
            f"lowering but {'rejects' if reference is None else 'accepts'} mlir-opt's"
        )
    return sum(mine is not None for mine in ours)


def runnable_functions(source) -> list[str]:
    """The public functions with a body."""
    return [symbol_name(op) for op in source.ops
            if op.name == "func.func" and op.regions[0].blocks
            and "sym_visibility" not in op.properties]  # fmt: skip


def compile_both(program: Lowered, names: list[str]):
    """mlc's and mlir-opt's lowerings JIT-compiled, with the source signatures of `names`;
    None where either lowering has ops outside the llvm dialect or external symbols, or the
    program has scalable vectors."""
    modules = [program.ours, program.theirs_parsed]
    if has_scalable_vectors(program.source) or not all(
        is_llvm_only(m) and not declares_externals(m) for m in modules
    ):
        return None
    signatures = {name: find_entry(program.source, name, None).signature for name in names}
    return [compile_module(m, OPT_LEVEL, signatures) for m in modules]


def draw_inputs(entry, seed: int) -> list | None:
    """`mlc-run --random-inputs`'s inputs for `entry`, or None where it cannot draw them."""
    rng = np.random.default_rng(seed)
    inputs = []
    for number, t in enumerate(entry.inputs):
        sizes = None
        if isinstance(t, MemRefType):
            sizes = tuple(DYNAMIC_SIZE if size == DYNAMIC else size for size in t.shape)
        try:
            inputs.append(random_value(t, rng, number, entry.label(number), sizes))
        except ToolError:
            return None  # a type without a numpy equivalent (tensors, f8, unranked memrefs)
    return inputs


def assert_same_bits(name: str, ours: list, theirs: list) -> None:
    for (label, _, mine), (_, _, reference) in zip(ours, theirs):
        mine, reference = np.asarray(mine), np.asarray(reference)
        assert (mine.dtype, mine.shape, mine.tobytes()) == (
            reference.dtype,
            reference.shape,
            reference.tobytes(),
        ), f"{name}, {label}: mlc's lowering gives {mine}, mlir-opt's {reference}"


def run_and_compare(source, executables, name: str, inputs: list, tolerance: dict) -> bool:
    """(b) for one call: both executables agree with each other bit for bit and with the
    interpreter. False where the interpreter rejects the inputs (nothing is run)."""
    entry = find_entry(source, name, None)
    try:
        expected = run_reference(source, entry, inputs, with_args=True)
    except InterpreterError:
        return False  # undefined behaviour, a failed cf.assert: native code is not run
    outputs = [run_native(exe.function(name), entry, [copy_keeping_layout(v) for v in inputs],
                          with_args=True) for exe in executables]  # fmt: skip
    for tool, output in zip(("mlc", "mlir-opt"), outputs):
        problems = check_outputs(output, expected, **tolerance)
        assert not problems, f"{name} lowered by {tool}, inputs {inputs}: {problems}"
    assert_same_bits(name, *outputs)
    return True


def callable_by_runtime(executable, name: str) -> bool:
    """The numpy runtime passes every parameter and result (not 2-D vectors, say)."""
    try:
        executable.function(name)
    except TypeError:
        return False
    return True


def test_mlir_translate_accepts_mlc_lowered_corpus():
    accepted = assert_translate_agrees(list(lowered_corpus()))
    assert accepted >= MIN_TRANSLATED_CHUNKS, accepted


def test_corpus_executables_agree():
    ran = []
    for program in lowered_corpus():
        if program.name in NOT_COMPILED:
            continue
        source = program.source
        names = runnable_functions(source)
        executables = compile_both(program, names) if names else None
        if executables is None:
            continue
        for name in names:
            if not callable_by_runtime(executables[0], name):
                continue
            entry = find_entry(source, name, None)
            draws = [draw_inputs(entry, seed) for seed in SEEDS]
            if any(inputs is not None and run_and_compare(source, executables, name, inputs,
                                                          CORPUS_TOLERANCE)
                   for inputs in draws):  # fmt: skip
                ran.append(f"{program.name} @{name}")
    assert len(ran) >= MIN_CORPUS_FUNCTIONS, ran


def program_module(draw) -> tuple[str, dict[str, list]]:
    """One module of random scf and arith programs (`@f0`, `@f1`, ...) and inputs for each."""
    functions, inputs = [], {}
    for program in draw(st.lists(scf_programs(), min_size=1, max_size=2), label="scf"):
        name = f"f{len(functions)}"
        functions.append(program.replace("func.func @f(", f"func.func @{name}(", 1))
        inputs[name] = draw(st.lists(INPUTS, min_size=1, max_size=3), label="scf inputs")
    # MLIR 19 folds maxnumf/minnumf where they are not defined (see test_lowering_interop).
    arith = arith_programs().filter(lambda p: _compilable(p) and "numf" not in repr(p))
    for program in draw(st.lists(arith, min_size=1, max_size=2), label="arith"):
        name = f"f{len(functions)}"
        functions.append(str(program.function).replace("func.func @f(", f"func.func @{name}(", 1))
        inputs[name] = draw(st.lists(program.inputs(), min_size=1, max_size=3), label="inputs")
    return "module {\n" + "\n".join(functions) + "\n}\n", inputs


@settings(
    max_examples=min(settings.default.max_examples, 6),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                           HealthCheck.data_too_large],
)  # fmt: skip
@given(data=st.data())
def test_generated_program_executables_agree(data):
    text, inputs = program_module(data.draw)
    (program,) = lower_both(["generated"], [text])
    assert assert_translate_agrees([program]) == 1
    executables = compile_both(program, list(inputs))
    assert executables is not None, program.ours
    for name, calls in inputs.items():
        for args in calls:
            run_and_compare(program.source, executables, name, list(args), EXACT)
