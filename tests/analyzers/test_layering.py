"""Analyzers talk through the pipeline's context, never through each other's modules."""

from __future__ import annotations

import ast
from pathlib import Path

import glasnost.analyzers

PACKAGE = Path(glasnost.analyzers.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_analyzer_imports_another():
    modules = [p for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert len(modules) >= 9
    for path in modules:
        others = {n for n in _imports(path) if n.startswith("glasnost.analyzers")}
        assert not others, f"{path.name} imports {sorted(others)}: share the work through glasnost.context"


def test_the_check_sees_an_import_between_analyzers(tmp_path):
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("from glasnost.analyzers import actors\nimport glasnost.analyzers.sentences\n", encoding="utf-8")
    assert {"glasnost.analyzers.actors", "glasnost.analyzers.sentences"} <= _imports(sneaky)
