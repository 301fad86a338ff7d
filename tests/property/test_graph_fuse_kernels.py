"""`graph-fuse-kernels` changes how values are computed, never what: random chains of
element-wise and broadcasting graph ops (and the mixed programs of `graph_programs`), and
matmuls and convolutions followed by bias, activation and residual ops (epilogues), once
legalized, interpret to the same bits with and without fusion, no kernel call computes an
element twice, and compiled through `mlc.compile` (which fuses, and applies the epilogues
in the matmul's registers) they give what the graph interpreter gives."""

from __future__ import annotations

import numpy as np
import pytest
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


@st.composite
def contraction_chains(draw) -> GraphProgram:
    """A matmul (`[n, k] x [k, m]`, or `[m, n, k] x [k, u]`) or a 3x3 convolution (NCHW,
    batch n, height or width m) followed by element-wise ops on its result: a bias along its
    columns (channels), a residual argument of its shape, unary activations, a value read
    twice (`v * v`)."""
    if draw(st.booleans()):
        k = draw(st.sampled_from([1, 3, 8, 17]))
        batched = draw(st.booleans())  # m: the batch dim, else the columns
        units = draw(st.sampled_from([1, 5, 19])) if batched else "m"
        lead = ("m", "n") if batched else ("n",)
        x, w, shape, bias = (*lead, k), (k, units), (*lead, units), (units,)
        line = f"%y = graph.matmul %x, %w : ({_type(x)}, {_type(w)})"
        bias_op = "add"
    else:
        channels, features = draw(st.integers(1, 3)), draw(st.integers(1, 5))
        size = draw(st.sampled_from([3, 5, 9]))
        height, width = (size, "m") if draw(st.booleans()) else ("m", size)
        x, w = ("n", channels, height, width), (features, channels, 3, 3)
        shape, bias = ("n", features, height, width), (features,)
        line = (f"%y = graph.conv %x, %w {{dilations = [1, 1], pads = [1, 1, 1, 1], "
                f"strides = [1, 1]}} : ({_type(x)}, {_type(w)})")  # fmt: skip
        bias_op = "bias_add"
    args = [("x", x), ("w", w), ("b", bias), ("r", shape)]
    program = GraphProgram(args, values={name: (s, "f32") for name, s in args})
    program.lines = [line]
    value = "y"
    program.values[value] = (shape, "f32")
    for i in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["bias", "residual", "unary", "twice"]))
        t = _type(shape)
        name = f"v{i}"
        if kind == "bias":
            line = f"%{name} = graph.{bias_op} %{value}, %b : ({t}, {_type(bias)})"
        elif kind == "residual":
            line = f"%{name} = graph.add %{value}, %r : ({t}, {t})"
        elif kind == "unary":
            op = draw(st.sampled_from(["relu", "sigmoid", "tanh", "neg", "exp"]))
            line = f"%{name} = graph.{op} %{value} : ({t})"
        else:
            line = f"%{name} = graph.mul %{value}, %{value} : ({t}, {t})"
        program.lines.append(line)
        program.values[name] = (shape, "f32")
        value = name
    program.result = value
    return program


PROGRAMS = st.one_of(elementwise_chains(), mixed_programs(max_ops=6), contraction_chains())


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


MM, CONV = ("n", "m"), ("n", 2, 5, "m")
CONV_ATTRIBUTES = "{dilations = [1, 1], pads = [1, 1, 1, 1], strides = [1, 1]}"
EPILOGUE_CHAINS = {
    "matmul-add-relu": ([("x", ("n", 4)), ("w", (4, "m")), ("b", ("m",))], [
        f"%y = graph.matmul %x, %w : ({_type(('n', 4))}, {_type((4, 'm'))})",
        f"%z = graph.add %y, %b : ({_type(MM)}, {_type(('m',))})",
        f"%out = graph.relu %z : ({_type(MM)})"], MM),
    "conv-bias-residual-relu": ([("x", CONV), ("w", (2, 2, 3, 3)), ("b", (2,))], [
        f"%y = graph.conv %x, %w {CONV_ATTRIBUTES} : ({_type(CONV)}, {_type((2, 2, 3, 3))})",
        f"%z = graph.bias_add %y, %b : ({_type(CONV)}, {_type((2,))})",
        f"%s = graph.add %z, %x : ({_type(CONV)}, {_type(CONV)})",
        f"%out = graph.relu %s : ({_type(CONV)})"], CONV),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(EPILOGUE_CHAINS))
def test_epilogues_join_their_contraction(name: str):
    """Each chain becomes one call whose kernel ends in the contraction and one epilogue
    generic that updates its result in place."""
    args, lines, shape = EPILOGUE_CHAINS[name]
    program = GraphProgram(args, lines=lines, values={"out": (shape, "f32")}, result="out")
    module = _lowered(program.text(), "graph-legalize,graph-fuse-kernels")
    calls: list = []
    module.walk(lambda op: calls.append(op) if isinstance(op, CallDpsOp) else None)
    assert len(calls) == 1
    kernel = SymbolTable(module).lookup(calls[0].properties["callee"].root)
    *_, contraction, epilogue = [op for op in kernel.entry_block.ops if isinstance(op, GenericOp)]
    assert "reduction" in contraction.iterators()
    assert list(epilogue.outputs) == list(contraction.results)


@settings(max_examples=12, deadline=None)  # each example compiles a module (under a second)
@given(st.one_of(elementwise_chains(), contraction_chains()),
       st.lists(BINDINGS, min_size=1, max_size=2), SEEDS)  # fmt: skip
def test_compiled_fused_chains_equal_the_interpreter(program, bindings_list, seed):
    event("contraction" if "graph.matmul" in program.text() or "graph.conv" in program.text()
          else "element-wise")  # fmt: skip
    module = mlc.parse(program.text(), mlc.Context())
    exe = mlc.compile(module)
    rng = np.random.default_rng(seed)
    for bindings in bindings_list:
        arrays = program.random_inputs(bindings, rng)
        (want,) = mlc.interpret(module, "main", *arrays)
        got = exe.main(*arrays)
        assert got.shape == want.shape and got.dtype == want.dtype
        np.testing.assert_allclose(got, want, rtol=2e-5, atol=2e-6, equal_nan=True)
