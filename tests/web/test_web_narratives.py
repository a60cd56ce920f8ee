"""Narratives, claims and fact-checks through the API and the pages, with an HTTP client against
the app over a store built as `glasnost ingest` builds one (tests/web/conftest.py `STORIES`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import PROBE, PROBE_IMG, make_client
from .test_web_api import error_code


@pytest.fixture
def stories(narrative_store: Path):
    with make_client(narrative_store) as client:
        yield client


def _narratives(client, **params) -> list[dict]:
    return client.get("/api/v1/narratives", params={"per_page": 100, **params}).json()["narratives"]


def _dam(client) -> dict:
    return next(n for n in _narratives(client) if "Varden dam" in n["label"] and "crack" in n["label"].lower())


def test_the_openapi_document_lists_the_new_endpoints(stories):
    paths = stories.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/narratives", "/api/v1/narratives/{narrative_id}", "/api/v1/narratives/{narrative_id}/articles",
                 "/api/v1/claims/{claim_id}/matches", "/api/v1/articles/{article_id}/claims", "/api/v1/factchecks"):
        assert path in paths, path


def test_narratives_list_with_filters_and_pages(stories):
    listed = _narratives(stories)
    dam = _dam(stories)
    assert dam["articles"] == 4 and dam["spread"][0] == {"site": "north.example", "first_seen": "2024-05-06", "articles": 1}
    assert [s["site"] for s in dam["spread"]] == ["north.example", "south.example", "east.example", "west.example"]
    assert dam["merged"] and dam["merged"][0]["merged_into"] == dam["id"]
    assert [n["articles"] for n in listed] == sorted((n["articles"] for n in listed), reverse=True)
    first = stories.get("/api/v1/narratives", params={"per_page": 1}).json()
    second = stories.get("/api/v1/narratives", params={"per_page": 1, "page": 2}).json()
    assert first["has_next"] and first["narratives"][0]["id"] != second["narratives"][0]["id"]
    assert {n["id"] for n in _narratives(stories, site="evil.example")} == {
        n["id"] for n in listed if "evil.example" in n["sites"]}
    for params in ({}, {"site": "east.example"}, {"since": "2024-05-09"}, {"min_articles": 1, "until": "2024-05-10"}):
        whole = _narratives(stories, **params)
        one_by_one = [stories.get("/api/v1/narratives", params={"per_page": 1, "page": page, **params}).json()["narratives"]
                      for page in range(1, len(whole) + 2)]
        assert [n for page in one_by_one for n in page] == whole and one_by_one[-1] == [], params
    late = _narratives(stories, since="2024-05-09")
    assert late and all(n["first_seen"] >= "2024-05-09" for n in late)
    assert error_code(stories.get("/api/v1/narratives", params={"since": "May"})) == "E168"


def test_one_narrative_and_a_merged_one(stories):
    dam = _dam(stories)
    one = stories.get(f"/api/v1/narratives/{dam['id']}").json()
    assert one["merged_into"] is None and one["label"] == dam["label"] and one["weeks"] == {"2024-W19": 4}
    checks = {c["url"]: c for c in one["factchecks"]}
    assert checks["https://checks.example/varden"]["rating"] == "True"
    gone = dam["merged"][0]["id"]
    assert stories.get(f"/api/v1/narratives/{gone}").json() == {"id": gone, "merged_into": dam["id"]}
    articles = stories.get(f"/api/v1/narratives/{dam['id']}/articles", params={"per_page": 3}).json()
    assert [a["id"] for a in articles["articles"]] == ["dam-north", "dam-south", "dam-east"] and articles["has_next"]
    for bad in ("99999", "abc", "1.5", "-1", "0", "%3Cscript%3E", "1e3", "١"):
        response = stories.get(f"/api/v1/narratives/{bad}")
        assert response.status_code == 404 and error_code(response) == "E240", bad


def test_claims_of_an_article_and_their_matches(stories):
    claims = stories.get("/api/v1/articles/dam-east/claims").json()["claims"]
    cracks = next(c for c in claims if "cracks" in c["text"])
    assert isinstance(cracks["id"], int) and cracks["narrative"] == _dam(stories)["id"]
    found = stories.get(f"/api/v1/claims/{cracks['id']}/matches").json()
    assert found["claim"]["article"] == "dam-east" and found["claim"]["site"] == "east.example"
    assert [m["url"] for m in found["matches"]] == ["https://checks.example/varden"]
    assert found["fresh_matches"] is None
    before = list(dict.fromkeys((r["article"], r["published"], r["earlier"]) for r in found["retellings"]))
    assert before == [("dam-north", "2024-05-06", True), ("dam-south", "2024-05-08", True), ("dam-west", "2024-05-11", False)]
    cosines = {r["text"][:20]: r["similarity"] for r in found["retellings"]}
    assert cosines["Engineers found crac"] > 0.8 and all(-1.0 <= c <= 1.0 for c in cosines.values())
    paged = stories.get(f"/api/v1/claims/{cracks['id']}/matches", params={"per_page": 1}).json()
    assert len(paged["retellings"]) == 1 and paged["has_next"]
    for bad in ("99999", "x", "3;drop", "%20"):
        response = stories.get(f"/api/v1/claims/{bad}/matches")
        assert response.status_code == 404 and error_code(response) == "E240", bad
    assert error_code(stories.get("/api/v1/articles/nothing/claims")) == "E240"


def test_a_claim_matched_afresh(narrative_store: Path, tmp_path: Path):
    with make_client(narrative_store) as client:
        claim = next(c for c in client.get("/api/v1/articles/masts-east/claims").json()["claims"] if c["id"])
        found = client.get(f"/api/v1/claims/{claim['id']}/matches", params={"fresh": "true"}).json()
    assert [m["identifier"] for m in found["fresh_matches"]][:1] == ["masts-1"]
    assert found["fresh_matches"][0]["claim_reviewed"] == f"5G masts spread the flu virus {PROBE_IMG}"


def _copy(path: Path, folder: Path) -> Path:
    from glasnost.store import open_store

    copy = folder / "copy.db"
    with open_store(path) as store:
        store.db.execute("VACUUM INTO ?", (str(copy),))
    return copy


REVIEW = {"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://checks.example/tax",
          "claimReviewed": "The harbour tax rose by 12 percent in 2023", "reviewRating": {"alternateName": "Mostly true"},
          "author": {"@type": "Organization", "name": "Port Checkers"}}


def test_posting_factchecks_in_each_shape(narrative_store: Path, tmp_path: Path):
    with make_client(_copy(narrative_store, tmp_path)) as client:
        one = client.post("/api/v1/factchecks", content=json.dumps(REVIEW))
        assert one.status_code == 200 and one.json() == {
            "added": 1, "updated": 0, "unchanged": 0, "skipped": 0, "factchecks": 3, "problems": []}
        again = client.post("/api/v1/factchecks", json=[REVIEW, {**REVIEW, "url": "https://checks.example/tax-2"}]).json()
        assert (again["added"], again["unchanged"], again["factchecks"]) == (1, 1, 4)
        feed = {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [
            {"@type": "DataFeedItem", "item": {**REVIEW, "url": "https://checks.example/tax-3"}}, {"@type": "Thing"}]}
        mixed = client.post("/api/v1/factchecks", json=feed).json()
        assert mixed["added"] == 1 and mixed["skipped"] == 1
        assert mixed["problems"][0]["position"] == "the object, dataFeedElement 2"
        assert mixed["problems"][0]["reason"].startswith("[E222]")
        lines = "\n".join([json.dumps({**REVIEW, "url": "https://checks.example/tax-4"}), "{broken", json.dumps({"@type": "ClaimReview"})])
        listed = client.post("/api/v1/factchecks", content=lines, headers={"content-type": "application/x-ndjson"}).json()
        assert listed["added"] == 1 and [p["position"] for p in listed["problems"]] == ["line 2", "line 3"]
        tax = next(c for c in client.get("/api/v1/articles/tax-evil-2/claims").json()["claims"] if c["id"])
        fresh = client.get(f"/api/v1/claims/{tax['id']}/matches", params={"fresh": 1}).json()["fresh_matches"]
        assert fresh and fresh[0]["url"].startswith("https://checks.example/tax"), "an import reaches the next match"
        for body, code in (("{not json", "E254"), ("", "E245"), ('{"@type": "Thing"}', "E254"), ("[]", "E254")):
            refused = client.post("/api/v1/factchecks", content=body)
            assert refused.status_code == 422 and error_code(refused) == code, body


def test_factchecks_need_the_token_and_fit_the_limit(narrative_store: Path, tmp_path: Path):
    with make_client(_copy(narrative_store, tmp_path), token="s3cret", max_upload=2000) as client:
        refused = client.post("/api/v1/factchecks", json=REVIEW)
        assert refused.status_code == 401 and error_code(refused) == "E243"
        wrong = client.post("/api/v1/factchecks", json=REVIEW, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        big = client.post("/api/v1/factchecks", json=[REVIEW] * 20, headers={"Authorization": "Bearer s3cret"})
        assert big.status_code == 413 and error_code(big) == "E244"
        taken = client.post("/api/v1/factchecks", json=REVIEW, headers={"Authorization": "Bearer s3cret"})
        assert taken.status_code == 200 and taken.json()["added"] == 1


def test_ingest_through_the_api_joins_narratives_and_matches(narrative_store: Path, tmp_path: Path):
    text = "Engineers say the Varden dam has cracks after the spring floods, the water authority said on Friday."
    with make_client(_copy(narrative_store, tmp_path)) as client:
        added = client.post("/api/v1/ingest", json={"text": text, "title": "Dam again"}).json()
        claims = client.get(f"/api/v1/articles/{added['id']}/claims").json()["claims"]
        assert claims and claims[0]["narrative"] == _dam(client)["id"]
        assert claims[0]["matches"] and claims[0]["matches"][0]["url"] == "https://checks.example/varden"


def test_pages_of_narratives_and_claims(stories):
    dam = _dam(stories)
    listed = stories.get("/narratives")
    assert listed.status_code == 200 and f'href="/narratives/{dam["id"]}"' in listed.text
    page = stories.get(f"/narratives/{dam['id']}").text
    for shown in ("north.example", "west.example", "2024-05-06", "Dam Checkers", 'href="https://checks.example/varden"'):
        assert shown in page, shown
    assert 'id="timeline"' in page and 'href="/articles/dam-south"' in page
    merged = stories.get(f"/narratives/{dam['merged'][0]['id']}")
    assert merged.status_code == 200 and f'href="/narratives/{dam["id"]}"' in merged.text
    article = stories.get("/articles/dam-east").text
    assert 'id="appeared-before"' in article and 'href="/articles/dam-north"' in article
    corpus = stories.get("/corpus").text
    assert 'id="growing"' in corpus and f'href="/narratives/{dam["id"]}"' in corpus
    for bad in ("/narratives/abc", "/narratives/99999", "/narratives/1%3Cb%3E"):
        response = stories.get(bad)
        assert response.status_code == 404 and "text/html" in response.headers["content-type"], bad
    assert stories.get("/narratives", params={"page": "x"}).status_code == 422


def test_a_page_past_the_end_says_so_rather_than_that_nothing_is_told(stories):
    count = len(_narratives(stories))
    beyond = stories.get("/narratives", params={"page": 50})
    assert beyond.status_code == 200 and 'id="narratives"' not in beyond.text
    assert f"past the end: {count} narratives" in beyond.text and "No narrative is told" not in beyond.text
    nothing = stories.get("/narratives", params={"site": "nowhere.example", "page": 2})
    assert "No narrative is told" in nothing.text


def test_probes_are_escaped_and_never_links(stories):
    listed = _narratives(stories)
    evil = next(n for n in listed if "evil.example" in n["sites"])
    masts = next(n for n in listed if "masts" in n["label"])
    assert PROBE in evil["label"], "the probe reached a narrative label"
    urls = ("/narratives", f"/narratives/{evil['id']}", f"/narratives/{masts['id']}", "/articles/masts-east",
            "/articles/tax-evil", "/corpus")
    for url in urls:
        text = stories.get(url).text
        for probe in (PROBE, PROBE_IMG, "<svg onload", "<b>"):
            assert probe not in text, (url, probe)
        assert "href=\"javascript" not in text.lower() and "href='javascript" not in text.lower(), url
    shown = stories.get(f"/narratives/{masts['id']}").text
    assert "&lt;script&gt;" in shown and '<span class="url">javascript:window.__pwned=5</span>' in shown


def test_only_http_links_leave_the_workbench():
    from glasnost.web.inputs import web_url

    assert web_url("https://checks.example/a?b=1") == "https://checks.example/a?b=1"
    assert web_url(" HTTP://checks.example/ ") == "HTTP://checks.example/"
    for url in ("javascript:alert(1)", "JavaScript://%0aalert(1)", " javascript:x", "data:text/html,x", "//evil.example",
                "https:evil", "vbscript:x", "", None, "/relative"):
        assert web_url(url) is None, url


def test_an_article_page_shows_a_few_earlier_retellings_and_counts_them(narrative_store: Path):
    """The page reads the newest few earlier retellings and a count in SQL; they are the newest
    earlier ones of the claim's paged retellings (the API), and a claim told earlier more often
    than the page shows says how often, with a link to the API's pages."""
    from glasnost.store import open_store
    from glasnost.web import views

    with make_client(narrative_store) as client, open_store(narrative_store) as store:
        told = {}
        for key in ("dam-north", "dam-south", "dam-east", "dam-west", "tax-evil-2"):
            for claim in store.claims_of(key):
                if claim.id is None:
                    continue
                listed = client.get(f"/api/v1/claims/{claim.id}/matches", params={"per_page": 100}).json()["retellings"]
                expected = [(r["id"], r["similarity"]) for r in reversed(listed) if r["earlier"]]
                for limit in (1, 2, 5):
                    shown, count = store.earlier(claim, limit)
                    assert [(r.id, r.similarity) for r in shown] == expected[:limit] and count == len(expected)
                    assert all(r.earlier for r in shown)
                told[claim.id] = (key, len(expected))
        key, count = max(told.values(), key=lambda kv: kv[1])
        assert count > views.EARLIER_SHOWN
        page = client.get(f"/articles/{key}").text
        assert f"{views.EARLIER_SHOWN} of {count} earlier retellings shown" in page and 'class="more-earlier"' in page
