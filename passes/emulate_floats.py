"""`arith-emulate-unsupported-floats`: arithmetic on float types the target cannot compute
(bf16 on x86 without AVX512-BF16) done in a wider type, as MLIR 19's pass of that name does:
operands are extended with `arith.extf`, the op runs on the target type, results are
rounded back with `arith.truncf`.

    %r = arith.addf %a, %b : bf16
      ->
    %0 = arith.extf %a : bf16 to f32
    %1 = arith.extf %b : bf16 to f32
    %2 = arith.addf %0, %1 : f32
    %r = arith.truncf %2 : f32 to bf16

Unlike MLIR's, it covers math ops and the int/float conversions too, since LLVM lowers any
bf16 arithmetic it meets through compiler-runtime calls (`__truncsfbf2`) that the host's
libgcc may not have. `arith-expand{include-bf16=true}` then turns the extensions and
truncations into integer bit operations, leaving no bf16 arithmetic for LLVM. Not
byte-identical to MLIR's: MLIR materializes one extension per value (with
`fastmath<contract>`), mlc extends at each use and leaves merging them to `cse`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlc.dialects import arith
from mlc.ir.builder import Builder
from mlc.ir.types import FLOAT_WIDTHS, FloatType, VectorType
from mlc.passes.pass_base import Pass, PassFailure
from mlc.passes.registry import register_pass

_KEEP = (arith.ExtFOp, arith.TruncFOp, arith.BitcastOp, arith.ConstantOp, arith.SelectOp)
"""Ops that move bits without computing on them (or are the conversions themselves)."""


def _float_named(name: str, loc) -> FloatType:
    if name not in FLOAT_WIDTHS:
        raise PassFailure(f"arith-emulate-unsupported-floats: '{name}' is not a float type", loc)
    return FloatType(name)


def _element(t):
    return t.element_type if isinstance(t, VectorType) else t


def _replace_element(t, source, target):
    if t == source:
        return target
    if isinstance(t, VectorType) and t.element_type == source:
        return VectorType(t.shape, target, t.scalable)
    return t


@register_pass
@dataclass(frozen=True)
class EmulateUnsupportedFloats(Pass):
    """Computes arith and math ops on `source-types` in `target-type` instead."""

    name = "arith-emulate-unsupported-floats"
    summary = "Emulate operations on unsupported floats with extf/truncf"
    source_types: str = field(
        default="bf16", metadata={"help": "Comma list of the float types to emulate"}
    )
    target_type: str = field(default="f32", metadata={"help": "The type to compute in"})

    def run(self, op) -> None:
        target = _float_named(self.target_type, op.location)
        sources = [_float_named(n.strip(), op.location)
                   for n in self.source_types.split(",") if n.strip()]  # fmt: skip
        found = []
        op.walk(lambda o: found.append(o) if self._emulated(o, sources) else None)
        for inner in found:
            for source in sources:
                inner = _emulate(inner, source, target)

    @staticmethod
    def _emulated(op, sources) -> bool:
        if not op.name.startswith(("arith.", "math.")) or isinstance(op, _KEEP) or op.regions:
            return False
        types = [v.type for v in op.operands] + list(op.result_types)
        return any(_element(t) in sources for t in types)


def _emulate(op, source, target):
    """`op` computed in `target` where it has `source` operands or results."""
    types = [v.type for v in op.operands] + list(op.result_types)
    if all(_replace_element(t, source, target) == t for t in types):
        return op
    b = Builder.before(op, op.location)
    operands = []
    for v in op.operands:
        wide = _replace_element(v.type, source, target)
        operands.append(v if wide == v.type else
                        b.insert(arith.ExtFOp.create([v], [wide])).results[0])  # fmt: skip
    result_types = [_replace_element(t, source, target) for t in op.result_types]
    new = b.insert(type(op).create(operands, result_types, dict(op.properties),
                                   dict(op.attributes) or None))  # fmt: skip
    for old, value in zip(op.results, new.results):
        if value.type != old.type:
            value = b.insert(arith.TruncFOp.create([value], [old.type])).results[0]
        old.replace_all_uses_with(value)
    op.erase()
    return new
