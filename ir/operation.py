"""Operations: the generic node of the IR.

`Operation` holds what every op has (operands, results, properties, discardable attributes,
regions, successors, location, parent block). Registered ops are subclasses declared in IRDL
style (see `ir.opdef`); an op of an unknown dialect is an `UnregisteredOp` carrying its name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from mlc.ir.block import Block, Region
from mlc.ir.location import UNKNOWN_LOC
from mlc.ir.values import BlockOperand, OpOperand, OpResult, Value


class OpMeta(type):
    """Gives every op class `__slots__ = ()` (ops carry no per-instance dict) and derives
    the IRDL definition (accessors, verification, assembly format) from the class body."""

    def __new__(mcs, name, bases, ns, **kw):
        ns.setdefault("__slots__", ())
        return super().__new__(mcs, name, bases, ns, **kw)

    def __init__(cls, name, bases, ns, **kw):
        super().__init__(name, bases, ns, **kw)
        cls._trait_cache = {}
        from mlc.ir.traits import Trait

        cls.checked_traits = tuple(t for t in cls.traits if type(t).verify is not Trait.verify)
        cls.has_custom_verify = (
            cls.verify_ is not Operation.verify_ if name != "Operation" else False
        )
        if isinstance(ns.get("name"), str) and ns["name"]:
            from mlc.ir.opdef import derive_definition

            derive_definition(cls)


class Operation(metaclass=OpMeta):
    """An operation. Subclasses set `name` and declare their fields (see `ir.opdef`)."""

    __slots__ = (
        "_operands", "results", "properties", "attributes", "regions", "_successors",
        "location", "parent", "_prev", "_next", "_order",
    )  # fmt: skip

    name: str = ""
    traits: tuple = ()
    definition = None  # the derived `OpDefinition` of registered ops
    print_custom = None  # custom-syntax printer (from `assembly_format` or written by hand)
    asm_result_name = None  # optional method suggesting result names (`%c0`), as MLIR's
    # OpAsmOpInterface::getAsmResultNames: a name for all results, or a list, one per result

    @classmethod
    def get_canonicalization_patterns(cls) -> Sequence:
        """The `RewritePattern`s that canonicalize ops of this class (MLIR's
        `getCanonicalizationPatterns`); the `canonicalize` pass asks each op's class."""
        return ()

    # --- construction -------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        operands: Iterable[Value] = (),
        result_types: Iterable = (),
        properties: dict | None = None,
        attributes: dict | None = None,
        regions: Iterable[Region] = (),
        successors: Iterable[Block] = (),
        location=None,
        name: str | None = None,
    ) -> Operation:
        """Generic constructor: no checks, as the parser and rewriters need it."""
        op = object.__new__(cls)
        if name is not None:
            op.name = name
        op._init(operands, result_types, properties, attributes, regions, successors, location)
        return op

    def _init(self, operands, result_types, properties, attributes, regions, successors, location):
        # Hot path: every parsed or built op passes here.
        self._operands = [OpOperand(self, i, v) for i, v in enumerate(operands)] if operands else []
        self.results = (
            [OpResult(t, self, i) for i, t in enumerate(result_types)] if result_types else []
        )
        self.properties = properties if properties is not None else {}
        self.attributes = attributes if attributes is not None else {}
        self.regions = list(regions) if regions else []
        for r in self.regions:
            r.parent = self
        self._successors = (
            [BlockOperand(self, i, b) for i, b in enumerate(successors)] if successors else []
        )
        self.location = location if location is not None else UNKNOWN_LOC
        self.parent = None
        self._prev = self._next = None
        self._order = 0

    # --- operands -----------------------------------------------------------------------
    @property
    def operands(self) -> list[Value]:
        return [o.value for o in self._operands]

    @property
    def op_operands(self) -> list[OpOperand]:
        return self._operands

    def operand(self, i: int) -> Value:
        return self._operands[i].value

    def set_operand(self, i: int, value: Value) -> None:
        self._operands[i].set(value)

    def set_operands(self, values: Iterable[Value]) -> None:
        """Replace the whole operand list."""
        for o in self._operands:
            o.unlink()
        self._operands = [OpOperand(self, i, v) for i, v in enumerate(values)]

    @property
    def result(self) -> OpResult:
        """The single result; an error for ops with zero or several results."""
        if len(self.results) != 1:
            raise ValueError(f"'{self.name}' has {len(self.results)} results, not one")
        return self.results[0]

    @property
    def result_types(self) -> list:
        return [r.type for r in self.results]

    # --- successors ---------------------------------------------------------------------
    @property
    def successors(self) -> list[Block]:
        return [s.value for s in self._successors]

    def set_successor(self, i: int, block: Block) -> None:
        self._successors[i].set(block)

    # --- attributes ---------------------------------------------------------------------
    def get_attr(self, name: str):
        """An inherent (property) or discardable attribute by name, or None."""
        value = self.properties.get(name)
        return value if value is not None else self.attributes.get(name)

    # --- structure ----------------------------------------------------------------------
    @property
    def parent_op(self) -> Operation | None:
        block = self.parent
        if block is None or block.parent is None:
            return None
        return block.parent.parent

    @property
    def parent_region(self) -> Region | None:
        return self.parent.parent if self.parent is not None else None

    @property
    def next_op(self) -> Operation | None:
        return self._next

    @property
    def prev_op(self) -> Operation | None:
        return self._prev

    def is_before_in_block(self, other: Operation) -> bool:
        """True if this op comes before `other` in their common block."""
        block = self.parent
        if not block._order_valid:
            block.recompute_order()
        return self._order < other._order

    def is_ancestor(self, other: Operation) -> bool:
        """True if `other` is this op or nested in one of its regions."""
        while other is not None:
            if other is self:
                return True
            other = other.parent_op
        return False

    def is_proper_ancestor(self, other: Operation) -> bool:
        return other is not self and self.is_ancestor(other)

    def walk(self, fn: Callable[[Operation], None], post_order: bool = True) -> None:
        """Call `fn` on this op and every nested op (post-order by default, as MLIR)."""
        if not post_order:
            fn(self)
        for region in self.regions:
            for block in region.blocks:
                for op in block.ops:
                    op.walk(fn, post_order)
        if post_order:
            fn(self)

    def iter_nested(self) -> Iterator[Operation]:
        """Every op nested in this op's regions, in pre-order (an op, then what its regions
        hold, then its next sibling: MLIR's `walk<WalkOrder::PreOrder>`), without recursion."""
        stack = [ops_in(self)]
        while stack:
            op = next(stack[-1], None)
            if op is None:
                stack.pop()
                continue
            yield op
            if op.regions:
                stack.append(ops_in(op))

    # --- mutation -----------------------------------------------------------------------
    def detach(self) -> Operation:
        """Remove this op from its block, keeping it alive."""
        if self.parent is not None:
            self.parent._unlink(self)
        return self

    def move_before(self, other: Operation) -> None:
        self.detach()
        other.parent.insert_before(self, other)

    def move_after(self, other: Operation) -> None:
        self.detach()
        other.parent.insert_after(self, other)

    def drop_all_references(self) -> None:
        """Drop uses held by this op and its nested ops (before erasing a group of ops)."""
        for o in self._operands:
            o.unlink()
        for s in self._successors:
            s.unlink()
        for region in self.regions:
            for block in region.blocks:
                for op in block.ops:
                    op.drop_all_references()

    def erase(self, check_uses: bool = True) -> None:
        """Detach and destroy this op; its results must be unused (MLIR `Operation::erase`).
        What is left of it has no results, operands or successors, and empty regions."""
        if check_uses:
            for r in self.results:
                if r.has_uses():
                    raise ValueError(
                        f"cannot erase '{self.name}': result #{r.index} still has uses"
                    )
        if self.parent is not None:  # `detach`, spelled out: every erased op passes here
            self.parent._unlink(self)
        self.drop_all_references()
        for region in self.regions:
            for block in list(region.blocks):
                block.erase()
        # no reference cycle left through its results and operands: refcounting frees an
        # erased op without regions at once, not the cyclic collector (an MLP's compile
        # left it 64k objects, 37k since); its regions stay, emptied: a pass may still
        # look at an op it erased (symbol-dce at a nested table)
        self._operands, self.results, self._successors = [], [], []

    def clone(self, mapping: dict | None = None) -> Operation:
        """Deep copy with operands remapped through `mapping` (values and blocks)."""
        mapping = {} if mapping is None else mapping
        regions = []
        for region in self.regions:
            new_region = Region()
            for block in region.blocks:
                new_block = Block([a.type for a in block.args], [a.location for a in block.args])
                new_region.add_block(new_block)
                mapping[block] = new_block
                for a, na in zip(block.args, new_block.args):
                    mapping[a] = na
            regions.append(new_region)
        op = type(self).create(
            [mapping.get(v, v) for v in self.operands],
            self.result_types,
            dict(self.properties),
            dict(self.attributes),
            regions,
            [mapping.get(b, b) for b in self.successors],
            self.location,
            name=self.name if isinstance(self, UnregisteredOp) else None,
        )
        for r, nr in zip(self.results, op.results):
            mapping[r] = nr
        for region, new_region in zip(self.regions, regions):
            for block, new_block in zip(region.blocks, new_region.blocks):
                for inner in block.ops:
                    new_block.append(inner.clone(mapping))
        return op

    # --- traits & verification ----------------------------------------------------------
    @classmethod
    def has_trait(cls, trait) -> bool:
        """Whether the op class has `trait` (an instance, or a trait class). Cached per class:
        the verifier and the rewrite drivers ask this for every op."""
        found = cls._trait_cache.get(trait)
        if found is None:
            found = any(
                t is trait or (isinstance(trait, type) and isinstance(t, trait)) for t in cls.traits
            )
            cls._trait_cache[trait] = found
        return found

    @classmethod
    def might_have_trait(cls, trait) -> bool:
        """Whether the op may have `trait`: an unregistered op might have any (MLIR's
        `mightHaveTrait`), so transforms stay conservative about it."""
        return cls.definition is None or cls.has_trait(trait)

    def verify_(self) -> None:
        """Op-specific verification; raise `VerifyError` (via `self.emit_error`) on failure."""

    def emit_error(self, message: str, op_prefix: bool = True):
        """Build the error MLIR reports for this op: `'name' op message` (MLIR's
        `emitOpError`), or the bare message (`emitError`) with `op_prefix=False`."""
        from mlc.ir.diagnostics import VerifyError

        return VerifyError(
            f"'{self.name}' op {message}" if op_prefix else message, self.location, self
        )

    # --- text ---------------------------------------------------------------------------
    def print(self, generic: bool = False, debuginfo: bool = False, **flags) -> str:
        from mlc.ir.syntax.printer import print_operation

        return print_operation(self, generic=generic, debuginfo=debuginfo, **flags)

    def __str__(self) -> str:
        return self.print()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


def ops_in(op: Operation) -> Iterator[Operation]:
    """The ops directly inside `op`'s regions, in order (not the ops nested deeper)."""
    for region in op.regions:
        for block in region.blocks:
            yield from block.ops


class UnregisteredOp(Operation):
    """An op of a dialect that is not loaded (allowed with `allow_unregistered_dialects`).
    `explicit_properties` remembers a written `<{}>`, which MLIR prints back."""

    __slots__ = ("name", "explicit_properties")

    def _init(self, *args) -> None:
        super()._init(*args)
        self.explicit_properties = bool(self.properties)
