// Comments, blank lines, odd spacing and explicit `func.` prefixes are not significant.
module   attributes{foo.flag}{
// a comment line
  func.func@spaced  (  %a:i32,%b :  i32 )->(i32)  {   // trailing comment
    %0=arith.addi %a,%b:i32
    %c5_i32   =   arith.constant   5  :   i32


    %1 = arith.muli %0 , %c5_i32 : i32 // "not a string }
    func.return   %1   :   i32
  }
  func.func @empty_args() -> () {
    return
  }
}
