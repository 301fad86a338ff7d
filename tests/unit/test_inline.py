"""`inline` and what it is built on: the call interfaces of func ops, the call graph and its
SCC order, the inliner's use counts (private callees erased, nested symbol tables), the
recursion rules, the simplification pipelines, and the dialect hooks: multi-block callees
through a branching dialect declared here (as cf will plug in), type conversions of call
arguments, and refusal by dialects without hooks."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

import pytest

import mlc
from mlc.dialects.func import FuncInlinerInterface
from mlc.ir.attributes import SymbolRefAttr
from mlc.ir.builder import InsertionPoint
from mlc.ir.context import Dialect
from mlc.ir.diagnostics import DiagnosticError
from mlc.ir.opdef import operand, prop, result, successor, var_operand, var_result
from mlc.ir.operation import Operation
from mlc.ir.traits import (
    CallableOpInterface,
    CallOpInterface,
    DialectInlinerInterface,
    Pure,
    Terminator,
    get_trait,
    inliner_interface,
    register_inliner_interface,
)
from mlc.passes import Pass, PassManager, register_pass
from mlc.passes.call_graph import EXTERNAL_CALLER, CallGraph, is_external


class BrOp(Operation):
    """`"tinl.br"(%args)[^dest]`: a branch, standing in for cf.br."""

    name = "tinl.br"
    args = var_operand()
    dest = successor()
    traits = (Pure(), Terminator())


class TypedCall(CallOpInterface):
    def callable_for_callee(self, op):
        return op.properties["callee"]

    def arg_operands(self, op):
        return op.operands


class CallOp(Operation):
    """`"tinl.call"(%args) {callee = @f}`: a call whose types need not match the callee's."""

    name = "tinl.call"
    callee = prop(SymbolRefAttr)
    args = var_operand()
    outs = var_result()
    traits = (TypedCall(),)


class CastOp(Operation):
    name = "tinl.cast"
    arg = operand()
    out = result()
    traits = (Pure(),)


class TinlInliner(DialectInlinerInterface):
    """Everything of tinl may be inlined; mismatched call types get `tinl.cast`s unless
    the target type is i1."""

    def is_legal_to_inline_call(self, call, callable_op, would_be_cloned):
        return True

    def is_legal_to_inline_region(self, dest, src, would_be_cloned):
        return True

    def is_legal_to_inline_op(self, op, dest, would_be_cloned):
        return True

    def handle_terminator_to_block(self, op, dest):
        """Branches stay branches (as cf's own terminators)."""

    def materialize_call_conversion(self, value, type_, location):
        if str(type_) == "i1":
            return None
        return CastOp.create([value], [type_], location=location)


class FuncWithBranches(FuncInlinerInterface):
    """What cf's extension brings to func, with tinl.br for cf.br: returns of multi-block
    callees become branches to the block after the call."""

    def is_legal_to_inline_op(self, op, dest, would_be_cloned):
        return True

    def handle_terminator_to_block(self, op, dest):
        InsertionPoint.before(op).insert(BrOp.create(op.operands, successors=[dest]))
        op.erase()


class PlainOp(Operation):
    """An op of a dialect that registers no inliner hooks."""

    name = "tplain.op"
    arg = operand()
    out = result()
    traits = (Pure(),)


TINL = Dialect("tinl", [BrOp, CallOp, CastOp])
TPLAIN = Dialect("tplain", [PlainOp])
register_inliner_interface("tinl", TinlInliner())


@contextmanager
def func_inliner(interface: DialectInlinerInterface):
    """Give func these inliner hooks for a while: its own, or with a branching extension
    (loading cf installs one)."""
    saved = inliner_interface("func")
    register_inliner_interface("func", interface)
    try:
        yield
    finally:
        register_inliner_interface("func", saved)


def parse(text: str):
    ctx = mlc.Context()
    ctx.register_dialect("tinl", lambda: TINL)
    ctx.register_dialect("tplain", lambda: TPLAIN)
    return mlc.parse(text, ctx)


def inline(text: str, options: str = "default-pipeline=") -> str:
    module = parse(text)
    PassManager.parse(f"builtin.module(inline{{{options}}})").run(module)
    return str(module)


def body(text: str, name: str) -> list[str]:
    """The lines of function `name`'s body in `text`, stripped."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if f"@{name}(" in line and "func.func" in line)
    closing = lines[start][: len(lines[start]) - len(lines[start].lstrip())] + "}"
    end = lines.index(closing, start)
    return [line.strip() for line in lines[start + 1 : end]]


def sym(node) -> str:
    return node.parent.get_attr("sym_name").value


# --- interfaces --------------------------------------------------------------------------------
def test_func_ops_implement_the_call_interfaces():
    module = parse(
        """
func.func private @decl(i32) -> i64
func.func @f(%x: i32) -> i64 {
  %r = call @decl(%x) : (i32) -> i64
  %fn = func.constant @decl : (i32) -> i64
  %s = func.call_indirect %fn(%x) : (i32) -> i64
  return %s : i64
}
"""
    )
    decl, f = module.ops
    call, constant, indirect, _ = f.entry_block.ops
    direct_call = get_trait(call, CallOpInterface)
    assert direct_call.callable_for_callee(call) == SymbolRefAttr("decl")
    assert direct_call.arg_operands(call) == [f.args[0]]
    assert direct_call.resolve_callable(call) is decl
    indirect_call = get_trait(indirect, CallOpInterface)
    assert indirect_call.arg_operands(indirect) == [f.args[0]]
    assert indirect_call.resolve_callable(indirect) is constant  # the op defining the callee
    callable_ = get_trait(decl, CallableOpInterface)
    assert callable_.callable_region(decl) is None  # a declaration
    assert [str(t) for t in callable_.result_types(decl)] == ["i64"]
    assert get_trait(f, CallableOpInterface).callable_region(f) is f.regions[0]


# --- call graph --------------------------------------------------------------------------------
GRAPH = """
func.func @a() {
  call @b() : () -> ()
  return
}
func.func @b() {
  call @c() : () -> ()
  call @a() : () -> ()
  return
}
func.func @c() {
  call @d() : () -> ()
  return
}
func.func private @d()
module @m {
  func.func @e() {
    call @f() : () -> ()
    return
  }
  func.func @f() {
    return
  }
}
"""


def test_call_graph_sccs_come_callees_first_in_llvm_order():
    cg = CallGraph(parse(GRAPH))
    sccs = [[sym(n) for n in scc if not is_external(n)] for scc in cg.post_order_sccs()]
    # The declaration @d is no node. Within the cycle, the last discovered node comes first.
    assert [s for s in sccs if s] == [["c"], ["b", "a"], ["f"], ["e"]]
    assert sccs[-1] == []  # the external caller node, last


def test_calls_resolve_in_the_nearest_symbol_table():
    cg = CallGraph(parse(GRAPH))
    edges = {
        (sym(u), sym(v)) for u, v in cg.graph.edges if u != EXTERNAL_CALLER and not is_external(v)
    }
    assert edges == {("a", "b"), ("b", "c"), ("b", "a"), ("e", "f")}
    unknown = [sym(u) for u, v in cg.graph.edges if is_external(v)]
    assert unknown == ["c"]  # the call to the declaration


# --- the pass ----------------------------------------------------------------------------------
def test_private_callees_go_after_their_last_call_public_ones_stay():
    out = inline(
        """
func.func private @priv(%x: i32) -> i32 {
  return %x : i32
}
func.func @pub(%x: i32) -> i32 {
  %r = call @priv(%x) : (i32) -> i32
  return %r : i32
}
func.func @main(%x: i32) -> i32 {
  %r = call @priv(%x) : (i32) -> i32
  %s = call @pub(%r) : (i32) -> i32
  return %s : i32
}
"""
    )
    assert "@priv" not in out
    assert body(out, "pub") == ["return %arg0 : i32"]
    assert body(out, "main") == ["return %arg0 : i32"]


def test_nested_symbol_tables_are_inlined_and_cleaned_separately():
    out = inline(
        """
module @m {
  func.func private @id(%x: i32) -> i32 {
    return %x : i32
  }
  func.func @use(%x: i32) -> i32 {
    %r = call @id(%x) : (i32) -> i32
    return %r : i32
  }
}
func.func private @id(%x: i32) -> (i32, i32) {
  return %x, %x : i32, i32
}
func.func @outer(%x: i32) -> i32 {
  %r:2 = call @id(%x) : (i32) -> (i32, i32)
  return %r#1 : i32
}
"""
    )
    assert "@id" not in out
    assert body(out, "use") == body(out, "outer") == ["return %arg0 : i32"]


def test_each_iteration_inlines_one_more_turn_of_a_cycle():
    text = """
func.func @top(%x: i32) -> i32 {
  %r = call @odd(%x) : (i32) -> i32
  return %r : i32
}
func.func @even(%x: i32) -> i32 {
  %a = "tinl.cast"(%x) : (i32) -> i32
  %r = call @odd(%a) : (i32) -> i32
  return %r : i32
}
func.func private @odd(%x: i32) -> i32 {
  %a = "tinl.cast"(%x) : (i32) -> i32
  %r = call @even(%a) : (i32) -> i32
  return %r : i32
}
"""
    counts = [
        inline(text, f"default-pipeline= max-iterations={n}").count('"tinl.cast"')
        for n in (1, 2, 3)
    ]
    assert counts == [7, 11, 15]  # as mlir-opt 19 with arith.addi for tinl.cast
    out = inline(text)
    assert "@odd" not in out  # inlined into its only caller, @even, which then calls itself
    assert body(out, "even")[-2] == "%2 = call @even(%1) : (i32) -> i32"


def test_inlining_threshold_compares_callee_and_caller_sizes():
    text = """
func.func private @big(%x: i32) -> i32 {
  %a = "tinl.cast"(%x) : (i32) -> i32
  %b = "tinl.cast"(%a) : (i32) -> i32
  %c = "tinl.cast"(%b) : (i32) -> i32
  return %c : i32
}
func.func @small(%x: i32) -> i32 {
  %r = call @big(%x) : (i32) -> i32
  return %r : i32
}
"""
    # 4 ops in the callee, 2 in the caller: a ratio of 200%.
    assert "call @big" in inline(text, "default-pipeline= inlining-threshold=199")
    assert "call @big" not in inline(text, "default-pipeline= inlining-threshold=200")


def test_dialects_without_inliner_hooks_are_not_inlined():
    out = inline(
        """
func.func private @callee(%x: i32) -> i32 {
  %r = "tplain.op"(%x) : (i32) -> i32
  return %r : i32
}
func.func @main(%x: i32) -> i32 {
  %r = call @callee(%x) : (i32) -> i32
  return %r : i32
}
"""
    )
    assert "call @callee" in out


def test_func_alone_keeps_multi_block_callees():
    text = """
func.func private @two_blocks(%x: i32) -> i32 {
  "tinl.br"(%x)[^bb1] : (i32) -> ()
^bb1(%y: i32):
  return %y : i32
}
func.func @main(%x: i32) -> i32 {
  %r = call @two_blocks(%x) : (i32) -> i32
  return %r : i32
}
"""
    with func_inliner(FuncInlinerInterface()):
        assert "call @two_blocks" in inline(text)


def test_multi_block_callees_branch_to_the_block_after_the_call():
    text = """
func.func private @two_blocks(%x: i32) -> i32 {
  "tinl.br"(%x)[^bb1] : (i32) -> ()
^bb1(%y: i32):
  return %y : i32
}
func.func @main(%x: i32) -> i32 {
  %c = "tinl.cast"(%x) : (i32) -> i32
  %r = call @two_blocks(%c) : (i32) -> i32
  %s = "tinl.cast"(%r) : (i32) -> i32
  return %s : i32
}
"""
    with func_inliner(FuncWithBranches()):
        out = inline(text)
    assert body(out, "main") == [
        '%0 = "tinl.cast"(%arg0) : (i32) -> i32',
        '"tinl.br"(%0)[^bb1] : (i32) -> ()',
        "^bb1(%1: i32):  // pred: ^bb0",
        '"tinl.br"(%1)[^bb2] : (i32) -> ()',
        "^bb2(%2: i32):  // pred: ^bb1",
        '%3 = "tinl.cast"(%2) : (i32) -> i32',
        "return %3 : i32",
    ]
    assert "@two_blocks" not in out


CONVERTED = """
func.func private @callee(%x: i64) -> i1 {
  %r = "tinl.cast"(%x) : (i64) -> i1
  return %r : i1
}
func.func @main(%x: i32) -> i32 {
  %r = "tinl.call"(%x) {callee = @callee} : (i32) -> RESULT
  return %r : RESULT
}
"""


def test_call_and_callee_types_are_reconciled_by_the_call_dialect():
    out = inline(CONVERTED.replace("RESULT", "i32"))
    assert body(out, "main") == [
        '%0 = "tinl.cast"(%arg0) : (i32) -> i64',
        '%1 = "tinl.cast"(%0) : (i64) -> i1',
        '%2 = "tinl.cast"(%1) : (i1) -> i32',
        "return %2 : i32",
    ]


def test_a_failed_conversion_leaves_the_call_as_it_was():
    text = CONVERTED.replace("RESULT", "i32").replace("(%x: i64) -> i1", "(%x: i1) -> i1")
    text = text.replace('"tinl.cast"(%x) : (i64) -> i1', '"tinl.cast"(%x) : (i1) -> i1')
    out = inline(text)  # i32 -> i1 for the argument cannot be materialized
    assert body(out, "main") == [
        '%0 = "tinl.call"(%arg0) <{callee = @callee}> : (i32) -> i32',
        "return %0 : i32",
    ]


VISITS: list[str] = []


@register_pass
@dataclass(frozen=True)
class RecordCallables(Pass):
    name = "test-inline-record"
    summary = "Records the callables it runs on"

    def run(self, op) -> None:
        VISITS.append(op.get_attr("sym_name").value)


PIPELINED = """
func.func @leaf() {
  return
}
func.func @root() {
  call @leaf() : () -> ()
  return
}
"""


def test_the_default_pipeline_runs_on_each_callable_bottom_up_until_nothing_is_inlined():
    VISITS.clear()
    inline(PIPELINED, "default-pipeline=test-inline-record")
    assert VISITS == ["leaf", "root", "root"]  # @root again after its call was inlined


def test_op_pipelines_take_over_for_their_op():
    VISITS.clear()
    inline(PIPELINED, "default-pipeline=cse op-pipelines=func.func(test-inline-record)")
    assert VISITS == ["leaf", "root", "root"]


def test_options_round_trip_and_bad_pipelines_are_pipeline_errors():
    pm = PassManager.parse("builtin.module(inline{op-pipelines=func.func(cse),foo.bar(cse)})")
    assert pm.passes()[0].op_pipelines == ("func.func(cse)", "foo.bar(cse)")
    assert PassManager.parse(str(pm)) == pm
    with pytest.raises(DiagnosticError, match="does not refer to a registered pass"):
        PassManager.parse("builtin.module(inline{op-pipelines=func.func(nope)})")


def test_the_pass_needs_a_symbol_table():
    module = parse("func.func @f() {\n  return\n}")
    with pytest.raises(DiagnosticError, match="does not define a symbol table"):
        PassManager.parse("builtin.module(func.func(inline))").run(module)
