"""Outlet profiles: how each site writes, overall and month by month.

A technique rate is highlights per 1,000 words, so long and short articles weigh by their length;
genre and certainty mixes are shares (of articles, of claims); actors are ranked by the number of
articles naming them, with the mean sentiment toward them in those articles.
"""

from __future__ import annotations

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
    actor_sums: dict[tuple[str, str], list] = field(default_factory=dict)  # key -> [name, articles, sentiment sum]

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
    where, params = filters.where()
    sites: dict[str | None, OutletProfile] = {}

    def periods(site: str | None, month: str | None) -> tuple[Period, Period]:
        profile = sites.get(site)
        if profile is None:
            profile = sites[site] = OutletProfile(site, Period(), defaultdict(Period))
        return profile.overall, profile.months[month or ""]

    for site, month, n, words, highlights, quotes in db.rows(
        "SELECT a.site, a.month, count(*), sum(a.words), sum(a.techniques), sum(a.quotes)"
        f" FROM articles a WHERE 1 = 1{where} GROUP BY a.site, a.month",
        params,
    ):
        for period in periods(site, month):
            period.articles += int(n)
            period.words += int(words)
            period.highlights += int(highlights)
            period.quotes += int(quotes)
    for attribute, query in (
        ("technique_counts", "SELECT a.site, a.month, t.technique, count(*) FROM techniques t JOIN articles a ON a.id = t.article"),
        ("genre_counts", "SELECT a.site, a.month, coalesce(a.genre, 'unknown'), count(*) FROM articles a"),
        ("certainty_counts", "SELECT a.site, a.month, coalesce(c.certainty, 'unmarked'), count(*) FROM claims c JOIN articles a ON a.id = c.article"),
    ):
        for site, month, key, n in db.rows(f"{query} WHERE 1 = 1{where} GROUP BY 1, 2, 3", params):
            for period in periods(site, month):
                counts = getattr(period, attribute)
                counts[key] = counts.get(key, 0) + int(n)
    for site, month, name_key, kind, name, n, sentiment in db.rows(
        "SELECT a.site, a.month, x.name_key, x.type, max(x.name), count(*), sum(x.sentiment)"
        f" FROM actors x JOIN articles a ON a.id = x.article WHERE 1 = 1{where} GROUP BY 1, 2, 3, 4",
        params,
    ):
        for period in periods(site, month):
            entry = period.actor_sums.setdefault((name_key, kind), [name, 0, 0.0])
            entry[1] += int(n)
            entry[2] += float(sentiment)
    return sorted(sites.values(), key=lambda p: (-p.overall.articles, p.site or ""))
