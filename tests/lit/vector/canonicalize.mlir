// RUN: mlc-opt %s --canonicalize --split-input-file | filecheck %s

// The vector folds and canonicalization patterns of MLIR 19: broadcast, splat, extract and
// insert (through inserts, transposes, broadcasts and shape casts; constants), shuffles,
// shape casts, transposes, bitcasts, masks, single-element reductions, masked accesses and
// transfers. The same RUN line passes with mlir-opt 19.

// broadcast of broadcast is one broadcast; a no-op broadcast folds; constants splat.
// CHECK-LABEL: func.func @broadcast(
// CHECK-NEXT:    %cst = arith.constant dense<7> : vector<4xi32>
// CHECK-NEXT:    %cst_0 = arith.constant dense<1.500000e+00> : vector<2x4xf32>
// CHECK-NEXT:    %0 = vector.broadcast %arg0 : f32 to vector<2x3x4xf32>
// CHECK-NEXT:    return %0, %arg1, %cst_0, %cst : vector<2x3x4xf32>, vector<4xf32>, vector<2x4xf32>, vector<4xi32>
// CHECK-NEXT:  }
func.func @broadcast(%s: f32, %v: vector<4xf32>) -> (vector<2x3x4xf32>, vector<4xf32>, vector<2x4xf32>, vector<4xi32>) {
  %0 = vector.broadcast %s : f32 to vector<4xf32>
  %1 = vector.broadcast %0 : vector<4xf32> to vector<2x3x4xf32>
  %2 = vector.broadcast %v : vector<4xf32> to vector<4xf32>
  %c = arith.constant 1.5 : f32
  %3 = vector.broadcast %c : f32 to vector<2x4xf32>
  %d = arith.constant dense<7> : vector<1xi32>
  %4 = vector.broadcast %d : vector<1xi32> to vector<4xi32>
  return %1, %2, %3, %4 : vector<2x3x4xf32>, vector<4xf32>, vector<2x4xf32>, vector<4xi32>
}

// -----

// CHECK-LABEL: func.func @splat(
// CHECK-NEXT:    %cst = arith.constant dense<2.000000e+00> : vector<4xf32>
// CHECK-NEXT:    %cst_0 = arith.constant dense<3> : vector<2xindex>
// CHECK-NEXT:    return %cst, %cst_0 : vector<4xf32>, vector<2xindex>
// CHECK-NEXT:  }
func.func @splat() -> (vector<4xf32>, vector<2xindex>) {
  %c = arith.constant 2.0 : f32
  %0 = vector.splat %c : vector<4xf32>
  %i = arith.constant 3 : index
  %1 = vector.splat %i : vector<2xindex>
  return %0, %1 : vector<4xf32>, vector<2xindex>
}

// -----

// extract of broadcast: the scalar itself, an extract from the source, or a smaller broadcast.
// CHECK-LABEL: func.func @extract_broadcast(
// CHECK-NEXT:    %0 = vector.broadcast %arg0 : f32 to vector<2x4xf32>
// CHECK-NEXT:    %1 = vector.extract %0[1, %arg3] : f32 from vector<2x4xf32>
// CHECK-NEXT:    %2 = vector.extract %arg1[2] : f32 from vector<4xf32>
// CHECK-NEXT:    %3 = vector.extract %arg2[0, 3] : f32 from vector<1x4xf32>
// CHECK-NEXT:    %4 = vector.broadcast %arg2 : vector<1x4xf32> to vector<3x4xf32>
// CHECK-NEXT:    %5 = vector.splat %arg0 : vector<8xf32>
// CHECK-NEXT:    %6 = vector.extract %5[%arg3] : f32 from vector<8xf32>
// CHECK-NEXT:    return %1, %2, %arg1, %3, %4, %6 : f32, f32, vector<4xf32>, f32, vector<3x4xf32>, f32
// CHECK-NEXT:  }
func.func @extract_broadcast(%s: f32, %v: vector<4xf32>, %w: vector<1x4xf32>, %i: index) -> (f32, f32, vector<4xf32>, f32, vector<3x4xf32>, f32) {
  %b = vector.broadcast %s : f32 to vector<2x4xf32>
  %0 = vector.extract %b[1, %i] : f32 from vector<2x4xf32>
  %c = vector.broadcast %v : vector<4xf32> to vector<2x4xf32>
  %1 = vector.extract %c[1, 2] : f32 from vector<2x4xf32>
  %2 = vector.extract %c[1] : vector<4xf32> from vector<2x4xf32>
  %d = vector.broadcast %w : vector<1x4xf32> to vector<2x3x4xf32>
  %3 = vector.extract %d[1, 2, 3] : f32 from vector<2x3x4xf32>
  %4 = vector.extract %d[0] : vector<3x4xf32> from vector<2x3x4xf32>
  %e = vector.splat %s : vector<8xf32>
  %5 = vector.extract %e[%i] : f32 from vector<8xf32>
  return %0, %1, %2, %3, %4, %5 : f32, f32, vector<4xf32>, f32, vector<3x4xf32>, f32
}

// -----

// extract of insert: the inserted value at the same position, looking past inserts elsewhere
// and through transposes; of an extract: one extract.
// CHECK-LABEL: func.func @extract_insert(
// CHECK-NEXT:    %0 = vector.extract %arg2[1, 1] : f32 from vector<2x4xf32>
// CHECK-NEXT:    %1 = vector.extract %arg3[3] : f32 from vector<4xf32>
// CHECK-NEXT:    %2 = vector.extract %arg3[3] : f32 from vector<4xf32>
// CHECK-NEXT:    %3 = vector.extract %arg2[1] : vector<4xf32> from vector<2x4xf32>
// CHECK-NEXT:    %4 = vector.extract %arg2[1, 2] : f32 from vector<2x4xf32>
// CHECK-NEXT:    return %arg0, %0, %1, %2, %3, %4 : f32, f32, f32, f32, vector<4xf32>, f32
// CHECK-NEXT:  }
func.func @extract_insert(%s: f32, %t: f32, %v: vector<2x4xf32>, %u: vector<4xf32>) -> (f32, f32, f32, f32, vector<4xf32>, f32) {
  %0 = vector.insert %s, %v [1, 2] : f32 into vector<2x4xf32>
  %1 = vector.insert %t, %0 [0, 3] : f32 into vector<2x4xf32>
  %2 = vector.extract %1[1, 2] : f32 from vector<2x4xf32>
  %3 = vector.extract %1[1, 1] : f32 from vector<2x4xf32>
  %4 = vector.insert %u, %v [0] : vector<4xf32> into vector<2x4xf32>
  %5 = vector.extract %4[0, 3] : f32 from vector<2x4xf32>
  %6 = vector.transpose %4, [1, 0] : vector<2x4xf32> to vector<4x2xf32>
  %7 = vector.extract %6[3, 0] : f32 from vector<4x2xf32>
  %8 = vector.extract %v[1] : vector<4xf32> from vector<2x4xf32>
  %9 = vector.extract %8[2] : f32 from vector<4xf32>
  return %2, %3, %5, %7, %8, %9 : f32, f32, f32, f32, vector<4xf32>, f32
}

// -----

// Constants are extracted from; index operands stay, even constant ones (MLIR 19 folds no
// extract with a dynamic position).
// CHECK-LABEL: func.func @extract_constants(
// CHECK-NEXT:    %cst = arith.constant dense<5.000000e-01> : vector<4xf32>
// CHECK-NEXT:    %c2_i32 = arith.constant 2 : i32
// CHECK-NEXT:    %cst_0 = arith.constant dense<[3, 4]> : vector<2xi32>
// CHECK-NEXT:    %c1 = arith.constant 1 : index
// CHECK-NEXT:    %0 = vector.extract %arg0[%c1, %c1] : f32 from vector<2x4xf32>
// CHECK-NEXT:    return %0, %cst_0, %c2_i32, %cst : f32, vector<2xi32>, i32, vector<4xf32>
// CHECK-NEXT:  }
func.func @extract_constants(%v: vector<2x4xf32>) -> (f32, vector<2xi32>, i32, vector<4xf32>) {
  %c1 = arith.constant 1 : index
  %0 = vector.extract %v[%c1, %c1] : f32 from vector<2x4xf32>
  %d = arith.constant dense<[[1, 2], [3, 4]]> : vector<2x2xi32>
  %1 = vector.extract %d[1] : vector<2xi32> from vector<2x2xi32>
  %2 = vector.extract %d[0, 1] : i32 from vector<2x2xi32>
  %e = arith.constant dense<0.5> : vector<2x4xf32>
  %3 = vector.extract %e[1] : vector<4xf32> from vector<2x4xf32>
  return %0, %1, %2, %3 : f32, vector<2xi32>, i32, vector<4xf32>
}

// -----

// extract of shape_cast reads the source (an extract of shuffle does not fold in MLIR 19).
// CHECK-LABEL: func.func @extract_reshaped(
// CHECK-NEXT:    %0 = vector.extract %arg0[6] : f32 from vector<8xf32>
// CHECK-NEXT:    %1 = vector.extract %arg2[1] : vector<4xf32> from vector<2x4xf32>
// CHECK-NEXT:    %2 = vector.shuffle %arg1, %arg1 [7, 0, 1] : vector<4xf32>, vector<4xf32>
// CHECK-NEXT:    %3 = vector.extract %2[0] : f32 from vector<3xf32>
// CHECK-NEXT:    return %0, %1, %3 : f32, vector<4xf32>, f32
// CHECK-NEXT:  }
func.func @extract_reshaped(%v: vector<8xf32>, %w: vector<4xf32>, %m: vector<2x4xf32>) -> (f32, vector<4xf32>, f32) {
  %0 = vector.shape_cast %v : vector<8xf32> to vector<2x4xf32>
  %1 = vector.extract %0[1, 2] : f32 from vector<2x4xf32>
  %2 = vector.shape_cast %m : vector<2x4xf32> to vector<1x2x4xf32>
  %3 = vector.extract %2[0, 1] : vector<4xf32> from vector<1x2x4xf32>
  %4 = vector.shuffle %w, %w [7, 0, 1] : vector<4xf32>, vector<4xf32>
  %5 = vector.extract %4[0] : f32 from vector<3xf32>
  return %1, %3, %5 : f32, vector<4xf32>, f32
}

// -----

// insert: of everything is a broadcast; of constants a constant; of splats a splat.
// CHECK-LABEL: func.func @insert(
// CHECK-NEXT:    %cst = arith.constant dense<[1, 2, 9, 4]> : vector<4xi32>
// CHECK-NEXT:    %0 = vector.broadcast %arg0 : vector<4xf32> to vector<1x4xf32>
// CHECK-NEXT:    %1 = vector.splat %arg1 : vector<4xf32>
// CHECK-NEXT:    %2 = vector.insert %arg1, %1 [1] : f32 into vector<4xf32>
// CHECK-NEXT:    return %0, %cst, %2, %arg0 : vector<1x4xf32>, vector<4xi32>, vector<4xf32>, vector<4xf32>
// CHECK-NEXT:  }
func.func @insert(%v: vector<4xf32>, %s: f32) -> (vector<1x4xf32>, vector<4xi32>, vector<4xf32>, vector<4xf32>) {
  %d = arith.constant dense<0.0> : vector<1x4xf32>
  %0 = vector.insert %v, %d [0] : vector<4xf32> into vector<1x4xf32>
  %c = arith.constant dense<[1, 2, 3, 4]> : vector<4xi32>
  %k = arith.constant 9 : i32
  %1 = vector.insert %k, %c [2] : i32 into vector<4xi32>
  %a = vector.splat %s : vector<4xf32>
  %2 = vector.insert %s, %a [1] : f32 into vector<4xf32>
  %3 = vector.insert %v, %v [] : vector<4xf32> into vector<4xf32>
  return %0, %1, %2, %3 : vector<1x4xf32>, vector<4xi32>, vector<4xf32>, vector<4xf32>
}

// -----

// CHECK-LABEL: func.func @elements_with_constant_positions(
// CHECK-NEXT:    %cst = arith.constant 3.000000e+00 : f32
// CHECK-NEXT:    %cst_0 = arith.constant dense<[0, 0, 5, 0]> : vector<4xi32>
// CHECK-NEXT:    return %arg0, %cst, %cst_0 : f32, f32, vector<4xi32>
// CHECK-NEXT:  }
func.func @elements_with_constant_positions(%s: f32, %v: vector<4xf32>) -> (f32, f32, vector<4xi32>) {
  %c2 = arith.constant 2 : i32
  %b = vector.broadcast %s : f32 to vector<4xf32>
  %0 = vector.extractelement %b[%c2 : i32] : vector<4xf32>
  %d = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : vector<4xf32>
  %1 = vector.extractelement %d[%c2 : i32] : vector<4xf32>
  %e = arith.constant dense<0> : vector<4xi32>
  %k = arith.constant 5 : i32
  %2 = vector.insertelement %k, %e[%c2 : i32] : vector<4xi32>
  return %0, %1, %2 : f32, f32, vector<4xi32>
}

// -----

// shuffle: whole operands fold; constants fold; splats; interleaving masks.
// CHECK-LABEL: func.func @shuffle(
// CHECK-NEXT:    %cst = arith.constant dense<[4, 1, 3]> : vector<3xi32>
// CHECK-NEXT:    %0 = vector.splat %arg2 : vector<4xf32>
// CHECK-NEXT:    %1 = vector.interleave %arg0, %arg0 : vector<4xf32> -> vector<8xf32>
// CHECK-NEXT:    %2 = vector.broadcast %arg3 : vector<f32> to vector<1xf32>
// CHECK-NEXT:    return %arg0, %arg1, %cst, %0, %1, %2 : vector<4xf32>, vector<2xf32>, vector<3xi32>, vector<4xf32>, vector<8xf32>, vector<1xf32>
// CHECK-NEXT:  }
func.func @shuffle(%v: vector<4xf32>, %w: vector<2xf32>, %s: f32, %z: vector<f32>) -> (vector<4xf32>, vector<2xf32>, vector<3xi32>, vector<4xf32>, vector<8xf32>, vector<1xf32>) {
  %0 = vector.shuffle %v, %w [0, 1, 2, 3] : vector<4xf32>, vector<2xf32>
  %1 = vector.shuffle %v, %w [4, 5] : vector<4xf32>, vector<2xf32>
  %a = arith.constant dense<[1, 2]> : vector<2xi32>
  %b = arith.constant dense<[3, 4]> : vector<2xi32>
  %2 = vector.shuffle %a, %b [3, 0, 2] : vector<2xi32>, vector<2xi32>
  %c = vector.splat %s : vector<2xf32>
  %3 = vector.shuffle %c, %c [0, 3, 1, 2] : vector<2xf32>, vector<2xf32>
  %4 = vector.shuffle %v, %v [0, 4, 1, 5, 2, 6, 3, 7] : vector<4xf32>, vector<4xf32>
  %5 = vector.shuffle %z, %z [1] : vector<f32>, vector<f32>
  return %0, %1, %2, %3, %4, %5 : vector<4xf32>, vector<2xf32>, vector<3xi32>, vector<4xf32>, vector<8xf32>, vector<1xf32>
}

// -----

// shape_cast: round trips cancel, chains merge, broadcasts and splat constants absorb it.
// CHECK-LABEL: func.func @shape_cast(
// CHECK-NEXT:    %cst = arith.constant dense<1.000000e+00> : vector<4x2xf32>
// CHECK-NEXT:    %0 = vector.shape_cast %arg0 : vector<2x4xf32> to vector<8xf32>
// CHECK-NEXT:    %1 = vector.broadcast %arg1 : f32 to vector<2x4xf32>
// CHECK-NEXT:    %2 = vector.broadcast %arg2 : vector<4xf32> to vector<2x2x4xf32>
// CHECK-NEXT:    %3 = vector.shape_cast %arg2 : vector<4xf32> to vector<2x2xf32>
// CHECK-NEXT:    return %arg0, %0, %1, %cst, %2, %3 : vector<2x4xf32>, vector<8xf32>, vector<2x4xf32>, vector<4x2xf32>, vector<2x2x4xf32>, vector<2x2xf32>
// CHECK-NEXT:  }
func.func @shape_cast(%v: vector<2x4xf32>, %s: f32, %u: vector<4xf32>) -> (vector<2x4xf32>, vector<8xf32>, vector<2x4xf32>, vector<4x2xf32>, vector<2x2x4xf32>, vector<2x2xf32>) {
  %0 = vector.shape_cast %v : vector<2x4xf32> to vector<8xf32>
  %1 = vector.shape_cast %0 : vector<8xf32> to vector<2x4xf32>
  %2 = vector.shape_cast %v : vector<2x4xf32> to vector<2x2x2xf32>
  %3 = vector.shape_cast %2 : vector<2x2x2xf32> to vector<8xf32>
  %b = vector.broadcast %s : f32 to vector<8xf32>
  %4 = vector.shape_cast %b : vector<8xf32> to vector<2x4xf32>
  %c = arith.constant dense<1.0> : vector<8xf32>
  %5 = vector.shape_cast %c : vector<8xf32> to vector<4x2xf32>
  %d = vector.broadcast %u : vector<4xf32> to vector<4x4xf32>
  %6 = vector.shape_cast %d : vector<4x4xf32> to vector<2x2x4xf32>
  %e = vector.broadcast %u : vector<4xf32> to vector<1x4xf32>
  %7 = vector.shape_cast %e : vector<1x4xf32> to vector<2x2xf32>
  return %1, %3, %4, %5, %6, %7 : vector<2x4xf32>, vector<8xf32>, vector<2x4xf32>, vector<4x2xf32>, vector<2x2x4xf32>, vector<2x2xf32>
}

// -----

// transpose: the identity folds, two compose, scalar broadcasts and splats absorb it.
// CHECK-LABEL: func.func @transpose(
// CHECK-NEXT:    %cst = arith.constant dense<2.000000e+00> : vector<4x2xf32>
// CHECK-NEXT:    %0 = vector.transpose %arg0, [2, 0, 1] : vector<2x3x4xf32> to vector<4x2x3xf32>
// CHECK-NEXT:    %1 = vector.broadcast %arg1 : f32 to vector<3x2xf32>
// CHECK-NEXT:    %2 = vector.splat %arg1 : vector<3x2xf32>
// CHECK-NEXT:    return %arg0, %0, %1, %2, %cst : vector<2x3x4xf32>, vector<4x2x3xf32>, vector<3x2xf32>, vector<3x2xf32>, vector<4x2xf32>
// CHECK-NEXT:  }
func.func @transpose(%v: vector<2x3x4xf32>, %s: f32) -> (vector<2x3x4xf32>, vector<4x2x3xf32>, vector<3x2xf32>, vector<3x2xf32>, vector<4x2xf32>) {
  %0 = vector.transpose %v, [0, 1, 2] : vector<2x3x4xf32> to vector<2x3x4xf32>
  %1 = vector.transpose %v, [1, 2, 0] : vector<2x3x4xf32> to vector<3x4x2xf32>
  %2 = vector.transpose %1, [1, 2, 0] : vector<3x4x2xf32> to vector<4x2x3xf32>
  %b = vector.broadcast %s : f32 to vector<2x3xf32>
  %3 = vector.transpose %b, [1, 0] : vector<2x3xf32> to vector<3x2xf32>
  %c = vector.splat %s : vector<2x3xf32>
  %4 = vector.transpose %c, [1, 0] : vector<2x3xf32> to vector<3x2xf32>
  %d = arith.constant dense<2.0> : vector<2x4xf32>
  %5 = vector.transpose %d, [1, 0] : vector<2x4xf32> to vector<4x2xf32>
  return %0, %2, %3, %4, %5 : vector<2x3x4xf32>, vector<4x2x3xf32>, vector<3x2xf32>, vector<3x2xf32>, vector<4x2xf32>
}

// -----

// bitcast: no-op and round trips fold, chains merge, splats of integers widen.
// CHECK-LABEL: func.func @bitcast(
// CHECK-NEXT:    %cst = arith.constant dense<0.00782680511> : vector<2xf32>
// CHECK-NEXT:    %cst_0 = arith.constant dense<65537> : vector<2xi32>
// CHECK-NEXT:    %0 = vector.bitcast %arg0 : vector<4xf32> to vector<2xi64>
// CHECK-NEXT:    return %arg0, %0, %cst_0, %cst : vector<4xf32>, vector<2xi64>, vector<2xi32>, vector<2xf32>
// CHECK-NEXT:  }
func.func @bitcast(%v: vector<4xf32>) -> (vector<4xf32>, vector<2xi64>, vector<2xi32>, vector<2xf32>) {
  %0 = vector.bitcast %v : vector<4xf32> to vector<8xf16>
  %1 = vector.bitcast %0 : vector<8xf16> to vector<4xf32>
  %2 = vector.bitcast %0 : vector<8xf16> to vector<2xi64>
  %c = arith.constant dense<1> : vector<4xi16>
  %3 = vector.bitcast %c : vector<4xi16> to vector<2xi32>
  %h = arith.constant dense<1.0> : vector<4xf16>
  %4 = vector.bitcast %h : vector<4xf16> to vector<2xf32>
  return %1, %2, %3, %4 : vector<4xf32>, vector<2xi64>, vector<2xi32>, vector<2xf32>
}

// -----

// Masks: constant create_masks, and their transposes and extracts.
// CHECK-LABEL: func.func @masks(
// CHECK-NEXT:    %c2 = arith.constant 2 : index
// CHECK-NEXT:    %0 = vector.constant_mask [2, 3] : vector<4x3xi1>
// CHECK-NEXT:    %1 = vector.constant_mask [0, 0] : vector<4x3xi1>
// CHECK-NEXT:    %2 = vector.create_mask %arg0, %c2 : vector<4x3xi1>
// CHECK-NEXT:    %3 = vector.create_mask %c2, %arg0 : vector<3x4xi1>
// CHECK-NEXT:    %4 = vector.extract %2[1] : vector<3xi1> from vector<4x3xi1>
// CHECK-NEXT:    %5 = vector.constant_mask [2] : vector<4xi1>
// CHECK-NEXT:    %6 = vector.constant_mask [1, 3] : vector<3x4xi1>
// CHECK-NEXT:    return %0, %1, %3, %4, %5, %6 : vector<4x3xi1>, vector<4x3xi1>, vector<3x4xi1>, vector<3xi1>, vector<4xi1>, vector<3x4xi1>
// CHECK-NEXT:  }
func.func @masks(%n: index) -> (vector<4x3xi1>, vector<4x3xi1>, vector<3x4xi1>, vector<3xi1>, vector<4xi1>, vector<3x4xi1>) {
  %c2 = arith.constant 2 : index
  %c9 = arith.constant 9 : index
  %m1 = arith.constant -1 : index
  %0 = vector.create_mask %c2, %c9 : vector<4x3xi1>
  %1 = vector.create_mask %m1, %c2 : vector<4x3xi1>
  %2 = vector.create_mask %n, %c2 : vector<4x3xi1>
  %3 = vector.transpose %2, [1, 0] : vector<4x3xi1> to vector<3x4xi1>
  %4 = vector.extract %2[1] : vector<3xi1> from vector<4x3xi1>
  %5 = vector.constant_mask [2] : vector<4xi1>
  %c = vector.constant_mask [3, 1] : vector<4x3xi1>
  %6 = vector.transpose %c, [1, 0] : vector<4x3xi1> to vector<3x4xi1>
  return %0, %1, %3, %4, %5, %6 : vector<4x3xi1>, vector<4x3xi1>, vector<3x4xi1>, vector<3xi1>, vector<4xi1>, vector<3x4xi1>
}

// -----

// CHECK-LABEL: func.func @mask_shape_cast(
// CHECK-NEXT:    %0 = vector.create_mask %arg0 : vector<4xi1>
// CHECK-NEXT:    %1 = vector.constant_mask [3] : vector<4xi1>
// CHECK-NEXT:    return %0, %1 : vector<4xi1>, vector<4xi1>
// CHECK-NEXT:  }
func.func @mask_shape_cast(%n: index) -> (vector<4xi1>, vector<4xi1>) {
  %c1 = arith.constant 1 : index
  %0 = vector.create_mask %n, %c1 : vector<4x1xi1>
  %1 = vector.shape_cast %0 : vector<4x1xi1> to vector<4xi1>
  %2 = vector.constant_mask [3, 1] : vector<4x1xi1>
  %3 = vector.shape_cast %2 : vector<4x1xi1> to vector<4xi1>
  return %1, %3 : vector<4xi1>, vector<4xi1>
}

// -----

// Reductions of one element are that element, combined with the accumulator.
// CHECK-LABEL: func.func @reductions(
// CHECK-NEXT:    %0 = vector.extract %arg0[0] : f32 from vector<1xf32>
// CHECK-NEXT:    %1 = arith.addf %0, %arg2 fastmath<fast> : f32
// CHECK-NEXT:    %2 = vector.extractelement %arg1[] : vector<i32>
// CHECK-NEXT:    %3 = arith.maxsi %2, %arg3 : i32
// CHECK-NEXT:    %4 = vector.shape_cast %arg4 : vector<1x4xf32> to vector<4xf32>
// CHECK-NEXT:    %5 = arith.mulf %arg5, %4 : vector<4xf32>
// CHECK-NEXT:    %6 = vector.extract %arg6[0, 0] : i32 from vector<1x1xi32>
// CHECK-NEXT:    %7 = arith.xori %arg3, %6 : i32
// CHECK-NEXT:    return %1, %3, %5, %7, %arg5 : f32, i32, vector<4xf32>, i32, vector<4xf32>
// CHECK-NEXT:  }
func.func @reductions(%v: vector<1xf32>, %z: vector<i32>, %a: f32, %b: i32, %m: vector<1x4xf32>, %acc: vector<4xf32>, %u: vector<1x1xi32>, %w: vector<3x4xf32>) -> (f32, i32, vector<4xf32>, i32, vector<4xf32>) {
  %0 = vector.reduction <add>, %v, %a fastmath<fast> : vector<1xf32> into f32
  %1 = vector.reduction <maxsi>, %z, %b : vector<i32> into i32
  %2 = vector.multi_reduction <mul>, %m, %acc [0] : vector<1x4xf32> to vector<4xf32>
  %3 = vector.multi_reduction <xor>, %u, %b [0, 1] : vector<1x1xi32> to i32
  %4 = vector.multi_reduction <add>, %acc, %acc [] : vector<4xf32> to vector<4xf32>
  return %0, %1, %2, %3, %4 : f32, i32, vector<4xf32>, i32, vector<4xf32>
}

// -----

// Masked accesses with known masks are plain accesses or nothing.
// CHECK-LABEL: func.func @masked(
// CHECK-NEXT:    %0 = vector.load %arg0[%arg1] : memref<?xf32>, vector<4xf32>
// CHECK-NEXT:    vector.store %arg2, %arg0[%arg1] : memref<?xf32>, vector<4xf32>
// CHECK-NEXT:    return %0, %arg2 : vector<4xf32>, vector<4xf32>
// CHECK-NEXT:  }
func.func @masked(%m: memref<?xf32>, %i: index, %p: vector<4xf32>) -> (vector<4xf32>, vector<4xf32>) {
  %t = vector.constant_mask [4] : vector<4xi1>
  %f = arith.constant dense<false> : vector<4xi1>
  %0 = vector.maskedload %m[%i], %t, %p : memref<?xf32>, vector<4xi1>, vector<4xf32> into vector<4xf32>
  %1 = vector.maskedload %m[%i], %f, %p : memref<?xf32>, vector<4xi1>, vector<4xf32> into vector<4xf32>
  vector.maskedstore %m[%i], %t, %p : memref<?xf32>, vector<4xi1>, vector<4xf32>
  vector.maskedstore %m[%i], %f, %p : memref<?xf32>, vector<4xi1>, vector<4xf32>
  return %0, %1 : vector<4xf32>, vector<4xf32>
}

// -----

// Transfers: static in-bounds dims are marked so, all-true masks dropped, memref casts looked
// through; a read of what a tensor write stored is the stored vector.
// CHECK-LABEL: func.func @transfers(
// CHECK-NEXT:    %c0 = arith.constant 0 : index
// CHECK-NEXT:    %c6 = arith.constant 6 : index
// CHECK-NEXT:    %0 = vector.transfer_read %arg0[%c0, %c0], %arg4 {in_bounds = [true]} : memref<8x8xf32>, vector<4xf32>
// CHECK-NEXT:    %1 = vector.transfer_read %arg0[%c0, %c6], %arg4 : memref<8x8xf32>, vector<4xf32>
// CHECK-NEXT:    %2 = vector.transfer_read %arg0[%arg3, %arg3], %arg4 : memref<8x8xf32>, vector<4xf32>
// CHECK-NEXT:    vector.transfer_write %arg2, %arg0[%arg3, %c0] {in_bounds = [true]} : vector<4xf32>, memref<8x8xf32>
// CHECK-NEXT:    return %0, %1, %2, %arg2, %arg1 : vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>, tensor<8x8xf32>
// CHECK-NEXT:  }
func.func @transfers(%m: memref<8x8xf32>, %t: tensor<8x8xf32>, %v: vector<4xf32>, %i: index, %p: f32) -> (vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>, tensor<8x8xf32>) {
  %c0 = arith.constant 0 : index
  %c6 = arith.constant 6 : index
  %0 = vector.transfer_read %m[%c0, %c0], %p : memref<8x8xf32>, vector<4xf32>
  %1 = vector.transfer_read %m[%c0, %c6], %p : memref<8x8xf32>, vector<4xf32>
  %all = vector.constant_mask [4] : vector<4xi1>
  %c = memref.cast %m : memref<8x8xf32> to memref<?x?xf32>
  %2 = vector.transfer_read %c[%i, %i], %p, %all : memref<?x?xf32>, vector<4xf32>
  vector.transfer_write %v, %c[%i, %c0] : vector<4xf32>, memref<?x?xf32>
  %w = vector.transfer_write %v, %t[%i, %c0] {in_bounds = [true]} : vector<4xf32>, tensor<8x8xf32>
  %3 = vector.transfer_read %w[%i, %c0], %p {in_bounds = [true]} : tensor<8x8xf32>, vector<4xf32>
  %r = vector.transfer_read %t[%i, %i], %p : tensor<8x8xf32>, vector<4xf32>
  %4 = vector.transfer_write %r, %t[%i, %i] : vector<4xf32>, tensor<8x8xf32>
  return %0, %1, %2, %3, %4 : vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>, tensor<8x8xf32>
}

// -----

// A tensor write overwritten at the same place is skipped.
// CHECK-LABEL: func.func @write_after_write(
// CHECK-NEXT:    %0 = vector.transfer_write %arg2, %arg0[%arg3] : vector<4xf32>, tensor<8xf32>
// CHECK-NEXT:    return %0 : tensor<8xf32>
// CHECK-NEXT:  }
func.func @write_after_write(%t: tensor<8xf32>, %v: vector<4xf32>, %w: vector<4xf32>, %i: index) -> tensor<8xf32> {
  %0 = vector.transfer_write %v, %t[%i] : vector<4xf32>, tensor<8xf32>
  %1 = vector.transfer_write %w, %0[%i] : vector<4xf32>, tensor<8xf32>
  return %1 : tensor<8xf32>
}

// -----

// Dead transfers on tensors go; dead loads stay out of the way, stores stay.
// CHECK-LABEL: func.func @dead(
// CHECK-NEXT:    vector.transfer_write %arg2, %arg1[%arg3] : vector<4xf32>, memref<8xf32>
// CHECK-NEXT:    vector.store %arg2, %arg1[%arg3] : memref<8xf32>, vector<4xf32>
// CHECK-NEXT:    return
// CHECK-NEXT:  }
func.func @dead(%t: tensor<8xf32>, %m: memref<8xf32>, %v: vector<4xf32>, %i: index, %p: f32) {
  %0 = vector.transfer_write %v, %t[%i] : vector<4xf32>, tensor<8xf32>
  %1 = vector.transfer_read %m[%i], %p : memref<8xf32>, vector<4xf32>
  vector.transfer_write %v, %m[%i] : vector<4xf32>, memref<8xf32>
  %2 = vector.load %m[%i] : memref<8xf32>, vector<4xf32>
  vector.store %v, %m[%i] : memref<8xf32>, vector<4xf32>
  return
}

// -----

// extract through inserts and transposes: the inserted vector, one of its elements, or the
// original vector where the insert did not write; a transposed sub-vector stays.
// CHECK-LABEL: func.func @chain(
// CHECK-NEXT:    %0 = vector.insert %arg1, %arg0 [1, 2] : vector<4xf32> into vector<2x3x4xf32>
// CHECK-NEXT:    %1 = vector.transpose %0, [2, 0, 1] : vector<2x3x4xf32> to vector<4x2x3xf32>
// CHECK-NEXT:    %2 = vector.extract %arg1[3] : f32 from vector<4xf32>
// CHECK-NEXT:    %3 = vector.extract %1[3, 1] : vector<3xf32> from vector<4x2x3xf32>
// CHECK-NEXT:    %4 = vector.extract %arg0[0, 1, 1] : f32 from vector<2x3x4xf32>
// CHECK-NEXT:    return %arg1, %2, %3, %4 : vector<4xf32>, f32, vector<3xf32>, f32
// CHECK-NEXT:  }
func.func @chain(%v: vector<2x3x4xf32>, %u: vector<4xf32>, %s: f32) -> (vector<4xf32>, f32, vector<3xf32>, f32) {
  %0 = vector.insert %u, %v [1, 2] : vector<4xf32> into vector<2x3x4xf32>
  %1 = vector.transpose %0, [2, 0, 1] : vector<2x3x4xf32> to vector<4x2x3xf32>
  %2 = vector.transpose %1, [1, 2, 0] : vector<4x2x3xf32> to vector<2x3x4xf32>
  %3 = vector.extract %2[1, 2] : vector<4xf32> from vector<2x3x4xf32>
  %4 = vector.extract %1[3, 1, 2] : f32 from vector<4x2x3xf32>
  %5 = vector.extract %1[3, 1] : vector<3xf32> from vector<4x2x3xf32>
  %6 = vector.extract %0[0, 1, 1] : f32 from vector<2x3x4xf32>
  return %3, %4, %5, %6 : vector<4xf32>, f32, vector<3xf32>, f32
}

// -----

// extract of create_mask: the trailing sizes, or all false outside the mask.
// CHECK-LABEL: func.func @create_mask_extract(
// CHECK-NEXT:    %cst = arith.constant dense<false> : vector<4xi1>
// CHECK-NEXT:    %0 = vector.create_mask %arg0 : vector<4xi1>
// CHECK-NEXT:    return %0, %cst, %cst : vector<4xi1>, vector<4xi1>, vector<4xi1>
// CHECK-NEXT:  }
func.func @create_mask_extract(%n: index) -> (vector<4xi1>, vector<4xi1>, vector<4xi1>) {
  %c2 = arith.constant 2 : index
  %c0 = arith.constant 0 : index
  %m = vector.create_mask %c2, %n : vector<3x4xi1>
  %0 = vector.extract %m[1] : vector<4xi1> from vector<3x4xi1>
  %1 = vector.extract %m[2] : vector<4xi1> from vector<3x4xi1>
  %z = vector.create_mask %c0, %n : vector<3x4xi1>
  %2 = vector.extract %z[0] : vector<4xi1> from vector<3x4xi1>
  return %0, %1, %2 : vector<4xi1>, vector<4xi1>, vector<4xi1>
}

// -----

// extract of shape_cast that keeps every element is a shape_cast; inserts of splats, casts of
// broadcasts and transposes of transposes simplify.
// CHECK-LABEL: func.func @more(
// CHECK-NEXT:    %0 = vector.shape_cast %arg0 : vector<8xf32> to vector<2x4xf32>
// CHECK-NEXT:    %1 = vector.broadcast %arg1 : f32 to vector<4xf32>
// CHECK-NEXT:    %2 = vector.shape_cast %arg2 : vector<2x2xf32> to vector<4xf32>
// CHECK-NEXT:    return %0, %1, %2, %arg2 : vector<2x4xf32>, vector<4xf32>, vector<4xf32>, vector<2x2xf32>
// CHECK-NEXT:  }
func.func @more(%v: vector<8xf32>, %s: f32, %b: vector<2x2xf32>) -> (vector<2x4xf32>, vector<4xf32>, vector<4xf32>, vector<2x2xf32>) {
  %0 = vector.shape_cast %v : vector<8xf32> to vector<2x2x2xf32>
  %1 = vector.extract %0[0] : vector<2x2xf32> from vector<2x2x2xf32>
  %c = vector.shape_cast %v : vector<8xf32> to vector<1x2x4xf32>
  %2 = vector.extract %c[0] : vector<2x4xf32> from vector<1x2x4xf32>
  %sp = vector.splat %s : vector<4xf32>
  %sp2 = vector.splat %s : vector<2x4xf32>
  %3 = vector.insert %sp, %sp2 [1] : vector<4xf32> into vector<2x4xf32>
  %4 = vector.extract %3[0] : vector<4xf32> from vector<2x4xf32>
  %bb = vector.broadcast %b : vector<2x2xf32> to vector<1x2x2xf32>
  %5 = vector.shape_cast %bb : vector<1x2x2xf32> to vector<4xf32>
  %6 = vector.transpose %b, [1, 0] : vector<2x2xf32> to vector<2x2xf32>
  %7 = vector.transpose %6, [1, 0] : vector<2x2xf32> to vector<2x2xf32>
  return %2, %4, %5, %7 : vector<2x4xf32>, vector<4xf32>, vector<4xf32>, vector<2x2xf32>
}

// -----

// A tensor read of what a write stored is the vector, looking past disjoint writes; a write
// over an earlier one at the same place skips it.
// CHECK-LABEL: func.func @raw(
// CHECK-NEXT:    %c0 = arith.constant 0 : index
// CHECK-NEXT:    %c4 = arith.constant 4 : index
// CHECK-NEXT:    %0 = vector.transfer_write %arg2, %arg0[%c4] {in_bounds = [true]} : vector<4xf32>, tensor<8xf32>
// CHECK-NEXT:    %1 = vector.transfer_write %arg2, %0[%c0] {in_bounds = [true]} : vector<4xf32>, tensor<8xf32>
// CHECK-NEXT:    return %arg1, %1 : vector<4xf32>, tensor<8xf32>
// CHECK-NEXT:  }
func.func @raw(%t: tensor<8xf32>, %v: vector<4xf32>, %w: vector<4xf32>, %p: f32) -> (vector<4xf32>, tensor<8xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %0 = vector.transfer_write %v, %t[%c0] {in_bounds = [true]} : vector<4xf32>, tensor<8xf32>
  %1 = vector.transfer_write %w, %0[%c4] {in_bounds = [true]} : vector<4xf32>, tensor<8xf32>
  %2 = vector.transfer_read %1[%c0], %p {in_bounds = [true]} : tensor<8xf32>, vector<4xf32>
  %3 = vector.transfer_write %w, %1[%c0] {in_bounds = [true]} : vector<4xf32>, tensor<8xf32>
  return %2, %3 : vector<4xf32>, tensor<8xf32>
}

// -----

// Writing back a whole in-bounds read of another tensor is that tensor.
// CHECK-LABEL: func.func @write_read_init(
// CHECK-NEXT:    return %arg0 : tensor<4xf32>
// CHECK-NEXT:  }
func.func @write_read_init(%t: tensor<4xf32>, %u: tensor<4xf32>, %p: f32) -> tensor<4xf32> {
  %c0 = arith.constant 0 : index
  %r = vector.transfer_read %t[%c0], %p {in_bounds = [true]} : tensor<4xf32>, vector<4xf32>
  %0 = vector.transfer_write %r, %u[%c0] {in_bounds = [true]} : vector<4xf32>, tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Reductions of constants are arith ops on constants; constant shuffles fold.
// CHECK-LABEL: func.func @reduce_consts(
// CHECK-NEXT:    %c5_i32 = arith.constant 5 : i32
// CHECK-NEXT:    %cst = arith.constant dense<[4.000000e+00, 2.000000e+00]> : vector<2xf32>
// CHECK-NEXT:    %0 = vector.extract %arg0[0] : i32 from vector<1xi32>
// CHECK-NEXT:    %1 = arith.muli %0, %c5_i32 : i32
// CHECK-NEXT:    return %c5_i32, %cst, %1 : i32, vector<2xf32>, i32
// CHECK-NEXT:  }
func.func @reduce_consts(%v: vector<1xi32>) -> (i32, vector<2xf32>, i32) {
  %c = arith.constant dense<[5]> : vector<1xi32>
  %0 = vector.reduction <add>, %c : vector<1xi32> into i32
  %a = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : vector<4xf32>
  %1 = vector.shuffle %a, %a [3, 5] : vector<4xf32>, vector<4xf32>
  %2 = vector.reduction <mul>, %v, %0 : vector<1xi32> into i32
  return %0, %1, %2 : i32, vector<2xf32>, i32
}

// -----

// Chains of bitcasts merge.
// CHECK-LABEL: func.func @bitcast_chain(
// CHECK-NEXT:    %0 = vector.bitcast %arg0 : vector<4xi32> to vector<2xf64>
// CHECK-NEXT:    return %0 : vector<2xf64>
// CHECK-NEXT:  }
func.func @bitcast_chain(%v: vector<4xi32>) -> vector<2xf64> {
  %0 = vector.bitcast %v : vector<4xi32> to vector<8xi16>
  %1 = vector.bitcast %0 : vector<8xi16> to vector<2xf64>
  return %1 : vector<2xf64>
}
