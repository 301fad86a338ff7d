"""`convert-tensor-to-loops` keeps the meaning of buffer-form `tensor.generic`.

Hypothesis draws generics of 1 to 3 loops, each parallel or a reduction, sized 1 to 4: one or
two inputs whose maps are random projected permutations with broadcast (`0`) dims and now and
then an `a + b`, `a * 2`, `a floordiv 2` or `a mod 3` dim; one or two outputs indexed by a
permutation of the parallel loops; static and dynamic (`?`) dims; f32, f64, i32 or i64
elements; a body of a few arith ops over the elements. The interpreter on the function after
the pass (with and without `parallel`) writes exactly what it writes on the generic: the loops
keep the interpreter's row-major order, so float reductions add in the same order. A subset is
compiled to native code (`mlc-run`'s default pipeline, after `convert-scf-to-gomp` when
parallel) and run on the same arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import mlc
from mlc.codegen import compile_module
from mlc.tools.mlc_run import DEFAULT_PIPELINE

DTYPES = {"f32": np.float32, "f64": np.float64, "i32": np.int32, "i64": np.int64}
FLOAT_OPS = ("arith.addf", "arith.subf", "arith.mulf", "arith.maximumf")
INT_OPS = ("arith.addi", "arith.subi", "arith.muli", "arith.maxsi", "arith.xori")
NATIVE_EXAMPLES = max(settings.default.max_examples // 6, 3)


@dataclass
class Generic:
    """A drawn function `@kernel(ins..., outs...)` holding one buffer-form generic, and the
    run-time shapes of its arguments."""

    text: str
    shapes: list[tuple[int, ...]]
    element: str
    num_inputs: int


def _expr_text(expr) -> str:
    return expr if isinstance(expr, str) else f"d{expr}"


def _extra_dim(draw, sizes: list[int]) -> tuple[str, int]:
    """A non-plain index expression over the loops and the size of the dim it reads."""
    a = draw(st.integers(0, len(sizes) - 1))
    b = draw(st.integers(0, len(sizes) - 1))
    choices = [
        (f"d{a} + d{b}", sizes[a] + sizes[b] - 1 if a != b else 2 * sizes[a] - 1),
        (f"d{a} * 2", 2 * sizes[a] - 1),
        (f"d{a} floordiv 2", (sizes[a] - 1) // 2 + 1),
        (f"d{a} mod 3", min(sizes[a], 3)),
    ]
    return draw(st.sampled_from(choices))


@st.composite
def generics(draw) -> Generic:
    loops = draw(st.integers(1, 3))
    iterators = draw(st.lists(st.sampled_from(["parallel", "reduction"]), min_size=loops,
                              max_size=loops))  # fmt: skip
    sizes = draw(st.lists(st.integers(1, 4), min_size=loops, max_size=loops))
    parallel = [d for d, it in enumerate(iterators) if it == "parallel"]
    num_inputs = draw(st.integers(1, 2))
    input_maps: list[list] = []
    for _ in range(num_inputs):
        read = draw(st.permutations(range(loops)))[: draw(st.integers(0, loops))]
        results: list = list(read)
        while len(results) < 3 and draw(st.integers(0, 3)) == 0:
            position = draw(st.integers(0, len(results)))
            results.insert(position, draw(st.sampled_from(["0", "extra"])))
        input_maps.append(results)
    read = {r for m in input_maps for r in m if isinstance(r, int)}
    for d in range(loops):  # every loop must be read plainly (here: by the first input)
        if d not in read and d not in parallel:
            input_maps[0].insert(draw(st.integers(0, len(input_maps[0]))), d)
    output_maps = [draw(st.permutations(parallel)) for _ in range(draw(st.integers(1, 2)))]
    maps, shapes = [], []
    for results in input_maps + output_maps:
        exprs, shape = [], []
        for r in results:
            if r == "extra":
                text, size = _extra_dim(draw, sizes)
            elif r == "0":
                text, size = "0", 1
            else:
                text, size = f"d{r}", sizes[r]
            exprs.append(text)
            shape.append(size)
        maps.append(exprs)
        shapes.append(tuple(shape))
    element = draw(st.sampled_from(sorted(DTYPES)))
    types = []
    for shape in shapes:
        dims = [("?" if draw(st.booleans()) else str(n)) for n in shape]
        types.append(f"memref<{''.join(d + 'x' for d in dims)}{element}>")
    body = _body(draw, element, num_inputs + len(output_maps), len(output_maps))
    text = kernel_text(loops, [", ".join(m) for m in maps], types, iterators, num_inputs, body)
    return Generic(text, shapes, element, num_inputs)


def kernel_text(loops: int, maps: list[str], types: list[str], iterators: list[str],
                num_inputs: int, body: str) -> str:  # fmt: skip
    """`func.func @kernel` running one `tensor.generic` over its memref arguments (the
    first `num_inputs` inputs, the rest outputs): `maps` are the results of each indexing
    map over `loops` dims, `body` the region's text."""
    dims = ", ".join(f"d{d}" for d in range(loops))
    map_texts = ", ".join(f"affine_map<({dims}) -> ({m})>" for m in maps)
    names = [f"%a{k}" for k in range(len(maps))]
    ins, outs = slice(0, num_inputs), slice(num_inputs, None)
    args = ", ".join(f"{n}: {t}" for n, t in zip(names, types))
    return (
        f"func.func @kernel({args}) {{\n"
        f"  tensor.generic {{indexing_maps = [{map_texts}],\n"
        f"                  iterator_types = [{', '.join(repr(i) for i in iterators)}]}}\n"
        f"      ins({', '.join(names[ins])} : {', '.join(types[ins])})"
        f" outs({', '.join(names[outs])} : {', '.join(types[outs])}) {{\n"
        f"{body}  }}\n  return\n}}\n"
    ).replace("'", '"')


def _body(draw, element: str, num_args: int, num_outputs: int) -> str:
    """`^bb0(...)`, a few binary ops over the arguments and earlier results, and a yield."""
    ops = FLOAT_OPS if element.startswith("f") else INT_OPS
    values = [f"%x{k}" for k in range(num_args)]
    lines = [f"  ^bb0({', '.join(f'{v}: {element}' for v in values)}):"]
    for n in range(draw(st.integers(1, 3))):
        lhs, rhs = draw(st.sampled_from(values)), draw(st.sampled_from(values))
        lines.append(f"    %v{n} = {draw(st.sampled_from(ops))} {lhs}, {rhs} : {element}")
        values.append(f"%v{n}")
    yielded = [values[-1]] + [draw(st.sampled_from(values)) for _ in range(num_outputs - 1)]
    lines.append(f"    tensor.yield {', '.join(yielded)} : {', '.join([element] * num_outputs)}")
    return "\n".join(lines) + "\n"


def _arrays(generic: Generic, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    dtype = DTYPES[generic.element]
    if generic.element.startswith("f"):
        return [rng.uniform(-2, 2, s).astype(dtype) for s in generic.shapes]
    return [rng.integers(-5, 6, s).astype(dtype) for s in generic.shapes]


def interpret_kernel(module, arrays: list[np.ndarray]) -> list[np.ndarray]:
    """The arrays after `@kernel` ran on copies of them in the interpreter."""
    copies = [a.copy() for a in arrays]
    mlc.interpret(module, "kernel", *copies)
    return copies


def _lowered(text: str, parallel: bool):
    module = mlc.parse(text)
    option = "true" if parallel else "false"
    mlc.PassManager.parse(f"builtin.module(convert-tensor-to-loops{{parallel={option}}})").run(
        module
    )
    return module


@settings(deadline=None)
@given(generics(), st.integers(0, 2**32 - 1))
def test_loops_compute_what_the_generic_computes(generic: Generic, seed: int) -> None:
    arrays = _arrays(generic, seed)
    expected = interpret_kernel(mlc.parse(generic.text), arrays)
    for parallel in (False, True):
        module = _lowered(generic.text, parallel)
        assert "tensor.generic" not in str(module)
        for got, want in zip(interpret_kernel(module, arrays), expected):
            np.testing.assert_array_equal(got, want)


@settings(max_examples=NATIVE_EXAMPLES, deadline=None)
@given(generics(), st.booleans(), st.integers(0, 2**32 - 1))
def test_compiled_loops_equal_the_interpreter(generic: Generic, parallel: bool, seed: int) -> None:
    arrays = _arrays(generic, seed)
    expected = interpret_kernel(mlc.parse(generic.text), arrays)
    module = _lowered(generic.text, parallel)
    signatures = {"kernel": next(iter(module.regions[0].blocks[0].ops)).type}
    steps = DEFAULT_PIPELINE.removeprefix("builtin.module(")
    prefix = "convert-scf-to-gomp," if parallel else ""
    mlc.PassManager.parse(f"builtin.module({prefix}{steps}").run(module)
    copies = [a.copy() for a in arrays]
    compile_module(module, signatures=signatures)["kernel"](*copies)
    for got, want in zip(copies, expected):
        if generic.element.startswith("f"):
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
        else:
            np.testing.assert_array_equal(got, want)
