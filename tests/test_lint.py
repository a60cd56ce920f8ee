"""The layering contract (import-linter, in pyproject.toml) and ruff's lint run with the tests, so
an upward import or an unused name fails CI like a broken feature does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300, **kwargs)


def _lint_imports(env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return _run([str(BIN / "lint-imports"), "pyproject.toml", "--no-cache"], env=env)


def test_the_layers_contract_holds():
    result = _lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_contract_refuses_an_upward_import_and_one_analyzer_importing_another(tmp_path):
    copy = tmp_path / "glasnost"
    shutil.copytree(ROOT / "src" / "glasnost", copy, ignore=shutil.ignore_patterns("__pycache__", "*.onnx", "*.npz", "*.json"))
    with (copy / "errors.py").open("a", encoding="utf-8") as handle:
        handle.write("\nimport glasnost.pipeline  # noqa: E402\n")
    with (copy / "analyzers" / "genre.py").open("a", encoding="utf-8") as handle:
        handle.write("\nimport glasnost.analyzers.claims  # noqa: E402\n")
    result = _lint_imports({**os.environ, "PYTHONPATH": str(tmp_path)})
    assert result.returncode != 0
    assert "glasnost.errors is not allowed to import glasnost.pipeline" in result.stdout
    assert "glasnost.analyzers.genre is not allowed to import glasnost.analyzers.claims" in result.stdout


def test_ruff_finds_nothing():
    result = _run([str(BIN / "ruff"), "check", "src", "tests", "bench"])
    assert result.returncode == 0, result.stdout + result.stderr
