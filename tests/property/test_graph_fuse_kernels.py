"""`graph-fuse-kernels` changes how values are computed, never what: random chains of
element-wise and broadcasting graph ops (and the mixed programs of `graph_programs`), once
legalized, interpret to the same bits with and without fusion, no kernel call computes an
element twice, and compiled through `mlc.compile` (which fuses) they give what the graph
interpreter gives."""

from __future__ import annotations

import numpy as np
from graph_programs import BINDINGS, COMPARE, FLOAT_BINARY, FLOAT_UNARY, SHAPES, GraphProgram
from graph_programs import graph_programs as mixed_programs
from hypothesis import event, given, settings
from hypothesis import strategies as st

import mlc
from mlc.dialects.graph.call_dps import CallDpsOp
from mlc.dialects.tensor.generic import GenericOp
from mlc.ir.symbol_table import SymbolTable

SEEDS = st.integers(0, 2**32 - 1)


def _type(shape, element: str = "f32") -> str:
    return f"!graph.tensor<[{', '.join(str(d) for d in shape)}], {element}>"


def _broadcast(a: tuple, b: tuple) -> tuple | None:
    """numpy's rule on dims that are ints or size-variable names."""
    out = []
    for i in range(1, max(len(a), len(b)) + 1):
        x, y = (a[-i] if i <= len(a) else 1), (b[-i] if i <= len(b) else 1)
        if x != y and 1 not in (x, y):
            return None
        out.append(y if x == 1 else x)
    return tuple(reversed(out))


@st.composite
def elementwise_chains(draw, max_ops: int = 8) -> GraphProgram:
    """A program whose ops mostly read the value just made (chains fuse) and otherwise an
    earlier one (values with several users, which must not): unary and binary ops with
    broadcasting, compare + where, broadcast_to and transpose."""
    shapes = draw(st.lists(SHAPES, min_size=1, max_size=3))
    shapes[0] = ("n", "m") + shapes[0][2:]
    program = GraphProgram([(f"a{i}", s) for i, s in enumerate(shapes)])
    values = [name for name, _ in program.args]
    for name, shape in program.args:
        program.values[name] = (shape, "f32")
    for i in range(draw(st.integers(1, max_ops))):
        x = values[-1] if draw(st.integers(0, 3)) else draw(st.sampled_from(values))
        sx = program.values[x][0]
        name, kind = f"v{i}", draw(st.sampled_from(["unary", "binary", "where", "shape"]))
        if kind == "unary":
            op = draw(st.sampled_from(sorted(FLOAT_UNARY)))
            program.lines.append(f"%{name} = graph.{op} %{x} : ({_type(sx)})")
            shape = sx
        elif kind == "shape":
            shape = _shape_op(draw, program, name, x, sx)
        else:
            partners = [v for v in values if _broadcast(sx, program.values[v][0]) is not None]
            y = draw(st.sampled_from(partners))
            sy = program.values[y][0]
            shape = _broadcast(sx, sy)
            types = f"({_type(sx)}, {_type(sy)})"
            if kind == "binary":
                op = draw(st.sampled_from(sorted(FLOAT_BINARY)))
                program.lines.append(f"%{name} = graph.{op} %{x}, %{y} : {types}")
            else:
                op = draw(st.sampled_from(sorted(COMPARE)))
                where_types = f"({_type(shape, 'i1')}, {_type(sx)}, {_type(sy)})"
                program.lines.append(f"%c{i} = graph.{op} %{x}, %{y} : {types}")
                program.lines.append(f"%{name} = graph.where %c{i}, %{x}, %{y} : {where_types}")
        program.values[name] = (shape, "f32")
        values.append(name)
    program.result = values[-1]
    return program


def _shape_op(draw, program: GraphProgram, name: str, x: str, sx: tuple) -> tuple:
    """`broadcast_to` a new leading dim (and 3 for every 1), or a `transpose`."""
    if sx and draw(st.booleans()):
        perm = draw(st.permutations(range(len(sx))))
        program.lines.append(f"%{name} = graph.transpose %{x} {{perm = {list(perm)}}} : "
                             f"({_type(sx)})")  # fmt: skip
        return tuple(sx[p] for p in perm)
    # a size variable only where `x` has it: a legalized call's sizes come from its inputs
    lead = draw(st.sampled_from([2, *(d for d in ("n", "m") if d in sx)]))
    target = [lead, *(3 if d == 1 else 1 for d in sx)]
    text = ", ".join(f'"{d}"' if isinstance(d, str) else str(d) for d in target)
    program.lines.append(f"%{name} = graph.broadcast_to %{x} {{shape = [{text}]}} : "
                         f"({_type(sx)})")  # fmt: skip
    return (lead, *(3 if d == 1 else d for d in sx))


PROGRAMS = st.one_of(elementwise_chains(), mixed_programs(max_ops=6))


def _lowered(text: str, pipeline: str):
    module = mlc.parse(text, mlc.Context())
    mlc.PassManager.parse(f"builtin.module({pipeline})", mlc.Context()).run(module)
    mlc.verify(module)
    return module


def _work(module) -> tuple[int, int]:
    """(kernel calls, scalar ops the calls' generic bodies hold, summed over the calls)."""
    symbols = SymbolTable(module)
    calls, ops = 0, 0

    def count(op) -> None:
        nonlocal calls, ops
        if not isinstance(op, CallDpsOp):
            return
        calls += 1
        kernel = symbols.lookup(op.properties["callee"].root)
        for generic in kernel.entry_block.ops:
            if isinstance(generic, GenericOp):
                ops += len(generic.regions[0].blocks[0]) - 1  # the yield is not work

    module.walk(count)
    return calls, ops


@settings(deadline=None)  # parses, lowers and interprets twice per example (milliseconds)
@given(PROGRAMS, st.lists(BINDINGS, min_size=1, max_size=2), SEEDS)
def test_fusion_computes_the_same_bits_and_no_element_twice(program, bindings_list, seed):
    legalized = _lowered(program.text(), "graph-legalize")
    fused = _lowered(program.text(), "graph-legalize,graph-fuse-kernels")
    (calls, work), (fused_calls, fused_work) = _work(legalized), _work(fused)
    assert fused_calls <= calls
    event("some calls merged" if fused_calls < calls else "nothing merged")
    assert fused_work <= work, "a fused kernel computes some element more than once"
    rng = np.random.default_rng(seed)
    for bindings in bindings_list:
        arrays = program.random_inputs(bindings, rng)
        (want,) = mlc.interpret(legalized, "main", *arrays)
        (got,) = mlc.interpret(fused, "main", *arrays)
        np.testing.assert_array_equal(got, want)


def test_a_chain_fuses_into_one_call():
    """The property above would also hold if nothing fused: this chain must become one call
    (a broadcast first is fine, its consumers read each element once)."""
    x, a, wide = ("n", "m"), ("m",), (2, "n", "m")
    program = GraphProgram([("x", x), ("a", a)], values={"x": (x, "f32"), "a": (a, "f32")})
    program.lines = [
        f"%v0 = graph.broadcast_to %x {{shape = [2, 1, 1]}} : ({_type(x)})",
        f"%v1 = graph.mul %v0, %a : ({_type(wide)}, {_type(a)})",
        f"%v2 = graph.sigmoid %v1 : ({_type(wide)})",
        f"%v3 = graph.transpose %v2 {{perm = [1, 0, 2]}} : ({_type(wide)})",
    ]
    program.values["v3"] = (("n", 2, "m"), "f32")
    program.result = "v3"
    assert _work(_lowered(program.text(), "graph-legalize,graph-fuse-kernels"))[0] == 1


@settings(max_examples=12, deadline=None)  # each example compiles a module (under a second)
@given(elementwise_chains(), st.lists(BINDINGS, min_size=1, max_size=2), SEEDS)
def test_compiled_fused_chains_equal_the_interpreter(program, bindings_list, seed):
    module = mlc.parse(program.text(), mlc.Context())
    exe = mlc.compile(module)
    rng = np.random.default_rng(seed)
    for bindings in bindings_list:
        arrays = program.random_inputs(bindings, rng)
        (want,) = mlc.interpret(module, "main", *arrays)
        got = exe.main(*arrays)
        assert got.shape == want.shape and got.dtype == want.dtype
        np.testing.assert_allclose(got, want, rtol=2e-5, atol=2e-6, equal_nan=True)
