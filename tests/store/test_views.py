"""What a filled store answers, on both backends: summary, outlet profiles, exports; and that the
two backends answer alike."""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import asdict

import pytest

from glasnost.store import open_store
from glasnost.store.intake import Intake
from glasnost.store.migrations import LATEST
from glasnost.store.search import Filters


def _fill(store, articles, analyses):
    intake = Intake(store)
    for article in articles:
        if intake.admit(article):
            intake.keep(analyses[article.id])


@pytest.fixture
def filled(store_url, corpus_articles, corpus_analyses):
    with open_store(store_url) as store:
        _fill(store, corpus_articles, corpus_analyses)
        yield store


def test_summary(filled, corpus_analyses):
    summary = filled.summary()
    assert (summary.articles, summary.near_duplicates, summary.schema_version) == (4, 1, LATEST)
    assert summary.sites == {"daily.example": 2, "herald.example": 1, "wire.example": 1}
    assert summary.months == {"2024-03": 2, "2024-04": 2}
    assert (summary.first_published, summary.last_published) == ("2024-03-05", "2024-04-12")
    [use] = summary.pipelines
    made = next(iter(corpus_analyses.values())).pipeline
    assert (use.articles, use.glasnost, use.spacy_model) == (4, made.glasnost, made.spacy_model)
    assert [(s["name"], s["version"], s["model"]) for s in use.steps] == [(s.name, s.version, s.model) for s in made.steps]


def test_outlet_profiles_match_the_analyses(filled, corpus_analyses):
    profiles = {p.site: p for p in filled.outlets()}
    assert set(profiles) == {"daily.example", "herald.example", "wire.example"}
    for site, profile in profiles.items():
        mine = [a for a in corpus_analyses.values() if a.article.site == site]
        words = sum(a.stats.words for a in mine)
        techniques = Counter(t.technique for a in mine for t in a.techniques)
        certainty = Counter(c.certainty or "unmarked" for a in mine for c in a.claims)
        overall = profile.overall
        assert (overall.articles, overall.words) == (len(mine), words)
        assert overall.technique_rate == pytest.approx(1000 * sum(techniques.values()) / words, abs=1e-3)
        assert overall.techniques == {k: pytest.approx(1000 * n / words, abs=1e-3) for k, n in techniques.items()}
        assert overall.certainty == {k: pytest.approx(n / sum(certainty.values()), abs=1e-3) for k, n in certainty.items()}
        assert overall.genres == {k: pytest.approx(n / len(mine), abs=1e-3) for k, n in Counter(a.genre.label for a in mine).items()}
        quotes = sum(len(a.speech_quotes()) for a in mine)  # speech and writing; the JSON keeps the rest
        assert overall.quotes_per_article == pytest.approx(quotes / len(mine), abs=1e-3)
        names = Counter(actor.name.casefold() for a in mine for actor in a.actors)
        top = overall.top_actors[0]
        assert top.articles == max(names.values()) and names[top.name.casefold()] == top.articles
        assert sorted(profile.months) == sorted({a.article.published[:7] for a in mine})
        assert sum(p.articles for p in profile.months.values()) == len(mine)
    daily = profiles["daily.example"]
    assert daily.overall.technique_rate > 0
    assert daily.months["2024-04"].technique_rate > daily.months["2024-03"].technique_rate  # the op-ed


def test_outlet_profiles_keep_to_the_dates(filled):
    april = {p.site: p.overall.articles for p in filled.outlets(Filters(since="2024-04-01", until="2024-04-30"))}
    assert april == {"daily.example": 1, "herald.example": 1}
    assert [p.site for p in filled.outlets(Filters(since="2024-04-03"))] == ["herald.example"]
    assert [p.site for p in filled.outlets(Filters(until="2024-03-05"))] == ["wire.example"]


def test_rollups_and_rows_give_the_same_profiles(filled):
    """Whole months come from the rollups, a cut month from the rows: the figures must agree."""
    by_rollup = [p.as_dict() for p in filled.outlets(Filters(since="2024-03-01", until="2024-04-30"))]
    by_rows = [p.as_dict() for p in filled.outlets(Filters(since="2024-03-01", until="2024-04-29"))]
    assert by_rollup == by_rows == [p.as_dict() for p in filled.outlets()]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_every_table_exports(filled, corpus_analyses, tmp_path, fmt):
    for table in ("articles", "techniques", "claims", "quotes", "actors", "relations"):
        path = tmp_path / f"{table}.{fmt}"
        found = (lambda a: a.speech_quotes()) if table == "quotes" else (lambda a, t=table: getattr(a, t))
        expected = len(corpus_analyses) if table == "articles" else sum(len(found(a)) for a in corpus_analyses.values())
        assert filled.export(table, fmt, path) == expected
        if fmt == "csv":
            rows = list(csv.DictReader(path.open(encoding="utf-8")))
        elif fmt == "jsonl":
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        else:
            import pyarrow.parquet as pq

            rows = pq.read_table(path).to_pylist()
        assert len(rows) == expected
        assert {"article_id", "site", "published"} <= set(rows[0])
        if table == "techniques":
            analysis = corpus_analyses[rows[0]["article_id"]]
            assert analysis.article.text[int(rows[0]["char_start"]) : int(rows[0]["char_end"])] == rows[0]["text"]
        if table == "articles":
            copies = {row["article_id"]: row["duplicate_of"] for row in rows}
            assert copies["daily-sanctions"] == "wire-sanctions" and not copies["wire-sanctions"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_both_backends_answer_alike(both_store_urls, corpus_articles, corpus_analyses):
    answers = []
    for url in both_store_urls:
        with open_store(url) as store:
            _fill(store, corpus_articles, corpus_analyses)
            summary = asdict(store.summary())
            del summary["store"], summary["backend"]
            # the hits agree; BM25 and ts_rank may order near-equal hits (a wire copy and its original) differently
            searches = {q: sorted(h.id for h in store.search(q)) for q in ("sanctions", '"video was staged"', "Peskov Kuleba", "satellite")}
            answers.append((summary, [p.as_dict() for p in store.outlets()], searches))
    assert answers[0] == answers[1]
