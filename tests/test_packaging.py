"""pyproject lists its packages explicitly (the repository root is the package `mlc`): every
package folder must be listed, or an installed (non-editable) mlc would lack it."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOT_PACKAGED = {"tests", "examples", "bench", "build", "docs"}


def test_every_package_folder_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])  # fmt: skip
    found = {"mlc"}
    for init in ROOT.rglob("__init__.py"):
        parts = init.parent.relative_to(ROOT).parts
        if parts and parts[0] not in NOT_PACKAGED and not any(p.startswith(".") for p in parts):
            found.add(".".join(("mlc", *parts)))
    assert found <= listed, f"add to pyproject's packages: {sorted(found - listed)}"
