"""The import-linter contracts in pyproject.toml (DESIGN.md section 1) hold."""

from __future__ import annotations

import shutil
import subprocess
import sysconfig
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def find_lint_imports() -> str | None:
    """`lint-imports` next to this interpreter (an unactivated venv), else on PATH."""
    local = Path(sysconfig.get_path("scripts")) / "lint-imports"
    return str(local) if local.is_file() else shutil.which("lint-imports")


def test_import_contracts() -> None:
    """`lint-imports` keeps every layering contract."""
    lint_imports = find_lint_imports()
    assert lint_imports, "lint-imports not found: pip install -e '.[test]'"
    proc = subprocess.run(
        [lint_imports], cwd=REPO_ROOT, capture_output=True, check=False, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
