"""`convert-vector-to-llvm`: vector ops to llvm ops, as MLIR 19's pass of that name
(mlir/lib/Conversion/VectorToLLVM/ConvertVectorToLLVM.cpp and ConvertVectorToLLVMPass.cpp).

The pass runs in two steps, as MLIR's `ConvertVectorToLLVMPass::runOnOperation` does:

1. a greedy rewrite (with folding and dead-op removal, over the whole op) lowers the vector
   ops LLVM has no counterpart for into simpler vector ops: broadcasts, masks, shape casts,
   interleaves of n-D vectors, transposes, contractions and outer products, and transfers
   of rank 1 (`mlc.dialects.vector.lowering`);
2. a partial conversion to the llvm dialect: 1-D vectors stay vectors, n-D vectors become
   arrays of 1-D vectors (`LLVMTypeConverter`), so `vector.extract` / `vector.insert` are
   `llvm.extractvalue` / `llvm.insertvalue` on the arrays and `llvm.extractelement` /
   `llvm.insertelement` in the innermost vector; reductions become
   `llvm.intr.vector.reduce.*` (float `add`/`mul` ordered unless `reassociate-fp-reductions`),
   `fma` is `llvm.intr.fmuladd`, splats are an `insertelement` and a `shufflevector`, 1-D
   masks compare a constant index vector with the bound (in `i32` unless
   `force-32bit-vector-indices=false`), and loads and stores address memrefs as
   `finalize-memref-to-llvm` does (`vector_memory_to_llvm`). arith, memref and func ops are
   left for their own conversions; the casts between the two type systems stay
   `unrealized_conversion_cast`s.

Options as MLIR 19 has them; the target-specific ones (`enable-arm-neon`, `enable-arm-sve`,
`enable-amx`, `enable-x86vector`, `enable-arm-sme`, `enable-arm-bf16`) are accepted only
off: mlc has none of those dialects. `vector.print` is not lowered (MLIR calls the
`printF32`/`printNewline`... runtime functions, which mlc's runtime does not provide), nor
is `vector.multi_reduction` (MLIR 19's pass does not lower it either); `vector.mask`,
`gather`/`scatter`, `expandload`/`compressstore`, `insert_strided_slice` and the like are not
in mlc's vector dialect.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlc.dialects import arith, vector
from mlc.dialects import llvm as L
from mlc.dialects.vector.lowering import (
    MaterializeTransferMask,
    transfer_lowering_patterns,
    vector_lowering_patterns,
)
from mlc.dialects.vector.rewriting import extract_at, insert_at
from mlc.ir.attributes import DenseArrayAttr, FloatAttr, IntegerAttr
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.rewrite import (
    PatternRewriter,
    RewritePattern,
    apply_partial_conversion,
    apply_patterns_greedily,
)
from mlc.ir.types import DYNAMIC, FloatType, IndexType, IntegerType, VectorType, i32, i64
from mlc.passes.pass_base import Pass, PassFailure
from mlc.passes.registry import register_pass
from mlc.passes.to_llvm import build
from mlc.passes.to_llvm.pattern import (
    ConvertOpToLLVMPattern,
    innermost_vector,
    llvm_conversion_target,
    nd_positions,
)
from mlc.passes.to_llvm.type_converter import LLVMTypeConverter
from mlc.passes.to_llvm.vector_memory_to_llvm import vector_memory_patterns


def _extract_element(rewriter, vector_value, position):
    """`llvm.extractelement` of lane `position` (a value, or an int made an i64 constant as
    MLIR's `getAsLLVMValue` does)."""
    if isinstance(position, int):
        position = build.constant(rewriter, IntegerAttr(position, i64), i64)
    element = vector_value.type.element_type
    new = L.ExtractElementOp.create([vector_value, position], [element])
    return rewriter.insert(new).results[0]


def _insert_element(rewriter, vector_value, value, position):
    """`llvm.insertelement`, `position` as in `_extract_element`."""
    if isinstance(position, int):
        position = build.constant(rewriter, IntegerAttr(position, i64), i64)
    new = L.InsertElementOp.create([vector_value, value, position], [vector_value.type])
    return rewriter.insert(new).results[0]


def _lane(rewriter, converter, position: int):
    """A lane number as MLIR's `insertOne` / `extractOne` make it: an `index` constant."""
    return build.index_constant(rewriter, converter.index_type, position)


def _splat(rewriter, value, vector_type, rank: int, shuffle_with_self: bool = False):
    """`value` in every lane of `vector_type`: inserted in lane 0 of an undef vector, then,
    unless the vector was 0-D (`rank`), shuffled with a zero mask (MLIR's
    `VectorSplatOpLowering`; the n-D one shuffles the vector with itself, the 1-D one with
    the undef)."""
    undef = build.undef(rewriter, vector_type)
    zero = build.constant(rewriter, IntegerAttr(0, i32), i32)
    inserted = _insert_element(rewriter, undef, value, zero)
    if rank == 0:
        return inserted
    mask = DenseArrayAttr(i32, (0,) * vector_type.shape[0])
    second = inserted if shuffle_with_self else undef
    shuffle = L.ShuffleVectorOp.create([inserted, second], [vector_type], {"mask": mask})
    return rewriter.insert(shuffle).results[0]


class ExtractElementLowering(ConvertOpToLLVMPattern):
    """`vector.extractelement` is `llvm.extractelement`; a 0-D vector's lane is 0."""

    def __init__(self, converter) -> None:
        super().__init__(vector.ExtractElementOp, converter)

    def rewrite(self, op, adaptor, rewriter) -> bool:
        source = adaptor.operands[0]
        if len(adaptor.operands) > 1:
            position = adaptor.operands[1]
        else:
            position = _lane(rewriter, self.type_converter, 0)
        rewriter.replace_op(op, [_extract_element(rewriter, source, position)])
        return True


class InsertElementLowering(ConvertOpToLLVMPattern):
    """`vector.insertelement` is `llvm.insertelement`; a 0-D vector's lane is 0."""

    def __init__(self, converter) -> None:
        super().__init__(vector.InsertElementOp, converter)

    def rewrite(self, op, adaptor, rewriter) -> bool:
        value, dest = adaptor.operands[0], adaptor.operands[1]
        if len(adaptor.operands) > 2:
            position = adaptor.operands[2]
        else:
            position = _lane(rewriter, self.type_converter, 0)
        rewriter.replace_op(op, [_insert_element(rewriter, dest, value, position)])
        return True


def _mixed_position(op, dynamic_values) -> list:
    """The position of a vector.extract/insert: ints, and the converted index values where
    the static position says dynamic (MLIR's `getMixedValues`)."""
    dynamic = iter(dynamic_values)
    return [next(dynamic) if p == DYNAMIC else p for p in op.static]


class ExtractLowering(ConvertOpToLLVMPattern):
    """`vector.extract`: `extractvalue` down the arrays, `extractelement` in the 1-D vector
    (MLIR's `VectorExtractOpConversion`); dynamic positions only in that last step."""

    def __init__(self, converter) -> None:
        super().__init__(vector.ExtractOp, converter)

    def rewrite(self, op, adaptor, rewriter) -> bool:
        result_type = op.results[0].type
        if self.type_converter.convert_type(result_type) is None:
            return False
        source = adaptor.operands[0]
        position = _mixed_position(op, adaptor.operands[1:])
        if not position:
            if op.operand(0).type.rank == 0:
                return False  # MLIR 19 replaces a scalar by a vector here
            rewriter.replace_op(op, [source])
            return True
        dynamic = op.has_dynamic_position()
        if isinstance(result_type, VectorType):
            if dynamic:
                return False
            rewriter.replace_op(op, [build.extract_value(rewriter, source, *position)])
            return True
        if len(position) > 1:
            if dynamic:
                return False
            source = build.extract_value(rewriter, source, *position[:-1])
        rewriter.replace_op(op, [_extract_element(rewriter, source, position[-1])])
        return True


class InsertLowering(ConvertOpToLLVMPattern):
    """`vector.insert`: the 1-D vector extracted, its element inserted, and put back (MLIR's
    `VectorInsertOpConversion`)."""

    def __init__(self, converter) -> None:
        super().__init__(vector.InsertOp, converter)

    def rewrite(self, op, adaptor, rewriter) -> bool:
        if self.type_converter.convert_type(op.results[0].type) is None:
            return False
        source, dest = adaptor.operands[0], adaptor.operands[1]
        position = _mixed_position(op, adaptor.operands[2:])
        if not position:
            if not isinstance(op.operand(0).type, VectorType):
                return False  # a scalar into a 0-D vector: MLIR 19 builds invalid IR
            rewriter.replace_op(op, [source])
            return True
        dynamic = op.has_dynamic_position()
        if isinstance(op.operand(0).type, VectorType):
            if dynamic:
                return False
            rewriter.replace_op(op, [build.insert_value(rewriter, dest, source, *position)])
            return True
        inner = dest
        if len(position) > 1:
            if dynamic:
                return False
            inner = build.extract_value(rewriter, dest, *position[:-1])
        inserted = _insert_element(rewriter, inner, source, position[-1])
        if len(position) > 1:
            inserted = build.insert_value(rewriter, dest, inserted, *position[:-1])
        rewriter.replace_op(op, [inserted])
        return True


class ShuffleLowering(ConvertOpToLLVMPattern):
    """`vector.shuffle`: `llvm.shufflevector` when both operands are 1-D of one type, else
    each picked element or sub-vector moved one by one (MLIR's
    `VectorShuffleOpConversion`)."""

    def __init__(self, converter) -> None:
        super().__init__(vector.ShuffleOp, converter)

    def rewrite(self, op, adaptor, rewriter) -> bool:
        result_type = self.type_converter.convert_type(op.results[0].type)
        if result_type is None:
            return False
        v1, v2 = adaptor.operands
        v1_type, v2_type = op.operand(0).type, op.operand(1).type
        mask = op.mask_values()
        rank = op.results[0].type.rank
        if rank <= 1 and v1_type == v2_type:
            new = L.ShuffleVectorOp.create(
                [v1, v2], [result_type], {"mask": DenseArrayAttr(i32, tuple(mask))}
            )
            rewriter.replace_op(op, rewriter.insert(new).results)
            return True
        v1_size = v1_type.shape[0]
        result = build.undef(rewriter, result_type)
        for place, pick in enumerate(mask):
            source = v1 if pick < v1_size else v2
            pick = pick if pick < v1_size else pick - v1_size
            if rank == 1:
                lane = _lane(rewriter, self.type_converter, pick)
                value = _extract_element(rewriter, source, lane)
                lane = _lane(rewriter, self.type_converter, place)
                result = _insert_element(rewriter, result, value, lane)
            else:
                value = build.extract_value(rewriter, source, pick)
                result = build.insert_value(rewriter, result, value, place)
        rewriter.replace_op(op, [result])
        return True


class SplatLowering(ConvertOpToLLVMPattern):
    """`vector.splat` of a 0-D or 1-D vector (MLIR's `VectorSplatOpLowering`)."""

    def __init__(self, converter) -> None:
        super().__init__(vector.SplatOp, converter)

    def rewrite(self, op, adaptor, rewriter) -> bool:
        if op.results[0].type.rank > 1:
            return False
        vector_type = self.type_converter.convert_type(op.results[0].type)
        value = adaptor.operands[0]
        rewriter.replace_op(op, [_splat(rewriter, value, vector_type, op.results[0].type.rank)])
        return True


class SplatNdLowering(ConvertOpToLLVMPattern):
    """`vector.splat` of an n-D vector: one splat 1-D vector put in every place of the
    array (MLIR's `VectorSplatNdOpLowering`)."""

    def __init__(self, converter) -> None:
        super().__init__(vector.SplatOp, converter)

    def rewrite(self, op, adaptor, rewriter) -> bool:
        if op.results[0].type.rank <= 1:
            return False
        array_type = self.type_converter.convert_type(op.results[0].type)
        if array_type is None:
            return False
        result = build.undef(rewriter, array_type)
        vector_1d = innermost_vector(array_type)
        splat = _splat(rewriter, adaptor.operands[0], vector_1d, 1, shuffle_with_self=True)
        for position in nd_positions(array_type):
            result = build.insert_value(rewriter, result, splat, *position)
        rewriter.replace_op(op, [result])
        return True


class FMA1DLowering(ConvertOpToLLVMPattern):
    """`vector.fma` of 1-D vectors is `llvm.intr.fmuladd` (MLIR's
    `VectorFMAOp1DConversion`)."""

    def __init__(self, converter) -> None:
        super().__init__(vector.FMAOp, converter)

    def rewrite(self, op, adaptor, rewriter) -> bool:
        if op.results[0].type.rank != 1:
            return False
        rewriter.replace_op(op, rewriter.create(L.FMulAddOp, *adaptor.operands).results)
        return True


class FMANdUnrolling(RewritePattern):
    """`vector.fma` of n-D vectors: one `vector.fma` per row, inserted into a zero splat
    (MLIR's `VectorFMAOpNDRewritePattern`, a plain pattern among the conversion's); the
    rows' fmas are unrolled again until they are 1-D."""

    has_bounded_rewrite_recursion = True

    def __init__(self) -> None:
        super().__init__(vector.FMAOp)

    def match_and_rewrite(self, op, rewriter: PatternRewriter) -> bool:
        vector_type = op.results[0].type
        if vector_type.rank < 2:
            return False
        element = vector_type.element_type
        zero = rewriter.create(arith.ConstantOp, FloatAttr(0.0, element)).results[0]
        result = rewriter.create(vector.SplatOp, zero, result_types=[vector_type]).results[0]
        for i in range(vector_type.shape[0]):
            rows = [extract_at(rewriter, v, [i]) for v in op.operands]
            fma = rewriter.create(vector.FMAOp, *rows).results[0]
            result = insert_at(rewriter, fma, result, [i])
        rewriter.replace_op(op, [result])
        return True


class BitCastLowering(ConvertOpToLLVMPattern):
    """`vector.bitcast` of 0-D and 1-D vectors is `llvm.bitcast`."""

    def __init__(self, converter) -> None:
        super().__init__(vector.BitCastOp, converter)

    def rewrite(self, op, adaptor, rewriter) -> bool:
        if op.results[0].type.rank > 1:
            return False
        result_type = self.type_converter.convert_type(op.results[0].type)
        rewriter.replace_op(
            op, rewriter.create(L.BitcastOp, adaptor.operands[0], res=result_type).results
        )
        return True


class InterleaveLowering(ConvertOpToLLVMPattern):
    """`vector.interleave` of 1-D vectors is a `shufflevector` taking lanes alternately
    (MLIR's `VectorInterleaveOpLowering`; n-D ones are unrolled by the greedy step)."""

    def __init__(self, converter) -> None:
        super().__init__(vector.InterleaveOp, converter)

    def rewrite(self, op, adaptor, rewriter) -> bool:
        result_type = op.results[0].type
        if result_type.rank != 1 or result_type.scalable:
            return False
        half = op.operand(0).type.shape[0] if op.operand(0).type.rank else 1
        mask = [lane for i in range(half) for lane in (i, i + half)]
        converted = self.type_converter.convert_type(result_type)
        new = L.ShuffleVectorOp.create(
            list(adaptor.operands), [converted], {"mask": DenseArrayAttr(i32, tuple(mask))}
        )
        rewriter.replace_op(op, rewriter.insert(new).results)
        return True


# --- reductions --------------------------------------------------------------------------------
# Integer kinds: (intrinsic, how an accumulator joins: an llvm op, or an icmp predicate).
INTEGER_REDUCTIONS = {
    "add": (L.VectorReduceAddOp, L.AddOp),
    "mul": (L.VectorReduceMulOp, L.MulOp),
    "minui": (L.VectorReduceUMinOp, "ule"),
    "minsi": (L.VectorReduceSMinOp, "sle"),
    "maxui": (L.VectorReduceUMaxOp, "uge"),
    "maxsi": (L.VectorReduceSMaxOp, "sge"),
    "and": (L.VectorReduceAndOp, L.AndOp),
    "or": (L.VectorReduceOrOp, L.OrOp),
    "xor": (L.VectorReduceXorOp, L.XOrOp),
}
ICMP_PREDICATES = ("eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge")

# Float kinds reduced by comparison: (intrinsic, the scalar op joining an accumulator).
FLOAT_COMPARISONS = {
    "minimumf": (L.VectorReduceFMinimumOp, L.MinimumOp),
    "maximumf": (L.VectorReduceFMaximumOp, L.MaximumOp),
    "minnumf": (L.VectorReduceFMinOp, L.MinNumOp),
    "maxnumf": (L.VectorReduceFMaxOp, L.MaxNumOp),
}
# Float kinds with a start value: (intrinsic, the neutral start when there is no accumulator).
FLOAT_ACCUMULATIONS = {"add": (L.VectorReduceFAddOp, 0.0), "mul": (L.VectorReduceFMulOp, 1.0)}


class ReductionLowering(ConvertOpToLLVMPattern):
    """`vector.reduction` to `llvm.intr.vector.reduce.*`, the accumulator joined after
    (MLIR's `VectorReductionOpConversion`): float `add`/`mul` take it as the start value,
    ordered unless `reassociate_fp_reductions` adds `reassoc`."""

    def __init__(self, converter, reassociate_fp_reductions: bool) -> None:
        super().__init__(vector.ReductionOp, converter)
        self.reassociate = reassociate_fp_reductions

    def rewrite(self, op, adaptor, rewriter) -> bool:
        element = op.results[0].type
        llvm_type = self.type_converter.convert_type(element)
        source = adaptor.operands[0]
        acc = adaptor.operands[1] if len(adaptor.operands) > 1 else None
        kind = op.properties["kind"].value
        if isinstance(element, (IntegerType, IndexType)):
            result = self._integer(rewriter, kind, llvm_type, source, acc)
        elif isinstance(element, FloatType):
            result = self._float(op, rewriter, kind, llvm_type, source, acc)
        else:
            return False
        if result is None:
            return False
        rewriter.replace_op(op, [result])
        return True

    @staticmethod
    def _integer(rewriter, kind, llvm_type, source, acc):
        entry = INTEGER_REDUCTIONS.get(kind)
        if entry is None:
            return None
        intrinsic, join = entry
        result = rewriter.insert(intrinsic.create([source], [llvm_type])).results[0]
        if acc is None:
            return result
        if not isinstance(join, str):
            return rewriter.create(join, acc, result).results[0]
        predicate = IntegerAttr(ICMP_PREDICATES.index(join), i64)
        cmp = rewriter.create(L.ICmpOp, acc, result, predicate=predicate).results[0]
        return rewriter.create(L.SelectOp, cmp, acc, result, result_types=[acc.type]).results[0]

    def _float(self, op, rewriter, kind, llvm_type, source, acc):
        flags = set(op.properties["fastmath"].flags)
        if self.reassociate:
            flags.add("reassoc")
        fmf = {"fastmathFlags": L.FastmathFlagsAttr(frozenset(flags))}
        if kind in FLOAT_ACCUMULATIONS:
            intrinsic, neutral = FLOAT_ACCUMULATIONS[kind]
            if acc is None:
                acc = build.constant(rewriter, FloatAttr(neutral, llvm_type), llvm_type)
            new = intrinsic.create([acc, source], [llvm_type], fmf)
            return rewriter.insert(new).results[0]
        entry = FLOAT_COMPARISONS.get(kind)
        if entry is None:
            return None
        intrinsic, join = entry
        result = rewriter.insert(intrinsic.create([source], [llvm_type], fmf)).results[0]
        if acc is None:
            return result
        return rewriter.create(join, result, acc).results[0]


# --- masks -----------------------------------------------------------------------------------
class CreateMask1DLowering(RewritePattern):
    """A 0-D or 1-D `vector.create_mask` is `[0, 1, ..] < splat(bound)` (MLIR's
    `VectorCreateMaskOpConversion` with `buildVectorComparison`, and for scalable masks
    `VectorCreateMaskOpRewritePattern` with `llvm.intr.experimental.stepvector`): the lane
    numbers in `i32` with `force_32bit`, else in `i64`."""

    def __init__(self, force_32bit: bool) -> None:
        super().__init__(vector.CreateMaskOp)
        self.force_32bit = force_32bit

    def match_and_rewrite(self, op, rewriter: PatternRewriter) -> bool:
        mask_type = op.results[0].type
        if mask_type.rank > 1:
            return False
        index_type = i32 if self.force_32bit else i64
        if any(mask_type.scalable):
            lanes = VectorType(mask_type.shape, index_type, mask_type.scalable)
            indices = rewriter.insert(L.StepVectorOp.create((), [lanes])).results[0]
        else:
            count = mask_type.shape[0] if mask_type.rank else 0
            indices = lane_numbers(rewriter, index_type, count)
        rewriter.replace_op(op, [_less_than(rewriter, indices, op.operand(0))])
        return True


def lane_numbers(rewriter, index_type, lanes: int):
    """`arith.constant dense<[0, 1, ..]>` over `lanes` lanes of `index_type` (0: a 0-D
    vector), as MLIR's `buildVectorComparison` makes them."""
    indices_type = VectorType((lanes,) if lanes else (), index_type)
    numbers = DenseElementsAttr.from_array(list(range(lanes)) if lanes else 0, indices_type)
    return rewriter.create(arith.ConstantOp, numbers).results[0]


def _less_than(rewriter, indices, bound):
    """`indices < splat(bound)`, the bound cast to the indices' element type."""
    limit = _cast_index_like(rewriter, bound, indices.type.element_type)
    limits = rewriter.create(vector.SplatOp, limit, result_types=[indices.type]).results[0]
    predicate = IntegerAttr(ICMP_PREDICATES.index("slt"), i64)
    return rewriter.create(arith.CmpIOp, indices, limits, predicate=predicate).results[0]


def _cast_index_like(rewriter, value, target):
    """`value` as `target` (MLIR's `getValueOrCreateCastToIndexLike`): an index cast from or
    to `index`, else a sign extension or truncation."""
    if value.type == target:
        return value
    if isinstance(value.type, IndexType) or isinstance(target, IndexType):
        return rewriter.create(arith.IndexCastOp, value, result_types=[target]).results[0]
    op = arith.ExtSIOp if value.type.width < target.width else arith.TruncIOp
    return rewriter.create(op, value, result_types=[target]).results[0]


def vector_to_llvm_patterns(
    converter: LLVMTypeConverter, reassociate_fp_reductions: bool, force_32bit: bool
) -> list:
    """The conversion's patterns (MLIR's `populateVectorMaskMaterializationPatterns`,
    `populateVectorTransferLoweringPatterns` and `populateVectorToLLVMConversionPatterns`)."""
    patterns = [
        CreateMask1DLowering(force_32bit),
        MaterializeTransferMask(vector.TransferReadOp),
        MaterializeTransferMask(vector.TransferWriteOp),
        *transfer_lowering_patterns(max_transfer_rank=None),
        FMANdUnrolling(),
        ReductionLowering(converter, reassociate_fp_reductions),
    ]
    patterns += [
        cls(converter)
        for cls in (
            BitCastLowering, ShuffleLowering, ExtractElementLowering, ExtractLowering,
            FMA1DLowering, InsertElementLowering, InsertLowering, SplatLowering,
            SplatNdLowering, InterleaveLowering,
        )
    ]  # fmt: skip
    return patterns + vector_memory_patterns(converter)


# Options MLIR 19's pass has for dialects mlc lacks: accepted when off.
_TARGET_OPTIONS = (
    "enable_arm_neon", "enable_arm_sve", "enable_amx", "enable_x86vector", "enable_arm_sme",
    "enable_arm_bf16",
)  # fmt: skip


def _target_option(dialect: str):
    return field(
        default=False,
        metadata={"help": f"Enables the use of {dialect} dialect while lowering the vector "
                  "dialect (not available in mlc: only false is accepted)."},
    )  # fmt: skip


@register_pass
@dataclass(frozen=True)
class ConvertVectorToLLVM(Pass):
    """Lowers vector ops to simpler ones, then converts them to the llvm dialect."""

    name = "convert-vector-to-llvm"
    summary = "Lower the operations from the vector dialect into the LLVM dialect"
    reassociate_fp_reductions: bool = field(
        default=False, metadata={"help": "Allows llvm to reassociate floating-point reductions "
                                 "for speed"}
    )  # fmt: skip
    force_32bit_vector_indices: bool = field(
        default=True, metadata={"help": "Allows compiler to assume vector indices fit in "
                                "32-bit if that yields faster code"}
    )  # fmt: skip
    enable_amx: bool = _target_option("AMX")
    enable_arm_neon: bool = _target_option("ArmNeon")
    enable_arm_sve: bool = _target_option("ArmSVE")
    enable_arm_sme: bool = _target_option("ArmSME")
    enable_arm_bf16: bool = _target_option("Arm BF16")
    enable_x86vector: bool = _target_option("X86Vector")

    def __post_init__(self) -> None:
        super().__post_init__()
        for option in _TARGET_OPTIONS:
            if getattr(self, option):
                raise PassFailure(
                    f"option '{option.replace('_', '-')}' is not available: mlc has no "
                    "target-specific vector dialect (ArmNeon, ArmSVE, ArmSME, AMX, X86Vector)"
                )

    def run(self, op) -> None:
        apply_patterns_greedily(op, vector_lowering_patterns(max_transfer_rank=1))
        converter = LLVMTypeConverter()
        patterns = vector_to_llvm_patterns(
            converter, self.reassociate_fp_reductions, self.force_32bit_vector_indices
        )
        target = llvm_conversion_target()
        target.add_legal_dialect("arith")
        target.add_legal_dialect("memref")
        apply_partial_conversion(op, target, patterns)
