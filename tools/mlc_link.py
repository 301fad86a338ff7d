"""`mlc-link`: link MLIR modules into one, as `llvm-link` links bitcode files.

    mlc-link a.mlir b.mlir -o linked.mlir

Symbols resolve as `mlc.link` resolves them (see `passes/link.py`): declarations meet their
definitions, a public name defined twice is a diagnostic at both definitions, clashing
private definitions are renamed. Every failure (an unreadable or invalid input, a conflict,
a linked module that does not verify) is a located diagnostic and exit code 1; `-o` is
written atomically, and only on success.
"""

from __future__ import annotations

import argparse
import sys

import mlc
from mlc.ir.diagnostics import DiagnosticError, SourceManager
from mlc.ir.syntax.parser import parse_module
from mlc.ir.verifier import verify
from mlc.passes.link import link
from mlc.tools.common import ToolError, console_main, read_input, write_output


def build_arg_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mlc-link", allow_abbrev=False,
                                description="Link MLIR modules into one (mlc).")  # fmt: skip
    p.add_argument("inputs", nargs="+", help="input files ('-' for stdin, at most once)")
    p.add_argument("-o", dest="output", default="-", help="output file ('-' for stdout)")
    p.add_argument("--allow-unregistered-dialect", "-allow-unregistered-dialect",
                   action="store_true", help="allow ops of unknown dialects")  # fmt: skip
    p.add_argument("--mlir-print-op-generic", "-mlir-print-op-generic", action="store_true",
                   help="print the linked module in generic form")  # fmt: skip
    return p


def run(argv: list[str] | None = None) -> int:
    args = build_arg_parser().parse_args(sys.argv[1:] if argv is None else argv)
    ctx = mlc.Context(allow_unregistered_dialects=args.allow_unregistered_dialect)
    sources = SourceManager()
    try:
        modules = []
        for path in args.inputs:
            name, text = read_input(path)
            sources.add(name, text)
            module = parse_module(text, ctx, name)
            verify(module)
            modules.append(module)
        linked = link(modules)
    except ToolError as e:
        sys.stderr.write(f"mlc-link: error: {e}\n")
        return 1
    except DiagnosticError as e:
        sys.stderr.write(e.diagnostic.render(sources) + "\n")
        return 1
    text = linked.print(generic=args.mlir_print_op_generic)
    try:
        write_output(args.output, text + ("" if text.endswith("\n") else "\n"))
    except OSError as e:
        sys.stderr.write(f"mlc-link: error: could not write '{args.output}': {e.strerror}\n")
        return 1
    return 0


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    console_main("mlc-link", run, argv)


if __name__ == "__main__":
    main()
