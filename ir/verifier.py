"""The IR verifier, in MLIR's order so that the first error reported is MLIR's first error.

For each op (iteratively, no recursion): its own invariants (definition, traits, `verify_`),
then its blocks (terminators, successors) and nested ops; IsolatedFromAbove ops are verified
after their parent's body, each followed by a dominance check of its regions; region-level
checks (isolation, symbol tables and symbol uses) run when an op is left. Dominance uses op
order inside a block and a dominator tree across blocks of CFG regions.
"""

from __future__ import annotations

from mlc.ir.diagnostics import VerifyError
from mlc.ir.operation import UnregisteredOp
from mlc.ir.symbol_table import SymbolTable as SymbolTableIndex
from mlc.ir.traits import (
    GraphRegion,
    IsolatedFromAbove,
    NoTerminator,
    SymbolTable,
    Terminator,
)
from mlc.ir.values import BlockArgument, OpResult


def verify(op) -> None:
    """Raise `VerifyError` with MLIR's first diagnostic if `op` (recursively) is invalid."""
    _verify_op_and_dominance(op)


def _verify_op_and_dominance(top) -> None:
    _verify_operation(top)
    if top.regions:
        _verify_dominance(top, _Dominance())


def _verify_operation(top) -> None:
    """Pre-order walk: each op's invariants, then its blocks and ops, then its region checks
    (MLIR's verifyOnEntrance/verifyOnExit); IsolatedFromAbove ops are left to `_on_exit`."""
    _on_entrance(top)
    if not top.regions:
        return
    stack = [(top, _nested_ops(top))]
    while stack:
        owner, ops = stack[-1]
        op = next(ops, None)
        if op is None:
            stack.pop()
            _on_exit(owner)
            continue
        _on_entrance(op)
        if op.regions:
            stack.append((op, _nested_ops(op)))


def _nested_ops(owner):
    """Verify each block of `owner` as it is reached and yield its non-isolated ops."""
    for region in owner.regions:
        for block in region.blocks:
            _verify_block(block)
            op = block.first_op
            while op is not None:
                if not (op.regions and op.has_trait(IsolatedFromAbove)):
                    yield op
                op = op._next


def _on_entrance(op) -> None:
    definition = op.definition
    if definition is not None:
        definition.verify(op)
        for trait in op.checked_traits:
            trait.verify(op)
        if op.has_custom_verify:
            op.verify_()
    if not op.regions:
        return
    graph = op.has_trait(GraphRegion)
    for i, region in enumerate(op.regions):
        if graph and definition is not None and len(region.blocks) > 1:
            raise op.emit_error(f"expects graph region #{i} to have 0 or 1 blocks")
        if region.blocks and region.blocks[0].has_uses():
            raise VerifyError("entry block of region may not have predecessors", op.location, op)


def _on_exit(op) -> None:
    for region in op.regions:
        for block in region.blocks:
            child = block.first_op
            while child is not None:  # hot path: every op of every block
                if child.regions and child.has_trait(IsolatedFromAbove):
                    _verify_op_and_dominance(child)
                child = child._next
    if op.definition is None:
        return
    if op.has_trait(SymbolTable):
        _verify_symbol_uses(op)


def _may_lack_terminator(block) -> bool:
    region = block.parent
    if region is None:
        return True
    if len(region.blocks) != 1:
        return False
    parent = region.parent
    return parent is None or isinstance(parent, UnregisteredOp) or parent.has_trait(NoTerminator)


def _verify_block(block) -> None:
    if block.first_op is None:
        if _may_lack_terminator(block):
            return
        owner = block.parent.parent
        raise VerifyError(
            "empty block: expect at least a terminator", owner.location if owner else None, owner
        )
    last = block.last_op
    op = block.first_op
    while op is not last:  # hot path: every op of every block
        if op._successors:
            raise VerifyError(
                "operation with block successors must terminate its parent block", op.location, op
            )
        op = op._next
    for succ in last.successors:
        if succ.parent is not block.parent:
            raise VerifyError("branching to block of a different region", last.location, last)
    if _may_lack_terminator(block):
        return
    if not isinstance(last, UnregisteredOp) and not last.has_trait(Terminator):
        from mlc.ir.syntax.printer import print_operation

        text = print_operation(last, local_scope=True).rstrip("\n")
        raise VerifyError(f"block with no terminator, has {text}", last.location, last)


def _verify_isolation(isolated) -> None:
    for region in isolated.regions:
        for op in _ops_in(region):
            parent = op.parent
            for use in op._operands:
                value = use.value
                block = value.parent_block()
                if block is parent:
                    continue
                value_region = block.parent if block is not None else None
                if value_region is None:
                    raise VerifyError("operation's operand is unlinked", op.location, op)
                if not region.is_ancestor_of(value_region):
                    err = op.emit_error("using value defined outside the region")
                    raise err.attach_note(
                        "required by region isolation constraints", isolated.location
                    )


def _ops_in(region):
    for block in region.blocks:
        for op in block.ops:
            yield op
            yield from op.iter_nested()


class SymbolTableCollection:
    """Symbol tables built once per table op during verification (MLIR's namesake)."""

    def __init__(self) -> None:
        self.tables: dict = {}

    def table(self, op) -> SymbolTableIndex:
        table = self.tables.get(op)
        if table is None:
            table = self.tables[op] = SymbolTableIndex(op)
        return table

    def lookup_nearest(self, from_op, ref):
        op = from_op.parent_op
        while op is not None and not op.has_trait(SymbolTable):
            op = op.parent_op
        if op is None:
            return None
        found = self.table(op).lookup(ref.root)
        for nested in ref.nested:
            if found is None or not found.regions or not found.has_trait(SymbolTable):
                return None
            found = self.table(found).lookup(nested)
        return found


def _verify_symbol_uses(table_op) -> None:
    tables = SymbolTableCollection()
    stack = [iter(table_op.regions)]
    while stack:
        region = next(stack[-1], None)
        if region is None:
            stack.pop()
            continue
        for block in region.blocks:
            for op in block.ops:
                hook = getattr(op, "verify_symbol_uses", None)
                if hook is not None:
                    hook(tables)
                if op.regions and not op.has_trait(SymbolTable):
                    stack.append(iter(op.regions))


# --- dominance -------------------------------------------------------------------------------
class _Dominance:
    """Dominator trees of CFG regions, computed on demand."""

    def __init__(self) -> None:
        self.idoms: dict = {}

    def idom(self, region) -> dict:
        tree = self.idoms.get(region)
        if tree is None:
            tree = self.idoms[region] = immediate_dominators(region.blocks[0],
                                                             lambda b: b.successors)  # fmt: skip
        return tree

    def reachable(self, block) -> bool:
        region = block.parent
        if len(region.blocks) == 1:
            return True
        return block in self.idom(region)

    def block_dominates(self, a, b) -> bool:
        """Block `a` dominates block `b` (same region)."""
        if a is b:
            return True
        tree = self.idom(a.parent)
        if b not in tree:
            return True  # unreachable blocks are dominated by everything, as in MLIR
        while True:
            parent = tree[b]
            if parent is b:
                return False
            if parent is a:
                return True
            b = parent


def immediate_dominators(entry, successors) -> dict:
    """Each node reachable from `entry` (following `successors(node)`) mapped to its
    immediate dominator, `entry` to itself: Cooper, Harvey and Kennedy's iterative algorithm
    over reverse postorder ("A Simple, Fast Dominance Algorithm"), as networkx's
    `immediate_dominators`, which took a quarter of a second to import."""
    postorder, seen = [], {entry}
    stack = [(entry, iter(successors(entry)))]
    while stack:
        node, pending = stack[-1]
        for succ in pending:
            if succ not in seen:
                seen.add(succ)
                stack.append((succ, iter(successors(succ))))
                break
        else:
            stack.pop()
            postorder.append(node)
    number = {node: i for i, node in enumerate(postorder)}
    preds: dict = {node: [] for node in postorder}
    for node in postorder:
        for succ in successors(node):
            preds[succ].append(node)
    idom = {entry: entry}

    def intersect(a, b):
        while a != b:
            while number[a] < number[b]:
                a = idom[a]
            while number[b] < number[a]:
                b = idom[b]
        return a

    changed = True
    while changed:
        changed = False
        for node in reversed(postorder[:-1]):  # reverse postorder without the entry
            new = None
            for pred in preds[node]:
                if pred in idom:
                    new = pred if new is None else intersect(pred, new)
            if idom.get(node) != new:
                idom[node] = new
                changed = True
    return idom


def _ssa_dominance(region) -> bool:
    """Whether values must dominate uses in `region`: not in graph regions, nor in regions of
    unregistered ops, which may be graph regions (MLIR's `mayBeGraphRegion`)."""
    parent = region.parent
    return parent is None or (parent.definition is not None and not parent.has_trait(GraphRegion))


def _ancestor_in_region(region, op):
    while op is not None:
        block = op.parent
        if block is None:
            return None
        if block.parent is region:
            return op
        op = block.parent.parent if block.parent is not None else None
    return None


def _properly_dominates(dom: _Dominance, value, user) -> bool:
    if isinstance(value, BlockArgument):
        owner = value.block
        region = owner.parent
        if region is None:
            return False
        ancestor = _ancestor_in_region(region, user)
        if ancestor is None:
            return False
        block = ancestor.parent
        return block is owner or not _ssa_dominance(region) or dom.block_dominates(owner, block)
    a = value.op
    a_block = a.parent
    if a_block is None:
        return False
    region = a_block.parent
    if a is user:
        return not _ssa_dominance(region)
    b = user
    if user.parent.parent is not region:
        b = _ancestor_in_region(region, user)
        if b is None:
            return False
        if a is b:
            return False
    b_block = b.parent
    if a_block is b_block:
        return not _ssa_dominance(region) or a.is_before_in_block(b)
    return not _ssa_dominance(region) or dom.block_dominates(a_block, b_block)


def _defined_inside(top, value) -> bool:
    """Whether `value` is defined in a region of `top` (at any depth)."""
    block = value.parent_block()
    while block is not None:
        region = block.parent
        if region is None:
            return False
        owner = region.parent
        if owner is top:
            return True
        if owner is None:
            return False
        block = owner.parent
    return False


def _verify_dominance(top, dom: _Dominance) -> None:
    """Operands dominate their uses; in IsolatedFromAbove ops, operands are also checked to
    be defined inside (MLIR checks that earlier, as a region invariant: the first failure
    here reruns that check so the error is MLIR's)."""
    isolated = top.has_trait(IsolatedFromAbove) and top.definition is not None
    stack = [iter(top.regions)]
    while stack:
        region = next(stack[-1], None)
        if region is None:
            stack.pop()
            continue
        ssa = _ssa_dominance(region)
        for block in region.blocks:
            reachable = dom.reachable(block) if ssa else True
            if not block._order_valid:
                block.recompute_order()
            op = block.first_op
            while op is not None:
                if reachable:
                    order = op._order
                    for i, use in enumerate(op._operands):
                        value = use.value
                        if value.__class__ is OpResult:  # fast path: defined earlier in the block
                            d = value.op
                            if d.parent is block and (not ssa or d._order < order):
                                continue
                        if isolated and not _defined_inside(top, value):
                            _verify_isolation(top)
                        if not _properly_dominates(dom, value, op):
                            if isolated:  # MLIR reports isolation before dominance
                                _verify_isolation(top)
                            raise _dominance_error(op, i)
                if op.regions and not op.has_trait(IsolatedFromAbove):
                    stack.append(iter(op.regions))
                op = op._next


def _dominance_error(op, index: int) -> VerifyError:
    err = VerifyError(f"operand #{index} does not dominate this use", op.location, op)
    value = op.operand(index)
    user_block = op.parent
    user_region = user_block.parent
    if not isinstance(value, BlockArgument):
        def_op = value.op
        def_region = def_op.parent.parent
        if def_op.parent is user_block:
            where = " (op in the same block)"
        elif def_region is user_region:
            where = " (op in the same region)"
        elif def_region is not user_region and def_region.is_ancestor_of(user_region):
            where = " (op in a parent region)"
        elif user_region.is_ancestor_of(def_region):
            where = " (op in a child region)"
        else:
            where = " (op is neither in a parent nor in a child region)"
        return err.attach_note("operand defined here" + where, def_op.location)
    owner = value.block
    region = owner.parent
    parent_op = owner.parent_op
    index_in_region = region.blocks.index(owner)
    if region is user_region:
        where = " in the same region)"
    elif region.is_ancestor_of(user_region):
        where = " in a parent region)"
    elif user_region.is_ancestor_of(region):
        where = " in a child region)"
    else:
        where = " neither in a parent nor in a child region)"
    return err.attach_note(
        f"operand defined as a block argument (block #{index_in_region}{where}",
        parent_op.location if parent_op is not None else None,
    )
