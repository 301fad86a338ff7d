"""The compiler-runtime function LLVM calls for bf16 when the host has no bf16 instructions:
`__truncsfbf2` (f32 -> bf16).

LLVM computes bf16 values in f32 registers ("soft promotion"): even a module whose bf16 is
only loaded, stored and carried through loops (an `scf.for` accumulator becomes a `phi
bfloat`) gets calls of `__truncsfbf2` to narrow the register back. compiler-rt and libgcc 13+
define it; older libgcc, which the JIT's process and `cc -shared` may use, does not, and a
call of an unresolved symbol jumps to address 0. A module that mentions `bfloat` therefore
gets this definition linked in before optimization: LLVM IR, `weak` so that the host's own
definition, or another object's, wins at link time and so that the optimizer keeps it
although no IR calls it (the calls appear in code generation). It rounds to nearest even and
quiets NaNs, as compiler-rt's does.
"""

from __future__ import annotations

TRUNCSFBF2_IR = r"""
define weak bfloat @__truncsfbf2(float %x) {
  %bits = bitcast float %x to i32
  %nan = fcmp uno float %x, %x
  %high = lshr i32 %bits, 16
  %odd = and i32 %high, 1
  %bias = add i32 %odd, 32767
  %biased = add i32 %bits, %bias
  %rounded = lshr i32 %biased, 16
  %quiet = or i32 %high, 64
  %chosen = select i1 %nan, i32 %quiet, i32 %rounded
  %narrow = trunc i32 %chosen to i16
  %result = bitcast i16 %narrow to bfloat
  ret bfloat %result
}
"""


def link_float_runtime(llvm_module, ir_text: str, parse) -> None:
    """Link `__truncsfbf2` into `llvm_module` (translated from `ir_text`) when it uses bf16;
    `parse(text)` parses LLVM IR text into a module for the same target."""
    if "bfloat" in ir_text:
        llvm_module.link_in(parse(TRUNCSFBF2_IR))
