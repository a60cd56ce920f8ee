"""What every command that reads articles shares: the settings from the environment, the input
kinds, and one reader of the INPUT arguments, so `analyze`, `graph` and `ingest` refuse typos,
read standard input and report warnings and skipped inputs the same way."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from enum import Enum

from rich.console import Console
from rich.markup import escape

from glasnost.article import Article
from glasnost.errors import InputError
from glasnost.ingest import LoadFailure, LoadOptions, argument_source, load_all
from glasnost.ingest.base import KINDS
from glasnost.settings import EMBEDDERS, Settings, from_environment

err = Console(stderr=True, highlight=False)
InputKind = Enum("InputKind", {name: name for name in KINDS}, type=str)  # type: ignore[misc]
EmbedderName = Enum("EmbedderName", {name: name for name in EMBEDDERS}, type=str)  # type: ignore[misc]


def settings(embedder: Enum | None = None) -> Settings:
    """The one place Glasnost reads its environment variables (the README's "Settings"); an
    `--embedder` given on the command line wins over GLASNOST_EMBEDDER."""
    found = from_environment(os.environ)
    return found if embedder is None else replace(found, embedder=embedder.value)


def read_articles(
    inputs: list[str], options: LoadOptions, fail: Callable[[str, str], None], raise_alone: bool = True
) -> Iterator[Article]:
    """Every article the inputs hold. A misspelled path or scheme is refused when this is called,
    before the caller opens an output or a store; what cannot be read later goes to `fail` and is
    skipped, except that with `raise_alone` a single input's error is raised (one line and exit 2,
    as for one article). Load warnings are printed here and kept in the article."""
    named = [None if item == "-" else argument_source(item, options.kind) for item in inputs]
    return _read(inputs, named, options, fail, raise_alone)


def _read(
    inputs: list[str], named: list, options: LoadOptions, fail: Callable[[str, str], None], raise_alone: bool
) -> Iterator[Article]:
    for item, reference in zip(inputs, named):
        stdin = reference is None
        try:
            source = sys.stdin.buffer.read() if stdin else reference
            for loaded in load_all(source, replace(options, name="-") if stdin else options):
                if isinstance(loaded, LoadFailure):
                    fail(loaded.source, loaded.reason)
                    continue
                for warning in loaded.warnings:
                    err.print(f"[yellow]warning[/] {escape(loaded.source or item)}: {escape(warning)}", soft_wrap=True)
                yield loaded
        except InputError as error:
            if raise_alone and len(inputs) == 1:
                raise
            fail(item, str(error))
