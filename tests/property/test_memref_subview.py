"""memref.subview's result type inference, verifier and expansion agree with mlir-opt 19.

Generated cases draw a source memref (static and dynamic sizes; identity or strided layout
with static and dynamic strides and offset; a memory space or not) and mixed static/dynamic
offsets, sizes and strides (never a zero stride: MLIR cannot build `strided<[0]>`). For each,
mlc infers the result type (`layout.subview_type`) and writes the subview with it: mlir-opt
must accept it (the inference is MLIR's) and print the op as mlc does. Variants then drop
unit dims (rank reduction) or change one stride or the offset of the result: both tools must
agree on accepting or rejecting each. One mlir-opt run (`--split-input-file`) checks the
whole batch. The subviews with inferred types, returned, also go through
`expand-strided-metadata` (then `lower-affine`): mlc prints what mlir-opt prints.
"""

from __future__ import annotations

import functools

import pytest
from external_tools import find_mlir_opt, run_mlir_opt_split
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mlc
from mlc.dialects.memref.layout import subview_type
from mlc.ir.attributes import IntegerAttr, StridedLayoutAttr
from mlc.ir.types import DYNAMIC, MemRefType, f32, i64

pytestmark = pytest.mark.skipif(
    find_mlir_opt() is None, reason="mlir-opt 19 not found (Debian: mlir-19-tools)"
)

SPACE = IntegerAttr(1, i64)
NONZERO_STRIDES = st.integers(-3, 20).filter(bool)  # MLIR rejects `strided<[0]>`


def _maybe_dynamic(values: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(values, st.just(DYNAMIC))


@st.composite
def source_types(draw) -> MemRefType:
    rank = draw(st.integers(1, 3))
    shape = tuple(draw(_maybe_dynamic(st.integers(0, 6))) for _ in range(rank))
    layout = None
    if draw(st.booleans()):
        strides = tuple(draw(_maybe_dynamic(NONZERO_STRIDES)) for _ in range(rank))
        layout = StridedLayoutAttr(strides, draw(_maybe_dynamic(st.integers(0, 10))))
    space = SPACE if draw(st.booleans()) else None
    return MemRefType(shape, f32, layout, space)


@st.composite
def subview_cases(draw) -> tuple[MemRefType, list, list, list]:
    source = draw(source_types())
    rank = len(source.shape)
    offsets = [draw(_maybe_dynamic(st.integers(0, 6))) for _ in range(rank)]
    sizes = [draw(_maybe_dynamic(st.integers(0, 4) | st.just(1))) for _ in range(rank)]
    strides = [draw(_maybe_dynamic(st.sampled_from([-2, -1, 1, 2, 3]))) for _ in range(rank)]
    return source, offsets, sizes, strides


def _entries(values, names) -> str:
    return "[" + ", ".join(next(names) if v == DYNAMIC else str(v) for v in values) + "]"


def chunk(source: MemRefType, offsets, sizes, strides, result: MemRefType, returned=False) -> str:
    """A function holding the subview (returning it if `returned`); dynamic entries come from
    index arguments."""
    count = sum(v == DYNAMIC for v in (*offsets, *sizes, *strides))
    names = iter(f"%i{k}" for k in range(count))
    args = "".join(f", %i{k}: index" for k in range(count))
    lists = f"{_entries(offsets, names)} {_entries(sizes, names)} {_entries(strides, names)}"
    results, values = (f" -> {result}", f" %0 : {result}") if returned else ("", "")
    return (
        f"func.func @f(%m: {source}{args}){results} {{\n"
        f"  %0 = memref.subview %m{lists} : {source} to {result}\n"
        f"  return{values}\n}}"
    )


def variants(source, offsets, sizes, strides) -> list[str]:
    """The inferred type, then rank reductions and layouts that differ in one entry."""
    inferred = subview_type(source, offsets, sizes, strides)
    out = [chunk(source, offsets, sizes, strides, inferred)]
    result_strides, offset = list(inferred.layout.strides), inferred.layout.offset
    units = [i for i, size in enumerate(sizes) if size == 1]
    for dropped in ({*units}, set(units[:1])):
        if dropped:
            keep = [i for i in range(len(sizes)) if i not in dropped]
            reduced = MemRefType(
                tuple(sizes[i] for i in keep),
                f32,
                StridedLayoutAttr(tuple(result_strides[i] for i in keep), offset),
                source.memory_space,
            )
            out.append(chunk(source, offsets, sizes, strides, reduced))
    wrong_offset = StridedLayoutAttr(tuple(result_strides), 7 if offset != 7 else DYNAMIC)
    wrong_stride = StridedLayoutAttr(
        (result_strides[0] + 1 if result_strides[0] != DYNAMIC else 5, *result_strides[1:]), offset
    )
    for layout in (wrong_offset, wrong_stride):
        t = MemRefType(inferred.shape, f32, layout, source.memory_space)
        out.append(chunk(source, offsets, sizes, strides, t))
    return out


@functools.cache
def collect_cases() -> list[tuple]:
    """As many subview cases as the active hypothesis profile asks for."""
    cases: list[tuple] = []

    @settings(database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(subview_cases())
    def gather(case) -> None:
        cases.append(case)

    gather()
    return cases


def collect() -> list[list[str]]:
    """Batches of variants of the cases."""
    return [variants(*case) for case in collect_cases()]


def mlc_print(text: str) -> str | None:
    """mlc's print of the module, or None when it rejects it."""
    try:
        module = mlc.parse(text)
        mlc.verify(module)
    except mlc.DiagnosticError:
        return None
    return module.print()


def test_inferred_subview_types_match_mlir_opt() -> None:
    cases = collect()
    texts = [text for case in cases for text in case]
    expected = run_mlir_opt_split(texts)
    inferred = [case[0] for case in cases]
    rejected = [text for text, out in zip(texts, expected) if out is None and text in inferred]
    assert not rejected, "mlir-opt rejects a type mlc inferred:\n" + rejected[0]
    for text, want in zip(texts, expected):
        got = mlc_print(text)
        if want is None or got is None:
            assert got == want, (
                f"mlc {'rejects' if got is None else 'accepts'} what mlir-opt "
                f"{'accepts' if want is not None else 'rejects'}:\n{text}"
            )
        else:
            assert got.rstrip("\n") == want.rstrip("\n"), text


@pytest.mark.parametrize(
    "pipeline", ["expand-strided-metadata", "expand-strided-metadata,lower-affine"]
)
def test_expanded_subviews_match_mlir_opt(pipeline: str) -> None:
    texts = []
    for case in collect_cases():
        texts.append(chunk(*case, subview_type(*case), returned=True))
    expected = run_mlir_opt_split(texts, f"--pass-pipeline=builtin.module({pipeline})")
    for text, want in zip(texts, expected):
        got = mlc_run(text, pipeline)
        if want is None or got is None:  # a negative static offset does not verify
            assert got == want, text
        else:
            assert got.rstrip("\n") == want.rstrip("\n"), text


def mlc_run(text: str, pipeline: str) -> str | None:
    """mlc's print of the module after `pipeline`, or None when the pass fails."""
    module = mlc.parse(text)
    try:
        mlc.PassManager.parse(f"builtin.module({pipeline})").run(module)
    except mlc.DiagnosticError:
        return None
    return module.print()
