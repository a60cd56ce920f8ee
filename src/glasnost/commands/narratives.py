"""`glasnost narratives`: the claims a store holds, grouped into the stories retold across outlets.

The grouping happens at ingest (`glasnost.store.narratives`); this command only reads it.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Annotated, Optional

import typer

from glasnost.commands.corpus import Db, Shown
from glasnost.commands.shell import err
from glasnost.errors import Errors

narratives_app = typer.Typer()


@narratives_app.command("narratives")
def narratives_command(
    db: Db = None,
    since: Annotated[Optional[str], typer.Option("--since", help="Only claims of articles published on or after this day (YYYY-MM-DD or YYYY-MM).")] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="Only claims of articles published on or before this day (YYYY-MM-DD or YYYY-MM).")] = None,
    site: Annotated[Optional[str], typer.Option("--site", help="Only narratives this site took part in (shown whole, every site included).")] = None,
    min_articles: Annotated[int, typer.Option("--min-articles", min=1, help="Only narratives whose claims span at least this many articles.")] = 2,
    fmt: Annotated[Shown, typer.Option("--format", "-f", help="Output format.")] = Shown.table,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="First re-check every narrative and split those whose claims no longer hold together.")] = False,
) -> None:
    """Narratives: the same claim retold across articles and sites, with how it spread.

    Each has a stable id, a label (its most central claim), counts per ISO week, the order in
    which sites took it up, the fact-checks its claims matched and the actors its articles name."""
    from glasnost.commands.corpus import report_splits
    from glasnost.store import open_store
    from glasnost.store.search import Filters, day

    filters = Filters(site=site, since=day(since, "--since"), until=day(until, "--until", end=True))
    with open_store(db, create=False) as store:
        if rebuild:
            report_splits(store.split_narratives())
        found = store.narratives(filters, min_articles)
        url = store.url
    if fmt is Shown.json:
        sys.stdout.write(json.dumps([asdict(n) for n in found], indent=2, ensure_ascii=False) + "\n")
    else:
        for narrative in found:
            print("\n".join(_lines(narrative)))
    if not found:
        given = {"--site": site, "--since": since, "--until": until}
        within = ", ".join(f"{option} {value}" for option, value in given.items() if value is not None)
        note = Errors.E230.format(min=min_articles, url=url, within=f" within {within}" if within else "")
        err.print(note, soft_wrap=True, markup=False)


def _lines(n) -> list[str]:
    lines = [
        f"#{n.id}  {n.articles} articles, {n.claims} claims, {len(n.sites)} sites  {n.first_seen or '-'} .. {n.last_seen or '-'}",
        f"  label      {n.label}",
        "  terms      " + (", ".join(n.terms) or "-"),
        "  spread     " + " -> ".join(f"{s['site'] or '(no site)'} {s['first_seen'] or '-'} ({s['articles']})" for s in n.spread),
        "  weeks      " + ", ".join(f"{week} {count}" for week, count in n.weeks.items()),
        "  actors     " + (", ".join(f"{a['name']} ({a['type']}, {a['articles']})" for a in n.actors) or "-"),
    ]
    for check in n.factchecks:
        lines.append(f"  fact-check {check['tier']:<9} {(check['rating'] or '-')[:24]}  {(check['publisher'] or '-')[:20]}  {check['url'] or check['identifier'] or ''}")
    for merge in n.merged:
        lines.append(f"  merged     #{merge['id']} into #{merge['merged_into']} at {merge['at']} (similarity {merge['similarity']:.2f})")
    for split in n.splits:
        lines.append(f"  split      #{split['id']} from #{split['split_from']} at {split['at']} (similarity {split['similarity']:.2f})")
    return lines
