"""`convert-func-to-llvm`: functions, calls, returns and function constants to the llvm
dialect, as MLIR 19's pass of that name (mlir/lib/Conversion/FuncToLLVM/FuncToLLVM.cpp).

The calling convention is MLIR's. A memref argument passes as its descriptor's fields
(allocated and aligned pointers, offset, sizes, strides), an unranked one as its rank and
a pointer to a ranked descriptor; several results return as one struct. A function with the
`llvm.emit_c_interface` attribute also gets a `_mlir_ciface_<name>` wrapper taking pointers
to descriptors, callable from C; a declaration with it instead gets a body calling the
`_mlir_ciface_` function it declares. With `use-bare-ptr-memref-call-conv` (or a callee's
`llvm.bareptr` attribute), static memrefs pass as bare pointers.

Unranked memrefs crossing a function boundary point to descriptors that must outlive their
frame: a returned one is copied to the heap (`malloc`), and the caller copies it back to
its stack and frees the heap copy.

Like MLIR 19's, the pass also converts arith and cf ops: the branches of a function whose
block arguments it converts must be converted with them to verify.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlc.dialects import func
from mlc.dialects import llvm as L
from mlc.ir.attributes import ArrayAttr, DictionaryAttr, IntegerAttr, StringAttr, TypeAttr
from mlc.ir.block import Block
from mlc.ir.builder import InsertionPoint
from mlc.ir.diagnostics import DiagnosticError
from mlc.ir.rewrite import apply_partial_conversion
from mlc.ir.symbol_table import SymbolTable
from mlc.ir.types import MemRefType, UnrankedMemRefType, index
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass
from mlc.passes.to_llvm import build
from mlc.passes.to_llvm.arith_to_llvm import arith_to_llvm_patterns
from mlc.passes.to_llvm.cf_to_llvm import cf_to_llvm_patterns
from mlc.passes.to_llvm.descriptors import MemRefDescriptor, UnrankedMemRefDescriptor
from mlc.passes.to_llvm.pattern import (
    ConvertOpToLLVMPattern,
    FunctionDeclarations,
    copy_unranked_descriptors,
    llvm_conversion_target,
)
from mlc.passes.to_llvm.type_converter import LLVMTypeConverter

LINKAGE_ATTR = "llvm.linkage"
VARARGS_ATTR = "func.varargs"
BARE_PTR_ATTR = "llvm.bareptr"
C_INTERFACE_ATTR = "llvm.emit_c_interface"
_NOT_COPIED = frozenset((LINKAGE_ATTR, VARARGS_ATTR))
_TYPED_ARG_ATTRS = frozenset(("llvm.byval", "llvm.byref", "llvm.sret", "llvm.inalloca"))


def uses_bare_ptr(op, converter: LLVMTypeConverter) -> bool:
    """MLIR's `shouldUseBarePtrCallConv`: the option, or the function's `llvm.bareptr`."""
    return converter.use_bare_ptr_call_conv or (op is not None and BARE_PTR_ATTR in op.attributes)


def _c_wrapper_name(name: str) -> str:
    return f"_mlir_ciface_{name}"


def _new_llvm_func(rewriter, name: str, llvm_type, attributes: dict, linkage=None):
    """An `llvm.func` of C calling convention and default visibility."""
    props = {"sym_name": StringAttr(name), "function_type": TypeAttr(llvm_type)}
    if linkage is not None:
        props["linkage"] = linkage
    return rewriter.create(L.LLVMFuncOp, attributes=dict(attributes) or None, **props)


def _call(rewriter, fn, args) -> list:
    """`llvm.call` of `llvm.func` `fn`; its results."""
    result = fn.type.results[0] if fn.type.results else None
    return build.call(rewriter, fn.sym_name.value, args, result)


def _add_entry_block(rewriter, fn) -> Block:
    """An entry block with `fn`'s parameters, created through the rewriter (its insertion
    point is kept)."""
    params = fn.type.params
    with rewriter.at(rewriter.insertion_point):
        return rewriter.create_block(fn.regions[0], None, params, [fn.location] * len(params))


class FuncOpConversion(ConvertOpToLLVMPattern):
    """`func.func` to `llvm.func` (MLIR's `convertFuncOpToLLVMFuncOp`): the signature
    converted, linkage from `llvm.linkage`, visibility and discardable attributes kept,
    argument attributes moved to the arguments they became, the body moved and its block
    arguments converted, and the C interface wrapper added on request."""

    def __init__(self, converter) -> None:
        super().__init__(func.FuncOp, converter)

    def rewrite(self, op, adaptor, rewriter) -> bool:
        converter = self.type_converter
        bare_ptr = uses_bare_ptr(op, converter)
        vararg = op.attributes.get(VARARGS_ATTR)
        signature = converter.convert_function_signature(
            op.type, vararg is not None and bool(vararg.value), bare_ptr
        )
        if signature is None:
            return False
        llvm_type, conversion = signature
        linkage = op.attributes.get(LINKAGE_ATTR)
        if linkage is not None and not isinstance(linkage, L.LinkageAttr):
            raise DiagnosticError(
                f"Contains {LINKAGE_ATTR} attribute not of type LLVM::LinkageAttr", op.location
            )
        attributes = {k: v for k, v in op.attributes.items() if k not in _NOT_COPIED}
        new = _new_llvm_func(rewriter, op.sym_name.value, llvm_type, attributes, linkage)
        self._copy_visibility_and_attrs(op, new, conversion, llvm_type)
        old_args = [] if op.is_declaration() else list(op.entry_block.args)
        rewriter.inline_region_before(op.regions[0], new.regions[0])
        if not rewriter.convert_region_types(new.regions[0], converter, conversion):
            return False
        self._materialize_memref_arguments(new, old_args, rewriter, bare_ptr)
        if not bare_ptr and C_INTERFACE_ATTR in op.attributes:
            if llvm_type.vararg:
                raise DiagnosticError(
                    "C interface for variadic functions is not supported yet.", op.location
                )
            wrap = wrap_external_function if new.is_declaration() else wrap_for_external_callers
            wrap(rewriter, converter, op, new)
        rewriter.erase_op(op)
        return True

    def _copy_visibility_and_attrs(self, op, new, conversion, llvm_type) -> None:
        props = op.properties
        if "sym_visibility" in props:
            new.properties["sym_visibility"] = props["sym_visibility"]
        res_attrs = props.get("res_attrs")
        if res_attrs is not None and len(op.type.results) == 1:
            new.properties["res_attrs"] = res_attrs
        arg_attrs = props.get("arg_attrs")
        if arg_attrs is None:
            return
        converted = [DictionaryAttr(())] * len(llvm_type.params)
        for i, attrs in enumerate(arg_attrs.value):
            mapping = conversion.input_mapping(i)
            if mapping.size == 1:  # attributes fit only an argument converted one to one
                converted[mapping.input_no] = self._convert_arg_attrs(attrs)
        if converted:
            new.properties["arg_attrs"] = ArrayAttr(tuple(converted))

    def _convert_arg_attrs(self, attrs: DictionaryAttr) -> DictionaryAttr:
        """Type-carrying LLVM argument attributes (`llvm.byval`, ...) get converted types."""
        entries = attrs.as_dict()
        for name in _TYPED_ARG_ATTRS & entries.keys():
            entries[name] = TypeAttr(self.type_converter.convert_type(entries[name].value))
        return DictionaryAttr.get(entries)

    def _materialize_memref_arguments(self, new, old_args, rewriter, bare_ptr: bool) -> None:
        """Build each memref argument's descriptor at the entry, in argument order, as MLIR
        19's argument materializations do (so uses share it; unused ones are swept). Under
        the bare pointer convention the descriptor is built from the pointer and the static
        shape."""
        memrefs = [a for a in old_args if isinstance(a.type, (MemRefType, UnrankedMemRefType))]
        if not memrefs:
            return
        if not bare_ptr:
            rewriter.get_remapped_values(memrefs)
            return
        entry = new.regions[0].blocks[0]
        for arg in memrefs:
            ptr = rewriter.mapping.lookup(arg)[0]
            with rewriter.at(InsertionPoint.at_start(entry)):
                desc = MemRefDescriptor.from_static_shape(
                    rewriter, self.type_converter, arg.type, ptr, ptr
                )
            rewriter.replace_all_uses_with(arg, desc.value)


def wrap_for_external_callers(rewriter, converter, op, new) -> None:
    """`_mlir_ciface_<name>`: takes pointers to the memref descriptors (and to the result
    struct, first), loads and unpacks them, calls the function (MLIR's
    `wrapForExternalCallers`)."""
    function_type = op.type
    wrapper_type, result_struct = converter.convert_function_type_c_wrapper(function_type)
    wrapper = _new_wrapper(rewriter, op, wrapper_type, result_struct)
    entry = _add_entry_block(rewriter, wrapper)
    with rewriter.at(InsertionPoint.at_end(entry)):
        args = []
        params = entry.args[1:] if result_struct is not None else entry.args
        for param, t in zip(params, function_type.inputs):
            if isinstance(t, MemRefType):
                loaded = build.load(rewriter, converter.convert_type(t), param)
                args += MemRefDescriptor(loaded).unpack(rewriter, len(t.shape))
            elif isinstance(t, UnrankedMemRefType):
                loaded = build.load(rewriter, converter.convert_type(t), param)
                args += UnrankedMemRefDescriptor(loaded).unpack(rewriter)
            else:
                args.append(param)
        results = _call(rewriter, new, args)
        if result_struct is not None:
            build.store(rewriter, results[0], entry.args[0])
            results = []
        rewriter.create(L.ReturnOp, results)


def wrap_external_function(rewriter, converter, op, new) -> None:
    """For a declaration: `_mlir_ciface_<name>` is the external function, and `<name>`
    gets a private body packing its arguments into descriptors on the stack to call it
    (MLIR's `wrapExternalFunction`)."""
    function_type = op.type
    wrapper_type, result_struct = converter.convert_function_type_c_wrapper(function_type)
    wrapper = _new_wrapper(rewriter, op, wrapper_type, result_struct)
    new.properties["linkage"] = L.LinkageAttr("private")
    entry = _add_entry_block(rewriter, new)
    with rewriter.at(InsertionPoint.at_end(entry)):
        args = []
        if result_struct is not None:
            one = build.constant(rewriter, IntegerAttr(1, index), converter.index_type)
            args.append(build.alloca(rewriter, result_struct, one))
        fields = list(entry.args)
        for t in function_type.inputs:
            if not isinstance(t, (MemRefType, UnrankedMemRefType)):
                args.append(fields.pop(0))
                continue
            struct = converter.convert_type(t)
            count = 3 + 2 * len(t.shape) if isinstance(t, MemRefType) else 2
            kind = MemRefDescriptor if isinstance(t, MemRefType) else UnrankedMemRefDescriptor
            packed = kind.pack(rewriter, struct, fields[:count]).value
            del fields[:count]
            one = build.constant(rewriter, IntegerAttr(1, index), converter.index_type)
            memory = build.alloca(rewriter, struct, one)
            build.store(rewriter, packed, memory)
            args.append(memory)
        results = _call(rewriter, wrapper, args)
        if result_struct is not None:
            results = [build.load(rewriter, result_struct, args[0])]
        rewriter.create(L.ReturnOp, results)


def _new_wrapper(rewriter, op, wrapper_type, result_struct):
    """The `_mlir_ciface_` function, with `op`'s attributes and visibility; its argument
    and result attributes follow `op`'s, shifted by the result pointer if there is one
    (MLIR's `propagateArgResAttrs`)."""
    attributes = {k: v for k, v in op.attributes.items() if k not in _NOT_COPIED}
    name = _c_wrapper_name(op.sym_name.value)
    wrapper = _new_llvm_func(rewriter, name, wrapper_type, attributes)
    props = op.properties
    arg_attrs, res_attrs = props.get("arg_attrs"), props.get("res_attrs")
    if result_struct is None:
        if res_attrs is not None:
            wrapper.properties["res_attrs"] = res_attrs
        if arg_attrs is not None:
            wrapper.properties["arg_attrs"] = arg_attrs
    elif arg_attrs is not None:
        wrapper.properties["arg_attrs"] = ArrayAttr((DictionaryAttr(()), *arg_attrs.value))
    if "sym_visibility" in props:
        wrapper.properties["sym_visibility"] = props["sym_visibility"]
    return wrapper


def promote_operands(rewriter, converter, operands, converted, bare_ptr: bool) -> list:
    """Call arguments: memref descriptors unpacked into their fields, or under the bare
    pointer convention reduced to their aligned pointer (MLIR's `promoteOperands`)."""
    promoted = []
    for original, value in zip(operands, converted):
        t = original.type
        if bare_ptr and isinstance(t, MemRefType):
            promoted.append(MemRefDescriptor(value).aligned_ptr(rewriter))
        elif not bare_ptr and isinstance(t, MemRefType):
            promoted += MemRefDescriptor(value).unpack(rewriter, len(t.shape))
        elif not bare_ptr and isinstance(t, UnrankedMemRefType):
            promoted += UnrankedMemRefDescriptor(value).unpack(rewriter)
        else:
            promoted.append(value)
    return promoted


class CallOpLowering(ConvertOpToLLVMPattern):
    """`func.call` and `func.call_indirect` to `llvm.call`: arguments promoted, several
    results packed in a struct and taken apart, unranked memref results copied to the
    stack (MLIR's `CallOpInterfaceLowering`)."""

    def __init__(self, source, converter, declarations, symbols: SymbolTable | None = None):
        super().__init__(source, converter)
        self.declarations = declarations
        self.symbols = symbols

    def _bare_ptr(self, op) -> bool:
        """The option, or a direct callee marked `llvm.bareptr`."""
        if self.type_converter.use_bare_ptr_call_conv:
            return True
        if not isinstance(op, func.CallOp) or self.symbols is None:
            return False
        callee = self.symbols.lookup(op.properties["callee"].root)
        return uses_bare_ptr(callee, self.type_converter)

    def rewrite(self, op, adaptor, rewriter) -> bool:
        converter = self.type_converter
        bare_ptr = self._bare_ptr(op)
        result_types = op.result_types
        packed = None
        if result_types:
            packed = converter.pack_function_results(result_types, bare_ptr)
            if packed is None:
                return False
        operands = op.operands
        if bare_ptr and any(isinstance(v.type, UnrankedMemRefType) for v in operands):
            return False
        args = promote_operands(rewriter, converter, operands, adaptor.operands, bare_ptr)
        props = L.CallOp.definition.fill_defaults(dict(op.properties))
        result = [packed] if packed is not None else []
        call = L.CallOp.create(args, result, props, dict(op.attributes) or None)
        results = list(rewriter.insert(call).results)
        if len(result_types) > 1:  # unpack the struct
            packed_results = results[0]
            count = len(result_types)
            results = [build.extract_value(rewriter, packed_results, i) for i in range(count)]
        if bare_ptr:
            for i, t in enumerate(result_types):
                if isinstance(t, MemRefType):
                    results[i] = MemRefDescriptor.from_static_shape(
                        rewriter, converter, t, results[i], results[i]
                    ).value
        elif not copy_unranked_descriptors(
            rewriter, converter, self.declarations, op, result_types, results, to_heap=False
        ):
            return False
        rewriter.replace_op(op, results)
        return True


class ReturnOpLowering(ConvertOpToLLVMPattern):
    """`func.return` to `llvm.return`, several values packed in a struct; returned unranked
    memrefs get a heap copy of their descriptor, bare memrefs return their allocated
    pointer (MLIR's `ReturnOpLowering`)."""

    def __init__(self, converter, declarations) -> None:
        super().__init__(func.ReturnOp, converter)
        self.declarations = declarations

    def rewrite(self, op, adaptor, rewriter) -> bool:
        converter = self.type_converter
        types = [v.type for v in op.operands]
        values = list(adaptor.operands)
        bare_ptr = uses_bare_ptr(op.parent_op, converter)
        if bare_ptr:
            for i, t in enumerate(types):
                if isinstance(t, UnrankedMemRefType):
                    return False
                if isinstance(t, MemRefType) and converter.can_convert_to_bare_ptr(t):
                    values[i] = MemRefDescriptor(values[i]).allocated_ptr(rewriter)
        else:
            copy_unranked_descriptors(
                rewriter, converter, self.declarations, op, types, values, to_heap=True
            )
        attrs = {**op.properties, **op.attributes} or None
        if len(values) > 1:
            packed_type = converter.pack_function_results(types, bare_ptr)
            if packed_type is None:
                return False
            packed = build.undef(rewriter, packed_type)
            for i, value in enumerate(values):
                packed = build.insert_value(rewriter, packed, value, i)
            values = [packed]
        rewriter.replace_op(op, rewriter.insert(L.ReturnOp.create(values, [], None, attrs)))
        return True


class ConstantOpLowering(ConvertOpToLLVMPattern):
    """`func.constant @f` is the address of `@f`."""

    def __init__(self, converter) -> None:
        super().__init__(func.ConstantOp, converter)

    def rewrite(self, op, adaptor, rewriter) -> bool:
        t = self.type_converter.convert_type(op.results[0].type)
        if t is None or not L.is_compatible_type(t):
            return False
        address = L.AddressOfOp.create(
            (), [t], {"global_name": op.properties["value"]}, dict(op.attributes) or None
        )
        rewriter.replace_op(op, rewriter.insert(address).results)
        return True


def func_to_llvm_patterns(converter: LLVMTypeConverter, symbols: SymbolTable | None = None):
    """The patterns of the conversion (MLIR's `populateFuncToLLVMConversionPatterns`);
    callees are looked up in `symbols`."""
    declarations = FunctionDeclarations()
    return [
        FuncOpConversion(converter),
        CallOpLowering(func.CallIndirectOp, converter, declarations),
        CallOpLowering(func.CallOp, converter, declarations, symbols),
        ConstantOpLowering(converter),
        ReturnOpLowering(converter, declarations),
    ]


@register_pass
@dataclass(frozen=True)
class ConvertFuncToLLVM(Pass):
    """Lowers func ops (and arith and cf ops) to the llvm dialect."""

    name = "convert-func-to-llvm"
    summary = "Convert from the Func dialect to the LLVM dialect"
    anchor = "builtin.module"
    use_bare_ptr_memref_call_conv: bool = field(
        default=False,
        metadata={"help": "Replace FuncOp's MemRef arguments with bare pointers to the MemRef "
                          "element types"},
    )  # fmt: skip
    index_bitwidth: int = field(
        default=0, metadata={"help": "Bitwidth of the index type, 0 to use size of machine word"}
    )

    def run(self, op) -> None:
        converter = LLVMTypeConverter(self.index_bitwidth, self.use_bare_ptr_memref_call_conv)
        symbols = None if self.use_bare_ptr_memref_call_conv else SymbolTable(op)
        patterns = func_to_llvm_patterns(converter, symbols)
        patterns += arith_to_llvm_patterns(converter)
        patterns += cf_to_llvm_patterns(converter)
        apply_partial_conversion(op, llvm_conversion_target(), patterns)
