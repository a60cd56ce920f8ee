"""Opening a store: every earlier schema version migrates; what cannot be opened says why in one line."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from glasnost.errors import InputError
from glasnost.store import open_store
from glasnost.store.migrations import LATEST, MIGRATIONS, rollups

TABLES = ("glasnost_schema", "pipelines", "articles", "bodies", "techniques", "claims", "quotes", "actors", "mentions", "relations")


def _layout(store) -> dict[str, list[str]]:
    return {table: sorted(store.db.columns(table)) for table in TABLES}


def test_versions_are_numbered_in_order():
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST + 1))


@pytest.mark.parametrize("start", range(LATEST))
def test_every_earlier_version_migrates_to_the_latest(new_store_url, start, corpus_analyses):
    store_url = new_store_url()
    with open_store(new_store_url()) as fresh:
        expected = _layout(fresh)
    with open_store(store_url, migrate_to=start) as old:
        assert old.schema_version == start
        if start >= 1:  # an article stored by that version must survive and be found
            old.db.execute("INSERT INTO pipelines (fingerprint, glasnost, spacy_model, steps, settings) VALUES ('f', '0.0', 'sm', '[]', '{}')")
            stored = old.db.insert(
                "INSERT INTO articles (article_id, content_hash, authors, title, words, techniques, claims, quotes,"
                " pipeline, schema_version, stored_at) VALUES"
                " ('old', 'h', '[]', 'An old article', 6, 0, 0, 0, (SELECT id FROM pipelines), '1.1', 'then')",
                (),
            )
            old.db.execute(
                "INSERT INTO bodies (id, title, text, analysis) VALUES (?, 'An old article', 'Sanctions were announced before the upgrade.', ?)",
                (stored, b"{}"),
            )
            if start >= 2:  # that version indexed its articles for search as it stored them
                old.db.index_text(stored, "An old article", "Sanctions were announced before the upgrade.")
            if start >= 4:  # and counted them in the outlet rollups
                for statement in rollups(article=True):
                    old.db.execute(statement, (stored,))
    with open_store(store_url) as store:
        assert store.schema_version == LATEST
        assert _layout(store) == expected
        if start >= 1:
            assert [hit.id for hit in store.search("upgrade")] == ["old"]
            assert [(p.site, p.overall.articles, p.overall.words) for p in store.outlets()] == [(None, 1, 6)]
        assert store.add(corpus_analyses["herald-video"]) is not None
        assert store.search("staged")[0].id == "herald-video"


def test_a_store_from_a_newer_version_is_refused(store_url):
    with open_store(store_url) as store:
        store.db.execute("INSERT INTO glasnost_schema VALUES (?, 'from the future', 'later')", (LATEST + 1,))
    with pytest.raises(InputError, match=f"schema version {LATEST + 1}, newer"):
        open_store(store_url)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://localhost/corpus", "unknown store"),
        ("sqlite:///", "unknown store"),
        ("postgresql://nobody@/corpus?host=/nonexistent-socket-folder", "cannot open the store"),
        ("postgresql://u:secret@127.0.0.1:1/corpus", "cannot open the store postgresql://u:\\*\\*\\*@"),
    ],
)
def test_what_cannot_be_opened_says_why(url, message):
    with pytest.raises(InputError, match=message):
        open_store(url)


def test_read_commands_do_not_create_a_store(tmp_path):
    with pytest.raises(InputError, match="no store at"):
        open_store(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()


def test_a_file_that_is_not_a_store_is_refused(tmp_path):
    garbage = tmp_path / "notes.db"
    garbage.write_bytes(b"these are my notes, not a database" * 100)
    with pytest.raises(InputError, match="not a Glasnost store"):
        open_store(garbage)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE articles (x)")
    with pytest.raises(InputError, match="not a Glasnost store"):
        open_store(other)


def test_sqlite_url_and_default_location(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open_store() as store:
        assert store.backend == "sqlite"
    assert (tmp_path / "glasnost.db").is_file()
    with open_store(f"sqlite:///{tmp_path}/by-url.db") as store:
        assert store.url == f"{tmp_path}/by-url.db"
    with open_store("sqlite:///relative.db"):
        pass
    assert (tmp_path / "relative.db").is_file()


def test_a_bad_store_is_one_line_and_exit_2():
    result = subprocess.run(
        [sys.executable, "-m", "glasnost", "search", "sanctions", "--db", "mongodb://somewhere/x"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["error: [E160] unknown store 'mongodb://somewhere/x': give a file path, sqlite:///PATH or postgresql://..."]
