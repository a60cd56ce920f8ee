"""The pages in real headless Chromium against `glasnost serve` on 127.0.0.1: the analyze flow
end to end, search, charts drawn, probes inert, nothing fetched from elsewhere. A screenshot of
each page is kept in the test's temporary folder (its path is printed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from .conftest import PROBE

pytestmark = pytest.mark.browser
STORY = (
    "The reckless bridge scheme of Mayor Olav Sund is a disgrace.\n\n"
    "Engineers from the city council warned in March that the span over the Lys river would cost twice "
    "what the mayor promised. Sund dismissed them as saboteurs and said the bridge would \"bring the town "
    "together\". Now the works have stopped, the contractor Nordbygg has left the site, and the town pays "
    "interest on a loan of 80 million crowns.\n\n"
    "Either the council stops this folly today, or our children will pay for it for decades. The opposition "
    "leader Kari Holm said the mayor had misled the voters and demanded an independent audit."
)


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("screenshots")
    print(f"screenshots: {folder}")
    return folder


def _watched(browser: Any, served: str) -> Iterator[Any]:
    """A page that records every request and every script or console error (CSP violations are
    reported on the console only); on teardown, none may have happened and no request may have
    left `served`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.requests, opened.errors = [], []
    opened.on("request", lambda request: opened.requests.append(request.url))
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    opened.on("console", lambda message: opened.errors.append(message.text) if message.type == "error" else None)
    yield opened
    assert opened.errors == []
    assert all(url.startswith(served) for url in opened.requests), [u for u in opened.requests if not u.startswith(served)]
    context.close()


@pytest.fixture
def page(browser: Any, served: str) -> Iterator[Any]:
    yield from _watched(browser, served)


def visit(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready='true']", timeout=15_000)


def report_frame(page: Any) -> Any:
    page.frame_locator("#report-frame").locator("#report[data-ready='true']").wait_for(timeout=180_000)
    return next(frame for frame in page.frames if frame != page.main_frame)


def test_analyze_flow_end_to_end(page: Any, served: str, shots: Path) -> None:
    visit(page, f"{served}/analyze")
    page.screenshot(path=str(shots / "analyze.png"), full_page=True)
    page.fill("#form-text input[name=title]", f"Bridge {PROBE}")
    page.fill("#form-text textarea[name=text]", STORY)
    with page.expect_navigation(url=f"{served}/analyze/*", timeout=240_000):  # the first analysis loads the models
        page.click("#form-text button[type=submit]", timeout=240_000)
    assert page.locator("#busy").count() == 0
    frame = report_frame(page)
    assert frame.locator(".seg").count() > 0, "the report highlights the text"
    assert page.locator("#analysed-title").inner_text() == f"Bridge {PROBE}"
    assert page.evaluate("window.__pwned") is None and frame.evaluate("window.__pwned") is None
    page.screenshot(path=str(shots / "analyzed.png"), full_page=True)
    page.click("#keep button[type=submit]")
    page.wait_for_url(f"{served}/articles/*", timeout=60_000)
    assert "Kept in the corpus" in page.locator("#kept").inner_text()
    report_frame(page)
    page.screenshot(path=str(shots / "kept-article.png"), full_page=True)
    visit(page, f"{served}/search?q=Nordbygg")
    assert page.locator("#hits .hit-title").all_inner_texts() == [f"Bridge {PROBE}"]


def test_search_with_facets(page: Any, served: str, shots: Path) -> None:
    visit(page, f"{served}/search")
    page.fill("#search-form input[name=q]", "sanctions")
    page.fill("#search-form input[name=site]", "wire.example")
    page.click("#search-form button[type=submit]")
    page.wait_for_selector("body[data-ready='true']")
    titles = page.locator("#hits .hit-title").all_inner_texts()
    assert titles == ["Moscow says new EU sanctions will fail"]
    assert page.locator("#hits mark").count() >= 1
    page.screenshot(path=str(shots / "search.png"), full_page=True)


def test_corpus_charts_are_drawn(page: Any, served: str, shots: Path) -> None:
    visit(page, f"{served}/corpus")
    for chart in ("#chart-daily", "#chart-techniques", "#chart-actors"):
        boxes = page.eval_on_selector_all(f"{chart} svg rect.bar", "els => els.map(e => e.getBoundingClientRect())"
                                          ".filter(r => r.width > 0 && r.height > 0).length")
        assert boxes > 0, chart
    names = page.locator("#chart-daily .multiple-name .name").all_inner_texts()
    assert names and all(names), "each panel is labelled: the chart reads without colour"
    page.screenshot(path=str(shots / "corpus.png"), full_page=True)


def test_outlet_and_actor_pages(page: Any, served: str, shots: Path) -> None:
    visit(page, f"{served}/outlets/wire.example?compare=daily.example")
    assert page.locator("section.profile").count() == 2
    page.screenshot(path=str(shots / "outlet-compare.png"), full_page=True)
    visit(page, f"{served}/actors")
    page.locator("#actors a", has_text="Washington").first.click()
    page.wait_for_selector("body[data-ready='true']")
    assert page.locator("#actor-name").inner_text() == "Washington"
    lines = page.eval_on_selector_all("svg.radial line.edge", "els => els.filter(e => e.getBoundingClientRect().width + e.getBoundingClientRect().height > 0).length")
    assert lines > 0
    dashes = set(page.eval_on_selector_all("svg.legend line", "els => els.map(e => e.getAttribute('stroke-dasharray') || 'solid')"))
    assert len(dashes) == 3, "each relation kind has its own line pattern"
    page.screenshot(path=str(shots / "actor.png"), full_page=True)
    visit(page, f"{served}/outlets")
    page.screenshot(path=str(shots / "outlets.png"), full_page=True)


def test_probes_are_inert(page: Any, served: str, shots: Path) -> None:
    visit(page, f"{served}/articles/xss-probe")
    frame = report_frame(page)
    assert PROBE in page.locator("#article-title").inner_text()  # shown as text
    assert page.evaluate("window.__pwned") is None and frame.evaluate("window.__pwned") is None
    page.screenshot(path=str(shots / "article-probe.png"), full_page=True)
    for url in (f"/search?q={PROBE}", "/search?q=harbour", "/actors", "/outlets/xss.example", "/corpus"):
        visit(page, served + url)
        assert page.evaluate("window.__pwned") is None, url
        assert page.locator("script:not([src])").count() == 0
    names = [n for n in page.context.request.get(f"{served}/api/v1/actors?per_page=100").json()["actors"]
             if "<" in n["name"]]
    for actor in names:
        visit(page, f"{served}/actors/{quote(actor['name'], safe='')}")
        assert page.evaluate("window.__pwned") is None
    page.screenshot(path=str(shots / "actor-probe.png"), full_page=True)


@pytest.fixture
def story_page(browser: Any, stories_served: str) -> Iterator[Any]:
    """As `page`, against the server over the store of narratives and fact-checks."""
    yield from _watched(browser, stories_served)


def test_narrative_pages(story_page: Any, stories_served: str, shots: Path) -> None:
    page = story_page
    visit(page, f"{stories_served}/corpus")
    growing = page.locator("#growing a[href^='/narratives/']")
    assert growing.count() >= 2
    page.screenshot(path=str(shots / "corpus-growing.png"), full_page=True)
    visit(page, f"{stories_served}/narratives")
    assert page.locator("#narratives tbody tr").count() >= 3
    page.screenshot(path=str(shots / "narratives.png"), full_page=True)
    page.locator("#narratives a", has_text="Varden dam").first.click()
    page.wait_for_selector("body[data-ready='true']")
    bars = page.eval_on_selector_all("#timeline svg rect.bar", "els => els.filter(e => e.getBoundingClientRect().height > 0).length")
    assert bars >= 1 and page.locator("#timeline .multiple-name .name").inner_text() == "Articles per week"
    assert page.locator("#spread tbody th").first.inner_text().endswith("first")
    assert page.locator("#spread tbody th").all_inner_texts()[0].startswith("north.example")
    assert page.locator("#factchecks a[href='https://checks.example/varden']").count() == 1
    page.screenshot(path=str(shots / "narrative.png"), full_page=True)
    missing = page.context.request.get(f"{stories_served}/narratives/not-an-id")
    assert missing.status == 404 and "Error 404" in missing.text()


def test_claims_and_factcheck_probes_are_inert(story_page: Any, stories_served: str, shots: Path) -> None:
    page = story_page
    visit(page, f"{stories_served}/articles/masts-east")
    before = page.locator("#appeared-before")
    assert before.locator("a[href='/articles/masts-north']").count() == 1
    assert "False <script>" in before.locator("td.verdict").first.inner_text()  # the probe shown as text
    assert before.locator("a[href^='javascript']").count() == 0
    assert page.evaluate("window.__pwned") is None
    page.screenshot(path=str(shots / "article-before.png"), full_page=True)
    for narrative in page.context.request.get(f"{stories_served}/api/v1/narratives?per_page=100").json()["narratives"]:
        visit(page, f"{stories_served}/narratives/{narrative['id']}")
        assert page.evaluate("window.__pwned") is None
        assert page.locator("script:not([src])").count() == 0 and page.locator("a[href^='javascript']").count() == 0
        if "<script>" in narrative["label"]:
            assert page.locator("#narrative-label").inner_text() == narrative["label"]
            page.screenshot(path=str(shots / "narrative-probe.png"), full_page=True)
    visit(page, f"{stories_served}/articles/tax-evil")
    assert page.evaluate("window.__pwned") is None
