"""Reading a filled store page by page, on both backends: newest first, one article's record, its
near-duplicates, articles per day, the most named actors, one actor month by month, and search
pages that never repeat a hit."""

from __future__ import annotations

from collections import Counter

import pytest

from glasnost.store import open_store
from glasnost.store.intake import Intake
from glasnost.store.search import Filters


@pytest.fixture
def filled(store_url, corpus_articles, corpus_analyses):
    with open_store(store_url) as store:
        intake = Intake(store)
        for article in corpus_articles:
            if intake.admit(article):
                intake.keep(corpus_analyses[article.id])
        yield store


def test_newest_first_in_pages(filled):
    everything = filled.newest(Filters(), limit=10)
    assert [a.id for a in everything] == ["herald-video", "daily-oped", "daily-sanctions", "wire-sanctions"]
    pages = [filled.newest(Filters(), limit=1, offset=n) for n in range(5)]
    assert [p[0].id for p in pages[:4]] == [a.id for a in everything] and pages[4] == []
    assert [a.id for a in filled.newest(Filters(site="daily.example"), limit=10)] == ["daily-oped", "daily-sanctions"]
    assert [a.id for a in filled.newest(Filters(until="2024-03-31"), limit=10)] == ["daily-sanctions", "wire-sanctions"]


def test_one_article_and_its_near_duplicates(filled, corpus_analyses):
    record = filled.listed("daily-sanctions")
    analysis = corpus_analyses["daily-sanctions"]
    assert (record.site, record.title, record.words, record.techniques) == (
        "daily.example", analysis.article.title, analysis.stats.words, len(analysis.techniques))
    assert record.duplicate_of == "wire-sanctions" and 0.5 <= record.similarity <= 1
    assert filled.listed("no-such-id") is None
    assert [a.id for a in filled.near_duplicates("daily-sanctions")] == ["wire-sanctions"]
    assert [a.id for a in filled.near_duplicates("wire-sanctions")] == ["daily-sanctions"]
    assert filled.near_duplicates("daily-oped") == [] and filled.near_duplicates("no-such-id") == []


def test_articles_per_day_and_site(filled):
    assert filled.daily() == [("2024-03-05", "wire.example", 1), ("2024-03-06", "daily.example", 1),
                              ("2024-04-02", "daily.example", 1), ("2024-04-12", "herald.example", 1)]
    assert filled.daily(Filters(since="2024-04-01")) == filled.daily()[2:]
    assert filled.last_day() == "2024-04-12"


def test_top_actors_match_the_analyses(filled, corpus_analyses):
    naming = Counter((a.name.casefold(), a.type) for analysis in corpus_analyses.values() for a in analysis.actors)
    ranked = filled.top_actors(Filters(), limit=1000)
    assert sum(a.articles for a in ranked) == sum(naming.values())
    assert [a.articles for a in ranked] == sorted((a.articles for a in ranked), reverse=True)
    assert filled.top_actors(Filters(), limit=3, offset=3) == ranked[3:6]
    march = filled.top_actors(Filters(since="2024-03-01", until="2024-03-31"), limit=1000)
    cut = filled.top_actors(Filters(since="2024-03-01", until="2024-03-15"), limit=1000)  # from the rows
    assert march == cut and sum(a.articles for a in march) < sum(a.articles for a in ranked)
    wire = filled.top_actors(Filters(site="wire.example"), limit=1000)
    assert sum(a.articles for a in wire) == len(corpus_analyses["wire-sanctions"].actors)


def test_an_actor_month_by_month(filled, corpus_analyses):
    top = filled.top_actors(Filters(), limit=1)[0]
    months = filled.actor_months(top.name.upper(), Filters(), limit=12)
    assert sum(m.articles for m in months) == top.articles
    assert [m.month for m in months] == sorted((m.month for m in months), reverse=True)
    named = {}
    for analysis in corpus_analyses.values():
        ids = {a.id: a.name for a in analysis.actors}
        mine = [a.id for a in analysis.actors if a.name.casefold() == top.name.casefold()]
        for relation in analysis.relations:
            if relation.source in mine or relation.target in mine:
                other = ids[relation.target] if relation.source in mine else ids[relation.source]
                named.setdefault((relation.kind, other), set()).add(analysis.article.id)
    shown = {(kind, other): n for m in months for kind, other, n in m.relations}
    for key, n in shown.items():
        assert key in named and n <= len(named[key])
    assert filled.actor_months("nobody at all", Filters(), limit=12) == []


def test_search_pages_never_repeat_a_hit(filled):
    whole = [hit.id for hit in filled.search("sanctions", limit=10)]
    paged = [hit.id for n in range(len(whole)) for hit in filled.search("sanctions", limit=1, offset=n)]
    assert paged == whole and len(whole) >= 2
    assert filled.search("sanctions", limit=5, offset=len(whole)) == []
