"""What both directions of the relay <-> graph conversion share: the type converters, the
function, return and call patterns, and the pass driver.

Types: a builtin tensor is a graph tensor with the same dims (`?` stays `?`); a builtin
tuple (Relay's tuple) converts 1:N to its fields, flattened, so tuples disappear on the way
to graph. On the way back a symbolic dim becomes `?`. Mismatches the conversion leaves
(partial mode) are bridged by `builtin.unrealized_conversion_cast`s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from mlc.dialects import func
from mlc.dialects import graph as g
from mlc.dialects.builtin import interpreter as _cast_semantics  # noqa: F401 - partial modules run
from mlc.ir.block import Region
from mlc.ir.builtin_ops import UnrealizedConversionCastOp
from mlc.ir.diagnostics import DiagnosticError
from mlc.ir.rewrite import (
    ConversionTarget,
    apply_partial_conversion,
    reconcile_unrealized_casts,
)
from mlc.ir.rewrite.conversion import ConversionPattern
from mlc.ir.rewrite.type_converter import TypeConverter
from mlc.ir.types import DYNAMIC, FunctionType, RankedTensorType, TupleType
from mlc.passes.pass_base import Pass
from mlc.passes.relay_graph.emit import rule_patterns


def tuple_leaves(type_) -> list:
    """The non-tuple types of a (nested) tuple type, in order; `[type_]` for other types."""
    if not isinstance(type_, TupleType):
        return [type_]
    return [leaf for member in type_.types for leaf in tuple_leaves(member)]


def relay_to_graph_types() -> TypeConverter:
    """Builtin tensors to graph tensors (`?` stays unknown), tuples 1:N to their leaves."""
    converter = TypeConverter()
    converter.add_conversion(lambda t: t)

    @converter.add_conversion
    def tensor(t):
        if isinstance(t, RankedTensorType):
            return g.tensor((None if d == DYNAMIC else d for d in t.shape), t.element_type)
        if isinstance(t, TupleType):
            return converter.convert_types(tuple_leaves(t))
        return None

    return converter


def graph_to_relay_types() -> TypeConverter:
    """Graph tensors to builtin tensors: symbolic and unknown dims become `?`."""
    converter = TypeConverter()
    converter.add_conversion(lambda t: t)

    @converter.add_conversion
    def tensor(t):
        if not isinstance(t, g.TensorType):
            return None
        shape = tuple(d if type(d) is int else DYNAMIC for d in t.shape)
        return RankedTensorType(shape, t.element_type)

    return converter


class FunctionConversion(ConversionPattern):
    """A function of one dialect to a function of the other (`func.func` <-> `graph.func`):
    the signature converted (1:N for tuples), the body moved, attributes kept."""

    def __init__(self, source: str, target: type, converter: TypeConverter, convertible):
        super().__init__(source, type_converter=converter)
        self.target = target
        self.convertible = convertible

    def match_and_rewrite(self, op, operands, rewriter) -> bool:
        if not self.convertible(op):
            return False
        converter = self.type_converter
        signature = converter.convert_signature(op.type.inputs)
        results = converter.convert_types(op.type.results)
        if signature is None or results is None:
            return False
        ftype = FunctionType(tuple(signature.converted_types), tuple(results))
        new = rewriter.insert(self.target(op.sym_name.value, ftype, Region(), loc=op.location))
        for name in ("sym_visibility", "arg_attrs", "res_attrs"):
            if name in op.properties and len(ftype.inputs) == len(op.type.inputs):
                new.properties[name] = op.properties[name]
        new.attributes.update(op.attributes)
        rewriter.inline_region_before(op.regions[0], new.regions[0])
        if not rewriter.convert_region_types(new.regions[0], converter, signature):
            return False
        rewriter.erase_op(op)
        return True


class TerminatorConversion(ConversionPattern):
    """`func.return` <-> `graph.return`, with tuples flattened to their fields."""

    one_to_n = True

    def __init__(self, source: str, target: type, converter: TypeConverter) -> None:
        super().__init__(source, type_converter=converter)
        self.target = target

    def match_and_rewrite(self, op, operands, rewriter) -> bool:
        values = [v for group in operands for v in group]
        rewriter.replace_op(op, rewriter.create(self.target, values))
        return True


class CallConversion(ConversionPattern):
    """A call of a converted function becomes the other dialect's call (`func.call` <->
    `graph.call`), its operands and results converted; tuple results come back as their
    fields (1:N). A `func.call` must pass and return exactly the callee's types, where a
    `graph.call` binds size variables: a static operand of a callee taking `?` goes through
    a cast (MLIR's `tensor.cast`; relay has none), and so does the result."""

    one_to_n = True

    def __init__(self, source: str, target: type, converter: TypeConverter, signatures: dict):
        super().__init__(source, type_converter=converter)
        self.target = target
        self.signatures = signatures  # name -> converted (inputs, results), or None

    def match_and_rewrite(self, op, operands, rewriter) -> bool:
        callee = op.properties["callee"]
        if callee.root not in self.signatures:
            return False
        groups = [self.type_converter.convert_type_1_to_n(r.type) for r in op.results]
        types = [t for group in groups for t in group]
        args = [v for group in operands for v in group]
        exact = self.signatures[callee.root]
        if exact is not None:
            args = [_bridge(rewriter, v, t) for v, t in zip(args, exact[0], strict=True)]
        call = rewriter.create(
            self.target, args, callee=callee, result_types=exact[1] if exact else types
        )
        results = [_bridge(rewriter, v, t) for v, t in zip(call.results, types, strict=True)]
        rewriter.replace_op_with_multiple(op, split_groups(results, groups))
        return True


def _bridge(rewriter, value, type_):
    """`value` as a value of `type_`: itself, or an unrealized cast of it."""
    if value.type == type_:
        return value
    return rewriter.insert(UnrealizedConversionCastOp.create([value], [type_])).results[0]


def split_groups(values, groups) -> list[list]:
    """`values` cut into consecutive lists of the sizes of `groups`."""
    out, start = [], 0
    for group in groups:
        out.append(list(values[start : start + len(group)]))
        start += len(group)
    return out


def function_names(module, keep: Callable) -> set[str]:
    """The names of the functions directly in `module` that `keep` accepts."""
    return {
        op.sym_name.value
        for op in module.regions[0].blocks[0].ops
        if isinstance(op, func.FuncOp) and keep(op)
    }


def convert(module, target: ConversionTarget, patterns: list, full: bool, reasons: dict):
    """Run the conversion; in full mode an op left unconverted is an error at that op,
    with a note saying why its rule declined it (`reasons`, by location)."""
    try:
        apply_partial_conversion(module, target, patterns)
    except DiagnosticError as err:
        if full:
            reason = reasons.get(err.diagnostic.location, "it has no counterpart")
            err.attach_note(f"not converted: {reason}; with 'partial=true' it stays, "
                            "bridged by casts")  # fmt: skip
        raise


@dataclass(frozen=True)
class DialectMigration(Pass):
    """The conversion passes between relay and graph: the functions of `function_dialect`
    (`func` or `graph`) `functions_to_convert` names, their returns and every call of them
    become `new_ops` (function, return, call); ops of `source` become ops of `target` by
    `rules`; `finish` tidies each converted function."""

    anchor = "builtin.module"
    source: ClassVar[str]
    target: ClassVar[str]
    function_dialect: ClassVar[str]
    new_ops: ClassVar[tuple]  # the function, return and call op classes built
    rules: ClassVar[dict]

    partial: bool = field(
        default=False,
        metadata={"help": "Leave ops without a counterpart in the other dialect in place, "
                          "bridged by unrealized conversion casts, instead of failing"},
    )  # fmt: skip

    def functions_to_convert(self, module) -> set[str]:  # pragma: no cover - each says
        raise NotImplementedError

    def type_converter(self) -> TypeConverter:  # pragma: no cover
        raise NotImplementedError

    def result_agrees(self, declared, inferred) -> bool:  # pragma: no cover
        raise NotImplementedError

    exact_calls: ClassVar[bool] = False  # whether the new call takes the callee's types only

    def _signatures(self, module, converted: set, converter: TypeConverter) -> dict:
        """Per converted function, its converted (inputs, results) where calls of it must
        match them exactly, else None."""
        found = {name: None for name in converted}
        if self.exact_calls:
            for fn in module.regions[0].blocks[0].ops:
                if isinstance(fn, func.FuncOp) and fn.sym_name.value in converted:
                    found[fn.sym_name.value] = tuple(
                        converter.convert_types(types)
                        for types in (fn.type.inputs, fn.type.results)
                    )
        return found

    def structural_patterns(self, converter: TypeConverter) -> list:
        """Patterns beyond the one-op rules: ops without a rule, or several ops at once."""
        return []

    def finish(self, function) -> None:  # pragma: no cover
        raise NotImplementedError

    def run(self, op) -> set[str]:
        """Convert `op`'s functions and ops; the names of the functions converted."""
        full = not self.partial
        reasons: dict = {}
        converter = self.type_converter()
        converted = self.functions_to_convert(op)
        function, ret, call = (f"{self.function_dialect}.{n}" for n in ("func", "return", "call"))
        new_function, new_return, new_call = self.new_ops
        target = ConversionTarget()
        target.add_legal_dialect(self.target)
        target.add_legal_op(UnrealizedConversionCastOp, *self.new_ops)
        if full:
            target.add_illegal_dialect(self.source)
        target.add_dynamically_legal_op(function, lambda f: f.sym_name.value not in converted)
        target.add_dynamically_legal_op(ret, lambda r: r.parent_op.name == function)
        target.add_dynamically_legal_op(
            call, lambda c: c.properties["callee"].root not in converted
        )
        patterns = [
            FunctionConversion(function, new_function, converter,
                               lambda f: f.sym_name.value in converted),
            TerminatorConversion(ret, new_return, converter),
            CallConversion(call, new_call, converter, self._signatures(op, converted, converter)),
            *rule_patterns(self.rules, converter, self.result_agrees, reasons),
            *self.structural_patterns(converter),
        ]  # fmt: skip
        convert(op, target, patterns, full, reasons)
        for fn in op.regions[0].blocks[0].ops:
            if isinstance(fn, new_function) and fn.sym_name.value in converted:
                # casts to the other dialect and back, left by an earlier partial conversion
                # in the other direction, cancel now: A -> B -> A is A
                casts = [o for o in fn.iter_nested() if isinstance(o, UnrealizedConversionCastOp)]
                reconcile_unrealized_casts(casts)
                self.finish(fn)
        return converted
