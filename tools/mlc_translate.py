"""`mlc-translate`: translate MLIR files to other formats, with mlir-translate's flags.

    mlc-translate --mlir-to-llvmir input.mlir -o output.ll

`--mlir-to-llvmir` parses and verifies a module in the llvm dialect and prints it as LLVM
IR, as `mlir-translate --mlir-to-llvmir` of MLIR 19 does. `--import-onnx model.onnx` reads
an ONNX model file (not MLIR text) and prints the graph-dialect module the ONNX frontend
makes of it, as `mlir-translate`'s importers do. `--split-input-file` translates
each `// -----` chunk on its own; `--verify-diagnostics` checks `expected-error` comments
instead of printing, as in mlc-opt.

Every failure (unreadable input, bad text, invalid IR, an op with no translation) is a
located diagnostic on stderr and exit code 1, never a Python traceback; `-o` is written
atomically, and only on success.
"""

from __future__ import annotations

import argparse
import sys

import mlc
from mlc.codegen.translate import translate_to_llvm_ir
from mlc.ir.diagnostics import DiagnosticError, SourceManager
from mlc.ir.syntax.parser import parse_module
from mlc.ir.verifier import verify
from mlc.tools.common import ToolError, console_main, read_input, write_output
from mlc.tools.mlc_opt import (
    SPLIT_MARKER,
    check_diagnostics,
    collect_expected,
    split_chunks,
)


def _mlir_to_llvmir(module, ctx) -> str:
    return translate_to_llvm_ir(module, resources=ctx.resources)


def _import_onnx(path: str) -> str:
    from mlc.frontends.onnx import from_onnx

    return str(from_onnx(path))


# translation flag -> (help, function of (module, context) -> text)
TRANSLATIONS = {
    "mlir-to-llvmir": ("translate a module in the llvm dialect to LLVM IR", _mlir_to_llvmir),
}
# import flag -> (help, function of the input file's path -> text): reads a file, not MLIR
IMPORTS = {
    "import-onnx": ("import an ONNX model file into the graph dialect", _import_onnx),
}


def build_arg_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="mlc-translate",
        description="MLIR translation driver (mlc): convert MLIR files to other formats.",
        allow_abbrev=False,
    )
    p.add_argument("input", nargs="?", default="-", help="input file ('-' for stdin)")
    p.add_argument("-o", dest="output", default="-", help="output file ('-' for stdout)")
    group = p.add_argument_group("translations (choose one)")
    for flag, (help_text, _) in {**TRANSLATIONS, **IMPORTS}.items():
        group.add_argument(f"--{flag}", f"-{flag}", dest="translations", action="append_const",
                           const=flag, help=help_text)  # fmt: skip
    p.add_argument("--split-input-file", "-split-input-file", action="store_true",
                   help="split the input at '// -----' lines and translate each chunk")  # fmt: skip
    p.add_argument("--verify-diagnostics", "-verify-diagnostics", action="store_true",
                   help="check diagnostics against expected-* comments in the input")  # fmt: skip
    p.add_argument("--allow-unregistered-dialect", "-allow-unregistered-dialect",
                   action="store_true", help="allow ops of unknown dialects")  # fmt: skip
    return p


def translate_buffer(text: str, name: str, translation, allow_unregistered: bool) -> str:
    """Parse, verify and translate one buffer; raises DiagnosticError."""
    ctx = mlc.Context(allow_unregistered_dialects=allow_unregistered)
    module = parse_module(text, ctx, name)
    verify(module)
    return translation(module, ctx)


def run(argv: list[str] | None = None) -> int:
    args = build_arg_parser().parse_args(sys.argv[1:] if argv is None else argv)
    chosen = args.translations or []
    if len(chosen) != 1:
        flags = ", ".join("--" + t for t in {**TRANSLATIONS, **IMPORTS})
        sys.stderr.write(f"mlc-translate: error: choose exactly one translation ({flags})\n")
        return 1
    if chosen[0] in IMPORTS:
        return run_import(IMPORTS[chosen[0]][1], args)
    translation = TRANSLATIONS[chosen[0]][1]
    try:
        filename, text = read_input(args.input)
    except ToolError as e:
        sys.stderr.write(f"mlc-translate: error: {e}\n")
        return 1
    if args.split_input_file:
        chunks = [(chunk, f"within split at {filename}:{line} offset ")
                  for chunk, line in split_chunks(text, SPLIT_MARKER)]  # fmt: skip
    else:
        chunks = [(text, filename)]
    sources = SourceManager()
    outputs, failed = [], False
    for chunk, name in chunks:
        sources.add(name, chunk)
        try:
            outputs.append(translate_buffer(chunk, name, translation,
                                            args.allow_unregistered_dialect))  # fmt: skip
            diagnostics = []
        except DiagnosticError as e:
            outputs.append("")
            diagnostics = [e.diagnostic]
        if args.verify_diagnostics:
            problems = check_diagnostics(diagnostics, collect_expected(chunk, name))
        else:
            problems = diagnostics
        for d in problems:
            sys.stderr.write(d.render(sources) + "\n")
        failed = failed or bool(problems)
    if args.verify_diagnostics or (failed and args.output != "-"):
        return 1 if failed else 0  # never replace a file with the output of a failed run
    try:
        write_output(args.output, (SPLIT_MARKER + "\n").join(outputs))
    except OSError as e:
        sys.stderr.write(f"mlc-translate: error: could not write '{args.output}': "
                         f"{e.strerror}\n")  # fmt: skip
        return 1
    return 1 if failed else 0


def run_import(importer, args) -> int:
    """Import the model file `args.input` and write the module; a bad model is a located
    diagnostic and exit code 1."""
    if args.input == "-":
        sys.stderr.write("mlc-translate: error: an import reads a model file; name it\n")
        return 1
    try:
        text = importer(args.input)
    except DiagnosticError as e:
        sys.stderr.write(str(e) + "\n")
        return 1
    except ImportError as e:
        sys.stderr.write(f"mlc-translate: error: {e.name or e} is needed for this import "
                         "(pip install 'mlc[onnx]')\n")  # fmt: skip
        return 1
    try:
        write_output(args.output, text + "\n")
    except OSError as e:
        sys.stderr.write(f"mlc-translate: error: could not write '{args.output}': "
                         f"{e.strerror}\n")  # fmt: skip
        return 1
    return 0


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    console_main("mlc-translate", run, argv)


if __name__ == "__main__":
    main()
