"""`convert-tensor-to-loops{fuse-rows}` keeps the meaning of a run of buffer-form generics.

Hypothesis draws functions of 2 to 6 generics over an `R x C` row space (static, or `R` a
run-time `index` argument): fills, row reductions, element-wise ops reading full, per-row and
per-column buffers, per-row scalar updates, and the shapes that must not share rows (column
reductions, transposed reads). Their buffers are function arguments, or `memref.view`s of
one byte arena at drawn offsets, so that distinct views overlap now and then (the same
place and type, the same place and another type, partial overlaps). The interpreter on the
lowered function, sequential and parallel, writes exactly the bytes it writes on the
generics: each element is computed by the same ops in the same order. A second property
checks that chains whose buffers are disjoint and read at the rows become one loop nest, a
third that the rows' inner loops on vectors (`vector-size`, `unroll`) compute the same
within float tolerance (row sums reassociated), and a subset is compiled to native code,
with and without vectors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import mlc
from mlc.codegen import compile_module
from mlc.tools.mlc_run import DEFAULT_PIPELINE

FULL, ROW, COL = "full", "row", "col"
OPS = ("arith.addf", "arith.subf", "arith.mulf", "arith.maximumf")
NATIVE_EXAMPLES = max(settings.default.max_examples // 5, 3)
SLOTS = 3 * 6 * 5  # 6 generics of up to 5 buffers, each of which may straddle two slots


@dataclass
class Program:
    """A drawn `@kernel` and how to call it."""

    text: str
    rows: int
    columns: int
    dynamic: bool
    arena: int | None  # bytes of the arena argument, or None: one argument per buffer
    buffers: list = field(default_factory=list)  # (name, kind) of argument buffers
    generics: int = 0


@dataclass(frozen=True)
class Buffer:
    name: str
    kind: str
    offset: int  # bytes into the arena


def _shape(kind: str, dynamic: bool, columns: int) -> str:
    r = "?" if dynamic else "{R}"
    return {FULL: f"{r}x{columns}", ROW: r, COL: str(columns)}[kind]


def _body(draw, args: list[str], reduce_into: str | None) -> list[str]:
    """A few f32 ops over `args`; a reduction ends combining into its accumulator."""
    values, lines = list(args), []
    for n in range(draw(st.integers(1, 3))):
        lhs, rhs = draw(st.sampled_from(values)), draw(st.sampled_from(values))
        lines.append(f"    %v{n} = {draw(st.sampled_from(OPS))} {lhs}, {rhs} : f32")
        values.append(f"%v{n}")
    result = values[-1]
    if reduce_into is not None:
        combine = draw(st.sampled_from(["arith.addf", "arith.maximumf"]))
        lines.append(f"    %acc = {combine} {reduce_into}, {result} : f32")
        result = "%acc"
    return [*lines, f"    tensor.yield {result} : f32"]


# (kind of the loops, [(operand kind, map results)...], iterators); the last operand is the output
KINDS = {
    "fill_row": (["d0"], [(ROW, "d0")], ["parallel"]),
    "fill": (["d0", "d1"], [(FULL, "d0, d1")], ["parallel", "parallel"]),
    "row_reduce": (["d0", "d1"], [(FULL, "d0, d1"), (ROW, "d0")], ["parallel", "reduction"]),
    "elementwise": (["d0", "d1"], [(FULL, "d0, d1"), (ROW, "d0"), (COL, "d1"), (FULL, "d0, d1")],
                    ["parallel", "parallel"]),
    "row_update": (["d0"], [(ROW, "d0"), (ROW, "d0")], ["parallel"]),
    "column_reduce": (["d0", "d1"], [(FULL, "d0, d1"), (COL, "d1")], ["reduction", "parallel"]),
    "transposed": (["d0", "d1"], [(FULL, "d1, d0"), (FULL, "d0, d1")], ["parallel", "parallel"]),
}  # fmt: skip
FUSABLE = ("fill_row", "fill", "row_reduce", "elementwise", "row_update")


def _bytes(kind: str, rows: int, columns: int) -> int:
    return 4 * {FULL: rows * columns, ROW: rows, COL: columns}[kind]


def _overlaps(a: Buffer, b: Buffer, rows: int, columns: int, arena: bool) -> bool:
    if not arena:
        return a.name == b.name
    a_end = a.offset + _bytes(a.kind, rows, columns)
    return a.offset < b.offset + _bytes(b.kind, rows, columns) and b.offset < a_end


@st.composite
def programs(draw, kinds=tuple(KINDS), overlap: bool = True) -> Program:
    """A drawn program; without `overlap`, distinct buffers never share bytes."""
    rows, columns = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    dynamic = draw(st.booleans())
    use_arena = draw(st.booleans())
    if "transposed" in kinds and draw(st.booleans()):
        columns = rows  # square, so that a transposed read fits
    kinds = [k for k in kinds if k != "transposed" or rows == columns]
    slot = _bytes(FULL, rows, columns)
    arena = slot * SLOTS
    pool: dict[str, list[Buffer]] = {FULL: [], ROW: [], COL: []}

    def buffer(kind: str, fresh: bool = False) -> Buffer:
        """An existing buffer of `kind` or a new one: in a slot of its own, or (with
        `overlap`) where another buffer starts, or anywhere."""
        if pool[kind] and not fresh and draw(st.booleans()):
            return draw(st.sampled_from(pool[kind]))
        made = [b for p in pool.values() for b in p]
        size = _bytes(kind, rows, columns)
        placement = "slot"
        if overlap and not fresh:
            placement = draw(st.sampled_from(["slot", "shared", "anywhere"]))
        fitting = [b.offset for b in made if b.offset + size <= arena]
        if placement == "shared" and fitting:
            offset = draw(st.sampled_from(fitting))
        elif placement == "anywhere":
            offset = 4 * draw(st.integers(0, (arena - size) // 4))
        elif fresh:  # the first slot nothing overlaps
            offset = next(o for o in range(0, arena, slot)
                          if all(o + size <= b.offset or b.offset + _bytes(b.kind, rows, columns)
                                 <= o for b in made))  # fmt: skip
        else:
            offset = slot * len(made)
        made = Buffer(f"%{kind}{len(pool[kind])}", kind, offset)
        pool[kind].append(made)
        return made

    lines = []
    count = draw(st.integers(2, 6))
    for _ in range(count):
        kind = draw(st.sampled_from(kinds))
        loops, operands, iterators = KINDS[kind]
        chosen = [buffer(k) for k, _ in operands]
        if any(_overlaps(chosen[-1], b, rows, columns, use_arena) for b in chosen[:-1]):
            chosen[-1] = buffer(operands[-1][0], fresh=True)  # a generic's output is its own
        out = chosen[-1]
        types = [f"memref<{_shape(b.kind, dynamic, columns)}xf32>" for b in chosen]
        maps = ", ".join(f"affine_map<({', '.join(loops)}) -> ({m})>" for _, m in operands)
        args = [f"%x{i}" for i in range(len(chosen))]
        reduction = "reduction" in iterators
        body = _body(draw, args if not reduction else args[:-1], args[-1] if reduction else None)
        iterator_text = ", ".join(f'"{i}"' for i in iterators)
        ins = ", ".join(b.name for b in chosen[:-1])
        in_types = ", ".join(types[:-1])
        ins_text = f"ins({ins} : {in_types}) " if ins else ""
        lines += [
            f"  tensor.generic {{indexing_maps = [{maps}], iterator_types = [{iterator_text}]}}",
            f"      {ins_text}outs({out.name} : {types[-1]}) {{",
            f"  ^bb0({', '.join(f'{a}: f32' for a in args)}):",
            *body,
            "  }",
        ]
    used = [b for kind in (FULL, ROW, COL) for b in pool[kind]]
    size_param = ["%r: index"] if dynamic else []
    if use_arena:
        params = [*size_param, f"%arena: memref<{arena}xi8>"]
        views = []
        for b in used:
            sizes = "[%r]" if dynamic and b.kind != COL else "[]"
            shape = _shape(b.kind, dynamic, columns)
            views += [f"  %off_{b.name[1:]} = arith.constant {b.offset} : index",
                      f"  {b.name} = memref.view %arena[%off_{b.name[1:]}]{sizes} : "
                      f"memref<{arena}xi8> to memref<{shape}xf32>"]  # fmt: skip
        lines = views + lines
        buffers = []
    else:
        params = size_param + [f"{b.name}: memref<{_shape(b.kind, dynamic, columns)}xf32>"
                               for b in used]  # fmt: skip
        buffers = [(b.name, b.kind) for b in used]
    text = f"func.func @kernel({', '.join(params)}) {{\n" + "\n".join(lines) + "\n  return\n}\n"
    text = text.replace("{R}", str(rows))
    return Program(text, rows, columns, dynamic, arena if use_arena else None, buffers, count)


def _arguments(program: Program, seed: int) -> list:
    rng = np.random.default_rng(seed)
    args: list = [program.rows] if program.dynamic else []
    if program.arena is not None:
        floats = rng.uniform(-2, 2, program.arena // 4).astype(np.float32)
        return [*args, floats.view(np.int8)]
    shapes = {FULL: (program.rows, program.columns), ROW: (program.rows,),
              COL: (program.columns,)}  # fmt: skip
    return [*args, *(rng.uniform(-2, 2, shapes[k]).astype(np.float32) for _, k in program.buffers)]


def _interpret(module, arguments: list) -> list:
    copies = [a.copy() if isinstance(a, np.ndarray) else a for a in arguments]
    mlc.interpret(module, "kernel", *copies)
    return [a for a in copies if isinstance(a, np.ndarray)]


def _lowered(text: str, parallel: bool, options: str = ""):
    module = mlc.parse(text)
    option = "true" if parallel else "false"
    mlc.PassManager.parse(
        f"builtin.module(convert-tensor-to-loops{{parallel={option} fuse-rows=true {options}}})"
    ).run(module)
    return module


def _bits(arrays: list) -> list:
    return [a.view(np.uint8) for a in arrays]


@settings(deadline=None)
@given(programs(), st.integers(0, 2**32 - 1))
def test_fused_loops_compute_what_the_generics_compute(program: Program, seed: int) -> None:
    arguments = _arguments(program, seed)
    expected = _bits(_interpret(mlc.parse(program.text), arguments))
    for parallel in (False, True):
        module = _lowered(program.text, parallel)
        assert "tensor.generic" not in str(module)
        for got, want in zip(_bits(_interpret(module, arguments)), expected):
            np.testing.assert_array_equal(got, want)


def _top_level_loops(module) -> list:
    body = next(iter(module.regions[0].blocks[0].ops)).regions[0].blocks[0]
    return [op.name for op in body.ops if op.name in ("scf.for", "scf.parallel")]


@settings(deadline=None)
@given(programs(kinds=FUSABLE, overlap=False), st.integers(0, 2**32 - 1))
def test_row_aligned_chains_become_one_nest(program: Program, seed: int) -> None:
    """(With run-time sizes, distinct arguments may differ in rows and views of an arena may
    overlap: the compiled graph tests cover those, with allocations sized alike.)"""
    assume(not program.dynamic)
    module = _lowered(program.text, parallel=False)
    assert _top_level_loops(module) == ["scf.for"]
    arguments = _arguments(program, seed)
    expected = _bits(_interpret(mlc.parse(program.text), arguments))
    for got, want in zip(_bits(_interpret(module, arguments)), expected):
        np.testing.assert_array_equal(got, want)


vector_options = st.builds("vector-size={} unroll={}".format, st.sampled_from([0, 2, 3]),
                           st.integers(0, 2))  # fmt: skip


@settings(deadline=None)
@given(programs(), st.booleans(), vector_options, st.integers(0, 2**32 - 1))
def test_vectorized_fused_loops_compute_what_the_generics_compute(
    program: Program, parallel: bool, options: str, seed: int
) -> None:
    """The rows' inner loops on vectors (`generic_vectorize`), row sums reassociated."""
    arguments = _arguments(program, seed)
    expected = _interpret(mlc.parse(program.text), arguments)
    module = _lowered(program.text, parallel, options)
    for got, want in zip(_interpret(module, arguments), expected):
        got = got.view(np.float32) if program.arena is not None else got
        want = want.view(np.float32) if program.arena is not None else want
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


@settings(max_examples=NATIVE_EXAMPLES, deadline=None)
@given(programs(), st.booleans(), st.sampled_from(["", "vector-size=0", "vector-size=2"]),
       st.integers(0, 2**32 - 1))  # fmt: skip
def test_compiled_fused_loops_equal_the_interpreter(program: Program, parallel: bool,
                                                    options: str, seed: int) -> None:  # fmt: skip
    arguments = _arguments(program, seed)
    expected = _interpret(mlc.parse(program.text), arguments)
    module = _lowered(program.text, parallel, options)
    signatures = {"kernel": next(iter(module.regions[0].blocks[0].ops)).type}
    steps = DEFAULT_PIPELINE.removeprefix("builtin.module(")
    prefix = "convert-scf-to-gomp," if parallel else ""
    mlc.PassManager.parse(f"builtin.module({prefix}{steps}").run(module)
    copies = [a.copy() if isinstance(a, np.ndarray) else a for a in arguments]
    compile_module(module, signatures=signatures)["kernel"](*copies)
    got = [a for a in copies if isinstance(a, np.ndarray)]
    for g, w in zip(got, expected):
        g = g.view(np.float32) if program.arena is not None else g
        w = w.view(np.float32) if program.arena is not None else w
        np.testing.assert_allclose(g, w, rtol=1e-5, atol=1e-6)
