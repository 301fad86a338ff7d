"""Attributes and enums of the llvm dialect (mlir/include/mlir/Dialect/LLVMIR/LLVMEnums.td).

Flag sets (`#llvm.fastmath<nnan, ninf>`, `#llvm.overflow<nsw>`) and keyword enums
(`#llvm.linkage<internal>`, `#llvm.cconv<fastcc>`, `#llvm.tailcallkind<tail>`) are dialect
attributes; the integer enums MLIR stores as `i64` (predicates, visibility, `unnamed_addr`,
atomic orderings) are `EnumConstraint`s over `IntegerAttr`, as ODS's `I64EnumAttr`.
"""

from __future__ import annotations

from mlc.ir.attributes import DialectAttribute, frozen
from mlc.ir.constraints import EnumConstraint


class _FlagsAttr(DialectAttribute):
    """A bit-enum attribute: `<none>`, `<a, b>`, and `<ALL>` when every flag is set."""

    __slots__ = ()
    dialect_name = "llvm"
    FLAGS: tuple = ()
    ALL: str | None = None  # the name printed when every flag is set
    ENUM = ""  # the C++ enum MLIR names in its parse error

    def print_body(self, p) -> None:
        if self.ALL is not None and len(self.flags) == len(self.FLAGS):
            p.write(f"<{self.ALL}>")
            return
        names = [f for f in self.FLAGS if f in self.flags]
        p.write("<" + (", ".join(names) or "none") + ">")

    @classmethod
    def parse_body(cls, parser):
        parser.expect("<")
        flags = set()
        while True:
            word = parser.text if parser.kind == "bare" else ""
            if word == cls.ALL:
                flags.update(cls.FLAGS)
            elif word in cls.FLAGS:
                flags.add(word)
            elif word != "none":
                known = ", ".join(("none",) + cls.FLAGS + ((cls.ALL,) if cls.ALL else ()))
                raise parser.error(f"expected {cls.ENUM} to be one of: {known}", parser.pos)
            parser.advance()
            if not parser.consume_if(","):
                break
        parser.expect(">")
        return cls(frozenset(flags))

    def __repr__(self) -> str:
        return str(self)


@frozen
class FastmathFlagsAttr(_FlagsAttr):
    """`#llvm.fastmath<nnan, ninf>`; all flags print as `fast`."""

    flags: frozenset = frozenset()
    mnemonic = "fastmath"
    FLAGS = ("nnan", "ninf", "nsz", "arcp", "contract", "afn", "reassoc")
    ALL = "fast"
    ENUM = "::mlir::LLVM::FastmathFlags"


@frozen
class IntegerOverflowFlagsAttr(_FlagsAttr):
    """`#llvm.overflow<nsw, nuw>`: the result is poison on signed/unsigned wrap."""

    flags: frozenset = frozenset()
    mnemonic = "overflow"
    FLAGS = ("nsw", "nuw")
    ENUM = "::mlir::LLVM::IntegerOverflowFlags"


NO_FASTMATH = FastmathFlagsAttr()
NO_OVERFLOW = IntegerOverflowFlagsAttr()


class _KeywordEnumAttr(DialectAttribute):
    """An enum attribute spelled by keyword: `#llvm.<mnemonic><keyword>`."""

    __slots__ = ()
    dialect_name = "llvm"
    CASES: tuple = ()
    DESCRIPTION = ""  # MLIR's name of the enum, used in its parse error

    def print_body(self, p) -> None:
        p.write(f"<{self.value}>")

    @classmethod
    def parse_body(cls, parser):
        parser.expect("<")
        pos = parser.pos
        word = parser.text if parser.kind == "bare" else ""
        if word not in cls.CASES:
            raise parser.error(f"invalid {cls.DESCRIPTION} specification: {parser.text}", pos)
        parser.advance()
        parser.expect(">")
        return cls(word)

    def __repr__(self) -> str:
        return str(self)


@frozen
class LinkageAttr(_KeywordEnumAttr):
    """`#llvm.linkage<internal>`: LLVM's linkage types."""

    value: str
    mnemonic = "linkage"
    CASES = ("private", "internal", "available_externally", "linkonce", "weak", "common",
             "appending", "extern_weak", "linkonce_odr", "weak_odr", "external")  # fmt: skip
    DESCRIPTION = "LLVM linkage types"


@frozen
class CConvAttr(_KeywordEnumAttr):
    """`#llvm.cconv<fastcc>`: the calling conventions MLIR 19 knows."""

    value: str
    mnemonic = "cconv"
    CASES = (
        "ccc", "fastcc", "coldcc", "cc_10", "cc_11", "anyregcc", "preserve_mostcc",
        "preserve_allcc", "swiftcc", "cxx_fast_tlscc", "tailcc", "cfguard_checkcc",
        "swifttailcc", "x86_stdcallcc", "x86_fastcallcc", "arm_apcscc", "arm_aapcscc",
        "arm_aapcs_vfpcc", "msp430_intrcc", "x86_thiscallcc", "ptx_kernelcc", "ptx_devicecc",
        "spir_funccc", "spir_kernelcc", "intel_ocl_bicc", "x86_64_sysvcc", "win64cc",
        "x86_vectorcallcc", "hhvmcc", "hhvm_ccc", "x86_intrcc", "avr_intrcc", "avr_builtincc",
        "amdgpu_vscc", "amdgpu_gscc", "amdgpu_cscc", "amdgpu_kernelcc", "x86_regcallcc",
        "amdgpu_hscc", "msp430_builtincc", "amdgpu_lscc", "amdgpu_escc", "aarch64_vectorcallcc",
        "aarch64_sve_vectorcallcc", "wasm_emscripten_invokecc", "amdgpu_gfxcc", "m68k_intrcc",
    )  # fmt: skip
    DESCRIPTION = "Calling Conventions"


@frozen
class TailCallKindAttr(_KeywordEnumAttr):
    """`#llvm.tailcallkind<tail>`: the tail-call marker of `llvm.call`."""

    value: str
    mnemonic = "tailcallkind"
    CASES = ("none", "tail", "musttail", "notail")
    DESCRIPTION = "Tail Call Kind"


class _MarkerAttr(DialectAttribute):
    """An attribute that is only its name: `#llvm.<mnemonic>`."""

    __slots__ = ()
    dialect_name = "llvm"

    def print_body(self, p) -> None:
        pass

    @classmethod
    def parse_body(cls, parser):
        return cls()

    def __repr__(self) -> str:
        return str(self)


@frozen
class UndefAttr(_MarkerAttr):
    """`#llvm.undef`: what `llvm.mlir.undef` folds to."""

    mnemonic = "undef"


@frozen
class PoisonAttr(_MarkerAttr):
    """`#llvm.poison`: what `llvm.mlir.poison` folds to."""

    mnemonic = "poison"


@frozen
class ZeroAttr(_MarkerAttr):
    """`#llvm.zero`: what `llvm.mlir.zero` folds to when no builtin zero has its type."""

    mnemonic = "zero"


UNDEF = UndefAttr()
POISON = PoisonAttr()
ZERO = ZeroAttr()
EXTERNAL = LinkageAttr("external")
C_CCONV = CConvAttr("ccc")
NO_TAIL_CALL = TailCallKindAttr("none")

ATTRIBUTES = (FastmathFlagsAttr, IntegerOverflowFlagsAttr, LinkageAttr, CConvAttr,
              TailCallKindAttr, UndefAttr, PoisonAttr, ZeroAttr)  # fmt: skip


# --- integer enums (ODS I64EnumAttr) ---------------------------------------------------------
class GappedEnumConstraint(EnumConstraint):
    """An `i64` enum whose values skip numbers (LLVM's AtomicOrdering has no 3): `keywords`
    holds None where no case exists, and such a value is invalid."""

    __slots__ = ()

    def __init__(self, keywords: tuple, description: str) -> None:
        super().__init__(keywords, description)
        valid = frozenset(i for i, k in enumerate(keywords) if k is not None)
        in_range = self.predicate
        self.predicate = lambda v: in_range(v) and v.value in valid


ICMP_PREDICATES = EnumConstraint(
    ("eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge"),
    "llvm.icmp comparison predicate",
)
FCMP_PREDICATES = EnumConstraint(
    ("_false", "oeq", "ogt", "oge", "olt", "ole", "one", "ord",
     "ueq", "ugt", "uge", "ult", "ule", "une", "uno", "_true"),
    "llvm.fcmp comparison predicate",
)  # fmt: skip
VISIBILITY = EnumConstraint(("", "hidden", "protected"), "LLVM GlobalValue Visibility")
UNNAMED_ADDR = EnumConstraint(
    ("", "local_unnamed_addr", "unnamed_addr"), "LLVM GlobalValue UnnamedAddr"
)
ATOMIC_ORDERING = GappedEnumConstraint(
    ("not_atomic", "unordered", "monotonic", None, "acquire", "release", "acq_rel", "seq_cst"),
    "Atomic ordering for LLVM's memory model",
)
NOT_ATOMIC = ATOMIC_ORDERING.make(0)
ATOMIC_BIN_OPS = EnumConstraint(
    ("xchg", "add", "sub", "_and", "nand", "_or", "_xor", "max", "min", "umax", "umin",
     "fadd", "fsub", "fmax", "fmin", "uinc_wrap", "udec_wrap"),
    "llvm.atomicrmw binary operations",
)  # fmt: skip
ROUNDING_MODES = GappedEnumConstraint(
    ("towardzero", "tonearest", "upward", "downward", "tonearestaway", None, None, "dynamic"),
    "LLVM Rounding Mode",
)
FP_EXCEPTION_BEHAVIORS = EnumConstraint(("ignore", "maytrap", "strict"), "LLVM Exception Behavior")
DEFAULT_VISIBILITY = VISIBILITY.make(0)
