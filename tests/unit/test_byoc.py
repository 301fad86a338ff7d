"""External kernels ("bring your own codegen"): a `graph.call_dps` of a declaration with no
body is bufferized like a defined kernel and calls a C function of a shared library given to
`mlc.compile(shared_libs=...)`, through MLIR's C interface (`llvm.emit_c_interface`).

Libraries are loaded into the test process for good, so every test's C function has a name
of its own: a symbol two libraries define resolves to the first one loaded.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import numpy as np
import pytest

import mlc

pytestmark = pytest.mark.skipif(shutil.which("cc") is None, reason="needs a C compiler (cc)")

# out = x * s, s broadcast along the rows; sizes and strides read from the descriptors.
ROW_SCALE_C = """
#include <stdint.h>
typedef struct { float *allocated, *aligned; int64_t offset, sizes[1], strides[1]; } vec_t;
typedef struct { float *allocated, *aligned; int64_t offset, sizes[2], strides[2]; } mat_t;

void _mlir_ciface_NAME(mat_t *x, vec_t *s, mat_t *out) {
  const float *X = x->aligned + x->offset, *S = s->aligned + s->offset;
  float *O = out->aligned + out->offset;
  for (int64_t i = 0; i < x->sizes[0]; i++)
    for (int64_t j = 0; j < x->sizes[1]; j++)
      O[i * out->strides[0] + j * out->strides[1]] =
          X[i * x->strides[0] + j * x->strides[1]] * S[j * s->strides[0]];
}
"""

# The external kernel's result goes on to a graph.add that mlc compiles itself.
MODEL = """
func.func private @NAME(tensor<?x?xf32>, tensor<?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
    attributes {llvm.emit_c_interface}
graph.func @main<n, m>(%x: !graph.tensor<[n, m], f32>, %s: !graph.tensor<[m], f32>)
    -> !graph.tensor<[n, m], f32> {
  %0 = graph.call_dps @NAME(%x, %s) : (!graph.tensor<[n, m], f32>, !graph.tensor<[m], f32>)
      -> !graph.tensor<[n, m], f32>
  %1 = graph.add %0, %x : (!graph.tensor<[n, m], f32>, !graph.tensor<[n, m], f32>)
  graph.return %1 : !graph.tensor<[n, m], f32>
}
"""


def _library(tmp_path, name: str) -> str:
    """A shared library defining `_mlir_ciface_<name>` (ROW_SCALE_C)."""
    source = tmp_path / f"{name}.c"
    source.write_text(ROW_SCALE_C.replace("NAME", name))
    library = tmp_path / f"lib{name}.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-O2", "-o", str(library), str(source)],
                   check=True)  # fmt: skip
    return str(library)


def _inputs(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(n * 100 + m)
    return rng.standard_normal((n, m), np.float32), rng.standard_normal(m, np.float32)


def test_an_external_kernel_is_called_with_dynamic_sizes(tmp_path):
    name = "byoc_test_dynamic"
    exe = mlc.compile(mlc.parse(MODEL.replace("NAME", name)),
                      shared_libs=[_library(tmp_path, name)])  # fmt: skip
    for n, m in [(1, 1), (3, 5), (64, 17)]:
        x, s = _inputs(n, m)
        np.testing.assert_allclose(exe.main(x, s), x * s + x, rtol=1e-6)
    lowered = str(exe.module)
    assert f"llvm.func @_mlir_ciface_{name}(!llvm.ptr, !llvm.ptr, !llvm.ptr)" in lowered


def test_a_missing_symbol_is_an_error_naming_it_before_any_code_runs():
    module = mlc.parse(MODEL.replace("NAME", "byoc_test_nowhere"))
    with pytest.raises(mlc.DiagnosticError, match="'_mlir_ciface_byoc_test_nowhere'"):
        mlc.compile(module)


def test_a_missing_shared_library_is_an_error_naming_it(tmp_path):
    module = mlc.parse(MODEL.replace("NAME", "byoc_test_no_library"))
    missing = str(tmp_path / "libabsent.so")
    with pytest.raises(mlc.DiagnosticError, match="shared library '.*libabsent.so' not found"):
        mlc.compile(module, shared_libs=[missing])


LOAD_IN_A_FRESH_PROCESS = """
import sys
import numpy as np
import mlc
exe = mlc.load_executable(sys.argv[1], shared_libs=sys.argv[2:])
x, s = np.arange(6, dtype=np.float32).reshape(2, 3), np.array([1, 2, 3], np.float32)
print(exe.main(x, s).tolist())
"""


@pytest.mark.parametrize("give_libraries", [False, True])
def test_export_library_links_the_shared_libs(tmp_path, give_libraries):
    """The exported library records the external kernels' library (and an rpath to it), so
    a process that never loaded it finds the kernel; `shared_libs=` of `load_executable`
    loads it first as well."""
    name = f"byoc_test_export_{int(give_libraries)}"
    library = _library(tmp_path, name)
    exe = mlc.compile(mlc.parse(MODEL.replace("NAME", name)), shared_libs=[library])
    path = exe.export_library(str(tmp_path / "model.so"))
    argv = [sys.executable, "-c", LOAD_IN_A_FRESH_PROCESS, path]
    if give_libraries:
        argv.append(library)
    result = subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[[0.0, 3.0, 8.0], [6.0, 12.0, 20.0]]"


def test_loading_an_export_whose_library_lost_the_kernel_names_the_symbol(tmp_path):
    """The library was rebuilt without the kernel: the dynamic loader refuses the export,
    and the error names the symbol (never a call through a null pointer)."""
    name = "byoc_test_lost"
    library = _library(tmp_path, name)
    exe = mlc.compile(mlc.parse(MODEL.replace("NAME", name)), shared_libs=[library])
    path = exe.export_library(str(tmp_path / "model.so"))
    source = tmp_path / "other.c"
    source.write_text("void something_else(void) {}\n")
    subprocess.run(["cc", "-shared", "-fPIC", "-o", library, str(source)], check=True)
    argv = [sys.executable, "-c", LOAD_IN_A_FRESH_PROCESS, path]
    result = subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 1
    assert "BackendError" in result.stderr, result.stderr
    assert f"undefined symbol: _mlir_ciface_{name}" in result.stderr
