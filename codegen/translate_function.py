"""Translation of one `llvm.func` body: blocks, block arguments as phis, and ops.

As MLIR's `ModuleTranslation::convertOneFunction`:
- A terminator that reaches one block several times with arguments gets a new block per
  extra edge, appended to the function, that branches on with the arguments (MLIR's
  `ensureDistinctSuccessors`, which mlir-translate runs first): a phi cannot tell two
  values apart that come from the same predecessor.
- Blocks keep their order; they are converted in dominance order (reverse post-order from
  each block not yet reached, `getBlocksSortedByDominance`) so that definitions come
  before uses. Every block but the entry turns its arguments into phis, whose incoming
  values are filled in once all blocks exist, one per predecessor edge in MLIR's use-list
  order (newest edge first), as `connectPHINodes` does.
- Each op goes through the rule registered for its class in `translate_ops.RULES`, with the
  builder's fast-math flags set from the op's `fastmathFlags`.
"""

from __future__ import annotations

from mlc.codegen.ir_builder import IRBuilder
from mlc.codegen.llvm_attributes import InvalidAttribute
from mlc.codegen.llvm_module import BasicBlock
from mlc.codegen.llvm_types import UnsupportedTypeError
from mlc.codegen.translate_constants import ConstantError
from mlc.codegen.translate_ops import RULES
from mlc.ir.diagnostics import DiagnosticError
from mlc.ir.values import Value


class TranslationError(DiagnosticError):
    """The module cannot be translated; located at the offending op."""


def unsupported_op(op) -> TranslationError:
    """The diagnostic for an op that has no LLVM IR translation."""
    if op.name == "builtin.unrealized_conversion_cast":
        return TranslationError(
            f"LLVM Translation failed for operation: {op.name}", op.location
        ).attach_note(
            "unrealized conversion casts must be resolved before translation (run the "
            "lowering to the llvm dialect to completion, then reconcile-unrealized-casts)",
            op.location,
        )
    return TranslationError(
        f"cannot be converted to LLVM IR: no LLVM IR translation for op: {op.name}", op.location
    )


class RuleContext:
    """What a rule sees: the builder, the module translation, the values converted so far,
    and the LLVM blocks of the current terminator's successor edges."""

    __slots__ = ("module", "builder", "values", "successors", "op")

    def __init__(self, module, builder: IRBuilder, values: dict) -> None:
        self.module = module
        self.builder = builder
        self.values = values
        self.successors: list[BasicBlock] = []
        self.op = None

    def lookup(self, value):
        """The LLVM value of an MLIR value (LLVM values pass through)."""
        if not isinstance(value, Value):
            return value
        try:
            return self.values[value]
        except KeyError:
            raise self.error("operand has no LLVM value yet (is the IR verified?)") from None

    def operands(self, op) -> list:
        return [self.lookup(v) for v in op.operands]

    def map(self, result, value) -> None:
        self.values[result] = value

    def constant(self, t, attr):
        return self.module.constant(t, attr, self.op.location)

    def convert_type(self, t):
        return self.module.convert_type(t, self.op.location)

    def error(self, message: str) -> TranslationError:
        return TranslationError(message, self.op.location)


def convert_op(module, builder: IRBuilder, values: dict, op, successors=()) -> None:
    """Translate `op` with its rule (used for function bodies and global initializers)."""
    cx = RuleContext(module, builder, values)
    cx.successors = list(successors)
    convert_in(cx, op)


def convert_in(cx: RuleContext, op) -> None:
    """Translate `op` with its rule, in a context that a block's ops share (hot path)."""
    rule = RULES.get(type(op))
    if rule is None:
        raise unsupported_op(op)
    cx.op = op
    builder = cx.builder
    for result in op.results:
        cx.convert_type(result.type)
    flags = op.properties.get("fastmathFlags")
    builder.fastmath = flags.flags if flags is not None else _NO_FLAGS
    try:
        rule(cx, op)
    except (ConstantError, InvalidAttribute, UnsupportedTypeError) as e:
        raise cx.error(str(e)) from None
    finally:
        builder.fastmath = _NO_FLAGS


_NO_FLAGS: frozenset = frozenset()


class _Node:
    """A block of the legalized CFG: an MLIR block, or a forwarding block added for a
    repeated successor (`block` None; its arguments are its phis)."""

    __slots__ = ("block", "llvm", "edges", "redirected", "args", "dummy_preds")

    def __init__(self, block) -> None:
        self.block = block
        self.llvm = BasicBlock()
        self.edges: list = []  # (target node, operand values) per successor
        self.redirected: set[int] = set()  # successor positions sent to a forwarding block
        self.args: list = []  # a forwarding block's phis
        self.dummy_preds: list = []  # forwarding blocks branching here, oldest first


class FunctionTranslation:
    """Translate one function definition into `function` (an `llvm_module.Function`)."""

    def __init__(self, module, op, function) -> None:
        self.module = module
        self.op = op
        self.function = function
        self.builder = IRBuilder(module.folder, module.layout)
        self.values: dict = {}

    def run(self) -> None:
        blocks = self.op.regions[0].blocks
        nodes = {b: _Node(b) for b in blocks}
        order = list(nodes.values())
        for node in order:
            terminator = node.block.last_op
            groups = (
                terminator.successor_groups()
                if terminator is not None and hasattr(terminator, "successor_groups")
                else []
            )
            node.edges = [(nodes[s], list(g)) for s, g in zip(node.block.successors, groups)]
        layout = order + self._distinct_successors(order)
        self.function.blocks = [n.llvm for n in layout]
        personality = self.op.properties.get("personality")
        if personality is not None:
            self.function.personality = self.module.symbol(personality.root, self.op.location)
        for arg, llvm_arg in zip(blocks[0].args, self.function.args):
            self.values[arg] = llvm_arg
        sorted_nodes = _sorted_by_dominance(layout)
        for node in sorted_nodes:
            self._convert_block(node, node is layout[0])
        for node in layout[1:]:
            self._connect_phis(node, nodes)
        for node in reversed(sorted_nodes):
            for target, _ in node.edges:
                target.llvm.preds.append(node.llvm)

    def _distinct_successors(self, nodes: list) -> list:
        """Forwarding blocks for repeated successors with arguments (appended in creation
        order, as `ensureDistinctSuccessors` appends them)."""
        added = []
        for node in nodes:
            positions: dict = {}
            for i, (target, _) in enumerate(node.edges):
                if target.block.args:
                    positions.setdefault(target, []).append(i)
            for target, seen in positions.items():
                for position in seen[1:]:
                    dummy = _Node(None)
                    dummy.edges = [(target, dummy.args)]
                    node.edges[position] = (dummy, node.edges[position][1])
                    node.redirected.add(position)
                    target.dummy_preds.append(dummy)
                    added.append(dummy)
        return added

    def _convert_block(self, node: _Node, is_entry: bool) -> None:
        builder = self.builder
        builder.block = node.llvm
        if node.block is None:
            for arg in node.edges[0][0].block.args:
                node.args.append(builder.create_phi(arg.type))
            builder.create_br(node.edges[0][0].llvm)
            return
        if not is_entry:
            for arg in node.block.args:
                self.module.convert_type(arg.type, node.block.first_op.location)
                self.values[arg] = builder.create_phi(arg.type)
        cx = RuleContext(self.module, builder, self.values)
        cx.successors = [target.llvm for target, _ in node.edges]
        for op in node.block.ops:
            convert_in(cx, op)

    def _connect_phis(self, node: _Node, nodes: dict) -> None:
        """Incoming values per predecessor edge: forwarding blocks (newest first), then the
        uses of the block in MLIR's use-list order, minus the redirected ones."""
        edges = [(dummy, 0) for dummy in reversed(node.dummy_preds)]
        if node.block is not None:
            for use in node.block.uses:
                pred = nodes[use.owner.parent]
                if use.index not in pred.redirected:
                    edges.append((pred, use.index))
        else:
            edges = [(pred, i) for pred in nodes.values()
                     for i, (target, _) in enumerate(pred.edges) if target is node]  # fmt: skip
        phis = node.args if node.block is None else [self.values[a] for a in node.block.args]
        cx = RuleContext(self.module, self.builder, self.values)
        for index, phi in enumerate(phis):
            for pred, position in edges:
                value = cx.lookup(pred.edges[position][1][index])
                phi.incoming.append((value, pred.llvm))


def _sorted_by_dominance(nodes: list) -> list:
    """MLIR's `getBlocksSortedByDominance`: each block not reached yet starts a reverse
    post-order traversal (LLVM's `ReversePostOrderTraversal`) of the blocks it reaches."""
    placed: dict = {}
    for start in nodes:
        if start in placed:
            continue
        post, seen = [], {start}
        stack = [(start, iter(start.edges))]
        while stack:
            node, children = stack[-1]
            for child, _ in children:
                if child not in seen:
                    seen.add(child)
                    stack.append((child, iter(child.edges)))
                    break
            else:
                stack.pop()
                post.append(node)
        for node in reversed(post):
            placed.setdefault(node, None)
    return list(placed)
