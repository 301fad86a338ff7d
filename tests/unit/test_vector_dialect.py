"""The vector dialect's reference interpreter, effects and builders.

The expected values of the transfer, reduction, outer product, bitcast and print cases were
checked against mlir-opt 19's lowering to LLVM run by mlir-cpu-runner (with runtime print
functions as MLIR's CRunnerUtils writes them).
"""

from __future__ import annotations

import numpy as np
import pytest

import mlc
from mlc.dialects.vector import ExtractOp, TransposeOp
from mlc.dialects.vector.interpreter import combiner
from mlc.ir.effects import is_trivially_dead, memory_effects
from mlc.ir.interpreter import Interpreter, UndefinedBehavior
from mlc.ir.types import f32

F = np.float32


def run(source: str, name: str, *args):
    module = mlc.parse(source)
    mlc.verify(module)
    return Interpreter(module).call(name, *args)


def one(source: str, *args):
    """The single result of `@f`."""
    (result,) = run(source, "f", *args)
    return result


# --- building and taking apart -------------------------------------------------------------------
def test_broadcast_splat_extract_insert() -> None:
    source = """
    func.func @f(%s: f32, %v: vector<4xf32>, %i: index) -> (vector<2x4xf32>, vector<3xf32>, f32, vector<2x4xf32>, vector<4xf32>) {
      %0 = vector.broadcast %v : vector<4xf32> to vector<2x4xf32>
      %1 = vector.splat %s : vector<3xf32>
      %2 = vector.extract %0[1, %i] : f32 from vector<2x4xf32>
      %3 = vector.insert %v, %0 [0] : vector<4xf32> into vector<2x4xf32>
      %4 = vector.insertelement %s, %v[%i : index] : vector<4xf32>
      return %0, %1, %2, %3, %4 : vector<2x4xf32>, vector<3xf32>, f32, vector<2x4xf32>, vector<4xf32>
    }"""  # noqa: E501
    v = np.array([1, 2, 3, 4], F)
    b, s, e, ins, ie = run(source, "f", F(9), v, np.int64(2))
    np.testing.assert_array_equal(b, [v, v])
    np.testing.assert_array_equal(s, [9, 9, 9])
    assert e == F(3) and type(e) is np.float32
    np.testing.assert_array_equal(ins, [v, v])
    np.testing.assert_array_equal(ie, [1, 2, 9, 4])


def test_dynamic_position_out_of_bounds_is_undefined() -> None:
    source = """
    func.func @f(%v: vector<4xf32>, %i: index) -> f32 {
      %0 = vector.extract %v[%i] : f32 from vector<4xf32>
      return %0 : f32
    }"""
    with pytest.raises(UndefinedBehavior, match="position 4 out of bounds"):
        one(source, np.zeros(4, F), np.int64(4))


def test_zero_d_vectors() -> None:
    source = """
    func.func @f(%v: vector<f32>) -> (f32, vector<2xf32>, f32) {
      %0 = vector.extractelement %v[] : vector<f32>
      %1 = vector.shuffle %v, %v [1, 0] : vector<f32>, vector<f32>
      %2 = vector.reduction <add>, %v : vector<f32> into f32
      return %0, %1, %2 : f32, vector<2xf32>, f32
    }"""
    e, s, r = run(source, "f", np.array(2.5, F))
    assert e == 2.5 and r == 2.5
    np.testing.assert_array_equal(s, [2.5, 2.5])


# --- rearranging ---------------------------------------------------------------------------------
def test_shuffle_interleave_shape_cast_transpose() -> None:
    source = """
    func.func @f(%a: vector<3xf32>, %b: vector<2xf32>, %m: vector<2x3xf32>) -> (vector<3xf32>, vector<6xf32>, vector<3x2xf32>, vector<3x2xf32>) {
      %0 = vector.shuffle %a, %b [4, 0, 3] : vector<3xf32>, vector<2xf32>
      %1 = vector.interleave %a, %a : vector<3xf32> -> vector<6xf32>
      %2 = vector.shape_cast %m : vector<2x3xf32> to vector<3x2xf32>
      %3 = vector.transpose %m, [1, 0] : vector<2x3xf32> to vector<3x2xf32>
      return %0, %1, %2, %3 : vector<3xf32>, vector<6xf32>, vector<3x2xf32>, vector<3x2xf32>
    }"""  # noqa: E501
    a, b = np.array([1, 2, 3], F), np.array([7, 8], F)
    m = np.arange(6, dtype=F).reshape(2, 3)
    shuffled, interleaved, cast, transposed = run(source, "f", a, b, m)
    np.testing.assert_array_equal(shuffled, [8, 1, 7])
    np.testing.assert_array_equal(interleaved, [1, 1, 2, 2, 3, 3])
    np.testing.assert_array_equal(cast, m.reshape(3, 2))
    np.testing.assert_array_equal(transposed, m.T)


def test_bitcast_puts_element_zero_in_the_low_bits() -> None:
    source = """
    func.func @f(%b: vector<8xi1>, %v: vector<2xf32>) -> (vector<1xi8>, vector<1xi64>) {
      %0 = vector.bitcast %b : vector<8xi1> to vector<1xi8>
      %1 = vector.bitcast %v : vector<2xf32> to vector<1xi64>
      return %0, %1 : vector<1xi8>, vector<1xi64>
    }"""
    bits = np.array([1, 0, 1, 1, 0, 0, 0, 1], bool)
    packed, wide = run(source, "f", bits, np.array([1.0, 2.0], F))
    np.testing.assert_array_equal(packed, [-115])
    assert wide[0] == (0x40000000 << 32 | 0x3F800000)


def test_masks() -> None:
    source = """
    func.func @f(%n: index) -> (vector<3x4xi1>, vector<3x4xi1>, vector<i1>) {
      %c2 = arith.constant 2 : index
      %0 = vector.create_mask %n, %c2 : vector<3x4xi1>
      %1 = vector.constant_mask [2, 3] : vector<3x4xi1>
      %2 = vector.create_mask %n : vector<i1>
      return %0, %1, %2 : vector<3x4xi1>, vector<3x4xi1>, vector<i1>
    }"""
    created, constant, zero_d = run(source, "f", np.int64(9))
    np.testing.assert_array_equal(created, np.array([[1, 1, 0, 0]] * 3, bool))
    np.testing.assert_array_equal(constant, [[1, 1, 1, 0], [1, 1, 1, 0], [0, 0, 0, 0]])
    assert zero_d[()]


# --- combining -----------------------------------------------------------------------------------
def test_reductions_wrap_and_order() -> None:
    source = """
    func.func @f(%v: vector<4xi8>, %w: vector<3xf32>, %p: f32, %m: vector<2x3xf32>, %acc: vector<2xf32>) -> (i8, i8, f32, vector<2xf32>) {
      %0 = vector.reduction <add>, %v : vector<4xi8> into i8
      %1 = vector.reduction <minui>, %v : vector<4xi8> into i8
      %2 = vector.reduction <maximumf>, %w, %p : vector<3xf32> into f32
      %3 = vector.multi_reduction <add>, %m, %acc [1] : vector<2x3xf32> to vector<2xf32>
      return %0, %1, %2, %3 : i8, i8, f32, vector<2xf32>
    }"""  # noqa: E501
    v = np.array([100, 100, 100, 7], np.int8)
    m = np.arange(1, 7, dtype=F).reshape(2, 3)
    add, minu, maximum, multi = run(
        source, "f", v, np.array([100, 300, 200], F), F(-1), m, np.array([10, 20], F)
    )
    assert add == np.int8(51) and minu == np.int8(7) and maximum == F(300)
    np.testing.assert_array_equal(multi, [16, 35])


def test_float_add_reduction_is_ordered_from_zero() -> None:
    """Without an accumulator LLVM's ordered fadd starts from +0.0, so the order shows."""
    source = """
    func.func @f(%v: vector<3xf32>) -> f32 {
      %0 = vector.reduction <add>, %v : vector<3xf32> into f32
      return %0 : f32
    }"""
    big = F(2**24)
    assert one(source, np.array([big, 1, 1], F)) == big  # (2^24 + 1) + 1 rounds down twice
    assert one(source, np.array([1, 1, big], F)) == big + 2


def test_contract_is_matmul() -> None:
    source = """
    #a = affine_map<(i, j, k) -> (i, k)>
    #b = affine_map<(i, j, k) -> (k, j)>
    #c = affine_map<(i, j, k) -> (i, j)>
    func.func @f(%x: vector<2x3xf32>, %y: vector<3x4xf32>, %z: vector<2x4xf32>) -> vector<2x4xf32> {
      %0 = vector.contract {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]} %x, %y, %z : vector<2x3xf32>, vector<3x4xf32> into vector<2x4xf32>
      return %0 : vector<2x4xf32>
    }"""  # noqa: E501
    rng = np.random.default_rng(0)
    x, y, z = (rng.standard_normal(s).astype(F) for s in ((2, 3), (3, 4), (2, 4)))
    np.testing.assert_allclose(one(source, x, y, z), x @ y + z, rtol=1e-6)


def test_contract_batched_mixed_precision_and_kinds() -> None:
    source = """
    #lhs = affine_map<(b, i, j, k) -> (b, k, i)>
    #rhs = affine_map<(b, i, j, k) -> (b, k, j)>
    #res = affine_map<(b, i, j, k) -> (b, j, i)>
    #dot = affine_map<(k) -> (k)>
    #scalar = affine_map<(k) -> ()>
    func.func @f(%x: vector<2x3x4xi8>, %y: vector<2x3x5xi8>, %z: vector<2x5x4xi32>, %a: vector<4xf32>, %s: f32) -> (vector<2x5x4xi32>, f32) {
      %0 = vector.contract {indexing_maps = [#lhs, #rhs, #res], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} %x, %y, %z : vector<2x3x4xi8>, vector<2x3x5xi8> into vector<2x5x4xi32>
      %1 = vector.contract {indexing_maps = [#dot, #dot, #scalar], iterator_types = ["reduction"], kind = #vector.kind<maxnumf>} %a, %a, %s : vector<4xf32>, vector<4xf32> into f32
      return %0, %1 : vector<2x5x4xi32>, f32
    }"""  # noqa: E501
    rng = np.random.default_rng(1)
    x = rng.integers(-128, 128, (2, 3, 4)).astype(np.int8)
    y = rng.integers(-128, 128, (2, 3, 5)).astype(np.int8)
    z = rng.integers(-1000, 1000, (2, 5, 4)).astype(np.int32)
    batched, maximum = run(source, "f", x, y, z, np.array([1, -3, 2, 0.5], F), F(4))
    expected = np.einsum("bki,bkj->bji", x.astype(np.int32), y.astype(np.int32)) + z
    np.testing.assert_array_equal(batched, expected)
    assert maximum == F(9)  # max(4, 1, 9, 4, 0.25)


def test_outerproduct_and_fma() -> None:
    source = """
    func.func @f(%a: vector<3xf32>, %acc: vector<3x3xf32>, %s: f32) -> (vector<3x3xf32>, vector<3xf32>, vector<3xf32>) {
      %0 = vector.outerproduct %a, %a, %acc {kind = #vector.kind<maxnumf>} : vector<3xf32>, vector<3xf32>
      %1 = vector.outerproduct %a, %s : vector<3xf32>, f32
      %2 = vector.fma %a, %a, %a : vector<3xf32>
      return %0, %1, %2 : vector<3x3xf32>, vector<3xf32>, vector<3xf32>
    }"""  # noqa: E501
    a = np.array([100, 200, 300], F)
    outer, axpy, fma = run(source, "f", a, np.full((3, 3), 25000, F), F(2))
    np.testing.assert_array_equal(outer, np.maximum(np.outer(a, a), 25000))
    np.testing.assert_array_equal(axpy, 2 * a)
    np.testing.assert_array_equal(fma, a * a + a)


def test_combiner_follows_arith() -> None:
    add = combiner("add", f32)
    assert add(np.array([np.nan], F), np.array([1], F)).dtype == np.float32
    maximum = combiner("maximumf", f32)
    assert np.isnan(maximum(np.array([np.nan], F), np.array([1], F))[0])
    assert combiner("maxnumf", f32)(np.array([np.nan], F), np.array([1], F))[0] == 1


# --- memory --------------------------------------------------------------------------------------
TRANSFERS = """
func.func @read_transposed(%m: memref<3x4xf32>, %i: index, %j: index) -> vector<4x2xf32> {
  %p = arith.constant -1.0 : f32
  %0 = vector.transfer_read %m[%i, %j], %p {permutation_map = affine_map<(d0, d1) -> (d1, d0)>} : memref<3x4xf32>, vector<4x2xf32>
  return %0 : vector<4x2xf32>
}
func.func @read_broadcast(%m: memref<3x4xf32>, %i: index) -> vector<2x4xf32> {
  %p = arith.constant -1.0 : f32
  %0 = vector.transfer_read %m[%i, %i], %p {in_bounds = [true, false], permutation_map = affine_map<(d0, d1) -> (0, d1)>} : memref<3x4xf32>, vector<2x4xf32>
  return %0 : vector<2x4xf32>
}
func.func @read_masked(%m: memref<3x4xf32>, %i: index, %j: index, %k: vector<4xi1>) -> vector<4xf32> {
  %p = arith.constant -1.0 : f32
  %0 = vector.transfer_read %m[%i, %j], %p, %k : memref<3x4xf32>, vector<4xf32>
  return %0 : vector<4xf32>
}
func.func @read_in_bounds(%m: memref<3x4xf32>, %i: index) -> vector<4xf32> {
  %p = arith.constant -1.0 : f32
  %0 = vector.transfer_read %m[%i, %i], %p {in_bounds = [true]} : memref<3x4xf32>, vector<4xf32>
  return %0 : vector<4xf32>
}
func.func @write(%m: memref<3x4xf32>, %v: vector<3xf32>, %k: vector<3xi1>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  vector.transfer_write %v, %m[%c0, %c2] : vector<3xf32>, memref<3x4xf32>
  vector.transfer_write %v, %m[%c0, %c1], %k {permutation_map = affine_map<(d0, d1) -> (d0)>} : vector<3xf32>, memref<3x4xf32>
  return
}
func.func @write_tensor(%t: tensor<2x3xf32>, %v: vector<2xf32>, %i: index) -> tensor<2x3xf32> {
  %0 = vector.transfer_write %v, %t[%i, %i] : vector<2xf32>, tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
"""  # noqa: E501
GRID = np.arange(12, dtype=F).reshape(3, 4)


def test_transfer_read_permutes_and_pads() -> None:
    result = run(TRANSFERS, "read_transposed", GRID, np.int64(1), np.int64(2))[0]
    np.testing.assert_array_equal(result, [[6, 10], [7, 11], [-1, -1], [-1, -1]])


def test_transfer_read_broadcasts() -> None:
    result = run(TRANSFERS, "read_broadcast", GRID, np.int64(1))[0]
    np.testing.assert_array_equal(result, [[5, 6, 7, -1]] * 2)


def test_transfer_read_masked() -> None:
    mask = np.array([1, 0, 1, 1], bool)
    result = run(TRANSFERS, "read_masked", GRID, np.int64(2), np.int64(1), mask)[0]
    np.testing.assert_array_equal(result, [9, -1, 11, -1])


def test_transfer_read_out_of_bounds_in_bounds_dim_is_undefined() -> None:
    with pytest.raises(UndefinedBehavior, match="out of bounds"):
        run(TRANSFERS, "read_in_bounds", GRID, np.int64(1))


def test_transfer_read_negative_index_is_undefined() -> None:
    with pytest.raises(UndefinedBehavior, match="out of bounds"):
        run(TRANSFERS, "read_transposed", GRID, np.int64(-1), np.int64(0))


def test_transfer_write_skips_out_of_bounds_and_masked_elements() -> None:
    m = GRID.copy()
    run(TRANSFERS, "write", m, np.array([100, 200, 300], F), np.array([1, 0, 1], bool))
    np.testing.assert_array_equal(m, [[0, 100, 100, 200], [4, 5, 6, 7], [8, 300, 10, 11]])


def test_transfer_write_to_tensor_returns_a_new_tensor() -> None:
    t = np.zeros((2, 3), F)
    result = run(TRANSFERS, "write_tensor", t, np.array([1, 2], F), np.int64(1))[0]
    np.testing.assert_array_equal(result, [[0, 0, 0], [0, 1, 2]])
    assert not t.any()


def test_loads_and_stores() -> None:
    source = """
    func.func @f(%m: memref<8xf32>, %i: index, %k: vector<4xi1>, %p: vector<4xf32>) -> (vector<4xf32>, vector<4xf32>) {
      %0 = vector.load %m[%i] : memref<8xf32>, vector<4xf32>
      %1 = vector.maskedload %m[%i], %k, %p : memref<8xf32>, vector<4xi1>, vector<4xf32> into vector<4xf32>
      vector.maskedstore %m[%i], %k, %p : memref<8xf32>, vector<4xi1>, vector<4xf32>
      vector.store %0, %m[%i] : memref<8xf32>, vector<4xf32>
      return %0, %1 : vector<4xf32>, vector<4xf32>
    }"""  # noqa: E501
    m = np.arange(8, dtype=F)
    mask = np.array([1, 0, 0, 1], bool)
    loaded, masked = run(source, "f", m, np.int64(2), mask, np.full(4, -1, F))
    np.testing.assert_array_equal(loaded, [2, 3, 4, 5])
    np.testing.assert_array_equal(masked, [2, -1, -1, 5])
    np.testing.assert_array_equal(m, np.arange(8))
    with pytest.raises(UndefinedBehavior, match="out of bounds"):
        run(source, "f", m, np.int64(6), mask, np.full(4, -1, F))


def test_reading_memory_never_written_is_undefined() -> None:
    source = """
    func.func @f(%i: index) -> vector<4xf32> {
      %m = memref.alloc() : memref<8xf32>
      %0 = vector.load %m[%i] : memref<8xf32>, vector<4xf32>
      return %0 : vector<4xf32>
    }"""
    with pytest.raises(UndefinedBehavior, match="never written"):
        one(source, np.int64(0))


# --- print ---------------------------------------------------------------------------------------
def test_print_as_the_lowered_code_prints(capsys) -> None:
    source = """
    func.func @f(%v: vector<2x2xf32>, %z: vector<i32>, %b: vector<2xi1>, %i: index, %s: i8) {
      vector.print %v : vector<2x2xf32>
      vector.print %z : vector<i32>
      vector.print %b : vector<2xi1>
      vector.print %i : index
      vector.print %s : i8 punctuation <comma>
      vector.print punctuation <open>
      vector.print str "hi"
      return
    }"""
    v = np.array([[1, 2.5], [-3, np.nan]], F)
    run(source, "f", v, np.array(7, np.int32), np.array([1, 0], bool), np.int64(-3), np.int8(-5))
    assert capsys.readouterr().out == (
        "( ( 1, 2.5 ), ( -3, nan ) )\n( 7 )\n( 1, 0 )\n18446744073709551613\n-5, ( hi"
    )


# --- effects and builders ------------------------------------------------------------------------
def test_transfers_have_effects_only_on_memrefs() -> None:
    module = mlc.parse(TRANSFERS)
    transfers = {
        (op.name, type(op.source.type).__name__): op
        for op in module.iter_nested()
        if op.name.startswith("vector.transfer")
    }
    assert memory_effects(transfers["vector.transfer_read", "MemRefType"]) == {"read"}
    assert memory_effects(transfers["vector.transfer_write", "MemRefType"]) == {"write"}
    tensor_write = transfers["vector.transfer_write", "RankedTensorType"]
    assert memory_effects(tensor_write) == frozenset()
    assert not is_trivially_dead(tensor_write)  # its result is returned


def test_builders_infer_result_types() -> None:
    module = mlc.parse("func.func @f(%v: vector<2x3x4xf32>, %i: index) {\n  return\n}")
    v, i = module.body.blocks[0].first_op.regions[0].blocks[0].args
    assert str(ExtractOp.at(v, [1, i]).results[0].type) == "vector<4xf32>"
    assert str(ExtractOp.at(v, [1, 2, 3]).results[0].type) == "f32"
    assert str(TransposeOp.of(v, [2, 0, 1]).results[0].type) == "vector<4x2x3xf32>"
