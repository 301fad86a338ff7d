"""Parse-verify-print throughput of mlc-opt against xdsl-opt and mlir-opt on the same files.

For each size, one generic-syntax func/arith module (bench/gen_modules.py) is written to a
temporary directory and each tool reads it, verifies it and prints it to /dev/null. The table
gives wall time, microseconds per op and the child's peak RSS, then mlc's ratios to each peer.
Tool start-up is included, as a user of the command line pays it.

    python bench/bench_core.py --quick
    python bench/bench_core.py --sizes 10k,100k,1M --xdsl-max 100k
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from gen_modules import write_module

MLIR_OPT_CANDIDATES = ("mlir-opt-19", "/usr/lib/llvm-19/bin/mlir-opt", "mlir-opt")
SIZE_SUFFIXES = {"k": 1_000, "K": 1_000, "m": 1_000_000, "M": 1_000_000}


@dataclass(frozen=True)
class Tool:
    """A command line that reads a file and writes its output to another (/dev/null)."""

    name: str
    executable: str | None  # None: not installed

    def command(self, path: Path, output: str = os.devnull, extra: tuple = ()) -> list[str]:
        """Read `path`, write to `output`; `extra` are further arguments (a pipeline)."""
        assert self.executable is not None
        out_flag = "--output-file" if self.name == "xdsl-opt" else "-o"
        return [self.executable, str(path), out_flag, output, *extra]


@dataclass(frozen=True)
class Measurement:
    """One run: wall seconds, the child's CPU seconds (user + system: what it costs whatever
    else the machine is doing) and peak resident set size, or why there is none."""

    seconds: float | None = None
    peak_mib: float | None = None
    cpu_seconds: float | None = None
    problem: str | None = None  # "missing", "skipped ...", "exit 1: ...", "timeout ..."


def find_script(name: str) -> str | None:
    """`name` next to this interpreter (no pyenv shim or other wrapper in the timing), else on
    PATH."""
    local = Path(sysconfig.get_path("scripts")) / name
    if local.is_file() and os.access(local, os.X_OK):
        return str(local)
    return shutil.which(name)


def find_mlir_opt() -> str | None:
    """mlir-opt 19 as Debian's mlir-19-tools installs it, else any mlir-opt on PATH."""
    for candidate in MLIR_OPT_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def measure(command: list[str], timeout: float) -> Measurement:
    """Run `command` once; wall time from spawn to reap, peak RSS from `os.wait4`, which
    reports the rusage of exactly that child."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr
        )
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        killer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            if seconds >= timeout:
                return Measurement(problem=f"timeout after {timeout:g} s")
            stderr.seek(0)
            last_line = (stderr.read().decode(errors="replace").strip().splitlines() or [""])[-1]
            return Measurement(problem=f"exit {proc.returncode}: {last_line[:60]}")
    cpu = usage.ru_utime + usage.ru_stime
    return Measurement(seconds=seconds, peak_mib=usage.ru_maxrss / 1024, cpu_seconds=cpu)


def best_of(command: list[str], repeat: int, timeout: float) -> Measurement:
    """The fastest of `repeat` runs (the peak RSS reported is that run's)."""
    runs = [measure(command, timeout) for _ in range(repeat)]
    failed = [run for run in runs if run.problem]
    if failed:
        return failed[0]
    return min(runs, key=lambda run: run.seconds)


def parse_size(text: str) -> int:
    """`10k` -> 10000, `1M` -> 1000000, `2500` -> 2500."""
    text = text.strip()
    factor = SIZE_SUFFIXES.get(text[-1:], 1)
    digits = text[:-1] if factor != 1 else text
    try:
        value = int(float(digits) * factor)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 10k, 100k, 1M)") from None
    if value < 3:
        raise argparse.ArgumentTypeError(f"a module needs at least 3 ops, got {text!r}")
    return value


def parse_sizes(text: str) -> list[int]:
    return [parse_size(item) for item in text.split(",") if item.strip()]


def format_size(num_ops: int) -> str:
    for suffix, factor in (("M", 1_000_000), ("k", 1_000)):
        if num_ops >= factor and num_ops % factor == 0:
            return f"{num_ops // factor}{suffix}"
    return str(num_ops)


def format_row(size: str, tool: str, num_ops: int, result: Measurement) -> str:
    if result.problem:
        return f"{size:>6}  {tool:<9}  {result.problem}"
    us_per_op = result.seconds * 1e6 / num_ops
    return (
        f"{size:>6}  {tool:<9}  {result.seconds:>9.3f}  {result.cpu_seconds:>9.3f}  "
        f"{us_per_op:>8.2f}  {result.peak_mib:>9.1f}"
    )


HEADER = f"{'size':>6}  {'tool':<9}  {'seconds':>9}  {'cpu s':>9}  {'us/op':>8}  {'peak MiB':>9}"
RATIO_HEADER = (
    f"{'size':>6}  {'time/xdsl':>10}  {'time/mlir':>10}  {'cpu/xdsl':>9}  {'cpu/mlir':>9}"
)


def ratio_row(size: str, mine: Measurement, xdsl: Measurement, mlir: Measurement) -> str:
    """mlc's wall-time and CPU-time ratios to both peers: CPU time is what each tool costs
    whatever else the machine is doing, so it is the steadier measure on a shared machine."""
    return (
        f"{size:>6}  {format_ratio(mine, xdsl, 'seconds'):>10}  "
        f"{format_ratio(mine, mlir, 'seconds'):>10}  "
        f"{format_ratio(mine, xdsl, 'cpu_seconds'):>9}  "
        f"{format_ratio(mine, mlir, 'cpu_seconds'):>9}"
    )


def format_ratio(mine: Measurement, peer: Measurement, field: str) -> str:
    """`0.25x` when mlc needs a quarter of the peer's `field` (seconds or peak_mib); `-` when
    either did not run."""
    if mine.problem or peer.problem:
        return "-"
    return f"{getattr(mine, field) / getattr(peer, field):.2f}x"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=parse_sizes("10k,100k,1M"),
        help="comma-separated op counts (default: 10k,100k,1M)",
    )
    parser.add_argument("--quick", action="store_true", help="only 10k ops")
    parser.add_argument(
        "--xdsl-max",
        type=parse_size,
        default=100_000,
        help="largest size given to xdsl-opt (default: 100k; 1M takes minutes)",
    )
    parser.add_argument("--ops-per-func", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; best kept")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per run")
    args = parser.parse_args(argv)
    sizes = [10_000] if args.quick else args.sizes
    if args.repeat < 1 or args.ops_per_func < 1:
        parser.error("--repeat and --ops-per-func must be positive")

    mlc = Tool("mlc-opt", find_script("mlc-opt"))
    xdsl = Tool("xdsl-opt", find_script("xdsl-opt"))
    mlir = Tool("mlir-opt", find_mlir_opt())
    tools = (mlc, xdsl, mlir)
    for tool in tools:
        print(f"{tool.name:<9} {tool.executable or 'missing'}")
    print()
    print(HEADER, flush=True)

    results: dict[tuple[int, str], Measurement] = {}
    with tempfile.TemporaryDirectory(prefix="mlc-bench-") as scratch:
        for num_ops in sizes:
            path = Path(scratch) / f"module_{num_ops}.mlir"
            with open(path, "w") as out:
                write_module(out, num_ops, args.ops_per_func)
            for tool in tools:
                if tool.executable is None:
                    result = Measurement(problem="missing")
                elif tool is xdsl and num_ops > args.xdsl_max:
                    limit = format_size(args.xdsl_max)
                    result = Measurement(problem=f"skipped (> --xdsl-max {limit})")
                else:
                    result = best_of(tool.command(path), args.repeat, args.timeout)
                results[num_ops, tool.name] = result
                print(format_row(format_size(num_ops), tool.name, num_ops, result), flush=True)
            path.unlink()

    print()
    print("mlc-opt relative to its peers (time and peak memory; below 1.00x: mlc is better)")
    print(f"{RATIO_HEADER}  {'mem/xdsl':>9}  {'mem/mlir':>9}")
    for num_ops in sizes:
        mine = results[num_ops, mlc.name]
        peer_xdsl, peer_mlir = results[num_ops, xdsl.name], results[num_ops, mlir.name]
        print(
            f"{ratio_row(format_size(num_ops), mine, peer_xdsl, peer_mlir)}  "
            f"{format_ratio(mine, peer_xdsl, 'peak_mib'):>9}  "
            f"{format_ratio(mine, peer_mlir, 'peak_mib'):>9}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
