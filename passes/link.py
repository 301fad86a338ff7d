"""Module linking: `mlc.link(modules)` merges modules into one, as a linker merges objects.

Symbols at the top level of the modules are resolved by name:
- a public symbol is defined once; a declaration (a function without a body) of the same
  name in any module resolves to it, and must have the same signature;
- two definitions of a public name are a conflict, reported at both;
- declarations of a name nobody defines stay, once (the linked module still needs them
  from outside, as an unresolved external);
- a private definition is local to its module: when its name is taken elsewhere it is
  renamed (`@helper` -> `@helper_1`) together with every reference to it in its module.

A private *declaration* is how MLIR spells an external reference (public declarations are
invalid), so declarations take part in resolution whatever their visibility. Modules are
consumed: their ops move into the result, which is verified.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from mlc.ir.attributes import Attribute, StringAttr, SymbolRefAttr
from mlc.ir.builtin_ops import ModuleOp
from mlc.ir.diagnostics import DiagnosticError
from mlc.ir.symbol_table import symbol_name
from mlc.ir.verifier import verify
from mlc.passes.symbol_dce import visibility


class LinkError(DiagnosticError):
    """Modules that cannot be linked; the message names the symbol, notes the other place."""


def link(modules: Iterable[ModuleOp]) -> ModuleOp:
    """One verified module holding the symbols of `modules`, resolved as described above."""
    modules = list(modules)
    taken = _names_used_publicly(modules)
    result = ModuleOp(loc=modules[0].location if modules else None)
    table: dict[str, object] = {}
    for module in modules:
        _rename_private_clashes(module, taken)
        for op in list(module.regions[0].blocks[0].ops):
            name = symbol_name(op)
            existing = table.get(name) if name is not None else None
            if existing is None:
                op.detach()
                result.regions[0].blocks[0].append(op)
                if name is not None:
                    table[name] = op
                continue
            table[name] = _resolve(existing, op, name)
    verify(result)
    return result


def _is_declaration(op) -> bool:
    check = getattr(op, "is_declaration", None)
    return bool(check()) if check is not None else False


def _signature(op):
    """What two declarations of one symbol must agree on: the op kind and its type."""
    props = op.properties
    typed = props.get("function_type") or props.get("type") or props.get("global_type")
    return op.name, typed


def _resolve(existing, op, name: str):
    """Keep the definition of two same-named symbols (or one declaration); the survivor."""
    if _signature(existing) != _signature(op):
        raise _conflict(op, existing, f"symbol '@{name}' is declared with different types")
    if _is_declaration(op):
        op.detach()
        return existing
    if _is_declaration(existing):  # the definition takes the declaration's place
        op.move_before(existing)
        existing.detach()
        return op
    raise _conflict(op, existing, f"symbol '@{name}' is defined twice")


def _conflict(op, other, message: str) -> LinkError:
    err = LinkError(message, op.location)
    err.attach_note("the other definition is here", other.location)
    return err


def _names_used_publicly(modules: list[ModuleOp]) -> dict[str, int]:
    """How many modules have a top-level symbol of each name (private definitions rename
    when their name appears in another module too)."""
    count: dict[str, int] = {}
    for module in modules:
        for name in {symbol_name(op) for op in module.regions[0].blocks[0].ops} - {None}:
            count[name] = count.get(name, 0) + 1
    return count


def _rename_private_clashes(module: ModuleOp, taken: dict[str, int]) -> None:
    renames = {}
    for op in module.regions[0].blocks[0].ops:
        name = symbol_name(op)
        if name is None or visibility(op) != "private" or _is_declaration(op):
            continue
        if taken.get(name, 0) > 1:
            new = _fresh(name, taken)
            taken[new] = 1
            taken[name] -= 1
            renames[name] = new
            op.properties["sym_name"] = StringAttr(new)
    if renames:
        for op in module.iter_nested():
            for attrs_ in (op.properties, op.attributes):
                for key, value in list(attrs_.items()):
                    if key == "sym_name":
                        continue
                    renamed = rename_symbol_refs(value, renames)
                    if renamed is not value:
                        attrs_[key] = renamed


def _fresh(name: str, taken: dict[str, int]) -> str:
    n = 1
    while f"{name}_{n}" in taken:
        n += 1
    return f"{name}_{n}"


def rename_symbol_refs(attr, renames: dict[str, str]):
    """`attr` with every reference to a renamed root symbol pointing at its new name (the
    same object when nothing changes); nested attributes are rebuilt as needed."""
    if isinstance(attr, SymbolRefAttr):
        new = renames.get(attr.root)
        return attr if new is None else attrs.evolve(attr, root=new)
    if isinstance(attr, tuple):
        items = tuple(rename_symbol_refs(a, renames) for a in attr)
        return attr if all(a is b for a, b in zip(items, attr)) else items
    if isinstance(attr, Attribute) and attrs.has(type(attr)):
        changes = {}
        for f in attrs.fields(type(attr)):
            value = getattr(attr, f.name)
            new = rename_symbol_refs(value, renames)
            if new is not value:
                changes[f.name] = new
        return attrs.evolve(attr, **changes) if changes else attr
    return attr
