// ALLOW-UNREGISTERED
// dense_resource attributes and the file-level resource section.
module {
  "foo.weights"() {w = dense_resource<weights_blob> : tensor<4xi32>, b = dense_resource<bias> : tensor<2xf32>} : () -> ()
  func.func @f() -> tensor<4xi32> {
    %0 = arith.constant dense_resource<weights_blob> : tensor<4xi32>
    return %0 : tensor<4xi32>
  }
}

{-#
  dialect_resources: {
    builtin: {
      weights_blob: "0x0400000001000000020000000300000004000000",
      bias: "0x040000000000803F00000040"
    }
  }
#-}
