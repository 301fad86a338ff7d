"""The `func` dialect: functions, calls and returns, with MLIR 19's syntax and verifiers."""

from __future__ import annotations

from mlc.ir.attributes import ArrayAttr, DictionaryAttr, StringAttr, SymbolRefAttr, TypeAttr
from mlc.ir.block import Block, Region
from mlc.ir.constraints import Constraint, isa
from mlc.ir.context import Dialect
from mlc.ir.opdef import operand, opt_prop, prop, region, result, var_operand, var_result
from mlc.ir.operation import Operation
from mlc.ir.rewrite.folding import register_constant_materializer
from mlc.ir.rewrite.pattern import pattern
from mlc.ir.traits import (
    AutomaticAllocationScope,
    CallableOpInterface,
    CallOpInterface,
    ConstantLike,
    DialectInlinerInterface,
    HasParent,
    IsolatedFromAbove,
    MemoryEffects,
    Pure,
    ReturnLike,
    Symbol,
    Terminator,
    register_inliner_interface,
)
from mlc.ir.types import FunctionType
from mlc.ir.values import OpResult

FUNCTION_TYPE_ATTR = Constraint(
    lambda a: isinstance(a, TypeAttr) and isinstance(a.value, FunctionType),
    "type attribute of function type",
)
FLAT_SYMBOL_REF = Constraint(
    lambda a: isinstance(a, SymbolRefAttr) and not a.nested, "flat symbol reference attribute"
)


class FuncCallable(CallableOpInterface):
    """`func.func` is callable: its body, unless it is a declaration, and its signature."""

    def callable_region(self, op):
        return None if op.is_declaration() else op.regions[0]

    def argument_types(self, op) -> tuple:
        return op.type.inputs

    def result_types(self, op) -> tuple:
        return op.type.results


class FuncOp(Operation):
    """`func.func @name(%arg0: i32) -> i32 attributes {...} { ... }`; no body: a declaration."""

    name = "func.func"
    sym_name = prop(StringAttr)
    function_type = prop(FUNCTION_TYPE_ATTR)
    sym_visibility = opt_prop(StringAttr)
    arg_attrs = opt_prop(ArrayAttr)
    res_attrs = opt_prop(ArrayAttr)
    body = region()
    traits = (IsolatedFromAbove(), Symbol(), AutomaticAllocationScope(), FuncCallable())
    default_dialect = "func"

    def __init__(self, sym_name: str, function_type: FunctionType, body: Region | None = None,
                 visibility: str | None = None, loc=None) -> None:  # fmt: skip
        """A function; without `body`, an entry block with the signature's arguments."""
        if body is None:
            body = Region([Block(function_type.inputs)])
        props = {"sym_name": StringAttr(sym_name), "function_type": TypeAttr(function_type)}
        if visibility:
            props["sym_visibility"] = StringAttr(visibility)
        self._init((), (), props, None, [body], (), loc)

    @property
    def type(self) -> FunctionType:
        return self.properties["function_type"].value

    @property
    def entry_block(self) -> Block:
        return self.regions[0].blocks[0]

    @property
    def args(self) -> list:
        return self.regions[0].blocks[0].args

    def is_declaration(self) -> bool:
        return not self.regions[0].blocks

    elided_properties = frozenset(
        {"sym_name", "function_type", "sym_visibility", "arg_attrs", "res_attrs"}
    )  # printed in the signature, not in `attributes {...}`

    @classmethod
    def parse_after_name(cls, p, props: dict) -> None:
        """Hook for functions of other dialects with more header syntax (`graph.func`)."""

    def print_after_name(self, p) -> None:
        """Prints what `parse_after_name` parses."""

    @classmethod
    def parse(cls, p):
        props = {}
        if p.kind == "bare" and p.text in ("private", "public", "nested"):
            props["sym_visibility"] = StringAttr(p.text)
            p.advance()
        props["sym_name"] = StringAttr(p.parse_symbol_name())
        cls.parse_after_name(p, props)
        p.expect("(")
        entry_args, inputs, arg_attrs = [], [], []
        named = p.kind == "percent"

        def parse_arg():
            if named:
                key, pos = p.parse_operand()
                p.expect(":")
                t = p.parse_type()
                attrs = p.parse_optional_attr_dict()
                loc = p.parse_optional_location() or p.loc_at(pos)
                entry_args.append((key, t, loc, pos))
            else:
                if p.kind == "percent":
                    raise p.error("expected type instead of SSA identifier")
                t = p.parse_type()
                attrs = p.parse_optional_attr_dict()
            inputs.append(t)
            arg_attrs.append(DictionaryAttr.get(attrs))

        p.parse_comma_list(parse_arg, ")")
        results, res_attrs = [], []
        if p.consume_if("->"):

            def parse_result():
                results.append(p.parse_type())
                attrs = p.parse_optional_attr_dict()
                res_attrs.append(DictionaryAttr.get(attrs))

            if p.consume_if("("):
                p.parse_comma_list(parse_result, ")")
            else:  # a bare result type takes no attributes (they need the parentheses)
                results.append(p.parse_type())
                res_attrs.append(DictionaryAttr(()))
        props["function_type"] = TypeAttr(FunctionType(tuple(inputs), tuple(results)))
        if any(d.value for d in arg_attrs):
            props["arg_attrs"] = ArrayAttr(tuple(arg_attrs))
        if any(d.value for d in res_attrs):
            props["res_attrs"] = ArrayAttr(tuple(res_attrs))
        attrs = p.parse_optional_attr_dict_with_keyword()
        for key in cls.elided_properties - {"sym_name", "function_type"}:
            if key in attrs:
                props[key] = attrs.pop(key)
        body = p.parse_optional_region(entry_args)
        if body is None:
            if named:
                raise p.error("expected '{' to begin a region")
            body = Region()
        return cls.create((), (), props, attrs, [body])

    def print_custom(self, p) -> None:
        props = self.properties
        p.write(" ")
        visibility = props.get("sym_visibility")
        if visibility is not None:
            p.write(visibility.value + " ")
        p.print_symbol_name(props["sym_name"].value)
        self.print_after_name(p)
        ftype = self.type
        body = self.regions[0]
        arg_attrs = props.get("arg_attrs")
        p.write("(")
        for i, t in enumerate(ftype.inputs):
            if i:
                p.write(", ")
            attrs = arg_attrs.value[i].as_dict() if arg_attrs is not None else {}
            if body.blocks:
                arg = body.blocks[0].args[i]
                p.print_operand(arg)
                p.write(": ")
                p.print_type(arg.type)
                p.print_optional_attr_dict(attrs)
                p.print_arg_location(arg)
            else:
                p.print_type(t)
                p.print_optional_attr_dict(attrs)
        p.write(")")
        if ftype.results:
            p.write(" -> ")
            res_attrs = props.get("res_attrs")
            dicts = [d.as_dict() for d in res_attrs.value] if res_attrs is not None else None
            parens = (
                len(ftype.results) > 1
                or isinstance(ftype.results[0], FunctionType)
                or (dicts is not None and bool(dicts[0]))
            )
            if parens:
                p.write("(")
            for i, t in enumerate(ftype.results):
                if i:
                    p.write(", ")
                p.print_type(t)
                if dicts is not None:
                    p.print_optional_attr_dict(dicts[i])
            if parens:
                p.write(")")
        merged = {k: v for k, v in props.items() if k not in self.elided_properties}
        merged.update(self.attributes)
        if merged:
            p.write(" attributes")
            p.print_optional_attr_dict(merged)
        if body.blocks:
            p.write(" ")
            p.print_region(body, False, True)

    def verify_(self) -> None:
        ftype = self.type
        for name, count in (("arg_attrs", len(ftype.inputs)), ("res_attrs", len(ftype.results))):
            attrs = self.properties.get(name)
            if attrs is not None and len(attrs.value) != count:
                kind = "argument" if name == "arg_attrs" else "result"
                raise self.emit_error(
                    f"expects {kind} attribute array to have the same number of elements as the "
                    f"number of function {kind}s, got {len(attrs.value)}, but expected {count}"
                )
        body = self.regions[0]
        if not body.blocks:
            visibility = self.properties.get("sym_visibility")
            if visibility is None or visibility.value == "public":
                raise self.emit_error("symbol declaration cannot have public visibility")
            return
        args = body.blocks[0].args
        if len(args) != len(ftype.inputs):
            raise self.emit_error(
                f"entry block must have {len(ftype.inputs)} arguments to match function signature"
            )
        for i, (arg, t) in enumerate(zip(args, ftype.inputs)):
            if arg.type != t:
                raise self.emit_error(
                    f"type of entry block argument #{i}('{arg.type}') must match the type of the "
                    f"corresponding argument in function signature('{t}')"
                )


class ReturnOp(Operation):
    """`return %a, %b : i32, f32`: returns from the enclosing `func.func`."""

    name = "func.return"
    values = var_operand()
    traits = (Pure(), Terminator(), ReturnLike(), HasParent("func.func"))
    assembly_format = "attr-dict ($values^ `:` type($values))?"

    def verify_(self) -> None:
        func = self.parent_op
        results = func.type.results
        operands = self.operands
        fname = func.properties["sym_name"].value
        if len(operands) != len(results):
            raise self.emit_error(
                f"has {len(operands)} operands, but enclosing function (@{fname}) returns "
                f"{len(results)}"
            )
        for i, (v, t) in enumerate(zip(operands, results)):
            if v.type != t:
                raise self.emit_error(
                    f"type of return operand {i} ('{v.type}') doesn't match function result type "
                    f"('{t}') in function @{fname}",
                    op_prefix=False,
                )


def _verify_call_types(op, ftype: FunctionType, operand_types, result_types) -> None:
    if len(operand_types) != len(ftype.inputs):
        raise op.emit_error("incorrect number of operands for callee")
    for i, (got, want) in enumerate(zip(operand_types, ftype.inputs)):
        if got != want:
            raise op.emit_error(
                f"operand type mismatch: expected operand type '{want}', but provided '{got}' "
                f"for operand number {i}"
            )
    if len(result_types) != len(ftype.results):
        raise op.emit_error("incorrect number of results for callee")
    for i, (got, want) in enumerate(zip(result_types, ftype.results)):
        if got != want:
            err = op.emit_error(f"result type mismatch at index {i}")
            err.attach_note(f"      op result types: {', '.join(map(str, result_types))}")
            raise err


class DirectCall(CallOpInterface):
    """`func.call`: the callee is the `callee` symbol, every operand is an argument."""

    def callable_for_callee(self, op) -> SymbolRefAttr:
        return op.properties["callee"]

    def set_callee_from_callable(self, op, callee: SymbolRefAttr) -> None:
        op.properties["callee"] = callee

    def arg_operands(self, op) -> list:
        return op.operands


class IndirectCall(CallOpInterface):
    """`func.call_indirect`: the callee is operand 0, the rest are arguments."""

    def callable_for_callee(self, op):
        return op.operand(0)

    def set_callee_from_callable(self, op, callee) -> None:
        op.set_operand(0, callee)

    def arg_operands(self, op) -> list:
        return op.operands[1:]


class CallOp(Operation):
    """`%r = call @f(%a) : (i32) -> i32`."""

    name = "func.call"
    callee = prop(FLAT_SYMBOL_REF)
    args = var_operand()
    outs = var_result()
    traits = (DirectCall(), MemoryEffects("read", "write"))
    assembly_format = "$callee `(` $args `)` attr-dict `:` functional-type($args, results)"

    def verify_symbol_uses(self, tables) -> None:
        """The callee exists and its type matches (MLIR's `verifySymbolUses`)."""
        callee = self.properties["callee"]
        fn = tables.lookup_nearest(self, callee)
        if not isinstance(fn, FuncOp):
            raise self.emit_error(f"'{callee.root}' does not reference a valid function")
        _verify_call_types(self, fn.type, [v.type for v in self.operands], self.result_types)


class CallIndirectOp(Operation):
    """`%r = call_indirect %f(%a) : (i32) -> i32`."""

    name = "func.call_indirect"
    callee = operand(isa(FunctionType, description="function type"))
    callee_operands = var_operand()
    outs = var_result()
    traits = (IndirectCall(), MemoryEffects("read", "write"))
    assembly_format = "$callee `(` $callee_operands `)` attr-dict `:` type($callee)"
    derived_types = {"callee_operands": lambda types: types["callee"][0].inputs}

    @classmethod
    def infer_result_types(cls, operands, properties):
        return operands[0].type.results

    def verify_(self) -> None:
        ftype = self.operand(0).type
        _verify_call_types(self, ftype, [v.type for v in self.operands[1:]], self.result_types)

    @classmethod
    def get_canonicalization_patterns(cls):
        return (_call_known_callee,)


@pattern(CallIndirectOp)
def _call_known_callee(op, rewriter) -> bool:
    """`call_indirect` of a `func.constant` is a direct `call` (MLIR's
    `SimplifyIndirectCallWithKnownCallee`)."""
    callee = op.operand(0)
    if not isinstance(callee, OpResult) or not isinstance(callee.op, ConstantOp):
        return False
    call = CallOp.create(
        op.operands[1:], op.result_types, {"callee": callee.op.properties["value"]},
        location=op.location,
    )  # fmt: skip
    rewriter.insert(call)
    rewriter.replace_op(op, call)
    return True


class ConstantOp(Operation):
    """`%f = constant @fn : (i32) -> i32`: a function as an SSA value."""

    name = "func.constant"
    value = prop(FLAT_SYMBOL_REF)
    out = result(isa(FunctionType, description="function type"))
    traits = (Pure(), ConstantLike())
    assembly_format = "attr-dict $value `:` type(results)"

    def asm_result_name(self) -> str:
        return "f"

    @classmethod
    def materialize(cls, value, type_, location) -> ConstantOp | None:
        """A detached `func.constant` of `value : type_` when `value` names a function and
        `type_` is a function type, else None (MLIR's `FuncDialect::materializeConstant`)."""
        if not FLAT_SYMBOL_REF(value) or not isinstance(type_, FunctionType):
            return None
        return cls.create((), [type_], {"value": value}, location=location)

    def verify_symbol_uses(self, tables) -> None:
        ref = self.properties["value"]
        fn = tables.lookup_nearest(self, ref)
        if not isinstance(fn, FuncOp):
            raise self.emit_error(f"reference to undefined function '{ref.root}'")
        if fn.type != self.results[0].type:
            raise self.emit_error("reference to function with mismatched type")


class FuncInlinerInterface(DialectInlinerInterface):
    """Every func op may be inlined, and `func.return` becomes the returned values (MLIR's
    `FuncInlinerInterface`). In a callee of several blocks, each `func.return` must become a
    `cf.br` to the block after the call, which func cannot build without depending on cf:
    such returns are not legal to inline here, and loading the cf dialect installs func's
    extension that builds them (`handle_terminator_to_block`), as MLIR's
    `func::registerInlinerExtension`."""

    def is_legal_to_inline_call(self, call, callable_op, would_be_cloned: bool) -> bool:
        return True

    def is_legal_to_inline_region(self, dest, src, would_be_cloned: bool) -> bool:
        return True

    def is_legal_to_inline_op(self, op, dest, would_be_cloned: bool) -> bool:
        return not (isinstance(op, ReturnOp) and len(op.parent.parent.blocks) > 1)

    def handle_terminator(self, op, values_to_replace: list) -> None:
        for old, new in zip(values_to_replace, op.operands):
            old.replace_all_uses_with(new)


register_inliner_interface("func", FuncInlinerInterface())
register_constant_materializer("func", ConstantOp.materialize)

DIALECT = Dialect("func", [FuncOp, ReturnOp, CallOp, CallIndirectOp, ConstantOp])
from mlc.dialects.func import interpreter as _interpreter  # noqa: E402,F401 - registers its rules
