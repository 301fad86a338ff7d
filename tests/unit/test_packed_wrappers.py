"""Packed wrappers go to the functions callers outside the module may call: a private
function (a kernel, an outlined parallel body) is called by its callers only, and a wrapper
would keep a second, inlined copy of it alive."""

from __future__ import annotations

import pytest

import mlc
from mlc.codegen import _for_host, compile_module

MODULE = """
llvm.func @helper(%x: i64) -> i64 attributes {sym_visibility = "private"} {
  %0 = llvm.add %x, %x : i64
  llvm.return %0 : i64
}
llvm.func @twice(%x: i64) -> i64 {
  %0 = llvm.call @helper(%x) : (i64) -> i64
  llvm.return %0 : i64
}
"""


def test_private_functions_get_no_wrapper_and_public_ones_still_work():
    module = mlc.parse(MODULE)
    text, types, _ = _for_host(module, None)
    assert set(types) == {"twice"}
    assert "@_mlir_twice(" in text and "@_mlir_helper(" not in text
    compiled = compile_module(module, 3)
    assert compiled["twice"](21) == 42
    with pytest.raises(KeyError):
        compiled["helper"]
