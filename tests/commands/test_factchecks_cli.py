"""`glasnost factchecks import` and `match` as a user runs them, on a real SQLite store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from glasnost.store import open_store

FIXTURES = Path(__file__).resolve().parents[1] / "claims_match"
FILES = [str(FIXTURES / name) for name in ("feed.json", "reviews.jsonl", "page.html", "euvsdisinfo.csv")]


def glasnost(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "glasnost", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    db = tmp_path_factory.mktemp("factchecks") / "checks.db"
    first = glasnost("factchecks", "import", *FILES, "--db", str(db), "-f", "json")
    second = glasnost("factchecks", "import", *FILES, "--db", str(db))
    return db, first, second


def test_import_counts_reports_bad_records_and_never_duplicates(imported):
    _, first, second = imported
    assert first.returncode == 2  # bad records were skipped
    assert {k: v for k, v in json.loads(first.stdout).items() if k != "store"} == {
        "added": 7, "updated": 0, "unchanged": 0, "skipped": 4, "factchecks": 7,
    }
    skipped = [line for line in first.stderr.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 4 and any("reviews.jsonl, line 2: [E221]" in line for line in skipped)
    assert any("euvsdisinfo.csv, line 3: [E223] no title" in line for line in skipped)
    assert second.stdout.split() == ["added", "0", "updated", "0", "unchanged", "7", "skipped", "4", "factchecks", "7"]


def test_match_one_claim_and_a_file_of_claims(imported, tmp_path):
    db = imported[0]
    one = glasnost("factchecks", "match", "The US runs secret bioweapons labs in Ukraine, Moscow claims.", "--db", str(db), "-f", "jsonl")
    assert one.returncode == 0, one.stderr
    (line,) = [json.loads(x) for x in one.stdout.splitlines()]
    assert line["id"] == "1" and line["matches"]
    top = line["matches"][0]
    assert set(top) >= {"identifier", "url", "claim_reviewed", "rating", "publisher", "score", "tier"}
    assert "biolog" in top["claim_reviewed"] and top["tier"] in ("match", "suggested") and 0 <= top["score"] <= 1

    claims = tmp_path / "claims.jsonl"
    claims.write_text(
        json.dumps({"id": "a", "text": "Navalny was helped by the German special services."}) + "\n"
        + json.dumps({"id": "b", "text": "The weather in Lisbon was pleasant on Tuesday afternoon."}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "matches.jsonl"
    both = glasnost("factchecks", "match", str(claims), "--db", str(db), "-f", "jsonl", "-o", str(out), "--top", "1")
    assert both.returncode == 0, both.stderr
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    assert rows[0]["matches"][0]["identifier"] == "https://euvsdisinfo.eu/report/german-special-services-helped-navalny/"
    assert rows[0]["matches"][0]["rating"] == "disinformation" and len(rows[0]["matches"]) == 1
    assert rows[1]["matches"] == []
    table = glasnost("factchecks", "match", "Navalny was helped by German special services", "--db", str(db))
    assert table.returncode == 0 and "EUvsDisinfo" in table.stdout and "match" in table.stdout
    held = glasnost("factchecks", "match", "Navalny helped by Germans", "--db", str(db))
    assert held.returncode == 0 and "suggested" in held.stdout and "(held back: short)" in held.stdout


def test_bad_inputs_are_one_line_errors(imported, tmp_path):
    db = imported[0]
    missing = glasnost("factchecks", "import", str(tmp_path / "nope.json"), "--db", str(tmp_path / "x.db"))
    assert missing.returncode == 2 and "[E220]" in missing.stderr and not (tmp_path / "x.db").exists()
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a"}\n', encoding="utf-8")
    no_text = glasnost("factchecks", "match", str(bad), "--db", str(db))
    assert no_text.returncode == 2 and "[E226]" in no_text.stderr and "line 1" in no_text.stderr
    blank = glasnost("factchecks", "match", "  ", "--db", str(db))
    assert blank.returncode == 2 and "[E227]" in blank.stderr
    none = tmp_path / "none.db"
    open_store(none).close()
    nothing = glasnost("factchecks", "match", "a claim of some length here", "--db", str(none))
    assert nothing.returncode == 2 and "[E225]" in nothing.stderr


ARTICLE = FIXTURES / "article.txt"


def test_analyze_and_ingest_give_claims_their_fact_checks(imported, tmp_path):
    db = imported[0]
    result = glasnost("analyze", str(ARTICLE), "--factchecks", str(db), "-f", "json")
    assert result.returncode == 0, result.stderr
    claims = json.loads(result.stdout)["claims"]
    biolabs = next(c for c in claims if "biological" in c["text"])
    assert biolabs["matches"][0]["url"] == "https://factcheck.example.com/biolabs"
    assert biolabs["matches"][0]["tier"] == "match" and biolabs["matches"][0]["rating"] == "False"
    fresh = glasnost("factchecks", "match", biolabs["text"], "--db", str(db), "-f", "jsonl", "--top", "3")
    alone = json.loads(fresh.stdout)["matches"]
    assert [set(m) for m in alone] == [set(m) for m in biolabs["matches"]]  # the same fields, guard included
    # int8 activations are scaled per batch, so a claim embedded with its article's others scores a hair apart
    assert [(m["url"], m["tier"], round(m["score"], 2)) for m in alone] == [(m["url"], m["tier"], round(m["score"], 2)) for m in biolabs["matches"]]
    assert any(c["matches"] == [] for c in claims)

    page = tmp_path / "report.html"
    html = glasnost("analyze", str(ARTICLE), "--factchecks", str(db), "-f", "html", "-o", str(page))
    assert html.returncode == 0, html.stderr
    assert 'href="https://factcheck.example.com/biolabs"' in page.read_text(encoding="utf-8")

    plain = glasnost("analyze", str(ARTICLE), "-f", "json")
    assert all(c["matches"] == [] for c in json.loads(plain.stdout)["claims"])

    ingested = glasnost("ingest", str(ARTICLE), "--db", str(db), "-f", "json")
    assert ingested.returncode == 0, ingested.stderr
    with open_store(db, create=False) as store:
        ((_, stored),) = list(store.analyses())
    assert [m.url for c in stored.claims for m in c.matches if "biological" in c.text][:1] == ["https://factcheck.example.com/biolabs"]


def test_training_writes_a_new_model_only_where_told():
    for what in ("embedder", "matcher"):
        refused = glasnost("train", what)
        assert refused.returncode == 2 and "[E138]" in refused.stderr
