"""Every command and option a user can type is documented in the README (datasette's habit)."""

from __future__ import annotations

from pathlib import Path

import typer.main

from glasnost.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands():
    group = typer.main.get_group(app)
    return group.commands.items()


def test_every_command_is_documented():
    for name, _ in _commands():
        assert f"glasnost {name}" in README, f"README lacks `glasnost {name}`"


def test_every_option_is_documented():
    for name, command in _commands():
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--"):
                    assert opt in README, f"README lacks {opt} of `glasnost {name}`"


def test_readme_opens_with_the_two_commands():
    head = README[:1500]
    assert "make demo" in head and "make test" in head
