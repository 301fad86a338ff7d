"""The pass registry: passes and named pipelines by their pipeline argument, as MLIR's
`PassRegistry`. In-tree passes register themselves when their module is imported.

The modules listed in `BUILTIN_PASS_MODULES` are imported in order, on demand: a lookup
imports them until the name it wants is registered, so `mlc-opt -p canonicalize,cse` does
not pay for importing the graph, relay and LLVM passes (a quarter of a second); listing
every pass imports them all. The order is the list's, so that a pass module may rely on
the modules listed before it having registered theirs."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from mlc.passes.pass_base import Pass

# Modules whose import registers mlc's own passes (append a module when adding a pass;
# the passes most often run alone come first, since a lookup imports up to its module).
BUILTIN_PASS_MODULES = (
    "mlc.passes.symbol_dce",
    "mlc.passes.dce",
    "mlc.passes.cse",
    "mlc.passes.canonicalize",
    "mlc.passes.licm",
    "mlc.passes.inline",
    "mlc.passes.sccp",
    "mlc.passes.reconcile_unrealized_casts",
    "mlc.passes.to_llvm.arith_to_llvm",
    "mlc.passes.to_llvm.math_to_llvm",
    "mlc.passes.to_llvm.func_to_llvm",
    "mlc.passes.to_llvm.memref_to_llvm",
    "mlc.passes.to_llvm.cf_to_llvm",
    "mlc.passes.to_llvm.vector_to_llvm",
    "mlc.passes.scf_to_cf",
    "mlc.passes.graph_transforms",
    "mlc.passes.graph_legalize",
    "mlc.passes.fuse_generics",
    "mlc.passes.fuse_kernels",
    "mlc.passes.bufferize",
    "mlc.passes.memory_plan",
    "mlc.passes.arith_expand",
    "mlc.passes.emulate_floats",
    "mlc.passes.pipelines",
    "mlc.passes.expand_strided_metadata",
    "mlc.passes.lower_affine",
    "mlc.passes.scf_to_gomp",
    "mlc.passes.tensor_to_loops",
    "mlc.passes.tensor_schedule",
    "mlc.passes.tensor_interchange",
    "mlc.passes.math_polynomial_approximation",
    "mlc.passes.math_to_libm",
    "mlc.passes.math_to_funcs",
    "mlc.passes.relay_graph.relay_to_graph",
    "mlc.passes.relay_graph.graph_to_relay",
)

_passes: dict[str, type[Pass]] = {}
_pipelines: dict[str, PipelineInfo] = {}
_imported = 0  # how many of BUILTIN_PASS_MODULES are imported


@dataclass(frozen=True)
class PipelineInfo:
    """A named pipeline: `text` is a comma list of pipeline elements that replaces the name."""

    name: str
    text: str
    summary: str


def register_pass(cls: type[Pass]) -> type[Pass]:
    """Class decorator: make `cls` available by its `name` in pipelines and `mlc-opt`."""
    if not cls.name:
        raise ValueError(f"pass class {cls.__name__} has no 'name'")
    if cls.name in _pipelines or _passes.get(cls.name, cls) is not cls:
        raise ValueError(f"a pass or pipeline named '{cls.name}' is already registered")
    _passes[cls.name] = cls
    return cls


def register_pipeline(name: str, text: str, summary: str) -> None:
    """Register `name` as shorthand for the pipeline elements `text` (e.g. `"cse,dce"`)."""
    if name in _passes or name in _pipelines:
        raise ValueError(f"a pass or pipeline named '{name}' is already registered")
    _pipelines[name] = PipelineInfo(name, text, summary)


def _load_builtin(until: str | None = None) -> None:
    """Import the builtin pass modules in order, stopping once `until` names a registered
    pass or pipeline (None: import them all)."""
    global _imported
    while _imported < len(BUILTIN_PASS_MODULES):
        if until is not None and (until in _passes or until in _pipelines):
            return
        module = BUILTIN_PASS_MODULES[_imported]
        _imported += 1
        importlib.import_module(module)


def lookup_pass(name: str) -> type[Pass] | None:
    """The pass named `name`: in-tree, or from an installed pass plugin (the `mlc.passes`
    entry-point group, imported on the first miss)."""
    _load_builtin(name)
    found = _passes.get(name)
    if found is None and load_pass_plugins():
        found = _passes.get(name)
    return found


PASS_GROUP = "mlc.passes"
_plugins_loaded: set[str] = set()


def load_pass_plugin(name: str) -> None:
    """Import installed pass plugin `name`, whose import registers its passes (raises
    `PluginError` for a missing, broken or incompatible plugin)."""
    from mlc.dialects.plugins import load_entry_point

    if name not in _plugins_loaded:
        load_entry_point(PASS_GROUP, name, "pass")
        _plugins_loaded.add(name)


def load_pass_plugins() -> bool:
    """Import every installed pass plugin not imported yet; whether any was. A broken one
    is reported (`PluginError`) when a pass name is looked up that only a plugin could
    provide, which is when it matters."""
    from mlc.dialects.plugins import entry_points

    pending = [n for n in entry_points(PASS_GROUP) if n not in _plugins_loaded]
    for name in pending:
        load_pass_plugin(name)
    return bool(pending)


def lookup_pipeline(name: str) -> PipelineInfo | None:
    _load_builtin(name)
    return _pipelines.get(name)


def registered_passes() -> list[type[Pass]]:
    """Every registered pass, sorted by name."""
    _load_builtin()
    return [_passes[n] for n in sorted(_passes)]


def registered_pipelines() -> list[PipelineInfo]:
    _load_builtin()
    return [_pipelines[n] for n in sorted(_pipelines)]
