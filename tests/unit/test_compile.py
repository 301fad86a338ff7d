"""`mlc.compile`: graph modules to native code called with numpy arrays; the checks the
executable makes before native code runs; export_library / load_executable."""

from __future__ import annotations

import gc

import numpy as np
import pytest

import mlc

MLP = """
graph.func @main<n>(%x: !graph.tensor<[n, 4], f32>, %w: !graph.tensor<[4, 8], f32>,
                    %b: !graph.tensor<[8], f32>) -> !graph.tensor<[n, 8], f32> {
  %0 = graph.matmul %x, %w : (!graph.tensor<[n, 4], f32>, !graph.tensor<[4, 8], f32>)
  %1 = graph.add %0, %b : (!graph.tensor<[n, 8], f32>, !graph.tensor<[8], f32>)
  %2 = graph.relu %1 : (!graph.tensor<[n, 8], f32>)
  %3 = graph.softmax %2 {axis = 1 : i64} : (!graph.tensor<[n, 8], f32>)
  graph.return %3 : !graph.tensor<[n, 8], f32>
}
"""


def _inputs(n: int, seed: int = 0) -> list:
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(s).astype(np.float32) for s in ((n, 4), (4, 8), (8,))]


@pytest.fixture(scope="module")
def mlp():
    module = mlc.parse(MLP)
    return module, mlc.compile(module)


@pytest.mark.parametrize("n", [1, 3, 17])
def test_compiled_function_equals_the_interpreter_for_each_size(mlp, n):
    module, exe = mlp
    arrays = _inputs(n)
    (want,) = mlc.interpret(module, "main", *arrays)
    got = exe["main"](*arrays)
    assert got.shape == (n, 8) and got.dtype == np.float32
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(exe.main(*arrays), got)


def test_compile_leaves_the_module_unchanged(mlp):
    module, _ = mlp
    assert str(module) == str(mlc.parse(MLP))


def test_inputs_that_are_not_c_contiguous_or_read_only_are_accepted(mlp):
    module, exe = mlp
    x, w, b = _inputs(5)
    wt = np.asfortranarray(w)
    b.flags.writeable = False
    np.testing.assert_allclose(exe.main(x, wt, b), exe.main(x, w.copy(), b.copy()), rtol=1e-6)


@pytest.mark.parametrize("arrays, message", [
    (lambda x, w, b: (x, w), "'main' takes 3 arguments (2 given)"),
    (lambda x, w, b: (x.astype(np.float64), w, b), "argument #0 of 'main' "
     "(!graph.tensor<[n, 4], f32>) expects dtype float32, got float64"),
    (lambda x, w, b: (x, w, b[None]), "argument #2 of 'main' (!graph.tensor<[8], f32>) "
     "expects rank 1, got shape (1, 8)"),
    (lambda x, w, b: (x, w[:, :5], b), "argument #1 of 'main' (!graph.tensor<[4, 8], f32>) "
     "expects shape [4, 8] with n = 3, got shape (4, 5)"),
    (lambda x, w, b: (x[:, :3], w, b), "argument #0 of 'main' (!graph.tensor<[n, 4], f32>) "
     "expects shape [n, 4], got shape (3, 3)"),
    (lambda x, w, b: (x, w, [0.0] * 8), "expects a numpy array, got list"),
])  # fmt: skip
def test_bad_inputs_raise_before_native_code_runs(mlp, arrays, message):
    _, exe = mlp
    with pytest.raises((TypeError, ValueError)) as info:
        exe.main(*arrays(*_inputs(3)))
    assert message in str(info.value)


def test_a_symbolic_size_mismatch_names_the_argument_and_both_shapes():
    module = mlc.parse("""
    graph.func @main<n>(%a: !graph.tensor<[n, 2], f32>, %b: !graph.tensor<[n*2], f32>)
        -> !graph.tensor<[n, 2], f32> {
      %0 = graph.reshape %b {shape = [-1, 2]} : (!graph.tensor<[n*2], f32>)
          -> !graph.tensor<[n, 2], f32>
      %1 = graph.add %a, %0 : (!graph.tensor<[n, 2], f32>, !graph.tensor<[n, 2], f32>)
      graph.return %1 : !graph.tensor<[n, 2], f32>
    }""")
    exe = mlc.compile(module)
    a, b = np.ones((3, 2), np.float32), np.arange(6, dtype=np.float32)
    np.testing.assert_array_equal(exe.main(a, b), 1 + b.reshape(3, 2))
    with pytest.raises(ValueError) as info:
        exe.main(a, np.ones(8, np.float32))
    assert str(info.value) == ("argument #1 of 'main' (!graph.tensor<[n*2], f32>) expects "
                               "shape [n*2] with n = 3, got shape (8,)")  # fmt: skip


def test_constants_several_results_and_returned_inputs():
    module = mlc.parse("""
    graph.func @main(%x: !graph.tensor<[2, 2], f32>)
        -> (!graph.tensor<[2, 2], f32>, !graph.tensor<[2, 2], f32>, !graph.tensor<[2, 2], f32>) {
      %c = graph.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
      %y = graph.dataflow -> !graph.tensor<[2, 2], f32> {
        %0 = graph.mul %x, %c : (!graph.tensor<[2, 2], f32>, !graph.tensor<[2, 2], f32>)
        graph.output %0 : !graph.tensor<[2, 2], f32>
      }
      graph.return %y, %x, %c : !graph.tensor<[2, 2], f32>, !graph.tensor<[2, 2], f32>, !graph.tensor<[2, 2], f32>
    }""")  # noqa: E501
    x = np.full((2, 2), 2.0, np.float32)
    y, same, c = mlc.compile(module).main(x)
    np.testing.assert_array_equal(y, [[2, 4], [6, 8]])
    np.testing.assert_array_equal(same, x)
    assert not np.shares_memory(same, x)
    np.testing.assert_array_equal(c, [[1, 2], [3, 4]])


@pytest.mark.parametrize("element, dtype", [("i8", np.int8), ("i64", np.int64),
                                            ("ui32", np.uint32)])  # fmt: skip
def test_integer_division_by_zero_and_int_min_by_minus_one_do_not_trap(element, dtype):
    """The hardware's division faults on both, which would kill the process: compiled code
    gives numpy's results (the interpreter reports a zero divisor as an error)."""
    t = f"!graph.tensor<[8], {element}>"
    module = mlc.parse(f"""
    graph.func @main(%a: {t}, %b: {t}) -> ({t}, {t}, {t}) {{
      %q = graph.div %a, %b : ({t}, {t})
      %m = graph.mod %a, %b : ({t}, {t})
      %f = graph.mod %a, %b {{fmod = true}} : ({t}, {t})
      graph.return %q, %m, %f : {t}, {t}, {t}
    }}""")
    low, high = np.iinfo(dtype).min, np.iinfo(dtype).max
    a = np.array([7, -7, low, low, 5, high, 0, -3]).astype(dtype)
    b = np.array([0, 0, -1, 0, -1, -1, 0, 2]).astype(dtype)
    q, m, f = mlc.compile(module).main(a, b)
    wide_a, wide_b = a.astype(np.int64), b.astype(np.int64)
    magnitude = np.abs(wide_a) // np.maximum(np.abs(wide_b), 1)
    truncated = np.where((wide_a < 0) != (wide_b < 0), -magnitude, magnitude)
    np.testing.assert_array_equal(q, np.where(b == 0, 0, truncated).astype(dtype))
    with np.errstate(divide="ignore"):
        np.testing.assert_array_equal(m, np.mod(a, b))
        np.testing.assert_array_equal(f, np.fmod(a, b))


@pytest.mark.parametrize("element, dtype", [("ui8", np.uint8), ("ui32", np.uint32),
                                            ("ui64", np.uint64)])  # fmt: skip
def test_unsigned_powers_with_the_exponents_top_bit_set(element, dtype):
    """`math.ipowi` reads exponents as signed: an unsigned one with its top bit set is
    still a (wrapping) power, as numpy computes it."""
    t = f"!graph.tensor<[6], {element}>"
    module = mlc.parse(f"""
    graph.func @main(%a: {t}, %b: {t}) -> {t} {{
      %0 = graph.pow %a, %b : ({t}, {t})
      graph.return %0 : {t}
    }}""")
    top = np.iinfo(dtype).max // 2 + 1
    a = np.array([3, 2, 5, 7, 0, 1], dtype)
    e = np.array([top + 3, top, np.iinfo(dtype).max, 9, top, top + 1], dtype)
    np.testing.assert_array_equal(mlc.compile(module).main(a, e), a**e)


@pytest.mark.parametrize("element, dtype", [("i32", np.int32), ("ui8", np.uint8)])
def test_integer_matmul_and_gemm_scaled_in_float64(element, dtype):
    """Products wrap alike signed or not; a gemm's alpha and beta scale in float64 and
    truncate, as the interpreter (numpy) does."""

    def t(*shape):
        return f"!graph.tensor<[{', '.join(map(str, shape))}], {element}>"

    module = mlc.parse(f"""
    graph.func @main(%a: {t(3, 4)}, %b: {t(4, 5)}, %c: {t(5)}) -> ({t(3, 5)}, {t(3, 5)}) {{
      %p = graph.matmul %a, %b : ({t(3, 4)}, {t(4, 5)})
      %g = graph.gemm %a, %b, %c {{alpha = 0.5 : f32, beta = 2.5 : f32}}
          : ({t(3, 4)}, {t(4, 5)}, {t(5)})
      graph.return %p, %g : {t(3, 5)}, {t(3, 5)}
    }}""")
    rng = np.random.default_rng(0)
    low = 0 if np.iinfo(dtype).min == 0 else -9
    a, b, c = (rng.integers(low, 40, shape).astype(dtype) for shape in ((3, 4), (4, 5), (5,)))
    product, scaled = mlc.compile(module).main(a, b, c)
    np.testing.assert_array_equal(product, a @ b)
    np.testing.assert_array_equal(scaled, (0.5 * (a @ b) + 2.5 * c).astype(dtype))
    np.testing.assert_array_equal(scaled, mlc.interpret(module, "main", a, b, c)[1])


def test_group_norm_over_a_symbolic_channel_count():
    """The channel dim is split into [groups, C/groups] with C/groups read at run time."""
    x_type, v_type = "!graph.tensor<[n, c, 3], f32>", "!graph.tensor<[c], f32>"
    module = mlc.parse(f"""
    graph.func @main<n, c>(%x: {x_type}, %s: {v_type}, %b: {v_type}) -> {x_type} {{
      %0 = graph.group_norm %x, %s, %b {{num_groups = 2 : i64}} : ({x_type}, {v_type}, {v_type})
      graph.return %0 : {x_type}
    }}""")
    exe, rng = mlc.compile(module), np.random.default_rng(0)
    for n, c in ((1, 2), (3, 8)):
        x = rng.standard_normal((n, c, 3)).astype(np.float32) * 3 + 1
        s, b = (rng.standard_normal(c).astype(np.float32) for _ in range(2))
        grouped = x.reshape(n, 2, -1).astype(np.float64)
        mean, var = grouped.mean(axis=2, keepdims=True), grouped.var(axis=2, keepdims=True)
        normalized = ((grouped - mean) / np.sqrt(var + 1e-5)).reshape(x.shape)
        want = normalized * s[:, None] + b[:, None]
        np.testing.assert_allclose(exe.main(x, s, b), want, rtol=1e-4, atol=1e-5)


def test_a_numpy_scalar_is_a_rank_0_argument():
    module = mlc.parse("""
    graph.func @scale(%x: !graph.tensor<[2], f32>, %s: !graph.tensor<[], f32>)
        -> !graph.tensor<[2], f32> {
      %0 = graph.mul %x, %s : (!graph.tensor<[2], f32>, !graph.tensor<[], f32>)
      graph.return %0 : !graph.tensor<[2], f32>
    }""")
    scale = mlc.compile(module)["scale"]
    np.testing.assert_array_equal(scale(np.ones(2, np.float32), np.float32(3)), [3, 3])
    with pytest.raises(TypeError, match="expects dtype float32, got float64"):
        scale(np.ones(2, np.float32), np.float64(3))


def test_a_function_over_tensors_that_is_no_kernel_is_a_diagnostic():
    module = mlc.parse("""
    func.func private @opaque(tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
      %0 = tensor.empty() : tensor<4xf32>
      %1 = func.call @opaque(%x, %0) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
      return %1 : tensor<4xf32>
    }""")
    with pytest.raises(mlc.DiagnosticError) as info:
        mlc.compile(module)
    assert "cannot be bufferized" in str(info.value)


def test_export_library_and_load_it_back(mlp, tmp_path):
    module, exe = mlp
    path = exe.export_library(str(tmp_path / "mlp.so"))
    loaded = mlc.load_executable(path)
    arrays = _inputs(6)
    np.testing.assert_array_equal(loaded.main(*arrays), exe.main(*arrays))
    with pytest.raises(ValueError, match="must be|expects"):
        loaded.main(arrays[0][:, :2], *arrays[1:])


def test_a_loaded_executable_keeps_the_interface_and_exports_a_copy(mlp, tmp_path):
    """The library embeds the lowered module's interface: public functions as marked
    declarations with their signatures, no kernel, no body, no global."""
    _, exe = mlp
    loaded = mlc.load_executable(exe.export_library(str(tmp_path / "mlp.so")))
    ops = list(loaded.module.regions[0].blocks[0].ops)
    assert {op.name for op in ops} == {"llvm.func"}
    assert all(not op.regions[0].blocks for op in ops)
    marked = [op.sym_name.value for op in ops if "mlc.packed" in op.attributes]
    assert marked == ["main"]
    copy = mlc.load_executable(loaded.export_library(str(tmp_path / "copy.so")))
    arrays = _inputs(3)
    np.testing.assert_array_equal(copy.main(*arrays), exe.main(*arrays))


@pytest.mark.parametrize("opt_level, default_level", [(3, 1), (2, 1), (1, 1), (0, 0)])
def test_llvm_ir_pipeline_level_of_the_default_and_of_a_given_pipeline(
        monkeypatch, tmp_path, opt_level, default_level):  # fmt: skip
    """The default pipeline's output goes through LLVM's IR pipeline at O1 at most (its
    loops are already scheduled, see `executable`), exports too; a pipeline given to
    `compile` gets LLVM at `opt_level`. Code generation is at `opt_level` either way."""
    from mlc.codegen import llvm_backend

    optimize, machine = llvm_backend.optimize, llvm_backend.host_target_machine
    levels, machines = [], []
    monkeypatch.setattr(llvm_backend, "optimize",
                        lambda m, tm, level: levels.append(level) or optimize(m, tm, level))
    monkeypatch.setattr(llvm_backend, "host_target_machine",
                        lambda level=2, **kw: machines.append(level) or machine(level, **kw))
    module = mlc.parse(MLP)
    exe = mlc.compile(module, opt_level=opt_level)
    exe.export_library(str(tmp_path / "mlp.so"))
    assert levels and set(levels) == {default_level}
    assert set(machines) == {opt_level}
    levels.clear()
    given = mlc.compile(module, opt_level=opt_level, pipeline="builtin.module(graph-to-llvm)")
    assert set(levels) == {opt_level}
    arrays = _inputs(4)
    np.testing.assert_allclose(exe.main(*arrays), given.main(*arrays), rtol=1e-6)


def test_the_lowerings_garbage_is_collected_while_llvm_compiles_the_last_part(monkeypatch):
    """The lowering runs with collection paused; the garbage it leaves (dropped IR, in
    reference cycles) is collected while LLVM optimizes the last part
    (`codegen._collect_while_optimizing`), not on the first allocation after the pause."""
    from mlc.codegen import llvm_backend

    events = []
    object_code = llvm_backend.object_code
    monkeypatch.setattr(llvm_backend, "object_code",
                        lambda *args: events.append("object") or object_code(*args))

    def on_collection(phase, info):
        if phase == "stop" and info["collected"] > 100:
            events.append("garbage")

    module = mlc.parse(MLP)
    gc.collect()
    gc.callbacks.append(on_collection)
    try:
        mlc.compile(module)
    finally:
        gc.callbacks.remove(on_collection)
    assert "garbage" in events and events[-1] == "object"


def test_calls_from_several_threads_at_once_each_get_their_own_result(mlp):
    """Each thread packs its arguments into its own call buffer (`runtime._Frame`)."""
    from concurrent.futures import ThreadPoolExecutor

    module, exe = mlp
    inputs = [_inputs(n, seed=n) for n in range(1, 9)]
    wants = [exe.main(*arrays) for arrays in inputs]
    with ThreadPoolExecutor(4) as pool:
        for _ in range(20):
            gots = list(pool.map(lambda arrays: exe.main(*arrays), inputs))
            for got, want in zip(gots, wants):
                np.testing.assert_array_equal(got, want)
