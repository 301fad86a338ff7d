"""`tensor-interchange`: reorder the loops of `tensor.generic`s (MLIR's
`linalg::interchangeGenericOp`, `transform.structured.interchange`).

With `permutation=p`, new loop `i` runs what was loop `p[i]`: each indexing map is composed
with the inverse permutation and the iterator types are permuted, so the op computes the
same elements in another order (`convert-tensor-to-loops` nests loop 0 outermost). It
applies to the generics with as many loops as `p` has entries, in the functions named by
`kernels` (see `passes/kernel_filter.py`), the schedule a user gives one kernel:

    tensor-interchange{kernels=transpose_kernel permutation=1,0}

Reordering a float reduction loop changes the order of its additions, hence the rounding,
as any reduction schedule does. The op is rewritten in place, on tensors or buffers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlc.dialects.tensor.generic import GenericOp
from mlc.ir.affine import AffineDimExpr, AffineMap, AffineMapAttr
from mlc.ir.attributes import ArrayAttr
from mlc.passes.kernel_filter import kernel_generics
from mlc.passes.pass_base import Pass, PassFailure
from mlc.passes.registry import register_pass


def interchange(op: GenericOp, permutation: tuple[int, ...]) -> None:
    """Make loop `i` of `op` run what was loop `permutation[i]`."""
    inverse = [0] * len(permutation)
    for new, old in enumerate(permutation):
        inverse[old] = new
    old_dims = AffineMap(len(permutation), 0, tuple(AffineDimExpr(new) for new in inverse))
    maps = [AffineMapAttr(m.compose(old_dims)) for m in op.maps()]
    iterators = op.properties["iterator_types"].value
    op.properties["indexing_maps"] = ArrayAttr(maps)
    op.properties["iterator_types"] = ArrayAttr([iterators[old] for old in permutation])


@register_pass
@dataclass(frozen=True)
class TensorInterchange(Pass):
    """Permutes the loops of tensor.generic ops."""

    name = "tensor-interchange"
    summary = "Reorder the loops of tensor.generic ops (new loop i runs old loop permutation[i])"
    permutation: tuple[int, ...] = field(default=(), metadata={
        "help": "new loop i runs old loop permutation[i]; generics with another number of "
                "loops are left alone"})
    kernels: str = field(default="", metadata={
        "help": "comma list of the functions (shell patterns) to change (see "
                "passes/kernel_filter.py); empty: all"})  # fmt: skip

    def run(self, op) -> None:
        if sorted(self.permutation) != list(range(len(self.permutation))):
            raise PassFailure(
                f"tensor-interchange: permutation {list(self.permutation)} is not a "
                f"permutation of 0..{len(self.permutation) - 1}",
                op.location,
            )
        for generic in kernel_generics(op, self.kernels):
            if len(generic.iterators()) == len(self.permutation):
                interchange(generic, self.permutation)
