"""Ingest runs as a user starts them (a subprocess), and a store read back as what it holds
apart from when it was written: each article's analysis and the original it is linked to."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from glasnost.store import open_store

ARTICLES = Path(__file__).resolve().parent / "articles.jsonl"  # 11 records: 8 originals, 2 near-copies, 1 repeat
EXPECTED = {"added": 8, "duplicates": 1, "near_duplicates": 2, "failed": 0}


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "glasnost", "ingest", *args]


def glasnost(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(command(*args), capture_output=True, text=True, timeout=timeout)


def stored(db: Path) -> dict[str, tuple[str | None, str]]:
    """article id -> (the article id of its original, its analysis as JSON)."""
    with open_store(db, create=False) as store:
        return store.contents()


def count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=1) as connection:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # the schema is not made yet
        return 0


@pytest.fixture(scope="session")
def reference(tmp_path_factory) -> dict[str, tuple[str | None, str]]:
    """What one uninterrupted run in one process stores."""
    db = tmp_path_factory.mktemp("reference") / "one.db"
    result = glasnost(str(ARTICLES), "--db", str(db), "--workers", "1")
    assert result.returncode == 0, result.stderr
    return stored(db)
