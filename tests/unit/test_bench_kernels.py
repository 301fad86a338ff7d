"""`bench/bench_kernels.py` runs end to end at tiny sizes: every peer's kernels compile and
give numpy's results (the benchmark checks each peer's output before timing it). No time is
checked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from external_tools import find_mlir_opt, find_mlir_translate

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_kernels.py"
TINY = ["--matmul", "16", "--axpb", "64", "--repeat", "1", "--ops", "40", "--repeat-compile", "1"]


def test_bench_kernels_runs_every_peer_at_tiny_sizes():
    result = subprocess.run([sys.executable, str(BENCH), *TINY], capture_output=True, text=True,
                            timeout=300, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    timed = {tuple(line.split()[:3]) for line in result.stdout.splitlines() if "ms" in line}
    peers = ["numpy", "mlc"]
    if find_mlir_opt() is not None:
        peers.append("mlir-opt")
        if find_mlir_translate() is not None:
            peers.append("mlir-translate")
    for kernel, size in (("matmul", "16"), ("axpb", "64")):
        for peer in peers:
            assert (kernel, size, peer) in timed, result.stdout
    for phase in ("parse", "lower", "translate", "LLVM"):
        assert any(line.startswith(phase) for line in result.stdout.splitlines()), result.stdout
