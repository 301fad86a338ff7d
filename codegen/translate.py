"""Translation of a module in the llvm dialect to LLVM IR text, equivalent to
`mlir-translate --mlir-to-llvmir` of MLIR 19.

    text = translate_to_llvm_ir(module)

The module's `llvm.func`s become functions (declarations without a body), its
`llvm.mlir.global`s global variables, in module order, as MLIR's `ModuleTranslation` does:
signatures and attributes first (so calls and initializers can refer to any symbol), then
globals, then function bodies. Instructions are built with LLVM's IRBuilder behaviour, so
constant operands fold the way LLVM 19 folds them, and the text (value numbering, attribute
groups, metadata) comes out as mlir-translate prints it; `llvm_folder` lists
the folds mlc leaves as instructions.

Large constant data (weights) can be kept out of the text (`bind_data_from`): a constant
global whose initializer is element data of at least that many bytes becomes an external
declaration and its bytes go to `Module.bound_data`, for the JIT to map the global to memory
holding them (TVM's `params`, MLIR's external resources). Printing and parsing weights as
text costs seconds for a few megabytes, and LLVM gains nothing from seeing them: loads from
them are indexed by loop variables. Objects for shared libraries keep the initializers,
as bytes (`bytes_data_from`): an `[n x i8]` array printed as `c"..."`, which costs a
fraction of a float list to print and to parse (the loads from a global name their own
types, so its value type does not matter to them).

Bad input is a `TranslationError` (a `DiagnosticError` at the op): an op outside the llvm
dialect ("cannot be converted to LLVM IR"), an unrealized cast left over, a type or
attribute LLVM has no spelling for.
"""

from __future__ import annotations

from mlc.codegen.ir_builder import IRBuilder, NotConstant
from mlc.codegen.llvm_attributes import (
    Attr,
    InvalidAttribute,
    attribute_set,
    parameter_attributes,
    passthrough_attributes,
)
from mlc.codegen.llvm_folder import LLVM19_BINOP_EXPRESSIONS, Folder
from mlc.codegen.llvm_module import CCONV_KEYWORDS, Function, GlobalVariable, Module
from mlc.codegen.llvm_types import DataLayout, UnsupportedTypeError, type_text
from mlc.codegen.llvm_values import Constant, GlobalRef, Undef, data_constant
from mlc.codegen.translate_constants import ConstantError, constant_data, llvm_constant
from mlc.codegen.translate_function import (
    FunctionTranslation,
    TranslationError,
    convert_op,
    unsupported_op,
)
from mlc.dialects.llvm.attributes import UNNAMED_ADDR, VISIBILITY
from mlc.dialects.llvm.symbol_ops import GlobalOp, LLVMFuncOp
from mlc.dialects.llvm.types import (
    LLVMArrayType,
    LLVMFunctionType,
    LLVMPointerType,
    LLVMStructType,
    is_compatible_type,
)
from mlc.ir.attributes import StringAttr
from mlc.ir.builtin_ops import ModuleOp
from mlc.ir.types import VectorType, i8

# Function properties that become enum attributes of every function, defined or declared.
_ENUM_FUNCTION_ATTRIBUTES = {"no_inline": "noinline", "always_inline": "alwaysinline",
                             "optimize_none": "optnone", "convergent": "convergent",
                             "no_unwind": "nounwind", "will_return": "willreturn"}  # fmt: skip
# Function properties that become string attributes of definitions (MLIR's
# convertOneFunction); booleans print as "true"/"false".
_STRING_FUNCTION_ATTRIBUTES = {
    "target_cpu": "target-cpu", "tune_cpu": "tune-cpu", "unsafe_fp_math": "unsafe-fp-math",
    "no_infs_fp_math": "no-infs-fp-math", "no_nans_fp_math": "no-nans-fp-math",
    "approx_func_fp_math": "approx-func-fp-math",
    "no_signed_zeros_fp_math": "no-signed-zeros-fp-math",
    "denormal_fp_math": "denormal-fp-math", "denormal_fp_math_f32": "denormal-fp-math-f32",
    "fp_contract": "fp-contract",
}  # fmt: skip


def translate_to_llvm_ir(module, *, llvm_version: int = 19, resources: dict | None = None) -> str:
    """LLVM IR text for a `builtin.module` in the llvm dialect (mlir-translate's output).

    `llvm_version` selects which constant expressions may be formed: 19 reproduces
    mlir-translate-19; from 20 on LLVM has no `mul` expressions (the JIT passes llvmlite's
    version). `resources` are the context's dialect resources, for `dense_resource`
    constants. Raises `TranslationError` for IR it cannot translate."""
    return translate_module(module, llvm_version=llvm_version, resources=resources).print()


def translate_module(module, *, llvm_version: int = 19, resources: dict | None = None,
                     bind_data_from: int | None = None,
                     bytes_data_from: int | None = None) -> Module:  # fmt: skip
    """The `llvm_module.Module` for `module` (see `translate_to_llvm_ir`); constant globals
    with at least `bind_data_from` bytes of element data are declared, their data in
    `bound_data`, or with `bytes_data_from` initialized as bytes (module docstring)."""
    return ModuleTranslation(module, llvm_version, resources, bind_data_from,
                             bytes_data_from).run()  # fmt: skip


class ModuleTranslation:
    """State of one module's translation: symbols, the LLVM module, the folder."""

    def __init__(self, module, llvm_version: int, resources: dict | None,
                 bind_data_from: int | None = None,
                 bytes_data_from: int | None = None) -> None:  # fmt: skip
        if not isinstance(module, ModuleOp):
            raise TranslationError(
                f"cannot translate '{module.name}': expected a 'builtin.module'", module.location
            )
        self.module_op = module
        layout = module.attributes.get("llvm.data_layout")
        triple = module.attributes.get("llvm.target_triple")
        layout_text = layout.value if isinstance(layout, StringAttr) else ""
        self.layout = DataLayout(layout_text)
        self.module = Module(layout_text, triple.value if isinstance(triple, StringAttr) else "")
        self.resources = resources
        self.bind_data_from = bind_data_from
        self.bytes_data_from = bytes_data_from
        self.ops = list(module.ops)
        extern_weak = [op.sym_name.value for op in self.ops
                       if isinstance(op, (LLVMFuncOp, GlobalOp))
                       and op.linkage.value == "extern_weak"]  # fmt: skip
        expressions = LLVM19_BINOP_EXPRESSIONS - ({"mul"} if llvm_version >= 20 else set())
        self.folder = Folder(expressions, extern_weak, self._address_alignment)
        self.globals: dict[str, GlobalVariable] = {}
        self._seen_structs: set = set()
        self._checked_types: set = set()

    def run(self) -> Module:
        functions = [op for op in self.ops if isinstance(op, LLVMFuncOp)]
        for op in self.ops:
            if not isinstance(op, (LLVMFuncOp, GlobalOp, ModuleOp)):
                raise unsupported_op(op)
        for op in functions:
            self._declare_function(op)
        self._convert_globals([op for op in self.ops if isinstance(op, GlobalOp)])
        for op in functions:
            if not op.is_declaration():
                FunctionTranslation(self, op, self.module.functions[op.sym_name.value]).run()
        return self.module

    # --- types and symbols -------------------------------------------------------------------
    def convert_type(self, t, location):
        """Check that `t` is an LLVM type and remember the identified structs it uses, in
        first-use order (how LLVM's TypeFinder orders the `%name = type` lines). Each type
        is checked once: a kernel names the same few types thousands of times."""
        if t in self._checked_types:
            return t
        if not is_compatible_type(t):
            raise TranslationError(f"type '{t}' is not an LLVM type", location)
        try:
            type_text(t)
        except UnsupportedTypeError as e:
            raise TranslationError(str(e), location) from None
        self._collect_structs(t)
        self._checked_types.add(t)
        return t

    def _collect_structs(self, t) -> None:
        if isinstance(t, LLVMStructType):
            if t.name is not None:
                if t.name in self._seen_structs:
                    return
                self._seen_structs.add(t.name)
                if t.body is not None or t.opaque:
                    self.module.named_structs.append(t)
            for member in t.body or ():
                self._collect_structs(member)
        elif isinstance(t, (LLVMArrayType, VectorType)):
            self._collect_structs(t.element_type)
        elif isinstance(t, LLVMFunctionType):
            for part in (t.result, *t.params):
                self._collect_structs(part)

    def symbol(self, name: str, location) -> GlobalRef:
        """The address of the function or global `name`."""
        gv = self.globals.get(name)
        if gv is not None:
            return GlobalRef(LLVMPointerType(gv.addr_space), name)
        if name in self.module.functions:
            return GlobalRef(LLVMPointerType(0), name)
        raise TranslationError(f"unknown symbol reference '{name}' in constant", location)

    def _address_alignment(self, name: str) -> int:
        """The alignment LLVM's folder assumes for the address of `name`
        (`GlobalValue::getPointerAlignment`; 4 for functions, as ConstantFold assumes)."""
        gv = self.globals.get(name)
        if gv is None:
            return 4 if name in self.module.functions else 1
        if gv.alignment:
            return gv.alignment
        t, layout = gv.value_type, self.layout
        weak = gv.linkage in ("linkonce", "linkonce_odr", "weak", "weak_odr", "common",
                              "extern_weak", "available_externally")  # fmt: skip
        if gv.initializer is None or weak:
            return layout.abi_align(t)
        align = layout.pref_align(t)
        return 16 if align < 16 and layout.size_in_bits(t) > 128 else align

    def constant(self, t, attr, location) -> Constant:
        try:
            return llvm_constant(t, attr, lambda name: self.symbol(name, location), self.resources)
        except ConstantError as e:
            raise TranslationError(str(e), location) from None

    def declare_intrinsic(self, name: str, ftype, intrinsic) -> None:
        """Add `declare ... @llvm.*` on first use (LLVM's `getOrInsertDeclaration`)."""
        if name in self.module.functions:
            return
        fn = self.module.add_function(Function(name, ftype))
        fn.fn_attrs = intrinsic.attributes
        for position, attrs in (intrinsic.params or {}).items():
            fn.param_attrs[position] = attrs

    # --- functions ---------------------------------------------------------------------------
    def _declare_function(self, op: LLVMFuncOp) -> None:
        """MLIR's `convertFunctionSignatures` for one function."""
        loc = op.location
        ftype = self.convert_type(op.type, loc)
        props = op.properties
        fn = self.module.add_function(Function(op.sym_name.value, ftype))
        fn.linkage = op.linkage.value
        fn.cconv = CCONV_KEYWORDS[op.CConv.value]
        fn.dso_local = "dso_local" in props
        fn.visibility = VISIBILITY.keywords[op.visibility_.value]
        unnamed_addr = props.get("unnamed_addr")
        fn.unnamed_addr = UNNAMED_ADDR.keywords[unnamed_addr.value] if unnamed_addr else ""
        fn.section = props["section"].value if "section" in props else None
        fn.alignment = props["alignment"].value if "alignment" in props else None
        fn.gc = props["garbageCollector"].value if "garbageCollector" in props else None
        try:
            fn.fn_attrs = attribute_set(self._function_attributes(op))
            res_attrs = props.get("res_attrs")
            if res_attrs is not None:
                fn.ret_attrs = attribute_set(parameter_attributes(res_attrs[0].as_dict()))
            arg_attrs = props.get("arg_attrs")
            if arg_attrs is not None:
                fn.param_attrs = [attribute_set(parameter_attributes(d.as_dict()))
                                  for d in arg_attrs]  # fmt: skip
        except InvalidAttribute as e:
            raise TranslationError(str(e), loc) from None
        count = props.get("function_entry_count")
        if count is not None:
            fn.metadata.append(("prof", f'!{{!"function_entry_count", i64 {count.value}}}'))

    def _function_attributes(self, op: LLVMFuncOp) -> list:
        props = op.properties
        attrs = [Attr(llvm) for prop, llvm in _ENUM_FUNCTION_ATTRIBUTES.items() if prop in props]
        if not op.is_declaration():
            for prop, key in _STRING_FUNCTION_ATTRIBUTES.items():
                value = props.get(prop)
                if isinstance(value, StringAttr):
                    attrs.append(Attr(key, value.value))
                elif value is not None:  # a BoolAttr
                    attrs.append(Attr(key, "true" if value.value else "false"))
        passthrough = props.get("passthrough")
        if passthrough is not None:
            attrs.extend(passthrough_attributes(passthrough))
        return attrs

    # --- globals -----------------------------------------------------------------------------
    def _convert_globals(self, ops: list) -> None:
        """MLIR's `convertGlobals`: create every global, then give initializers (values
        may name other globals; regions are folded to a constant)."""
        for op in ops:
            self._create_global(op)
        for op in ops:
            value = op.properties.get("value")
            if value is not None and not isinstance(value, StringAttr):
                gv = self.globals[op.sym_name.value]
                if not self._large_data(gv, value):
                    self._set_initializer(gv, self.constant(gv.value_type, value, op.location))
        for op in ops:
            if op.regions[0].blocks:
                gv = self.globals[op.sym_name.value]
                self._set_initializer(gv, self._initializer_region(op))

    def _create_global(self, op: GlobalOp) -> None:
        props = op.properties
        value_type = self.convert_type(op.type, op.location)
        gv = GlobalVariable(op.sym_name.value, value_type, linkage=op.linkage.value,
                            constant="constant" in props,
                            addr_space=props["addr_space"].value)  # fmt: skip
        value = props.get("value")
        if isinstance(value, StringAttr):
            data = value.value.encode("utf-8", "surrogateescape")
            gv.value_type = LLVMArrayType(i8, len(data))
            self._set_initializer(gv, data_constant(gv.value_type, data))
        elif value is None and not op.regions[0].blocks:
            self._set_initializer(gv, None)
        gv.dso_local = "dso_local" in props
        gv.thread_local = "thread_local_" in props
        unnamed_addr = props.get("unnamed_addr")
        gv.unnamed_addr = UNNAMED_ADDR.keywords[unnamed_addr.value] if unnamed_addr else ""
        gv.section = props["section"].value if "section" in props else None
        gv.alignment = props["alignment"].value if "alignment" in props else None
        gv.visibility = VISIBILITY.keywords[op.visibility_.value]
        self.globals[gv.name] = gv
        self.module.globals.append(gv)

    def _large_data(self, gv: GlobalVariable, value) -> bool:
        """When the constant `gv` is element data of at least `bind_data_from` bytes,
        declare it and keep its data in `bound_data`; of at least `bytes_data_from` bytes,
        initialize it with the bytes (module docstring)."""
        least = self.bind_data_from if self.bind_data_from is not None else self.bytes_data_from
        if least is None or not gv.constant or gv.thread_local:
            return False
        data = constant_data(gv.value_type, value, self.resources)
        if data is None or len(data) < least:
            return False
        if self.bind_data_from is not None:
            gv.linkage, gv.initializer, gv.unnamed_addr = "external", None, ""
            gv.dso_local = False
            self.module.bound_data[gv.name] = data
        else:
            gv.value_type = LLVMArrayType(i8, len(data))
            self._set_initializer(gv, data_constant(gv.value_type, data))
        return True

    @staticmethod
    def _set_initializer(gv: GlobalVariable, value: Constant | None) -> None:
        """External globals without a value are declarations and extern_weak ones never
        have one; any other global without a value gets `undef` (LLVM requires one)."""
        if gv.linkage == "extern_weak" or (gv.linkage == "external" and value is None):
            gv.initializer = None
        else:
            gv.initializer = value if value is not None else Undef(gv.value_type)

    def _initializer_region(self, op: GlobalOp) -> Constant:
        """The constant an initializer region computes; every op must fold."""
        builder = IRBuilder(self.folder, self.layout)
        values: dict = {}
        block = op.regions[0].blocks[0]
        for inner in block.ops:
            if inner is block.last_op:
                break
            try:
                convert_op(self, builder, values, inner)
            except NotConstant as e:
                raise TranslationError(str(e), inner.location) from None
        result = values.get(block.last_op.operand(0)) if block.last_op.operands else None
        if not isinstance(result, Constant):
            raise TranslationError("unemittable constant value", op.location)
        return result
