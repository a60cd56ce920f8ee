"""`glasnost factchecks import|match`, and the two training commands of the claim matcher.

Fact-checks live in the corpus store beside the articles; this module wires the readers
(`glasnost.claims_match.factchecks`), the store's import and retrieval (`glasnost.store.factchecks`)
and the scoring (`glasnost.claims_match.matching`) to the command line.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.markup import escape

from glasnost.analysis import Analysis
from glasnost.commands.corpus import Db, EmbedderOption
from glasnost.commands.shell import err, settings
from glasnost.errors import Errors, InputError

if TYPE_CHECKING:
    from glasnost.store.narratives import ClaimVectors

factchecks_app = typer.Typer(no_args_is_help=True, help="Fact-checks: import ClaimReview and EUvsDisinfo, match claims against them.")


class Counted(str, Enum):
    table = "table"
    json = "json"


class Matched(str, Enum):
    table = "table"
    jsonl = "jsonl"


@factchecks_app.command("import")
def import_command(
    files: Annotated[list[Path], typer.Argument(help="ClaimReview JSON-LD (object, array, JSON Lines, DataFeed, HTML pages) or the EUvsDisinfo CSV.")],
    db: Db = None,
    fmt: Annotated[Counted, typer.Option("--format", "-f", help="How to print the counts.")] = Counted.table,
    embedder: EmbedderOption = None,
) -> None:
    """Import fact-checks into a store.

    A known one is updated, never duplicated; a bad record is reported with its position and skipped."""
    from glasnost.claims_match.embedder import claim_embedder
    from glasnost.claims_match.factchecks import BadRecord, read_factchecks
    from glasnost.store import open_store
    from glasnost.store.factchecks import ImportCounts, count, import_factchecks

    for path in files:
        if not path.is_file():
            raise InputError(Errors.E220.format(path=path))
    chosen = claim_embedder(settings(embedder))
    counts = ImportCounts()

    def good():
        for path in files:
            for item in read_factchecks(path):
                if isinstance(item, BadRecord):
                    counts.skipped += 1
                    err.print(f"[yellow]skipped[/] {escape(str(item))}", soft_wrap=True)
                else:
                    yield item

    with open_store(db) as store:
        import_factchecks(store.db, good(), chosen.embed, counts)
        total = count(store.db)
    shown = {**counts.counts(), "factchecks": total}
    if fmt is Counted.json:
        sys.stdout.write(json.dumps({**shown, "store": store.url}) + "\n")
    else:
        for name, value in shown.items():
            print(f"{name:<12}{value}")
    if counts.skipped:
        raise typer.Exit(2)


def _claims(given: str) -> list[tuple[str, str]]:
    """(id, text) pairs: a JSON Lines file of {"id", "text"}, else the argument as one claim."""
    path = Path(given)
    if path.suffix in (".jsonl", ".ndjson") or (len(given) < 4096 and path.is_file()):
        if not path.is_file():
            raise InputError(Errors.E005.format(path=path))
        pairs = []
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except ValueError as error:
                raise InputError(Errors.E226.format(path=path, line=number, reason=str(error).split(":")[0])) from error
            text = item.get("text") if isinstance(item, dict) else None
            if not isinstance(text, str) or not text.strip():
                raise InputError(Errors.E226.format(path=path, line=number, reason="missing"))
            pairs.append((str(item.get("id", number)), text))
        return pairs
    if not given.strip():
        raise InputError(Errors.E227)
    return [("1", given)]


@factchecks_app.command("match")
def match_command(
    claim: Annotated[str, typer.Argument(help='A claim in quotes, or a JSON Lines file of {"id", "text"}.')],
    db: Db = None,
    top: Annotated[int, typer.Option("--top", min=1, max=100, help="At most this many matches per claim.")] = 5,
    fmt: Annotated[Matched, typer.Option("--format", "-f", help="Output format.")] = Matched.table,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: standard output).")] = None,
    everything: Annotated[bool, typer.Option("--all", help="Also list candidates below the suggested tier.")] = False,
    embedder: EmbedderOption = None,
) -> None:
    """Find the fact-checks that match each claim.

    Hybrid retrieval, a calibrated score and a tier (match or suggested) per match."""
    from glasnost.claims_match.embedder import claim_embedder
    from glasnost.render.files import check_output, write_output
    from glasnost.store import open_store
    from glasnost.store.factchecks import count, match_claims

    pairs = _claims(claim)
    if output is not None:
        check_output(output, True)
    chosen = claim_embedder(settings(embedder))
    with open_store(db, create=False) as store:
        if not count(store.db):
            raise InputError(Errors.E225.format(url=store.url))
        found = match_claims(store.db, chosen, [text for _, text in pairs], top, everything)
    if fmt is Matched.jsonl:
        text = "".join(json.dumps({"id": key, "matches": matches}, ensure_ascii=False) + "\n" for (key, _), matches in zip(pairs, found))
    else:
        text = "".join(_table(key, claim_text, matches) for (key, claim_text), matches in zip(pairs, found))
    if output is None:
        sys.stdout.write(text)
    else:
        write_output(output, text)
        err.print(f"{len(pairs)} claim(s); written: {escape(str(output))}")


def _table(key: str, text: str, matches: list[dict]) -> str:
    lines = [f"{key}  {text[:100]}"]
    for m in matches:
        verdict = m["rating"] or "-"
        lines.append(f"  {m['tier'] or '-':<9} {m['score']:.2f}  {verdict[:24]:<24}  {(m['publisher'] or '-')[:20]:<20}  {m['claim_reviewed'][:80]}")
        held = f"  (held back: {m['guard']})" if m.get("guard") else ""
        lines.append(f"  {'':<9} {'':<4}  {m['url'] or m['identifier'] or ''}{held}")
    if not matches:
        lines.append("  (no match)")
    return "\n".join(lines) + "\n"


def claim_matcher(store, vectors: ClaimVectors | None = None, embedder=None) -> Callable[[Analysis], Analysis] | None:
    """What gives an analysis its claims' fact-check matches from `store`; None when the store
    holds no fact-checks (then claims carry no matches and nothing is loaded). With `vectors`
    (the ingest's, which the store takes when it keeps the article) each claim is embedded once
    for both. `embedder` (default: the shipped MiniLM) brings the matcher fitted on its vectors."""
    from glasnost.claims_match.embedder import claim_embedder, tuned_for
    from glasnost.claims_match.matching import Matcher
    from glasnost.store.embedders import check_embedder, identity
    from glasnost.store.factchecks import Retriever, attach_matches, count

    if not count(store.db):
        return None
    embedder = embedder or claim_embedder()
    check_embedder(store.db, *identity(embedder), record=False)
    matcher, retriever = Matcher.load(tuned_for(embedder) / "matcher.json"), Retriever(store.db)

    def attach(analysis: Analysis) -> Analysis:
        given = vectors.of(analysis) if vectors is not None and analysis.claims else None
        return attach_matches(store.db, embedder, analysis, matcher=matcher, retriever=retriever, vectors=given)

    return attach


def with_matches(analyses: Iterator[Analysis], url: str | None, embedder=None) -> Iterator[Analysis]:
    """`analyses` with their claims matched against the fact-checks of the store at `url` (as
    they are, when `url` is None or the store holds no fact-checks), by `embedder` (default:
    the shipped MiniLM)."""
    from glasnost.store import open_store

    if url is None:
        yield from analyses
        return
    with open_store(url, create=False) as store:
        attach = claim_matcher(store, embedder=embedder)
        for analysis in analyses:
            yield attach(analysis) if attach else analysis
