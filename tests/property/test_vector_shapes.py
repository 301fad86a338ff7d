"""The verifiers of the vector ops that index and reshape (extract, insert, shape_cast,
transpose, broadcast) accept exactly what mlir-opt 19 accepts, and mlc prints what it
accepts as mlir-opt does.

Generated cases draw vector types (0-D to 3-D, small dims, sometimes a scalable dim) and
operands that are often right and often slightly wrong: positions past a dim or too
long, dynamic positions, sub-vectors of the wrong shape, element counts that do not match,
permutations with repeats, broadcasts from dims that are neither 1 nor equal. One mlir-opt
run (`--split-input-file`) checks the whole batch.
"""

from __future__ import annotations

import functools

import pytest
from external_tools import find_mlir_opt, run_mlir_opt_split
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mlc

pytestmark = pytest.mark.skipif(
    find_mlir_opt() is None, reason="mlir-opt 19 not found (Debian: mlir-19-tools)"
)

ELEMENTS = ("f32", "i8")


def vector_text(shape, element: str, scalable=()) -> str:
    dims = "".join(f"[{d}]x" if i in scalable else f"{d}x" for i, d in enumerate(shape))
    return f"vector<{dims}{element}>"


@st.composite
def vectors(draw, min_rank: int = 0, max_rank: int = 3):
    """(shape, element, scalable dims): dims 1 to 4, now and then one scalable dim."""
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=min_rank, max_size=max_rank)))
    element = draw(st.sampled_from(ELEMENTS))
    scalable = (
        {draw(st.integers(0, len(shape) - 1))} if shape and draw(st.integers(0, 5)) == 0 else set()
    )
    return shape, element, scalable


def near(draw, value: int) -> int:
    """`value`, or a value next to it (the boundary cases)."""
    return draw(st.sampled_from([value, value, value, value - 1, value + 1]))


@st.composite
def positions(draw, shape):
    """A position into `shape`: in range mostly, sometimes past a dim, negative, too long,
    or dynamic (`%i`)."""
    length = near(draw, draw(st.integers(0, len(shape))))
    entries = []
    for dim in range(max(length, 0)):
        size = shape[dim] if dim < len(shape) else 1
        if draw(st.integers(0, 4)) == 0:
            entries.append("%i")
        else:
            entries.append(str(draw(st.sampled_from([0, size - 1, size, -1]))))
    return entries


def function(args: str, op: str) -> str:
    return f"func.func @f({args}, %i: index) {{\n  {op}\n  return\n}}"


@st.composite
def extracts(draw):
    shape, element, scalable = draw(vectors())
    position = draw(positions(shape))
    n = min(len(position), len(shape))
    rest = shape[n:]
    result = (
        element if not rest else vector_text(rest, element, {d - n for d in scalable if d >= n})
    )
    if draw(st.integers(0, 3)) == 0:
        result = draw(st.sampled_from([element, "f64", vector_text((1,), element)]))
    source = vector_text(shape, element, scalable)
    op = f"%0 = vector.extract %v[{', '.join(position)}] : {result} from {source}"
    return function(f"%v: {source}", op)


@st.composite
def inserts(draw):
    shape, element, scalable = draw(vectors())
    position = draw(positions(shape))
    rest = shape[min(len(position), len(shape)) :]
    if rest and draw(st.booleans()):
        rest = tuple(near(draw, d) or 1 for d in rest)
    value = vector_text(rest, element) if rest else element
    if draw(st.integers(0, 4)) == 0:
        value = draw(st.sampled_from([element, vector_text((1,), element)]))
    dest = vector_text(shape, element, scalable)
    op = f"%0 = vector.insert %s, %v [{', '.join(position)}] : {value} into {dest}"
    return function(f"%s: {value}, %v: {dest}", op)


def _factorizations(n: int) -> list[tuple]:
    """Shapes of up to 3 dims with `n` elements."""
    out = [(n,)]
    for a in range(1, n + 1):
        if n % a == 0:
            out.append((a, n // a))
            for b in range(1, n // a + 1):
                if (n // a) % b == 0:
                    out.append((a, b, n // a // b))
    return out


@st.composite
def shape_casts(draw):
    shape, element, scalable = draw(vectors())
    count = 1
    for d in shape:
        count *= d
    target = draw(st.sampled_from([*_factorizations(count), ()]))
    if target == () and count != 1:
        target = (count + 1,)
    if draw(st.booleans()):  # the same count, dims reordered: a split that may not be valid
        target = tuple(draw(st.permutations(target)))
    result_scalable = {0} if scalable and target else set()
    source = vector_text(shape, element, scalable)
    result = vector_text(target, element, result_scalable)
    return function(f"%v: {source}", f"%0 = vector.shape_cast %v : {source} to {result}")


@st.composite
def transposes(draw):
    shape, element, scalable = draw(vectors(min_rank=1))
    perm = draw(st.permutations(range(len(shape))))
    if draw(st.integers(0, 3)) == 0:
        perm = draw(st.lists(st.integers(-1, len(shape)), min_size=len(shape) - 1,
                             max_size=len(shape) + 1))  # fmt: skip
    valid = sorted(perm) == list(range(len(shape)))
    result_shape = [shape[p] for p in perm] if valid else list(shape)
    if draw(st.integers(0, 3)) == 0:
        result_shape = [near(draw, d) or 1 for d in result_shape]
    result_scalable = {i for i, p in enumerate(perm) if p in scalable} if valid else scalable
    source = vector_text(shape, element, scalable)
    result = vector_text(result_shape, element, result_scalable)
    op = f"%0 = vector.transpose %v, [{', '.join(map(str, perm))}] : {source} to {result}"
    return function(f"%v: {source}", op)


@st.composite
def broadcasts(draw):
    target, element, scalable = draw(vectors(min_rank=1))
    if draw(st.integers(0, 3)) == 0:
        source = element
    else:
        rank = near(draw, draw(st.integers(0, len(target))))
        trailing = target[len(target) - max(rank, 0) :] if rank <= len(target) else (2,) * rank
        source_shape = [draw(st.sampled_from([d, d, 1, d + 1])) for d in trailing]
        source = vector_text(source_shape, element, {0} if scalable and source_shape else set())
    result = vector_text(target, element, scalable)
    return function(f"%v: {source}", f"%0 = vector.broadcast %v : {source} to {result}")


CASES = st.one_of(extracts(), inserts(), shape_casts(), transposes(), broadcasts())


@functools.cache
def collect() -> list[str]:
    """As many cases as the active hypothesis profile asks for."""
    cases: list[str] = []

    @settings(database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(CASES)
    def gather(case) -> None:
        cases.append(case)

    gather()
    return cases


def mlc_print(text: str) -> str | None:
    """mlc's print of the module, or None when it rejects it."""
    try:
        module = mlc.parse(text)
        mlc.verify(module)
    except mlc.DiagnosticError:
        return None
    return module.print()


def test_vector_verifiers_agree_with_mlir_opt() -> None:
    texts = collect()
    expected = run_mlir_opt_split(texts)
    for text, want in zip(texts, expected):
        got = mlc_print(text)
        if want is None or got is None:
            assert got == want, (
                f"mlc {'rejects' if got is None else 'accepts'} what mlir-opt "
                f"{'accepts' if want is not None else 'rejects'}:\n{text}"
            )
        else:
            assert got.rstrip("\n") == want.rstrip("\n"), text
