"""The builtin dialect's ops: `builtin.module` and `builtin.unrealized_conversion_cast`.

They live in the core because the parser needs the module op (files without one are
wrapped in an implicit module, as in MLIR); `mlc.dialects.builtin` re-exports them.
"""

from __future__ import annotations

from collections.abc import Iterable

from mlc.ir.attributes import StringAttr
from mlc.ir.block import Block, Region
from mlc.ir.context import Dialect
from mlc.ir.opdef import opt_prop, region, var_operand, var_result
from mlc.ir.operation import Operation
from mlc.ir.traits import (
    GraphRegion,
    IsolatedFromAbove,
    NoRegionArguments,
    NoTerminator,
    Pure,
    SingleBlock,
    Symbol,
    SymbolTable,
)


class ModuleOp(Operation):
    """`module @name attributes {...} { ... }`: the top-level container of symbols."""

    name = "builtin.module"
    sym_name = opt_prop(StringAttr)
    sym_visibility = opt_prop(StringAttr)
    body = region(single_block=True)
    traits = (
        IsolatedFromAbove(), SymbolTable(), Symbol(), NoTerminator(), SingleBlock(),
        NoRegionArguments(), GraphRegion(),
    )  # fmt: skip
    default_dialect = "builtin"

    def __init__(
        self, ops: Iterable[Operation] = (), sym_name: str | None = None, loc=None
    ) -> None:
        block = Block()
        for op in ops:
            block.append(op)
        props = {"sym_name": StringAttr(sym_name)} if sym_name else {}
        self._init((), (), props, None, [Region([block])], (), loc)

    @property
    def ops(self):
        """The ops of the module's body block."""
        return self.regions[0].blocks[0].ops

    @classmethod
    def parse(cls, p):
        props = {}
        if p.kind == "at":
            props["sym_name"] = StringAttr(p.parse_symbol_name())
        attrs = p.parse_optional_attr_dict_with_keyword()
        for key in ("sym_name", "sym_visibility"):
            if key in attrs:
                props[key] = attrs.pop(key)
        body = p.parse_region()
        if not body.blocks:
            body.add_block(Block())
        return cls.create((), (), props, attrs, [body])

    def print_custom(self, p) -> None:
        name = self.properties.get("sym_name")
        if name is not None:
            p.write(" ")
            p.print_symbol_name(name.value)
        merged = dict(self.attributes)
        if "sym_visibility" in self.properties:
            merged["sym_visibility"] = self.properties["sym_visibility"]
        if merged:
            p.write(" attributes")
            p.print_optional_attr_dict(merged)
        p.write(" ")
        p.print_region(self.regions[0], False, False)

    def verify_(self) -> None:
        if len(self.regions[0].blocks) != 1:
            raise self.emit_error(
                "region #0 ('bodyRegion') failed to verify constraint: region with 1 blocks"
            )
        for key in self.attributes:
            if "." not in key:
                raise self.emit_error(
                    f"can only contain attributes with dialect-prefixed names, found: '{key}'"
                )


class UnrealizedConversionCastOp(Operation):
    """Bridges values between type systems during partial conversion."""

    name = "builtin.unrealized_conversion_cast"
    inputs = var_operand()
    outputs = var_result()
    traits = (Pure(),)
    assembly_format = "($inputs^ `:` type($inputs))? `to` type($outputs) attr-dict"


BUILTIN_DIALECT = Dialect("builtin", [ModuleOp, UnrealizedConversionCastOp])
