"""Constant B operands of contractions packed at compile time, as onnxruntime prepacks a
MatMul's initializer weights when a session is created.

`tensor-tile-contractions` copies B into zero-padded NR-column panels on every call
(`Bp[jp, k, 0:NR] = B[k, jp*NR + 0:NR]`): for an MLP at batch 64 that copy is about a sixth
of the time. When B is a constant, the panels are the same on every call, so they are
computed here once, with numpy, into a private constant `memref.global` the kernel reads
instead. B is a constant when it is read from a constant global (`memref.get_global`), or
is a parameter of a private function that every call passes the same constant global
(`graph-to-llvm` gives each kernel its own function, called from the graph function that
holds the model's weights).

Decisions: only 2-D B (no batch loop) with static sizes, read `B[k, j]` or transposed
`B[j, k]`; the original global stays (the caller still passes it); one packed global per
(constant, NR, layout), shared by the kernels that read it alike.
"""

from __future__ import annotations

import numpy as np

from mlc.dialects import func
from mlc.dialects.memref.ops import GetGlobalOp, GlobalOp
from mlc.ir.attributes import IntegerAttr, StringAttr, SymbolRefAttr, TypeAttr, UnitAttr
from mlc.ir.builder import Builder
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.symbol_table import SymbolTable
from mlc.ir.types import MemRefType, RankedTensorType, i64
from mlc.ir.values import BlockArgument, OpResult, Value
from mlc.passes.symbol_dce import visibility


def pack_panels(b: np.ndarray, nr: int) -> np.ndarray:
    """`b` (K x N) as (ceil(N / NR), K, NR) panels, columns past N zero."""
    k, n = b.shape
    panels = -(-n // nr)
    padded = np.zeros((k, panels * nr), b.dtype)
    padded[:, :n] = b
    return np.ascontiguousarray(padded.reshape(k, panels, nr).transpose(1, 0, 2))


class PackedConstants:
    """The constant globals of a module (or None when the pass runs on less: then no
    caller is visible), what each private function's parameters are always passed, and
    the packed globals made so far."""

    def __init__(self, root) -> None:
        self.module = root if _is_module(root) else None
        self.symbols = SymbolTable(root) if self.module is not None else None
        self.calls: dict[str, list] = {}
        self.packed: dict[tuple, str] = {}
        if self.module is not None:
            self.module.walk(self._note_call)

    def _note_call(self, op) -> None:
        if isinstance(op, func.CallOp):
            self.calls.setdefault(op.properties["callee"].root, []).append(op)

    def constant(self, value: Value) -> tuple[str, np.ndarray] | None:
        """(global name, elements) when `value` always holds a constant global."""
        if self.module is None:
            return None
        if isinstance(value, OpResult) and isinstance(value.owner, GetGlobalOp):
            name = value.owner.properties["name"].root
            glob = self.symbols.lookup(name)
            if not isinstance(glob, GlobalOp) or "constant" not in glob.properties:
                return None
            initial = glob.properties.get("initial_value")
            return (name, initial.array) if isinstance(initial, DenseElementsAttr) else None
        if not isinstance(value, BlockArgument):
            return None
        function = value.block.parent_op
        if (not isinstance(function, func.FuncOp) or not value.block.is_entry_block()
                or visibility(function) != "private"):  # fmt: skip
            return None
        calls = self.calls.get(function.properties["sym_name"].value, [])
        passed = [self.constant(call.operands[value.index]) for call in calls]
        if not passed or None in passed or len({name for name, _ in passed}) != 1:
            return None
        return passed[0]

    def panels(self, b: Builder, name: str, array: np.ndarray, nr: int,
               transposed: bool) -> Value:  # fmt: skip
        """`memref.get_global` of `array` (K x N, or N x K when `transposed`) packed in
        NR-column panels (`pack_panels`), made once per (global, NR, layout)."""
        key = (name, nr, transposed)
        k, n = array.shape[::-1] if transposed else array.shape
        t = MemRefType((-(-n // nr), k, nr), _element_type(self.symbols.lookup(name)))
        packed_name = self.packed.get(key)
        if packed_name is None:
            data = pack_panels(array.T if transposed else array, nr)
            packed_name = self.symbols.fresh_name(f"{name}_panels{nr}{'t' if transposed else ''}")
            glob = GlobalOp.create((), (), {
                "sym_name": StringAttr(packed_name),
                "sym_visibility": StringAttr("private"),
                "type": TypeAttr(t),
                "initial_value": DenseElementsAttr.from_array(data, _tensor_like(t)),
                "constant": UnitAttr(),
                "alignment": IntegerAttr(64, i64),
            })  # fmt: skip
            self.symbols.insert(glob, before=self.symbols.lookup(name))
            self.packed[key] = packed_name
        read = GetGlobalOp.create((), [t], {"name": SymbolRefAttr(packed_name)})
        return b.insert(read).results[0]


def _tensor_like(t: MemRefType) -> RankedTensorType:
    return RankedTensorType(t.shape, t.element_type)


def _is_module(op) -> bool:
    return op.name == "builtin.module"


def _element_type(glob: GlobalOp):
    return glob.properties["type"].value.element_type
