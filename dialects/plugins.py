"""Dialects from installed packages: the `mlc.dialects` entry-point group.

A package extends mlc without editing it by declaring, in its pyproject,

    [project.entry-points."mlc.dialects"]
    toy = "mlc_toy"             # a module (or object) with `DIALECT` and `MLC_PLUGIN_API`

The entry point's name is the dialect's namespace: a `Context` loads the plugin the first
time it meets a `toy.` op, type or attribute, as it loads in-tree dialects. A plugin may
also add ops, types and attributes to an existing dialect with `extend_dialect`; such a
plugin is loaded explicitly (`mlc-opt --load-dialect-plugin=NAME`, `load_dialect_plugin`).

`MLC_PLUGIN_API` is the plugin API version the package was written for; a plugin for
another version is refused with a message saying both versions, rather than failing in
some later, less clear way.
"""

from __future__ import annotations

import functools

from mlc.ir.diagnostics import DiagnosticError

PLUGIN_API_VERSION = 1
DIALECT_GROUP = "mlc.dialects"


class PluginError(DiagnosticError):
    """A plugin that is missing, broken or built for another mlc: the message says which
    (a diagnostic, so tools report it as they report bad input)."""


@functools.cache
def entry_points(group: str) -> dict:
    """Name -> entry point of the installed plugins of `group` (read once per process;
    `importlib.metadata` is imported only then: it costs start-up time)."""
    from importlib import metadata

    return {ep.name: ep for ep in metadata.entry_points(group=group)}


def load_entry_point(group: str, name: str, kind: str):
    """The object plugin `name` of `group` points at, imported and checked for the API."""
    ep = entry_points(group).get(name)
    if ep is None:
        installed = ", ".join(sorted(entry_points(group))) or "none"
        raise PluginError(f"no {kind} plugin named '{name}' is installed (installed: {installed})")
    try:
        obj = ep.load()
    except Exception as e:  # a broken package: say so, without its traceback
        raise PluginError(
            f"{kind} plugin '{name}' ({ep.value}) failed to load: {type(e).__name__}: {e}"
        ) from None
    version = getattr(obj, "MLC_PLUGIN_API", None)
    if version != PLUGIN_API_VERSION:
        raise PluginError(
            f"{kind} plugin '{name}' ({ep.value}) was written for mlc plugin API "
            f"{version if version is not None else '(undeclared)'}; this mlc provides "
            f"API {PLUGIN_API_VERSION}"
        )
    return obj


def load_dialect_plugin(name: str):
    """The `Dialect` of installed dialect plugin `name` (raises `PluginError`)."""
    obj = load_entry_point(DIALECT_GROUP, name, "dialect")
    dialect = getattr(obj, "DIALECT", None)
    if dialect is None:
        raise PluginError(f"dialect plugin '{name}' defines no DIALECT")
    return dialect


def find_dialect_plugin(name: str):
    """The loader of installed dialect plugin `name`, or None: the `Context`'s finder, so
    the installed packages are scanned (tens of milliseconds) only for a name that no
    in-tree dialect has."""
    if name not in entry_points(DIALECT_GROUP):
        return None
    return functools.partial(load_dialect_plugin, name)


def extend_dialect(dialect, ops=(), types=(), attributes=()) -> None:
    """Add ops, types and attributes to a loaded dialect (a plugin extending `arith`, say).
    Contexts created afterwards see them; load extending plugins before parsing."""
    dialect.ops.update({op.name: op for op in ops})
    dialect.types.update({t.mnemonic: t for t in types})
    dialect.attributes.update({a.mnemonic: a for a in attributes})
