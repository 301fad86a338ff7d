"""Source locations, as MLIR's LocationAttr family; printed inside `loc(...)`."""

from __future__ import annotations

from mlc.ir.attributes import Attribute, escape_string, frozen


class Location(Attribute):
    """Base of all locations."""

    __slots__ = ()
    alias_prefix = "loc"  # used as attribute values, locations print as `#loc` aliases

    def print_to(self, p) -> None:
        p.write("loc(")
        self.print_body(p)
        p.write(")")

    def print_body(self, p) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def file_line_col(self) -> FileLineColLoc | None:
        """The first file:line:col position inside this location, for diagnostics."""
        return None


@frozen
class UnknownLoc(Location):
    """`loc(unknown)`."""

    def print_body(self, p) -> None:
        p.write("unknown")

    def __repr__(self) -> str:
        return "loc(unknown)"


@frozen
class FileLineColLoc(Location):
    """`loc("file":line:col)`."""

    filename: str
    line: int
    column: int

    def print_body(self, p) -> None:  # an empty file name prints as "-", as in mlir-opt
        p.write(f"{escape_string(self.filename or '-')}:{self.line}:{self.column}")

    def file_line_col(self) -> FileLineColLoc:
        return self

    def __repr__(self) -> str:
        return f"loc({self.filename}:{self.line}:{self.column})"


@frozen
class NameLoc(Location):
    """`loc("name"(child))`; the child is omitted when unknown."""

    name: str
    child: Location = UnknownLoc()

    def print_body(self, p) -> None:
        p.write(escape_string(self.name))
        if not isinstance(self.child, UnknownLoc):
            p.write("(")
            p.print_location_body(self.child)
            p.write(")")

    def file_line_col(self) -> FileLineColLoc | None:
        return self.child.file_line_col()

    def __repr__(self) -> str:
        return f"loc({self.name!r}({self.child!r}))"


@frozen
class CallSiteLoc(Location):
    """`loc(callsite(callee at caller))`."""

    callee: Location
    caller: Location

    def print_body(self, p) -> None:
        p.write("callsite(")
        p.print_location_body(self.callee)
        p.write(" at ")
        p.print_location_body(self.caller)
        p.write(")")

    def file_line_col(self) -> FileLineColLoc | None:
        return self.callee.file_line_col() or self.caller.file_line_col()

    def __repr__(self) -> str:
        return f"loc(callsite({self.callee!r} at {self.caller!r}))"


@frozen
class FusedLoc(Location):
    """`loc(fused<metadata>[a, b])`."""

    locations: tuple
    metadata: Attribute | None = None

    @staticmethod
    def get(locations, metadata: Attribute | None = None) -> Location:
        """MLIR's `FusedLoc::get`: flattens fused locations with the same metadata, drops
        unknown and repeated ones, and folds zero or one location away."""
        unique: dict = {}
        for loc in locations:
            if isinstance(loc, FusedLoc) and loc.metadata == metadata:
                unique.update(dict.fromkeys(loc.locations))
            elif not isinstance(loc, UnknownLoc):
                unique[loc] = None
        kept = tuple(unique)
        if not kept:
            return UNKNOWN_LOC if metadata is None else FusedLoc((UNKNOWN_LOC,), metadata)
        if len(kept) == 1 and metadata is None:
            return kept[0]
        return FusedLoc(kept, metadata)

    def print_body(self, p) -> None:
        p.write("fused")
        if self.metadata is not None:
            p.write("<")
            p.print_attribute(self.metadata)
            p.write(">")
        p.write("[")
        for i, loc in enumerate(self.locations):
            if i:
                p.write(", ")
            p.print_location_body(loc)
        p.write("]")

    def file_line_col(self) -> FileLineColLoc | None:
        for loc in self.locations:
            found = loc.file_line_col()
            if found is not None:
                return found
        return None

    def __repr__(self) -> str:
        return f"loc(fused{list(self.locations)!r})"


UNKNOWN_LOC = UnknownLoc()
