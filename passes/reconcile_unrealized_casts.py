"""`reconcile-unrealized-casts`: fold and erase `builtin.unrealized_conversion_cast`s, as
MLIR's pass of that name.

Partial conversions leave casts between type systems behind. A cast whose results are
unused goes; a cast that has the result types of the inputs of a cast up its chain (`A -> B
-> A`, or longer: `A -> B -> C -> A`) is replaced by those inputs. Casts that still bridge
two types stay and the pass succeeds, as in mlir-opt 19 (earlier MLIR releases failed on
them); translating such IR to LLVM is what reports them.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlc.ir.builtin_ops import UnrealizedConversionCastOp
from mlc.ir.rewrite import reconcile_unrealized_casts
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass


@register_pass
@dataclass(frozen=True)
class ReconcileUnrealizedCasts(Pass):
    """Simplifies chains of unrealized conversion casts and erases dead ones."""

    name = "reconcile-unrealized-casts"
    summary = "Simplify and eliminate unrealized conversion casts"

    def run(self, op) -> None:
        casts = [o for o in op.iter_nested() if isinstance(o, UnrealizedConversionCastOp)]
        reconcile_unrealized_casts(casts)
