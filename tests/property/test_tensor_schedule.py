"""`tensor-tile-contractions` keeps the meaning of matmul-like buffer-form `tensor.generic`s.

Hypothesis draws contractions `C[b, i, j] (+)= A[b, i, k] * B[b, k, j]`: M, N, K from 1 to 40
(primes and multiples of the vector length among them), f32 or f64, with or without a batch
loop (B shared by every batch point now and then), B stored `k x j` or transposed (`j x k`,
packed by scalar loads), every dim static or dynamic (`?`), the output zero-filled by a generic
right before (folded into the kernel) or accumulated into, and tile sizes from the heuristic or
small ones that cut every loop into several blocks with remainders, and now and then an
element-wise epilogue that updates C in place right after (`graph-fuse-kernels`' form: a bias
along C's rows or columns, a residual, relu, leaky relu, a scale, in a drawn order, its loops
in C's order or reversed). The function after the pass holds no `tensor.generic` (the
epilogue is applied to the accumulators as they are stored); the native code compiled from
it (sequential and on threads) and, for small sizes, the interpreter on it equal numpy's
product (through the epilogue) within float tolerance. Small 2-D convolutions (three
reductions, `oh + kh` maps, the image as the first operand), with epilogues too, are
compiled likewise and equal numpy's sum over the sliding windows.

Products with a few rows (read in place, B's panels starting at its first vector-aligned
column, found at run time) are also compiled on operands placed at drawn element offsets
from a cache line, and on a B that is a strided view (padded rows, a dynamic offset) of a
larger array: the results do not depend on where the operands are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import mlc
from mlc.codegen import compile_module
from mlc.passes.tensor_schedule import choose_tile_sizes
from mlc.tools.mlc_run import DEFAULT_PIPELINE

DTYPES = {"f32": np.float32, "f64": np.float64}
SIZES = st.one_of(st.sampled_from([1, 2, 3, 5, 7, 8, 13, 16, 17, 31]), st.integers(1, 40))
INTERPRETED_SIZES = st.integers(1, 9)  # the vector interpreter is slow: small sizes, few runs
INTERPRETED_EXAMPLES = max(settings.default.max_examples // 3, 4)
COMPILED_EXAMPLES = max(settings.default.max_examples // 2, 4)  # an LLVM compile each
SMALL_TILES = "{mr=2 nr=4 kc=3 mc=4}"
VECTOR_AND_TAIL_TILES = "{mr=2 nr=4 kc=11 mc=4}"  # A's k blocks: whole vectors and a masked one
ONE_ROW_BLOCK_TILES = "{mr=2 nr=4 kc=3 mc=40}"  # B packed per task, k block and panel


@dataclass
class Epilogue:
    """A drawn element-wise generic that updates C in place: its text (`%e0`.. are its
    inputs), the inputs' shapes, and what it computes (numpy, float64)."""

    text: str
    shapes: list[tuple[int, ...]]
    steps: list[str]
    params: str  # `%e0: memref<..>, ` for each input

    def apply(self, c: np.ndarray, inputs: list[np.ndarray], rows: int) -> np.ndarray:
        """C's new value; `rows`: the axis of C that a row bias runs along."""
        values = iter(inputs)
        for step in self.steps:
            if step == "column bias":
                c = c + next(values).astype(np.float64)
            elif step == "row bias":
                c = c + np.expand_dims(next(values), tuple(range(1, c.ndim - rows)))
            elif step == "residual":
                c = c + next(values)
            elif step == "relu":
                c = np.maximum(c, 0)
            elif step == "leaky relu":
                c = np.where(c < 0, c * 0.125, c)
            else:
                c = c * 0.5
        return c


STEPS = ["column bias", "row bias", "residual", "relu", "leaky relu", "scale"]


def _memref(shape, element: str) -> str:
    return f"memref<{''.join(f'{d}x' for d in shape)}{element}>"


@st.composite
def epilogues(draw, c_sizes: tuple, c_type: str, rows: int, element: str) -> Epilogue | None:
    """An epilogue on C (sizes `c_sizes`, type `c_type`) whose row bias runs along axis
    `rows`, or None. Its inputs' dims are static or dynamic (`?`) independently of C's."""
    steps = draw(st.lists(st.sampled_from(STEPS), max_size=4, unique=True))
    if not steps:
        return None
    rank, t = len(c_sizes), element
    loops = list(range(rank))
    if draw(st.booleans()):
        loops.reverse()  # the epilogue's loop k runs over C's axis loops[k]
    where = {axis: f"d{loops.index(axis)}" for axis in range(rank)}
    domain = f"({', '.join(f'd{k}' for k in range(rank))})"
    c_map = f"affine_map<{domain} -> ({', '.join(where[a] for a in range(rank))})>"
    shapes, types, maps, lines = [], [], [], []
    value = "%acc"
    for n, step in enumerate(steps):
        out = f"%v{n}"
        if step in ("column bias", "row bias", "residual"):
            axes = {"column bias": [rank - 1], "row bias": [rows]}.get(step, list(range(rank)))
            shapes.append(tuple(c_sizes[a] for a in axes))
            types.append(_memref(["?" if draw(st.booleans()) else c_sizes[a] for a in axes], t))
            maps.append(f"affine_map<{domain} -> ({', '.join(where[a] for a in axes)})>")
            lines.append(f"{out} = arith.addf {value}, %x{len(shapes) - 1} : {t}")
        elif step == "relu":
            lines += [f"%zero{n} = arith.constant 0.0 : {t}",
                      f"{out} = arith.maximumf {value}, %zero{n} : {t}"]  # fmt: skip
        elif step == "leaky relu":
            lines += [f"%zero{n} = arith.constant 0.0 : {t}",
                      f"%slope{n} = arith.constant 0.125 : {t}",
                      f"%neg{n} = arith.cmpf olt, {value}, %zero{n} : {t}",
                      f"%low{n} = arith.mulf {value}, %slope{n} : {t}",
                      f"{out} = arith.select %neg{n}, %low{n}, {value} : {t}"]  # fmt: skip
        else:
            lines += [f"%half{n} = arith.constant 0.5 : {t}",
                      f"{out} = arith.mulf {value}, %half{n} : {t}"]  # fmt: skip
        value = out
    inputs = ", ".join(f"%e{k}" for k in range(len(shapes)))
    ins = f" ins({inputs} : {', '.join(types)})" if shapes else ""
    args = "".join(f"%x{k}: {t}, " for k in range(len(shapes)))
    iterators = ", ".join(['"parallel"'] * rank)
    body = "".join(f"    {line}\n" for line in lines)
    text = (
        f"  tensor.generic {{indexing_maps = [{', '.join([*maps, c_map])}],"
        f" iterator_types = [{iterators}]}}{ins} outs(%c : {c_type}) {{\n"
        f"  ^bb0({args}%acc: {t}):\n{body}    tensor.yield {value} : {t}\n  }}\n"
    )
    params = "".join(f"%e{k}: {type_}, " for k, type_ in enumerate(types))
    return Epilogue(text, shapes, steps, params)


@dataclass
class Matmul:
    """A drawn `@kernel(%a, %b, [epilogue inputs,] %c)` and the shapes of its arguments."""

    text: str
    shapes: list[tuple[int, ...]]
    element: str
    batched_b: bool
    transposed_b: bool
    fill: bool
    tiles: str
    epilogue: Epilogue | None


@st.composite
def matmuls(draw, sizes=SIZES, rows=None) -> Matmul:
    m, n, k = draw(sizes if rows is None else rows), draw(sizes), draw(sizes)
    element = draw(st.sampled_from(sorted(DTYPES)))
    batch = draw(st.sampled_from([None, 1, 2, 3]))
    batched_b = batch is not None and draw(st.booleans())
    transposed_b = draw(st.booleans())
    fill = draw(st.booleans())
    tiles = draw(st.sampled_from(["", SMALL_TILES, VECTOR_AND_TAIL_TILES, ONE_ROW_BLOCK_TILES]))
    lead = ["d3"] if batch is not None else []
    dims = "(d0, d1, d2, d3)" if batch is not None else "(d0, d1, d2)"
    a_map = [*lead, "d0", "d2"]
    b_map = [*(lead if batched_b else []), *(["d1", "d2"] if transposed_b else ["d2", "d1"])]
    c_map = [*lead, "d0", "d1"]
    lead_shape = (batch,) if batch is not None else ()
    shapes = [
        (*lead_shape, m, k),
        (*(lead_shape if batched_b else ()), *((n, k) if transposed_b else (k, n))),
        (*lead_shape, m, n),
    ]
    types = []
    for shape in shapes:
        text_dims = ["?" if draw(st.booleans()) else str(d) for d in shape]
        types.append(f"memref<{''.join(d + 'x' for d in text_dims)}{element}>")
    iterators = ", ".join(
        ['"parallel"', '"parallel"', '"reduction"'] + (['"parallel"'] if lead else [])
    )
    maps = ", ".join(f"affine_map<{dims} -> ({', '.join(r)})>" for r in (a_map, b_map, c_map))
    rank = len(shapes[2])
    identity = ", ".join(f"e{d}" for d in range(rank))
    fill_iterators = ", ".join(['"parallel"'] * rank)
    fill_text = (
        f"  tensor.generic {{indexing_maps = [affine_map<({identity}) -> ({identity})>],"
        f" iterator_types = [{fill_iterators}]}} outs(%c : {types[2]}) {{\n"
        f"  ^bb0(%o: {element}):\n"
        f"    %zero = arith.constant 0.0 : {element}\n"
        f"    tensor.yield %zero : {element}\n  }}\n"
    ) if fill else ""  # fmt: skip
    epilogue = draw(epilogues(shapes[2], types[2], rank - 2, element))
    params = epilogue.params if epilogue else ""
    text = (
        f"func.func @kernel(%a: {types[0]}, %b: {types[1]}, {params}%c: {types[2]}) {{\n"
        f"{fill_text}"
        f"  tensor.generic {{indexing_maps = [{maps}], iterator_types = [{iterators}]}}\n"
        f"      ins(%a, %b : {types[0]}, {types[1]}) outs(%c : {types[2]}) {{\n"
        f"  ^bb0(%x: {element}, %y: {element}, %acc: {element}):\n"
        f"    %p = arith.mulf %x, %y : {element}\n"
        f"    %s = arith.addf %acc, %p : {element}\n"
        f"    tensor.yield %s : {element}\n  }}\n{epilogue.text if epilogue else ''}"
        "  return\n}\n"
    )
    if epilogue:
        shapes[2:2] = epilogue.shapes
    return Matmul(text, shapes, element, batched_b, transposed_b, fill, tiles, epilogue)


def _arrays(matmul: Matmul, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.uniform(-2, 2, s).astype(DTYPES[matmul.element]) for s in matmul.shapes]


def _expected(matmul: Matmul, arrays: list[np.ndarray]) -> np.ndarray:
    a, b, *inputs, c = arrays
    if matmul.transposed_b:
        b = np.swapaxes(b, -1, -2)
    product = np.matmul(a.astype(np.float64), b.astype(np.float64))
    result = product if matmul.fill else c + product
    return matmul.epilogue.apply(result, inputs, c.ndim - 2) if matmul.epilogue else result


def _placed(array: np.ndarray, offset: int) -> np.ndarray:
    """A C-contiguous copy of `array` whose data starts `offset` elements past a 64-byte
    boundary."""
    itemsize = array.dtype.itemsize
    buffer = np.empty(array.size + 64 // itemsize + offset, array.dtype)
    start = (-buffer.ctypes.data % 64) // itemsize + offset
    placed = buffer[start : start + array.size].reshape(array.shape)
    placed[...] = array
    return placed


def _matmul_generic(a_type: str, b_type: str, c_type: str, b_map: str, element: str) -> str:
    """The text of `C[i, j] += A[i, k] * B[b_map]` over memrefs %a, %b, %c (loops i, j, k
    as d0, d1, d2)."""
    return f"""  tensor.generic {{indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>,
                                   affine_map<(d0, d1, d2) -> {b_map}>,
                                   affine_map<(d0, d1, d2) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}}
      ins(%a, %b : {a_type}, {b_type}) outs(%c : {c_type}) {{
  ^bb0(%x: {element}, %y: {element}, %acc: {element}):
    %p = arith.mulf %x, %y : {element}
    %s = arith.addf %acc, %p : {element}
    tensor.yield %s : {element}
  }}
"""


def _lowered(matmul: Matmul, parallel: bool, align_b: bool = False):
    module = mlc.parse(matmul.text)
    options = matmul.tiles[1:-1] if matmul.tiles else ""
    flag = f"parallel={'true' if parallel else 'false'} align-b={'true' if align_b else 'false'}"
    mlc.PassManager.parse(
        f"builtin.module(tensor-tile-contractions{{{flag} {options}}},canonicalize,cse)"
    ).run(module)
    return module


def _compile_kernel(module, parallel: bool):
    """The native `@kernel` of a module after `tensor-tile-contractions`."""
    signatures = {"kernel": next(iter(module.regions[0].blocks[0].ops)).type}
    steps = DEFAULT_PIPELINE.removeprefix("builtin.module(")
    prefix = "convert-scf-to-gomp," if parallel else ""
    mlc.PassManager.parse(f"builtin.module({prefix}{steps}").run(module)
    return compile_module(module, opt_level=2, signatures=signatures)["kernel"]


def _check(matmul: Matmul, got: np.ndarray, want: np.ndarray) -> None:
    event(f"epilogue: {', '.join(matmul.epilogue.steps) if matmul.epilogue else 'none'}")
    tolerance = 1e-4 if matmul.element == "f32" else 1e-10
    np.testing.assert_allclose(got, want, rtol=tolerance, atol=tolerance)


@settings(max_examples=INTERPRETED_EXAMPLES, deadline=None)
@given(matmuls(INTERPRETED_SIZES), st.integers(0, 2**32 - 1))
def test_interpreted_kernel_computes_the_product(matmul: Matmul, seed: int) -> None:
    arrays = _arrays(matmul, seed)
    module = _lowered(matmul, parallel=False)
    assert "tensor.generic" not in str(module)
    copies = [a.copy() for a in arrays]
    mlc.interpret(module, "kernel", *copies)
    _check(matmul, copies[-1], _expected(matmul, arrays))


@settings(max_examples=COMPILED_EXAMPLES, deadline=None)
@given(matmuls(), st.booleans(), st.integers(0, 2**32 - 1))
def test_compiled_kernel_computes_the_product(matmul: Matmul, parallel: bool, seed: int) -> None:
    arrays = _arrays(matmul, seed)
    copies = [a.copy() for a in arrays]
    _compile_kernel(_lowered(matmul, parallel), parallel)(*copies)
    _check(matmul, copies[-1], _expected(matmul, arrays))


@settings(max_examples=COMPILED_EXAMPLES, deadline=None)
@given(matmuls(rows=st.integers(1, 4)), st.booleans(), st.integers(0, 2**32 - 1),
       st.lists(st.integers(0, 15), min_size=8, max_size=8))  # fmt: skip
def test_few_rows_at_any_offset_compute_the_product(matmul: Matmul, parallel: bool, seed: int,
                                                     offsets: list[int]) -> None:  # fmt: skip
    """Every operand (and epilogue input) `offsets[i]` elements past a cache line, B's
    panels starting at its first aligned column (`align-b`)."""
    arrays = _arrays(matmul, seed)
    placed = [_placed(a, offset) for a, offset in zip(arrays, offsets)]
    event(f"B {placed[1].ctypes.data % 64} bytes past a cache line")
    _compile_kernel(_lowered(matmul, parallel, align_b=True), parallel)(*placed)
    _check(matmul, placed[-1], _expected(matmul, arrays))


@settings(max_examples=COMPILED_EXAMPLES, deadline=None)
@given(st.integers(1, 4), st.integers(1, 70), st.integers(1, 20), st.integers(0, 9),
       st.integers(0, 9), st.integers(0, 2), st.sampled_from(sorted(DTYPES)), st.booleans(),
       st.integers(0, 2**32 - 1))  # fmt: skip
def test_few_rows_of_a_strided_b_compute_the_product(m, n, k, padding, column, row, element,
                                                     parallel, seed) -> None:  # fmt: skip
    """B a view `whole[row:row + K, column:column + N]` of a K + 2 x N + padding array
    (rows `N + padding` apart, the offset known at run time only)."""
    dtype = DTYPES[element]
    rng = np.random.default_rng(seed)
    a = rng.uniform(-2, 2, (m, k)).astype(dtype)
    whole = rng.uniform(-2, 2, (k + 2, n + padding + column)).astype(dtype)
    b = whole[row : row + k, column : column + n]
    c = np.zeros((m, n), dtype)
    b_type = f"memref<?x?x{element}, strided<[?, 1], offset: ?>>"
    a_type, c_type = _memref((m, k), element), _memref((m, n), element)
    text = f"""func.func @kernel(%a: {a_type}, %b: {b_type}, %c: {c_type}) {{
{_matmul_generic(a_type, b_type, c_type, "(d2, d1)", element)}  return
}}
"""
    module = mlc.parse(text)
    flag = "true" if parallel else "false"
    mlc.PassManager.parse(
        f"builtin.module(tensor-tile-contractions{{parallel={flag} align-b=true}},"
        "canonicalize,cse)"
    ).run(module)
    peeled = "memref.extract_aligned_pointer_as_index" in str(module)
    event("aligned panels" if peeled else "no peel (registers)")
    _compile_kernel(module, parallel)(a, b, c)
    tolerance = 1e-4 if element == "f32" else 1e-10
    want = a.astype(np.float64) @ b.astype(np.float64)
    np.testing.assert_allclose(c, want, rtol=tolerance, atol=tolerance)


@dataclass
class Convolution:
    """A drawn `@kernel(%x, %w, %c)`: C[f, oh, ow] (+)= X[c, oh + kh, ow + kw] * W[f, c, kh, kw]
    (graph-legalize's form: the image first), read in place by the unpacked lowering."""

    text: str
    shapes: list[tuple[int, ...]]
    fill: bool
    epilogue: Epilogue | None


@st.composite
def convolutions(draw) -> Convolution:
    f, c, oh, ow = (draw(st.integers(1, n)) for n in (9, 3, 4, 20))
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    shapes = [(c, oh + kh - 1, ow + kw - 1), (f, c, kh, kw), (f, oh, ow)]
    types = []
    for shape in shapes:
        dims = ["?" if draw(st.booleans()) else str(d) for d in shape]
        types.append(f"memref<{''.join(d + 'x' for d in dims)}f32>")
    fill = draw(st.booleans())
    loops = "(d0, d1, d2, d3, d4, d5)"  # f, oh, ow, c, kh, kw
    maps = [f"affine_map<{loops} -> ({r})>"
            for r in ("d3, d1 + d4, d2 + d5", "d0, d3, d4, d5", "d0, d1, d2")]  # fmt: skip
    iterators = ", ".join(['"parallel"'] * 3 + ['"reduction"'] * 3)
    fill_text = (
        "  tensor.generic {indexing_maps = [affine_map<(e0, e1, e2) -> (e0, e1, e2)>],"
        f' iterator_types = ["parallel", "parallel", "parallel"]}} outs(%c : {types[2]}) {{\n'
        "  ^bb0(%o: f32):\n    %zero = arith.constant 0.0 : f32\n"
        "    tensor.yield %zero : f32\n  }\n"
    ) if fill else ""  # fmt: skip
    epilogue = draw(epilogues(shapes[2], types[2], 0, "f32"))
    params = epilogue.params if epilogue else ""
    text = (
        f"func.func @kernel(%x: {types[0]}, %w: {types[1]}, {params}%c: {types[2]}) {{\n"
        f"{fill_text}"
        f"  tensor.generic {{indexing_maps = [{', '.join(maps)}],"
        f" iterator_types = [{iterators}]}}\n"
        f"      ins(%x, %w : {types[0]}, {types[1]}) outs(%c : {types[2]}) {{\n"
        "  ^bb0(%a: f32, %b: f32, %acc: f32):\n    %p = arith.mulf %a, %b : f32\n"
        "    %s = arith.addf %acc, %p : f32\n    tensor.yield %s : f32\n  }\n"
        f"{epilogue.text if epilogue else ''}  return\n}}\n"
    )
    if epilogue:
        shapes[2:2] = epilogue.shapes
    return Convolution(text, shapes, fill, epilogue)


@settings(max_examples=max(settings.default.max_examples // 4, 4), deadline=None)
@given(convolutions(), st.booleans(), st.integers(0, 2**32 - 1))
def test_compiled_convolution_computes_the_sum(conv: Convolution, parallel: bool,
                                               seed: int) -> None:  # fmt: skip
    rng = np.random.default_rng(seed)
    x, w, *inputs, c = (rng.uniform(-2, 2, s).astype(np.float32) for s in conv.shapes)
    _, _, kh, kw = conv.shapes[1]
    windows = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(1, 2))
    product = np.einsum("cyxhw,fchw->fyx", windows.astype(np.float64), w.astype(np.float64))
    want = product if conv.fill else c + product
    if conv.epilogue:
        want = conv.epilogue.apply(want, inputs, 0)
    event(f"epilogue steps: {len(conv.epilogue.steps) if conv.epilogue else 0}")
    module = mlc.parse(conv.text)
    flag = "true" if parallel else "false"
    mlc.PassManager.parse(
        f"builtin.module(tensor-tile-contractions{{parallel={flag} vector-bits=256}},"
        "canonicalize,cse)"
    ).run(module)
    # the contraction is lowered; an epilogue a convolution schedule does not take stays
    assert '"reduction"' not in str(module)
    signatures = {"kernel": next(iter(module.regions[0].blocks[0].ops)).type}
    steps = DEFAULT_PIPELINE.removeprefix("builtin.module(")
    prefix = "convert-scf-to-gomp," if parallel else ""
    mlc.PassManager.parse(f"builtin.module(convert-tensor-to-loops,{prefix}{steps}").run(module)
    compile_module(module, opt_level=2, signatures=signatures)["kernel"](x, w, *inputs, c)
    np.testing.assert_allclose(c, want, rtol=1e-4, atol=1e-4)


ELEMENTWISE = """func.func @add(%a: memref<4xf32>, %b: memref<4xf32>, %c: memref<4xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>,
                                   affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a, %b : memref<4xf32>, memref<4xf32>) outs(%c : memref<4xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    tensor.yield %s : f32
  }
  return
}"""
DOT = """func.func @dot(%a: memref<3xf32>, %b: memref<3xf32>, %c: memref<f32>) {
  tensor.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>,
                                   affine_map<(d0) -> ()>], iterator_types = ["reduction"]}
      ins(%a, %b : memref<3xf32>, memref<3xf32>) outs(%c : memref<f32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %o, %p : f32
    tensor.yield %s : f32
  }
  return
}"""


@pytest.mark.parametrize("text", [ELEMENTWISE, DOT], ids=["elementwise", "dot-product"])
def test_other_generics_are_left_alone(text: str) -> None:
    module = mlc.parse(text)
    before = str(module)
    mlc.PassManager.parse("builtin.module(tensor-tile-contractions)").run(module)
    assert str(module) == before


@given(st.sampled_from([32, 64]), *[st.one_of(st.none(), st.integers(1, 3000))] * 3,
       st.sampled_from([128, 256, 512]), st.integers(1, 16))  # fmt: skip
def test_tile_sizes_fit_the_registers_and_share_the_work(element_bits, m, n, k,
                                                                 vector_bits, threads):  # fmt: skip
    """The accumulators, a row of B and a broadcast fit the SIMD registers; K splits in equal
    KC blocks; with M and N known, the parallel blocks (row blocks x column blocks, or
    panels for a few rows) leave no thread more than twice its share of register blocks."""
    t = choose_tile_sizes(element_bits, m, n, k, vector_bits, threads)
    registers = 32 if vector_bits >= 512 else 16
    assert t.nr % t.vl == 0 and t.mc % t.mr == 0
    assert t.mr * (t.nr // t.vl) + 2 <= registers
    if k is not None:
        assert t.kc == -(-k // -(-k // t.kc))
    if m is not None and n is not None:
        # the register blocks (MR x NR) a thread computes in the slowest parallel schedule
        panels, row_blocks = -(-n // t.nr), -(-m // t.mr)
        if t.mr == m:  # few rows: read in place, a parallel block per panel
            tasks, per_task = panels, 1
        else:
            per_block = -(-panels // t.column_blocks)
            tasks = -(-m // t.mc) * -(-panels // per_block)
            per_task = (t.mc // t.mr) * per_block
        slowest = -(-tasks // threads) * per_task
        assert slowest <= 2 * -(-(row_blocks * panels) // threads)


@pytest.mark.parametrize(("m", "vector_bits", "block", "kc"), [
    (1024, 256, (4, 24), 256),  # A packed in row blocks: 4 x 3 vectors, a 24 KiB panel of B
    (None, 256, (4, 24), 256),  # dynamic rows: A packed
    (64, 256, (6, 16), 256),    # one row block per thread: 6 x 2, a 16 KiB panel
    (20, 256, (6, 16), 256),    # few enough rows to read B in place: 6 x 2
    (1024, 512, (8, 48), 79),   # AVX-512's 32 registers: 8 x 3
])  # fmt: skip
def test_register_block_depends_on_whether_a_is_packed(m, vector_bits, block, kc) -> None:
    t = choose_tile_sizes(32, m, 1024, 1024, vector_bits, 2)
    assert ((t.mr, t.nr), t.kc) == (block, kc)


def _constant_b_kernel(a, b, element: str, transposed: bool) -> str:
    """`@main(%a, %c)` calling a private `@kernel` that zero-fills C and adds A x B, B
    passed from a constant global (`B[j, k]` when `transposed`)."""
    m, n = a.shape[0], b.shape[0] if transposed else b.shape[1]
    a_t, b_t, c_t = (_memref(s, element) for s in (a.shape, b.shape, (m, n)))
    b_map = "(d1, d2)" if transposed else "(d2, d1)"
    return f"""
memref.global "private" constant @weights : {b_t} = dense<"0x{b.tobytes().hex()}">
func.func @main(%a: {a_t}, %c: {c_t}) {{
  %b = memref.get_global @weights : {b_t}
  call @kernel(%a, %b, %c) : ({a_t}, {b_t}, {c_t}) -> ()
  return
}}
func.func private @kernel(%a: {a_t}, %b: {b_t}, %c: {c_t}) {{
  tensor.generic {{indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}} outs(%c : {c_t}) {{
  ^bb0(%o: {element}):
    %zero = arith.constant 0.0 : {element}
    tensor.yield %zero : {element}
  }}
{_matmul_generic(a_t, b_t, c_t, b_map, element)}  return
}}
"""

@settings(max_examples=max(settings.default.max_examples // 5, 4), deadline=None)
@given(SIZES, SIZES, SIZES, st.sampled_from(sorted(DTYPES)), st.booleans(),
       st.sampled_from(["", SMALL_TILES]), st.integers(0, 2**32 - 1))  # fmt: skip
def test_constant_b_is_packed_at_compile_time(m, n, k, element, transposed, tiles, seed):
    """A B that a private kernel is always passed from a constant global is packed into a
    constant global of panels at compile time (no copy on each call), whatever the rows
    (one row too: the panels are streams), and the product still equals numpy's."""
    rng = np.random.default_rng(seed)
    dtype = DTYPES[element]
    a = rng.uniform(-2, 2, (m, k)).astype(dtype)
    b = rng.uniform(-2, 2, (n, k) if transposed else (k, n)).astype(dtype)
    text = _constant_b_kernel(a, b, element, transposed)
    module = mlc.parse(text)
    mlc.PassManager.parse(
        f"builtin.module(tensor-tile-contractions{tiles},canonicalize,cse)"
    ).run(module)
    lowered = str(module)
    assert "weights_panels" in lowered and "vector.maskedload %arg1" not in lowered
    signatures = {"main": next(op for op in module.regions[0].blocks[0].ops
                               if getattr(op, "name", "") == "func.func").type}  # fmt: skip
    steps = DEFAULT_PIPELINE.removeprefix("builtin.module(")
    mlc.PassManager.parse(f"builtin.module(convert-scf-to-gomp,{steps}").run(module)
    c = np.zeros((m, n), dtype)
    compile_module(module, opt_level=2, signatures=signatures)["main"](a, c)
    want = a.astype(np.float64) @ (b.T if transposed else b).astype(np.float64)
    tolerance = 1e-4 if element == "f32" else 1e-10
    np.testing.assert_allclose(c, want, rtol=tolerance, atol=tolerance)


@pytest.mark.parametrize(("rows", "packed_a"), [(2, True), (4, False), (8, False), (9, True)])
def test_constant_panels_read_in_place_for_a_few_row_blocks(rows: int, packed_a: bool) -> None:
    """A constant B's compile-time panels are read in their place, A unpacked, for more than
    one and at most `DIRECT_ROW_BLOCKS` blocks of MR rows (MR = 2 and 128-bit vectors
    here: 3 to 8 rows); one block (a matrix-vector product) and more blocks take the
    packed lowering, with A packed per thread. The products equal numpy's."""
    rng = np.random.default_rng(rows)
    a = rng.uniform(-2, 2, (rows, 7)).astype(np.float32)
    b = rng.uniform(-2, 2, (7, 9)).astype(np.float32)
    module = mlc.parse(_constant_b_kernel(a, b, "f32", transposed=False))
    tiles = "mr=2 nr=4 kc=3 mc=4 vector-bits=128 parallel=false"
    mlc.PassManager.parse(
        f"builtin.module(tensor-tile-contractions{{{tiles}}},canonicalize,cse)").run(module)
    lowered = str(module)
    assert "weights_panels" in lowered and ("memref.alloc" in lowered) == packed_a
    main = next(op for op in module.regions[0].blocks[0].ops
                if getattr(op, "name", "") == "func.func")  # fmt: skip
    signatures = {"main": main.type}
    mlc.PassManager.parse(DEFAULT_PIPELINE).run(module)
    c = np.zeros((rows, 9), np.float32)
    compile_module(module, opt_level=2, signatures=signatures)["main"](a, c)
    np.testing.assert_allclose(c, a.astype(np.float64) @ b.astype(np.float64), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize(("vector_bits", "rows", "packed"), [
    (128, 2, False), (128, 8, False), (128, 9, True), (128, 40, True),
    (512, 64, False), (512, 65, True)])  # fmt: skip
def test_b_packed_at_run_time_only_for_more_row_blocks(vector_bits: int, rows: int,
                                                      packed: bool) -> None:  # fmt: skip
    """A B given as an argument is read in place for up to `DIRECT_ROW_BLOCKS` blocks of MR
    rows (MR = 2 here: 8 rows with the 16 SIMD registers of 128-bit vectors, 64 with the
    32 of AVX-512) and packed per call for more, with the same product."""
    rng = np.random.default_rng(rows)
    a = rng.uniform(-2, 2, (rows, 7)).astype(np.float32)
    b = rng.uniform(-2, 2, (7, 9)).astype(np.float32)
    a_t, b_t, c_t = (_memref(s, "f32") for s in (a.shape, b.shape, (rows, 9)))
    text = (f"func.func @kernel(%a: {a_t}, %b: {b_t}, %c: {c_t}) {{\n"
            f"{_matmul_generic(a_t, b_t, c_t, '(d2, d1)', 'f32')}  return\n}}\n")  # fmt: skip
    tiles = f"{{mr=2 nr=4 kc=3 mc=4 vector-bits={vector_bits}}}"
    matmul = Matmul(text, [a.shape, b.shape, (rows, 9)], "f32", False, False, False, tiles,
                    None)  # fmt: skip
    module = _lowered(matmul, parallel=False)
    assert ("memref.alloc" in str(module)) == packed  # the panels of B and of A
    c = rng.uniform(-2, 2, (rows, 9)).astype(np.float32)
    want = c.astype(np.float64) + a.astype(np.float64) @ b.astype(np.float64)
    _compile_kernel(module, parallel=False)(a, b, c)
    np.testing.assert_allclose(c, want, rtol=1e-4, atol=1e-4)
