"""Analyses to render: a parse by the real pipeline, with the layers no analyzer fills yet
(techniques, claims, quotes, actors, relations, genre, certainty) added by hand at known spans."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from glasnost.analysis import (
    Actor,
    Analysis,
    Claim,
    Cue,
    Genre,
    Quote,
    Relation,
    Span,
    Technique,
)
from glasnost.article import Article, Block
from glasnost.pipeline import AnalyzeOptions, analyze

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def article_from_parts(parts: list[tuple[str, str]], **metadata: object) -> Article:
    """An article of (block kind, text) parts joined by blank lines, with its blocks."""
    text, blocks = "", []
    for kind, part in parts:
        if text:
            text += "\n\n"
        blocks.append(Block(kind, len(text), len(text) + len(part)))  # type: ignore[arg-type]
        text += part
    return Article.from_text(text, blocks=blocks, **metadata)


def span(analysis: Analysis, needle: str, occurrence: int = 0) -> Span:
    """The `occurrence`-th place `needle` stands in the article text."""
    text = analysis.article.text
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return Span(start=start, end=start + len(needle), text=needle)


def sentence_of(analysis: Analysis, needle: str) -> int:
    start = span(analysis, needle).start
    return next(s.index for s in analysis.sentences if s.start <= start < s.end)


HARBOUR = [
    ("title", "Harbour of broken promises"),
    ("byline", "By Anna Lindqvist"),
    ("paragraph", "The port at Varna Bay stands half built. Premier Tomas Reiter promised it would "
                  "\u201cbring ten thousand jobs home\u201d, his spokesman Karl Ostberg said on Monday."),
    ("heading", "Who is in charge?"),
    ("paragraph", "The corrupt clique around the Premier may be hiding the truth. The port cost 412 "
                  "million euros, almost twice the budget. Either the government tells the truth now, "
                  "or it loses the voters for a generation."),
]


def enrich(analysis: Analysis) -> Analysis:
    """Fill the layers no analyzer fills yet, at spans of the harbour article."""
    s = lambda needle, n=0: span(analysis, needle, n)  # noqa: E731
    hedged = sentence_of(analysis, "may be hiding")
    stat = sentence_of(analysis, "412 million")
    question = sentence_of(analysis, "Who is in charge")
    sentences = []
    for sentence in analysis.sentences:
        update: dict[str, object] = {"certainty": "asserted"}
        if sentence.index == hedged:
            cue = s("may")
            update = {"certainty": "hedged", "hedging": 0.8,
                      "cues": [Cue(start=cue.start, end=cue.end, text=cue.text, kind="hedge")]}
        elif sentence.index == question:
            update = {"certainty": "question"}
        elif sentence.index == stat:
            update = {"certainty": "asserted", "checkworthiness": 0.93}
        sentences.append(sentence.model_copy(update=update))

    def technique(needle: str, name: str, score: float) -> Technique:
        return Technique(**s(needle).model_dump(), technique=name, score=score)

    quote = s("\u201cbring ten thousand jobs home\u201d")
    claim_stat = s("The port cost 412 million euros, almost twice the budget.")
    claim_hedged = s("The corrupt clique around the Premier may be hiding the truth.")
    return analysis.model_copy(update={
        "genre": Genre(label="opinion", score=0.82),
        "sentences": sentences,
        "techniques": [
            technique("corrupt clique", "Loaded_Language", 0.91),
            technique("The corrupt clique around the Premier", "Name_Calling-Labeling", 0.7),
            technique("Either the government tells the truth now, or it loses the voters for a generation",
                      "False_Dilemma-No_Choice", 0.35),
        ],
        "claims": [
            Claim(**claim_stat.model_dump(), sentence=stat, claim_type="statistic", certainty="asserted", score=0.8),
            Claim(**claim_hedged.model_dump(), sentence=hedged, claim_type="event", certainty="hedged", score=0.45),
        ],
        "quotes": [
            Quote(**quote.model_dump(), kind="direct", cue=s("said"), speaker_mention=s("Karl Ostberg"),
                  speaker="ostberg", score=0.86),
        ],
        "actors": [
            Actor(id="reiter", name="Tomas Reiter", type="person", aliases=["Reiter", "the Premier"],
                  mentions=[s("Tomas Reiter"), s("the Premier")], salience=0.9, sentiment=-0.6),
            Actor(id="ostberg", name="Karl Ostberg", type="person", aliases=[], mentions=[s("Karl Ostberg")],
                  salience=0.4, sentiment=0.1),
            Actor(id="government", name="the government", type="organization", aliases=[],
                  mentions=[s("the government")], salience=0.5, sentiment=-0.3),
        ],
        "relations": [
            Relation(source="ostberg", target="reiter", kind="support", evidence=[quote], score=0.8),
            Relation(source="government", target="reiter", kind="co-mention", evidence=[claim_hedged], score=0.3),
        ],
    })


@pytest.fixture(scope="session")
def harbour() -> Analysis:
    article = article_from_parts(
        HARBOUR, title="Harbour of broken promises", authors=["Anna Lindqvist"], published="2026-05-04",
        site="Northern Desk", source="/data/articles/article7311.txt",
    )
    return enrich(analyze(article))


@pytest.fixture(scope="session")
def bare() -> Analysis:
    """Only the base layers: no techniques, claims, quotes, actors or relations."""
    return analyze(Article.from_text(
        "Officials in Varna Bay met on Monday.\n\nThe mayor, Olav Sund, spoke for ten minutes.",
        title="Council meets",
    ), AnalyzeOptions(only=("sentences", "entities", "stats")))


HOSTILE = "<script>window.__pwned=1</script>"
HOSTILE_IMG = '<img src=x onerror="window.__pwned=2">'


@pytest.fixture(scope="session")
def hostile() -> Analysis:
    """Markup, a stray `</script>`, line separators and an emoji in every field a report shows."""
    article = article_from_parts(
        [
            ("title", f"Breaking {HOSTILE} news"),
            ("paragraph", f"Minister Henrik Dahl \U0001F600 wrote {HOSTILE} and then {HOSTILE_IMG} in Oslo."),
            ("paragraph", "A closing </script> tag, an entity &amp; and a line\u2028separator from "
                          "Reuters. <!-- comment --> The end."),
        ],
        title=f"Breaking {HOSTILE}", authors=[HOSTILE_IMG], site="</script><b>site</b>",
        url="javascript:window.__pwned=3", source="C:\\feeds\\</script>.txt",
    )
    analysis = analyze(article)
    s = lambda needle: span(analysis, needle)  # noqa: E731
    hostile_actor = "<b onclick=window.__pwned=4>Dahl</b>"
    return analysis.model_copy(update={
        "techniques": [Technique(**s(HOSTILE).model_dump(), technique="<i>Evil</i>_Technique", score=0.9)],
        "quotes": [Quote(**s(HOSTILE_IMG).model_dump(), kind="direct", speaker="dahl",
                         speaker_mention=s("Henrik Dahl"), score=0.7)],
        "claims": [Claim(**s("</script> tag").model_dump(), sentence=0, claim_type="other",
                         certainty="<script>", score=0.6)],
        "actors": [Actor(id="dahl", name=hostile_actor, type="person", aliases=[HOSTILE],
                         mentions=[s("Henrik Dahl")], salience=0.5, sentiment=0.0),
                   Actor(id="x", name=HOSTILE_IMG, type="organization", mentions=[s("Reuters")],
                         salience=0.2, sentiment=0.0)],
        "relations": [Relation(source="dahl", target="x", kind="conflict", score=0.5,
                               evidence=[s(HOSTILE_IMG)])],
    })


# ---- Browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is absent (Debian package 'chromium'; scripts/ensure-chromium installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_report(browser: object, tmp_path: Path) -> Iterator[object]:
    """open_report(html) -> a page showing that report from a file, with every request recorded
    in `page.requests`."""
    from glasnost.render import render

    context = browser.new_context()  # type: ignore[attr-defined]
    pages = []

    def open_(analysis: Analysis) -> object:
        path = tmp_path / f"report{len(pages)}.html"
        path.write_text(render([analysis], "html"), encoding="utf-8")
        page = context.new_page()
        page.requests = []
        page.errors = []
        page.on("request", lambda request: page.requests.append(request.url))
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.goto(path.as_uri())
        page.wait_for_selector("#report[data-ready='true']", timeout=10_000)
        pages.append(page)
        return page

    yield open_
    context.close()
