"""Attribute aliases (`#map = ...`, `#loc = ...`) numbered and ordered as MLIR does.

While printing, an aliasable attribute is written as a placeholder (`AliasRef`) and its
definition is rendered once. Afterwards, as MLIR's `AliasInitializer` does, aliases are
stable-sorted by depth (an alias whose definition uses other aliases comes after them) and
by name prefix, then numbered per prefix (`#loc`, `#loc1`, ...). Definitions print before
the top op, except deferrable ones (op locations), which print after it.
"""

from __future__ import annotations


class AliasRef:
    """A placeholder in the printer's output for one aliased attribute."""

    __slots__ = ("attr", "prefix", "index", "depth", "deferred", "parts", "name", "children")

    def __init__(self, attr, prefix: str, index: int, deferred: bool) -> None:
        self.attr = attr
        self.prefix = prefix
        self.index = index
        self.depth = 0
        self.deferred = deferred
        self.parts: list = []
        self.children: list[AliasRef] = []
        self.name = ""

    def mark_non_deferred(self) -> None:
        if self.deferred:
            self.deferred = False
            for child in self.children:
                child.mark_non_deferred()


class AliasTable:
    """The aliases used by one printed buffer."""

    def __init__(self) -> None:
        self.refs: dict = {}
        self._open: list[AliasRef] = []  # definitions being rendered, for depths and children
        self.frozen = False  # after the collecting pass: no new aliases

    def lookup(self, attr, prefix: str, deferred: bool, render) -> AliasRef | None:
        """The alias of `attr`, registering it (and rendering its definition via `render()`)
        on first use; None for an attribute MLIR would not alias (frozen table)."""
        ref = self.refs.get(attr)
        if ref is None:
            if self.frozen:
                return None
            ref = self.refs[attr] = AliasRef(attr, prefix, len(self.refs), deferred)
            self._open.append(ref)
            ref.parts = render()
            self._open.pop()
        elif not deferred:
            ref.mark_non_deferred()
        if self._open:
            parent = self._open[-1]
            parent.children.append(ref)
            parent.depth = max(parent.depth, ref.depth + 1)
            if not parent.deferred:
                ref.mark_non_deferred()
        return ref

    def finalize(self) -> None:
        """Assign names in MLIR's order."""
        counts: dict = {}
        for ref in self.ordered():
            n = counts.get(ref.prefix, 0)
            counts[ref.prefix] = n + 1
            ref.name = "#" + ref.prefix + (str(n) if n else "")

    def ordered(self) -> list[AliasRef]:
        return sorted(self.refs.values(), key=lambda r: (r.depth, r.prefix, r.index))

    def definitions(self, deferred: bool) -> str:
        return "".join(
            ref.name + " = " + join_parts(ref.parts) + "\n"
            for ref in self.ordered()
            if ref.deferred == deferred
        )


def join_parts(parts: list) -> str:
    """Output text with alias placeholders replaced by their names."""
    return "".join([p if p.__class__ is str else p.name for p in parts])
