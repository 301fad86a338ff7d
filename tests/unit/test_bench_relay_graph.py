"""`bench/bench_relay_graph.py` runs end to end at tiny sizes: each model's relay and graph
twins compile and compute the same (the benchmark compares them with `np.testing` before
timing them). No time is checked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_relay_graph.py"


def test_bench_relay_graph_runs_both_models_at_tiny_sizes():
    result = subprocess.run([sys.executable, str(BENCH), "--tiny"], capture_output=True,
                            text=True, timeout=300, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = [line.split("|")[1:-1] for line in result.stdout.splitlines()
            if line.startswith(("| mlp", "| cnn"))]  # fmt: skip
    assert [row[0].split()[0] for row in rows] == ["mlp", "cnn"], result.stdout
    for row in rows:
        assert len(row) == 8 and "ms" in row[4] and "ms" in row[5], result.stdout


def test_an_unknown_model_is_a_usage_error():
    result = subprocess.run([sys.executable, str(BENCH), "--only", "rnn"], capture_output=True,
                            text=True, timeout=60, check=False)  # fmt: skip
    assert result.returncode == 2
    assert "unknown model(s) rnn" in result.stderr
