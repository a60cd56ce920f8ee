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
    assert set(drone) >= {"id", "label", "claims", "articles", "sites", "first_seen", "last_seen", "weeks", "spread", "factchecks", "actors", "merged", "terms", "splits"}
    assert "drone" in drone["terms"] and drone["splits"] == []
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
    block = table.stdout.split(f"#{drone['id']}  ", 1)[1].splitlines()
    assert block[2] == "  terms      " + ", ".join(drone["terms"])
    none = glasnost("narratives", "--db", str(db), "--min-articles", "9")
    assert none.returncode == 0 and none.stdout == "" and "[E230]" in none.stderr
    elsewhere = glasnost("narratives", "--db", str(db), "--site", "nowhere.example", "--since", "2024-03")
    assert elsewhere.returncode == 0 and elsewhere.stdout == ""
    assert "no narrative spans 2 or more articles in" in elsewhere.stderr
    assert "within --site nowhere.example, --since 2024-03" in elsewhere.stderr


def test_bad_inputs_are_one_line_errors(ingested, tmp_path):
    db, _ = ingested
    missing = glasnost("narratives", "--db", str(tmp_path / "nope.db"))
    assert missing.returncode == 2 and "[E164]" in missing.stderr and len(missing.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "nope.db").exists()
    bad = glasnost("narratives", "--db", str(db), "--since", "last week")
    assert bad.returncode == 2 and "[E168]" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_rebuild_splits_a_chained_narrative_and_the_table_shows_it(tmp_path):
    """Two stories merged through a weak link (made-up vectors, stored through the Python API)
    come apart with --rebuild, which says so; both narratives then show the split."""
    import numpy as np

    from glasnost import analyze_all, load_all
    from glasnost.store import open_store

    analyses = {a.article.id: a for a in analyze_all(list(load_all(str(STORIES))))}
    axis = {"alpha-plant": 0, "beta-plant": 0, "beta-grain": 1, "gamma-grain": 1}
    db = tmp_path / "chained.db"
    with open_store(db) as store:
        for key in ("alpha-plant", "beta-plant", "beta-grain", "gamma-grain", "gamma-plant"):
            vector = np.zeros(384, dtype=np.float32)
            if key in axis:
                vector[axis[key]] = 1.0
            else:
                vector[:3] = (0.62, 0.62, np.sqrt(1 - 2 * 0.62**2))
            store.add(analyses[key], embed=lambda texts, v=vector: np.stack([v] * len(texts)))
    (merged,) = _json("--db", str(db))
    rebuilt = glasnost("narratives", "--db", str(db), "--rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    (line,) = rebuilt.stderr.strip().splitlines()
    assert line.startswith(f"narrative #{merged['id']}: ") and "split off as #" in line
    new = int(line.rsplit("#", 1)[1])
    assert f"  split      #{new} from #{merged['id']} at " in rebuilt.stdout
    found = {n["id"]: n for n in _json("--db", str(db))}
    assert set(found) == {merged["id"], new} and found[new]["splits"] == found[merged["id"]]["splits"]
    again = glasnost("narratives", "--db", str(db), "--rebuild")
    assert again.returncode == 0 and again.stderr == ""
