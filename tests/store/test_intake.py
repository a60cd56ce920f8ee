"""Ingest bookkeeping: duplicates are caught before analysis; wire copies are linked to their original."""

from __future__ import annotations

from glasnost.store import open_store
from glasnost.store.intake import Intake


def _ingest(store, articles, analyses):
    intake = Intake(store)
    for article in articles:
        if intake.admit(article):
            intake.keep(analyses[article.id])
    return intake.report


def test_wire_copies_are_linked_and_repeats_skipped(store_url, corpus_articles, corpus_analyses, repeat_articles):
    with open_store(store_url) as store:
        report = _ingest(store, corpus_articles, corpus_analyses)
        assert report.counts() == {"added": 3, "duplicates": 0, "near_duplicates": 1, "failed": 0}
        link = store.db.rows(
            "SELECT c.article_id, o.article_id, c.similarity FROM articles c JOIN articles o ON o.id = c.duplicate_of"
        )
        assert [(copy, original) for copy, original, _ in link] == [("daily-sanctions", "wire-sanctions")]
        assert 0.5 <= link[0][2] < 1.0

        again = Intake(store)
        assert not any(again.admit(article) for article in corpus_articles)
        assert not any(again.admit(article) for article in repeat_articles)
        assert again.report.counts() == {"added": 0, "duplicates": 6, "near_duplicates": 0, "failed": 0}


def test_a_copy_in_the_same_run_is_caught_before_its_original_is_stored(store_url, corpus_articles):
    with open_store(store_url) as store:
        intake = Intake(store)
        assert all(intake.admit(article) for article in corpus_articles)  # nothing stored yet
        assert not intake.admit(corpus_articles[0])
        assert intake.report.duplicates == 1


def test_a_failed_article_is_counted_and_the_rest_stored(store_url, corpus_articles, corpus_analyses):
    with open_store(store_url) as store:
        clash = corpus_analyses["daily-oped"].model_copy(deep=True)
        clash.article.id = "herald-video"  # an id another article will hold
        intake = Intake(store)
        for article in corpus_articles:
            assert intake.admit(article)
            intake.keep(corpus_analyses[article.id] if article.id != "daily-oped" else clash)
        assert intake.report.failed == 1  # the clash came first, so the real herald-video is refused
        assert "article id herald-video already names" in intake.report.failures[0][1]
        assert store.count() == 3
        assert store.analysis("herald-video").article.text == clash.article.text
