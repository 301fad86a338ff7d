"""The func dialect's inliner extension (MLIR's `func::registerInlinerExtension`,
Func/Extensions/InlinerExtension.cpp): with cf loaded, a callee of several blocks may be
inlined, each of its `func.return`s becoming a `cf.br` to the block after the call.

MLIR keeps this apart from the func dialect because it needs cf; so does mlc. Loading the
cf dialect installs it in place of func's own interface, which inlines single-block callees
only.
"""

from __future__ import annotations

from mlc.dialects.cf.ops import BranchOp
from mlc.dialects.func import FuncInlinerInterface, ReturnOp
from mlc.ir.traits import register_inliner_interface


class FuncInlinerWithControlFlow(FuncInlinerInterface):
    """Every func op may be inlined, returns of multi-block callees included."""

    def is_legal_to_inline_op(self, op, dest, would_be_cloned: bool) -> bool:
        return True

    def handle_terminator_to_block(self, op, dest) -> None:
        """`func.return %a` becomes `cf.br ^dest(%a)`."""
        if not isinstance(op, ReturnOp):
            return
        op.parent.insert_before(BranchOp(dest, op.operands, loc=op.location), op)
        op.erase()


register_inliner_interface("func", FuncInlinerWithControlFlow())
