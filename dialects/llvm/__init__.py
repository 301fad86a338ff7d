"""The `llvm` dialect: LLVM IR in MLIR form, with MLIR 19's types, ops, syntax and checks.

It is the end of the lowering pipeline and the input of `codegen`, which translates it to
LLVM IR text. Modules: `types` (`!llvm.ptr`, `!llvm.struct<...>`, ...), `attributes` (flags
and enums), `arithmetic`, `memory`, `aggregates`, `constants`, `control_flow`
(terminators), `symbol_ops` (functions, calls, globals) and `intrinsics` (`llvm.intr.*`);
`interpreter` and `memory_interpreter` (with `layout`, `memory_model`, `descriptors`) run it
on numpy values.
"""

from __future__ import annotations

from mlc.dialects.llvm import (
    aggregates,
    arithmetic,
    constants,
    control_flow,
    intrinsics,
    memory,
    symbol_ops,
)
from mlc.dialects.llvm.aggregates import *  # noqa: F401,F403 - the op classes are the API
from mlc.dialects.llvm.arithmetic import *  # noqa: F401,F403
from mlc.dialects.llvm.attributes import (
    ATTRIBUTES,
    FastmathFlagsAttr,
    IntegerOverflowFlagsAttr,
    LinkageAttr,
)
from mlc.dialects.llvm.constants import *  # noqa: F401,F403
from mlc.dialects.llvm.constants import materialize_constant
from mlc.dialects.llvm.control_flow import *  # noqa: F401,F403
from mlc.dialects.llvm.intrinsics import *  # noqa: F401,F403
from mlc.dialects.llvm.memory import *  # noqa: F401,F403
from mlc.dialects.llvm.symbol_ops import *  # noqa: F401,F403
from mlc.dialects.llvm.types import (
    PTR,
    TYPES,
    VOID,
    LLVMArrayType,
    LLVMFunctionType,
    LLVMPointerType,
    LLVMStructType,
    LLVMVoidType,
    is_compatible_type,
)
from mlc.ir.context import Dialect
from mlc.ir.operation import Operation
from mlc.ir.rewrite.folding import register_constant_materializer

_MODULES = (arithmetic, memory, aggregates, constants, control_flow, symbol_ops, intrinsics)
ALL_OPS = [
    cls
    for module in _MODULES
    for cls in vars(module).values()
    if isinstance(cls, type)
    and issubclass(cls, Operation)
    and "name" in vars(cls)
    and cls.__module__ == module.__name__
]

register_constant_materializer("llvm", materialize_constant)

DIALECT = Dialect("llvm", ALL_OPS, ATTRIBUTES, TYPES)

from mlc.dialects.llvm import interpreter as _interpreter  # noqa: E402,F401 - registers its rules
from mlc.dialects.llvm import memory_interpreter as _memory_interpreter  # noqa: E402,F401

__all__ = [
    "DIALECT", "PTR", "VOID", "FastmathFlagsAttr", "IntegerOverflowFlagsAttr", "LinkageAttr",
    "LLVMArrayType", "LLVMFunctionType", "LLVMPointerType", "LLVMStructType", "LLVMVoidType",
    "is_compatible_type", "materialize_constant",
] + [op.__name__ for op in ALL_OPS]  # fmt: skip
