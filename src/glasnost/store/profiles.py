"""Outlet profiles: how each site writes, overall and month by month.

Whole months are read from the rollups that `Store.add` keeps (per site and month: counts of
articles, words, highlights and quotes, and of each technique, genre, certainty and actor), so a
profile costs the same on a thousand articles as on a million; a span that cuts a month is
counted from the finding rows of its articles instead. A technique rate is highlights per 1,000 words, so long and short articles weigh by their length;
genre and certainty mixes are shares (of articles, of claims); actors are ranked by the number of
articles naming them, with the mean sentiment toward them in those articles.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field

from glasnost.store.backend import Backend
from glasnost.store.search import Filters

TOP_ACTORS = 5


@dataclass
class ActorStanding:
    name: str
    type: str
    articles: int
    sentiment: float


@dataclass
class Period:
    """The figures of one site over one stretch of time (all of it, or one month)."""

    articles: int = 0
    words: int = 0
    highlights: int = 0
    quotes: int = 0
    technique_counts: dict[str, int] = field(default_factory=dict)
    genre_counts: dict[str, int] = field(default_factory=dict)
    certainty_counts: dict[str, int] = field(default_factory=dict)
    actor_sums: dict[tuple[str, str], list] = field(default_factory=dict)  # (name key, type) -> [name, articles, sentiment sum]; the top ones only

    @property
    def technique_rate(self) -> float:
        return _per_thousand(self.highlights, self.words)

    @property
    def techniques(self) -> dict[str, float]:
        ranked = sorted(self.technique_counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return {name: _per_thousand(n, self.words) for name, n in ranked}

    @property
    def genres(self) -> dict[str, float]:
        return _shares(self.genre_counts)

    @property
    def certainty(self) -> dict[str, float]:
        return _shares(self.certainty_counts)

    @property
    def quotes_per_article(self) -> float:
        return round(self.quotes / self.articles, 3) if self.articles else 0.0

    @property
    def top_actors(self) -> list[ActorStanding]:
        ranked = sorted(self.actor_sums.items(), key=lambda kv: (-kv[1][1], kv[0]))[:TOP_ACTORS]
        return [ActorStanding(name, kind, n, round(total / n, 3)) for (_, kind), (name, n, total) in ranked]

    def as_dict(self) -> dict:
        return {
            "articles": self.articles,
            "words": self.words,
            "technique_rate": self.technique_rate,
            "techniques": self.techniques,
            "genres": self.genres,
            "certainty": self.certainty,
            "quotes_per_article": self.quotes_per_article,
            "top_actors": [vars(actor) for actor in self.top_actors],
        }


@dataclass
class OutletProfile:
    site: str | None
    overall: Period
    months: dict[str, Period]  # "" holds undated articles

    def as_dict(self) -> dict:
        return {
            "site": self.site,
            **self.overall.as_dict(),
            "months": [{"month": month or None, **period.as_dict()} for month, period in sorted(self.months.items())],
        }


def _per_thousand(count: int, words: int) -> float:
    return round(1000 * count / words, 3) if words else 0.0


def _shares(counts: dict[str, int]) -> dict[str, float]:
    total = sum(counts.values())
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return {key: round(n / total, 3) for key, n in ranked} if total else {}


def profiles(db: Backend, filters: Filters) -> list[OutletProfile]:
    """Read from the rollups when the span is whole months (or everything), else from the rows."""
    rollups = _whole_months(filters)
    months, counts, actors = _from_rollups(db, filters) if rollups else _from_rows(db, filters)
    sites: dict[str | None, OutletProfile] = {}

    def profile(site: str | None) -> OutletProfile:
        site = site or None
        if site not in sites:
            sites[site] = OutletProfile(site, Period(), defaultdict(Period))
        return sites[site]

    def periods(site: str | None, month: str | None) -> tuple[Period, Period]:
        found = profile(site)
        return found.overall, found.months[month or ""]

    for site, month, n, words, highlights, quotes in months:
        for period in periods(site, month):
            period.articles += int(n)
            period.words += int(words)
            period.highlights += int(highlights)
            period.quotes += int(quotes)
    for site, month, kind, key, n in counts:
        for period in periods(site, month):
            tally = getattr(period, _TALLIES[kind])
            tally[key] = tally.get(key, 0) + int(n)
    monthly = _top_from_rollups(db, filters, by_month=True) if rollups else _top_actors(db, actors, by_month=True)
    for site, month, key, type_, label, n, total in monthly:
        periods(site, month)[1].actor_sums[(key, type_)] = [label, int(n), float(total)]
    whole = rollups and filters.since is None and filters.until is None
    overall = _top_from_rollups(db, filters, by_month=False) if whole else _top_actors(db, actors, by_month=False)
    for site, key, type_, label, n, total in overall:
        profile(site).overall.actor_sums[(key, type_)] = [label, int(n), float(total)]
    return sorted(sites.values(), key=lambda p: (-p.overall.articles, p.site or ""))


_TALLIES = {"technique": "technique_counts", "genre": "genre_counts", "certainty": "certainty_counts"}
Rows = list[tuple]
Source = tuple[str, list]  # a query giving site, month, key, type, label, n, total per actor, and its parameters


def _whole_months(filters: Filters) -> bool:
    if filters.since is not None and not filters.since.endswith("-01"):
        return False
    if filters.until is None:
        return True
    year, month, day = (int(part) for part in filters.until.split("-"))
    return day >= calendar.monthrange(year, month)[1]


def _top_actors(db: Backend, source: Source, by_month: bool) -> Rows:
    """The TOP_ACTORS most-named actors per site and month (or per site), ranked in SQL so that
    a large corpus's long tail of actors never leaves the database."""
    query, params = source
    order = f"ORDER BY {{n}} DESC, key{db.binary}, type{db.binary}"
    if by_month:
        ranked = (
            f"SELECT site, month, key, type, label, n, total, row_number() OVER (PARTITION BY site, month {order.format(n='n')}) AS r"
            f" FROM ({query}) s"
        )
        columns = "site, month, key, type, label, n, total"
    else:
        ranked = (
            "SELECT site, key, type, max(label) AS label, sum(n) AS n, sum(total) AS total,"
            f" row_number() OVER (PARTITION BY site {order.format(n='sum(n)')}) AS r FROM ({query}) s GROUP BY site, key, type"
        )
        columns = "site, key, type, label, n, total"
    return db.rows(f"SELECT {columns} FROM ({ranked}) ranked WHERE r <= {TOP_ACTORS}", params)


def _top_from_rollups(db: Backend, filters: Filters, by_month: bool) -> Rows:
    """The same ranking read off the rollups' rank indexes: a few index steps per site and month
    (or per site, from the all-time actor rollup), however many actors each has."""
    if by_month:
        where, params = _month_range(filters, "m.month")
        groups = f"SELECT m.site, m.month FROM outlet_months m {where}"
        table, match, columns = "outlet_counts", "site = g.site AND month = g.month AND kind = 'actor'", "site, month, key, type, label, n, total"
    else:
        groups, params = "SELECT DISTINCT site FROM outlet_months", []
        table, match, columns = "outlet_actors", "site = g.site", "site, key, type, label, n, total"
    best = f"SELECT {{pick}} FROM {table} WHERE {match} ORDER BY n DESC, key, type LIMIT {TOP_ACTORS}"
    picked = ", ".join(f"t.{column}" for column in columns.split(", "))
    if db.name == "postgresql":
        query = f"SELECT {picked} FROM ({groups}) g CROSS JOIN LATERAL ({best.format(pick='*')}) t"
    else:
        query = f"SELECT {picked} FROM ({groups}) g JOIN {table} t ON t.rowid IN ({best.format(pick='rowid')})"
    return db.rows(query, params)


def _month_range(filters: Filters, column: str) -> tuple[str, list]:
    where, params = "WHERE 1 = 1", []
    for value, test in ((filters.since, ">="), (filters.until, "<=")):
        if value is not None:
            where += f" AND {column} {test} ?"
            params.append(value[:7])
    return where, params


def _from_rollups(db: Backend, filters: Filters) -> tuple[Rows, Rows, Source]:
    where, params = _month_range(filters, "month")
    return (
        db.rows(f"SELECT site, month, articles, words, highlights, quotes FROM outlet_months {where}", params),
        db.rows(f"SELECT site, month, kind, key, n FROM outlet_counts {where} AND kind <> 'actor'", params),
        (f"SELECT site, month, key, type, label, n, total FROM outlet_counts {where} AND kind = 'actor'", params),
    )


def _from_rows(db: Backend, filters: Filters) -> tuple[Rows, Rows, Source]:
    where, params = filters.where()
    keys = "coalesce(a.site, '') AS site, coalesce(a.month, '') AS month"
    months = db.rows(
        f"SELECT {keys}, count(*), sum(a.words), sum(a.techniques), sum(a.quotes) FROM articles a WHERE 1 = 1{where} GROUP BY 1, 2",
        params,
    )
    counts: Rows = []
    for select in (
        f"SELECT {keys}, 'technique', t.technique, count(*) FROM techniques t JOIN articles a ON a.id = t.article WHERE 1 = 1{where} GROUP BY 1, 2, 4",
        f"SELECT {keys}, 'genre', coalesce(a.genre, 'unknown'), count(*) FROM articles a WHERE 1 = 1{where} GROUP BY 1, 2, 4",
        f"SELECT {keys}, 'certainty', coalesce(c.certainty, 'unmarked'), count(*) FROM claims c JOIN articles a ON a.id = c.article WHERE 1 = 1{where} GROUP BY 1, 2, 4",
    ):
        counts += db.rows(select, params)
    actors = (
        f"SELECT {keys}, x.name_key AS key, x.type AS type, max(x.name) AS label, count(*) AS n, sum(x.sentiment) AS total"
        f" FROM actors x JOIN articles a ON a.id = x.article WHERE 1 = 1{where} GROUP BY 1, 2, 3, 4"
    )
    return months, counts, (actors, params)
