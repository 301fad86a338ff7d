"""The builtin dialect (its ops live in `mlc.ir.builtin_ops`, its types and attributes in
`mlc.ir.types` and `mlc.ir.attributes`, because the core needs them)."""

from mlc.dialects.builtin import interpreter as _interpreter  # noqa: F401 - registers rules
from mlc.ir.builtin_ops import BUILTIN_DIALECT as DIALECT
from mlc.ir.builtin_ops import ModuleOp, UnrealizedConversionCastOp

__all__ = ["DIALECT", "ModuleOp", "UnrealizedConversionCastOp"]
