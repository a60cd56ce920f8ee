"""Analyses to render: a parse by the real pipeline, with the layers no analyzer fills yet
(techniques, claims, quotes, actors, relations, genre, certainty) added by hand at known spans."""

from __future__ import annotations

import re
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
        update: dict[str, object] = {"certainty": "asserted", "cues": [], "checkworthiness": None,
                                     "subjectivity": None, "hedging": None}
        if sentence.index == hedged:
            cue = s("may")
            update = {**update, "certainty": "hedged", "hedging": 0.8,
                      "cues": [Cue(start=cue.start, end=cue.end, text=cue.text, kind="hedge")]}
        elif sentence.index == question:
            update = {**update, "certainty": "question"}
        elif sentence.index == stat:
            update = {**update, "certainty": "asserted", "checkworthiness": 0.93}
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


@pytest.fixture
def open_report(browser: object, tmp_path: Path) -> Iterator[object]:
    """open_report(analysis) -> a page showing its report from a file, with every request recorded
    in `page.requests` and every script error and console error in `page.errors`."""
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
        # console errors too: a Content-Security-Policy violation is reported only there
        page.on("console", lambda message: page.errors.append(f"console: {message.text}")
                if message.type == "error" else None)
        page.goto(path.as_uri())
        page.wait_for_selector("#report[data-ready='true']", timeout=10_000)
        pages.append(page)
        return page

    yield open_
    context.close()


# ---- A cabinet crisis: a dozen actors, typed relations and many co-mentions ------------------

CABINET_ACTORS = [
    # id, name, type, salience, the words that name it in the text
    ("reiter", "Tomas Reiter", "person", 0.95, "Tomas Reiter"),
    ("berg", "Anna Berg", "person", 0.7, "Anna Berg"),
    ("finance", "Finance Ministry", "organization", 0.6, "Finance Ministry"),
    ("alliance", "Opposition Alliance", "organization", 0.55, "Opposition Alliance"),
    ("ostberg", "Karl Ostberg", "person", 0.5, "Karl Ostberg"),
    ("varna", "Varna Bay", "place", 0.5, "Varna Bay"),
    ("union", "Harbour Workers' Union", "organization", 0.45, "Harbour Workers' Union"),
    ("authority", "Port Authority", "organization", 0.4, "Port Authority"),
    ("commission", "European Commission", "organization", 0.35, "European Commission"),
    ("dockers", "dock workers", "group", 0.3, "dock workers"),
    ("consortium", "Northern Shipping and Logistics Consortium", "organization", 0.25,
     "Northern Shipping and Logistics Consortium"),
    ("oslo", "Oslo", "place", 0.1, "Oslo"),
]

CABINET_SENTENCES = [
    "Tomas Reiter accused the Opposition Alliance of sabotaging the harbour.",
    "Anna Berg called Tomas Reiter a liar in front of the Opposition Alliance.",
    "Karl Ostberg defended Tomas Reiter on a visit to Oslo.",
    "The Harbour Workers' Union fought the Port Authority over wages.",
    "The European Commission backed the Finance Ministry.",
    "The dock workers joined the Harbour Workers' Union at Varna Bay.",
    "The Finance Ministry and Tomas Reiter met in Varna Bay with the Northern Shipping and Logistics Consortium.",
    "Anna Berg spoke to the dock workers and to the Harbour Workers' Union.",
    "Tomas Reiter and the Finance Ministry blamed the Port Authority.",
    "The European Commission and the Northern Shipping and Logistics Consortium watched Oslo and Varna Bay.",
    "Tomas Reiter, Anna Berg and Karl Ostberg argued over the Finance Ministry budget.",
    "Tomas Reiter and the Finance Ministry agreed on the harbour again in Varna Bay.",
    "The Finance Ministry told Tomas Reiter that the Port Authority was over budget.",
]

#: (source, target, kind, score, the sentence that shows it)
CABINET_TYPED = [
    ("reiter", "alliance", "conflict", 0.75, 0),
    ("berg", "reiter", "conflict", 0.9, 1),
    ("ostberg", "reiter", "support", 0.8, 2),
    ("union", "authority", "conflict", 0.7, 3),
    ("commission", "finance", "support", 0.65, 4),
]


@pytest.fixture(scope="session")
def cabinet() -> Analysis:
    """Twelve actors, five typed relations and two dozen co-mentions scored as the relations
    analyzer scores them (1 - 0.75^sentences): the graph must pick, and lay out, a readable few."""
    parts = [("title", "A cabinet in crisis")]
    parts += [("paragraph", " ".join(CABINET_SENTENCES[i:i + 3])) for i in range(0, len(CABINET_SENTENCES), 3)]
    article = article_from_parts(parts, title="A cabinet in crisis", published="2026-05-05")
    analysis = analyze(article, AnalyzeOptions(only=("sentences", "stats")))
    text = analysis.article.text
    actors = []
    for id_, name, type_, salience, needle in CABINET_ACTORS:
        mentions = [Span(start=m.start(), end=m.end(), text=needle) for m in re.finditer(re.escape(needle), text)]
        actors.append(Actor(id=id_, name=name, type=type_, mentions=mentions, salience=salience, sentiment=0.0))
    sentences = [span(analysis, s) for s in CABINET_SENTENCES]
    relations = [Relation(source=a, target=b, kind=kind, score=score, evidence=[sentences[i]])
                 for a, b, kind, score, i in CABINET_TYPED]
    typed = {(a, b) for a, b, *_ in CABINET_TYPED} | {(b, a) for a, b, *_ in CABINET_TYPED}
    order = [a[0] for a in CABINET_ACTORS]
    together: dict[tuple[str, str], list[int]] = {}
    for i, sentence in enumerate(CABINET_SENTENCES):
        present = [a[0] for a in CABINET_ACTORS if a[4] in sentence]
        for x in present:
            for y in present:
                if order.index(x) < order.index(y) and (x, y) not in typed:
                    together.setdefault((x, y), []).append(i)
    for (a, b), found in together.items():
        relations.append(Relation(source=a, target=b, kind="co-mention", score=1 - 0.75 ** len(found),
                                  evidence=[sentences[i] for i in found]))
    return analysis.model_copy(update={"actors": actors, "relations": relations})
