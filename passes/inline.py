"""`inline`: inline calls bottom-up over the call graph's SCCs, as MLIR's `InlinerPass` and
`Inliner` (Transforms/InlinerPass.cpp, Transforms/Utils/Inliner.cpp in MLIR 19).

For each SCC, callees before callers, up to `max-iterations` times: run the simplification
pipeline on its callables (`default-pipeline`, or the `op-pipelines` entry for the
callable's op name), then try to inline every call they make, and the calls that inlining
brings in. A call is inlined when its callee resolves to a callable with a body, the callee
does not call itself, is not an ancestor of the call, has one block or lands in a region
that may hold several, passes the size threshold, and every dialect involved says it is
legal (`passes/inlining.py`). Calls brought in by inlining a callee are never inlined into
a body that already came from that callee (MLIR's inline history), which bounds inlining
across recursive SCCs. The last call to a discardable (private) callee moves its body
instead of copying it; callees left with no use are erased at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlc.ir.attributes import SymbolRefAttr
from mlc.ir.block import Block, Region
from mlc.ir.effects import is_memory_effect_free
from mlc.ir.operation import Operation
from mlc.ir.traits import (
    CallOpInterface,
    IsolatedFromAbove,
    SingleBlock,
    Symbol,
    SymbolTable,
    Terminator,
    get_trait,
)
from mlc.passes.call_graph import (
    CallGraph,
    callable_region,
    is_external,
    symbol_uses,
    table_ops,
    walk_symbol_tables,
)
from mlc.passes.inlining import inline_call
from mlc.passes.pass_base import Pass
from mlc.passes.pass_manager import PassManager
from mlc.passes.pipeline import parse_pass_list, parse_pipeline
from mlc.passes.registry import register_pass
from mlc.passes.symbol_dce import visibility

_UNLIMITED = 2**32 - 1  # MLIR's `-1U`: the default inlining threshold


class CallGraphUseList:
    """How often each discardable callable is still referenced, to tell when a callee
    becomes dead or has one use left (MLIR's `CGUseList`). References are counted per user
    node: `inner` counts references from nested ops, `top_level` the referenced nodes named
    in the callable op's own attributes (each once). An op that may be an unknown symbol
    table is walked into, so that what it references stays (MLIR asserts instead)."""

    def __init__(self, top: Operation, cg: CallGraph) -> None:
        self.cg = cg
        self.discardable_uses: dict[Region, int] = {}
        self.top_level: dict[Region, set] = {}
        self.inner: dict[Region, dict[Region, int]] = {}
        always_live: set[Region] = set()
        for table, _ in walk_symbol_tables(top, top.parent is None):
            for op in table_ops(table):
                node = self._node_of(op)
                if node is not None:
                    # `SymbolOpInterface::canDiscardOnUseEmpty`: private symbols only.
                    if op.has_trait(Symbol) and visibility(op) == "private":
                        self.discardable_uses.setdefault(node, 0)
                    continue
                always_live.update(target for _, target in self._referenced_nodes(op))
        for node in always_live:
            self.discardable_uses.pop(node, None)
        for node in list(cg.graph):
            if not is_external(node):
                self.recompute_uses(node)

    def _node_of(self, op: Operation) -> Region | None:
        region = callable_region(op)
        return self.cg.lookup_node(region) if region is not None else None

    def _referenced_nodes(self, op: Operation) -> list[tuple[Operation, Region]]:
        """(user, node) for each reference in `op` that resolves to a call graph node,
        resolved from `op`'s symbol table (MLIR's `walkReferencedSymbolNodes`)."""
        found, resolved = [], {}
        for user, ref in symbol_uses(op, enter_unknown_tables=True):
            if ref not in resolved:
                symbol = self.cg.symbol_tables.lookup_nearest(op, ref)
                resolved[ref] = self._node_of(symbol) if symbol is not None else None
            node = resolved[ref]
            if node is not None:
                found.append((user, node))
        return found

    def recompute_uses(self, node: Region) -> None:
        """Count again the references held by `node`'s callable op."""
        self._drop(node)
        top_level, inner = set(), {}
        self.top_level[node], self.inner[node] = top_level, inner
        owner = node.parent
        for user, target in self._referenced_nodes(owner):
            if target not in self.discardable_uses:
                continue
            if user is not owner:
                inner[target] = inner.get(target, 0) + 1
            elif target in top_level:
                continue
            else:
                top_level.add(target)
            self.discardable_uses[target] += 1

    def drop_call_uses(self, user_node: Region, call: Operation) -> None:
        """Forget the references held by `call`, about to be erased, in `user_node`."""
        refs = self.inner.setdefault(user_node, {})
        for _, target in self._referenced_nodes(call):
            if target in refs:
                refs[target] -= 1
                self._add(target, -1)

    def merge_uses_after_inlining(self, callee: Region, caller: Region) -> None:
        """`caller` now holds a copy of `callee`'s body, and of its references."""
        caller_refs = self.inner.setdefault(caller, {})
        for target, count in self.inner.get(callee, {}).items():
            caller_refs[target] = caller_refs.get(target, 0) + count
            self._add(target, count)

    def erase_node(self, node: Region) -> None:
        """`node` is gone (inlined in place): drop it and the references it and its nested
        callables held."""
        worklist = [node]
        while worklist:
            current = worklist.pop()
            worklist.extend(
                child for child, data in self.cg.graph[current].items() if data.get("child")
            )
            self._drop(current)
            self.top_level.pop(current, None)
            self.inner.pop(current, None)
            self.discardable_uses.pop(current, None)

    def is_dead(self, node: Region) -> bool:
        """No reference is left to `node`'s callable (for a callable that is no symbol: it
        has no effect and its results are unused)."""
        return self._uses_left(node) == 0

    def has_one_use_and_discardable(self, node: Region) -> bool:
        return self._uses_left(node) == 1

    def _uses_left(self, node: Region) -> int | None:
        """The discardable callable's references, or SSA uses; None if not discardable."""
        owner = node.parent
        if owner.has_trait(Symbol):
            return self.discardable_uses.get(node)
        if not is_memory_effect_free(owner):
            return None
        return sum(1 for result in owner.results for _ in result.uses)

    def _drop(self, node: Region) -> None:
        for target in self.top_level.get(node, ()):
            self._add(target, -1)
        for target, count in self.inner.get(node, {}).items():
            self._add(target, -count)

    def _add(self, target: Region, delta: int) -> None:
        if target in self.discardable_uses:
            self.discardable_uses[target] += delta


@dataclass
class ResolvedCall:
    """A call inside the callable `source` resolved to the callable `target`."""

    call: Operation
    source: Region
    target: Region
    history: int | None = None  # the inline history entry that brought the call in


def collect_calls(
    blocks: list[Block], source: Region, cg: CallGraph, out: list, enter_nested_nodes: bool
) -> None:
    """Append the calls in `blocks` (owned by `source`) that resolve to a node, in MLIR's
    `collectCallOps` order (a LIFO of blocks); nested callables are entered only when
    `enter_nested_nodes`, their calls then owned by them. Calls through nested symbol
    references are skipped, as in MLIR."""
    worklist = [(block, source) for block in blocks]
    while worklist:
        block, owner = worklist.pop()
        for op in block.ops:
            call = get_trait(op, CallOpInterface)
            if call is not None:
                callee = call.callable_for_callee(op)
                if isinstance(callee, SymbolRefAttr) and callee.nested:
                    continue
                target = cg.resolve_callable(op)
                if not is_external(target):
                    out.append(ResolvedCall(op, owner, target))
                continue
            for region in op.regions:
                nested = cg.lookup_node(region)
                if enter_nested_nodes or nested is None:
                    worklist.extend((b, nested or owner) for b in region.blocks)


class Inliner:
    """One run of the inliner over the callables nested in a symbol table op (MLIR's
    `Inliner` with its `Impl`)."""

    def __init__(self, top: Operation, options: Inline) -> None:
        self.options = options
        self.cg = CallGraph(top)
        self.uses = CallGraphUseList(top, self.cg)
        self.op_pipelines = options.parsed_op_pipelines()
        self.dead_nodes: dict[Region, None] = {}  # erased after all SCCs, in order

    def run(self) -> None:
        for scc in self.cg.post_order_sccs():
            self.inline_scc(scc)
        for node in self.dead_nodes:
            node.parent.erase()

    def inline_scc(self, scc: list) -> None:
        """Simplify, then inline, until nothing is inlined or the iteration limit is hit."""
        for _ in range(max(self.options.max_iterations, 1)):
            self.optimize_scc(scc)
            if not self.inline_calls_in_scc(scc):
                return

    # --- simplification ----------------------------------------------------------------
    def optimize_scc(self, scc: list) -> None:
        """Run each callable's pipeline on the SCC's callables that can take one (isolated
        from above, no nested callables: MLIR's `optimizeSCC`), then recount the uses of
        those that ran one."""
        visited = []
        for node in scc:
            if is_external(node) or self.cg.has_children(node):
                continue
            owner = node.parent
            if not owner.has_trait(IsolatedFromAbove):
                continue
            pipeline = self.pipeline_for(owner.name)
            if pipeline is not None:
                pipeline.run(owner)
                visited.append(node)
        for node in visited:
            self.uses.recompute_uses(node)

    def pipeline_for(self, op_name: str) -> PassManager | None:
        """The `op-pipelines` entry for `op_name`, else `default-pipeline` anchored on it
        (None when empty: MLIR's `optimizeCallable`)."""
        pipeline = self.op_pipelines.get(op_name)
        if pipeline is None and self.options.default_pipeline:
            pipeline = parse_pass_list(self.options.default_pipeline, anchor=op_name)
            self.op_pipelines[op_name] = pipeline
        return pipeline

    # --- inlining -------------------------------------------------------------------------
    def inline_calls_in_scc(self, scc: list) -> bool:
        """Inline what can be of the calls made by the SCC's callables and of the calls
        that inlining brings in; True if any call was inlined (MLIR's
        `inlineCallsInSCC`)."""
        calls: list[ResolvedCall] = []
        dead: dict[Region, None] = {}  # an ordered set
        for node in scc:
            if is_external(node):
                continue
            if self.uses.is_dead(node):
                dead[node] = None
            else:
                collect_calls(node.blocks, node, self.cg, calls, enter_nested_nodes=False)
        # (callee, parent entry) per inlining, so a new call knows which bodies it came from.
        history: list[tuple[Region, int | None]] = []
        inlined_any = False
        i = 0
        while i < len(calls):
            resolved = calls[i]
            i += 1
            if resolved.source in dead:
                continue
            if _in_history(resolved.target, resolved.history, history):
                continue
            if not self.should_inline(resolved):
                continue
            target = resolved.target
            in_place = self.uses.has_one_use_and_discardable(target)
            first_new = len(calls)

            def on_inlined_blocks(blocks, source=resolved.source):
                collect_calls(blocks, source, self.cg, calls, enter_nested_nodes=True)

            if not inline_call(
                resolved.call, target.parent, target, not in_place, on_inlined_blocks
            ):
                continue
            inlined_any = True
            history.append((target, resolved.history))
            for new_call in calls[first_new:]:
                new_call.history = len(history) - 1
            self.uses.drop_call_uses(resolved.source, resolved.call)
            self.uses.merge_uses_after_inlining(target, resolved.source)
            resolved.call.erase()
            if in_place:
                self.uses.erase_node(target)
                dead[target] = None
        for node in dead:
            if node in scc:
                scc.remove(node)
            self.dead_nodes[node] = None
        return inlined_any

    def should_inline(self, resolved: ResolvedCall) -> bool:
        """MLIR 19's `Inliner::Impl::shouldInline` and `isProfitableToInline`."""
        call, target = resolved.call, resolved.target
        if call.has_trait(Terminator):
            return False  # MLIR does not support inlining terminator calls
        if self.cg.calls_itself(target):
            return False
        if target.is_ancestor_of(call.parent.parent):
            return False  # recursion: the call is inside the callee
        if len(target.blocks) > 1 and not _holds_several_blocks(call.parent_op, target.parent):
            return False
        return self.is_profitable(resolved)

    def is_profitable(self, resolved: ResolvedCall) -> bool:
        """The callee's op count is at most `inlining-threshold` percent of the caller's."""
        threshold = self.options.inlining_threshold
        if threshold == 0:
            return False
        if threshold == _UNLIMITED:
            return True
        caller_ops = _count_ops(resolved.source)
        if caller_ops == 0:
            return True
        return _count_ops(resolved.target) * 100 // caller_ops <= threshold


def _in_history(node: Region, entry: int | None, history: list) -> bool:
    """Whether inlining `node` is already in the chain of inlinings that brought the call
    in (MLIR's `inlineHistoryIncludes`)."""
    while entry is not None:
        callee, entry_parent = history[entry]
        if callee is node:
            return True
        entry = entry_parent
    return False


def _holds_several_blocks(caller_parent: Operation, callee_op: Operation) -> bool:
    """Whether a multi-block callee may land in the caller's region: the same kind of op, or
    one that is not (or might not be, unregistered) single-block."""
    return caller_parent.name == callee_op.name or not caller_parent.might_have_trait(SingleBlock)


def _count_ops(region: Region) -> int:
    return sum(1 + sum(1 for _ in op.iter_nested()) for block in region.blocks for op in block.ops)


@register_pass
@dataclass(frozen=True)
class Inline(Pass):
    """Inlines calls bottom-up over the call graph, simplifying callables as it goes."""

    name = "inline"
    summary = "Inline function calls"

    default_pipeline: str = field(
        default="canonicalize",
        metadata={
            "help": "The optimizer pipeline used for callables that do not have a dedicated "
            "optimizer pipeline in opPipelineList"
        },
    )
    op_pipelines: tuple[str, ...] = field(
        default=(),
        metadata={
            "help": "Callable operation specific optimizer pipelines (in the form of "
            "`dialect.op(pipeline)`)"
        },
    )
    max_iterations: int = field(
        default=4, metadata={"help": "Maximum number of iterations when inlining within an SCC"}
    )
    inlining_threshold: int = field(
        default=_UNLIMITED,
        metadata={
            "help": "If the ratio between the number of the operations in the callee and the "
            "number of the operations in the caller exceeds this value (in percentage), then "
            "the callee is not inlined even if it is legal to inline it"
        },
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        self.parsed_op_pipelines()  # a malformed pipeline is an error of the pipeline text

    def parsed_op_pipelines(self) -> dict[str, PassManager]:
        """`op-pipelines` by anchor op name; empty pipelines are dropped, as in MLIR."""
        pipelines = {}
        for text in self.op_pipelines:
            manager = parse_pipeline(text)
            if manager.elements:
                pipelines.setdefault(manager.op_name, manager)
        return pipelines

    def run(self, op) -> None:
        if not op.has_trait(SymbolTable):
            raise op.emit_error(
                " was scheduled to run under the inliner, but does not define a symbol table"
            )
        Inliner(op, self).run()
