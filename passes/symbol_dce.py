"""`symbol-dce`: erase private symbols that no live symbol references (MLIR's `SymbolDCE`).

Liveness starts from every non-symbol op and every symbol that cannot be discarded (not
private) in a symbol table, then follows the symbol references (`SymbolRefAttr`s anywhere in
the attributes, nested ones too) held by live ops, recursing into nested symbol tables.
"""

from __future__ import annotations

from dataclasses import dataclass

import attrs

from mlc.ir.attributes import Attribute, SymbolRefAttr
from mlc.ir.operation import UnregisteredOp
from mlc.ir.symbol_table import SymbolTable as SymbolTableIndex
from mlc.ir.traits import Symbol, SymbolTable, Terminator
from mlc.passes.pass_base import Pass, PassFailure
from mlc.passes.registry import register_pass


def visibility(op) -> str:
    """`public` (the default), `private` or `nested` (MLIR's `SymbolTable::Visibility`)."""
    attr = op.get_attr("sym_visibility")
    return getattr(attr, "value", "public") if attr is not None else "public"


def symbol_refs(attr) -> list[SymbolRefAttr]:
    """Every `SymbolRefAttr` inside `attr` (MLIR walks sub-elements of attributes)."""
    found, stack = [], [attr]
    while stack:
        item = stack.pop()
        if isinstance(item, SymbolRefAttr):
            found.append(item)
        elif isinstance(item, tuple | list):
            stack.extend(item)
        elif isinstance(item, Attribute) and attrs.has(type(item)):
            stack.extend(getattr(item, f.name) for f in attrs.fields(type(item)))
    return found


def is_potentially_unknown_symbol_table(op) -> bool:
    """An unregistered op with one region may be a symbol table we cannot see into
    (MLIR's `isPotentiallyUnknownSymbolTable`)."""
    return isinstance(op, UnregisteredOp) and len(op.regions) == 1


def symbol_uses(op) -> list[SymbolRefAttr]:
    """References held by `op` and the ops nested in it, not entering nested symbol tables
    (MLIR's `SymbolTable::getSymbolUses`)."""
    refs = []
    stack = [op]
    while stack:
        current = stack.pop()
        if is_potentially_unknown_symbol_table(current):
            raise PassFailure(
                "operation contains potentially unknown symbol table, meaning that we can't "
                "reliable compute symbol uses",
                current.location,
            )
        for value in (*current.properties.values(), *current.attributes.values()):
            refs.extend(symbol_refs(value))
        if current is op and op.has_trait(SymbolTable):
            continue
        for region in current.regions:
            for block in region.blocks:
                for nested in block.ops:
                    if nested.has_trait(SymbolTable):
                        refs.extend(r for v in nested.properties.values() for r in symbol_refs(v))
                        refs.extend(r for v in nested.attributes.values() for r in symbol_refs(v))
                    else:
                        stack.append(nested)
    return refs


class _Liveness:
    """MLIR's `computeLiveness`: the set of live symbol ops under one symbol table."""

    def __init__(self) -> None:
        self.live: set = set()
        self.tables: dict = {}

    def table(self, op) -> SymbolTableIndex:
        found = self.tables.get(op)
        if found is None:
            found = self.tables[op] = SymbolTableIndex(op)
        return found

    def resolve(self, table_op, ref: SymbolRefAttr) -> list:
        """The symbols along `ref` from `table_op` (`lookupSymbolIn`), or [] if unknown."""
        if table_op is None or not table_op.has_trait(SymbolTable):
            return []
        current = self.table(table_op).lookup(ref.root)
        resolved = [current]
        for name in ref.nested:
            if current is None or not current.has_trait(SymbolTable):
                return []
            current = self.table(current).lookup(name)
            resolved.append(current)
        return resolved if current is not None else []

    def compute(self, table_op, hidden: bool) -> None:
        """Mark what is live in `table_op`; in a `hidden` table (unreachable from outside)
        `nested` symbols are discardable too, elsewhere only private ones."""
        worklist = []
        for block in table_op.regions[0].blocks:
            for op in block.ops:
                if not op.has_trait(Symbol):
                    worklist.append(op)
                    continue
                seen = visibility(op)
                discardable = (hidden or seen == "private") and seen != "public"
                if not discardable and op not in self.live:
                    self.live.add(op)
                    worklist.append(op)
        while worklist:
            op = worklist.pop()
            if op.has_trait(SymbolTable):
                is_hidden = hidden or not op.has_trait(Symbol) or visibility(op) == "private"
                self.compute(op, is_hidden)
            for ref in symbol_uses(op):
                for symbol in self.resolve(op.parent_op, ref):
                    if symbol not in self.live:
                        self.live.add(symbol)
                        worklist.append(symbol)


@register_pass
@dataclass(frozen=True)
class SymbolDCE(Pass):
    """Deletes symbols that are private and unreachable from live symbols."""

    name = "symbol-dce"
    summary = "Eliminate dead symbols"

    def run(self, op) -> None:
        if not op.has_trait(SymbolTable):
            raise op.emit_error(
                " was scheduled to run under SymbolDCE, but does not define a symbol table"
            )
        # A table with no parent, or a private one, cannot be referenced from outside.
        hidden = op.parent is None or not op.has_trait(Symbol) or visibility(op) == "private"
        liveness = _Liveness()
        liveness.compute(op, hidden)
        tables = [op, *(n for n in op.iter_nested() if n.has_trait(SymbolTable))]
        for table_op in tables:
            for block in table_op.regions[0].blocks:
                for child in block.ops:
                    dead = child.has_trait(Symbol) and child not in liveness.live
                    if dead and not child.has_trait(Terminator):
                        child.erase()
