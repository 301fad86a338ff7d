"""`convert-tensor-to-loops{vector-size unroll}` keeps the meaning of element-wise and row-wise
generics while it runs their innermost loop on vectors.

Hypothesis draws generics of 1 to 3 loops whose innermost loop is parallel (element-wise) or
a reduction (a row sum, max, min, product...), sized 1 to 40 along it (rarely a multiple of
the vector length) and 1 to 4 along the others: inputs read along the loop (their last dim)
or broadcast along it (a row's scalar), over any subset of the outer loops in any order;
outputs that read every loop, or one that reduces the innermost loop with a combiner
`vector.reduction` has a kind for; static and dynamic (`?`) dims; f32, f64, i32 or i64
elements; a body of a few element-wise ops (arith, `math.exp`, a compare and a select). The
options are drawn too: 0 (the host's width), 1, 4 or 8 lanes, unroll 0 (heuristic) to 3,
`parallel` or not. Each drawn generic vectorizes (but where `parallel` keeps a few rows'
loop scalar); the interpreter on the lowered function, and a subset compiled to native code
through `convert-vector-to-llvm`, write what the interpreter writes on the generic: exactly
for integers and element-wise floats, within float tolerance where a float reduction is
reassociated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from test_tensor_to_loops import interpret_kernel, kernel_text

import mlc
from mlc.codegen import compile_module
from mlc.passes.generic_vectorize import CHEAP_MATH
from mlc.tools.mlc_run import DEFAULT_PIPELINE

DTYPES = {"f32": np.float32, "f64": np.float64, "i32": np.int32, "i64": np.int64}
FLOAT_OPS = ("arith.addf", "arith.subf", "arith.mulf", "arith.maximumf", "arith.minimumf")
INT_OPS = ("arith.addi", "arith.subi", "arith.muli", "arith.maxsi", "arith.minui", "arith.xori")
FLOAT_COMBINERS = ("arith.addf", "arith.maximumf", "arith.minimumf", "arith.maxnumf",
                   "arith.mulf")  # fmt: skip
INT_COMBINERS = ("arith.addi", "arith.muli", "arith.maxsi", "arith.minsi", "arith.maxui",
                 "arith.minui", "arith.andi", "arith.ori", "arith.xori")  # fmt: skip
NATIVE_EXAMPLES = max(settings.default.max_examples // 2, 3)


@dataclass
class Generic:
    """A drawn `@kernel(ins..., outs...)` of one buffer-form generic, the run-time shapes of
    its arguments, and whether a float reduction makes its result approximate."""

    text: str
    shapes: list[tuple[int, ...]]
    element: str
    reassociated: bool


@st.composite
def vectorizable_generics(draw) -> Generic:
    loops = draw(st.integers(1, 3))
    inner = loops - 1
    sizes = [draw(st.integers(1, 4)) for _ in range(inner)] + [draw(st.integers(1, 40))]
    reduction = draw(st.booleans())
    element = draw(st.sampled_from(sorted(DTYPES)))
    is_float = element.startswith("f")
    outer = list(range(inner))
    input_maps = []
    for _ in range(draw(st.integers(1, 3))):
        read = draw(st.permutations(outer))[: draw(st.integers(0, inner))]
        along = draw(st.booleans()) or not input_maps  # the first input reads the loop
        input_maps.append([*read, inner] if along else read)
    output_maps = [[*outer, inner]]
    if reduction:
        output_maps = [outer] + (output_maps if draw(st.booleans()) else [])
    maps, shapes, types = [], [], []
    for results in input_maps + output_maps:
        shape = tuple(sizes[d] for d in results)
        dims = [("?" if draw(st.booleans()) else str(n)) for n in shape]
        maps.append(", ".join(f"d{d}" for d in results))
        shapes.append(shape)
        types.append(f"memref<{''.join(d + 'x' for d in dims)}{element}>")
    iterators = ["parallel"] * inner + ["reduction" if reduction else "parallel"]
    num_inputs = len(input_maps)
    body = _body(draw, element, num_inputs, len(output_maps), reduction)
    text = kernel_text(loops, maps, types, iterators, num_inputs, body)
    return Generic(text, shapes, element, reduction and is_float)


def _body(draw, element: str, num_inputs: int, num_outputs: int, reduction: bool) -> str:
    """`^bb0(...)`, a few element-wise ops over the inputs (and an element-wise output's old
    value), then the reduction's combine into its accumulator, and a yield."""
    is_float = element.startswith("f")
    args = [f"%x{k}" for k in range(num_inputs + num_outputs)]
    acc = args[num_inputs] if reduction else None
    values = [a for a in args if a != acc]
    lines = [f"  ^bb0({', '.join(f'{a}: {element}' for a in args)}):"]
    for n in range(draw(st.integers(1, 4))):
        lhs, rhs = draw(st.sampled_from(values)), draw(st.sampled_from(values))
        kind = draw(st.sampled_from(["binary", "binary", "binary", "select", "exp"]))
        if kind == "exp" and is_float:  # exp of a value squashed into [-1, 1]
            lines += [f"    %t{n} = math.tanh {lhs} : {element}",
                      f"    %v{n} = math.exp %t{n} : {element}"]  # fmt: skip
        elif kind == "select":
            compare = ("arith.cmpf olt" if is_float else "arith.cmpi slt")
            lines += [f"    %c{n} = {compare}, {lhs}, {rhs} : {element}",
                      f"    %v{n} = arith.select %c{n}, {lhs}, {rhs} : {element}"]  # fmt: skip
        else:
            op = draw(st.sampled_from(FLOAT_OPS if is_float else INT_OPS))
            lines.append(f"    %v{n} = {op} {lhs}, {rhs} : {element}")
        values.append(f"%v{n}")
    yielded = [values[-1]]
    if reduction:
        combine = draw(st.sampled_from(FLOAT_COMBINERS if is_float else INT_COMBINERS))
        lines.append(f"    %r = {combine} {acc}, {values[-1]} : {element}")
        yielded = ["%r"] + ([draw(st.sampled_from(values))] if num_outputs == 2 else [])
    lines.append(f"    tensor.yield {', '.join(yielded)} : {', '.join([element] * len(yielded))}")
    return "\n".join(lines) + "\n"


options = st.tuples(st.sampled_from([0, 1, 4, 8]), st.integers(0, 3), st.booleans())


def _arrays(generic: Generic, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    dtype = DTYPES[generic.element]
    if generic.element.startswith("f"):  # products of up to 40 factors stay finite
        values = [rng.uniform(0.5, 1.5, s) * rng.choice([-1, 1], s) for s in generic.shapes]
    else:
        values = [rng.integers(-5, 6, s) for s in generic.shapes]
    return [np.asarray(v, dtype=dtype) for v in values]  # 0-d ones too


def _lowered(text: str, vector_size: int, unroll: int, parallel: bool):
    module = mlc.parse(text)
    flag = "true" if parallel else "false"
    mlc.PassManager.parse(
        f"builtin.module(convert-tensor-to-loops{{vector-size={vector_size} unroll={unroll} "
        f"parallel={flag}}})"
    ).run(module)
    return module


def _assert_equal(generic: Generic, got: list, want: list) -> None:
    for g, w in zip(got, want):
        if generic.reassociated:
            np.testing.assert_allclose(g, w, rtol=1e-5, atol=1e-5)
        else:
            np.testing.assert_array_equal(g, w)


def _kept_scalar(generic: Generic, vector_size: int) -> bool:
    """With the host's width, a reduction with a math function keeps its scalar loop for
    LLVM's vectorizer (`generic_vectorize`'s module doc)."""
    functions = re.findall(r"= (math\.\w+) ", generic.text)
    return vector_size == 0 and '"reduction"' in generic.text and any(
        name not in CHEAP_MATH for name in functions)  # fmt: skip


@settings(deadline=None)
@given(vectorizable_generics(), options, st.integers(0, 2**32 - 1))
def test_vector_loops_compute_what_the_generic_computes(generic: Generic, option, seed: int):
    vector_size, unroll, parallel = option
    module = _lowered(generic.text, vector_size, unroll, parallel)
    text = str(module)
    assert "tensor.generic" not in text
    if vector_size != 1 and not parallel and not _kept_scalar(generic, vector_size):
        assert any(f"vector.{op} " in text for op in ("store", "maskedstore", "reduction"))
    arrays = _arrays(generic, seed)
    want = interpret_kernel(mlc.parse(generic.text), arrays)
    _assert_equal(generic, interpret_kernel(module, arrays), want)


@settings(max_examples=NATIVE_EXAMPLES, deadline=None)
@given(vectorizable_generics(), options, st.integers(0, 2**32 - 1))
def test_compiled_vector_loops_equal_the_interpreter(generic: Generic, option, seed: int):
    vector_size, unroll, parallel = option
    arrays = _arrays(generic, seed)
    expected = interpret_kernel(mlc.parse(generic.text), arrays)
    module = _lowered(generic.text, vector_size, unroll, parallel)
    signatures = {"kernel": next(iter(module.regions[0].blocks[0].ops)).type}
    steps = DEFAULT_PIPELINE.removeprefix("builtin.module(")
    prefix = "convert-scf-to-gomp," if parallel else ""
    math = "math-polynomial-approximation,convert-math-to-llvm,convert-math-to-libm"  # f64 tanh
    mlc.PassManager.parse(f"builtin.module({prefix}{math},{steps}").run(module)
    copies = [a.copy() for a in arrays]
    compile_module(module, signatures=signatures)["kernel"](*copies)
    for got, want in zip(copies, expected):
        if generic.element.startswith("f"):  # exp and tanh approximated
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
        else:
            np.testing.assert_array_equal(got, want)
