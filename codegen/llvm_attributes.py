"""LLVM function and parameter attributes: kinds, their order, and their spelling.

LLVM keeps an attribute set sorted: enum attributes, then type attributes (`byval(T)`),
then integer attributes (`align 8`), each group in the order of its TableGen record names,
then string attributes (`"key"="value"`) by key. That order is LLVM 19's here, so a set
prints as mlir-translate prints it. Integer attributes are spelled differently inside an
attribute group (`alignstack=16`) and elsewhere (`alignstack(16)`).
"""

from __future__ import annotations

from dataclasses import dataclass

from mlc.codegen.llvm_types import escape_bytes, type_text
from mlc.ir.attributes import ArrayAttr, IntegerAttr, StringAttr, TypeAttr, UnitAttr

_ENUM = (
    "allocalign", "allocptr", "alwaysinline", "builtin", "cold", "convergent",
    "coro_only_destroy_when_complete", "dead_on_unwind", "disable_sanitizer_instrumentation",
    "fn_ret_thunk_extern", "hot", "hybrid_patchable", "immarg", "inreg", "inlinehint",
    "jumptable", "minsize", "mustprogress", "naked", "nest", "noalias", "nobuiltin",
    "nocallback", "nocapture", "nocf_check", "noduplicate", "nofree", "noimplicitfloat",
    "noinline", "nomerge", "noprofile", "norecurse", "noredzone", "noreturn",
    "nosanitize_bounds", "nosanitize_coverage", "nosync", "noundef", "nounwind", "nonlazybind",
    "nonnull", "null_pointer_is_valid", "optforfuzzing", "optdebug", "optsize", "optnone",
    "presplitcoroutine", "readnone", "readonly", "returned", "returns_twice", "signext",
    "safestack", "sanitize_address", "sanitize_hwaddress", "sanitize_memtag", "sanitize_memory",
    "sanitize_numerical_stability", "sanitize_thread", "shadowcallstack", "skipprofile",
    "speculatable", "speculative_load_hardening", "ssp", "sspreq", "sspstrong", "strictfp",
    "swiftasync", "swifterror", "swiftself", "willreturn", "writable", "writeonly", "zeroext",
)  # fmt: skip
_TYPE = ("byref", "byval", "elementtype", "inalloca", "preallocated", "sret")
_INT = ("align", "allockind", "allocsize", "dereferenceable", "dereferenceable_or_null",
        "memory", "nofpclass", "alignstack", "uwtable", "vscale_range")  # fmt: skip
ENUM_KINDS = frozenset(_ENUM)
TYPE_KINDS = frozenset(_TYPE)
INT_KINDS = frozenset(_INT)
_RANK = {name: i for i, name in enumerate(_ENUM + _TYPE + _INT)}
# integer attributes mlc can build from a plain number (the rest pack several fields)
_NUMERIC_INT_KINDS = frozenset(("align", "alignstack", "dereferenceable",
                                "dereferenceable_or_null", "uwtable"))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Attr:
    """One attribute: `name` is LLVM's keyword or a string attribute's key; `value` is None
    (enum, or valueless string), an int (integer kinds), a type (type kinds) or a str
    (string attributes; the printed inside of `memory(...)`)."""

    name: str
    value: object = None

    def is_string(self) -> bool:
        return self.name not in _RANK

    def sort_key(self) -> tuple:
        rank = _RANK.get(self.name)
        if rank is not None:
            return (0, rank, "")
        return (1, self.name, "" if self.value is None else str(self.value))

    def text(self, in_group: bool) -> str:
        name, value = self.name, self.value
        if name in TYPE_KINDS:
            return f"{name}({type_text(value)})"
        if name == "memory":
            return f"memory({value})"
        if name == "uwtable":
            return "uwtable" if value == 2 else "uwtable(sync)"
        if name == "align":
            return f"align={value}" if in_group else f"align {value}"
        if name in INT_KINDS:
            return f"{name}={value}" if in_group else f"{name}({value})"
        if name in ENUM_KINDS:
            return name
        key = '"' + escape_bytes(name.encode("utf-8", "surrogateescape")) + '"'
        if value is None:
            return key
        return key + '="' + escape_bytes(str(value).encode("utf-8", "surrogateescape")) + '"'


def attribute_set(attrs) -> tuple:
    """A canonical attribute set: one attribute per kind (the last given wins, as in LLVM's
    AttrBuilder), sorted as LLVM sorts them."""
    by_name = {a.name: a for a in attrs}
    return tuple(sorted(by_name.values(), key=Attr.sort_key))


def render(attrs: tuple, in_group: bool = False) -> str:
    return " ".join(a.text(in_group) for a in attrs)


class InvalidAttribute(ValueError):
    """An attribute mlc cannot translate; the message is MLIR's where MLIR has one."""


def _llvm_attribute(key: str, value: str | None) -> Attr:
    """MLIR's `convertMLIRAttributeToLLVM`: a known kind, else a string attribute."""
    if key in INT_KINDS:
        if not value:
            raise InvalidAttribute(f"LLVM attribute '{key}' expects a value")
        if key not in _NUMERIC_INT_KINDS:
            raise InvalidAttribute(f"LLVM attribute '{key}' is not supported in 'passthrough'")
        try:
            return Attr(key, int(value, 0))
        except ValueError:
            return Attr(key, value)
    if key in ENUM_KINDS or key in TYPE_KINDS:
        if value:
            raise InvalidAttribute(
                f"LLVM attribute '{key}' does not expect a value, found '{value}'"
            )
        if key in TYPE_KINDS:
            raise InvalidAttribute(f"LLVM attribute '{key}' needs a type")
        return Attr(key)
    return Attr(key, value or None)


def passthrough_attributes(array: ArrayAttr) -> list:
    """The function attributes of `passthrough = ["noinline", ["key", "value"]]` (MLIR's
    `convertMLIRAttributesToLLVM`)."""
    attrs = []
    for entry in array:
        if isinstance(entry, StringAttr):
            attrs.append(_llvm_attribute(entry.value, None))
            continue
        if not isinstance(entry, ArrayAttr) or len(entry) != 2:
            raise InvalidAttribute("expected 'passthrough' to contain string or array attributes")
        key, value = entry
        if not (isinstance(key, StringAttr) and isinstance(value, StringAttr)):
            raise InvalidAttribute("expected arrays within 'passthrough' to contain two strings")
        attrs.append(_llvm_attribute(key.value, value.value))
    return attrs


# MLIR's parameter attribute names (LLVMDialect `llvm.<kind>`) and the LLVM kind of each.
_PARAMETER_KINDS = {
    "llvm.align": "align", "llvm.allocalign": "allocalign", "llvm.allocptr": "allocptr",
    "llvm.byval": "byval", "llvm.byref": "byref", "llvm.noundef": "noundef",
    "llvm.dereferenceable": "dereferenceable",
    "llvm.dereferenceable_or_null": "dereferenceable_or_null", "llvm.inalloca": "inalloca",
    "llvm.inreg": "inreg", "llvm.nest": "nest", "llvm.noalias": "noalias",
    "llvm.nocapture": "nocapture", "llvm.nofree": "nofree", "llvm.nonnull": "nonnull",
    "llvm.preallocated": "preallocated", "llvm.readonly": "readonly",
    "llvm.readnone": "readnone", "llvm.returned": "returned", "llvm.signext": "signext",
    "llvm.alignstack": "alignstack", "llvm.sret": "sret", "llvm.writeonly": "writeonly",
    "llvm.zeroext": "zeroext",
}  # fmt: skip


def parameter_attributes(entries: dict) -> list:
    """The LLVM attributes of one argument's or result's attribute dictionary (MLIR's
    `convertParameterAttrs`): known `llvm.*` names become attributes; other names carry no
    LLVM meaning and are skipped, as MLIR skips them."""
    attrs = []
    for name, value in entries.items():
        kind = _PARAMETER_KINDS.get(name)
        if kind is None:
            continue
        if isinstance(value, TypeAttr) and kind in TYPE_KINDS:
            attrs.append(Attr(kind, value.value))
        elif isinstance(value, IntegerAttr) and kind in INT_KINDS:
            attrs.append(Attr(kind, value.value))
        elif isinstance(value, UnitAttr) and kind in ENUM_KINDS:
            attrs.append(Attr(kind))
        else:
            raise InvalidAttribute("unsupported parameter attribute type")
    return attrs
