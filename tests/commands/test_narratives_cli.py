"""`glasnost narratives` as a user runs it, after `glasnost ingest` in two runs on a real SQLite store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

STORIES = Path(__file__).resolve().parents[1] / "store" / "narratives.jsonl"


def glasnost(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "glasnost", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    """The stories ingested out of publication order: the latest drone article first, then the rest."""
    folder = tmp_path_factory.mktemp("narratives")
    lines = STORIES.read_text(encoding="utf-8").splitlines()
    first = [line for line in lines if '"gamma-plant"' in line or '"beta-grain"' in line]
    (folder / "first.jsonl").write_text("\n".join(first) + "\n", encoding="utf-8")
    (folder / "rest.jsonl").write_text("\n".join(line for line in lines if line not in first) + "\n", encoding="utf-8")
    db = folder / "stories.db"
    runs, early = [], None
    for name in ("first.jsonl", "rest.jsonl"):
        runs.append(glasnost("ingest", str(folder / name), "--db", str(db), "-w", "1"))
        assert runs[-1].returncode == 0, runs[-1].stderr
        early = early if early is not None else _json("--db", str(db), "--min-articles", "1")
    return db, early


def _json(*args: str) -> list[dict]:
    result = glasnost("narratives", *args, "-f", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_story_retold_across_sites_is_one_narrative_in_order_of_publication(ingested):
    db, early = ingested
    found = _json("--db", str(db))
    drone = next(n for n in found if "drone" in n["label"])
    # started by the article ingested first (gamma's, a single site then), it kept its id
    assert next(n for n in early if "drone" in n["label"])["id"] == drone["id"]
    assert drone["sites"] == ["alpha.example", "beta.example", "gamma.example"]
    assert [s["site"] for s in drone["spread"]] == ["alpha.example", "beta.example", "gamma.example"]
    assert drone["spread"][0]["first_seen"] == "2024-03-04" and drone["weeks"] == {"2024-W10": 1, "2024-W11": 1, "2024-W12": 1}
    assert set(drone) >= {"id", "label", "claims", "articles", "sites", "first_seen", "last_seen", "weeks", "spread", "factchecks", "actors", "merged"}
    assert not any("bicycle" in n["label"] for n in found)
    ids = {n["id"] for n in found}
    assert drone["id"] in {n["id"] for n in _json("--db", str(db), "--site", "alpha.example", "--min-articles", "3")}
    assert drone["id"] not in {n["id"] for n in _json("--db", str(db), "--site", "nowhere.example")}
    again = glasnost("ingest", str(STORIES), "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert {n["id"] for n in _json("--db", str(db))} == ids
    table = glasnost("narratives", "--db", str(db), "--since", "2024-03", "--until", "2024-03-31")
    assert table.returncode == 0 and f"#{drone['id']}" in table.stdout
    assert "alpha.example 2024-03-04 (1) -> beta.example 2024-03-12 (1) -> gamma.example 2024-03-19 (1)" in table.stdout
    none = glasnost("narratives", "--db", str(db), "--min-articles", "9")
    assert none.returncode == 0 and none.stdout == "" and "[E230]" in none.stderr


def test_bad_inputs_are_one_line_errors(ingested, tmp_path):
    db, _ = ingested
    missing = glasnost("narratives", "--db", str(tmp_path / "nope.db"))
    assert missing.returncode == 2 and "[E164]" in missing.stderr and len(missing.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "nope.db").exists()
    bad = glasnost("narratives", "--db", str(db), "--since", "last week")
    assert bad.returncode == 2 and "[E168]" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
