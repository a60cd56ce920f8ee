"""Every command and option a user can type is documented in the README (datasette's habit)."""

from __future__ import annotations

from pathlib import Path

import click
import typer.main

from glasnost.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands():
    """Every command as a user types it, subcommands of `eval` and `train` included."""
    found = []

    def walk(prefix, group):
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                walk(f"{prefix} {name}", command)
            else:
                found.append((f"{prefix} {name}".strip(), command))

    walk("", typer.main.get_group(app))
    return found


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
