"""The corpus commands: ingest articles into a store, then search and profile what it holds.

Unlike `glasnost.store`, this module may run the pipeline: it is where loading, analysing and
storing meet.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import asdict, replace
from enum import Enum
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape

from glasnost.article import Article
from glasnost.errors import InputError
from glasnost.ingest import LoadFailure, LoadOptions, load_all
from glasnost.ingest.base import KINDS

corpus_app = typer.Typer()
err = Console(stderr=True, highlight=False)

Db = Annotated[
    Optional[str],
    typer.Option("--db", help="The store: a path, sqlite:///PATH or postgresql://... (default: glasnost.db here)."),
]
InputKind = Enum("InputKind", {name: name for name in KINDS}, type=str)  # type: ignore[misc]


class Shown(str, Enum):
    table = "table"
    json = "json"


def _emit_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _articles(inputs: list[str], options: LoadOptions, fail) -> Iterator[Article]:
    """Every article the inputs hold; what cannot be read is handed to `fail` and skipped."""
    for item in inputs:
        stdin = item == "-"
        try:
            source: str | bytes = sys.stdin.buffer.read() if stdin else item
            for loaded in load_all(source, replace(options, name="-") if stdin else options):
                if isinstance(loaded, LoadFailure):
                    fail(loaded.source, loaded.reason)
                else:
                    yield loaded
        except InputError as error:
            fail(item, str(error))


@corpus_app.command("ingest")
def ingest_command(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, URLs, feeds, JSON Lines; - for stdin.")],
    db: Db = None,
    fmt: Annotated[Shown, typer.Option("--format", "-f", help="How to print the counts.")] = Shown.table,
    kind: Annotated[InputKind, typer.Option("--kind", help="Input kind: auto sniffs it from the extension and the content.")] = InputKind("auto"),
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow URLs on private, loopback or link-local addresses.")] = False,
    any_language: Annotated[bool, typer.Option("--any-language", help="Analyse text even when it is not English.")] = False,
) -> None:
    """Analyse articles and keep them in a store; what it already holds is not analysed again."""
    from glasnost.pipeline import analyze_all
    from glasnost.store import open_store
    from glasnost.store.intake import Intake

    options = LoadOptions(kind=kind.value, allow_private=allow_private, require_english=not any_language)
    with open_store(db) as store:
        intake = Intake(store)
        fresh = (a for a in _articles(inputs, options, intake.report.fail) if intake.admit(a))
        for analysis in analyze_all(fresh):
            intake.keep(analysis)
    report = intake.report
    for source, reason in report.failures:
        err.print(f"[yellow]skipped[/] {escape(source)}: {escape(reason)}", soft_wrap=True)
    if fmt is Shown.json:
        _emit_json({**report.counts(), "store": store.url})
    else:
        for name, value in report.counts().items():
            print(f"{name:<16}{value}")
    if report.failed:
        raise typer.Exit(2)


@corpus_app.command("search")
def search_command(
    query: Annotated[str, typer.Argument(help='Words and "quoted phrases"; a hit holds them all.')],
    db: Db = None,
    site: Annotated[Optional[str], typer.Option("--site", help="Only articles from this site.")] = None,
    since: Annotated[Optional[str], typer.Option("--since", help="Published on or after this day (YYYY-MM-DD or YYYY-MM).")] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="Published on or before this day (YYYY-MM-DD or YYYY-MM).")] = None,
    technique: Annotated[Optional[str], typer.Option("--technique", help="Only articles with this technique.")] = None,
    actor: Annotated[Optional[str], typer.Option("--actor", help="Only articles naming this actor (any case).")] = None,
    genre: Annotated[Optional[str], typer.Option("--genre", help="Only articles of this genre: opinion, reporting or satire.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many hits.")] = 20,
    fmt: Annotated[Shown, typer.Option("--format", "-f", help="Output format.")] = Shown.table,
) -> None:
    """Full-text search of a store, best hits first, each with a snippet."""
    from glasnost.store import open_store
    from glasnost.store.search import Filters, day

    filters = Filters(
        site=site, since=day(since, "--since"), until=day(until, "--until", end=True),
        technique=technique, actor=actor, genre=genre,
    )
    with open_store(db, create=False) as store:
        hits = store.search(query, filters, limit)
    if fmt is Shown.json:
        _emit_json([asdict(hit) for hit in hits])
        return
    for hit in hits:
        print(f"{hit.id}  {hit.site or '-'}  {hit.published or '-'}  {hit.title or '-'}")
        print(f"    {hit.snippet}")
    err.print(f"{len(hits)} hit(s)")
