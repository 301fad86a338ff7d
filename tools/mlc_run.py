"""`mlc-run`: JIT-compile one function of a module and run it, as `mlir-cpu-runner` does.

    mlc-run kernel.mlir -e main --input x.npy --arg 2.5 --check --time 100
    mlc-run kernel.mlir -e main --random-inputs --seed 1 --shape 0=16x16 -o outputs/

The module may mix func, arith, math, scf, cf and memref ops, or be in the llvm dialect
already; a module of graph or relay functions, or an ONNX model (`model.onnx`), is compiled
by `mlc.compile` instead (pipeline `graph-to-llvm`). Other modules are lowered with
`DEFAULT_PIPELINE` unless they are all llvm. `--pass-pipeline` or `-p` replaces the pipeline
(and then always runs). The function is compiled at `-O0`..`-O3` (default `-O2`) and called
through the numpy runtime (`codegen.runtime`).

Decisions (see `docs/running.md`):
- Arguments come in command-line order from `--input FILE.npy` and `--arg VALUE` (a
  number, `true`/`false`, or a nested list for memrefs and vectors); `--random-inputs`
  draws the ones not given. Dtypes must match exactly, as the runtime requires.
- The outputs are the function's results, then its memref arguments as they are after the
  call, when `--output-memref-args` asks or the function returns nothing (destination
  passing style). They are printed as numpy prints them, or saved by `-o DIR` as
  `result<i>.npy` / `arg<i>.npy`, each written atomically (not when `--check` fails).
- `--check` runs the function in the reference interpreter first, on copies of the same
  inputs, and refuses to run native code when the interpreter finds undefined behaviour;
  outputs must then match (integers exactly, floats within `--rtol`/`--atol`).
- `--time N` calls the function N more times on fresh copies of the inputs and reports the
  median and minimum wall time of a call (numpy argument checks included).

Every failure is one diagnostic on stderr and exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time

import numpy as np

import mlc
from mlc.codegen import compile_module, parse_signature
from mlc.codegen.llvm_backend import write_atomically
from mlc.dialects.llvm.types import LLVMVoidType
from mlc.ir.diagnostics import DiagnosticError, SourceManager
from mlc.ir.interpreter import Interpreter
from mlc.ir.symbol_table import symbol_name
from mlc.ir.types import MemRefType
from mlc.passes.pipeline import parse_pass_list, parse_pipeline
from mlc.passes.pipelines import LOWER_TO_LLVM
from mlc.tools.common import ToolError, console_main, read_input
from mlc.tools.run_inputs import (
    copy_keeping_layout,
    for_interpreter,
    load_npy,
    parse_arg,
    parse_shape_options,
    random_value,
)
from mlc.tools.run_outputs import format_duration, format_output, mismatch

# MLIR's lowering of these dialects to llvm, in the order its `test-lower-to-llvm` runs them.
DEFAULT_PIPELINE = f"builtin.module({LOWER_TO_LLVM})"


class _Input(argparse.Action):
    """`--input` and `--arg` append (kind, text) to one list, keeping command-line order."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        kind = "npy" if self.dest == "input_file" else "arg"
        namespace.inputs = [*getattr(namespace, "inputs", []), (kind, values)]


def build_arg_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="mlc-run",
        description="JIT-compile a function of an MLIR module and run it on numpy inputs "
        "(mlc's mlir-cpu-runner).",
        epilog="Arguments are given in order by --input and --arg; --random-inputs draws the "
        "rest (integers in [-8, 8], [0, 8] for unsigned and index; floats in [-1, 1)). "
        "Outputs are the results, then the memref arguments after the call when the "
        "function returns nothing or --output-memref-args is given.",
        allow_abbrev=False,
    )
    p.set_defaults(inputs=[])
    p.add_argument("input", nargs="?", default="-", help="input file ('-' for stdin)")
    p.add_argument(
        "--entry",
        "-e",
        "--entry-point",
        dest="entry",
        default="main",
        help="the function to run (default: main)",
    )
    inputs = p.add_argument_group("arguments of the function (in order)")
    inputs.add_argument(
        "--input",
        "-i",
        dest="input_file",
        action=_Input,
        metavar="FILE.npy",
        help="the next argument from a .npy file (a 0-d array for a scalar)",
    )
    inputs.add_argument(
        "--arg",
        "-a",
        dest="arg",
        action=_Input,
        metavar="VALUE",
        help="the next argument as text: 3, -0x10, true, 2.5, nan, or a "
        "nested list like [[1, 2], [3, 4]] for a memref or vector",
    )
    inputs.add_argument(
        "--random-inputs",
        action="store_true",
        help="draw the arguments not given by --input/--arg at random",
    )
    inputs.add_argument("--seed", type=int, default=0, help="seed of --random-inputs (default 0)")
    inputs.add_argument(
        "--shape",
        action="append",
        default=[],
        metavar="ARG=SIZES",
        help="sizes of a random memref argument with dynamic sizes, e.g. "
        "'0=4x8' for argument #0 (repeatable)",
    )
    inputs.add_argument(
        "--signature",
        metavar="TYPE",
        help="the source signature of an entry already in the llvm dialect, "
        "e.g. '(memref<?xf32>, f32) -> f32', to pass memrefs",
    )
    compiling = p.add_argument_group("compilation")
    compiling.add_argument(
        "--pass-pipeline", metavar="PIPELINE", help=f"lowering to run instead of {DEFAULT_PIPELINE}"
    )
    compiling.add_argument(
        "-p",
        dest="pass_list",
        metavar="PASSES",
        help="lowering as an xDSL-style pass list: 'a,b{x=1}'",
    )
    compiling.add_argument(
        "--shared-libs",
        metavar="LIB[,LIB...]",
        action="append",
        default=[],
        help="shared libraries that define the module's external functions, loaded "
        "first (comma-separated, repeatable; mlir-cpu-runner's option)",
    )
    for level in range(4):
        compiling.add_argument(
            f"-O{level}",
            dest="opt_level",
            action="store_const",
            const=level,
            help=f"LLVM optimization level {level}" + (" (default)" if level == 2 else ""),
        )
    p.set_defaults(opt_level=2)
    outputs = p.add_argument_group("outputs")
    outputs.add_argument(
        "--output-dir",
        "-o",
        metavar="DIR",
        help="save outputs as DIR/result<i>.npy and DIR/arg<i>.npy instead of printing them",
    )
    outputs.add_argument(
        "--output-memref-args",
        action="store_true",
        help="also output the memref arguments as they are after the call",
    )
    outputs.add_argument(
        "--check", action="store_true", help="compare the outputs with the reference interpreter's"
    )
    outputs.add_argument("--rtol", type=float, default=1e-5, help="--check float tolerance")
    outputs.add_argument("--atol", type=float, default=1e-8, help="--check float tolerance")
    outputs.add_argument(
        "--time",
        type=int,
        default=0,
        metavar="N",
        help="run N more times and report the median and minimum run time",
    )
    return p


# --- the entry function ---------------------------------------------------------------------
class Entry:
    """The function to run: its name, source signature (None for an llvm.func given none)
    and its parameter and result types."""

    def __init__(self, name: str, signature, inputs: list, results: list) -> None:
        self.name, self.signature = name, signature
        self.inputs, self.results = inputs, results

    def label(self, number: int) -> str:
        return f"argument #{number} of '{self.name}'"


def find_entry(module, name: str, signature_text: str | None) -> Entry:
    """The top-level `func.func` or `llvm.func` named `name`; a `ToolError` otherwise."""
    op = next((o for o in module.ops if symbol_name(o) == name), None)
    if op is None or op.name not in ("func.func", "llvm.func"):
        found = [symbol_name(o) for o in module.ops if o.name in ("func.func", "llvm.func")]
        listed = ", ".join(f"'{n}'" for n in found) or "none"
        raise ToolError(f"no function '{name}' in the module (functions: {listed})")
    if not op.regions[0].blocks:
        raise ToolError(f"'{name}' is a declaration, it has no body to run")
    function_type = op.properties["function_type"].value
    if op.name == "func.func":
        if signature_text is not None:
            raise ToolError("--signature is for an entry already in the llvm dialect")
        return Entry(name, function_type, list(function_type.inputs), list(function_type.results))
    if signature_text is not None:
        try:
            signature = parse_signature(signature_text)
        except (TypeError, ValueError, DiagnosticError) as e:
            raise ToolError(f"--signature: {e}") from None
        return Entry(name, signature, list(signature.inputs), list(signature.results))
    results = [] if isinstance(function_type.result, LLVMVoidType) else [function_type.result]
    return Entry(name, None, list(function_type.params), results)


def is_llvm_only(module) -> bool:
    return all(op.name.startswith("llvm.") for op in module.iter_nested())


def is_graph_level(module) -> bool:
    """The module holds graph or relay code: `mlc.compile` runs it."""
    return any(op.name.startswith(("graph.", "relay.")) for op in module.iter_nested())


def graph_entry(function) -> Entry:
    """The entry for a compiled graph function: its inputs and results as memrefs with the
    symbolic dims dynamic (`--shape` gives the sizes of random inputs)."""
    from mlc.dialects.graph.call_dps import builtin_tensor_type
    from mlc.passes.buffers import memref_type

    def buffers(types) -> list:
        return [memref_type(builtin_tensor_type(t, keep_sign=True)) for t in types]

    return Entry(function.name, None, buffers(function.type.inputs),
                 buffers(function.type.results))  # fmt: skip


# --- arguments ------------------------------------------------------------------------------
def build_inputs(entry: Entry, args) -> list:
    """The function's arguments from `--input`/`--arg`, then `--random-inputs`."""
    given, count = args.inputs, len(entry.inputs)
    if len(given) > count:
        raise ToolError(f"'{entry.name}' takes {count} arguments, {len(given)} given")
    if len(given) < count and not args.random_inputs:
        raise ToolError(
            f"'{entry.name}' takes {count} arguments, {len(given)} given "
            "(--input/--arg); --random-inputs draws the others"
        )
    shapes = parse_shape_options(args.shape)
    for number in shapes:
        if not len(given) <= number < count:
            raise ToolError(f"--shape {number}=...: argument #{number} is not drawn at random")
    values = []
    for number, (kind, text) in enumerate(given):
        t, label = entry.inputs[number], entry.label(number)
        values.append(load_npy(text, t, label) if kind == "npy" else parse_arg(text, t, label))
    rng = np.random.default_rng(args.seed)
    for number in range(len(given), count):
        t, label = entry.inputs[number], entry.label(number)
        values.append(random_value(t, rng, number, label, shapes.get(number)))
    return values


def _source(args, number: int) -> str:
    if number >= len(args.inputs):
        return "drawn at random"
    kind, text = args.inputs[number]
    return f"from '{text}'" if kind == "npy" else f"from --arg '{text}'"


# --- running --------------------------------------------------------------------------------
def compile_entry(module, entry: Entry, opt_level: int, shared_libs=()):
    """The entry's `NativeFunction`; diagnostics as `DiagnosticError`, others `ToolError`."""
    signatures = {entry.name: entry.signature} if entry.signature is not None else None
    exe = compile_module(module, opt_level, signatures=signatures, shared_libs=shared_libs)
    try:
        return exe.function(entry.name)
    except KeyError as e:
        raise ToolError(f"'{entry.name}' cannot be called: {e.args[0]}") from None
    except TypeError as e:
        raise ToolError(str(e)) from None


def _results(entry: Entry, returned) -> tuple:
    """The runtime's return value (None, a value or a tuple) as a tuple."""
    if not entry.results:
        return ()
    return (returned,) if len(entry.results) == 1 else tuple(returned)


def _outputs(entry: Entry, results, arguments, with_args: bool) -> list[tuple[str, str, object]]:
    """(label, file stem, value) of each output."""
    outputs = [
        (f"result #{i} ({t})", f"result{i}", v)
        for i, (t, v) in enumerate(zip(entry.results, results))
    ]
    if with_args or not entry.results:
        outputs += [
            (f"argument #{i} ({t})", f"arg{i}", v)
            for i, (t, v) in enumerate(zip(entry.inputs, arguments))
            if isinstance(t, MemRefType)
        ]
    return outputs


def time_runs(function, inputs: list, runs: int) -> tuple[float, float]:
    """(median, minimum) seconds of `runs` calls, each on fresh copies of `inputs`."""
    times = []
    for _ in range(runs):
        copies = [copy_keeping_layout(v) for v in inputs]
        start = time.perf_counter()
        function(*copies)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def save_outputs(directory: str, outputs) -> None:
    """Each output as `directory/<stem>.npy`, written atomically."""
    try:
        os.makedirs(directory, exist_ok=True)
        for _, stem, value in outputs:
            data = io.BytesIO()
            np.save(data, np.asarray(value), allow_pickle=False)
            write_atomically(os.path.join(directory, stem + ".npy"), data.getvalue())
    except OSError as e:
        raise ToolError(f"could not write to '{directory}': {e.strerror or e}") from None


def run_native(function, entry: Entry, inputs: list, with_args: bool) -> list:
    """The outputs, (label, file stem, value), of calling compiled `function` on `inputs`."""
    return _outputs(entry, _results(entry, function(*inputs)), inputs, with_args)


def run_reference(module, entry: Entry, inputs: list, with_args: bool) -> list:
    """The values of the same outputs from the reference interpreter, run on copies of
    `inputs`; raises `DiagnosticError` (undefined behaviour) and `ToolError`."""
    copies = [copy_keeping_layout(v) for v in inputs]
    interpreted = [for_interpreter(v) for v in copies]
    try:
        results = Interpreter(module).call(entry.name, *interpreted)
    except (TypeError, ValueError) as e:
        raise ToolError(f"--check: the reference interpreter refuses the inputs: {e}") from None
    return [value for _, _, value in _outputs(entry, results, copies, with_args)]


def check_outputs(outputs: list, expected: list, rtol: float, atol: float) -> list[str]:
    """The mismatches between native `outputs` and the interpreter's `expected` values."""
    problems = []
    for (label, _, value), reference in zip(outputs, expected):
        problem = mismatch(label, reference, value, rtol, atol)
        if problem is not None:
            problems.append(problem)
    return problems


def _validate_options(args) -> None:
    if args.pass_pipeline is not None and args.pass_list is not None:
        raise ToolError("use only one of '--pass-pipeline' and '-p'")
    if args.time < 0:
        raise ToolError(f"--time expects a number of runs >= 0, got {args.time}")
    if args.rtol < 0 or args.atol < 0:
        raise ToolError("--rtol and --atol must not be negative")


def _lowering(args):
    """The lowering pass manager (parsed before anything runs, so a bad pipeline is
    reported first)."""
    if args.pass_list is not None:
        return parse_pass_list(args.pass_list)
    return parse_pipeline(args.pass_pipeline or DEFAULT_PIPELINE)


def _import_onnx(path: str):
    """The graph module of an ONNX model file (`mlc.frontends.onnx`)."""
    try:
        from mlc.frontends.onnx import from_onnx

        return from_onnx(path)
    except ImportError:
        raise ToolError("running an ONNX model needs the onnx package (pip install onnx)") from None


def shared_libraries(args) -> list[str]:
    """The paths `--shared-libs` gives, in order."""
    return [path for option in args.shared_libs for path in option.split(",") if path]


def _compile_graph(module, args, lowering):
    """(entry, compiled function, inputs) of a graph or relay module, through `mlc.compile`
    (`graph-to-llvm` unless a pipeline is given)."""
    if args.signature is not None:
        raise ToolError("--signature is for an entry already in the llvm dialect")
    given = args.pass_pipeline is not None or args.pass_list is not None
    exe = mlc.compile(module, args.opt_level, lowering if given else None,
                      shared_libs=shared_libraries(args))  # fmt: skip
    try:
        function = exe[args.entry]
    except KeyError:
        listed = ", ".join(f"'{n}'" for n in exe.functions) or "none"
        raise ToolError(f"no function '{args.entry}' in the module (functions: {listed})") from None
    entry = graph_entry(function)
    inputs = build_inputs(entry, args)
    try:
        function.check_arguments(*inputs)
    except (TypeError, ValueError) as e:
        raise ToolError(str(e)) from None
    return entry, function, inputs


def _compile_func(module, args, lowering, reference):
    """(entry, compiled function, inputs) of a module of func-level (or llvm) code."""
    entry = find_entry(module, args.entry, args.signature)
    llvm_only = is_llvm_only(module)
    if reference is not None and llvm_only:
        raise ToolError(
            "--check needs the module before its lowering to llvm (the reference "
            "interpreter does not run the llvm dialect)"
        )
    inputs = build_inputs(entry, args)
    if not llvm_only or args.pass_pipeline is not None or args.pass_list is not None:
        lowering.run(module)
    function = compile_entry(module, entry, args.opt_level, shared_libraries(args))
    for number, value in enumerate(inputs):
        try:
            function.check_argument(number, value)
        except (TypeError, ValueError) as e:
            raise ToolError(f"{e} ({_source(args, number)})") from None
    return entry, function, inputs


def execute(args, sources: SourceManager) -> int:
    """Everything after argument parsing; raises `ToolError` and `DiagnosticError`."""
    _validate_options(args)
    lowering = _lowering(args)
    if args.input.endswith(".onnx"):
        module = _import_onnx(args.input)
        reference = module.clone() if args.check else None
    else:
        filename, text = read_input(args.input)
        sources.add(filename, text)
        module = mlc.parse(text, mlc.Context(), filename)
        reference = mlc.parse(text, mlc.Context(), filename) if args.check else None
    if is_graph_level(module):
        entry, function, inputs = _compile_graph(module, args, lowering)
    else:
        entry, function, inputs = _compile_func(module, args, lowering, reference)
    with_args = args.output_memref_args
    if reference is not None:
        try:
            expected = run_reference(reference, entry, inputs, with_args)
        except DiagnosticError:
            sys.stderr.write(
                "mlc-run: error: --check: the reference interpreter fails on "
                "these inputs (native code was not run):\n"
            )
            raise
    outputs = run_native(function, entry, inputs, with_args)
    problems = []
    if reference is not None:
        problems = check_outputs(outputs, expected, args.rtol, args.atol)
    if args.output_dir is not None:
        if not problems:  # as mlc-opt's -o: no files from a failed run
            save_outputs(args.output_dir, outputs)
    else:
        sys.stdout.write("".join(format_output(label, v) + "\n" for label, _, v in outputs))
    if reference is not None and not problems:
        sys.stdout.write(
            f"check: the outputs match the reference interpreter ({len(outputs)} compared)\n"
        )
    if args.time:
        median, fastest = time_runs(function, inputs, args.time)
        sys.stdout.write(
            f"time: median {format_duration(median)}, min "
            f"{format_duration(fastest)} over {args.time} runs\n"
        )
    for problem in problems:
        sys.stderr.write(f"mlc-run: error: {problem}\n")
    return 1 if problems else 0


def _attach_arg_values(argv: list[str]) -> list[str]:
    """`--arg VALUE` as `--arg=VALUE`, so that values such as `-inf` or `-1e5`, which
    argparse would take for options, need no `=`."""
    joined, pending = [], False
    for token in argv:
        if pending:
            joined[-1] += "=" + token
        else:
            joined.append(token)
        pending = not pending and token in ("--arg", "-a")
    return joined


def run(argv: list[str] | None = None) -> int:
    argv = _attach_arg_values(sys.argv[1:] if argv is None else list(argv))
    args = build_arg_parser().parse_args(argv)
    sources = SourceManager()
    try:
        return execute(args, sources)
    except ToolError as e:
        sys.stderr.write(f"mlc-run: error: {e}\n")
    except DiagnosticError as e:
        sys.stderr.write(e.diagnostic.render(e.sources or sources) + "\n")
    return 1


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    console_main("mlc-run", run, argv)


if __name__ == "__main__":
    main()
