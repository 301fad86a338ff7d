"""`canonicalize,cse` throughput of mlc-opt against xdsl-opt and mlir-opt, with how much each
simplified: the ops left in its output.

Each size is one generic-syntax func/arith module of bench/gen_modules.py (random arithmetic
with constants, dead values and foldable expressions). Every tool parses it, runs
canonicalize then cse on the module, and prints the result in generic form to a file, whose
ops are counted (one op per line in generic form). Tool start-up is included.

    python bench/bench_canonicalize.py --quick
    python bench/bench_canonicalize.py --sizes 10k,100k,1M --xdsl-max 100k
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

from bench_core import (
    HEADER,
    RATIO_HEADER,
    Measurement,
    Tool,
    best_of,
    find_mlir_opt,
    find_script,
    format_row,
    format_size,
    parse_size,
    parse_sizes,
    ratio_row,
)
from gen_modules import write_module

PIPELINE_ARGS = {
    "mlc-opt": ("--pass-pipeline=builtin.module(canonicalize,cse)", "--mlir-print-op-generic"),
    "mlir-opt": ("--pass-pipeline=builtin.module(canonicalize,cse)", "--mlir-print-op-generic"),
    "xdsl-opt": ("-p", "canonicalize,cse", "--print-op-generic"),
}
GENERIC_OP_LINE = re.compile(rb'^\s*(?:%[^=]*= )?"[\w$.]+"\(', re.MULTILINE)


def count_ops(path: Path) -> int:
    """Ops in a generic-form file: each starts a line with its quoted name."""
    return len(GENERIC_OP_LINE.findall(path.read_bytes()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=parse_sizes, default=parse_sizes("10k,100k,1M"))
    parser.add_argument("--quick", action="store_true", help="only 10k ops")
    parser.add_argument(
        "--xdsl-max", type=parse_size, default=100_000, help="largest size for xdsl-opt"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; best kept")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per run")
    args = parser.parse_args(argv)
    sizes = [10_000] if args.quick else args.sizes

    mlc = Tool("mlc-opt", find_script("mlc-opt"))
    xdsl = Tool("xdsl-opt", find_script("xdsl-opt"))
    mlir = Tool("mlir-opt", find_mlir_opt())
    tools = (mlc, xdsl, mlir)
    for tool in tools:
        print(f"{tool.name:<9} {tool.executable or 'missing'}")
    print()
    print(f"{HEADER}  {'ops left':>9}", flush=True)

    results: dict[tuple[int, str], Measurement] = {}
    with tempfile.TemporaryDirectory(prefix="mlc-bench-") as scratch:
        for num_ops in sizes:
            source = Path(scratch) / f"module_{num_ops}.mlir"
            with open(source, "w") as out:
                write_module(out, num_ops)
            for tool in tools:
                output = Path(scratch) / f"out_{tool.name}.mlir"
                left = ""
                if tool.executable is None:
                    result = Measurement(problem="missing")
                elif tool is xdsl and num_ops > args.xdsl_max:
                    result = Measurement(
                        problem=f"skipped (> --xdsl-max {format_size(args.xdsl_max)})"
                    )
                else:
                    command = tool.command(source, str(output), PIPELINE_ARGS[tool.name])
                    result = best_of(command, args.repeat, args.timeout)
                    if not result.problem:
                        left = f"{count_ops(output):>9}"
                    output.unlink(missing_ok=True)
                results[num_ops, tool.name] = result
                row = format_row(format_size(num_ops), tool.name, num_ops, result)
                print(f"{row}  {left}", flush=True)
            source.unlink()

    print()
    print("mlc-opt time relative to its peers (below 1.00x: mlc is faster)")
    print(RATIO_HEADER)
    for num_ops in sizes:
        mine = results[num_ops, mlc.name]
        xdsl_result, mlir_result = results[num_ops, xdsl.name], results[num_ops, mlir.name]
        print(ratio_row(format_size(num_ops), mine, xdsl_result, mlir_result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
