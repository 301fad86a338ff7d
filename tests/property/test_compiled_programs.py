"""Compiled code equals the reference interpreter (DESIGN section 8): generated scf/arith
programs (`test_scf_programs`), lowered by `mlc-run`'s default pipeline and compiled at -O0
and -O3, give the interpreter's results on every input, through the same functions
`mlc-run --check` uses.

The programs' arithmetic wraps and their loops are short, so they have no undefined
behaviour; integers compare exactly.
"""

from __future__ import annotations

from arith_programs import arith_programs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_scf_programs import INPUTS, scf_programs

import mlc
from mlc.codegen.runtime import numpy_dtype
from mlc.ir.interpreter import UndefinedBehavior
from mlc.ir.types import VectorType
from mlc.passes.pipeline import parse_pipeline
from mlc.tools.mlc_run import (
    DEFAULT_PIPELINE,
    check_outputs,
    compile_entry,
    find_entry,
    run_native,
    run_reference,
)

OPT_LEVELS = (0, 3)


# Each example lowers once and compiles twice (most of its time): few examples, several
# inputs each.
@settings(max_examples=min(settings.default.max_examples, 12), deadline=None)
@given(program=scf_programs(), inputs=st.lists(INPUTS, min_size=1, max_size=4))
def test_compiled_scf_programs_equal_the_interpreter(program: str, inputs: list) -> None:
    reference = mlc.parse(program)
    module = mlc.parse(program)
    parse_pipeline(DEFAULT_PIPELINE).run(module)
    entry = find_entry(reference, "f", None)
    for level in OPT_LEVELS:
        function = compile_entry(module, entry, level)
        for args in inputs:
            args = list(args)
            expected = run_reference(reference, entry, args, with_args=False)
            outputs = run_native(function, entry, args, with_args=False)
            problems = check_outputs(outputs, expected, rtol=0.0, atol=0.0)
            assert not problems, f"-O{level}, inputs {args}: {problems}\n{program}"


def _runtime_type(t) -> bool:
    """A type the numpy runtime passes: a scalar with a numpy dtype or a 1-D vector of them
    (generated programs also use i5, i33 and 2-D vectors)."""
    if isinstance(t, VectorType):
        return len(t.shape) == 1 and _runtime_type(t.element_type)
    try:
        numpy_dtype(t)
    except TypeError:
        return False
    return True


# MLIR lowers these with `arith-expand` before `convert-arith-to-llvm`; mlc has no such pass.
NEEDS_ARITH_EXPAND = frozenset({"arith.ceildivsi", "arith.ceildivui", "arith.floordivsi"})


def _compilable(program) -> bool:
    """The default pipeline lowers the program and the runtime can call it."""
    types = (*program.arg_types, *program.result_types)
    names = {op.name for op in program.module.iter_nested()}
    return all(_runtime_type(t) for t in types) and not names & NEEDS_ARITH_EXPAND


@settings(
    max_examples=min(settings.default.max_examples, 12),
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(data=st.data())
def test_compiled_arith_programs_equal_the_interpreter(data) -> None:
    program = data.draw(arith_programs().filter(_compilable), label="program")
    inputs = data.draw(st.lists(program.inputs(), min_size=1, max_size=4), label="inputs")
    module = program.fresh_module()
    parse_pipeline(DEFAULT_PIPELINE).run(module)
    entry = find_entry(program.module, "f", None)
    for level in OPT_LEVELS:
        function = compile_entry(module, entry, level)
        for args in inputs:
            try:
                expected = run_reference(program.module, entry, list(args), with_args=False)
            except UndefinedBehavior:
                continue  # native code would have undefined behaviour too: not run
            outputs = run_native(function, entry, list(args), with_args=False)
            problems = check_outputs(outputs, expected, rtol=0.0, atol=0.0)
            assert not problems, f"-O{level}, inputs {args}: {problems}"
