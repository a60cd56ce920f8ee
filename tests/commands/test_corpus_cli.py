"""The corpus commands as a user runs them, on a real store of the test corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

STORE_TESTS = Path(__file__).resolve().parents[1] / "store"
CORPUS = STORE_TESTS / "corpus.jsonl"
REPEATS = STORE_TESTS / "repeats.jsonl"


def glasnost(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "glasnost", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    """One store filled by `glasnost ingest`, and what the command printed."""
    db = tmp_path_factory.mktemp("corpus") / "corpus.db"
    first = glasnost("ingest", str(CORPUS), "--db", str(db), "-f", "json")
    second = glasnost("ingest", str(CORPUS), str(REPEATS), "--db", f"sqlite:///{db}")
    return db, first, second


def test_ingest_counts_and_is_idempotent(ingested):
    _, first, second = ingested
    assert first.returncode == 0, first.stderr
    counts = json.loads(first.stdout)
    assert {k: counts[k] for k in ("added", "duplicates", "near_duplicates", "failed")} == {
        "added": 3, "duplicates": 0, "near_duplicates": 1, "failed": 0,
    }
    assert second.returncode == 0, second.stderr
    assert second.stdout.split() == ["added", "0", "duplicates", "6", "near_duplicates", "0", "failed", "0"]


def test_ingest_reports_what_it_could_not_read(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(CORPUS.read_text().splitlines()[3] + "\n{not json\n", encoding="utf-8")
    result = glasnost("ingest", str(bad), "--db", str(tmp_path / "s.db"), "-f", "json")
    assert result.returncode == 2
    assert json.loads(result.stdout)["added"] == 1 and json.loads(result.stdout)["failed"] == 1
    assert "skipped" in result.stderr and "line 2" in result.stderr


def test_search_prints_hits_with_their_article(ingested):
    db = ingested[0]
    result = glasnost("search", '"new sanctions"', "--db", str(db), "-f", "json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert [(h["id"], h["site"], h["published"]) for h in hits] == [("wire-sanctions", "wire.example", "2024-03-05")]
    assert "[" in hits[0]["snippet"] and hits[0]["title"]
    table = glasnost("search", "sanctions", "--db", str(db), "--site", "daily.example", "--since", "2024-04")
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[0].startswith("daily-oped  daily.example  2024-04-02")


def test_search_refuses_a_bad_date_and_a_missing_store(ingested, tmp_path):
    result = glasnost("search", "sanctions", "--db", str(ingested[0]), "--until", "March")
    assert result.returncode == 2 and "--until takes a date" in result.stderr
    missing = glasnost("search", "sanctions", "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 2 and "no store at" in missing.stderr
    assert not (tmp_path / "none.db").exists()
