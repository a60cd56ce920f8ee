"""Narratives built as articles are stored, on SQLite and PostgreSQL: the same story across sites
is one narrative, an unrelated one stays apart, ids survive more articles, merges are recorded."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from glasnost.store import open_store
from glasnost.store.search import Filters

STORIES = Path(__file__).resolve().parent / "narratives.jsonl"


@pytest.fixture(scope="module")
def story_analyses():
    from glasnost import analyze_all, load_all

    return {a.article.id: a for a in analyze_all(list(load_all(str(STORIES))))}


@pytest.fixture(scope="module")
def embed():
    from glasnost.claims_match.embedder import load_embedder

    return load_embedder(threads=1).embed


def _drone(found):
    return next(n for n in found if "drone" in n.label)


def _pages_agree(store, *filters: Filters, min_articles: int = 2) -> None:
    """Every page of `narrative_page` (ranked in SQL over the sizes kept at write time) is the
    same slice of what `narratives` builds from every claim; and the sizes and word counts kept
    as claims came, merged and split are those counted afresh from the claims (migration 7)."""
    from glasnost.store.narrative_sizes import fill

    for where in (Filters(), *filters):
        whole = store.narratives(where, min_articles)
        paged = [n for offset in range(0, len(whole) + 2, 2) for n in store.narrative_page(where, min_articles, 2, offset)]
        assert paged == whole, where
        assert store.narrative_count(where, min_articles) == len(whole)
    kept = {table: sorted(store.db.rows(f"SELECT * FROM {table}")) for table in ("narrative_sizes", "claim_words")}
    with store.db.write():
        store.db.execute("DELETE FROM narrative_sizes")
        store.db.execute("DELETE FROM claim_words")
        fill(store.db)
    assert {table: sorted(store.db.rows(f"SELECT * FROM {table}")) for table in kept} == kept


def test_same_story_across_sites_is_one_narrative_and_keeps_its_id(store_url, story_analyses, embed):
    first, later = ["gamma-plant", "beta-grain", "beta-plant"], ["alpha-plant", "gamma-grain", "alpha-bikes"]
    with open_store(store_url) as store:
        for key in first:
            store.add(story_analyses[key], embed=embed)
        before = _drone(store.narratives())
        assert before.sites == ["beta.example", "gamma.example"]
        for key in later:
            store.add(story_analyses[key], embed=embed)
        found = store.narratives()
        drone = _drone(found)
        assert drone.id == before.id
        assert drone.sites == ["alpha.example", "beta.example", "gamma.example"] and drone.articles == 3
        assert [s["site"] for s in drone.spread] == ["alpha.example", "beta.example", "gamma.example"]
        assert (drone.first_seen, drone.last_seen) == ("2024-03-04", "2024-03-19")
        assert drone.weeks == {"2024-W10": 1, "2024-W11": 1, "2024-W12": 1}
        assert (drone.actors[0]["name"], drone.actors[0]["articles"]) == ("Novorossiysk", 3)
        grain = next(n for n in found if "Egypt" in n.label)
        assert grain.sites == ["beta.example", "gamma.example"] and grain.id != drone.id
        assert not any("bicycle" in n.label or "Springfield" in n.label for n in found)
        assert any("bicycle" in n.label for n in store.narratives(min_articles=1))
        assert [n.id for n in store.narratives(Filters(site="alpha.example"))] == [
            n.id for n in found if "alpha.example" in n.sites
        ]
        assert _drone(store.narratives(Filters(since="2024-03-10"))).sites == ["beta.example", "gamma.example"]
        _pages_agree(store, Filters(site="alpha.example"), Filters(since="2024-03-10"), Filters(until="2024-03-12"),
                     Filters(site="beta.example", since="2024-03-05", until="2024-03-31"))
        _pages_agree(store, Filters(since="2024-03-10"), min_articles=1)


def test_a_claim_linking_two_narratives_merges_them_into_the_older(store_url, story_analyses):
    """With vectors made up: two unrelated directions, then a claim halfway between them."""
    a, b = np.eye(384, dtype=np.float32)[0], np.eye(384, dtype=np.float32)[1]
    middle = (a + b) / np.sqrt(2)  # cosine 0.71 with each
    given = iter([a, b, middle])

    def embed(texts):
        vector = next(given)
        return np.stack([vector] * len(texts))

    with open_store(store_url) as store:
        for key in ("alpha-plant", "beta-grain", "alpha-bikes"):
            store.add(story_analyses[key], embed=embed)
        (merged,) = store.narratives(min_articles=3)
        assert merged.articles == 3
        # each of the six claims of the first two articles started a narrative (claims of one
        # article never link); the first claim of the third links all six: five merge into the oldest
        gone = [e["id"] for e in merged.merged]
        assert len(gone) == 5 and min(gone) > merged.id
        assert all(e["merged_into"] == merged.id and e["similarity"] == pytest.approx(0.7071, abs=1e-3) for e in merged.merged)
        alive = {r[0] for r in store.db.rows("SELECT id FROM narratives WHERE merged_into IS NULL")}
        assert merged.id in alive and not alive & set(gone)
        _pages_agree(store, min_articles=1)


def test_without_an_embedder_nothing_joins_a_narrative(store_url, story_analyses):
    with open_store(store_url) as store:
        store.add(story_analyses["alpha-plant"])
        assert store.narratives(min_articles=1) == []


def test_a_narrative_lists_the_fact_checks_its_claims_matched(store_url, story_analyses, embed):
    from glasnost.analysis import ClaimMatch

    check = ClaimMatch(
        identifier="fc-1", url="https://factcheck.example/drone", claim_reviewed="A Ukrainian drone hit the Novorossiysk plant.",
        rating="Unproven", publisher="Example Checks", score=0.9, tier="match",
    )

    def checked(analysis):
        claims = [c.model_copy(update={"matches": [check]}) if "drone" in c.text else c for c in analysis.claims]
        return analysis.model_copy(update={"claims": claims})

    with open_store(store_url) as store:
        for key in ("alpha-plant", "beta-plant", "gamma-plant"):
            store.add(checked(story_analyses[key]), embed=embed)
        drone = _drone(store.narratives())
        assert drone.factchecks == [
            {"identifier": "fc-1", "url": "https://factcheck.example/drone", "claim_reviewed": check.claim_reviewed,
             "rating": "Unproven", "publisher": "Example Checks", "tier": "match", "claims": 3},
        ]
        assert all(n.factchecks == [] for n in store.narratives() if n.id != drone.id)


def _unit(*parts: tuple[int, float]) -> np.ndarray:
    vector = np.zeros(384, dtype=np.float32)
    for axis, value in parts:
        vector[axis] = value
    return vector / np.linalg.norm(vector)


def test_two_stories_chained_by_a_weak_link_split_again_and_keep_their_ids(store_url, story_analyses):
    """Made-up vectors: two stories (axes 0 and 1), each told by two articles, then an article
    whose claims are 0.62 from both: it merges them; the re-check splits them apart again."""
    a, b = _unit((0, 1.0)), _unit((1, 1.0))
    bridge = _unit((0, 0.62), (1, 0.62), (2, float(np.sqrt(1 - 2 * 0.62**2))))
    given = {"alpha-plant": a, "beta-plant": a, "beta-grain": b, "gamma-grain": b, "gamma-plant": bridge, "alpha-bikes": b}

    with open_store(store_url) as store:

        def add(key):
            store.add(story_analyses[key], embed=lambda texts: np.stack([given[key]] * len(texts)))

        for key in ("alpha-plant", "beta-plant", "beta-grain", "gamma-grain"):
            add(key)
        before = {n.id: n for n in store.narratives()}
        story_a = next(n.id for n in before.values() if "alpha.example" in n.sites)
        story_b = next(n.id for n in before.values() if "gamma.example" in n.sites)
        assert len(before) == 2 and story_a < story_b
        add("gamma-plant")
        (merged,) = store.narratives()
        assert merged.id == story_a and merged.articles == 5 and story_b in [e["id"] for e in merged.merged]
        (split,) = store.split_narratives()
        assert split["split_from"] == story_a and split["claims"] == before[story_b].claims
        assert split["similarity"] == pytest.approx(0.62, abs=2e-3) and split["id"] > story_b
        after = {n.id: n for n in store.narratives()}
        assert set(after) == {story_a, split["id"]}
        kept, parted = after[story_a], after[split["id"]]
        assert kept.articles == 3 and "gamma.example" in kept.sites  # the bridge went with the older story
        assert parted.articles == 2 and parted.sites == ["beta.example", "gamma.example"]
        shown = {k: split[k] for k in ("id", "split_from", "similarity", "at")}
        assert kept.splits == [shown] and parted.splits == [shown]
        _pages_agree(store, Filters(site="gamma.example"))
        assert store.split_narratives() == []  # nothing left to split
        add("alpha-bikes")  # the second story again, bridged once more
        assert len(store.narratives()) == 1
        (again,) = store.split_narratives()
        assert again["id"] == split["id"] and again["split_from"] == story_a
        assert {n.id: n.articles for n in store.narratives()} == {story_a: 3, split["id"]: 3}
        _pages_agree(store, min_articles=1)


def test_a_narrative_carries_its_key_terms(store_url, story_analyses, embed):
    with open_store(store_url) as store:
        for key in ("alpha-plant", "beta-plant", "gamma-plant", "beta-grain", "gamma-grain"):
            store.add(story_analyses[key], embed=embed)
        drone = _drone(store.narratives())
        grain = next(n for n in store.narratives() if "Egypt" in n.label)
        assert "drone" in drone.terms and len(drone.terms) <= 5
        assert {"egypt", "grain"} <= set(grain.terms) and not set(drone.terms) & set(grain.terms)


def test_past_a_size_claims_find_their_narratives_through_a_saved_hnsw_index(tmp_path, story_analyses, embed, monkeypatch):
    """The HNSW path groups the stories as brute force does, and its index is kept in the store."""
    from glasnost.store import narratives as module

    order = ["gamma-plant", "beta-grain", "beta-plant", "alpha-plant", "gamma-grain", "alpha-bikes"]

    def grouped(store):
        return sorted((n.label, n.articles, tuple(n.sites)) for n in store.narratives(min_articles=1))

    with open_store(tmp_path / "brute.db") as store:
        for key in order:
            store.add(story_analyses[key], embed=embed)
        expected = grouped(store)
        assert not store.save_claim_index()  # below HNSW_FROM there is no index to keep
    monkeypatch.setattr(module, "HNSW_FROM", 3)
    monkeypatch.setattr(module, "_FIRST", 2)  # small, so that the search for `_LINKS` runs too
    with open_store(tmp_path / "hnsw.db") as store:
        for key in order[:4]:
            store.add(story_analyses[key], embed=embed)
        assert store.save_claim_index()
        saved = store.db.scalar("SELECT rows FROM vector_indexes WHERE name = 'claims'")
        assert saved == store.db.scalar("SELECT count(*) FROM claim_vectors")
    with open_store(tmp_path / "hnsw.db") as store:  # a new run reads the saved index, adds the rest
        for key in order[4:]:
            store.add(story_analyses[key], embed=embed)
        assert grouped(store) == expected
        assert store.save_claim_index()
        assert store.db.scalar("SELECT rows FROM vector_indexes WHERE name = 'claims'") == store.db.scalar("SELECT count(*) FROM claim_vectors")
