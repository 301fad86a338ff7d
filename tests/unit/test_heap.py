"""A compiled model's large results reuse freed heap memory instead of faulting in fresh pages
on every call (`mlc.codegen.heap`), unless `MLC_KEEP_FREED_MEMORY=0`. Counted in page
faults, which do not depend on the machine's load."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc knobs")

PAGES = 4096  # a 16 MiB result

SCRIPT = textwrap.dedent(f"""
    import resource
    import numpy as np
    import mlc

    t = "!graph.tensor<[{PAGES}, 1024], f32>"
    exe = mlc.compile(mlc.parse(f'''
    graph.func @main(%x: {{t}}) -> {{t}} {{{{
      %0 = graph.relu %x : ({{t}})
      graph.return %0 : {{t}}
    }}}}'''))
    x = np.ones(({PAGES}, 1024), np.float32)
    exe.main(x)  # a first result, freed at once
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    y = exe.main(x)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
    assert (y == 1).all()
""")


def _faults_of_second_call(env: dict) -> int:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          env={**os.environ, "MLC_KEEP_FREED_MEMORY": "1", **env},
                          timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


def test_a_second_call_reuses_the_freed_result():
    assert _faults_of_second_call({}) < PAGES // 4


def test_without_it_every_call_faults_its_pages_in():
    assert _faults_of_second_call({"MLC_KEEP_FREED_MEMORY": "0"}) > PAGES // 2
