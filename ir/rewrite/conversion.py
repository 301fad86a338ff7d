"""Dialect conversion, as MLIR's `DialectConversion`: rewrite ops until a `ConversionTarget`
holds, or undo everything.

    target = ConversionTarget()
    target.add_legal_dialect("llvm")
    target.add_illegal_op(AddIOp)
    apply_full_conversion(module, target, [AddIToLLVM(type_converter=tc)])

The drivers visit the ops nested in the roots, the roots included, parents before children,
and *legalize* each: a legal op is left alone; an illegal one is folded, or rewritten by the
first pattern (best first, see below) whose rewrite legalizes in turn every op it created or
modified. A pattern that fails, or whose result cannot be legalized, is undone and the next is
tried; a pattern is not re-applied to ops it created itself while it is running, which stops
cycles. Every change goes through a `ConversionPatternRewriter` that logs it, so a conversion
that fails undoes all of it and raises a `DiagnosticError` at the op that could not be
legalized, with MLIR's wording; the IR then prints exactly as before.

- `apply_full_conversion`: every op must end up legal.
- `apply_partial_conversion`: ops the target does not mark illegal may stay unconverted.
- `apply_analysis_conversion`: the set of ops that could be legalized; the IR is left as is.

Pattern order is MLIR's cost model. With `generated_ops` (the op names a pattern may create),
the driver builds a legalization graph: a pattern whose created ops can never become legal is
dropped (unless some pattern matches any op, which makes the analysis impossible), and the
patterns of an op are tried by increasing *legalization depth* (how many rewrites it takes to
reach legal ops), then by decreasing benefit, then in the order given (MLIR leaves ties to a
hash order).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from mlc.ir.builder import InsertionPoint
from mlc.ir.diagnostics import DiagnosticError
from mlc.ir.gc_pause import gc_paused
from mlc.ir.opdef import OPTIONAL, SINGLE, OperandDef
from mlc.ir.operation import Operation
from mlc.ir.rewrite.conversion_rewriter import ConversionPatternRewriter
from mlc.ir.rewrite.conversion_target import ConversionTarget, LegalizationAction
from mlc.ir.rewrite.pattern import PatternSet, RewritePattern, _matches_root
from mlc.ir.rewrite.type_converter import TypeConverter


class ConversionPattern(RewritePattern):
    """A pattern of dialect conversion (MLIR's `ConversionPattern`):
    `match_and_rewrite(op, operands, rewriter)` receives `op`'s operands remapped to what
    replaces them so far, converted to legal types when the pattern has a `type_converter`.
    With `one_to_n`, each operand comes as the list of values it converted to (MLIR's
    `ArrayRef<ValueRange>` form); otherwise a 1:N converted operand is an error.
    `generated_ops` names the ops the rewrite may create, for the cost model."""

    type_converter: TypeConverter | None = None
    generated_ops: tuple = ()
    one_to_n: bool = False

    def __init__(
        self,
        root: type | str | None = None,
        benefit: int | None = None,
        type_converter: TypeConverter | None = None,
        generated_ops: Iterable | None = None,
    ) -> None:
        super().__init__(root, benefit)
        if type_converter is not None:
            self.type_converter = type_converter
        if generated_ops is not None:
            self.generated_ops = tuple(generated_ops)

    def match_and_rewrite(self, op: Operation, operands, rewriter) -> bool:
        """Rewrite `op` through `rewriter` (a `ConversionPatternRewriter`) and return True,
        or return False; changes made before returning False are undone."""
        raise NotImplementedError

    def adapt_operands(self, op: Operation, remapped: list[tuple]):
        """What `match_and_rewrite` receives as `operands`, from the remapped groups."""
        if self.one_to_n:
            return [list(group) for group in remapped]
        operands = []
        for group in remapped:
            if len(group) != 1:
                raise ValueError(f"pattern {self!r} does not support 1:N conversion")
            operands.append(group[0])
        return operands


_SINGLE_OPERANDS: dict[type, bool] = {}


def _only_single_operands(cls: type) -> bool:
    """Whether every operand group of op class `cls` is one operand; cached per class."""
    found = _SINGLE_OPERANDS.get(cls)
    if found is None:
        found = _SINGLE_OPERANDS[cls] = all(d.kind == SINGLE for d in cls.definition.operands)
    return found


class OpAdaptor:
    """Remapped operands under the op's operand names (MLIR's generated `OpAdaptor`):
    `adaptor.lhs`; `adaptor.operands` lists them all."""

    __slots__ = ("op", "operands")

    def __init__(self, op: Operation, operands: list) -> None:
        self.op = op
        self.operands = operands

    def __getattr__(self, name: str):
        op = self.op
        field = getattr(type(op), name, None)
        if not isinstance(field, OperandDef):
            raise AttributeError(f"'{op.name}' has no operand named '{name}'")
        if _only_single_operands(type(op)):  # hot path: the field's index is the position
            return self.operands[field.index]
        lo, hi = op.definition.operand_range(op, field.index)
        if field.kind == SINGLE:
            return self.operands[lo]
        values = self.operands[lo:hi]
        if field.kind == OPTIONAL:
            return values[0] if values else None
        return values

    def __repr__(self) -> str:
        return f"<OpAdaptor of {self.op.name}: {self.operands!r}>"


class OpConversionPattern(ConversionPattern):
    """A `ConversionPattern` whose `match_and_rewrite(op, adaptor, rewriter)` receives an
    `OpAdaptor` (MLIR's `OpConversionPattern<SourceOp>`); `root` is the op class."""

    def adapt_operands(self, op: Operation, remapped: list[tuple]) -> OpAdaptor:
        return OpAdaptor(op, super().adapt_operands(op, remapped))


class FunctionConversionPattern(OpConversionPattern):
    """An `OpConversionPattern` whose body is `fn(op, adaptor, rewriter) -> bool`."""

    def __init__(self, fn: Callable, root, benefit, type_converter, generated_ops, one_to_n):
        super().__init__(root, benefit, type_converter, generated_ops)
        self.fn = fn
        self.one_to_n = one_to_n

    def match_and_rewrite(self, op, adaptor, rewriter) -> bool:
        return bool(self.fn(op, adaptor, rewriter))

    def __repr__(self) -> str:
        return f"<conversion pattern {self.fn.__name__} benefit={self.benefit}>"


def conversion_pattern(
    root: type | str | None = None,
    benefit: int = 1,
    type_converter: TypeConverter | None = None,
    generated_ops: Iterable = (),
    one_to_n: bool = False,
):
    """Decorator turning `fn(op, adaptor, rewriter) -> bool` into a conversion pattern."""

    def wrap(fn: Callable) -> FunctionConversionPattern:
        return FunctionConversionPattern(fn, root, benefit, type_converter, generated_ops, one_to_n)

    return wrap


# --- the legalizer -----------------------------------------------------------------------------
MAX_IN_PLACE_FOLDS = 8
"""How many in-place folds in a row one legalization tries before it turns to patterns."""


def _root_name(root) -> str | None:
    """The op name a pattern is specific to; None for patterns on any op or on a class
    hierarchy (MLIR's interface roots), which the cost model cannot analyse."""
    if isinstance(root, str):
        return root
    name = getattr(root, "name", None)
    return name if isinstance(name, str) and name else None


def _generated(pattern: RewritePattern) -> list[str]:
    """The names of the ops `pattern` may create (plain rewrite patterns declare none)."""
    return [g if isinstance(g, str) else g.name for g in getattr(pattern, "generated_ops", ())]


class OperationLegalizer:
    """Legalizes one op at a time with folding and patterns, recursively legalizing what a
    pattern creates or modifies (MLIR's `OperationLegalizer`)."""

    def __init__(
        self,
        target: ConversionTarget,
        patterns: Iterable[RewritePattern],
        rewriter: ConversionPatternRewriter,
    ) -> None:
        self.target = target
        self.rewriter = rewriter
        patterns = list(patterns.patterns if isinstance(patterns, PatternSet) else patterns)
        self._ranks = self._cost_model(patterns)
        self._patterns = [p for p in patterns if p in self._ranks]
        self._candidates: dict[tuple[type, str], list[RewritePattern]] = {}
        self._applying: set[RewritePattern] = set()

    # --- cost model ------------------------------------------------------------------------
    def _cost_model(self, patterns: list[RewritePattern]) -> dict[RewritePattern, int]:
        """The rank of each usable pattern, higher first (MLIR's
        `computeLegalizationGraphBenefit`): per root, by legalization depth, then benefit,
        then the given order. A pattern on any op competes with the others by rank."""
        order = {p: i for i, p in enumerate(patterns)}
        any_op, legalizers = self._legalization_graph(patterns)
        depths: dict[str, int | None] = {}  # None: being computed (a cycle adds nothing)

        def op_depth(name: str) -> int:
            """How many rewrites it takes at least to make op `name` legal."""
            if name in depths:
                return depths[name] or 0
            if not legalizers.get(name):
                return 0  # legal already
            depths[name] = None
            depths[name] = sort_by_cost(legalizers[name])
            return depths[name]

        def sort_by_cost(group: list[RewritePattern]) -> int:
            """Sort `group` best first; return its smallest depth."""
            cost = {p: max([1] + [op_depth(g) + 1 for g in _generated(p)]) for p in group}
            group.sort(key=lambda p: (cost[p], -p.benefit, order[p]))
            return min(cost.values())

        for name in list(legalizers):
            op_depth(name)
        if any_op:
            sort_by_cost(any_op)
        ranks = {}
        for group in (*legalizers.values(), any_op):
            for position, p in enumerate(group):
                ranks[p] = len(group) - position
        return ranks

    def _legalization_graph(self, patterns: list[RewritePattern]):
        """The patterns on any op, and per root op name the patterns that may legalize it
        (MLIR's `buildLegalizationGraph`): patterns on legal ops are dropped, and, when
        every pattern has a specific root, so are those creating an op that can never
        become legal."""
        target = self.target
        any_op: list[RewritePattern] = []
        candidates: list[RewritePattern] = []
        invalid: dict[str, list[RewritePattern]] = {}
        parents: dict[str, set[str]] = {}  # op name -> roots of patterns that may create it
        for p in patterns:
            root = _root_name(p.root)
            if root is None:
                any_op.append(p)
            elif target.get_op_action(root) is not LegalizationAction.LEGAL:
                invalid.setdefault(root, []).append(p)
                for generated in _generated(p):
                    parents.setdefault(generated, set()).add(root)
                candidates.append(p)
        legalizers: dict[str, list[RewritePattern]] = {}
        if any_op:  # a pattern may legalize anything: no pattern can be ruled out
            for p in candidates:
                legalizers.setdefault(_root_name(p.root), []).append(p)
            return any_op, legalizers
        pending, queued = list(candidates), set(candidates)
        while pending:  # to a fixed point: a pattern is valid once all it creates can be
            p = pending.pop()
            queued.discard(p)
            if any(
                g not in legalizers
                and target.get_op_action(g) in (None, LegalizationAction.ILLEGAL)
                for g in _generated(p)
            ):
                continue
            root = _root_name(p.root)
            legalizers.setdefault(root, []).append(p)
            invalid[root].remove(p)
            for parent in parents.get(root, ()):
                for q in invalid[parent]:
                    if q not in queued:
                        queued.add(q)
                        pending.append(q)
        return any_op, legalizers

    def _patterns_for(self, op: Operation) -> list[RewritePattern]:
        """The patterns that may legalize `op`, best first; cached per op class and name.
        Ties between an op-specific and a generic pattern go to the specific one, as MLIR's
        `PatternApplicator`."""
        key = (type(op), op.name)
        found = self._candidates.get(key)
        if found is None:
            ranks = self._ranks
            found = [p for p in self._patterns if _matches_root(p.root, op)]
            found.sort(key=lambda p: (-ranks[p], _root_name(p.root) is None))
            self._candidates[key] = found
        return found

    # --- legalization ----------------------------------------------------------------------
    def legalize(self, op: Operation, folds: int = MAX_IN_PLACE_FOLDS) -> bool:
        """Make `op` legal, or report that it cannot be; MLIR's `OperationLegalizer::legalize`.
        Failed attempts leave no trace, but for an in-place fold (as in MLIR)."""
        details = self.target.is_legal(op)
        if details is not None:
            if details.is_recursively_legal and op.regions:
                self.rewriter.ignore_nested(op)
            return True
        if self.rewriter.is_ignored(op):
            return True
        if folds and self._legalize_with_fold(op, folds):
            return True
        return self._legalize_with_pattern(op)

    def _legalize_with_fold(self, op: Operation, folds: int) -> bool:
        rewriter = self.rewriter
        state = rewriter.checkpoint()
        rewriter.insertion_point = InsertionPoint.before(op)
        values = rewriter.try_fold(op)
        if values is None:
            return False
        if not values:
            # Folded in place: the op changed, legalize it anew, folding again as MLIR does
            # (a commutative op first moves its constants right, then folds); a bounded
            # number of times, so a fold that keeps changing its op cannot loop. The fold
            # stays even if the op cannot be legalized, as in MLIR.
            return self.legalize(op, folds - 1)
        rewriter.replace_op(op, values)
        created, _, _ = rewriter.changes_since(state, op)
        for constant in created:
            if not self.legalize(constant):
                rewriter.reset(state)
                return False
        return True

    def _legalize_with_pattern(self, op: Operation) -> bool:
        rewriter = self.rewriter
        state = rewriter.checkpoint()
        for pattern in self._patterns_for(op):
            if pattern in self._applying and not pattern.has_bounded_rewrite_recursion:
                continue  # applied further up this legalization: it would cycle
            self._applying.add(pattern)
            try:
                legalized = self._apply(pattern, op) and self._legalize_result(pattern, op, state)
            finally:
                self._applying.discard(pattern)
            if legalized:
                return True
            rewriter.reset(state)
        return False

    def _apply(self, pattern: RewritePattern, op: Operation) -> bool:
        rewriter = self.rewriter
        rewriter.insertion_point = InsertionPoint.before(op)
        saved = rewriter.current_converter
        try:
            if not isinstance(pattern, ConversionPattern):
                rewriter.current_converter = None
                return bool(pattern.match_and_rewrite(op, rewriter))
            converter = rewriter.current_converter = pattern.type_converter
            remapped = rewriter.remap_values(op.operands, converter, op.location)
            if remapped is None:  # an operand type cannot be converted
                return False
            operands = pattern.adapt_operands(op, remapped)
            return bool(pattern.match_and_rewrite(op, operands, rewriter))
        finally:
            rewriter.current_converter = saved

    def _legalize_result(self, pattern: RewritePattern, op: Operation, state: int) -> bool:
        """Legalize the ops the pattern modified, then those it created."""
        created, modified, touched = self.rewriter.changes_since(state, op)
        if not touched:
            raise ValueError(
                f"pattern {pattern!r} returned success without replacing, erasing or "
                f"modifying '{op.name}'"
            )
        return all(self.legalize(o) for o in modified) and all(self.legalize(o) for o in created)


# --- drivers -----------------------------------------------------------------------------------
def _conversion_set(roots: list[Operation], target: ConversionTarget) -> Iterator[Operation]:
    """The roots and the ops nested in them, parents first, skipping the insides of
    recursively legal ops. Iterative: deep IR does not recurse."""
    stack: list[Iterator[Operation]] = [iter(roots)]
    while stack:
        op = next(stack[-1], None)
        if op is None:
            stack.pop()
            continue
        yield op
        if op.regions:
            details = target.is_legal(op)
            if details is None or not details.is_recursively_legal:
                stack.append(o for r in op.regions for b in r.blocks for o in b.ops)


def _convert(roots, target, patterns, mode: str) -> set[Operation]:
    with gc_paused():
        return _convert_operations(roots, target, patterns, mode)


def _convert_operations(roots, target, patterns, mode: str) -> set[Operation]:
    roots = [roots] if isinstance(roots, Operation) else list(roots)
    rewriter = ConversionPatternRewriter()
    legalizer = OperationLegalizer(target, patterns, rewriter)
    legalizable: set[Operation] = set()
    try:
        # The set is computed before converting anything, as MLIR does.
        for op in list(_conversion_set(roots, target)):
            if legalizer.legalize(op):
                legalizable.add(op)
            elif mode == "full":
                raise DiagnosticError(f"failed to legalize operation '{op.name}'", op.location)
            elif mode == "partial" and target.is_illegal(op):
                raise DiagnosticError(
                    f"failed to legalize operation '{op.name}' that was explicitly marked illegal",
                    op.location,
                )
        if mode != "analysis":
            rewriter.check_erased_ops()
    except BaseException:
        rewriter.reset(0)
        raise
    if mode == "analysis":
        rewriter.reset(0)
    else:
        rewriter.commit()
    return legalizable


def apply_partial_conversion(
    ops: Operation | Iterable[Operation],
    target: ConversionTarget,
    patterns: PatternSet | Iterable[RewritePattern],
) -> None:
    """Convert `ops` and the ops nested in them; ops the target does not mark illegal may
    stay as they are (MLIR's `applyPartialConversion`). On failure, raises a
    `DiagnosticError` and leaves the IR untouched."""
    _convert(ops, target, patterns, "partial")


def apply_full_conversion(
    ops: Operation | Iterable[Operation],
    target: ConversionTarget,
    patterns: PatternSet | Iterable[RewritePattern],
) -> None:
    """Convert `ops` and the ops nested in them so that every one is legal (MLIR's
    `applyFullConversion`). On failure, raises a `DiagnosticError` and leaves the IR
    untouched."""
    _convert(ops, target, patterns, "full")


def apply_analysis_conversion(
    ops: Operation | Iterable[Operation],
    target: ConversionTarget,
    patterns: PatternSet | Iterable[RewritePattern],
) -> set[Operation]:
    """The ops among `ops` and their nested ops that are legal or could be legalized (MLIR's
    `applyAnalysisConversion`). The IR is left untouched."""
    return _convert(ops, target, patterns, "analysis")
