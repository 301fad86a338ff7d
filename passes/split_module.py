"""A module as one module per function definition, and lowered parts merged back into one.

`mlc.compile` lowers a model's kernels one at a time on the calling thread while LLVM
optimizes and generates code for the parts lowered before on another thread (XLA's CPU
backend splits its LLVM module for parallel code generation the same way). A part holds one
function definition, declarations of the functions it references and copies of the
globals it references. Visibility is left alone: a private `func.func` still translates
to an external LLVM symbol (MLIR's linkage is its own attribute), so a call in one part
links to the definition in another.

Decisions: only modules of `func.func` and constant `memref.global` ops split (a mutable
global must have one definition; anything else at the top may hold state or symbols the
parts would need to share); a constant global referenced by several functions is copied
into each of their parts (the JIT binds large constant data by address, so the copies
share it; a small one is duplicated as a private constant); merging keeps the first of
ops with the same symbol name and a definition over a declaration.
"""

from __future__ import annotations

from mlc.ir.block import Region
from mlc.ir.builtin_ops import ModuleOp
from mlc.ir.symbol_table import symbol_name
from mlc.passes.symbol_dce import symbol_uses


def split_functions(module: ModuleOp) -> list[ModuleOp] | None:
    """One module per function definition of `module`, in order, each with what it
    references; None when `module` cannot be split (module docstring). The definitions
    move into the parts: `module` keeps only what they reference."""
    by_name = {}
    for op in module.ops:
        if not _splittable(op):
            return None
        by_name[symbol_name(op)] = op
    parts = []
    for op in list(module.ops):
        if op.name != "func.func" or not op.regions[0].blocks:
            continue
        needed = {}
        for ref in symbol_uses(op):
            if ref.nested:
                return None
            target = by_name.get(ref.root)
            if target is not None and target is not op:
                needed[ref.root] = target
        part = ModuleOp(loc=module.location)
        part.attributes.update(module.attributes)
        body = part.regions[0].blocks[0]
        for name, target in by_name.items():  # the module's order
            if name in needed:
                body.append(_declaration(target))
        body.append(op.detach())
        parts.append(part)
    return parts


def _splittable(op) -> bool:
    if op.name == "func.func":
        return True
    return op.name == "memref.global" and "constant" in op.properties


def _declaration(op):
    """What a part needs of another part's symbol: a function's declaration, a global's
    copy."""
    if op.name == "func.func":  # its body is not copied only to be dropped
        return type(op).create(properties=dict(op.properties), attributes=dict(op.attributes),
                               regions=[Region()], location=op.location)  # fmt: skip
    return op.clone()


def merge_parts(parts: list[ModuleOp]) -> ModuleOp:
    """The lowered parts as one module: each symbol once, its definition where a part has
    one, in the order the parts first mention it."""
    merged = ModuleOp(loc=parts[0].location)
    merged.attributes.update(parts[0].attributes)
    body = merged.regions[0].blocks[0]
    kept = {}
    for part in parts:
        for op in list(part.ops):
            name = symbol_name(op)
            existing = kept.get(name) if name is not None else None
            if existing is None:
                body.append(op.detach())
                if name is not None:
                    kept[name] = op
            elif _is_declaration(existing) and not _is_declaration(op):
                body.insert_before(op.detach(), existing)
                existing.erase()
                kept[name] = op
    return merged


def _is_declaration(op) -> bool:
    return op.name == "llvm.func" and not op.regions[0].blocks
