"""The code's own checks: the stages of ``lecture/`` import one way (import-linter), and ruff finds nothing.

Both tools come from pyproject.toml's ``test`` extra. The import contract is also shown a copy of the
package with one back-import planted inside a function body, to prove it is really checking (and that
an import hidden in a function counts).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """``lint-imports`` on the package in ``root``, with the contracts of ``root``'s pyproject.toml."""
    environment = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(BIN / "lint-imports"), "--no-cache"], cwd=root, env=environment,
                          capture_output=True, text=True, timeout=120, check=False)


def test_the_stages_import_only_from_the_stages_below_them() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 2 kept, 0 broken." in done.stdout


def test_a_back_import_breaks_the_contract(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "lecture", tmp_path / "lecture", ignore=shutil.ignore_patterns("__pycache__", "static"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    # The text reaching up into the renderer, hidden in a function as the old cycles were.
    planted = tmp_path / "lecture" / "text" / "document.py"
    planted.write_text(planted.read_text(encoding="utf-8")
                       + "\n\ndef _planted():\n    from lecture.render import hooks\n\n    return hooks\n",
                       encoding="utf-8")
    done = lint_imports(tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "lecture.text is not allowed to import lecture.render" in done.stdout
    assert "lecture.text.document -> lecture.render.hooks" in done.stdout


def test_ruff_finds_nothing() -> None:
    done = subprocess.run([str(BIN / "ruff"), "check", "--no-cache", "."], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
