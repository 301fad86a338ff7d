"""Dialect and pass plugins: the example package in `examples/plugin` is installed (pip,
into a scratch directory) and used through `mlc-opt` and the Python API; a broken or
incompatible plugin is a diagnostic, not a traceback."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import mlc
from mlc.dialects import plugins
from mlc.tools.mlc_opt import run as mlc_opt

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plugin"
TOY = """func.func @f(%x: f32) -> f32 {
  %0 = toy.scale %x {factor = 3.0 : f32} : f32
  %1 = toy.square %0 : f32
  return %1 : f32
}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A directory the example plugin is pip-installed into, on sys.path for the module."""
    target = tmp_path_factory.mktemp("site")
    source = tmp_path_factory.mktemp("plugin") / "src"  # the build writes next to its sources
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    command = [sys.executable, "-m", "pip", "install", "-q", "--no-deps",
               "--no-build-isolation", "--target", str(target), str(source)]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True)
    sys.path.insert(0, str(target))
    _rescan()
    yield target
    sys.path.remove(str(target))
    _rescan()


def _rescan() -> None:
    importlib.invalidate_caches()
    plugins.entry_points.cache_clear()


def _fake_plugin(root: Path, name: str, module_text: str | None) -> None:
    """An installed distribution whose `mlc.dialects` entry point `name` is module
    `fake_<name>` (absent when `module_text` is None)."""
    info = root / f"fake_{name}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: fake-{name}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[mlc.dialects]\n{name} = fake_{name}\n")
    if module_text is not None:
        (root / f"fake_{name}.py").write_text(module_text)


def test_the_context_finds_an_installed_dialect_and_the_registry_its_passes(site):
    module = mlc.parse(TOY)
    assert mlc.interpret(module, "f", np.float32(2))[0] == 36
    ctx = mlc.Context()
    lowered = mlc.parse(TOY, ctx)
    mlc.PassManager.parse("builtin.module(toy-to-arith)", ctx).run(lowered)
    assert "toy." not in str(lowered) and "arith.mulf" in str(lowered)
    assert mlc.interpret(lowered, "f", np.float32(2))[0] == 36


def test_mlc_opt_loads_plugins_by_name(site, tmp_path, capsys):
    path = tmp_path / "toy.mlir"
    path.write_text(TOY)
    assert mlc_opt([str(path), "--load-dialect-plugin=toy", "--load-pass-plugin=toy",
                    "-p", "toy-to-arith"]) == 0  # fmt: skip
    assert "arith.mulf" in capsys.readouterr().out


def test_a_missing_broken_or_incompatible_plugin_is_a_diagnostic(tmp_path):
    _fake_plugin(tmp_path, "broken", None)
    _fake_plugin(tmp_path, "old", "MLC_PLUGIN_API = 0\nDIALECT = None\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), *sys.path]))
    toy = tmp_path / "in.mlir"
    toy.write_text("module {}\n")
    cases = {
        "nope": "no dialect plugin named 'nope' is installed",
        "broken": "dialect plugin 'broken' (fake_broken) failed to load: ModuleNotFoundError",
        "old": "written for mlc plugin API 0; this mlc provides API 1",
    }
    for name, message in cases.items():
        result = subprocess.run(
            [sys.executable, "-m", "mlc.tools.mlc_opt", str(toy), f"--load-dialect-plugin={name}"],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        assert result.returncode == 1, name
        assert message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
