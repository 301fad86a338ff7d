"""`convert-vector-to-llvm` preserves semantics: random vector programs (`vector_programs`)
lowered through the whole pipeline and JIT-compiled, at O0 and O3, compute what the
reference interpreter computes on the original module."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vector_programs import vector_programs

import mlc
from mlc.codegen import compile_module
from mlc.passes import PassManager

PIPELINE = (
    "builtin.module(convert-vector-to-llvm,convert-math-to-llvm,convert-arith-to-llvm,"
    "finalize-memref-to-llvm,convert-func-to-llvm,reconcile-unrealized-casts)"
)
VECTOR_OP = re.compile(r"^\s*(%\S+ = )?\"?vector\.", re.M)  # an op left in the vector dialect


def lowered(text: str):
    ctx = mlc.Context()
    module = mlc.parse(text, ctx)
    PassManager.parse(PIPELINE, ctx).run(module)
    return module


# Each example compiles twice (O0, O3): a few examples keep the test at seconds.
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vector_programs(), st.randoms(use_true_random=False))
def test_compiled_vector_programs_match_the_interpreter(program, random):
    text, size, out = program
    rng = np.random.default_rng(random.getrandbits(32))
    a = rng.uniform(-2, 2, size).astype(np.float32)
    b = rng.uniform(-2, 2, size).astype(np.float32)
    (expected,) = mlc.interpret(mlc.parse(text, mlc.Context()), "f", a, b)
    module = lowered(text)
    assert not VECTOR_OP.search(str(module)), text
    signature = f"(vector<{size}xf32>, vector<{size}xf32>) -> vector<{out}xf32>"
    for level in (0, 3):
        got = compile_module(module, opt_level=level, signatures={"f": signature})["f"](a, b)
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5, err_msg=text)
