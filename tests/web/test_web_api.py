"""The REST API through an HTTP client against the app: reads, analyses, ingest, and every way a
request can be refused, each answered as JSON with its error code."""

from __future__ import annotations

from pathlib import Path

from glasnost.analysis import Analysis

from .conftest import PROBE, make_client


def error_code(response) -> str:
    body = response.json()
    assert set(body) == {"error"} and body["error"]["message"].startswith(f"[{body['error']['code']}]")
    assert "Traceback" not in response.text
    return body["error"]["code"]


def test_the_openapi_document_lists_every_endpoint(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/analyze", "/api/v1/ingest", "/api/v1/articles", "/api/v1/articles/{article_id}",
                 "/api/v1/outlets", "/api/v1/actors", "/api/v1/graph"):
        assert path in paths, path
    assert not any(path.startswith(("/search", "/corpus")) for path in paths)
    assert client.get("/docs").status_code == 404  # the interactive docs would load a CDN


def test_search_with_filters_and_pages(client):
    found = client.get("/api/v1/articles", params={"q": "sanctions"}).json()
    ids = [a["id"] for a in found["articles"]]
    assert {"wire-sanctions", "daily-sanctions"} <= set(ids) and found["has_next"] is False
    narrowed = client.get("/api/v1/articles", params={"q": "sanctions", "site": "wire.example", "since": "2024-03"}).json()
    assert [a["id"] for a in narrowed["articles"]] == ["wire-sanctions"]
    assert "[" in narrowed["articles"][0]["snippet"]
    first = client.get("/api/v1/articles", params={"per_page": 2}).json()
    second = client.get("/api/v1/articles", params={"per_page": 2, "page": 2}).json()
    assert first["has_next"] and len(first["articles"]) == 2
    assert not {a["id"] for a in first["articles"]} & {a["id"] for a in second["articles"]}
    days = [a["published"][:10] for a in first["articles"] + second["articles"] if a["published"]]
    assert days == sorted(days, reverse=True), "without words, newest first"
    by_actor = client.get("/api/v1/articles", params={"actor": "dmytro kuleba"}).json()["articles"]
    assert by_actor and all(a["site"] for a in by_actor)


def test_an_article_is_its_stored_analysis(client):
    response = client.get("/api/v1/articles/wire-sanctions")
    assert response.status_code == 200
    analysis = Analysis.from_json(response.content)
    assert analysis.article.id == "wire-sanctions" and analysis.techniques is not None
    copies = client.get("/api/v1/articles/daily-sanctions/near-duplicates").json()["near_duplicates"]
    assert [c["id"] for c in copies] == ["wire-sanctions"]


def test_outlets_actors_and_graph(client):
    outlets = client.get("/api/v1/outlets").json()["outlets"]
    assert {o["site"] for o in outlets} >= {"wire.example", "daily.example"}
    assert all("technique_rate" in o and "months" in o for o in outlets)
    actors = client.get("/api/v1/actors", params={"per_page": 5}).json()
    assert len(actors["actors"]) == 5 and actors["has_next"]
    top = actors["actors"][0]
    assert top["articles"] >= actors["actors"][-1]["articles"]
    months = client.get(f"/api/v1/actors/{top['name']}").json()
    assert months["months"] and months["months"][0]["articles"] >= 1
    graph = client.get("/api/v1/graph").json()
    assert graph["nodes"] and "edges" in graph
    too_many = client.get("/api/v1/graph", params={"limit": 2})
    assert too_many.status_code == 422 and error_code(too_many) == "E251"


def test_bad_requests_are_json_with_a_code(client):
    cases = [
        (client.get("/api/v1/articles/no-such-article"), 404, "E240"),
        (client.get("/api/v1/articles", params={"page": "x"}), 422, "E245"),
        (client.get("/api/v1/articles", params={"page": 0}), 422, "E245"),
        (client.get("/api/v1/articles", params={"since": "2024-13"}), 422, "E168"),
        (client.get("/api/v1/articles", params={"q": "..."}), 422, "E167"),
        (client.get("/api/v1/articles", params={"genre": "opnion"}), 422, "E173"),
        (client.get("/api/v1/articles/%00"), 422, "E245"),
        (client.get("/api/v1/nothing-here"), 404, "E240"),
        (client.get("/api/v1/actors/nobody-at-all"), 404, "E240"),
        (client.delete("/api/v1/articles/wire-sanctions"), 405, "E253"),
        (client.post("/api/v1/analyze", json={"text": "x", "url": "https://example.org/"}), 422, "E241"),
        (client.post("/api/v1/analyze", json={}), 422, "E241"),
        (client.post("/api/v1/analyze", json={"text": "x", "script": "<b>"}), 422, "E245"),
        (client.post("/api/v1/analyze", content=b"{not json", headers={"content-type": "application/json"}), 422, "E245"),
        (client.post("/api/v1/analyze", json={"url": "file:///etc/passwd"}), 422, "E010"),
        (client.post("/api/v1/analyze", json={"url": "http://127.0.0.1:9/"}), 422, "E010"),
        (client.post("/api/v1/analyze", json={"url": "http://169.254.169.254/latest/meta-data/"}), 422, "E104"),
        (client.post("/api/v1/analyze", json={"text": "   "}), 422, "E252"),
    ]
    for response, status, code in cases:
        assert (response.status_code, error_code(response)) == (status, code), response.text
        assert response.headers["content-type"].startswith("application/json")


def test_analyze_returns_the_analysis_json(client):
    response = client.post("/api/v1/analyze", json={
        "text": "The minister said on Monday that the corrupt clique would fail. Critics doubt the plan.",
        "title": PROBE, "operating_point": "recall",
    })
    assert response.status_code == 200, response.text
    analysis = Analysis.from_json(response.content)
    assert analysis.article.title == PROBE and analysis.pipeline.settings.operating_point == "recall"
    assert analysis.sentences


def test_a_path_given_as_text_is_text(client, tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("The launch codes are kept in the red folder on the second shelf.", encoding="utf-8")
    for field in ("text", "html"):
        response = client.post("/api/v1/analyze", json={field: str(secret)})
        if response.status_code == 200:
            assert "launch codes" not in response.text
        else:
            assert "launch codes" not in response.text and error_code(response)
    page = client.post("/analyze", files={"text": (None, str(secret))}, follow_redirects=True)
    assert "launch codes" not in page.text


def test_private_addresses_only_when_the_server_allows_them(store_path: Path):
    with make_client(store_path) as client:
        refused = client.post("/api/v1/analyze", json={"url": "http://127.0.0.1:9/"})
        assert error_code(refused) == "E010" and "(--allow-private permits it)" in refused.json()["error"]["message"]
    with make_client(store_path, allow_private=True) as client:
        response = client.post("/api/v1/analyze", json={"url": "http://127.0.0.1:9/"})
        assert response.status_code == 422 and error_code(response) == "E011"  # fetched, nothing listening
        metadata = client.post("/api/v1/analyze", json={"url": "http://169.254.169.254/"})
        assert error_code(metadata) == "E104"


def test_writes_need_the_token(store_path: Path):
    with make_client(store_path, token="s3cret") as client:
        body = {"text": "The council met on Monday. The mayor said the harbour would open."}
        assert client.get("/api/v1/articles").status_code == 200  # reads stay open
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic s3cret"}):
            refused = client.post("/api/v1/analyze", json=body, headers=headers)
            assert refused.status_code == 401 and error_code(refused) == "E243"
            assert refused.headers["www-authenticate"] == "Bearer"
            assert client.post("/api/v1/ingest", json=body, headers=headers).status_code == 401
        assert client.post("/api/v1/analyze", json=body, headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_analyses_beyond_capacity_get_429_with_retry_after(store_path: Path):
    with make_client(store_path, queue=0) as client:
        analyst = client.app.state.bench.analyst
        with analyst.reserve():  # the one slot is taken
            busy = client.post("/api/v1/analyze", json={"text": "The council met on Monday."})
            assert busy.status_code == 429 and error_code(busy) == "E242"
            assert int(busy.headers["retry-after"]) >= 1
            assert client.get("/api/v1/articles", params={"q": "sanctions"}).status_code == 200
        assert client.post("/api/v1/analyze", json={"text": "The council met on Monday."}).status_code == 200


def test_ingest_keeps_an_article_once(fresh_store: Path):
    text = "The harbour authority said on Tuesday that the new pier would open in May, two years late."
    with make_client(fresh_store) as client:
        added = client.post("/api/v1/ingest", json={"text": text, "title": "Pier opens late"})
        assert added.status_code == 201 and added.json()["status"] == "added"
        stored = client.get(f"/api/v1/articles/{added.json()['id']}")
        assert stored.status_code == 200 and Analysis.from_json(stored.content).article.title == "Pier opens late"
        again = client.post("/api/v1/ingest", json={"text": text})
        assert again.status_code == 200 and again.json() == {"status": "duplicate", "id": None}
        found = client.get("/api/v1/articles", params={"q": "pier"}).json()["articles"]
        assert [a["id"] for a in found] == [added.json()["id"]]


def test_request_bodies_are_capped(store_path: Path):
    with make_client(store_path, max_upload=1000) as client:
        limit = client.app.state.bench.config.body_limit
        big = client.post("/api/v1/analyze", json={"text": "word " * limit})
        assert big.status_code == 413 and error_code(big) == "E244"
        over_cap = client.post("/api/v1/analyze", json={"text": "word " * 300})
        assert over_cap.status_code == 422 and error_code(over_cap) == "E003"

        def chunks():  # no Content-Length: counted as it arrives
            for _ in range(limit // 1000 + 2):
                yield b"x" * 1000

        streamed = client.post("/api/v1/analyze", content=chunks(), headers={"content-type": "application/json"})
        assert streamed.status_code == 413 and error_code(streamed) == "E244"


def test_foreign_hosts_and_cross_site_writes_are_refused(store_path: Path):
    with make_client(store_path, allowed_hosts=("127.0.0.1", "localhost")) as client:
        rebinding = client.get("/api/v1/articles", headers={"host": "attacker.example"})
        assert rebinding.status_code == 400 and error_code(rebinding) == "E249"
        ok = client.get("/api/v1/articles", headers={"host": "127.0.0.1:8000"})
        assert ok.status_code == 200
        cross = client.post("/api/v1/analyze", json={"text": "x"},
                            headers={"host": "127.0.0.1:8000", "origin": "https://attacker.example"})
        assert cross.status_code == 403 and error_code(cross) == "E250"
        fetched = client.post("/api/v1/analyze", json={"text": "x"},
                              headers={"host": "127.0.0.1:8000", "sec-fetch-site": "cross-site"})
        assert fetched.status_code == 403


def test_every_response_carries_the_security_headers(client):
    page = client.get("/search?q=sanctions")
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe" not in csp
    assert page.headers["x-content-type-options"] == "nosniff" and page.headers["x-frame-options"] == "DENY"
    report = client.get("/articles/wire-sanctions/report")
    assert "script-src 'sha256-" in report.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in report.headers["content-security-policy"]
    assert client.get("/api/v1/articles").headers["cache-control"] == "no-store"


def test_a_search_asked_again_is_answered_anew_once_the_store_gains_an_article(fresh_store: Path):
    """Searches are kept while the store is unchanged: asked again, the same answer (page and
    API alike); an article stored since (here by another process's `Store`, as `glasnost ingest`
    would) is found at once."""
    from glasnost.store import open_store

    with make_client(fresh_store) as client:
        asked = {"q": "sanctions", "per_page": 50}
        first = client.get("/api/v1/articles", params=asked).json()
        assert client.get("/api/v1/articles", params=asked).json() == first
        page = client.get("/search", params={"q": "sanctions"}).text
        assert client.get("/search", params={"q": "sanctions"}).text == page
        with open_store(fresh_store) as store:
            original = store.analysis("wire-sanctions")
            info = original.article.model_copy(update={"id": "late-sanctions", "url": "https://late.example/s",
                                                       "text": original.article.text + " Filed late."})
            assert store.add(original.model_copy(update={"article": info})) is not None
        again = client.get("/api/v1/articles", params=asked).json()
        assert "late-sanctions" in {a["id"] for a in again["articles"]} - {a["id"] for a in first["articles"]}
        assert 'href="/articles/late-sanctions"' in client.get("/search", params={"q": "sanctions"}).text
