"""`glasnost ingest --workers 2` stores what a run in one process stores, and writes the same
analyses to `--to` files as they finish."""

from __future__ import annotations

import json

from .conftest import ARTICLES, EXPECTED, glasnost, stored


def test_two_workers_store_what_one_stores_and_fill_parquet(reference, tmp_path):
    db, folder = tmp_path / "two.db", tmp_path / "analyses"
    result = glasnost(str(ARTICLES), "--db", str(db), "--workers", "2", "--to", "parquet", str(folder), "-f", "json")
    assert result.returncode == 0, result.stderr
    assert {k: v for k, v in json.loads(result.stdout).items() if k != "store"} == EXPECTED
    assert stored(db) == reference
    assert "ingest: 11/11 articles (100%)" in result.stderr  # the plain progress line (no terminal)
    import pyarrow.parquet as pq

    table = pq.read_table(folder)
    assert sorted(table["id"].to_pylist()) == sorted(reference)
    first = json.loads(table["analysis"][0].as_py())
    assert reference[first["article"]["id"]][1] == table["analysis"][0].as_py()


def test_a_rerun_writes_nothing_twice(reference, tmp_path):
    db, lines = tmp_path / "one.db", tmp_path / "analyses.jsonl"
    first = glasnost(str(ARTICLES), "--db", str(db), "--workers", "1", "--to", "jsonl", str(lines))
    again = glasnost(str(ARTICLES), "--db", str(db), "--workers", "1", "--to", "jsonl", str(lines))
    assert first.returncode == 0 and again.returncode == 0, again.stderr
    assert again.stdout.split() == ["added", "0", "duplicates", "11", "near_duplicates", "0", "failed", "0"]
    written = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()]
    assert sorted(a["article"]["id"] for a in written) == sorted(reference)
    assert stored(db) == reference
