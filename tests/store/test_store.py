"""The Store on both backends: whole articles in, the same findings and search hits out."""

from __future__ import annotations

import threading

import pytest

from glasnost.errors import InputError
from glasnost.store import open_store
from glasnost.store.search import Filters, day
from glasnost.store.store import ArticleConflict


@pytest.fixture
def filled(store_url, corpus_analyses):
    with open_store(store_url) as store:
        for analysis in corpus_analyses.values():
            assert store.add(analysis) is not None
        yield store


def test_every_layer_comes_back(filled, corpus_analyses):
    assert filled.count() == len(corpus_analyses)
    for article_id, analysis in corpus_analyses.items():
        assert filled.analysis(article_id).to_json() == analysis.to_json()


def test_findings_are_stored_row_by_row_with_offsets(filled, corpus_analyses):
    for table in ("techniques", "claims", "quotes", "actors", "relations"):
        shown = (lambda a: a.speech_quotes()) if table == "quotes" else (lambda a, t=table: getattr(a, t))
        expected = sum(len(shown(a)) for a in corpus_analyses.values())
        assert filled.db.scalar(f"SELECT count(*) FROM {table}") == expected, table
    assert sum(len(a.techniques) for a in corpus_analyses.values()) > 0
    stored = filled.db.rows("SELECT a.article_id, t.technique, t.char_start, t.char_end, t.raw_start, t.raw_end FROM techniques t JOIN articles a ON a.id = t.article")
    made = [
        (article_id, t.technique, t.start, t.end, t.start, t.end)  # JSON Lines text needs no repair: raw = normalized
        for article_id, analysis in corpus_analyses.items()
        for t in analysis.techniques
    ]
    assert sorted(stored) == sorted(made)


def test_raw_offsets_point_into_the_input_as_it_arrived(store_url, tmp_path):
    from glasnost import analyze, load

    path = tmp_path / "mojibake.txt"
    path.write_text("The minister saidâ€™ it was a disgraceful and shameful betrayal. Critics called the plan reckless and dangerous.", encoding="utf-8")
    analysis = analyze(load(path))
    assert analysis.article.text.count("\u2019") == 1  # repaired: raw offsets after it are two characters on
    with open_store(store_url) as store:
        store.add(analysis)
        stored = store.db.rows("SELECT char_start, char_end, raw_start, raw_end FROM mentions UNION ALL SELECT char_start, char_end, raw_start, raw_end FROM claims")
    assert stored and any((start, end) != (raw_start, raw_end) for start, end, raw_start, raw_end in stored)
    raw = path.read_text(encoding="utf-8")
    for start, end, raw_start, raw_end in stored:
        assert (raw_start, raw_end) == analysis.raw_span(start, end)
        assert raw[raw_start:raw_end].replace("â€™", "\u2019") == analysis.article.text[start:end]


def test_a_stored_analysis_keeps_its_map_to_the_raw_input(store_url, tmp_path):
    from glasnost import analyze, load

    path = tmp_path / "mojibake.txt"
    path.write_text("The minister saidâ€™ it was a shameful betrayal of the harbour towns.", encoding="utf-8")
    analysis = analyze(load(path))
    with open_store(store_url) as store:
        store.add(analysis)
        back = store.analysis(analysis.article.id)
    end = len(analysis.article.text)
    assert back.raw_span(0, end) == analysis.raw_span(0, end) != (0, end)


def test_model_versions_are_kept(filled, corpus_analyses):
    steps = filled.db.scalar("SELECT steps FROM pipelines")
    assert filled.db.scalar("SELECT count(*) FROM pipelines") == 1
    assert all(step.name in steps for step in next(iter(corpus_analyses.values())).pipeline.steps)


def test_the_same_text_or_url_is_not_stored_twice(filled, corpus_analyses):
    analysis = corpus_analyses["herald-video"]
    assert filled.add(analysis) is None
    moved = analysis.model_copy(deep=True)
    moved.article.id = "elsewhere"
    moved.article.text += " A correction was appended."
    moved.article.url = "http://www.herald.example/checks/staged-video/?utm_source=feed#top"
    assert filled.add(moved) is None
    assert filled.count() == len(corpus_analyses)


def test_an_id_naming_another_article_is_refused(filled, corpus_analyses):
    other = corpus_analyses["herald-video"].model_copy(deep=True)
    other.article.id = "daily-oped"
    other.article.url = None
    other.article.text += " Updated."
    with pytest.raises(ArticleConflict):
        filled.add(other)


def test_a_failure_midway_leaves_no_part_of_the_article(store_url, corpus_analyses, monkeypatch):
    with open_store(store_url) as store:
        insert_many = store.db.insert_many

        def crash_on_relations(text, rows):
            if text.startswith("INSERT INTO relations"):
                raise RuntimeError("disk gone")
            insert_many(text, rows)

        monkeypatch.setattr(store.db, "insert_many", crash_on_relations)
        with pytest.raises(RuntimeError):
            store.add(corpus_analyses["herald-video"])
        for table in ("articles", "bodies", "techniques", "claims", "quotes", "actors", "pipelines"):
            assert store.db.scalar(f"SELECT count(*) FROM {table}") == 0, table
        monkeypatch.undo()
        assert store.add(corpus_analyses["herald-video"]) is not None
        assert store.search("staged")[0].id == "herald-video"


def test_search_ranks_phrases_and_snippets(filled):
    hits = filled.search('"new sanctions"')
    assert [h.id for h in hits] == ["wire-sanctions"]
    hit = hits[0]
    assert (hit.site, hit.published, hit.title) == ("wire.example", "2024-03-05", "Moscow says new EU sanctions will fail")
    assert "[new] [sanctions]" in hit.snippet or "[new sanctions]" in hit.snippet
    assert filled.search('"sanctions new"') == []
    words = [h.id for h in filled.search("sanctions")]
    assert set(words) == {"wire-sanctions", "daily-sanctions", "daily-oped"}
    assert words[-1] == "daily-oped"  # one mention in the text, none in the title
    assert [h.id for h in filled.search("sanctions", limit=1)] == words[:1]
    assert filled.search("U.S.-backed") == []  # punctuation is never an operator


def test_search_filters(filled, corpus_analyses):
    def ids(query, **filters):
        return {h.id for h in filled.search(query, Filters(**filters))}

    assert ids("sanctions", site="daily.example") == {"daily-sanctions", "daily-oped"}
    assert ids("sanctions", since=day("2024-04", "--since")) == {"daily-oped"}
    assert ids("sanctions", until=day("2024-03", "--until", end=True)) == {"wire-sanctions", "daily-sanctions"}
    assert ids("sanctions", until="2024-03-05") == {"wire-sanctions"}
    genre = corpus_analyses["daily-oped"].genre.label
    assert "daily-oped" in ids("sanctions", genre=genre)
    technique = corpus_analyses["daily-oped"].techniques[0].technique
    assert "daily-oped" in ids("sanctions", technique=technique)
    assert ids("sanctions", technique="No_Such_Technique") == set()
    actor = next(a.name for a in corpus_analyses["wire-sanctions"].actors if a.type == "person")
    assert "wire-sanctions" in ids("sanctions", actor=actor.upper())
    assert "daily-oped" not in ids("sanctions", actor=actor)


@pytest.mark.parametrize("query", ["", '""', " ?! "])
def test_a_query_without_words_is_refused(filled, query):
    with pytest.raises(InputError, match="no words"):
        filled.search(query)


@pytest.mark.parametrize("value", ["2024", "2024-13", "2024-02-30", "yesterday"])
def test_a_bad_date_is_refused(value):
    with pytest.raises(InputError, match="--since"):
        day(value, "--since")


def test_one_writer_at_a_time(store_url, corpus_analyses):
    """A second writer waits for the first to commit instead of interleaving with it."""
    with open_store(store_url) as first, open_store(store_url) as second:
        order = []

        def write_second():
            second.add(corpus_analyses["herald-video"])
            order.append("second")

        with first.db.write():
            writer = threading.Thread(target=write_second)
            writer.start()
            writer.join(timeout=1.0)
            assert writer.is_alive()  # still waiting for the lock
            order.append("first")
        writer.join(timeout=30)
        assert order == ["first", "second"] and first.count() == 1
