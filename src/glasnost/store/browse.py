"""Reading a store page by page, for people who browse it rather than query it: articles newest
first, one article's record and its near-duplicates, articles per day, the most named actors, and
one actor's company month by month.

Every list takes a `limit` and an `offset`, so a caller shows a page of a large store without
reading the rest; the counts come from the same rollups outlet profiles read wherever the span is
whole months, so they cost the same on a thousand articles as on a million.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from glasnost.store.backend import Backend
from glasnost.store.profiles import ActorStanding, _month_range, _whole_months
from glasnost.store.search import Filters

_LISTED = (
    "a.article_id, a.site, a.published, a.title, a.url, a.authors, a.words, a.genre, a.techniques, a.claims,"
    " a.quotes, (SELECT o.article_id FROM articles o WHERE o.id = a.duplicate_of), a.similarity"
)


@dataclass(frozen=True)
class Listed:
    """One stored article as a list shows it: its metadata and how many findings it holds."""

    id: str
    site: str | None
    published: str | None
    title: str | None
    url: str | None
    authors: list[str]
    words: int
    genre: str | None
    techniques: int
    claims: int
    quotes: int
    duplicate_of: str | None
    similarity: float | None


def _listed(row: tuple) -> Listed:
    return Listed(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]), int(row[6]), row[7], int(row[8]),
                  int(row[9]), int(row[10]), row[11], None if row[12] is None else round(float(row[12]), 3))


def newest(db: Backend, filters: Filters, limit: int, offset: int) -> list[Listed]:
    """The articles `filters` lets through, newest first (undated ones last)."""
    where, params = filters.where()
    rows = db.rows(
        f"SELECT {_LISTED} FROM articles a WHERE 1 = 1{where} ORDER BY a.day DESC NULLS LAST, a.id DESC LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    return [_listed(row) for row in rows]


def listed(db: Backend, article_id: str) -> Listed | None:
    rows = db.rows(f"SELECT {_LISTED} FROM articles a WHERE a.article_id = ?", (article_id,))
    return _listed(rows[0]) if rows else None


def near_duplicates(db: Backend, article_id: str, limit: int) -> list[Listed]:
    """The article's original, when it is a copy, and the other copies of that original."""
    rows = db.rows(
        f"WITH me AS (SELECT id, coalesce(duplicate_of, id) AS root FROM articles WHERE article_id = ?)"
        f" SELECT {_LISTED} FROM articles a, me WHERE a.id <> me.id AND (a.id = me.root OR a.duplicate_of = me.root)"
        " ORDER BY a.duplicate_of IS NOT NULL, a.day, a.id LIMIT ?",
        (article_id, limit),
    )
    return [_listed(row) for row in rows]


def daily(db: Backend, filters: Filters) -> list[tuple[str, str | None, int]]:
    """(day, site, articles) for every dated day in the span that has articles."""
    where, params = filters.where()
    rows = db.rows(
        f"SELECT a.day, a.site, count(*) FROM articles a WHERE a.day IS NOT NULL{where} GROUP BY a.day, a.site ORDER BY 1, 2",
        params,
    )
    return [(day, site, int(n)) for day, site, n in rows]


def last_day(db: Backend) -> str | None:
    return db.scalar("SELECT max(day) FROM articles")


def top_actors(db: Backend, filters: Filters, limit: int, offset: int) -> list[ActorStanding]:
    """Actors ranked by the number of articles naming them (then by name), with the mean
    sentiment toward them there; `site`, `since` and `until` of `filters` apply."""
    group = " GROUP BY key, type ORDER BY sum(n) DESC, key, type LIMIT ? OFFSET ?"
    if _whole_months(filters) and filters.technique is None and filters.actor is None and filters.genre is None:
        if filters.since is None and filters.until is None:
            where, params = ("WHERE site = ?", [filters.site]) if filters.site is not None else ("", [])
            query = f"SELECT max(label), type, sum(n), sum(total) FROM outlet_actors {where}{group}"
        else:
            where, params = _month_range(filters, "month")
            if filters.site is not None:
                where += " AND site = ?"
                params.append(filters.site)
            query = f"SELECT max(label), type, sum(n), sum(total) FROM outlet_counts {where} AND kind = 'actor'{group}"
    else:
        where, params = filters.where()
        query = (
            "SELECT max(label), type, sum(n), sum(total) FROM (SELECT x.name_key AS key, x.type AS type, max(x.name) AS label,"
            f" count(*) AS n, sum(x.sentiment) AS total FROM actors x JOIN articles a ON a.id = x.article WHERE 1 = 1{where}"
            f" GROUP BY x.name_key, x.type) s{group}"
        )
    rows = db.rows(query, (*params, limit, offset))
    return [ActorStanding(name, kind, int(n), round(float(total) / int(n), 3)) for name, kind, n, total in rows]


@dataclass(frozen=True)
class ActorMonth:
    """One month of one actor: the articles naming it, its mentions, the mean sentiment toward it,
    how often it is quoted, and its relations (kind, the other actor, how many articles)."""

    month: str | None
    name: str
    type: str
    articles: int
    mentions: int
    sentiment: float
    quoted: int
    relations: list[tuple[str, str, int]]


def actor_months(db: Backend, name: str, filters: Filters, limit: int, offset: int, partners: int) -> list[ActorMonth]:
    """An actor (by name, any case) month by month, newest first, with its `partners` most
    frequent relations of each kind per month."""
    where, params = filters.where()
    key = name.casefold()
    months = db.rows(
        "SELECT a.month, max(x.name), max(x.type), count(*), sum(x.mentions), avg(x.sentiment) FROM actors x"
        f" JOIN articles a ON a.id = x.article WHERE x.name_key = ?{where} GROUP BY a.month"
        " ORDER BY a.month IS NULL, a.month DESC LIMIT ? OFFSET ?",
        (key, *params, limit, offset),
    )
    if not months:
        return []
    shown = [month for month, *_ in months]
    span = " AND (" + " OR ".join("a.month IS NULL" if m is None else "a.month = ?" for m in shown) + ")"
    span_params = [m for m in shown if m is not None]
    joined = f" FROM actors x JOIN articles a ON a.id = x.article {{join}} WHERE x.name_key = ?{where}{span}"
    relations = db.rows(
        "SELECT a.month, r.kind, CASE WHEN r.source = x.actor THEN r.target_name ELSE r.source_name END, count(DISTINCT a.id)"
        + joined.format(join="JOIN relations r ON r.article = x.article AND (r.source = x.actor OR r.target = x.actor)")
        + " GROUP BY 1, 2, 3",
        (key, *params, *span_params),
    )
    quoted = db.rows(
        "SELECT a.month, count(*)" + joined.format(join="JOIN quotes q ON q.article = x.article AND q.speaker = x.actor")
        + " GROUP BY 1",
        (key, *params, *span_params),
    )
    quotes = {month: int(n) for month, n in quoted}
    grouped: dict[str | None, list[tuple[str, str, int]]] = {}
    for month, kind, other, n in relations:
        if other.casefold() != key:
            grouped.setdefault(month, []).append((kind, other, int(n)))
    found = []
    for month, label, type_, n, mentions, sentiment in months:
        ranked = sorted(grouped.get(month, []), key=lambda r: (r[0], -r[2], r[1]))
        kept, per_kind = [], {}
        for relation in ranked:
            per_kind[relation[0]] = per_kind.get(relation[0], 0) + 1
            if per_kind[relation[0]] <= partners:
                kept.append(relation)
        found.append(ActorMonth(month, label, type_, int(n), int(mentions or 0), round(float(sentiment or 0), 3),
                                quotes.get(month, 0), kept))
    return found
