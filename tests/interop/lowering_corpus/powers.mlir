// Integer and float powers by an integer: convert-math-to-funcs outlines them (float ones
// by i32 exponents: LLVM's powi takes a C int, so the executable test can run them).
func.func @ipowi(%a: i32, %b: i32, %c: i8, %d: i64) -> (i32, i8, i64) {
  %0 = math.ipowi %a, %b : i32
  %1 = math.ipowi %c, %c : i8
  %2 = math.ipowi %d, %d : i64
  %3 = math.ipowi %a, %0 : i32
  return %3, %1, %2 : i32, i8, i64
}
// -----
func.func @fpowi(%x: f32, %n: i32, %y: f64, %h: f16) -> (f32, f64, f16) {
  %0 = math.fpowi %x, %n : f32, i32
  %1 = math.fpowi %y, %n : f64, i32
  %2 = math.fpowi %h, %n : f16, i32
  return %0, %1, %2 : f32, f64, f16
}
// -----
func.func @vectors(%a: vector<2x2xi32>, %b: vector<2x2xi32>) -> vector<2x2xi32> {
  %0 = math.ipowi %a, %b : vector<2x2xi32>
  return %0 : vector<2x2xi32>
}
