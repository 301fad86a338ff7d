"""lit configuration for mlc's FileCheck tests, as MLIR writes them.

Each `.mlir` file carries `// RUN:` lines such as `mlc-opt %s | filecheck %s`. `mlc-opt` is the
console script installed by `pip install -e .`; `filecheck` comes from the `filecheck` package;
`not` is a builtin of lit's internal shell.
"""

# ruff: noqa: F821  (lit injects `config` and `lit_config`)

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import sysconfig
import tempfile

import lit.formats

config.name = "mlc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)

# Scratch files (%t) go outside the source tree, one directory per checkout.
_checkout_key = hashlib.sha1(config.test_source_root.encode()).hexdigest()[:12]
config.test_exec_root = os.environ.get(
    "MLC_LIT_EXEC_ROOT", os.path.join(tempfile.gettempdir(), f"mlc-lit-{_checkout_key}")
)

# The interpreter running lit is the one mlc is installed into: its scripts come first.
_scripts_dir = sysconfig.get_path("scripts")
config.environment["PATH"] = os.pathsep.join([_scripts_dir, os.environ.get("PATH", "")])
if "PYTHONPATH" in os.environ:
    config.environment["PYTHONPATH"] = os.environ["PYTHONPATH"]
# `mlc-run` runs through its module when the checkout is newer than the installed scripts.
if shutil.which("mlc-run", path=config.environment["PATH"]) is None:
    config.substitutions.append(("mlc-run", f'"{sys.executable}" -m mlc.tools.mlc_run'))

# `--param opt=PATH` runs the same RUN lines with another driver (mlir-opt 19), and
# `--param translate=PATH` with another `mlc-translate` (mlir-translate 19): the suite's
# expectations are then checked to be MLIR's own. Tests of mlc-only behaviour say `REQUIRES: mlc`.
_other_opt = lit_config.params.get("opt")
_other_translate = lit_config.params.get("translate")
if _other_opt:
    config.substitutions.append(("mlc-opt", _other_opt))
if _other_translate:
    config.substitutions.append(("mlc-translate", _other_translate))
if not (_other_opt or _other_translate):
    config.available_features.add("mlc")
