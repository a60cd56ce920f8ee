"""The HNSW claim index (used past `hnsw_from` stored claims) gives the links brute force gives,
on SQLite and on PostgreSQL: the threshold lowered so that a handful of claims reach it."""

from __future__ import annotations

from pathlib import Path

import pytest

from glasnost.store import open_store

STORIES = Path(__file__).resolve().parent / "narratives.jsonl"
ORDER = ["gamma-plant", "beta-grain", "beta-plant", "alpha-plant", "gamma-grain", "alpha-bikes"]


@pytest.fixture(scope="module")
def story_analyses():
    from glasnost import analyze_all, load_all

    return {a.article.id: a for a in analyze_all(list(load_all(str(STORIES))))}


@pytest.fixture(scope="module")
def embed():
    from glasnost.claims_match.embedder import load_embedder

    return load_embedder(threads=1).embed


def _links(store) -> list[tuple]:
    """Each stored claim (article, position) with its narrative and the claim it joined through."""
    return store.db.rows(
        "SELECT a.article_id, c.claim, c.narrative, n.claim, na.article_id, round(c.similarity * 100)"
        " FROM claim_vectors c JOIN articles a ON a.id = c.article"
        " LEFT JOIN claim_vectors n ON n.id = c.nearest LEFT JOIN articles na ON na.id = n.article"
        " ORDER BY c.id"
    )


def test_hnsw_links_are_brute_force_links(new_store_url, story_analyses, embed):
    found = []
    for hnsw_from in (10**9, 3):
        with open_store(new_store_url(), hnsw_from=hnsw_from) as store:
            for key in ORDER:
                store.add(story_analyses[key], embed=embed)
            found.append(_links(store))
            assert store.save_claim_index() == (hnsw_from == 3)  # only an HNSW index is saved
    brute, hnsw = found
    assert len(brute) > 3 and any(row[3] is not None for row in brute)
    assert [tuple(r) for r in hnsw] == [tuple(r) for r in brute]
