"""Store fixtures: real analyses of a small corpus, and each test's store on SQLite and on a real
PostgreSQL server (a throw-away cluster this session starts; skipped only with no server binary)."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus.jsonl"
REPEATS = HERE / "repeats.jsonl"
CLUSTER = HERE.parents[1] / "scripts" / "throwaway-postgres"
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


@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a throw-away PostgreSQL cluster, or None where no server binary exists."""
    folder = tempfile.mkdtemp(prefix="glasnost-pg-")
    os.chmod(folder, 0o711)  # the server may run as another user, who must reach its socket folder
    data = os.path.join(folder, "pg")
    started = subprocess.run([str(CLUSTER), data], capture_output=True, text=True, timeout=120)
    if started.returncode == 3:
        shutil.rmtree(folder, ignore_errors=True)
        yield None
        return
    assert started.returncode == 0, started.stderr
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run([str(CLUSTER), "--stop", data], capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def new_store_url(request, tmp_path):
    """Makes fresh, empty store locations on one backend (PostgreSQL: a new schema each)."""
    if request.param == "sqlite":
        return lambda: str(tmp_path / f"corpus-{next(_schemas)}.db")
    server = request.getfixturevalue("postgres_server")
    if server is None:
        pytest.skip("no PostgreSQL server binary (initdb) installed")
    return lambda: postgres_schema(server)


def postgres_schema(server: str) -> str:
    """The URL of a new, empty schema on the server: a fresh store without a new database."""
    import psycopg

    schema = f"test_{os.getpid()}_{next(_schemas)}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    return f"{server}&options=-csearch_path%3D{schema}"


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
