"""Symbol tables: ops with a `SymbolTable` trait hold uniquely named `Symbol` ops."""

from __future__ import annotations

from mlc.ir.attributes import StringAttr


def symbol_name(op) -> str | None:
    attr = op.properties.get("sym_name") or op.attributes.get("sym_name")
    return attr.value if isinstance(attr, StringAttr) else None


def verify_symbol_table(op) -> None:
    """Symbol names in the table's region are unique (MLIR's `verifySymbolTable`)."""
    if len(op.regions) != 1:
        raise op.emit_error("Operations with a 'SymbolTable' must have exactly one region")
    if len(op.regions[0].blocks) > 1:
        raise op.emit_error("Operations with a 'SymbolTable' must have exactly one block")
    seen = {}
    for block in op.regions[0].blocks:
        for child in block.ops:
            name = symbol_name(child)
            if name is None:
                continue
            if name in seen:
                err = child.emit_error(f"redefinition of symbol named '{name}'")
                err.attach_note("see existing symbol definition here", seen[name].location)
                raise err
            seen[name] = child


class SymbolTable:
    """Name -> op lookup over one symbol-table op, as MLIR's `SymbolTable` class."""

    def __init__(self, op) -> None:
        self.op = op
        self.symbols = {}
        for block in op.regions[0].blocks:
            for child in block.ops:
                name = symbol_name(child)
                if name is not None:
                    self.symbols.setdefault(name, child)

    def lookup(self, name: str):
        return self.symbols.get(name)

    def fresh_name(self, stem: str) -> str:
        """`stem`, or `stem_1`, `stem_2`, ...: the first that names no symbol yet."""
        name, counter = stem, 0
        while name in self.symbols:
            counter += 1
            name = f"{stem}_{counter}"
        return name

    def insert(self, symbol_op, before=None) -> None:
        """Add `symbol_op` to the table's block, before op `before` (None: at the end)."""
        name = symbol_name(symbol_op)
        if name in self.symbols:
            raise ValueError(f"symbol '{name}' already exists")
        self.op.regions[0].blocks[0].insert_before(symbol_op, before)
        self.symbols[name] = symbol_op

    def erase(self, symbol_op) -> None:
        self.symbols.pop(symbol_name(symbol_op), None)
        symbol_op.erase()
