"""The corpus commands: ingest articles into a store, then search and profile what it holds.

Unlike `glasnost.store`, this module may run the pipeline: it is where loading, analysing and
storing meet.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.markup import escape

from glasnost.analysis import Analysis
from glasnost.commands.shell import InputKind, err, read_articles, settings
from glasnost.errors import Errors, InputError
from glasnost.ingest import LoadOptions

if TYPE_CHECKING:
    from glasnost.store.profiles import OutletProfile

corpus_app = typer.Typer()

Db = Annotated[
    Optional[str],
    typer.Option("--db", help="The store: a path, sqlite:///PATH or postgresql://... (default: glasnost.db here)."),
]


class Shown(str, Enum):
    table = "table"
    json = "json"


def _emit_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


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
    from glasnost.store.intake import IngestReport, Intake

    options = LoadOptions(kind=kind.value, allow_private=allow_private, require_english=not any_language)
    report = IngestReport()
    read = read_articles(inputs, options, report.fail, raise_alone=False)  # typos refused before the store opens
    with open_store(db) as store:
        intake = Intake(store, report)
        for analysis in analyze_all((a for a in read if intake.admit(a)), settings=settings()):
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
    genre: Annotated[Optional[str], typer.Option("--genre", help="Only articles of this genre: opinion, reporting, satire or uncertain.")] = None,
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


def _shares(mix: dict[str, float]) -> str:
    return ", ".join(f"{key} {value:.0%}" for key, value in mix.items()) or "-"


@corpus_app.command("corpus")
def corpus_command(
    db: Db = None,
    fmt: Annotated[Shown, typer.Option("--format", "-f", help="Output format.")] = Shown.table,
) -> None:
    """What a store holds: articles by site and month, near-duplicates, the models that made them."""
    from glasnost.store import open_store

    with open_store(db, create=False) as store:
        summary = store.summary()
    if fmt is Shown.json:
        _emit_json(asdict(summary))
        return
    print(f"store            {summary.store} ({summary.backend}, schema {summary.schema_version})")
    print(f"articles         {summary.articles} ({summary.near_duplicates} near-duplicates)")
    print(f"published        {summary.first_published or '-'} .. {summary.last_published or '-'}")
    for title, counts in (("sites", summary.sites), ("months", summary.months)):
        print(title)
        for key, count in counts.items():
            print(f"  {key or '(none)':<30}{count}")
    print("models")
    for use in summary.pipelines:
        steps = ", ".join(f"{s['name']} {s['version']}" + (f" ({s['model']})" if s["model"] else "") for s in use.steps)
        point = use.settings.get("operating_point")
        print(f"  glasnost {use.glasnost}, {use.spacy_model}, {point}: {use.articles} articles; {steps}")


class Profiled(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def _profile_lines(profile: OutletProfile) -> Iterator[str]:
    overall = profile.overall
    yield (
        f"{profile.site or '(no site)'}  articles {overall.articles}  words {overall.words}"
        f"  technique_rate {overall.technique_rate:.2f}  quotes/article {overall.quotes_per_article:.2f}"
    )
    yield "  techniques  " + (", ".join(f"{k} {v:.2f}" for k, v in overall.techniques.items()) or "-")
    yield "  genres      " + _shares(overall.genres)
    yield "  certainty   " + _shares(overall.certainty)
    yield "  actors      " + (", ".join(f"{a.name} ({a.type}, {a.articles}, {a.sentiment:+.2f})" for a in overall.top_actors) or "-")
    for month, period in sorted(profile.months.items()):
        top = next(iter(period.techniques), "-")
        yield (
            f"  {month or '(undated)':<10}  articles {period.articles}  technique_rate {period.technique_rate:.2f}"
            f"  quotes/article {period.quotes_per_article:.2f}  top technique {top}"
        )


def _profile_csv(profiles: list[OutletProfile]) -> None:
    """One row per site and period (`all`, then each month), one column per technique, genre and certainty."""
    import csv

    periods = [(p.site, "all", p.overall) for p in profiles]
    periods += [(p.site, month or "undated", period) for p in profiles for month, period in sorted(p.months.items())]
    keys = {
        prefix: sorted({k for _, _, period in periods for k in getattr(period, attribute)})
        for prefix, attribute in (("rate", "techniques"), ("genre", "genres"), ("certainty", "certainty"))
    }
    writer = csv.writer(sys.stdout)
    writer.writerow(
        ["site", "period", "articles", "words", "technique_rate", "quotes_per_article", "top_actors",
         *(f"{prefix}:{k}" for prefix, names in keys.items() for k in names)]
    )
    for site, label, period in periods:
        mixes = {"rate": period.techniques, "genre": period.genres, "certainty": period.certainty}
        writer.writerow(
            [site or "", label, period.articles, period.words, period.technique_rate, period.quotes_per_article,
             "; ".join(a.name for a in period.top_actors),
             *(mixes[prefix].get(k, 0.0) for prefix, names in keys.items() for k in names)]
        )


@corpus_app.command("outlets")
def outlets_command(
    db: Db = None,
    since: Annotated[Optional[str], typer.Option("--since", help="Articles published on or after this day (YYYY-MM-DD or YYYY-MM).")] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="Articles published on or before this day (YYYY-MM-DD or YYYY-MM).")] = None,
    fmt: Annotated[Profiled, typer.Option("--format", "-f", help="Output format.")] = Profiled.table,
) -> None:
    """Profile every site: technique rates, genre and certainty mix, quotes, top actors, by month."""
    from glasnost.store import open_store
    from glasnost.store.search import Filters, day

    filters = Filters(since=day(since, "--since"), until=day(until, "--until", end=True))
    with open_store(db, create=False) as store:
        profiles = store.outlets(filters)
    if fmt is Profiled.json:
        _emit_json([profile.as_dict() for profile in profiles])
    elif fmt is Profiled.csv:
        _profile_csv(profiles)
    else:
        for profile in profiles:
            print("\n".join(_profile_lines(profile)))


class Table(str, Enum):
    articles = "articles"
    claims = "claims"
    techniques = "techniques"
    quotes = "quotes"
    actors = "actors"
    relations = "relations"


class Exported(str, Enum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


@corpus_app.command("export")
def export_command(
    table: Annotated[Table, typer.Option("--table", help="Which rows: one per article or one per finding.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write (replaced only once complete).")],
    db: Db = None,
    fmt: Annotated[Optional[Exported], typer.Option("--format", "-f", help="parquet, csv or jsonl (default: from the -o suffix).")] = None,
) -> None:
    """Write one table of a store as Parquet, CSV or JSON Lines, each row naming its article."""
    from glasnost.store import open_store

    if fmt is None:
        suffix = output.suffix.lstrip(".").lower()
        if suffix not in Exported.__members__:
            raise InputError(Errors.E171.format(path=output))
        fmt = Exported(suffix)
    with open_store(db, create=False) as store:
        count = store.export(table.value, fmt.value, output)
    err.print(f"{count} {table.value} rows; written: {escape(str(output))}")


class PeriodKind(str, Enum):
    month = "month"
    all = "all"


def _actor_periods(analyses: Iterable[tuple[str | None, Analysis]], period: PeriodKind) -> dict[str, list[Analysis]]:
    grouped: dict[str, list] = {}
    for month, analysis in analyses:
        key = (month or "undated") if period is PeriodKind.month else "all"
        grouped.setdefault(key, []).append(analysis)
    return grouped


@corpus_app.command("actors")
def actors_command(
    db: Db = None,
    period: Annotated[PeriodKind, typer.Option("--period", help="month: one graph per month of publication; all: one for the whole store.")] = PeriodKind.month,
    since: Annotated[Optional[str], typer.Option("--since", help="Articles published on or after this day (YYYY-MM-DD or YYYY-MM).")] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="Articles published on or before this day (YYYY-MM-DD or YYYY-MM).")] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Show this many actors and relations per period.")] = 10,
    graphml: Annotated[Optional[Path], typer.Option("--graphml", help="Also write one actors-PERIOD.graphml per period into this folder.")] = None,
    fmt: Annotated[Shown, typer.Option("--format", "-f", help="Output format.")] = Shown.table,
) -> None:
    """Actors merged across the stored articles, with their mentions and relations, period by period."""
    from glasnost.graph import build_graph, to_graphml
    from glasnost.store import open_store
    from glasnost.store.search import Filters, day

    if graphml is not None and graphml.exists() and not graphml.is_dir():
        raise InputError(Errors.E005.format(path=graphml))
    filters = Filters(since=day(since, "--since"), until=day(until, "--until", end=True))
    with open_store(db, create=False) as store:
        periods = _actor_periods(store.analyses(filters), period)
    report = {}
    for key, analyses in sorted(periods.items()):
        graph = build_graph(analyses)
        names = {node.id: node.name for node in graph.nodes}
        nodes = sorted(graph.nodes, key=lambda n: (-len(n.articles), -n.mentions, n.name))[:top]
        edges = sorted(graph.edges, key=lambda e: (-e.count, -e.weight, e.kind))[:top]
        report[key] = {
            "articles": len(analyses),
            "actors": [
                {"name": n.name, "type": n.type, "aliases": n.aliases, "articles": len(n.articles),
                 "mentions": n.mentions, "sentiment": round(n.sentiment, 3)}
                for n in nodes
            ],
            "relations": [
                {"source": names[e.source], "target": names[e.target], "kind": e.kind, "count": e.count,
                 "weight": round(e.weight, 3)}
                for e in edges
            ],
        }
        if graphml is not None:
            graphml.mkdir(parents=True, exist_ok=True)
            (graphml / f"actors-{key}.graphml").write_text(to_graphml(graph), encoding="utf-8")
    if fmt is Shown.json:
        _emit_json(report)
        return
    for key, data in report.items():
        print(f"{key}  ({data['articles']} articles)")
        for actor in data["actors"]:
            print(f"  {actor['name']} ({actor['type']}): {actor['articles']} articles, {actor['mentions']} mentions, sentiment {actor['sentiment']:+.2f}")
        for relation in data["relations"]:
            print(f"  {relation['source']} -{relation['kind']}-> {relation['target']} x{relation['count']}")
