"""`tensor-tile-contractions` lowers convolutions (`passes/conv_schedule.py`) to what numpy
and the graph interpreter compute.

Hypothesis draws buffer-form convolutions `C[n, f, oh, ow] (+)= X[n, c, oh*sh + kh*dh,
ow*sw + kw*dw] * W[f, c, kh, kw]` in graph-legalize's form (image first): with or without the
batch loop, output channels that are and are not multiples of the register block, output
widths below, at and past a vector (and not multiples of it: the flat grid, vectors running
on across C's rows), windows 1..3 in each direction,
strides and dilations 1 or 2, every dim static or dynamic, with or without the zero fill right
before and an in-place epilogue after (bias, residual, relu), the heuristic's register block
or a small one, 128- or 256-bit vectors; an epilogue may instead add a bias per output row
(a flat grid then stores each vector in two masked parts, not whole through C's view with
rows and columns collapsed). The module after the pass holds no `tensor.generic` (strided
widths are left for `convert-tensor-to-loops`), the convolution schedule takes
exactly the drawn convolutions it should (a fill to fold, a static output width of at least
one vector, unit stride along the width; `conv_wide_grid` takes the static ones whose image
rows are shorter than a vector, its sums in a scratch plane, also drawn on their own), and
the native code (sequential and on threads) equals numpy's sum over the windows within float
tolerance; a few small cases are also run by the interpreter. Whole `graph.conv` + bias +
relu or residual functions (strides up to 3, pads, dilations, a symbolic batch) compiled by
`mlc.compile` equal the graph interpreter.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

import mlc
from mlc.codegen import compile_module
from mlc.dialects.tensor.generic import GenericOp
from mlc.passes.conv_schedule import is_direct_convolution
from mlc.passes.conv_wide_grid import wide_plane
from mlc.passes.tensor_schedule import match_contraction
from mlc.tools.mlc_run import DEFAULT_PIPELINE

COMPILED_EXAMPLES = max(settings.default.max_examples // 2, 4)  # an LLVM compile each
INTERPRETED_EXAMPLES = max(settings.default.max_examples // 5, 3)
MOSTLY = st.sampled_from([True] * 7 + [False])  # most cases: the direct schedule


@dataclass
class Convolution:
    """A drawn `@kernel(%x, %w, %c)`, its argument shapes and the lowering it should get."""

    text: str
    shapes: list[tuple[int, ...]]
    batch: bool
    strides: tuple[int, int]
    dilations: tuple[int, int]
    fill: bool
    options: str
    direct: bool  # conv_schedule's lowering applies
    epilogue: str  # "", "bias_relu", "bias_residual_relu" or "row_bias_relu": a generic
    # updating C in place (the row bias is indexed by oh)


@st.composite
def convolutions(draw, max_width: int = 30, narrow: bool = False) -> Convolution:
    """A drawn convolution; `narrow` ones are `conv_wide_grid`'s: static but for the batch,
    a fill, unit strides, image rows shorter than a vector."""
    batch = draw(st.booleans())
    n = draw(st.integers(1, 3))
    f = draw(st.sampled_from([1, 4, 5, 6, 7, 12, 13]))
    c = draw(st.integers(1, 4))
    oh, ow = draw(st.integers(1, 6 if narrow else 4)), draw(st.integers(1, max_width))
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    sh, sw = draw(st.integers(1, 2)), draw(MOSTLY.map(lambda one: 1 if one else 2))
    dh, dw = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    vector_bits = draw(st.sampled_from([128, 256]))
    if narrow:
        sh = sw = 1
        widest = vector_bits // 32 - 1 - (kw - 1) * dw  # the image's rows below a vector
        assume(widest >= 1)
        ow = draw(st.integers(1, widest))
    small = draw(st.booleans())
    options = f"vector-bits={vector_bits}" + (" mr=2 nr=4" if small else "")
    lead = (n,) if batch else ()
    shapes = [
        (*lead, c, (oh - 1) * sh + (kh - 1) * dh + 1, (ow - 1) * sw + (kw - 1) * dw + 1),
        (f, c, kh, kw),
        (*lead, f, oh, ow),
    ]
    static_width = narrow or draw(MOSTLY)
    types = []
    for k, shape in enumerate(shapes):
        dims = ["?" if draw(st.booleans()) else str(d) for d in shape]
        if narrow:  # static but for the batch
            dims = [*dims[: len(lead)], *map(str, shape[len(lead) :])]
        if k == 2:
            dims[-1] = str(ow) if static_width else "?"
        types.append(f"memref<{''.join(d + 'x' for d in dims)}f32>")
    fill = narrow or draw(MOSTLY)
    epilogue = draw(st.sampled_from(["", "bias_relu", "bias_residual_relu", "row_bias_relu"]))
    # loops: (n,) f, oh, ow, c, kh, kw
    names = (["n"] if batch else []) + ["f", "oh", "ow", "c", "kh", "kw"]
    d = {name: f"d{k}" for k, name in enumerate(names)}
    loops = f"({', '.join(d.values())})"
    nb = [d["n"]] if batch else []
    x_map = [*nb, d["c"], f"{d['oh']} * {sh} + {d['kh']} * {dh}",
             f"{d['ow']} * {sw} + {d['kw']} * {dw}"]  # fmt: skip
    w_map = [d["f"], d["c"], d["kh"], d["kw"]]
    c_map = [*nb, d["f"], d["oh"], d["ow"]]
    maps = [f"affine_map<{loops} -> ({', '.join(r)})>" for r in (x_map, w_map, c_map)]
    iterators = ", ".join(['"parallel"'] * (len(names) - 3) + ['"reduction"'] * 3)
    rank = len(shapes[2])
    identity = ", ".join(f"e{k}" for k in range(rank))
    parallel = ", ".join(['"parallel"'] * rank)
    fill_text = (
        f"  tensor.generic {{indexing_maps = [affine_map<({identity}) -> ({identity})>],"
        f" iterator_types = [{parallel}]}} outs(%c : {types[2]}) {{\n"
        "  ^bb0(%o: f32):\n    %zero = arith.constant 0.0 : f32\n"
        "    tensor.yield %zero : f32\n  }\n"
    ) if fill else ""  # fmt: skip
    per_row = epilogue == "row_bias_relu"
    bias = f"memref<{'?' if draw(st.booleans()) else oh if per_row else f}xf32>"
    extra = {"": [], "bias_relu": [("%bias", bias)], "row_bias_relu": [("%bias", bias)],
             "bias_residual_relu": [("%bias", bias), ("%res", types[2])]}[epilogue]
    shapes += [(oh if per_row else f,), shapes[2]][: len(extra)]
    text = (
        f"func.func @kernel(%x: {types[0]}, %w: {types[1]}, %c: {types[2]}"
        f"{''.join(f', {name}: {t}' for name, t in extra)}) {{\n{fill_text}"
        f"  tensor.generic {{indexing_maps = [{', '.join(maps)}],"
        f" iterator_types = [{iterators}]}}\n"
        f"      ins(%x, %w : {types[0]}, {types[1]}) outs(%c : {types[2]}) {{\n"
        "  ^bb0(%a: f32, %b: f32, %acc: f32):\n    %p = arith.mulf %a, %b : f32\n"
        "    %s = arith.addf %acc, %p : f32\n    tensor.yield %s : f32\n  }\n"
        f"{_epilogue_text(extra, rank, types[2], per_row)}  return\n}}\n"
    )
    direct = fill and static_width and ow >= vector_bits // 32 and sw == 1
    return Convolution(text, shapes, batch, (sh, sw), (dh, dw), fill, options, direct, epilogue)


def _epilogue_text(extra: list, rank: int, c_type: str, per_row: bool) -> str:
    """`C = max(C + bias[f] (+ residual), 0)` in place, as graph-fuse-kernels leaves a
    convolution's bias, residual add and relu (`bias[oh]` when `per_row`)."""
    if not extra:
        return ""
    dims = ", ".join(f"e{k}" for k in range(rank))
    identity = f"affine_map<({dims}) -> ({dims})>"
    bias = f"affine_map<({dims}) -> (e{rank - 2 if per_row else rank - 3})>"
    maps = [bias, identity][: len(extra)] + [identity]
    names = ", ".join(name for name, _ in extra)
    types = ", ".join(t for _, t in extra)
    args = ", ".join(f"%{name[1:]}_v: f32" for name, _ in extra)
    body = "    %t0 = arith.addf %o, %bias_v : f32\n"
    last = "%t0"
    if len(extra) == 2:
        body += "    %t1 = arith.addf %t0, %res_v : f32\n"
        last = "%t1"
    parallel = ", ".join(['"parallel"'] * rank)
    return (
        f"  tensor.generic {{indexing_maps = [{', '.join(maps)}], iterator_types = [{parallel}]}}"
        f" ins({names} : {types}) outs(%c : {c_type}) {{\n  ^bb0({args}, %o: f32):\n{body}"
        "    %zero = arith.constant 0.0 : f32\n"
        f"    %y = arith.maximumf {last}, %zero : f32\n    tensor.yield %y : f32\n  }}\n"
    )


def _arrays(conv: Convolution, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.uniform(-2, 2, s).astype(np.float32) for s in conv.shapes]


def _expected(conv: Convolution, arrays: list[np.ndarray]) -> np.ndarray:
    x, w, c = arrays[:3]
    if not conv.batch:
        x, c = x[None], c[None]
    (sh, sw), (dh, dw) = conv.strides, conv.dilations
    _, _, kh, kw = w.shape
    oh, ow = c.shape[-2:]
    windows = np.lib.stride_tricks.sliding_window_view(
        x.astype(np.float64), ((kh - 1) * dh + 1, (kw - 1) * dw + 1), axis=(2, 3)
    )[:, :, : (oh - 1) * sh + 1 : sh, : (ow - 1) * sw + 1 : sw, ::dh, ::dw]
    product = np.einsum("ncyxhw,fchw->nfyx", windows, w.astype(np.float64))
    want = product if conv.fill else c + product
    want = want if conv.batch else want[0]
    if conv.epilogue:
        bias = arrays[3].reshape((-1, 1) if conv.epilogue == "row_bias_relu" else (-1, 1, 1))
        residual = arrays[4] if len(arrays) > 4 else 0.0
        want = np.maximum(want + bias + residual, 0.0)
    return want


def _schedule_taken(conv: Convolution, vl: int) -> str:
    """Which lowering `conv_schedule` gives the drawn convolution (its fill, if any, first):
    "direct", "wide" (`conv_wide_grid`: the image's rows shorter than a vector) or "other"."""
    generics: list[GenericOp] = []
    mlc.parse(conv.text).walk(lambda op: generics.append(op) if isinstance(op, GenericOp) else None)
    fill, op = (generics[0], generics[1]) if conv.fill else (None, generics[0])
    match = match_contraction(op)
    if match is None:
        return "other"
    if is_direct_convolution(match, fill, vl):
        return "direct"
    return "wide" if wide_plane(match, fill, vl) is not None else "other"


def _lowered(conv: Convolution, parallel: bool):
    vl = int(conv.options.split()[0].removeprefix("vector-bits=")) // 32
    flat = conv.direct and conv.shapes[2][-1] % vl != 0  # vectors run on across C's rows
    taken = _schedule_taken(conv, vl)
    event("direct, flat grid" if flat else taken)
    assert (taken == "direct") == conv.direct
    module = mlc.parse(conv.text)
    flag = "true" if parallel else "false"
    mlc.PassManager.parse(
        f"builtin.module(tensor-tile-contractions{{parallel={flag} {conv.options}}},"
        "canonicalize,cse)"
    ).run(module)
    if conv.direct:  # a flat grid reads the image's rows in parts, and C's whole
        text = str(module)
        assert ("vector.maskedload" in text) == flat
        parts = flat and conv.epilogue == "row_bias_relu"  # else C's rows collapsed
        assert ("vector.maskedstore" in text) == parts
    if taken == "wide":  # sums in a scratch plane, copied to C's rows masked
        text = str(module)
        assert "memref.alloc" in text and "vector.maskedstore" in text
    if conv.strides[1] != 1:  # not read along the rows in place: left for the loops
        mlc.PassManager.parse("builtin.module(convert-tensor-to-loops)").run(module)
    else:
        assert "tensor.generic" not in str(module)
    return module


@settings(max_examples=COMPILED_EXAMPLES, deadline=None)
@given(convolutions(), st.booleans(), st.integers(0, 2**32 - 1))
def test_compiled_convolution_equals_numpy(conv: Convolution, parallel: bool, seed: int) -> None:
    _check_compiled(conv, parallel, seed)


@settings(max_examples=COMPILED_EXAMPLES, deadline=None)
@given(convolutions(narrow=True), st.booleans(), st.integers(0, 2**32 - 1))
def test_compiled_wide_grid_equals_numpy(conv: Convolution, parallel: bool, seed: int) -> None:
    """Images whose rows are shorter than a vector, most of them on the wide grid (too
    few rows for a vector's reads leave them to the unpacked lowering)."""
    _check_compiled(conv, parallel, seed)


def _check_compiled(conv: Convolution, parallel: bool, seed: int) -> None:
    arrays = _arrays(conv, seed)
    want = _expected(conv, arrays)
    module = _lowered(conv, parallel)
    signatures = {"kernel": next(iter(module.regions[0].blocks[0].ops)).type}
    steps = DEFAULT_PIPELINE.removeprefix("builtin.module(")
    prefix = "convert-scf-to-gomp," if parallel else ""
    mlc.PassManager.parse(f"builtin.module({prefix}{steps}").run(module)
    compile_module(module, opt_level=2, signatures=signatures)["kernel"](*arrays)
    np.testing.assert_allclose(arrays[2], want, rtol=1e-4, atol=1e-4)


@settings(max_examples=INTERPRETED_EXAMPLES, deadline=None)
@given(st.one_of(convolutions(max_width=12), convolutions(narrow=True)), st.integers(0, 2**32 - 1))
def test_interpreted_convolution_equals_numpy(conv: Convolution, seed: int) -> None:
    arrays = _arrays(conv, seed)
    want = _expected(conv, arrays)
    mlc.interpret(_lowered(conv, parallel=False), "kernel", *arrays)
    np.testing.assert_allclose(arrays[2], want, rtol=1e-4, atol=1e-4)


@st.composite
def graph_convolutions(draw) -> tuple[str, list[np.ndarray]]:
    """A `graph.conv` + bias, then a relu or a residual add, with drawn strides, pads,
    dilations, channel counts and a symbolic batch; and its inputs."""
    c, f = draw(st.integers(1, 5)), draw(st.sampled_from([3, 4, 8, 13]))
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    sh, sw = draw(st.integers(1, 2)), draw(st.integers(1, 3))
    dh, dw = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    pads = [draw(st.integers(0, k - 1)) for k in (kh, kw, kh, kw)]
    h = draw(st.integers((kh - 1) * dh + 1, 9))
    w = draw(st.integers((kw - 1) * dw + 1, 40))
    oh = (h + pads[0] + pads[2] - (kh - 1) * dh - 1) // sh + 1
    ow = (w + pads[1] + pads[3] - (kw - 1) * dw - 1) // sw + 1
    n = draw(st.integers(1, 2))
    x_t = f"!graph.tensor<[n, {c}, {h}, {w}], f32>"
    w_t = f"!graph.tensor<[{f}, {c}, {kh}, {kw}], f32>"
    b_t, o_t = f"!graph.tensor<[{f}], f32>", f"!graph.tensor<[n, {f}, {oh}, {ow}], f32>"
    attrs = (f"{{dilations = [{dh}, {dw}], pads = [{', '.join(map(str, pads))}],"
             f" strides = [{sh}, {sw}]}}")  # fmt: skip
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    arrays = [rng.uniform(-1, 1, s).astype(np.float32)
              for s in ((n, c, h, w), (f, c, kh, kw), (f,))]  # fmt: skip
    body = [f"%0 = graph.conv %x, %w {attrs} : ({x_t}, {w_t})",
            f"%1 = graph.bias_add %0, %b : ({o_t}, {b_t})"]  # fmt: skip
    params = f"%x: {x_t}, %w: {w_t}, %b: {b_t}"
    if draw(st.booleans()):
        body.append(f"%2 = graph.add %1, %r : ({o_t}, {o_t})")
        params += f", %r: {o_t}"
        arrays.append(rng.uniform(-1, 1, (n, f, oh, ow)).astype(np.float32))
    else:
        body.append(f"%2 = graph.relu %1 : ({o_t})")
    lines = "\n".join(f"  {line}" for line in body)
    text = f"graph.func @main<n>({params}) -> {o_t} {{\n{lines}\n  graph.return %2 : {o_t}\n}}\n"
    return text, arrays


@settings(max_examples=max(settings.default.max_examples // 5, 4), deadline=None)
@given(graph_convolutions())
def test_compiled_graph_convolution_equals_the_interpreter(case) -> None:
    """Through graph-to-llvm: the padded (row-aligned or phase-split) input, the fused
    epilogue and the direct or unpacked schedule."""
    text, arrays = case
    module = mlc.parse(text, mlc.Context())
    want = mlc.interpret(module, "main", *arrays)
    got = mlc.compile(module)["main"](*arrays)
    np.testing.assert_allclose(got, want[0] if isinstance(want, tuple) else want,
                               rtol=1e-4, atol=1e-4)  # fmt: skip
