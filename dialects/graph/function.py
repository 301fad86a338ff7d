"""Graph functions: `graph.func` declares size variables, `graph.call` binds them.

    graph.func @mlp<n>(%x: !graph.tensor<[n, 784], f32>) -> !graph.tensor<[n, 10], f32> {
      ...
      graph.return %y : !graph.tensor<[n, 10], f32>
    }

`graph.func` is `func.func` with its size variables declared after the name (`<n>`,
property `size_vars`), as a Relax function declares its shape variables. Each must be
bound by an argument shape (a dim linear in it, like `n` or `n*4`); result and body types
may use expressions over them. A function without size variables omits the `<>`.

`graph.call @f(%x) : (A) -> R` calls any function (graph, func, or another dialect's):
for a graph callee, its size variables are bound from the operand types and substituted
into its result types, so `@mlp` called on `[b*2, 784]` gives `[b*2, 10]`.
"""

from __future__ import annotations

from mlc.dialects.func import FLAT_SYMBOL_REF, DirectCall
from mlc.dialects.func import FuncOp as FuncFuncOp
from mlc.dialects.graph.base import result_type_agrees
from mlc.dialects.graph.symbolic import bind, substitute, var
from mlc.dialects.graph.types import TensorType
from mlc.ir.attributes import ArrayAttr, StringAttr
from mlc.ir.block import Block, Region
from mlc.ir.opdef import opt_prop, prop, var_operand, var_result
from mlc.ir.operation import Operation
from mlc.ir.traits import (
    CallableOpInterface,
    HasParent,
    MemoryEffects,
    Pure,
    ReturnLike,
    Terminator,
    get_trait,
)
from mlc.ir.types import FunctionType

SIZE_VARS = "size_vars"


class FuncOp(FuncFuncOp):
    """`graph.func @name<n, m>(...) -> ... { ... }`."""

    name = "graph.func"
    size_vars_ = opt_prop(ArrayAttr, name=SIZE_VARS)
    elided_properties = FuncFuncOp.elided_properties | {SIZE_VARS}
    default_dialect = "graph"

    def __init__(self, sym_name: str, function_type: FunctionType, body: Region | None = None,
                 visibility: str | None = None, size_vars=(), loc=None) -> None:  # fmt: skip
        if body is None:
            body = Region([Block(function_type.inputs)])
        super().__init__(sym_name, function_type, body, visibility, loc)
        if size_vars:
            self.properties[SIZE_VARS] = ArrayAttr(tuple(StringAttr(v) for v in size_vars))

    @property
    def size_vars(self) -> tuple:
        attr = self.properties.get(SIZE_VARS)
        return () if attr is None else tuple(a.value for a in attr.value)

    @classmethod
    def parse_after_name(cls, p, props: dict) -> None:
        if p.text != "<" or p.kind != "punct":
            return
        p.advance()
        names = p.parse_comma_list(lambda: p.parse_any_keyword(), ">")
        props[SIZE_VARS] = ArrayAttr(tuple(StringAttr(n) for n in names))

    def print_after_name(self, p) -> None:
        names = self.size_vars
        if names:
            p.write("<" + ", ".join(names) + ">")

    def verify_(self) -> None:
        super().verify_()
        declared = self.size_vars
        if len(set(declared)) != len(declared):
            raise self.emit_error(f"declares a size variable twice: {', '.join(declared)}")
        ftype = self.type
        used = set()
        for t in ftype.inputs + ftype.results:
            if isinstance(t, TensorType):
                used |= t.free_vars
        undeclared = sorted(used - set(declared))
        if undeclared:
            fname = self.properties["sym_name"].value
            raise self.emit_error(
                f"uses undeclared size variables {', '.join(undeclared)} "
                f"(declare them: @{fname}<{', '.join(sorted(used))}>)"
            )
        unbound = _unbound_size_vars(declared, ftype.inputs)
        if unbound:
            raise self.emit_error(
                f"size variable{'s' if len(unbound) > 1 else ''} {', '.join(unbound)} "
                "cannot be bound from the argument shapes"
            )


def _unbound_size_vars(declared, inputs) -> list[str]:
    """The declared variables no argument shape binds (binding each argument dim to a fresh
    symbolic placeholder, as a call with unknown operands would)."""
    bindings: dict = {}
    dims, values = [], []
    for i, t in enumerate(inputs):
        if isinstance(t, TensorType):
            for j, d in enumerate(t.shape):
                dims.append(d)
                values.append(_placeholder(i, j))
    bind(dims, values, bindings)
    return [v for v in declared if v not in bindings]


def _placeholder(i: int, j: int):
    return var(f"arg{i}.{j}")


class ReturnOp(Operation):
    """`graph.return %a, %b : T, U`: returns from the enclosing `graph.func`."""

    name = "graph.return"
    values = var_operand()
    traits = (Pure(), Terminator(), ReturnLike(), HasParent("graph.func"))
    assembly_format = "attr-dict ($values^ `:` type($values))?"

    def verify_(self) -> None:
        func = self.parent_op
        results = func.type.results
        fname = func.properties["sym_name"].value
        if len(self.operands) != len(results):
            raise self.emit_error(
                f"has {len(self.operands)} operands, but enclosing function (@{fname}) returns "
                f"{len(results)}"
            )
        for i, (v, t) in enumerate(zip(self.operands, results)):
            if not result_type_agrees(t, v.type):
                raise self.emit_error(
                    f"type of return operand {i} ('{v.type}') doesn't match function result "
                    f"type ('{t}') in function @{fname}"
                )


class CallOp(Operation):
    """`%r = graph.call @f(%a) : (A) -> R`."""

    name = "graph.call"
    callee = prop(FLAT_SYMBOL_REF)
    args = var_operand()
    outs = var_result()
    traits = (DirectCall(), MemoryEffects("read", "write"))
    assembly_format = "$callee `(` $args `)` attr-dict `:` functional-type($args, results)"

    def verify_symbol_uses(self, tables) -> None:
        callee_ref = self.properties["callee"]
        fn = tables.lookup_nearest(self, callee_ref)
        callable_ = None if fn is None else get_trait(fn, CallableOpInterface)
        if callable_ is None:
            raise self.emit_error(f"'{callee_ref.root}' does not reference a valid function")
        params, results = callable_.argument_types(fn), callable_.result_types(fn)
        expected = call_result_types(params, results, [v.type for v in self.operands])
        if isinstance(expected, str):
            raise self.emit_error(expected)
        if len(expected) != len(self.results):
            raise self.emit_error("incorrect number of results for callee")
        for i, (got, want) in enumerate(zip(self.result_types, expected)):
            if not result_type_agrees(got, want):
                raise self.emit_error(
                    f"result #{i} has type '{got}', but calling @{callee_ref.root} gives '{want}'"
                )


def call_result_types(params, results, operand_types) -> list | str:
    """The result types of a call with `operand_types`: the callee's size variables bound
    from the operands and substituted into its results; a message when they disagree."""
    if len(params) != len(operand_types):
        return "incorrect number of operands for callee"
    bindings: dict = {}
    for i, (want, got) in enumerate(zip(params, operand_types)):
        mismatch = f"operand #{i} has type '{got}', but the callee takes '{want}'"
        if isinstance(want, TensorType) and isinstance(got, TensorType):
            if want.rank != got.rank or want.element_type != got.element_type:
                return mismatch
            problems = bind(want.shape, got.shape, bindings)
            if problems:
                return f"{mismatch}: {problems[0]}"
        elif want != got:
            return mismatch
    return [
        t.with_shape(substitute(d, bindings) for d in t.shape) if isinstance(t, TensorType) else t
        for t in results
    ]
