"""An LLVM module under construction and its printer (LLVM 19's AsmWriter layout).

The translation fills a `Module` with globals and functions; `Module.print()` numbers the
unnamed values of each function (arguments, then every block and every value-producing
instruction in layout order), the attribute groups (function attributes, in function
order) and the metadata nodes (`!0` is the debug-info-version module flag mlir-translate
always adds, then attachments in the order they appear), and writes the module as `llvm-as`
would read it, comments (`; preds = ...`, `; Function Attrs: ...`) included.
"""

from __future__ import annotations

from mlc.codegen.llvm_attributes import render
from mlc.codegen.llvm_types import escape_bytes, llvm_name, struct_body_text, type_text
from mlc.codegen.llvm_values import Argument, Constant, Instruction

MODULE_NAME = "LLVMDialectModule"
DEBUG_INFO_FLAG = '!{i32 2, !"Debug Info Version", i32 3}'

# LLVM's fixed metadata kind IDs, which order an instruction's attachments.
METADATA_KIND_ORDER = {"dbg": 0, "tbaa": 1, "prof": 2, "invariant.load": 6, "nontemporal": 9}

# LLVM keywords of the linkages; external prints as nothing.
LINKAGE_KEYWORDS = {"external": "", "private": "private ", "internal": "internal ",
                    "available_externally": "available_externally ", "linkonce": "linkonce ",
                    "weak": "weak ", "common": "common ", "appending": "appending ",
                    "extern_weak": "extern_weak ", "linkonce_odr": "linkonce_odr ",
                    "weak_odr": "weak_odr "}  # fmt: skip


# MLIR's calling conventions (LLVMEnums.td) as LLVM IR keywords; "ccc" prints as nothing
# (sic: LLVM 19 prints avr_intrcc with a trailing space).
CCONV_KEYWORDS = {
    "ccc": "", "fastcc": "fastcc", "coldcc": "coldcc", "cc_10": "ghccc", "cc_11": "cc11",
    "anyregcc": "anyregcc", "preserve_mostcc": "preserve_mostcc",
    "preserve_allcc": "preserve_allcc", "swiftcc": "swiftcc",
    "cxx_fast_tlscc": "cxx_fast_tlscc", "tailcc": "tailcc", "cfguard_checkcc": "cfguard_checkcc",
    "swifttailcc": "swifttailcc", "x86_stdcallcc": "x86_stdcallcc",
    "x86_fastcallcc": "x86_fastcallcc", "arm_apcscc": "arm_apcscc",
    "arm_aapcscc": "arm_aapcscc", "arm_aapcs_vfpcc": "arm_aapcs_vfpcc",
    "msp430_intrcc": "msp430_intrcc", "x86_thiscallcc": "x86_thiscallcc",
    "ptx_kernelcc": "ptx_kernel", "ptx_devicecc": "ptx_device", "spir_funccc": "spir_func",
    "spir_kernelcc": "spir_kernel", "intel_ocl_bicc": "intel_ocl_bicc",
    "x86_64_sysvcc": "x86_64_sysvcc", "win64cc": "win64cc",
    "x86_vectorcallcc": "x86_vectorcallcc", "hhvmcc": "hhvmcc", "hhvm_ccc": "hhvm_ccc",
    "x86_intrcc": "x86_intrcc", "avr_intrcc": "avr_intrcc ", "avr_builtincc": "cc86",
    "amdgpu_vscc": "amdgpu_vs", "amdgpu_gscc": "amdgpu_gs", "amdgpu_cscc": "amdgpu_cs",
    "amdgpu_kernelcc": "amdgpu_kernel", "x86_regcallcc": "x86_regcallcc",
    "amdgpu_hscc": "amdgpu_hs", "msp430_builtincc": "cc94", "amdgpu_lscc": "amdgpu_ls",
    "amdgpu_escc": "amdgpu_es", "aarch64_vectorcallcc": "aarch64_vector_pcs",
    "aarch64_sve_vectorcallcc": "aarch64_sve_vector_pcs",
    "wasm_emscripten_invokecc": "cc99", "amdgpu_gfxcc": "amdgpu_gfx",
    "m68k_intrcc": "cc101",
}  # fmt: skip


class BasicBlock:
    """A block: its instructions (phis first) and the blocks branching to it, newest edge
    first (the order LLVM's use lists give `; preds =`)."""

    __slots__ = ("instructions", "slot", "preds")

    def __init__(self) -> None:
        self.instructions: list[Instruction] = []
        self.slot = -1
        self.preds: list[BasicBlock] = []

    def ref(self) -> str:
        return f"%{self.slot}"


class GlobalVariable:
    """`@name = [linkage] ... global|constant T [init], section "s", align N`."""

    def __init__(self, name: str, value_type, *, linkage: str = "external",
                 constant: bool = False, addr_space: int = 0) -> None:  # fmt: skip
        self.name = name
        self.value_type = value_type
        self.linkage = linkage
        self.constant = constant
        self.addr_space = addr_space
        self.initializer: Constant | None = None
        self.visibility = ""
        self.dso_local = False
        self.thread_local = False
        self.unnamed_addr = ""
        self.section: str | None = None
        self.alignment: int | None = None

    def text(self) -> str:
        parts = ["@" + llvm_name(self.name), " = "]
        if self.initializer is None and self.linkage == "external":
            parts.append("external ")
        parts.append(LINKAGE_KEYWORDS[self.linkage])
        parts.append(_dso_local(self))
        parts.append(_visibility(self.visibility))
        if self.thread_local:
            parts.append("thread_local ")
        if self.unnamed_addr:
            parts.append(self.unnamed_addr + " ")
        if self.addr_space:
            parts.append(f"addrspace({self.addr_space}) ")
        parts.append("constant " if self.constant else "global ")
        parts.append(type_text(self.value_type))
        if self.initializer is not None:
            parts.append(" " + self.initializer.ref())
        if self.section is not None:
            parts.append(f', section "{escape_bytes(self.section.encode())}"')
        if self.alignment:
            parts.append(f", align {self.alignment}")
        return "".join(parts)


class Function:
    """A function definition (`blocks` non-empty) or declaration."""

    def __init__(self, name: str, ftype) -> None:
        self.name = name
        self.type = ftype
        self.args = [Argument(t) for t in ftype.params]
        self.blocks: list[BasicBlock] = []
        self.linkage = "external"
        self.visibility = ""
        self.dso_local = False
        self.cconv = ""
        self.unnamed_addr = ""
        self.fn_attrs: tuple = ()
        self.ret_attrs: tuple = ()
        self.param_attrs: list[tuple] = [() for _ in ftype.params]
        self.section: str | None = None
        self.alignment: int | None = None
        self.gc: str | None = None
        self.personality: Constant | None = None
        self.metadata: list[tuple[str, str]] = []

    def is_declaration(self) -> bool:
        return not self.blocks

    def header(self, attribute_group: int | None) -> str:
        """The `define`/`declare` line up to (not including) `{`."""
        ftype = self.type
        parts = ["declare " if self.is_declaration() else "define "]
        parts.append(LINKAGE_KEYWORDS[self.linkage])
        parts.append(_dso_local(self))
        parts.append(_visibility(self.visibility))
        if self.cconv:
            parts.append(self.cconv + " ")
        if self.ret_attrs:
            parts.append(render(self.ret_attrs) + " ")
        parts.append(f"{type_text(ftype.result)} @{llvm_name(self.name)}(")
        params = []
        for arg, attrs in zip(self.args, self.param_attrs):
            text = type_text(arg.type)
            if attrs:
                text += " " + render(attrs)
            if not self.is_declaration():
                text += " " + arg.ref()
            params.append(text)
        if ftype.vararg:
            params.append("...")
        parts.append(", ".join(params) + ")")
        if self.unnamed_addr:
            parts.append(" " + self.unnamed_addr)
        if attribute_group is not None:
            parts.append(f" #{attribute_group}")
        if self.section is not None:
            parts.append(f' section "{escape_bytes(self.section.encode())}"')
        if self.alignment:
            parts.append(f" align {self.alignment}")
        if self.gc is not None:
            parts.append(f' gc "{self.gc}"')
        if self.personality is not None:
            parts.append(" personality " + self.personality.typed())
        return "".join(parts)

    def number(self) -> None:
        """Assign `%N` to arguments, blocks and value-producing instructions."""
        slot = 0
        for arg in self.args:
            arg.slot = slot
            slot += 1
        for block in self.blocks:
            block.slot = slot
            slot += 1
            for inst in block.instructions:
                if inst.has_result():
                    inst.slot = slot
                    slot += 1


def _dso_local(gv) -> str:
    """`dso_local ` unless LLVM considers it implied (local linkage, or a non-default
    visibility on something that is not extern_weak)."""
    implicit = gv.linkage in ("private", "internal") or (
        gv.visibility != "" and gv.linkage != "extern_weak"
    )
    return "dso_local " if gv.dso_local and not implicit else ""


def _visibility(visibility: str) -> str:
    return visibility + " " if visibility else ""


class Module:
    """Globals, functions (intrinsic declarations appended as first used) and the module's
    data layout and triple. `bound_data` holds the data of the globals declared external
    whose memory the JIT provides (see `translate_module`'s `bind_data_from`)."""

    def __init__(self, data_layout: str = "", triple: str = "") -> None:
        self.data_layout = data_layout
        self.triple = triple
        self.named_structs: list = []
        self.globals: list[GlobalVariable] = []
        self.functions: dict[str, Function] = {}
        self.bound_data: dict[str, bytes] = {}

    def add_function(self, function: Function) -> Function:
        self.functions[function.name] = function
        return function

    def print(self) -> str:
        out = [f"; ModuleID = '{MODULE_NAME}'", f'source_filename = "{MODULE_NAME}"']
        if self.data_layout:
            out.append(f'target datalayout = "{self.data_layout}"')
        if self.triple:
            out.append(f'target triple = "{self.triple}"')
        if self.named_structs:
            out.append("")
            out.extend(f"{type_text(t)} = type {struct_body_text(t)}" for t in self.named_structs)
        if self.globals:
            out.append("")
            out.extend(g.text() for g in self.globals)
        groups: dict[tuple, int] = {}
        for function in self.functions.values():
            if function.fn_attrs:
                groups.setdefault(function.fn_attrs, len(groups))
        metadata = {DEBUG_INFO_FLAG: 0}
        for function in self.functions.values():
            out.append("")
            out.extend(_function_lines(function, groups, metadata))
        if groups:
            out.append("")
            out.extend(f"attributes #{n} = {{ {render(a, in_group=True)} }}"
                       for a, n in groups.items())  # fmt: skip
        out.append("")
        out.append("!llvm.module.flags = !{!0}")
        out.append("")
        out.extend(f"!{n} = {node}" for node, n in metadata.items())
        return "\n".join(out) + "\n"


def _metadata_ref(metadata: dict, node: str) -> str:
    return f"!{metadata.setdefault(node, len(metadata))}"


def _function_lines(function: Function, groups: dict, metadata: dict) -> list[str]:
    lines = []
    kinds = tuple(a for a in function.fn_attrs if not a.is_string())
    if kinds:  # the comment leaves string attributes out
        lines.append("; Function Attrs: " + render(kinds))
    function.number()
    header = function.header(groups.get(function.fn_attrs))
    if function.is_declaration():
        return lines + [header]
    attachments = "".join(
        f" !{kind} {_metadata_ref(metadata, node)}" for kind, node in function.metadata
    )
    lines.append(header + attachments + " {")
    for i, block in enumerate(function.blocks):
        if i:
            lines.append("")
            label = f"{block.slot}:".ljust(50)
            preds = ", ".join(p.ref() for p in block.preds)
            lines.append(label + (f"; preds = {preds}" if preds else "; No predecessors!"))
        for inst in block.instructions:
            text = "  " + (f"{inst.ref()} = " if inst.has_result() else "") + inst.text()
            if inst.attributes:  # call-site groups follow the functions' in numbering
                text += f" #{groups.setdefault(inst.attributes, len(groups))}"
            for kind, node in sorted(inst.metadata, key=lambda m: METADATA_KIND_ORDER[m[0]]):
                text += f", !{kind} {_metadata_ref(metadata, node)}"
            lines.append(text)
    lines.append("}")
    return lines
