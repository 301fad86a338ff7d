"""Context and dialects: which ops, attributes and types are known while parsing and
verifying. Dialects are registered by name with a loader and loaded on first use, as MLIR's
`DialectRegistry`; the core registers only `builtin` (see `mlc.Context` for the in-tree set).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


class Dialect:
    """A namespace of ops, attributes and types (`arith`, `func`, ...)."""

    def __init__(
        self,
        name: str,
        ops: Iterable[type] = (),
        attributes: Iterable[type] = (),
        types: Iterable[type] = (),
    ) -> None:
        self.name = name
        self.ops = {op.name: op for op in ops}
        self.attributes = {a.mnemonic: a for a in attributes}
        self.types = {t.mnemonic: t for t in types}

    def __repr__(self) -> str:
        return f"<Dialect {self.name}: {len(self.ops)} ops>"


class Context:
    """Loaded dialects and parsing policy. `allow_unregistered_dialects` keeps ops and
    attributes of unknown dialects in generic/opaque form instead of rejecting them."""

    def __init__(
        self,
        allow_unregistered_dialects: bool = False,
        registry: dict[str, Callable[[], Dialect]] | None = None,
        finder: Callable[[str], Callable[[], Dialect] | None] | None = None,
    ) -> None:
        """`registry` maps dialect names to loaders; `finder` is asked for the loader of a
        name the registry lacks (installed plugins, found only when needed)."""
        self.allow_unregistered_dialects = allow_unregistered_dialects
        self.finder = finder
        self.registry: dict[str, Callable[[], Dialect]] = {"builtin": _builtin_dialect}
        if registry:
            self.registry.update(registry)
        self.dialects: dict[str, Dialect] = {}
        self._ops: dict[str, type | None] = {}
        self.uniqued_types: dict = {}  # type -> the one instance parsers hand out
        self.resources: dict[str, dict[str, str]] = {}  # dialect -> handle -> blob text

    def register_dialect(self, name: str, loader: Callable[[], Dialect]) -> None:
        """Make dialect `name` loadable on demand."""
        self.registry[name] = loader

    def load_dialect(self, dialect: Dialect | str) -> Dialect:
        if isinstance(dialect, str):
            loaded = self.get_dialect(dialect)
            if loaded is None:
                raise KeyError(f"no dialect named '{dialect}' is registered")
            return loaded
        self.dialects[dialect.name] = dialect
        self._ops.clear()
        return dialect

    def get_dialect(self, name: str) -> Dialect | None:
        """The dialect `name`, loading it from the registry when needed."""
        dialect = self.dialects.get(name)
        if dialect is None:
            loader = self.registry.get(name)
            if loader is None and self.finder is not None:
                loader = self.finder(name)
            if loader is None:
                return None
            dialect = self.load_dialect(loader())
        return dialect

    def lookup_op(self, name: str) -> type | None:
        """The registered op class for `name`, or None. Cached: this is on the parser's path."""
        try:
            return self._ops[name]
        except KeyError:
            pass
        namespace, dot, _ = name.partition(".")
        # Op names are `dialect.op`: a bare name (custom syntax `module`) is no dialect's,
        # so no plugin is searched for it.
        dialect = self.get_dialect(namespace) if dot else None
        cls = dialect.ops.get(name) if dialect is not None else None
        self._ops[name] = cls
        return cls

    def loaded_op_names(self) -> list[str]:
        return sorted(n for d in self.dialects.values() for n in d.ops)


def _builtin_dialect() -> Dialect:
    from mlc.ir.builtin_ops import BUILTIN_DIALECT

    return BUILTIN_DIALECT
