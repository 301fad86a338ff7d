// RUN: not mlc-opt %s --pass-pipeline='builtin.module(frobnicate)' 2>&1 | filecheck %s --check-prefix=UNKNOWN
// RUN: not mlc-opt %s --pass-pipeline='builtin.module(symbol-dce{bogus=1})' 2>&1 | filecheck %s --check-prefix=OPTION
// RUN: not mlc-opt %s -p 'symbol-dce,' 2>&1 | filecheck %s --check-prefix=LIST
// RUN: not mlc-opt %s --pass-pipeline='symbol-dce' 2>&1 | filecheck %s --check-prefix=ANCHOR
// RUN: not mlc-opt %s --pass-pipeline='func.func(symbol-dce)' 2>&1 | filecheck %s --check-prefix=WRONG-OP
// REQUIRES: mlc

// UNKNOWN:      mlc-opt: <pipeline>:1:16: error: 'frobnicate' does not refer to a registered pass or pass pipeline
// UNKNOWN-NEXT: builtin.module(frobnicate)
// UNKNOWN-NEXT: {{^               \^$}}

// OPTION:      mlc-opt: <pipeline>:1:27: error: no option named 'bogus' in pass 'symbol-dce'
// OPTION-NEXT: builtin.module(symbol-dce{bogus=1})
// OPTION-NEXT: {{^                          \^$}}

// LIST: mlc-opt: <pipeline>:1:12: error: expected a pass, pass pipeline or op name, found end of pipeline

// ANCHOR: mlc-opt: <pipeline>:1:1: error: expected pass pipeline to be wrapped with the anchor operation type, e.g. 'builtin.module(...)'

// WRONG-OP: error: can't run 'func.func' pass manager on 'builtin.module' op
module {
}
