"""`mlc-opt`: parse, verify, transform and print MLIR files, with mlir-opt's flags.

A pipeline comes from `--pass-pipeline=builtin.module(...)`, from xDSL's `-p a,b{x=1}`, from
per-pass flags (`--symbol-dce --dce`), or with `--run-reproducer` from the input's
`mlir_reproducer` section; it runs on each buffer (each chunk with `--split-input-file`).

Every failure (unreadable input, bad text, invalid IR, unmatched expected diagnostics) is a
located diagnostic on stderr and exit code 1; never a Python traceback. `-o` is written
atomically, and only on success.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable

import mlc
from mlc.dialects.plugins import load_dialect_plugin
from mlc.ir.diagnostics import Diagnostic, DiagnosticError, SourceManager
from mlc.ir.location import FileLineColLoc
from mlc.ir.syntax.lexer import unescape_string
from mlc.ir.syntax.parser import parse_module
from mlc.ir.syntax.printer import print_operation
from mlc.ir.verifier import verify
from mlc.passes.instrumentation import IRPrinter, PassInstrumentation, PassTiming
from mlc.passes.pass_base import format_value
from mlc.passes.pass_manager import PassManager
from mlc.passes.pipeline import parse_pass_list, parse_pipeline
from mlc.passes.registry import (
    load_pass_plugin,
    lookup_pass,
    lookup_pipeline,
    registered_passes,
    registered_pipelines,
)
from mlc.tools.common import ToolError, console_main, read_input, write_output

SPLIT_MARKER = "// -----"
_EXPECTED_RE = re.compile(
    r"expected-(error|warning|remark|note)\s*(?:@(above|below|[+-][0-9]+|[0-9]+))?\s*\{\{(.*?)\}\}"
)


def _flag(parser, name: str, **kw) -> None:
    """mlir-opt accepts `-name` and `--name`."""
    parser.add_argument(f"--{name}", f"-{name}", **kw)


class _PassFlag(argparse.Action):
    """`--NAME` of a registered pass or pipeline: appended in command-line order."""

    def __init__(self, option_strings, dest, **kw) -> None:
        super().__init__(option_strings, "pass_flags", nargs=0, default=[], **kw)
        self.pass_name = option_strings[0][2:]

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        namespace.pass_flags = [*namespace.pass_flags, self.pass_name]


def _take_pass_options(argv: list[str], static_flags: set[str]) -> list[tuple[str, str | None]]:
    """Turn each `--NAME="opt=v opt2=w"` of a registered pass into `--NAME` (options come
    only with `=`, as in mlir-opt, so `--cse FILE` reads FILE); return every pass flag's
    name and options in command-line order (None: defaults). Only flags that are not the
    tool's own (`static_flags`) are looked up, as looking up a name imports pass modules."""
    found: list[tuple[str, str | None]] = []
    for i, arg in enumerate(argv):
        flag, eq, options = arg.partition("=")
        name = flag.lstrip("-")
        if not name or not flag.startswith("-") or flag in static_flags:
            continue
        if lookup_pass(name) or lookup_pipeline(name):
            argv[i] = f"--{name}"
            found.append((name, options if eq else None))
    return found


def build_arg_parser() -> argparse.ArgumentParser:
    """The tool's own options; `add_pass_flags` adds a `--NAME` per pass and pipeline."""
    p = argparse.ArgumentParser(
        prog="mlc-opt",
        description="MLIR modular optimizer driver (mlc): parse, verify, transform and print IR.",
        allow_abbrev=False,
    )
    p.add_argument("input", nargs="?", default="-", help="input file ('-' for stdin)")
    p.add_argument("-o", dest="output", default="-", help="output file ('-' for stdout)")
    _flag(p, "mlir-print-op-generic", action="store_true", help="print the generic op form")
    _flag(p, "mlir-print-debuginfo", action="store_true", help="print locations")
    _flag(p, "mlir-print-local-scope", action="store_true",
          help="print without aliases, locations inline")  # fmt: skip
    _flag(p, "allow-unregistered-dialect", action="store_true",
          help="allow ops and attributes of unknown dialects")  # fmt: skip
    _flag(p, "split-input-file", action="store_const", const=SPLIT_MARKER, default=None,
          help="split the input at '// -----' lines (or --split-input-file=MARKER) and process "
               "each chunk")  # fmt: skip
    _flag(p, "verify-diagnostics", action="store_true",
          help="check diagnostics against expected-* comments in the input")  # fmt: skip
    _flag(p, "verify-each", default="true", choices=["true", "false", "1", "0"],
          help="verify the IR (after parsing and after each pass)")  # fmt: skip
    _flag(p, "pass-pipeline", metavar="PIPELINE",
          help="the pipeline to run, e.g. 'builtin.module(func.func(dce),symbol-dce)'")  # fmt: skip
    p.add_argument("-p", dest="pass_list", metavar="PASSES",
                   help="xDSL-style pass list run on the module: 'dce,symbol-dce'")  # fmt: skip
    _flag(p, "load-dialect-plugin", action="append", default=[], metavar="NAME",
          help="load the installed dialect plugin NAME (entry points mlc.dialects)")  # fmt: skip
    _flag(p, "load-pass-plugin", action="append", default=[], metavar="NAME",
          help="load the installed pass plugin NAME (entry point group mlc.passes)")  # fmt: skip
    _flag(p, "list-passes", action="store_true",
          help="list the registered passes and pipelines with their options, and exit")  # fmt: skip
    _flag(p, "run-reproducer", action="store_true",
          help="run the pipeline stored in the input's mlir_reproducer section")  # fmt: skip
    _flag(p, "mlir-pass-pipeline-crash-reproducer", metavar="FILE",
          help="when a pass fails, write the IR before it and the pipeline to FILE")  # fmt: skip
    _flag(p, "mlir-timing", action="store_true", help="display execution times on stderr")
    _flag(p, "mlir-print-ir-before", action="append", default=[], metavar="PASS",
          help="print the IR before the pass PASS (repeatable)")  # fmt: skip
    _flag(p, "mlir-print-ir-after", action="append", default=[], metavar="PASS",
          help="print the IR after the pass PASS (repeatable)")  # fmt: skip
    _flag(p, "mlir-print-ir-before-all", action="store_true", help="print the IR before each pass")
    _flag(p, "mlir-print-ir-after-all", action="store_true", help="print the IR after each pass")
    _flag(p, "mlir-print-ir-after-change", action="store_true",
          help="when printing the IR after a pass, only print if the IR changed")  # fmt: skip
    _flag(p, "mlir-print-ir-after-failure", action="store_true",
          help="when printing the IR after a pass, only print if the pass failed")  # fmt: skip
    p.set_defaults(pass_flags=[])
    return p


def add_pass_flags(parser: argparse.ArgumentParser, names: Iterable[str] | None) -> None:
    """A `--NAME` flag for each pass or pipeline in `names`, or for every registered one
    (None: what `--help` lists, at the cost of importing every pass module)."""
    passes = parser.add_argument_group("passes (run in command-line order)")
    if names is None:
        pass_classes = registered_passes()
        pipelines = registered_pipelines()
    else:
        names = sorted(set(names))
        pass_classes = [c for c in map(lookup_pass, names) if c is not None]
        pipelines = [i for i in map(lookup_pipeline, names) if i is not None]
    for pass_cls in pass_classes:
        _flag(passes, pass_cls.name, action=_PassFlag, help=pass_cls.summary)
    for info in pipelines:
        _flag(passes, info.name, action=_PassFlag, help=f"{info.summary} (pipeline: {info.text})")


def list_passes() -> str:
    """`--list-passes`: every pass with its summary and options, then the named pipelines."""
    lines = ["Passes:"]
    for pass_cls in registered_passes():
        lines.append(f"  {pass_cls.name}: {pass_cls.summary}")
        if pass_cls.anchor is not None:
            lines.append(f"    runs on: {pass_cls.anchor}")
        for option in pass_cls.options():
            default = format_value(option.default)
            line = f"    {option.name}: {option.type_name} = {default}  {option.help}"
            lines.append(line.rstrip())
    lines.append("Pass pipelines:")
    for info in registered_pipelines():
        lines.append(f"  {info.name}: {info.summary}")
        lines.append(f"    expands to: {info.text}")
    return "\n".join(lines) + "\n"


def _take_split_marker(argv: list[str]) -> str | None:
    """`--split-input-file=MARKER` (a marker only ever comes with `=`, as in mlir-opt, so
    `--split-input-file FILE` reads FILE); removes it from `argv`."""
    for i, arg in enumerate(argv):
        flag, eq, value = arg.partition("=")
        if eq and flag in ("--split-input-file", "-split-input-file"):
            del argv[i]
            return value
    return None


def split_chunks(text: str, marker: str) -> list[tuple[str, int]]:
    """Chunks of `text` split at lines holding `marker`, as mlir-opt splits: a chunk starts
    right after a marker (so its first line is the rest of the marker line) and is named by
    the line of that marker (1 for the first chunk)."""
    chunks, start, line = [], 0, 1
    pattern = re.compile(r"^[ \t]*" + re.escape(marker) + r"[ \t]*$", re.M)
    for m in pattern.finditer(text):
        chunks.append((text[start : m.start()], line))
        line = text.count("\n", 0, m.start()) + 1
        start = m.end()
    chunks.append((text[start:], line))
    return chunks


class Options:
    """What to do with each buffer."""

    def __init__(self, args) -> None:
        self.generic = args.mlir_print_op_generic
        self.debuginfo = args.mlir_print_debuginfo
        self.local_scope = args.mlir_print_local_scope
        self.allow_unregistered = args.allow_unregistered_dialect
        self.verify = args.verify_each in ("true", "1")
        self.pass_manager: PassManager | None = None
        self.run_reproducer = args.run_reproducer
        self.crash_reproducer = args.mlir_pass_pipeline_crash_reproducer
        self.timing = PassTiming() if args.mlir_timing else None
        self.instrumentations: list[PassInstrumentation] = []
        if self.timing is not None:
            self.instrumentations.append(self.timing)
        printing = (args.mlir_print_ir_before, args.mlir_print_ir_after,
                    args.mlir_print_ir_before_all, args.mlir_print_ir_after_all,
                    args.mlir_print_ir_after_change, args.mlir_print_ir_after_failure)  # fmt: skip
        if any(printing):
            self.instrumentations.append(IRPrinter(
                before=None if args.mlir_print_ir_before_all else args.mlir_print_ir_before,
                after=None if args.mlir_print_ir_after_all else args.mlir_print_ir_after,
                after_change=args.mlir_print_ir_after_change,
                after_failure=args.mlir_print_ir_after_failure,
                generic=self.generic,
            ))  # fmt: skip

    def manager(self, text: str, from_list: bool, verify_each: bool | None = None) -> PassManager:
        """Parse a pipeline with this run's instrumentation; raises DiagnosticError."""
        parse = parse_pass_list if from_list else parse_pipeline
        return parse(
            text,
            verify_each=self.verify if verify_each is None else verify_each,
            instrumentations=self.instrumentations,
            crash_reproducer=self.crash_reproducer,
        )


def pipeline_from_args(args) -> tuple[str, bool] | None:
    """(pipeline text, whether it is a `-p` style list) from the command line, or None."""
    given = [args.pass_pipeline is not None, args.pass_list is not None, bool(args.pass_flags)]
    if sum(given) > 1:
        raise ToolError("use only one of '--pass-pipeline', '-p' and individual pass flags")
    if args.pass_pipeline is not None:
        return args.pass_pipeline, False
    if args.pass_list is not None:
        return args.pass_list, True
    if args.pass_flags:
        flags = zip(args.pass_flags, args.pass_options)
        return ",".join(_flag_element(name, options) for name, options in flags), True
    return None


def _flag_element(name: str, options: str | None) -> str:
    """A pass flag's pipeline element: a pass anchored on another op gets nested in it."""
    pass_cls = lookup_pass(name)
    anchor = pass_cls.anchor if pass_cls is not None else None
    element = f"{name}{{{options}}}" if options else name
    return f"{anchor}({element})" if anchor not in (None, "builtin.module") else element


def _reproducer_manager(ctx, opts: Options) -> PassManager:
    """The pipeline of the buffer's `mlir_reproducer` section (`--run-reproducer`)."""
    config = ctx.resources.get("mlir_reproducer", {})
    pipeline = config.get("pipeline")
    if pipeline is None or not pipeline.startswith('"'):
        raise DiagnosticError("--run-reproducer: the input has no mlir_reproducer pipeline")
    verify_each = config.get("verify_each", "true") == "true"
    return opts.manager(unescape_string(pipeline), False, verify_each)


def process_buffer(text: str, filename: str, opts: Options) -> str:
    """Parse, verify, run the pipeline on and print one buffer; raises DiagnosticError."""
    ctx = mlc.Context(allow_unregistered_dialects=opts.allow_unregistered)
    if opts.timing is not None:
        with opts.timing.time("Parser"):
            module = parse_module(text, ctx, filename)
    else:
        module = parse_module(text, ctx, filename)
    if opts.verify:
        verify(module)
    pm = _reproducer_manager(ctx, opts) if opts.run_reproducer else opts.pass_manager
    if pm is not None:
        pm.run(module)
    if opts.timing is not None:
        with opts.timing.time("Output"):
            return _print(module, ctx, opts)
    return _print(module, ctx, opts)


def _print(module, ctx, opts: Options) -> str:
    return print_operation(
        module,
        generic=opts.generic,
        debuginfo=opts.debuginfo,
        local_scope=opts.local_scope,
        resources=ctx.resources,
    )


# --- verify-diagnostics -------------------------------------------------------------------
class Expected:
    __slots__ = ("severity", "line", "message", "loc", "matched")

    def __init__(self, severity, line, message, loc) -> None:
        self.severity, self.line, self.message, self.loc = severity, line, message, loc
        self.matched = False


def collect_expected(text: str, filename: str) -> list[Expected]:
    expected = []
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        for m in _EXPECTED_RE.finditer(line):
            severity, where, message = m.groups()
            target = number
            if where == "above":
                target = number - 1
            elif where == "below":
                target = number + 1
            elif where:
                target = number + int(where) if where[0] in "+-" else int(where)
            loc = FileLineColLoc(filename, number, m.start() + 1)
            expected.append(Expected(severity, target, message, loc))
    return expected


def check_diagnostics(diags: list[Diagnostic], expected: list[Expected]) -> list[Diagnostic]:
    """Match emitted diagnostics (and their notes) against expectations; the problems."""
    problems = []
    flat = []
    for d in diags:
        flat.append(d)
        flat.extend(d.notes)
    for d in flat:
        flc = d.location.file_line_col()
        for e in expected:
            if e.matched or e.severity != d.severity:
                continue
            if flc is not None and flc.line == e.line and e.message in d.message:
                e.matched = True
                break
        else:
            problems.append(
                Diagnostic("error", f"unexpected {d.severity}: {d.message}", d.location)
            )
    for e in expected:
        if not e.matched:
            problems.append(
                Diagnostic("error", f'expected {e.severity} "{e.message}" was not produced', e.loc)
            )
    return problems


# --- driver ---------------------------------------------------------------------------------
def run(argv: list[str] | None = None) -> int:
    parser = build_arg_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    marker = _take_split_marker(argv)
    static_flags = {flag for action in parser._actions for flag in action.option_strings}
    pass_flags = _take_pass_options(argv, static_flags)
    wants_help = "-h" in argv or "--help" in argv
    add_pass_flags(parser, None if wants_help else [name for name, _ in pass_flags])
    args = parser.parse_args(argv)
    args.pass_options = [options for _, options in pass_flags]
    if marker is not None:
        args.split_input_file = marker
    try:
        for name in args.load_dialect_plugin:
            load_dialect_plugin(name)
        for name in args.load_pass_plugin:
            load_pass_plugin(name)
    except DiagnosticError as e:
        sys.stderr.write(f"mlc-opt: error: {e.diagnostic.message}\n")
        return 1
    if args.list_passes:
        sys.stdout.write(list_passes())
        return 0
    opts = Options(args)
    sources = SourceManager()
    try:
        pipeline = pipeline_from_args(args)
        if pipeline is not None:
            if args.run_reproducer:
                raise ToolError("'--run-reproducer' takes the pipeline from the input only")
            opts.pass_manager = opts.manager(*pipeline)
        filename, text = read_input(args.input)
    except ToolError as e:
        sys.stderr.write(f"mlc-opt: error: {e}\n")
        return 1
    except DiagnosticError as e:
        sys.stderr.write(f"mlc-opt: {e}\n")
        return 1
    if args.split_input_file:
        chunks = [
            (chunk, f"within split at {filename}:{line} offset ")
            for chunk, line in split_chunks(text, args.split_input_file)
        ]
    else:
        chunks = [(text, filename)]
    outputs, failed = [], False
    for chunk, name in chunks:
        sources.add(name, chunk)
        expected = collect_expected(chunk, name) if args.verify_diagnostics else None
        try:
            outputs.append(process_buffer(chunk, name, opts))
            diags = []
        except DiagnosticError as e:
            outputs.append("")
            diags = [e.diagnostic]
        if expected is None:
            for d in diags:
                sys.stderr.write(d.render(sources) + "\n")
                failed = True
            continue
        problems = check_diagnostics(diags, expected)
        for d in problems:
            sys.stderr.write(d.render(sources) + "\n")
        failed = failed or bool(problems)
    if opts.timing is not None:
        sys.stderr.write(opts.timing.report())
    if failed and args.output != "-":
        return 1  # never replace a file with the output of a failed run
    marker = args.split_input_file or SPLIT_MARKER
    try:
        write_output(args.output, (marker + "\n").join(outputs))
    except OSError as e:
        sys.stderr.write(f"mlc-opt: error: could not write '{args.output}': {e.strerror}\n")
        return 1
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    console_main("mlc-opt", run, argv, skip_teardown=True)


if __name__ == "__main__":
    main()
