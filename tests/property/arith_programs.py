"""Hypothesis strategies for random, well-typed `func.func @f` bodies of arith ops, built with
the Builder API, and for inputs to run them on.

Programs mix integer widths (i1, i5, i8, i16, i32, i33, i64, index), f16/f32/f64 and small
vectors; constants favour the values folds trip over (0, 1, -1, INT_MIN, INT_MAX, NaN, ±inf,
-0.0, subnormals); they hold casts, comparisons and selects, and chains a canonicalizer should
simplify (x+0, x*1, x-x, (x+c1)+c2, ...). The function returns every op result nothing
uses, so (almost) every op is live.

Shrinking: every choice is one integer draw whose zero is the simplest option (the first
type or op, the constant 0, the newest value), and values are referred to counting from the
newest, so deleting an action keeps later references: failures shrink to a few ops.
Programs print as their IR (`repr`), which is what hypothesis shows for a failing example.

Undefined behaviour is kept rare but not absent: shift amounts and divisors are usually safe
constants, and overflow flags (poison on wrap) appear on one op in eight.

Float -> integer bitcasts are not generated: they would expose NaN payloads, which IEEE 754
leaves unspecified and folds legitimately change (see `test_semantics_preserved`).
"""

from __future__ import annotations

import functools
import math
import sys

import numpy as np
from hypothesis import strategies as st

from mlc.dialects import arith
from mlc.dialects.arith import CMPF_PREDICATES, CMPI_PREDICATES, IntegerOverflowFlagsAttr
from mlc.dialects.func import FuncOp, ReturnOp
from mlc.ir.attributes import FloatAttr, IntegerAttr
from mlc.ir.block import Block, Region
from mlc.ir.builder import Builder
from mlc.ir.builtin_ops import ModuleOp
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.float_format import round_to_type
from mlc.ir.interpreter import to_value
from mlc.ir.types import FunctionType, IndexType, IntegerType, VectorType, f16, f32, f64, i1, index

INT_ELEMENTS = (IntegerType(32), IntegerType(8), i1, IntegerType(64), index, IntegerType(5),
                IntegerType(16), IntegerType(33))  # fmt: skip
FLOAT_ELEMENTS = (f32, f16, f64)
ELEMENTS = INT_ELEMENTS + FLOAT_ELEMENTS
VECTOR_SHAPES = ((2,), (2, 2))

INT_BINARY = (arith.AddIOp, arith.SubIOp, arith.MulIOp, arith.AndIOp, arith.OrIOp,
              arith.XOrIOp, arith.MaxSIOp, arith.MaxUIOp, arith.MinSIOp, arith.MinUIOp,
              arith.ShLIOp, arith.ShRSIOp, arith.ShRUIOp, arith.DivSIOp, arith.DivUIOp,
              arith.RemSIOp, arith.RemUIOp, arith.CeilDivSIOp, arith.CeilDivUIOp,
              arith.FloorDivSIOp)  # fmt: skip
SHIFTS = (arith.ShLIOp, arith.ShRSIOp, arith.ShRUIOp)
DIVISIONS = (arith.DivSIOp, arith.DivUIOp, arith.RemSIOp, arith.RemUIOp, arith.CeilDivSIOp,
             arith.CeilDivUIOp, arith.FloorDivSIOp)  # fmt: skip
OVERFLOW_FLAGGED = (arith.AddIOp, arith.SubIOp, arith.MulIOp, arith.ShLIOp)
OVERFLOW_FLAGS = (frozenset({"nsw"}), frozenset({"nuw"}), frozenset({"nsw", "nuw"}))
FLOAT_BINARY = (arith.AddFOp, arith.SubFOp, arith.MulFOp, arith.DivFOp, arith.RemFOp,
                arith.MaximumFOp, arith.MinimumFOp, arith.MaxNumFOp, arith.MinNumFOp)  # fmt: skip
EXTENDED = (arith.AddUIExtendedOp, arith.MulSIExtendedOp, arith.MulUIExtendedOp)


def _pick(draw, seq):
    """One element of `seq`; shrinks towards the first."""
    return seq[draw(st.integers(0, len(seq) - 1))]


def _one_in(draw, n: int) -> bool:
    return draw(st.integers(0, n - 1)) == n - 1  # shrinks to "no"


def element_of(type_):
    return type_.element_type if isinstance(type_, VectorType) else type_


def with_element(type_, element):
    return VectorType(type_.shape, element) if isinstance(type_, VectorType) else element


def is_int(type_) -> bool:
    return isinstance(element_of(type_), (IntegerType, IndexType))


def width(element) -> int:
    return 64 if isinstance(element, IndexType) else element.width


def int_specials(element) -> tuple[int, ...]:
    """0, 1, -1, INT_MIN, INT_MAX, 2 (sign-extended, as IntegerAttr holds them)."""
    if width(element) == 1:
        return (0, -1)
    half = 1 << (width(element) - 1)
    return (0, 1, -1, -half, half - 1, 2)


def float_specials(element) -> tuple[float, ...]:
    tiny = {"f16": 2.0**-24, "f32": 2.0**-149, "f64": 5e-324}[element.name]
    largest = {"f16": 65504.0, "f32": 3.4028234663852886e38, "f64": sys.float_info.max}
    return (0.0, 1.0, -0.0, -1.0, math.nan, math.inf, -math.inf, 0.5, 2.0, tiny,
            largest[element.name], -largest[element.name])  # fmt: skip


FLOATS_OF_WIDTH = {16: st.floats(width=16), 32: st.floats(width=32), 64: st.floats(width=64)}


def _int_element_value(draw, element) -> int:
    if _one_in(draw, 3):
        half = 1 << (width(element) - 1)
        return draw(st.integers(-half, half - 1))
    return _pick(draw, int_specials(element))


def _float_element_value(draw, element) -> float:
    if _one_in(draw, 3):
        return draw(FLOATS_OF_WIDTH[element.width])
    return _pick(draw, float_specials(element))


@functools.cache
def _type_table(elements: tuple) -> tuple:
    """Scalars of `elements` (each listed 8 times), then small vectors of them: one draw
    picks a type, one in five a vector, and shrinks to the first scalar."""
    vectors = tuple(VectorType(shape, e) for shape in VECTOR_SHAPES for e in elements)
    return tuple(e for e in elements for _ in range(8)) + vectors


def pick_type(draw, elements=ELEMENTS):
    """A scalar of one of `elements`, or a small vector of it."""
    return _pick(draw, _type_table(tuple(elements)))


def sign_extend(value: int, element) -> int:
    """`value` wrapped to the width of `element`, sign-extended (as IntegerAttr holds it)."""
    half = 1 << (width(element) - 1)
    return (value + half) % (2 * half) - half


class _Writer:
    """Builds one function body; `pool` maps each type to the values available for it."""

    def __init__(self, draw, arg_types) -> None:
        self.draw = draw
        self.block = Block(arg_types)
        self.builder = Builder.at_end(self.block)
        self.arg_types = arg_types
        self.pool: dict = {}
        self.defined: list = []
        for arg in self.block.args:
            self.pool.setdefault(arg.type, []).append(arg)

    # --- values ----------------------------------------------------------------------------
    def emit(self, op_class, *operands, **kwargs):
        """Build an op whose results later ops may use (and the function may return)."""
        op = self.builder.create(op_class, *operands, **kwargs)
        for r in op.results:
            self.pool.setdefault(r.type, []).append(r)
            self.defined.append(r)
        return op

    def constant(self, type_, value=None):
        """An `arith.constant` of `type_` holding `value` (wrapped to the width; a splat for
        vectors), or drawn values."""
        element = element_of(type_)
        integer = is_int(type_)

        def element_value():
            if value is not None:
                return sign_extend(value, element) if integer else value
            draw_value = _int_element_value if integer else _float_element_value
            return draw_value(self.draw, element)

        if isinstance(type_, VectorType):
            count = math.prod(type_.shape)
            if value is not None or not _one_in(self.draw, 2):
                values = [element_value()] * count
            else:
                values = [element_value() for _ in range(count)]
            array = np.array(values, dtype=object if integer else np.float64)
            attr = DenseElementsAttr.from_array(array.reshape(type_.shape), type_)
        elif integer:
            v = element_value()
            attr = IntegerAttr(v & 1 if width(element) == 1 else v, type_)  # i1 holds 0 or 1
        else:
            attr = FloatAttr(round_to_type(element_value(), element.name), type_)
        # Not pooled: operands then come from arguments and computed values, and each use of
        # a constant draws a fresh one (often a duplicate, as CSE likes).
        return self.builder.create(arith.ConstantOp, attr).result

    def value(self, type_):
        """A value of `type_`: one already there, counted from the newest (so that deleting
        an earlier action, as shrinking does, keeps the reference), or a new constant."""
        existing = self.pool.get(type_, [])
        choice = self.draw(st.integers(0, len(existing)))
        return existing[-1 - choice] if choice < len(existing) else self.constant(type_)

    def pick_type(self, elements=ELEMENTS):
        """Usually an argument's type, so that ops combine arguments and the values computed
        from them rather than only constants; else any type."""
        known = [t for t in self.arg_types if element_of(t) in elements]
        table = _type_table(tuple(elements))
        weight = 2 * len(table)  # arguments' types two times in three, in one draw
        choice = self.draw(st.integers(0, len(known) * weight + len(table) - 1))
        if choice < len(known) * weight:
            return known[choice // weight]
        return table[choice - len(known) * weight]

    # --- actions -------------------------------------------------------------------------
    def int_binary(self) -> None:
        type_ = self.pick_type(INT_ELEMENTS)
        op_class = _pick(self.draw, INT_BINARY)
        lhs = self.value(type_)
        bits = width(element_of(type_))
        if op_class in SHIFTS and not _one_in(self.draw, 4):
            rhs = self.constant(type_, self.draw(st.integers(0, bits - 1)))
        elif op_class in DIVISIONS and not _one_in(self.draw, 3):
            divisor = _pick(self.draw, [v for v in int_specials(element_of(type_)) if v] + [3])
            rhs = self.constant(type_, divisor)
        else:
            rhs = self.value(type_)
        kwargs = {}
        if op_class in OVERFLOW_FLAGGED and _one_in(self.draw, 8):
            kwargs["overflowFlags"] = IntegerOverflowFlagsAttr(_pick(self.draw, OVERFLOW_FLAGS))
        self.emit(op_class, lhs, rhs, **kwargs)

    def float_binary(self) -> None:
        type_ = self.pick_type(FLOAT_ELEMENTS)
        op_class = _pick(self.draw, FLOAT_BINARY)
        self.emit(op_class, self.value(type_), self.value(type_))

    def negf(self) -> None:
        self.emit(arith.NegFOp, self.value(self.pick_type(FLOAT_ELEMENTS)))

    def compare(self) -> None:
        if _one_in(self.draw, 2):
            type_ = self.pick_type(FLOAT_ELEMENTS)
            op_class, predicates = arith.CmpFOp, CMPF_PREDICATES
        else:
            type_ = self.pick_type(INT_ELEMENTS)
            op_class, predicates = arith.CmpIOp, CMPI_PREDICATES
        lhs, rhs = self.value(type_), self.value(type_)
        predicate = predicates.make(self.draw(st.integers(0, len(predicates.keywords) - 1)))
        self.emit(op_class, lhs, rhs, predicate=predicate)

    def select(self) -> None:
        type_ = self.pick_type()
        scalar_condition = not isinstance(type_, VectorType) or _one_in(self.draw, 2)
        condition = self.value(i1 if scalar_condition else with_element(type_, i1))
        lhs, rhs = self.value(type_), self.value(type_)
        self.emit(arith.SelectOp, condition, lhs, rhs, result_types=[type_])

    def cast(self) -> None:
        source = self.pick_type()
        element = element_of(source)
        options = []
        if isinstance(element, IndexType):
            options += [(op, t) for op in (arith.IndexCastOp, arith.IndexCastUIOp)
                        for t in INT_ELEMENTS if t != index]  # fmt: skip
        elif is_int(source):
            ints = [t for t in INT_ELEMENTS if t != index]
            options += [(op, t) for op in (arith.ExtSIOp, arith.ExtUIOp)
                        for t in ints if t.width > element.width]  # fmt: skip
            options += [(arith.TruncIOp, t) for t in ints if t.width < element.width]
            options += [(op, t) for op in (arith.SIToFPOp, arith.UIToFPOp) for t in FLOAT_ELEMENTS]
            options += [(op, index) for op in (arith.IndexCastOp, arith.IndexCastUIOp)]
            options += [(arith.BitcastOp, t) for t in FLOAT_ELEMENTS if t.width == element.width]
        else:
            options += [(arith.ExtFOp, t) for t in FLOAT_ELEMENTS if t.width > element.width]
            options += [(arith.TruncFOp, t) for t in FLOAT_ELEMENTS if t.width < element.width]
            options += [(op, t) for op in (arith.FPToSIOp, arith.FPToUIOp)
                        for t in INT_ELEMENTS if t != index]  # fmt: skip
        op_class, target = _pick(self.draw, options)
        self.emit(op_class, self.value(source), result_types=[with_element(source, target)])

    def extended(self) -> None:
        type_ = self.pick_type(tuple(t for t in INT_ELEMENTS if t != index))
        op_class = _pick(self.draw, EXTENDED)
        lhs, rhs = self.value(type_), self.value(type_)
        if op_class is arith.AddUIExtendedOp:
            self.emit(op_class, lhs, rhs, result_types=[type_, with_element(type_, i1)])
        else:
            self.emit(op_class, lhs, rhs)

    def identity(self) -> None:
        """A chain with a known simplification, on an existing or new value."""
        if _one_in(self.draw, 2):
            type_ = self.pick_type(FLOAT_ELEMENTS)
            _pick(self.draw, FLOAT_IDENTITIES)(self, type_, self.value(type_))
        else:
            type_ = self.pick_type(INT_ELEMENTS)
            _pick(self.draw, INT_IDENTITIES)(self, type_, self.value(type_))

    def binary_with_constant(self, op_class, x, c):
        return self.emit(op_class, x, self.constant(x.type, c)).result

    def finish(self) -> ModuleOp:
        """Return every unused op result (the newest few) and wrap the body in `@f`."""
        unused = [v for v in self.defined if not v.has_uses()][-6:]
        self.builder.create(ReturnOp, unused)
        signature = FunctionType(
            tuple(a.type for a in self.block.args), tuple(v.type for v in unused)
        )
        return ModuleOp([FuncOp("f", signature, Region([self.block]))])


def _chain(op_class, c1, c2=None):
    """`x op c1`, or `(x op c1) op c2`."""

    def chain(w: _Writer, type_, x) -> None:
        y = w.binary_with_constant(op_class, x, c1)
        if c2 is not None:
            w.binary_with_constant(op_class, y, c2)

    return chain


def _self_op(op_class):
    """`x op x`."""

    def chain(w: _Writer, type_, x) -> None:
        w.emit(op_class, x, x)

    return chain


def _sub_add(w: _Writer, type_, x) -> None:
    """(x - c1) + c2."""
    y = w.binary_with_constant(arith.SubIOp, x, 3)
    w.binary_with_constant(arith.AddIOp, y, 5)


def _xor_twice(w: _Writer, type_, x) -> None:
    c = w.value(type_)
    w.emit(arith.XOrIOp, w.emit(arith.XOrIOp, x, c).result, c)


def _select_same(w: _Writer, type_, x) -> None:
    w.emit(arith.SelectOp, w.value(i1), x, x, result_types=[type_])


def _compare_same(w: _Writer, type_, x) -> None:
    predicate = w.draw(st.integers(0, len(CMPI_PREDICATES.keywords) - 1))
    w.emit(arith.CmpIOp, x, x, predicate=CMPI_PREDICATES.make(predicate))


def _extend_truncate(w: _Writer, type_, x) -> None:
    """trunci(extsi x) or trunci(extui x) back to x's type."""
    element = element_of(type_)
    if isinstance(element, IndexType) or element.width >= 64:
        w.binary_with_constant(arith.AddIOp, x, 0)
        return
    wider = with_element(type_, IntegerType(64))
    ext = _pick(w.draw, (arith.ExtSIOp, arith.ExtUIOp))
    extended = w.emit(ext, x, result_types=[wider]).result
    w.emit(arith.TruncIOp, extended, result_types=[type_])


INT_IDENTITIES = (
    _chain(arith.AddIOp, 0), _chain(arith.MulIOp, 1), _self_op(arith.SubIOp),
    _chain(arith.AddIOp, 1, 2), _chain(arith.MulIOp, 3, 5), _sub_add,
    _chain(arith.SubIOp, 0), _chain(arith.MulIOp, 0), _self_op(arith.XOrIOp),
    _self_op(arith.AndIOp), _self_op(arith.OrIOp), _chain(arith.OrIOp, 0),
    _chain(arith.AndIOp, -1), _chain(arith.AndIOp, 0), _chain(arith.DivSIOp, 1),
    _chain(arith.DivUIOp, 1), _chain(arith.RemUIOp, 1), _chain(arith.ShLIOp, 0),
    _chain(arith.XOrIOp, -1, -1), _xor_twice, _select_same, _compare_same,
    _self_op(arith.MaxSIOp), _self_op(arith.MinUIOp), _extend_truncate,
    _chain(arith.AndIOp, 5, 3), _chain(arith.OrIOp, 1, 2),
)  # fmt: skip


def _negate_twice(w: _Writer, type_, x) -> None:
    w.emit(arith.NegFOp, w.emit(arith.NegFOp, x).result)


def _extend_truncate_float(w: _Writer, type_, x) -> None:
    wider = with_element(type_, f64)
    if element_of(type_) == f64:
        w.binary_with_constant(arith.MulFOp, x, 1.0)
        return
    extended = w.emit(arith.ExtFOp, x, result_types=[wider]).result
    w.emit(arith.TruncFOp, extended, result_types=[type_])


FLOAT_IDENTITIES = (
    _chain(arith.MulFOp, 1.0), _chain(arith.AddFOp, -0.0),
    _chain(arith.AddFOp, 0.0), _chain(arith.SubFOp, 0.0),
    _chain(arith.SubFOp, -0.0), _chain(arith.DivFOp, 1.0),
    _chain(arith.MulFOp, -1.0), _chain(arith.MulFOp, 0.0),
    _chain(arith.AddFOp, 1.0, 2.0), _self_op(arith.SubFOp), _negate_twice,
    _self_op(arith.MaxNumFOp), _self_op(arith.MinimumFOp), _extend_truncate_float,
    _chain(arith.MulFOp, 2.0, 0.5),
)  # fmt: skip


class Program:
    """A generated module with one function `@f`. `fresh_module()` returns a copy to
    transform; `repr` is the IR, which is what hypothesis reports for a failing example."""

    def __init__(self, module: ModuleOp) -> None:
        self.module = module

    @property
    def arg_types(self) -> tuple:
        return self.function.type.inputs

    @property
    def result_types(self) -> tuple:
        return self.function.type.results

    @property
    def function(self) -> FuncOp:
        return next(iter(self.module.ops))

    def fresh_module(self) -> ModuleOp:
        return self.module.clone()

    def inputs(self) -> st.SearchStrategy[tuple]:
        """Arguments for `@f`, as interpreter values."""
        return st.tuples(*(values_of(t) for t in self.arg_types))

    def __repr__(self) -> str:
        return "\n" + str(self.module)


_ACTIONS = (
    _Writer.int_binary, _Writer.float_binary, _Writer.identity, _Writer.compare,
    _Writer.select, _Writer.cast, _Writer.negf, _Writer.extended,
)  # fmt: skip


@st.composite
def arith_programs(draw, max_actions: int = 12) -> Program:
    """A random well-typed function `@f` of arith ops (see the module docstring)."""
    arg_types = [pick_type(draw) for _ in range(draw(st.integers(1, 3)))]
    writer = _Writer(draw, arg_types)
    for _ in range(draw(st.integers(1, max_actions))):
        _pick(draw, _ACTIONS)(writer)
    return Program(writer.finish())


def _element_values(element) -> st.SearchStrategy:
    if isinstance(element, (IntegerType, IndexType)):
        half = 1 << (width(element) - 1)
        full = st.integers(-half, half - 1) if width(element) > 1 else st.sampled_from((0, 1))
        return st.one_of(st.sampled_from(int_specials(element)), full)
    return st.one_of(st.sampled_from(float_specials(element)), FLOATS_OF_WIDTH[element.width])


def values_of(type_) -> st.SearchStrategy:
    """Interpreter values of `type_` (special values favoured), via `to_value`."""
    elements = _element_values(element_of(type_))
    if not isinstance(type_, VectorType):
        return elements.map(lambda x: to_value(x, type_))
    count = math.prod(type_.shape)
    return st.lists(elements, min_size=count, max_size=count).map(
        lambda xs: to_value(np.array(xs, dtype=object).reshape(type_.shape).tolist(), type_)
    )
