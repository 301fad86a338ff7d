"""Chains of memref views lower to native code that does what the interpreter does.

Generated functions take a static f32 buffer, apply a random chain of `subview` (static or
dynamic offsets), `expand_shape`, `collapse_shape` and `reinterpret_cast`, store a value
through the last view, load another element, copy the view into a new buffer (`memcpy` when
contiguous, the runtime's `memrefCopy` when not) and return the element, the view itself and
the copy. The
module is lowered with `expand-strided-metadata` and `lower-affine` ahead of
`finalize-memref-to-llvm` (MLIR's order) and JIT-compiled at O0 and O3: the returned value,
the returned view (a strided numpy view of the argument) and the argument's contents after
the call equal the interpreter's on the original module.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mlc
from mlc.codegen import compile_module
from mlc.dialects.memref.layout import collapsed_type, expanded_type, subview_type
from mlc.ir.attributes import StridedLayoutAttr
from mlc.ir.types import DYNAMIC, MemRefType, f32
from mlc.passes import PassManager

LOWERING = (
    "builtin.module(convert-scf-to-cf,convert-math-to-llvm,expand-strided-metadata,lower-affine,"
    "convert-arith-to-llvm,finalize-memref-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,"
    "reconcile-unrealized-casts)"
)


class Chain:
    """The text of a function body being drawn: its view ops and its index arguments."""

    def __init__(self, source: MemRefType) -> None:
        self.source = source
        self.current = "%m"
        self.type = source
        self.lines: list[str] = []
        self.index_args: list[int] = []  # the values passed for %o0, %o1, ...

    def add(self, op_text: str, result_type: MemRefType, word: str = "to") -> None:
        """Append `%vN = op_text : current_type <word> result_type`; it becomes current."""
        name = f"%v{len(self.lines)}"
        self.lines.append(f"  {name} = {op_text} : {self.type} {word} {result_type}")
        self.current, self.type = name, result_type


def _subview(draw, chain: Chain) -> None:
    shape = chain.type.shape
    offsets, sizes, strides, texts = [], [], [], []
    for n in shape:
        stride = draw(st.integers(1, 3))
        size = draw(st.integers(1, (n - 1) // stride + 1))
        offset = draw(st.integers(0, n - 1 - (size - 1) * stride))
        if draw(st.booleans()):
            texts.append(f"%o{len(chain.index_args)}")
            chain.index_args.append(offset)
            offsets.append(DYNAMIC)
        else:
            texts.append(str(offset))
            offsets.append(offset)
        sizes.append(size)
        strides.append(stride)
    result = subview_type(chain.type, offsets, sizes, strides)
    lists = f"[{', '.join(texts)}] {sizes} {strides}"
    chain.add(f"memref.subview {chain.current}{lists}", result)


def _expand(draw, chain: Chain) -> None:
    shape = chain.type.shape
    dim = draw(st.integers(0, len(shape) - 1))
    divisors = [d for d in range(1, shape[dim] + 1) if shape[dim] % d == 0]
    outer = draw(st.sampled_from(divisors))
    new_shape = [*shape[:dim], outer, shape[dim] // outer, *shape[dim + 1 :]]
    groups = [[i] for i in range(dim)] + [[dim, dim + 1]]
    groups += [[i + 1] for i in range(dim + 1, len(shape))]
    result = expanded_type(chain.type, new_shape, groups)
    text = f"memref.expand_shape {chain.current} {groups} output_shape {new_shape}"
    chain.add(text, result, "into")


def _collapse(draw, chain: Chain) -> None:
    shape = chain.type.shape
    if len(shape) < 2:
        return
    dim = draw(st.integers(0, len(shape) - 2))
    groups = [[i] for i in range(dim)] + [[dim, dim + 1]]
    groups += [[i] for i in range(dim + 2, len(shape))]
    result = collapsed_type(chain.type, groups)
    if result is not None:  # only contiguous dims collapse
        chain.add(f"memref.collapse_shape {chain.current} {groups}", result, "into")


def _reinterpret(draw, chain: Chain) -> None:
    """A new view anywhere inside the argument's buffer: offsets are from its start."""
    elements = math.prod(chain.source.shape)
    rank = draw(st.integers(1, 3))
    sizes = [draw(st.integers(1, 3)) for _ in range(rank)]
    strides = [draw(st.integers(1, 4)) for _ in range(rank)]
    reach = sum((n - 1) * s for n, s in zip(sizes, strides))
    if reach >= elements:
        return
    offset = draw(st.integers(0, elements - 1 - reach))
    result = MemRefType(tuple(sizes), f32, StridedLayoutAttr(tuple(strides), offset))
    text = (
        f"memref.reinterpret_cast {chain.current} to offset: [{offset}], sizes: {sizes}, "
        f"strides: {strides}"
    )
    chain.add(text, result)


VIEW_OPS = [_subview, _expand, _collapse, _reinterpret]


@st.composite
def view_programs(draw):
    """(module text, signature, index arguments, store index, load index, value)."""
    shape = tuple(draw(st.lists(st.integers(1, 6), min_size=1, max_size=3)))
    chain = Chain(MemRefType(shape, f32))
    for _ in range(draw(st.integers(1, 4))):
        draw(st.sampled_from(VIEW_OPS))(draw, chain)
    final = chain.type.shape
    store_at = [draw(st.integers(0, n - 1)) for n in final]
    load_at = [draw(st.integers(0, n - 1)) for n in final]
    index_args = "".join(f", %o{k}: index" for k in range(len(chain.index_args)))
    constants = sorted(set(store_at + load_at))
    body = "\n".join(chain.lines)
    body += "".join(f"\n  %c{c} = arith.constant {c} : index" for c in constants)
    store = ", ".join(f"%c{c}" for c in store_at)
    load = ", ".join(f"%c{c}" for c in load_at)
    result = chain.type
    copy = MemRefType(result.shape, f32)
    results = f"f32, {result}, {copy}"
    text = (
        f"func.func @f(%m: {chain.source}, %x: f32{index_args}) -> ({results}) {{\n"
        f"{body}\n"
        f"  memref.store %x, {chain.current}[{store}] : {result}\n"
        f"  %y = memref.load {chain.current}[{load}] : {result}\n"
        f"  %copy = memref.alloc() : {copy}\n"
        f"  memref.copy {chain.current}, %copy : {result} to {copy}\n"
        f"  return %y, {chain.current}, %copy : {results}\n}}"
    )
    index_types = "".join(", index" for _ in chain.index_args)
    signature = f"({chain.source}, f32{index_types}) -> ({results})"
    return text, signature, shape, chain.index_args


def _run_interpreter(text: str, buffer: np.ndarray, value, index_args):
    ctx = mlc.Context()
    module = mlc.parse(text, ctx)
    args = [np.int64(a) for a in index_args]
    loaded, view, copy = mlc.interpret(module, "f", buffer, np.float32(value), *args)
    return loaded, np.array(view), np.array(copy)


def _compile(text: str, signature: str, opt_level: int):
    ctx = mlc.Context()
    module = mlc.parse(text, ctx)
    PassManager.parse(LOWERING, ctx).run(module)
    return compile_module(module, opt_level, {"f": signature})


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(view_programs(), st.floats(-100, 100, width=32))
def test_lowered_views_agree_with_interpreter(program, value):
    text, signature, shape, index_args = program
    start = np.arange(math.prod(shape), dtype=np.float32).reshape(shape)
    expected_buffer = start.copy()
    expected = _run_interpreter(text, expected_buffer, value, index_args)
    for opt_level in (0, 3):
        buffer = start.copy()
        loaded, view, copy = _compile(text, signature, opt_level)["f"](buffer, value, *index_args)
        assert loaded == expected[0], (opt_level, text)
        np.testing.assert_array_equal(buffer, expected_buffer, err_msg=text)
        np.testing.assert_array_equal(view, expected[1], err_msg=text)
        np.testing.assert_array_equal(copy, expected[2], err_msg=text)
        assert np.shares_memory(view, buffer), "a view of the argument comes back as a view"
