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
