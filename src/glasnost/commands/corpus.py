"""The corpus commands: ingest articles into a store, then search and profile what it holds.

Unlike `glasnost.store`, this module may run the pipeline: it is where loading, analysing and
storing meet.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.markup import escape

from glasnost.analysis import Analysis
from glasnost.commands.shell import EmbedderName, InputKind, err, read_articles, settings
from glasnost.errors import Errors, InputError
from glasnost.ingest import LoadOptions
from glasnost.ingest.sniff import is_url

if TYPE_CHECKING:
    from glasnost.store.location import Location
    from glasnost.store.profiles import OutletProfile

corpus_app = typer.Typer()

Db = Annotated[
    Optional[str],
    typer.Option("--db", help="The store: a path, sqlite:///PATH or postgresql://... (default: glasnost.db here)."),
]
EmbedderOption = Annotated[
    Optional[EmbedderName],
    typer.Option(
        "--embedder",
        help="Sentence embedder of claim matching and narratives: minilm (English, shipped) or multilingual (the multilingual extra); one per store.",
    ),
]


class Shown(str, Enum):
    table = "table"
    json = "json"


def _emit_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


class SinkKind(str, Enum):
    jsonl = "jsonl"
    parquet = "parquet"


@corpus_app.command("ingest")
def ingest_command(
    inputs: Annotated[Optional[list[str]], typer.Argument(help="Files, directories, URLs, feeds, JSON Lines; - for stdin.")] = None,
    db: Db = None,
    fmt: Annotated[Shown, typer.Option("--format", "-f", help="How to print the counts.")] = Shown.table,
    kind: Annotated[InputKind, typer.Option("--kind", help="Input kind: auto sniffs it from the extension and the content.")] = InputKind("auto"),
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow URLs on private or loopback addresses.")] = False,
    allow_host: Annotated[Optional[list[str]], typer.Option("--allow-host", help="Fetch this host whatever it resolves to, link-local and cloud metadata included (repeatable).")] = None,
    any_language: Annotated[bool, typer.Option("--any-language", help="Analyse text even when it is not English.")] = False,
    workers: Annotated[Optional[int], typer.Option("--workers", "-w", min=1, help="Worker processes (default: the number of cores; 1: analyse in this process).")] = None,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Run the analyses on this Dask cluster (tcp://HOST:PORT) instead of local workers.")] = None,
    to: Annotated[Optional[tuple[SinkKind, Path]], typer.Option("--to", help="Also write each analysis as it finishes: jsonl FILE or parquet FOLDER (appended to).")] = None,
    failures: Annotated[Optional[Path], typer.Option("--failures", help="The failure log, JSON Lines (default: STORE.failures.jsonl beside a SQLite store, else glasnost.failures.jsonl).")] = None,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="Read again the sources in the failure log (and any INPUT).")] = False,
    embedder: EmbedderOption = None,
) -> None:
    """Analyse articles and keep them in a store; what it already holds is not analysed again.
    A run stopped anywhere (Ctrl-C, SIGTERM, a kill) is finished by running it again."""
    from glasnost.batch import Job, Stopped, Writer, ingest
    from glasnost.batch.failures import FailureLog, read_failures
    from glasnost.batch.progress import Meter
    from glasnost.batch.sinks import open_sink
    from glasnost.claims_match.embedder import claim_embedder
    from glasnost.commands.factchecks import claim_matcher
    from glasnost.pipeline import AnalyzeOptions
    from glasnost.store import open_store
    from glasnost.store.intake import IngestReport, Intake
    from glasnost.store.location import parse

    options = LoadOptions(
        kind=kind.value, allow_private=allow_private, allow_hosts=tuple(allow_host or ()), require_english=not any_language
    )
    log_path = failures or _failure_log(parse(db))
    items = list(inputs or [])
    retried = read_failures(log_path) if retry_failed else []
    items += [source for source in dict.fromkeys(f.retry for f in retried) if source not in items]
    if not items:
        if retry_failed:
            err.print(f"nothing to retry in {escape(str(log_path))}")
            return
        raise InputError(Errors.E210)
    holder: list[Writer] = []
    readers = [(item, read_articles([item], options, _fail_into(holder, item), raise_alone=False)) for item in items]
    expected = _expected(items, options)
    count = workers or os.cpu_count() or 1
    job = Job(workers=min(count, expected) if expected else count, options=AnalyzeOptions(), settings=settings(), scheduler=scheduler)
    sink = open_sink(to[0].value, to[1]) if to else open_sink(None, None)
    executor = job.executor()
    try:
        store = open_store(db)
    except BaseException:
        executor.close(now=True)
        raise
    stopped: Stopped | None = None
    with store:
        try:
            chosen = claim_embedder(settings(embedder))
            intake = Intake(store, IngestReport(), chosen.embed)
            writer = Writer(intake, sink, FailureLog(log_path), Meter(expected), claim_matcher(store, intake.vectors, chosen))
        except BaseException:  # a bad embedder, or a signal while the models load
            executor.close(now=True)
            raise
        holder.append(writer)
        try:
            ingest(((item, article) for item, reader in readers for article in reader), writer, executor)
        except Stopped as error:
            stopped = error
        if stopped is None and store.touched:
            report_splits(store.split_narratives(store.touched))
            store.save_claim_index()
    report = writer.intake.report
    if retry_failed and stopped is None:
        FailureLog(log_path).replace_with(writer.logged)
    for source, reason in report.failures:
        err.print(f"[yellow]skipped[/] {escape(source)}: {escape(reason)}", soft_wrap=True)
    if report.failed:
        err.print(f"failures logged in {escape(str(log_path))} (glasnost ingest --retry-failed tries them again)")
    if fmt is Shown.json:
        _emit_json({**report.counts(), "store": store.url})
    else:
        for name, value in report.counts().items():
            print(f"{name:<16}{value}")
    if stopped is not None:
        err.print(stopped.message(writer.done, report.counts()), soft_wrap=True, markup=False)
        raise typer.Exit(128 + stopped.signum)
    if report.failed:
        raise typer.Exit(2)


def report_splits(events: list[dict]) -> None:
    """Each narrative split, one line on standard error."""
    for event in events:
        err.print(f"narrative #{event['split_from']}: {event['claims']} claim(s) split off as #{event['id']}")


def _fail_into(holder: list, item: str) -> Callable[[str, str], None]:
    """The reader's failure callback for one INPUT: the failure goes to the run's writer."""

    def fail(source: str, reason: str) -> None:
        holder[0].fail(source, item, reason)

    return fail


def _failure_log(location: Location) -> Path:
    if location.backend == "sqlite":
        return Path(f"{location.target}.failures.jsonl")
    return Path("glasnost.failures.jsonl")


def _expected(items: list[str], options: LoadOptions) -> int | None:
    """How many articles the inputs hold, when all are local files and folders (a folder counts
    its files, a JSON Lines file its lines); None when one is stdin or a URL."""
    from glasnost.ingest import open_source

    total = 0
    for item in items:
        if item == "-" or is_url(item):
            return None
        try:
            total += open_source(Path(item).expanduser(), options).count
        except InputError:
            total += 1
    return total


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
    from glasnost.store.search import genre as genre_filter

    filters = Filters(
        site=site, since=day(since, "--since"), until=day(until, "--until", end=True),
        technique=technique, actor=actor, genre=genre_filter(genre, "--genre"),
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
        print(f"  glasnost {use.glasnost}, {use.spacy_model}, {point}: {use.articles} article{'' if use.articles == 1 else 's'}; {steps}")


class Profiled(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def _profile_lines(profile: OutletProfile, rating: dict[str, str] | None = None, rated: bool = False) -> Iterator[str]:
    overall = profile.overall
    yield (
        f"{profile.site or '(no site)'}  articles {overall.articles}  words {overall.words}"
        f"  technique_rate {overall.technique_rate:.2f}  quotes/article {overall.quotes_per_article:.2f}"
    )
    if rated:
        yield "  rating      " + (", ".join(f"{k} {v}" for k, v in rating.items()) if rating else "not in the ratings table")
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


def _profile_csv(profiles: list[OutletProfile], rated: dict[str | None, dict[str, str] | None], columns: tuple[str, ...]) -> None:
    """One row per site and period (`all`, then each month), one column per technique, genre and
    certainty, and with ratings one `rating:COLUMN` column each."""
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
         *(f"{prefix}:{k}" for prefix, names in keys.items() for k in names), *(f"rating:{c}" for c in columns)]
    )
    for site, label, period in periods:
        mixes = {"rate": period.techniques, "genre": period.genres, "certainty": period.certainty}
        writer.writerow(
            [site or "", label, period.articles, period.words, period.technique_rate, period.quotes_per_article,
             "; ".join(a.name for a in period.top_actors),
             *(mixes[prefix].get(k, 0.0) for prefix, names in keys.items() for k in names),
             *((rated.get(site) or {}).get(c, "") for c in columns)]
        )


@corpus_app.command("outlets")
def outlets_command(
    db: Db = None,
    since: Annotated[Optional[str], typer.Option("--since", help="Articles published on or after this day (YYYY-MM-DD or YYYY-MM).")] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="Articles published on or before this day (YYYY-MM-DD or YYYY-MM).")] = None,
    fmt: Annotated[Profiled, typer.Option("--format", "-f", help="Output format.")] = Profiled.table,
    ratings: Annotated[Optional[Path], typer.Option("--ratings", help="A TSV/CSV of outlet ratings (a site or domain column, then any rating columns) to join by domain.")] = None,
) -> None:
    """Profile every site: technique rates, genre and certainty mix, quotes, top actors, by month."""
    from glasnost.store import open_store
    from glasnost.store.ratings import read_ratings
    from glasnost.store.search import Filters, day

    filters = Filters(since=day(since, "--since"), until=day(until, "--until", end=True))
    table = read_ratings(ratings) if ratings is not None else None
    with open_store(db, create=False) as store:
        profiles = store.outlets(filters)
        hosts = store.site_hosts() if table is not None else {}
    rated = {p.site: table.lookup([p.site, *hosts.get(p.site, [])]) for p in profiles} if table is not None else {}
    if fmt is Profiled.json:
        _emit_json([{**profile.as_dict(), **({"rating": rated[profile.site]} if table else {})} for profile in profiles])
    elif fmt is Profiled.csv:
        _profile_csv(profiles, rated, table.columns if table else ())
    else:
        for profile in profiles:
            print("\n".join(_profile_lines(profile, rated.get(profile.site), table is not None)))


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
        print(f"{key}  ({data['articles']} article{'' if data['articles'] == 1 else 's'})")
        for actor in data["actors"]:
            print(f"  {actor['name']} ({actor['type']}): {actor['articles']} article{'' if actor['articles'] == 1 else 's'}, {actor['mentions']} mention{'' if actor['mentions'] == 1 else 's'}, sentiment {actor['sentiment']:+.2f}")
        for relation in data["relations"]:
            print(f"  {relation['source']} -{relation['kind']}-> {relation['target']} x{relation['count']}")
