"""Conversions to the llvm dialect, as MLIR's `*ToLLVM` passes: the shared type converter
(`type_converter`), memref descriptors (`descriptors`), op builders (`build`) and pattern
helpers (`pattern`), then one module per pass."""
