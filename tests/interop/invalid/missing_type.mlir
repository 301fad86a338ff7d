// The custom form of arith.muli ends with a type.
func.func @f(%a: i32) -> i32 {
  %0 = arith.muli %a, %a
  return %0 : i32
}
