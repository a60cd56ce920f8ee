"""Store fixtures: real analyses of a small corpus, and each test's store on SQLite and on a real
PostgreSQL server (a throw-away cluster this session starts; skipped only with no server binary)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from pg_cluster import postgres_schema

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus.jsonl"
REPEATS = HERE / "repeats.jsonl"
_schemas = itertools.count()


@pytest.fixture(scope="session")
def corpus_articles():
    from glasnost import load_all

    return list(load_all(str(CORPUS)))


@pytest.fixture(scope="session")
def repeat_articles():
    """The herald article again: its text under another URL, and an update at its own URL."""
    from glasnost import load_all

    return list(load_all(str(REPEATS)))


@pytest.fixture(scope="session")
def corpus_analyses(corpus_articles):
    from glasnost import analyze_all

    return {a.article.id: a for a in analyze_all(corpus_articles)}


@pytest.fixture(params=["sqlite", "postgresql"])
def new_store_url(request, tmp_path):
    """Makes fresh, empty store locations on one backend (PostgreSQL: a new schema each)."""
    if request.param == "sqlite":
        return lambda: str(tmp_path / f"corpus-{next(_schemas)}.db")
    server = request.getfixturevalue("postgres_server")
    if server is None:
        pytest.skip("no PostgreSQL server binary (initdb) installed")
    return lambda: postgres_schema(server)


@pytest.fixture
def both_store_urls(postgres_server, tmp_path):
    """A fresh SQLite and a fresh PostgreSQL store, to compare what they answer."""
    if postgres_server is None:
        pytest.skip("no PostgreSQL server binary (initdb) installed")
    return str(tmp_path / "side.db"), postgres_schema(postgres_server)


@pytest.fixture
def store_url(new_store_url):
    """A fresh, empty store location, once on each backend."""
    return new_store_url()
