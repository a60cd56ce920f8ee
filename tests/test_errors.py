"""The message table: every code unique, every code used, every raise in the package through it,
and the code in front of what the user reads."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from glasnost.errors import Errors
from test_cli import glasnost

SRC = Path(__file__).resolve().parents[1] / "src" / "glasnost"
TABLE = SRC / "errors.py"


def _assigned_codes() -> list[str]:
    tree = ast.parse(TABLE.read_text(encoding="utf-8"))
    table = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "Errors")
    return [target.id for node in table.body if isinstance(node, ast.Assign) for target in node.targets
            if isinstance(target, ast.Name)]


def _sources() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in SRC.rglob("*.py") if path != TABLE}


def test_codes_are_unique_and_well_formed():
    codes = _assigned_codes()
    assert codes and all(re.fullmatch(r"E\d{3}", code) for code in codes)
    assert len(codes) == len(set(codes)), sorted(code for code in codes if codes.count(code) > 1)


def test_every_code_is_used_in_the_package():
    text = "\n".join(_sources().values())
    unused = [code for code in _assigned_codes() if not re.search(rf"\bErrors\.{code}\b", text)]
    assert unused == []


def test_every_raise_takes_its_message_from_the_table():
    """No exception in the package is raised with a message written at the raise: a string
    literal or f-string argument bypasses the table (and its code)."""
    bypassing = []
    for path, text in _sources().items():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                arguments = [*node.exc.args, *(k.value for k in node.exc.keywords)]
                if any(isinstance(a, (ast.Constant, ast.JoinedStr)) and isinstance(getattr(a, "value", ""), str)
                       for a in arguments):
                    bypassing.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert bypassing == []


def test_messages_read_with_their_code():
    assert Errors.E001 == "[E001] input is empty"
    assert Errors.E005.format(path="x.txt") == "[E005] no such file or directory: x.txt"


def test_the_cli_shows_the_code(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = glasnost("analyze", str(empty))
    assert result.returncode == 2 and result.stderr.decode().strip() == "error: [E001] input is empty"
    usage = glasnost("analyze", "--bogus", "x")
    assert usage.returncode == 2 and usage.stderr.decode().startswith("error: [E139] No such option: --bogus")
