"""`bench/bench_models.py`'s measurement: interleaved rounds, a block per peer and round, and
ratios paired by round. A fake clock stands in for time, so nothing depends on the machine."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_models.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_models", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_models", module)
    spec.loader.exec_module(module)
    return module


class FakeClock:
    """Time that moves only when a peer is called: by the peer's cost times the round's load."""

    def __init__(self) -> None:
        self.now, self.load, self.calls = 0.0, 1.0, []

    def __call__(self) -> float:
        return self.now

    def peer(self, name: str, cost: float):
        def call():
            self.calls.append(name)
            self.now += cost * self.load
            return [cost]

        return call


def test_each_round_runs_every_peer_in_a_rotated_order_with_an_untimed_call_first():
    bench, clock = _bench(), FakeClock()
    rows = [bench.Row(name, clock.peer(name, 1.0)) for name in "abc"]
    bench.measure(rows, rounds=3, block_s=2.5, settle_s=0.0, clock=clock)
    blocks = [clock.calls[i : i + 4] for i in range(0, len(clock.calls), 4)]
    assert [b[0] for b in blocks] == list("abcbcacab")  # rotated round by round
    assert all(len(set(b)) == 1 for b in blocks)  # 1 untimed call, 3 timed to pass 2.5 s
    assert [row.rounds_s for row in rows] == [[1.0, 1.0, 1.0]] * 3


def test_ratios_pair_the_rounds_so_that_a_load_shared_by_both_peers_cancels():
    bench, clock = _bench(), FakeClock()
    fast = bench.Row("fast", clock.peer("fast", 1.0))
    slow = bench.Row("slow", clock.peer("slow", 2.0))
    for load in (1.0, 4.0, 3.0):  # the machine's load changes between rounds, not within
        clock.load = load
        bench.measure([fast, slow], rounds=1, block_s=0.0, settle_s=0.0, clock=clock)
    assert fast.median_s == 3.0 and slow.median_s == 6.0
    assert bench.ratio(slow, fast) == "2.00x"
    assert bench.ratio(fast, slow) == "0.50x"
    assert bench.ratio(fast, fast) == "-"
    assert bench.ratio(fast, bench.Row("unsupported", error="unsupported: ...")) == "-"
