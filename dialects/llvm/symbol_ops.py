"""Symbols of the llvm dialect and their uses: `llvm.func`, `llvm.call`, `llvm.mlir.global`,
`llvm.mlir.addressof`, with MLIR 19's syntax (LLVMDialect.cpp) and checks.

The keywords before a symbol name are optional enum values: `llvm.func internal hidden
local_unnamed_addr fastcc @f(...)`; the parser always records them (defaults included), as
MLIR's does, so generic output matches mlir-opt's.
"""

from __future__ import annotations

from mlc.dialects.llvm.attributes import (
    C_CCONV,
    DEFAULT_VISIBILITY,
    EXTERNAL,
    NO_FASTMATH,
    NO_TAIL_CALL,
    UNNAMED_ADDR,
    VISIBILITY,
    CConvAttr,
    FastmathFlagsAttr,
    LinkageAttr,
    TailCallKindAttr,
)
from mlc.dialects.llvm.constraints import (
    BOOL_ATTR,
    FLAT_SYMBOL_REF,
    I64_ATTR,
    LLVM_TYPE,
    PTR,
    TYPE_ATTR,
)
from mlc.dialects.llvm.syntax import (
    all_attributes,
    parse_optional_enum_keyword,
    print_op_attrs,
    split_attributes,
)
from mlc.dialects.llvm.types import (
    VOID,
    LLVMArrayType,
    LLVMFunctionType,
    LLVMPointerType,
    LLVMVoidType,
    is_compatible_type,
)
from mlc.ir.attributes import (
    UNIT,
    ArrayAttr,
    DictionaryAttr,
    FloatAttr,
    IntegerAttr,
    StringAttr,
    TypeAttr,
    UnitAttr,
)
from mlc.ir.block import Region
from mlc.ir.constraints import ANY_ATTR, Constraint, isa
from mlc.ir.effects import is_memory_effect_free
from mlc.ir.opdef import opt_prop, opt_result, prop, region, result, var_operand
from mlc.ir.operation import Operation
from mlc.ir.traits import (
    AutomaticAllocationScope,
    CallableOpInterface,
    CallOpInterface,
    ConstantLike,
    IsolatedFromAbove,
    Pure,
    SingleBlock,
    Symbol,
    SymbolTable,
)
from mlc.ir.types import IntegerType, i32

_FUNCTION_TYPE_ATTR = Constraint(
    lambda a: isinstance(a, TypeAttr) and isinstance(a.value, LLVMFunctionType),
    "type attribute of LLVM function type",
)
_ADDR_SPACE = Constraint(
    lambda a: isinstance(a, IntegerAttr) and a.type == i32 and a.value >= 0,
    "32-bit signless integer attribute whose value is non-negative",
)


def _duplicate_check(p, props: dict, entries: dict, pos: int) -> None:
    """MLIR adds the keyword-parsed attributes first: naming one again is an error."""
    for name in entries:
        if name in props:
            raise p.error(f"attribute '{name}' occurs more than once in the attribute list", pos)


def _parse_linkage_and_visibility(p, props: dict) -> None:
    """`[linkage] [visibility] [unnamed_addr]` (MLIR's `parseCommonGlobalAndAlias` order)."""
    linkage = parse_optional_enum_keyword(p, LinkageAttr.CASES, -1)
    props["linkage"] = EXTERNAL if linkage < 0 else LinkageAttr(LinkageAttr.CASES[linkage])
    props["visibility_"] = VISIBILITY.make(parse_optional_enum_keyword(p, VISIBILITY.keywords))
    props["unnamed_addr"] = UNNAMED_ADDR.make(parse_optional_enum_keyword(p, UNNAMED_ADDR.keywords))


def _enum_keyword(constraint, attr) -> str:
    """The keyword of an integer enum attribute; "" for the default (printed as nothing)."""
    return constraint.keywords[attr.value] if attr is not None else ""


# --- llvm.func -------------------------------------------------------------------------------
class LLVMFuncCallable(CallableOpInterface):
    """`llvm.func` is callable: its body, unless it is a declaration, and its signature."""

    def callable_region(self, op):
        return None if op.is_declaration() else op.regions[0]

    def argument_types(self, op) -> tuple:
        return op.type.params

    def result_types(self, op) -> tuple:
        return op.type.results


class LLVMFuncOp(Operation):
    """`llvm.func internal @f(%arg0: i32, ...) -> i32 attributes {...} { ... }`; without a
    body, a declaration (`llvm.func @malloc(i64) -> !llvm.ptr`)."""

    name = "llvm.func"
    sym_name = prop(StringAttr)
    sym_visibility = opt_prop(StringAttr)
    function_type = prop(_FUNCTION_TYPE_ATTR)
    linkage = prop(isa(LinkageAttr), default=EXTERNAL)
    dso_local = opt_prop(UnitAttr)
    CConv = prop(isa(CConvAttr), default=C_CCONV)
    personality = opt_prop(FLAT_SYMBOL_REF)
    garbageCollector = opt_prop(StringAttr)
    passthrough = opt_prop(ArrayAttr)
    arg_attrs = opt_prop(ArrayAttr)
    res_attrs = opt_prop(ArrayAttr)
    function_entry_count = opt_prop(I64_ATTR)
    visibility_ = prop(VISIBILITY, default=DEFAULT_VISIBILITY)
    unnamed_addr = opt_prop(UNNAMED_ADDR)
    alignment = opt_prop(I64_ATTR)
    section = opt_prop(StringAttr)
    target_cpu = opt_prop(StringAttr)
    tune_cpu = opt_prop(StringAttr)
    unsafe_fp_math = opt_prop(BOOL_ATTR)
    no_infs_fp_math = opt_prop(BOOL_ATTR)
    no_nans_fp_math = opt_prop(BOOL_ATTR)
    approx_func_fp_math = opt_prop(BOOL_ATTR)
    no_signed_zeros_fp_math = opt_prop(BOOL_ATTR)
    denormal_fp_math = opt_prop(StringAttr)
    denormal_fp_math_f32 = opt_prop(StringAttr)
    fp_contract = opt_prop(StringAttr)
    no_inline = opt_prop(UnitAttr)
    always_inline = opt_prop(UnitAttr)
    no_unwind = opt_prop(UnitAttr)
    will_return = opt_prop(UnitAttr)
    optimize_none = opt_prop(UnitAttr)
    convergent = opt_prop(UnitAttr)
    body = region()
    traits = (IsolatedFromAbove(), Symbol(), AutomaticAllocationScope(), LLVMFuncCallable())

    @property
    def type(self) -> LLVMFunctionType:
        return self.properties["function_type"].value

    def is_declaration(self) -> bool:
        return not self.regions[0].blocks

    @classmethod
    def parse(cls, p):
        op_pos = p.pos
        props = {}
        _parse_linkage_and_visibility(p, props)
        props["CConv"] = CConvAttr(CConvAttr.CASES[parse_optional_enum_keyword(p, CConvAttr.CASES)])
        signature_pos = p.pos
        props["sym_name"] = StringAttr(p.parse_symbol_name())
        entry_args, params, arg_attrs, vararg = _parse_arguments(p)
        results, res_attrs = _parse_results(p)
        if len(results) > 1:
            raise p.error(
                "failed to construct function type: expected zero or one function result",
                signature_pos,
            )
        if not all(map(is_compatible_type, params)):
            raise p.error(
                "failed to construct function type: expected LLVM type for function arguments",
                signature_pos,
            )
        result = results[0] if results else VOID
        if not is_compatible_type(result):
            raise p.error(
                "failed to construct function type: expected LLVM type for function results",
                signature_pos,
            )
        props["function_type"] = TypeAttr(LLVMFunctionType(result, tuple(params), vararg))
        if any(d.value for d in arg_attrs):
            props["arg_attrs"] = ArrayAttr(tuple(arg_attrs))
        if any(d.value for d in res_attrs):
            props["res_attrs"] = ArrayAttr(tuple(res_attrs))
        entries = p.parse_optional_attr_dict_with_keyword()
        _duplicate_check(p, props, entries, op_pos)
        props, attrs = split_attributes(cls, entries, props)
        body = p.parse_optional_region(entry_args) or Region()
        return cls.create((), (), props, attrs, [body])

    def print_custom(self, p) -> None:
        p.write(" ")
        for keyword in (
            "" if self.linkage == EXTERNAL else self.linkage.value,
            _enum_keyword(VISIBILITY, self.visibility_),
            _enum_keyword(UNNAMED_ADDR, self.unnamed_addr),
            "" if self.CConv == C_CCONV else self.CConv.value,
        ):
            if keyword:
                p.write(keyword + " ")
        p.print_symbol_name(self.sym_name.value)
        self._print_signature(p)
        attrs = {k: v for k, v in all_attributes(self).items() if k not in _FUNC_ELIDED}
        if attrs:
            p.write(" attributes")
            p.print_optional_attr_dict(attrs)
        if not self.is_declaration():
            p.write(" ")
            p.print_region(self.regions[0], False, True)

    def _print_signature(self, p) -> None:
        """MLIR's `function_interface_impl::printFunctionSignature`."""
        ftype = self.type
        arg_attrs = self.properties.get("arg_attrs")
        args = None if self.is_declaration() else self.regions[0].blocks[0].args
        p.write("(")
        for i, t in enumerate(ftype.params):
            if i:
                p.write(", ")
            attrs = arg_attrs.value[i].as_dict() if arg_attrs is not None else {}
            if args is not None:
                p.print_operand(args[i])
                p.write(": ")
                p.print_type(args[i].type)
                p.print_optional_attr_dict(attrs)
                p.print_arg_location(args[i])
            else:
                p.print_type(t)
                p.print_optional_attr_dict(attrs)
        if ftype.vararg:
            p.write(", ..." if ftype.params else "...")
        p.write(")")
        if not ftype.results:
            return
        res_attrs = self.properties.get("res_attrs")
        attrs = res_attrs.value[0].as_dict() if res_attrs is not None else {}
        p.write(" -> (" if attrs else " -> ")
        p.print_type(ftype.result)
        if attrs:
            p.print_optional_attr_dict(attrs)
            p.write(")")

    def verify_(self) -> None:
        props = self.properties
        linkage = self.linkage.value
        if linkage == "common":
            raise self.emit_error("functions cannot have 'common' linkage")
        ftype = self.type
        for name, count in (("arg_attrs", len(ftype.params)), ("res_attrs", len(ftype.results))):
            attrs = props.get(name)
            if attrs is not None and len(attrs.value) != count:
                kind = "argument" if name == "arg_attrs" else "result"
                raise self.emit_error(
                    f"expects {kind} attribute array to have the same number of elements as the "
                    f"number of function {kind}s, got {len(attrs.value)}, but expected {count}"
                )
        if self.is_declaration():
            if linkage not in ("external", "extern_weak"):
                raise self.emit_error(
                    "external functions must have 'external' or 'extern_weak' linkage"
                )
            return
        if "no_inline" in props and "always_inline" in props:
            raise self.emit_error(
                "no_inline and always_inline attributes are incompatible", op_prefix=False
            )
        if "optimize_none" in props and "no_inline" not in props:
            raise self.emit_error("with optimize_none must also be no_inline")
        args = self.regions[0].blocks[0].args
        if len(args) != len(ftype.params):
            raise self.emit_error(
                f"entry block must have {len(ftype.params)} arguments to match function signature"
            )
        for i, (arg, t) in enumerate(zip(args, ftype.params)):
            if arg.type != t:
                raise self.emit_error(
                    f"type of entry block argument #{i}('{arg.type}') must match the type of the "
                    f"corresponding argument in function signature('{t}')"
                )
            if not is_compatible_type(arg.type):
                raise self.emit_error(f"entry block argument #{i} is not of LLVM type")


_FUNC_ELIDED = frozenset(
    ("sym_name", "function_type", "arg_attrs", "res_attrs", "linkage", "CConv", "visibility_",
     "unnamed_addr")
)  # fmt: skip


def _parse_arguments(p) -> tuple:
    """`(%a: i32 {attrs}, ...)` or `(i32, ...)`: (entry block arguments, types, attribute
    dictionaries, variadic) (MLIR's `parseFunctionArgumentList` with variadics allowed)."""
    p.expect("(")
    entry_args, params, attrs = [], [], []
    named = p.kind == "percent"
    vararg = False

    def parse_arg():
        nonlocal vararg
        if vararg:
            raise p.error("variadic arguments must be in the end of the argument list")
        if p.consume_if("..."):
            vararg = True
            return
        if named:
            key, pos = p.parse_operand()
            p.expect(":")
            t = p.parse_type()
            entries = p.parse_optional_attr_dict()
            loc = p.parse_optional_location() or p.loc_at(pos)
            entry_args.append((key, t, loc, pos))
        else:
            if p.kind == "percent":
                raise p.error("expected type instead of SSA identifier")
            t = p.parse_type()
            entries = p.parse_optional_attr_dict()
        params.append(t)
        attrs.append(DictionaryAttr.get(entries))

    p.parse_comma_list(parse_arg, ")")
    return entry_args, params, attrs, vararg


def _parse_results(p) -> tuple:
    """`-> i32`, `-> (i32 {llvm.zeroext})` or nothing: (types, attribute dictionaries)."""
    if not p.consume_if("->"):
        return [], []
    types, attrs = [], []
    if not p.consume_if("("):  # a bare result type takes no attributes
        return [p.parse_type()], [DictionaryAttr(())]

    def parse_result():
        types.append(p.parse_type())
        attrs.append(DictionaryAttr.get(p.parse_optional_attr_dict()))

    p.parse_comma_list(parse_result, ")")
    return types, attrs


# --- llvm.call -------------------------------------------------------------------------------
class LLVMCall(CallOpInterface):
    """`llvm.call`: a direct call names its `callee`; an indirect one calls operand 0."""

    def callable_for_callee(self, op):
        callee = op.properties.get("callee")
        return callee if callee is not None else op.operand(0)

    def set_callee_from_callable(self, op, callee) -> None:
        if "callee" in op.properties:
            op.properties["callee"] = callee
        else:
            op.set_operand(0, callee)

    def arg_operands(self, op) -> list:
        return op.operands if "callee" in op.properties else op.operands[1:]


class CallOp(Operation):
    """`%r = llvm.call @f(%a) : (i32) -> f32`, `llvm.call %fp(%a) : !llvm.ptr, (i32) -> ()`,
    `llvm.call @printf(%s) vararg(!llvm.func<i32 (ptr, ...)>) : (!llvm.ptr) -> i32`.

    No memory effects are declared: a call may do anything, as in MLIR."""

    name = "llvm.call"
    callee = opt_prop(FLAT_SYMBOL_REF)
    var_callee_type = opt_prop(TYPE_ATTR)
    fastmathFlags = prop(isa(FastmathFlagsAttr), default=NO_FASTMATH)
    CConv = prop(isa(CConvAttr), default=C_CCONV)
    TailCallKind = prop(isa(TailCallKindAttr), default=NO_TAIL_CALL)
    callee_operands = var_operand(LLVM_TYPE)
    result = opt_result(LLVM_TYPE)
    traits = (LLVMCall(),)

    @classmethod
    def parse(cls, p):
        props = {
            "CConv": CConvAttr(CConvAttr.CASES[parse_optional_enum_keyword(p, CConvAttr.CASES)]),
            "TailCallKind": TailCallKindAttr(
                TailCallKindAttr.CASES[parse_optional_enum_keyword(p, TailCallKindAttr.CASES)]
            ),
        }
        pos = p.pos
        indirect = p.kind == "percent"
        refs = [p.parse_operand()] if indirect else []
        if not indirect:
            props["callee"] = p.parse_symbol_ref()
        p.expect("(")
        refs += p.parse_operand_list()
        p.expect(")")
        if p.parse_optional_keyword("vararg"):
            p.expect("(")
            props["var_callee_type"] = TypeAttr(p.parse_type())
            p.expect(")")
        props, attrs = split_attributes(cls, p.parse_optional_attr_dict(), props)
        types_pos = p.pos
        p.expect(":")
        types = []
        if indirect:
            types.append(p.parse_type())
            if not p.consume_if(","):
                raise p.error("expected indirect call to have 2 trailing types", types_pos)
        if not (p.kind == "punct" and p.text == "("):
            raise p.error("expected trailing function type", types_pos)
        ftype = p.parse_function_type()
        if len(ftype.results) > 1:
            raise p.error("expected function with 0 or 1 result", types_pos)
        if ftype.results and isinstance(ftype.results[0], LLVMVoidType):
            raise p.error("expected a non-void result type", types_pos)
        operands = p.resolve_operands(refs, types + list(ftype.inputs), pos)
        return cls.create(operands, ftype.results, cls.definition.fill_defaults(props), attrs)

    def print_custom(self, p) -> None:
        p.write(" ")
        if self.CConv != C_CCONV:
            p.write(self.CConv.value + " ")
        if self.TailCallKind != NO_TAIL_CALL:
            p.write(self.TailCallKind.value + " ")
        callee = self.callee
        args = self.operands if callee is not None else self.operands[1:]
        if callee is not None:
            p.print_attribute(callee)
        else:
            p.print_operand(self.operand(0))
        p.write("(")
        p.print_operands(args)
        p.write(")")
        var_callee_type = self.var_callee_type
        if var_callee_type is not None:
            p.write(" vararg(")
            p.print_type(var_callee_type.value)
            p.write(")")
        print_op_attrs(p, self, ("callee", "TailCallKind", "var_callee_type", "CConv"))
        p.write(" : ")
        if callee is None:
            p.print_type(self.operand(0).type)
            p.write(", ")
        p.write("(")
        p.print_type_list([v.type for v in args])
        p.write(") -> ")
        p.print_result_types(self.result_types)

    def verify_symbol_uses(self, tables) -> None:
        """MLIR's `CallOp::verifySymbolUses`: the callee and its signature."""
        self._verify_var_callee_type()
        callee = self.properties.get("callee")
        if callee is None:
            if not self.operands:
                raise self.emit_error(
                    "must have either a `callee` attribute or at least an operand"
                )
            if not isinstance(self.operand(0).type, LLVMPointerType):
                raise self.emit_error(
                    f"indirect call expects a pointer as callee: '{self.operand(0).type}'"
                )
            return
        fn = tables.lookup_nearest(self, callee)
        if fn is None:
            raise self.emit_error(
                f"'{callee.root}' does not reference a symbol in the current scope"
            )
        if not isinstance(fn, LLVMFuncOp):
            raise self.emit_error(f"'{callee.root}' does not reference a valid LLVM function")
        ftype = fn.type
        if ftype.vararg and "var_callee_type" not in self.properties:
            raise self.emit_error("missing var_callee_type attribute for vararg call")
        args = self.operands
        if not ftype.vararg and len(ftype.params) != len(args):
            raise self.emit_error(
                f"incorrect number of operands ({len(args)}) for callee (expecting: "
                f"{len(ftype.params)})"
            )
        if len(ftype.params) > len(args):
            raise self.emit_error(
                f"incorrect number of operands ({len(args)}) for varargs callee (expecting at "
                f"least: {len(ftype.params)})"
            )
        for i, t in enumerate(ftype.params):
            if args[i].type != t:
                raise self.emit_error(
                    f"operand type mismatch for operand {i}: '{args[i].type}' != '{t}'"
                )
        self._verify_result(ftype.result)

    def _verify_result(self, expected) -> None:
        results = self.result_types
        void = isinstance(expected, LLVMVoidType)
        if not results and not void:
            raise self.emit_error("expected function call to produce a value")
        if results and void:
            raise self.emit_error("calling function with void result must not produce values")
        if len(results) > 1:
            raise self.emit_error("expected LLVM function call to produce 0 or 1 result")
        if results and results[0] != expected:
            raise self.emit_error(f"result type mismatch: '{results[0]}' != '{expected}'")

    def _verify_var_callee_type(self) -> None:
        """MLIR's `verifyCallOpVarCalleeType`."""
        attr = self.properties.get("var_callee_type")
        if attr is None:
            return
        ftype = attr.value
        if not isinstance(ftype, LLVMFunctionType) or not ftype.vararg:
            raise self.emit_error("expected var_callee_type to be a variadic function type")
        args = LLVMCall().arg_operands(self)
        if len(ftype.params) > len(args):
            raise self.emit_error(
                f"expected var_callee_type to have at most {len(args)} parameters"
            )
        for t, arg in zip(ftype.params, args):
            if t != arg.type:
                raise self.emit_error(
                    f"var_callee_type parameter type mismatch: '{t}' != '{arg.type}'"
                )
        results = self.result_types
        if not results:
            if not isinstance(ftype.result, LLVMVoidType):
                raise self.emit_error("expected var_callee_type to return void")
        elif results[0] != ftype.result:
            raise self.emit_error(
                f"var_callee_type return type mismatch: '{ftype.result}' != '{results[0]}'"
            )


# --- globals ---------------------------------------------------------------------------------
class GlobalOp(Operation):
    """`llvm.mlir.global internal constant @c(42 : i32) {addr_space = 0 : i32} : i32`, or
    with an initializer region ending in `llvm.return`. A string global may omit its type
    (`!llvm.array<N x i8>`, and then prints without it)."""

    name = "llvm.mlir.global"
    global_type = prop(TYPE_ATTR)
    constant = opt_prop(UnitAttr)
    sym_name = prop(StringAttr)
    linkage = prop(isa(LinkageAttr))
    dso_local = opt_prop(UnitAttr)
    thread_local_ = opt_prop(UnitAttr)
    value = opt_prop(ANY_ATTR)
    alignment = opt_prop(I64_ATTR)
    addr_space = prop(_ADDR_SPACE, default=IntegerAttr(0, i32))
    unnamed_addr = opt_prop(UNNAMED_ADDR)
    section = opt_prop(StringAttr)
    visibility_ = prop(VISIBILITY, default=DEFAULT_VISIBILITY)
    initializer = region(single_block=True)
    traits = (IsolatedFromAbove(), Symbol(), SingleBlock())

    @property
    def type(self):
        return self.properties["global_type"].value

    @classmethod
    def parse(cls, p):
        op_pos = p.pos
        props = {}
        _parse_linkage_and_visibility(p, props)
        # sic: MLIR 19 reads `unnamed_addr` before `thread_local` but prints it after
        if p.parse_optional_keyword("thread_local"):
            props["thread_local_"] = UNIT
        if p.parse_optional_keyword("constant"):
            props["constant"] = UNIT
        props["sym_name"] = StringAttr(p.parse_symbol_name())
        p.expect("(")
        value = None
        if not p.consume_if(")"):
            value = props["value"] = p.parse_attribute()
            p.expect(")")
        entries = p.parse_optional_attr_dict()
        _duplicate_check(p, props, entries, op_pos)
        props, attrs = split_attributes(cls, entries, props)
        types = p.parse_type_list() if p.consume_if(":") else []
        if len(types) > 1:
            raise p.error("expected zero or one type", op_pos)
        body = Region()
        if types:
            body = p.parse_optional_region() or body
        elif isinstance(value, StringAttr):
            types = [
                LLVMArrayType(IntegerType(8), len(value.value.encode("utf-8", "surrogateescape")))
            ]
        else:
            raise p.error("type can only be omitted for string globals", op_pos)
        props["global_type"] = TypeAttr(types[0])
        return cls.create((), (), cls.definition.fill_defaults(props), attrs, [body])

    def print_custom(self, p) -> None:
        p.write(" ")
        for keyword in (
            self.linkage.value,
            _enum_keyword(VISIBILITY, self.visibility_),
            "thread_local" if self.thread_local_ else "",
            _enum_keyword(UNNAMED_ADDR, self.unnamed_addr),
            "constant" if self.constant else "",
        ):
            if keyword:
                p.write(keyword + " ")
        p.print_symbol_name(self.sym_name.value)
        p.write("(")
        value = self.value
        if value is not None:
            p.print_attribute(value)
        p.write(")")
        print_op_attrs(p, self, _GLOBAL_ELIDED)
        if isinstance(value, StringAttr):
            return
        p.write(" : ")
        p.print_type(self.type)
        if self.regions[0].blocks:
            p.write(" ")
            p.print_region(self.regions[0], False)

    def verify_(self) -> None:
        props = self.properties
        t = self.type
        if isinstance(t, LLVMVoidType):
            raise self.emit_error("expects type to be a valid element type for an LLVM global")
        parent = self.parent_op
        if parent is not None and not parent.has_trait(SymbolTable):  # MLIR's Symbol trait
            raise self.emit_error("symbol's parent must have the SymbolTable trait")
        if parent is not None and not parent.has_trait(IsolatedFromAbove):
            raise self.emit_error("must appear at the module level")
        value = props.get("value")
        if isinstance(value, StringAttr) and not (
            isinstance(t, LLVMArrayType)
            and t.element_type == IntegerType(8)
            and t.num_elements == len(value.value.encode("utf-8", "surrogateescape"))
        ):
            raise self.emit_error(
                "requires an i8 array type of the length equal to that of the string attribute"
            )
        linkage = props["linkage"].value
        if linkage == "common" and value is not None and not _is_zero(value):
            raise self.emit_error("expected zero value for 'common' linkage")
        if linkage == "appending" and not isinstance(t, LLVMArrayType):
            raise self.emit_error("expected array type for 'appending' linkage")
        alignment = props.get("alignment")
        if alignment is not None and alignment.value & (alignment.value - 1):
            raise self.emit_error("alignment attribute is not a power of 2", op_prefix=False)
        self._verify_initializer(value)

    def _verify_initializer(self, value) -> None:
        """MLIR's `GlobalOp::verifyRegions`."""
        blocks = self.regions[0].blocks
        if not blocks:
            return
        terminator = blocks[0].last_op
        returned = terminator.operands if terminator is not None else []
        if not returned:
            raise self.emit_error("initializer region cannot return void")
        if returned[0].type != self.type:
            raise self.emit_error(
                f"initializer region type '{returned[0].type}' does not match global type "
                f"'{self.type}'"
            )
        for op in blocks[0].ops:
            if not is_memory_effect_free(op):
                raise op.emit_error(
                    "ops with side effects not allowed in global initializers", op_prefix=False
                )
        if value is not None:
            raise self.emit_error("cannot have both initializer value and region")


_GLOBAL_ELIDED = ("sym_name", "global_type", "constant", "value", "linkage", "unnamed_addr",
                  "thread_local_", "visibility_")  # fmt: skip


def _is_zero(value) -> bool:
    """MLIR's `isZeroAttribute` for the values a global holds."""
    if isinstance(value, (IntegerAttr, FloatAttr)):
        return value.value == 0
    if isinstance(value, ArrayAttr):
        return all(map(_is_zero, value))
    array = getattr(value, "array", None)  # dense elements
    return array is not None and not array.any()


class AddressOfOp(Operation):
    """`%p = llvm.mlir.addressof @g : !llvm.ptr`: the address of a global or function;
    folds to the symbol."""

    name = "llvm.mlir.addressof"
    global_name = prop(FLAT_SYMBOL_REF)
    res = result(PTR)
    traits = (Pure(), ConstantLike())
    assembly_format = "$global_name attr-dict `:` qualified(type($res))"

    def fold(self, operand_constants):
        return [self.properties["global_name"]]

    def verify_symbol_uses(self, tables) -> None:
        symbol = tables.lookup_nearest(self, self.properties["global_name"])
        if not isinstance(symbol, (GlobalOp, LLVMFuncOp)):
            raise self.emit_error(
                "must reference a global defined by 'llvm.mlir.global' or 'llvm.func'"
            )
        space = self.results[0].type.address_space
        if isinstance(symbol, GlobalOp) and symbol.addr_space.value != space:
            raise self.emit_error(
                "pointer address space must match address space of the referenced global"
            )
