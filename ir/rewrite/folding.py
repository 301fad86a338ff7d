"""Folding: op `fold` hooks, constant materialization and constant uniquing.

An op class may define `fold(self, operand_constants) -> list[Attribute | Value] | None`:
`operand_constants[i]` is the attribute of operand `i` when a ConstantLike op defines it, else
None. It returns one entry per result (an attribute to materialize or an existing value),
its own results after changing itself in place, or None when it does not fold (MLIR's
`Operation::fold` with `OpFoldResult`s).

Ops hold no context, so a dialect provides its constant builder (MLIR's
`Dialect::materializeConstant`) by name: `register_constant_materializer("arith", fn)` with
`fn(value_attr, type, location) -> Operation | None` returning a detached op. A registry keyed
by dialect name keeps `mlc.ir` free of dialect imports; each dialect registers its builder
when its module is imported.

`OperationFolder` mirrors MLIR's class of that name: materialized constants are uniqued by
(dialect, attribute, type) per region and live at the start of the entry block of the
nearest IsolatedFromAbove region (or of the rewrite root's region), so folding never
duplicates a constant.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import is_

from mlc.ir.attributes import Attribute, IntegerAttr
from mlc.ir.block import Region
from mlc.ir.builder import InsertionPoint
from mlc.ir.location import UNKNOWN_LOC
from mlc.ir.operation import Operation
from mlc.ir.rewrite.pattern import PatternRewriter
from mlc.ir.traits import ConstantLike, IsolatedFromAbove
from mlc.ir.values import OpResult

ConstantMaterializer = Callable[[Attribute, Attribute, object], Operation | None]

_MATERIALIZERS: dict[str, ConstantMaterializer] = {}


def register_constant_materializer(dialect: str, fn: ConstantMaterializer) -> None:
    """Make `fn(value_attr, type, location)` build the constants of ops of `dialect`."""
    _MATERIALIZERS[dialect] = fn


def materialize_constant(dialect: str, value: Attribute, type_, location) -> Operation | None:
    """A detached constant op of `dialect` standing for `value : type_`, or None when the
    dialect has no materializer or declines (MLIR's `Dialect::materializeConstant`)."""
    materialize = _MATERIALIZERS.get(dialect)
    return materialize(value, type_, location) if materialize is not None else None


def dialect_of(op: Operation) -> str:
    return op.name.partition(".")[0]


def constant_value(op: Operation) -> Attribute | None:
    """The attribute a ConstantLike op stands for: what it folds to, else its `value`
    property (MLIR's `m_Constant`); None for other ops. Hot path of every fold: how to read
    the value is decided once per op class."""
    read = _CONSTANT_READERS.get(type(op), _UNKNOWN)
    if read is _UNKNOWN:
        read = _CONSTANT_READERS[type(op)] = _constant_reader(type(op))
    return read(op) if read is not None else None


def _constant_reader(cls: type) -> Callable[[Operation], Attribute | None] | None:
    if not cls.has_trait(ConstantLike):
        return None
    return _folded_value if getattr(cls, "fold", None) is not None else _value_property


def _folded_value(op: Operation) -> Attribute | None:
    folded = op.fold([])
    if folded and isinstance(folded[0], Attribute):
        return folded[0]
    return op.properties.get("value")


def _value_property(op: Operation) -> Attribute | None:
    return op.properties.get("value")


_UNKNOWN = object()
_CONSTANT_READERS: dict[type, Callable[[Operation], Attribute | None] | None] = {}


def folded_in_place(op: Operation, folded: list) -> bool:
    """A fold result that is `op`'s own results: the op changed itself in place."""
    return all(map(is_, folded, op.results))


def constant_int(value) -> int | None:
    """An int as it is, or the integer a ConstantLike op gives an SSA value (MLIR's
    `m_ConstantInt` / `getConstantIntValue` on an `OpFoldResult`); None otherwise."""
    if isinstance(value, int):
        return value
    attr = constant_value(value.op) if isinstance(value, OpResult) else None
    return attr.value if type(attr) is IntegerAttr else None


def operand_constants(op: Operation) -> list[Attribute | None]:
    """For each operand, the attribute of its defining ConstantLike op, or None. Hot path
    of every fold: most producers are no constants, known as such by class."""
    readers = _CONSTANT_READERS
    out = []
    for operand in op._operands:
        value = operand.value
        if type(value) is not OpResult:
            out.append(None)
            continue
        producer = value.op
        read = readers.get(type(producer), _UNKNOWN)
        if read is None:
            out.append(None)
        elif read is _UNKNOWN:
            out.append(constant_value(producer))
        else:
            out.append(read(producer))
    return out


class OperationFolder:
    """Folds ops and uniques the constants it materializes (MLIR's `OperationFolder`)."""

    def __init__(self, rewriter: PatternRewriter, root: Operation | None = None) -> None:
        self.rewriter = rewriter
        self.root = root
        self.constants: dict[Region, dict[tuple, Operation]] = {}
        # owned constant -> its slots: (dialect of the folded op, value, type) keys, two
        # when a dialect materializes its constants in another (math -> arith), as MLIR's
        # `referencedDialects`
        self._keys: dict[Operation, list[tuple[Region, tuple]]] = {}

    def insertion_region(self, op: Operation) -> Region:
        """The region whose entry block holds `op`'s uniqued constants."""
        region = op.parent.parent
        while True:
            owner = region.parent
            if owner is None or owner is self.root or owner.might_have_trait(IsolatedFromAbove):
                return region
            block = owner.parent
            if block is None or block.parent is None:
                return region
            region = block.parent

    def insert_known_constant(self, op: Operation, value: Attribute) -> bool:
        """Take over constant `op`: hoist it to its insertion block, or replace it by an
        equal constant already there. Whether the IR changed (`op` moved or erased)."""
        if op in self._keys:
            return False
        region = self.insertion_region(op)
        key = (dialect_of(op), value, op.results[0].type)
        table = self.constants.setdefault(region, {})
        existing = table.get(key)
        if existing is not None:
            existing.location = UNKNOWN_LOC
            self.rewriter.replace_op(op, existing)
            return True
        table[key] = op
        self._keys[op] = [(region, key)]
        entry = region.blocks[0]
        if op.parent is not entry or (entry.first_op is not op and op.prev_op not in self._keys):
            op.detach()
            entry.insert_before(op, entry.first_op)
            op.location = UNKNOWN_LOC
            return True
        return False

    def notify_removal(self, op: Operation) -> None:
        """Forget `op` if it is a constant this folder owns (it is being erased)."""
        for region, key in self._keys.pop(op, ()):
            del self.constants[region][key]

    def get_or_create_constant(
        self, anchor: Operation, value: Attribute, type_, dialect: str | None = None
    ) -> tuple[Operation | None, bool]:
        """The uniqued constant `value : type_` for ops in `anchor`'s region, built by the
        materializer of `dialect` (default: `anchor`'s dialect; an analysis may know the
        value from another) at the start of the insertion block when new; returns it (None if
        it cannot be built) and whether it was created."""
        if dialect is None:
            dialect = dialect_of(anchor)
        region = self.insertion_region(anchor)
        table = self.constants.setdefault(region, {})
        key = (dialect, value, type_)
        existing = table.get(key)
        if existing is not None:
            return existing, False
        const = materialize_constant(dialect, value, type_, UNKNOWN_LOC)
        if const is None:
            return None, False
        slots = [(region, key)]
        own_dialect = dialect_of(const)
        if own_dialect != dialect:  # e.g. math folds to arith.constant: reuse an equal one
            own_key = (own_dialect, value, type_)
            existing = table.get(own_key)
            if existing is not None:
                table[key] = existing
                self._keys[existing].append((region, key))
                return existing, False
            slots.append((region, own_key))
        entry = region.blocks[0]
        with self.rewriter.at(InsertionPoint.at_start(entry)):
            self.rewriter.insert(const)
        for _, slot_key in slots:
            table[slot_key] = const
        self._keys[const] = slots
        return const, True

    def try_to_fold(self, op: Operation) -> bool:
        """Fold `op` with its `fold` hook: replace it by existing values or uniqued
        constants, or report an in-place change. True when the IR changed."""
        fold = getattr(op, "fold", None)
        if fold is None or op.has_trait(ConstantLike):
            return False  # folding a constant would only rematerialize it, forever
        folded = fold(operand_constants(op))
        if folded is None:
            return False
        if len(folded) != len(op.results):
            raise ValueError(f"'{op.name}' folded to {len(folded)} values for {len(op.results)}")
        if folded_in_place(op, folded):
            self.rewriter.listener.on_op_modified(op)
            return True
        values, created = [], []
        for item, result in zip(folded, op.results):
            if not isinstance(item, Attribute):
                values.append(item)
                continue
            const, is_new = self.get_or_create_constant(op, item, result.type)
            if const is None:
                for new in created:  # undo this attempt's constants; nothing uses them yet
                    self.rewriter.erase_op(new)
                return False
            if is_new:
                created.append(const)
            values.append(const.results[0])
        self.rewriter.replace_op(op, values)
        return True
