"""In-tree dialects, loaded by name on first use (see `registry`)."""

from __future__ import annotations

import importlib

IN_TREE = (
    "builtin", "func", "arith", "math", "memref", "llvm", "cf", "scf", "vector", "graph",
    "relay", "affine", "tensor",
)  # fmt: skip

# A dialect's folder is its namespace, except the legacy Relay dialect's: its ops are
# `relay.*`, as Relay users know them, and its folder says that it is the legacy one.
FOLDERS = {"relay": "legacy_relay"}


def _loader(name: str):
    def load():
        return importlib.import_module(f"mlc.dialects.{FOLDERS.get(name, name)}").DIALECT

    return load


def registry() -> dict:
    """Name -> loader for every in-tree dialect, for `Context(registry=...)`; installed
    plugins are found by `plugins.find_dialect_plugin` when a name is not in it."""
    return {name: _loader(name) for name in IN_TREE}
