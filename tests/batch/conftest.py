"""Ingest runs as a user starts them (a subprocess), and a store read back as what it holds
apart from when it was written: each article's analysis and the original it is linked to."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

ARTICLES = Path(__file__).resolve().parent / "articles.jsonl"  # 11 records: 8 originals, 2 near-copies, 1 repeat
EXPECTED = {"added": 8, "duplicates": 1, "near_duplicates": 2, "failed": 0}


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "glasnost", "ingest", *args]


def glasnost(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(command(*args), capture_output=True, text=True, timeout=timeout)


def stored(db: Path) -> dict[str, tuple[str | None, str]]:
    """article id -> (the article id of its original, its analysis as JSON)."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT a.article_id, o.article_id, b.analysis FROM articles a JOIN bodies b ON b.id = a.id"
            " LEFT JOIN articles o ON o.id = a.duplicate_of"
        ).fetchall()
    return {article: (original, zlib.decompress(data).decode("utf-8")) for article, original, data in rows}


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
