"""Every command and option a user can type is documented in the README (datasette's habit)."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from glasnost.cli import app
from glasnost.settings import ENVIRONMENT, Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands():
    """Every command as a user types it, subcommands of `eval` and `train` included.

    A group is told apart by its `commands`: typer (0.29+) bundles its own click, so its groups
    are not instances of the installed `click.Group`, and an isinstance test skips them all."""
    found = []

    def walk(prefix, group):
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                walk(f"{prefix} {name}", command)
            else:
                found.append((f"{prefix} {name}".strip(), command))

    walk("", typer.main.get_group(app))
    return found


def _documented(name: str) -> bool:
    """`glasnost eval hedging` is documented by itself or among alternatives, as in the heading
    `glasnost eval checkworthiness|subjectivity|hedging [FILE]`."""
    *group, last = name.split()
    words = "".join(re.escape(word) + " " for word in group)
    return re.search(rf"glasnost {words}(?:[\w-]+\|)*{re.escape(last)}(?![\w-])", README) is not None


def test_the_walk_reaches_subcommands():
    names = {name for name, _ in _commands()}
    assert {"eval techniques", "train techniques", "spans"} <= names


def test_every_command_is_documented():
    for name, _ in _commands():
        assert _documented(name), f"README lacks `glasnost {name}`"


def test_every_option_is_documented():
    for name, command in _commands():
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--"):
                    assert opt in README, f"README lacks {opt} of `glasnost {name}`"


def test_readme_opens_with_the_two_commands():
    head = README[:1500]
    assert "make demo" in head and "make test" in head


def _settings_table() -> list[list[str]]:
    section = README.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.strip("|").split("|") for line in section.splitlines() if line.startswith("| `")]
    return [[cell.strip() for cell in row] for row in rows]


def test_the_settings_table_lists_every_field_and_its_variable():
    rows = _settings_table()
    assert [row[0].strip("`") for row in rows] == list(Settings.__dataclass_fields__)
    variables = {row[0].strip("`"): row[1].strip("`") for row in rows}
    assert variables == {field: variable for variable, field in ENVIRONMENT.items()}
