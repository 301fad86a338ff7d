"""The call graph and the symbol-use queries it is built on (MLIR's `CallGraph`,
`SymbolTable::getSymbolUses` and `SymbolTable::walkSymbolTables`).

A node is the callable region of a `CallableOpInterface` op; declarations have none and are
not nodes. Edges, in MLIR's insertion order: the external caller node reaches every top-level
callable ("abstract" edges), a callable reaches the callables nested in it ("child" edges),
and a callable reaches what its calls resolve to ("call" edges: to a node, or to the unknown
callee node). The graph is a networkx `DiGraph` whose nodes are `Region`s plus the two
sentinel strings; `post_order_sccs` gives its strongly connected components bottom-up in the
order of LLVM's `scc_iterator`, which the inliner's results depend on.
"""

from __future__ import annotations

import functools

from mlc.ir.block import Region
from mlc.ir.operation import Operation
from mlc.ir.traits import CallableOpInterface, CallOpInterface, Symbol, SymbolTable, get_trait
from mlc.ir.verifier import SymbolTableCollection
from mlc.passes.symbol_dce import (
    is_potentially_unknown_symbol_table,
    symbol_refs,
    visibility,
)

EXTERNAL_CALLER = "<External-Caller-Node>"
UNKNOWN_CALLEE = "<Unknown-Callee-Node>"


@functools.lru_cache(maxsize=8192)
def _refs_in(attr) -> tuple:
    """`symbol_refs(attr)`, cached: attributes are immutable values that repeat across ops
    (overflow flags, small constants, types), and walking them dominates symbol-use walks."""
    return tuple(symbol_refs(attr))


def symbol_uses(scope: Operation | Region, enter_unknown_tables: bool = False) -> list | None:
    """Every (user, `SymbolRefAttr`) in `scope`, in program order, without entering symbol
    tables (their own attributes count): for an op, its attributes and, unless it is a symbol
    table, the ops nested in it; for a region, the ops in it (MLIR's
    `SymbolTable::getSymbolUses`). An op that may be an unknown symbol table makes the uses
    unknowable: the result is None, or with `enter_unknown_tables` the op is walked as any
    other, which counts what it references (conservative for liveness)."""
    uses = []
    if isinstance(scope, Region):
        worklist = [op for block in reversed(scope.blocks) for op in block.reversed_ops()]
    else:
        worklist = [scope]
    while worklist:
        current = worklist.pop()
        if not enter_unknown_tables and is_potentially_unknown_symbol_table(current):
            return None
        for attrs in (current.properties, current.attributes):
            for attr in attrs.values():
                uses.extend((current, ref) for ref in _refs_in(attr))
        if current.has_trait(SymbolTable):
            continue
        for region in reversed(current.regions):
            for block in reversed(region.blocks):
                worklist.extend(block.reversed_ops())
    return uses


def walk_symbol_tables(op: Operation, all_sym_uses_visible: bool) -> list[tuple[Operation, bool]]:
    """The symbol tables at or under `op`, nested ones before their parent, each with
    whether all uses of its symbols are visible: a table that is no symbol, or a private one,
    hides its symbols, as does any op that is no table (`SymbolTable::walkSymbolTables`).
    Iterative: deep IR does not recurse."""
    found = []
    stack: list[tuple[Operation, bool, bool]] = [(op, all_sym_uses_visible, False)]
    while stack:
        current, visible, finished = stack.pop()
        if finished:
            found.append((current, visible))
            continue
        if current.has_trait(SymbolTable):
            hidden = not current.has_trait(Symbol) or visibility(current) == "private"
            visible = visible or hidden
            stack.append((current, visible, True))
        else:
            visible = True
        for region in reversed(current.regions):
            for block in reversed(region.blocks):
                stack.extend((nested, visible, False) for nested in block.reversed_ops())
    return found


def table_ops(table: Operation):
    """The ops directly in a symbol table's region: its symbols and the ops beside them."""
    return (op for block in table.regions[0].blocks for op in block.ops)


def callable_region(op: Operation) -> Region | None:
    """The body of a callable op, or None for other ops and declarations."""
    callable_ = get_trait(op, CallableOpInterface)
    return callable_.callable_region(op) if callable_ is not None else None


class CallGraph:
    """MLIR's `CallGraph` of the callables nested in an op (see the module docstring)."""

    def __init__(self, op: Operation) -> None:
        import networkx as nx  # on first use: slow to load, and every mlc-opt run loads passes

        self.graph = nx.DiGraph()
        self.graph.add_node(EXTERNAL_CALLER)
        self.symbol_tables = SymbolTableCollection()
        # Two walks, as MLIR: every node exists before calls are resolved to nodes.
        self._compute(op, resolve_calls=False)
        self._compute(op, resolve_calls=True)

    def _compute(self, top: Operation, resolve_calls: bool) -> None:
        """MLIR's `computeCallGraph`, iterative: a pre-order walk that tracks the enclosing
        node, adds nodes for callables and edges for calls, and does not enter calls."""
        stack: list[tuple[Operation, Region | None]] = [(top, None)]
        while stack:
            op, parent = stack.pop()
            if op.has_trait(CallOpInterface):
                if resolve_calls and parent is not None:
                    self.graph.add_edge(parent, self.resolve_callable(op))
                continue
            if op.has_trait(CallableOpInterface):
                region = callable_region(op)
                if region is None:
                    continue
                parent = self._get_or_add_node(region, parent)
            for region in reversed(op.regions):
                for block in reversed(region.blocks):
                    stack.extend((nested, parent) for nested in block.reversed_ops())

    def _get_or_add_node(self, region: Region, parent: Region | None) -> Region:
        if region not in self.graph:
            if parent is not None:
                self.graph.add_edge(parent, region, child=True)
            else:
                self.graph.add_edge(EXTERNAL_CALLER, region)
        return region

    def lookup_node(self, region: Region) -> Region | None:
        return region if region in self.graph else None

    def resolve_callable(self, call: Operation) -> Region | str:
        """The node `call` calls, or `UNKNOWN_CALLEE` (MLIR's `resolveCallable`)."""
        callee = get_trait(call, CallOpInterface).resolve_callable(call, self.symbol_tables)
        region = callable_region(callee) if callee is not None else None
        return region if region is not None and region in self.graph else UNKNOWN_CALLEE

    def has_children(self, node: Region) -> bool:
        """Whether callables are nested in `node` (MLIR's `hasChildren`)."""
        return any(data.get("child", False) for data in self.graph[node].values())

    def calls_itself(self, node: Region) -> bool:
        return self.graph.has_edge(node, node)

    def post_order_sccs(self) -> list[list]:
        """The SCCs, callees before callers. Within one SCC the nodes come in reverse
        discovery order, as LLVM's `scc_iterator` pops them off its stack."""
        import networkx as nx  # see __init__

        discovery = {
            node: i for i, node in enumerate(nx.dfs_preorder_nodes(self.graph, EXTERNAL_CALLER))
        }
        return [
            sorted(scc, key=discovery.__getitem__, reverse=True)
            for scc in nx.strongly_connected_components(self.graph)
        ]


def is_external(node) -> bool:
    """The external caller and unknown callee nodes stand for code outside the graph."""
    return not isinstance(node, Region)
