"""The pages as HTML through an HTTP client: each renders from the store, lists are paged, bad
parameters are error pages, and every probe an article carries arrives escaped."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import PROBE, PROBE_IMG, PROBE_SVG, make_client

PROBES = (PROBE, PROBE_IMG, PROBE_SVG, "<i>Evil</i>")


def assert_inert(html: str) -> None:
    for probe in PROBES:
        assert probe not in html
    assert not re.search(r"<(script|img|svg|i)\b[^>]*(onerror|onload|__pwned)", html)
    assert 'href="javascript:' not in html


def test_every_page_renders(client):
    for url in ("/corpus", "/analyze", "/search", "/search?q=sanctions&site=wire.example", "/outlets",
                "/outlets/wire.example", "/outlets/wire.example?compare=daily.example", "/actors",
                "/articles/wire-sanctions", "/articles/daily-sanctions"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("text/html")
        assert "<script src=\"/static/app.js\"" in response.text and "http://" not in response.text.split("</head>")[0]
    assert client.get("/", follow_redirects=False).headers["location"] == "/corpus"


def test_the_corpus_page_draws_its_charts(client):
    html = client.get("/corpus").text
    for chart in ("chart-daily", "chart-techniques", "chart-actors"):
        section = html.split(f'id="{chart}"', 1)[1].split("</section>", 1)[0]
        assert "<svg" in section and "<rect" in section, chart
        assert "<title>" in section  # each shape says what it stands for


def test_search_pages_and_facets(client, store_path):
    page = client.get("/search", params={"q": "sanctions"}).text
    assert "wire-sanctions" in page and "<mark>" in page
    first = client.get("/search").text  # newest first, no words
    assert 'rel="next"' not in first
    with make_client(store_path, page_size=2) as small:
        one = small.get("/search", params={"site": "", "genre": ""}).text
        assert 'rel="next"' in one and "page=2" in one
        two = small.get("/search", params={"page": 2}).text
        assert 'rel="prev"' in two
    assert client.get("/search", params={"since": "March"}).status_code == 422
    typo = client.get("/search", params={"genre": "opnion"})
    assert typo.status_code == 422 and "E173" in typo.text
    assert 'value="uncertain"' in client.get("/search").text, "every genre the analyzer gives is a facet"
    assert client.get("/search", params={"page": "100000"}).status_code == 422
    assert client.get("/outlets", params={"page": "-1"}).status_code == 422


def test_near_duplicates_show_on_the_article_page(client):
    html = client.get("/articles/daily-sanctions").text
    dups = html.split('id="duplicates"', 1)[1].split("</ol>", 1)[0]
    assert "/articles/wire-sanctions" in dups
    assert 'sandbox="allow-scripts"' in html and 'src="/articles/daily-sanctions/report"' in html


def test_unknown_things_are_404_pages(client):
    for url in ("/articles/nothing", "/articles/%3Cscript%3E", "/outlets/nowhere.example", "/actors/nobody-at-all",
                "/analyze/not-a-key", "/analyze/not-a-key/report", "/no/such/page"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.headers["content-type"].startswith("text/html")
        assert "<script>" not in response.text.split("</head>", 1)[1]
    assert client.post("/analyze/not-a-key/keep").status_code == 404


def test_every_probe_reaches_the_pages_escaped(client):
    actor = client.get("/api/v1/actors", params={"per_page": 100}).json()["actors"]
    hostile = [a["name"] for a in actor if "<" in a["name"]]
    assert len(hostile) == 2
    urls = ["/articles/xss-probe", "/search?q=harbour", "/search?actor=" + hostile[0], "/actors",
            "/outlets/xss.example", "/corpus", "/search?q=" + PROBE, "/search?site=" + PROBE_SVG]
    urls += [f"/actors/{name}" for name in hostile]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert_inert(response.text)
    assert "&lt;script&gt;" in client.get("/articles/xss-probe").text


def test_the_analyze_form_and_keep(fresh_store: Path):
    with make_client(fresh_store) as client:
        sent = client.post("/analyze", files={"text": (None, "The mayor said on Friday that the new bridge would open in June.")},
                           data={"title": PROBE}, follow_redirects=False)
        assert sent.status_code == 303
        result = client.get(sent.headers["location"])
        assert result.status_code == 200 and 'id="keep"' in result.text
        assert_inert(result.text)
        key = sent.headers["location"].rsplit("/", 1)[1]
        report = client.get(f"/analyze/{key}/report")
        assert report.status_code == 200 and "frame-ancestors 'self'" in report.headers["content-security-policy"]
        kept = client.post(f"/analyze/{key}/keep", follow_redirects=False)
        assert kept.status_code == 303 and "kept=added" in kept.headers["location"]
        assert "Kept in the corpus" in client.get(kept.headers["location"]).text
        empty = client.post("/analyze", files={"text": (None, "  ")})
        assert empty.status_code == 422 and "E252" in empty.text
        upload = client.post("/analyze", files={"file": ("story.html", b"<html><body><p>" + b"The port opened. " * 40 + b"</p></body></html>", "text/html")},
                             follow_redirects=False)
        assert upload.status_code == 303
        private = client.post("/analyze", files={"url": (None, "http://10.0.0.1/")})
        assert private.status_code == 422 and "E010" in private.text


def test_page_writes_need_the_token_too(store_path: Path):
    with make_client(store_path, token="s3cret") as client:
        form = client.get("/analyze").text
        assert 'name="token"' in form and "s3cret" not in form
        refused = client.post("/analyze", files={"text": (None, "The council met on Monday.")})
        assert refused.status_code == 401 and "E243" in refused.text
        allowed = client.post("/analyze", files={"text": (None, "The council met on Monday."), "token": (None, "s3cret")},
                              follow_redirects=False)
        assert allowed.status_code == 303


def test_oversized_uploads_are_refused(store_path: Path):
    with make_client(store_path, max_upload=2000) as client:
        big = client.post("/analyze", files={"file": ("big.txt", b"word " * 1000, "text/plain")})
        assert big.status_code == 422 and "E003" in big.text
        huge = client.post("/analyze", files={"file": ("huge.txt", b"word " * 20000, "text/plain")})
        assert huge.status_code == 413 and "E244" in huge.text
