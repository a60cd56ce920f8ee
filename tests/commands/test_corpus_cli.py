"""The corpus commands as a user runs them, on a real store of the test corpus."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
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
    typo = glasnost("search", "sanctions", "--db", str(ingested[0]), "--genre", "opnion")
    assert typo.returncode == 2 and "[E173] --genre takes one of opinion, reporting, satire, uncertain" in typo.stderr
    missing = glasnost("search", "sanctions", "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 2 and "no store at" in missing.stderr
    assert not (tmp_path / "none.db").exists()


def test_corpus_tells_what_the_store_holds(ingested):
    db = ingested[0]
    data = json.loads(glasnost("corpus", "--db", str(db), "-f", "json").stdout)
    assert (data["articles"], data["near_duplicates"]) == (4, 1)
    assert data["sites"] == {"daily.example": 2, "herald.example": 1, "wire.example": 1}
    assert data["pipelines"][0]["articles"] == 4 and data["pipelines"][0]["steps"]
    table = glasnost("corpus", "--db", str(db))
    assert table.returncode == 0 and "4 (1 near-duplicates)" in table.stdout and "techniques" in table.stdout


def test_outlets_in_every_format(ingested):
    db = str(ingested[0])
    profiles = json.loads(glasnost("outlets", "--db", db, "-f", "json").stdout)
    assert [p["site"] for p in profiles] == ["daily.example", "herald.example", "wire.example"]
    assert profiles[0]["technique_rate"] > 0 and [m["month"] for m in profiles[0]["months"]] == ["2024-03", "2024-04"]
    rows = list(csv.DictReader(io.StringIO(glasnost("outlets", "--db", db, "-f", "csv", "--until", "2024-03").stdout)))
    assert [(r["site"], r["period"]) for r in rows] == [
        ("daily.example", "all"), ("wire.example", "all"), ("daily.example", "2024-03"), ("wire.example", "2024-03"),
    ]
    table = glasnost("outlets", "--db", db, "--since", "2024-04-01")
    assert table.returncode == 0 and "wire.example" not in table.stdout and "technique_rate" in table.stdout


def test_export_writes_the_table_it_is_asked_for(ingested, tmp_path):
    db = str(ingested[0])
    out = tmp_path / "claims.parquet"
    result = glasnost("export", "--db", db, "--table", "claims", "-o", str(out))
    assert result.returncode == 0, result.stderr
    import pyarrow.parquet as pq

    assert pq.read_table(out).num_rows > 0 and "claims rows; written" in result.stderr
    jsonl = tmp_path / "actors.out"
    assert glasnost("export", "--db", db, "--table", "actors", "-f", "jsonl", "-o", str(jsonl)).returncode == 0
    assert json.loads(jsonl.read_text().splitlines()[0])["article_id"]
    unknown = glasnost("export", "--db", db, "--table", "actors", "-o", str(tmp_path / "actors.xlsx"))
    assert unknown.returncode == 2 and "cannot tell the export format" in unknown.stderr


def test_actors_are_merged_across_articles_per_month(ingested, tmp_path):
    db = str(ingested[0])
    result = glasnost("actors", "--db", db, "-f", "json", "--top", "50", "--graphml", str(tmp_path / "graphs"))
    assert result.returncode == 0, result.stderr
    periods = json.loads(result.stdout)
    assert sorted(periods) == ["2024-03", "2024-04"]
    march = {a["name"]: a for a in periods["2024-03"]["actors"]}
    assert march["Dmitry Peskov"]["articles"] == 2  # the wire story and its copy
    assert "Laura Kask" not in march and "Laura Kask" in {a["name"] for a in periods["2024-04"]["actors"]}
    assert periods["2024-03"]["relations"]
    for name in ("actors-2024-03.graphml", "actors-2024-04.graphml"):
        assert ET.parse(tmp_path / "graphs" / name).getroot().tag.endswith("graphml")
    whole = json.loads(glasnost("actors", "--db", db, "--period", "all", "-f", "json").stdout)
    assert list(whole) == ["all"] and whole["all"]["articles"] == 4
    table = glasnost("actors", "--db", db, "--since", "2024-04", "--until", "2024-04")
    assert table.returncode == 0 and table.stdout.startswith("2024-04  (2 articles)")
    april = {a["name"]: a for a in periods["2024-04"]["actors"]}
    once = next(name for name, actor in april.items() if actor["articles"] == 1)
    assert f"  {once} ({april[once]['type']}): 1 article, " in table.stdout  # never "1 articles"


def test_ingest_refuses_a_typo_before_it_makes_a_store(tmp_path):
    db = tmp_path / "s.db"
    result = glasnost("ingest", str(tmp_path / "story.txtx"), "--db", str(db))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[0].startswith("error: [E100]")
    assert not db.exists()


def test_graph_takes_the_articles_of_a_store_by_date(ingested, tmp_path):
    db = str(ingested[0])
    whole = glasnost("graph", "--db", db, "-o", str(tmp_path / "all.json"))
    assert whole.returncode == 0, whole.stderr
    assert "from 4 articles" in whole.stderr
    april = glasnost("graph", "--db", db, "--since", "2024-04", "--until", "2024-04", "-o", str(tmp_path / "april.json"))
    assert april.returncode == 0, april.stderr
    names = {node["name"] for node in json.loads((tmp_path / "april.json").read_text())["nodes"]}
    assert "Laura Kask" in names and "Dmitry Peskov" not in names
    graphml = glasnost("graph", "--db", db, "--site", "wire.example")
    assert ET.fromstring(graphml.stdout).tag.endswith("graphml")


def test_graph_needs_inputs_or_a_store_and_filters_need_the_store(tmp_path):
    nothing = glasnost("graph")
    assert nothing.returncode == 2 and "[E139]" in nothing.stderr
    stray = glasnost("graph", "x.jsonl", "--since", "2024-04")
    assert stray.returncode == 2 and "give --db" in stray.stderr
    missing = glasnost("graph", "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 2 and "[E164]" in missing.stderr


def test_outlets_join_a_ratings_table_by_domain(ingested, tmp_path):
    db = str(ingested[0])
    table = tmp_path / "ratings.tsv"
    table.write_text(
        "source_url\tsource_url_normalized\tref\tfact\tbias\n"
        "https://www.wire.example/\twire.example\thttps://ratings.example/wire\thigh\tcenter\n",
        encoding="utf-8",
    )
    result = glasnost("outlets", "--db", db, "-f", "json", "--ratings", str(table))
    assert result.returncode == 0, result.stderr
    by_site = {p["site"]: p for p in json.loads(result.stdout)}
    assert by_site["wire.example"]["rating"] == {"ref": "https://ratings.example/wire", "fact": "high", "bias": "center"}
    assert all(p["rating"] is None for site, p in by_site.items() if site != "wire.example")
    rows = list(csv.DictReader(io.StringIO(glasnost("outlets", "--db", db, "-f", "csv", "--ratings", str(table)).stdout)))
    assert {row["rating:fact"] for row in rows if row["site"] == "wire.example"} == {"high"}
    lines = glasnost("outlets", "--db", db, "--ratings", str(table)).stdout
    assert "rating      ref https://ratings.example/wire, fact high, bias center" in lines
    bad = tmp_path / "bad.csv"
    bad.write_text("name,score\nWire,3\n", encoding="utf-8")
    refused = glasnost("outlets", "--db", db, "--ratings", str(bad))
    assert refused.returncode == 2 and "[E172]" in refused.stderr
