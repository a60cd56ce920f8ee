"""The narrative, claim and fact-check endpoints and pages on PostgreSQL: the same stories stored
there answer as they do on SQLite, and the pages escape the same probes."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import FACTCHECKS, PROBE, PROBE_IMG, make_client
from .test_web_api import error_code


@pytest.fixture(scope="module")
def both(narrative_store: Path, narrative_store_pg: str):
    with make_client(narrative_store) as sqlite, make_client(narrative_store_pg) as postgres:
        yield sqlite, postgres


def _comparable(value):
    """An answer without what legitimately differs between two stores built one after the other
    (the time a merge was recorded), and without the fact-checks of the probe narratives, which
    the backends match differently (see the xfail test below)."""
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    if not isinstance(value, dict):
        return value
    probe = "evil.example" in value.get("sites", ())
    return {key: _comparable(item) for key, item in value.items() if key != "at" and not (probe and key == "factchecks")}


def _same(both, url: str, **params) -> dict:
    sqlite, postgres = (client.get(url, params=params) for client in both)
    assert (sqlite.status_code, postgres.status_code) == (200, 200), (url, postgres.text)
    assert _comparable(sqlite.json()) == _comparable(postgres.json()), url
    return postgres.json()


def test_the_narrative_and_claim_endpoints_answer_alike(both):
    listed = _same(both, "/api/v1/narratives", per_page=100)["narratives"]
    assert len(listed) >= 3
    _same(both, "/api/v1/narratives", site="east.example", since="2024-05-09")
    for narrative in listed:
        _same(both, f"/api/v1/narratives/{narrative['id']}")
        _same(both, f"/api/v1/narratives/{narrative['id']}/articles")
    merged = next(n["merged"][0]["id"] for n in listed if n["merged"])
    assert _same(both, f"/api/v1/narratives/{merged}")["merged_into"] is not None
    claims = _same(both, "/api/v1/articles/dam-east/claims")["claims"]
    assert claims and all(c["id"] is not None for c in claims)
    for claim in claims:
        _same(both, f"/api/v1/claims/{claim['id']}/matches", fresh="true")


@pytest.mark.xfail(strict=True, reason="SQLite FTS5 retrieval lets markup words (window, pwned, img, src) carry a "
                   "harbour-tax claim to a 5G fact-check at tier match (0.70-0.76); PostgreSQL finds nothing")
def test_markup_alone_matches_no_factcheck_on_either_backend(both):
    for article in ("tax-evil", "tax-evil-2"):
        for client in both:
            claims = client.get(f"/api/v1/articles/{article}/claims").json()["claims"]
            assert [m["identifier"] for c in claims for m in c["matches"]] == [], article


def test_bad_ids_and_pages_are_refused_alike(both):
    for url, status, code in (("/api/v1/narratives/99999", 404, "E240"), ("/api/v1/narratives/abc", 404, "E240"),
                              ("/api/v1/claims/99999999999999999999/matches", 404, "E240"),
                              ("/api/v1/articles/nope/claims", 404, "E240"),
                              ("/api/v1/narratives?since=2024-13", 422, "E168")):
        for client in both:
            response = client.get(url)
            assert (response.status_code, error_code(response)) == (status, code), (url, response.text)


def test_factchecks_post_and_pages_on_postgresql(narrative_store_pg: str):
    import json

    with make_client(narrative_store_pg) as client:
        posted = client.post("/api/v1/factchecks", content=json.dumps(FACTCHECKS))
        assert posted.status_code == 200 and posted.json()["unchanged"] == 2, posted.text
        listed = client.get("/api/v1/narratives").json()["narratives"]
        urls = ["/narratives", "/corpus", "/articles/masts-east", "/articles/tax-evil",
                *(f"/narratives/{n['id']}" for n in listed)]
        for url in urls:
            page = client.get(url)
            assert page.status_code == 200 and "Traceback" not in page.text, url
            for probe in (PROBE, PROBE_IMG, "<svg onload"):
                assert probe not in page.text, (url, probe)
            assert 'href="javascript' not in page.text.lower(), url


def test_article_pages_show_the_same_earlier_retellings(both):
    """The earlier retellings an article page shows, read in SQL, and their count, alike on both
    (the dam story: the probe articles' fact-check matches differ, see the xfail test above)."""
    postgres = both[1]
    for key in ("dam-north", "dam-south", "dam-east", "dam-west"):
        pages = [client.get(f"/articles/{key}") for client in both]
        assert [p.status_code for p in pages] == [200, 200]
        sections = [p.text[p.text.index('id="appeared-before"'):p.text.index("</section>", p.text.index('id="appeared-before"'))] for p in pages]
        assert sections[0] == sections[1], key
    assert "earlier retellings shown" in postgres.get("/articles/dam-west").text
