"""The HTML report without a browser: self-containment, escaping, segments and the view model."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html import unescape
from html.parser import HTMLParser

import pytest

from glasnost import AnalyzeOptions, Article, analyze
from glasnost.analysis import Analysis, BlockInfo, Relation
from glasnost.render import render
from glasnost.render.html import (
    GRAPH_CO_MENTION_CUT,
    GRAPH_MAX_CO_MENTIONS,
    GRAPH_MIN_CO_MENTIONS,
    graph_relations,
    layout_blocks,
    script_json,
    segments,
    view_model,
)
from glasnost.render.labels import ENTITY_LABELS, technique_info


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.data: dict[str, str] = {}
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "action", "srcset", "poster", "data") and value is not None:
                self.urls.append((tag, name, value))
        if tag == "script":
            self.scripts.append(dict(attrs))
            self._in = dict(attrs).get("id") or "inline"
        if tag == "style":
            self._in = "style"

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.data[self._in] = self.data.get(self._in, "") + data


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


@pytest.fixture(scope="module")
def page(harbour: Analysis) -> tuple[str, _Page]:
    html = render([harbour], "html")
    return html, parse(html)


def test_self_contained_no_external_urls(page: tuple[str, _Page], hostile: Analysis) -> None:
    html, parsed = page
    assert parsed.urls == [], "no src/href at all: everything is inline"
    for tag in ("link", "iframe", "img", "object", "embed", "base"):
        assert tag not in parsed.tags
    assert "@import" not in html and not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    # article-supplied URLs appear only as text, never as a link
    hostile_page = parse(render([hostile], "html"))
    assert hostile_page.urls == []


def test_content_security_policy_pins_our_script_and_style(page: tuple[str, _Page]) -> None:
    html, parsed = page
    csp = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1))
    assert "default-src 'none'" in csp

    def digest(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    assert f"script-src 'sha256-{digest(parsed.data['inline'])}'" in csp
    assert f"style-src 'sha256-{digest(parsed.data['style'])}'" in csp


def test_analysis_embedded_as_escaped_json(hostile: Analysis) -> None:
    html = render([hostile], "html")
    parsed = parse(html)
    assert [s.get("type") for s in parsed.scripts] == ["application/json", "application/json", None]
    assert html.count("</script>") == 3, "the article's </script> never closes a script element"
    embedded = parsed.data["glasnost-analysis"]
    assert not re.search("[<>&\u2028\u2029]", embedded)
    assert Analysis.model_validate(json.loads(embedded)).model_dump() == hostile.model_dump()
    assert "<script>window" not in html.replace("&lt;script&gt;window", "")


def test_script_json_escapes() -> None:
    data = {"t": "</script><!-- & \u2028\u2029 >"}
    text = script_json(data)
    assert text == '{"t":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029 \\u003e"}'
    assert json.loads(text) == data


def test_header_shows_metadata_and_stats(page: tuple[str, _Page], harbour: Analysis) -> None:
    html, _ = page
    assert '<h1 class="headline" id="headline">Harbour of broken promises</h1>' in html
    for text in ("By Anna Lindqvist", "2026-05-04", "Northern Desk", "Opinion", "0.82"):
        assert text in html
    assert f"<dd>{harbour.stats.words}</dd>" in html


def test_legend_explains_every_entity_label_and_technique(page: tuple[str, _Page]) -> None:
    html, _ = page
    for label in ENTITY_LABELS:
        assert f'data-legend="entities:{label}"' in html
    for name in ("Loaded_Language", "Doubt", "Straw_Man"):
        assert f'data-legend="techniques:{name}"' in html
        assert technique_info(name).definition.replace("'", "&#39;") in html
    for key in ("certainty:hedged", "relations:co-mention", "genre:satire", "claims:statistic", "quotes:indirect"):
        assert f'data-legend="{key}"' in html


def test_unknown_technique_gets_a_generic_line() -> None:
    info = technique_info("Made_Up-Technique")
    assert not info.known and info.label == "Made Up / Technique" and "no description" in info.definition
    assert technique_info("Loaded_Language").known


def test_segments_cut_at_every_boundary() -> None:
    spans = [(0, 10, "a"), (5, 15, "b"), (5, 8, "c"), (20, 20, "empty"), (18, 30, "clipped")]
    assert segments(25, spans, cuts=[12]) == [
        (0, 5, ("a",)),
        (5, 8, ("a", "b", "c")),
        (8, 10, ("a", "b")),
        (10, 12, ("b",)),
        (12, 15, ("b",)),
        (15, 18, ()),
        (18, 25, ("clipped",)),
    ]


def test_layout_follows_blocks_and_splits_the_rest_on_blank_lines(harbour: Analysis, bare: Analysis) -> None:
    assert [kind for kind, _, _ in layout_blocks(harbour)] == ["title", "byline", "paragraph", "heading", "paragraph"]
    text = bare.article.text
    assert [text[s:e] for _, s, e in layout_blocks(bare)] == [
        "Officials in Varna Bay met on Monday.",
        "The mayor, Olav Sund, spoke for ten minutes.",
    ]
    uncovered = bare.model_copy(update={"article": bare.article.model_copy(update={"blocks": [
        BlockInfo(kind="paragraph", start=0, end=37, text=text[:37])]})})
    assert [k for k, _, _ in layout_blocks(uncovered)] == ["paragraph", "paragraph"]


def test_view_model_segments_rebuild_the_text_in_utf16(hostile: Analysis) -> None:
    view = view_model(hostile)
    text = hostile.article.text
    utf16 = text.encode("utf-16-le")

    def js_slice(a: int, b: int) -> str:
        return utf16[2 * a : 2 * b].decode("utf-16-le")

    shown = ["".join(js_slice(a, b) for a, b, _ in block["segments"]) for block in view["blocks"]]
    assert shown == [text[b.start : b.end] for b in hostile.article.blocks]
    for key, item in view["items"].items():
        if item["layer"] == "entities":
            pieces = [js_slice(a, b) for block in view["blocks"] for a, b, ids in block["segments"] if key in ids]
            assert "".join(pieces) == item["text"]


def test_graph_draws_typed_relations_and_only_the_strongest_co_mentions(harbour: Analysis, cabinet: Analysis) -> None:
    assert graph_relations(harbour) == set(range(len(harbour.relations))), "a few co-mentions: all drawn"
    relations = cabinet.relations
    drawn = graph_relations(cabinet)
    co = {n for n, r in enumerate(relations) if r.kind == "co-mention"}
    strong = {n for n in co if relations[n].score >= GRAPH_CO_MENTION_CUT}
    assert set(range(len(relations))) - co <= drawn, "every conflict and support"
    assert strong <= drawn
    assert len(drawn & co) == max(min(len(strong), GRAPH_MAX_CO_MENTIONS), GRAPH_MIN_CO_MENTIONS) < len(co)
    assert [r["key"] for r in view_model(cabinet)["relations"]] == [n in drawn for n in range(len(relations))]
    # many strong co-mentions: only the first few, by score
    many = [Relation(source=a, target=b, kind="co-mention", score=0.5 + n / 100, evidence=r.evidence)
            for n, (a, b, r) in enumerate((r.source, r.target, r) for r in relations)]
    crowded = cabinet.model_copy(update={"relations": many})
    assert graph_relations(crowded) == set(range(len(many) - GRAPH_MAX_CO_MENTIONS, len(many)))


def test_relations_list_groups_conflict_and_support_and_folds_co_mentions(cabinet: Analysis, harbour: Analysis) -> None:
    html = render([cabinet], "html")
    section = html[html.index('id="relations"'):html.index('id="legend"')]
    order = [section.index(part) for part in ("rel-group-conflict", "rel-group-support", "rel-group-co-mention", "<details")]
    assert order == sorted(order)
    listed = sorted(int(n) for n in re.findall(r'<li data-relation="(\d+)"', section))
    assert listed == list(range(len(cabinet.relations))), "every relation once"
    conflict = section[order[0]:order[1]]
    scores = re.findall(r'<span class="score">([0-9.]+)</span>', conflict)
    assert len(scores) == 3 and scores == sorted(scores, reverse=True), "strongest first"
    assert "\u201cAnna Berg called Tomas Reiter a liar in front of the Opposition Alliance.\u201d" in conflict
    hidden = len(cabinet.relations) - len(graph_relations(cabinet))
    assert f"<summary>{hidden} more pairs mentioned together</summary>" in section
    folded = section[order[3]:]
    assert len(re.findall(r"<li data-relation", folded)) == hidden
    assert 'id="show-all-co-mentions"' in section

    html = render([harbour], "html")
    section = html[html.index('id="relations"'):html.index('id="legend"')]
    assert "<details" not in section and 'id="show-all-co-mentions"' not in section, "nothing to fold or reveal"
    assert ">Mentioned together <" in section


def test_technique_legend_says_which_operating_point_it_shows() -> None:
    article = Article.from_text("Their disastrous, shameful deal is a betrayal of everything we hold dear.")
    for options, says in (
        (AnalyzeOptions(only=("techniques",)), "the precision operating point"),
        (AnalyzeOptions(only=("techniques",), operating_point="recall"), "the recall operating point"),
        (AnalyzeOptions(only=("techniques",), min_score=0.4), "scored 0.40 or more"),
    ):
        assert says in unescape(render([analyze(article, options)], "html"))


def test_an_uncertain_genre_shows_no_badge(harbour: Analysis) -> None:
    from glasnost.analysis import Genre

    unsure = harbour.model_copy(update={"genre": Genre(label="uncertain", score=0.41)})
    html = render([unsure], "html")
    assert 'class="meta-item genre' not in html
    assert "Genre:" not in render([unsure], "md")
    sure = render([harbour], "html")
    assert 'class="meta-item genre genre-opinion"' in sure and "Genre: opinion (0.82)" in render([harbour], "md")


def test_the_report_opens_on_techniques_claims_and_quotes_with_counts_per_finding(harbour: Analysis) -> None:
    html = render([harbour], "html")
    found = re.findall(r'<input type="checkbox"( checked)? data-layer="(\w+)"', html)
    boxes = {layer: bool(on) for on, layer in found}
    assert boxes == {"techniques": True, "claims": True, "quotes": True,
                     "entities": False, "actors": False, "sentences": False}
    counts = dict(re.findall(r'data-count="(\w+)" data-total="(\d+)"', html))
    assert counts["techniques"] == str(len(harbour.techniques))
    assert counts["quotes"] == str(len(harbour.quotes)), "a quote, its cue and its speaker count once"
    assert counts["actors"] == str(len(harbour.actors)), "an actor counts once, however many mentions"
    assert counts["sentences"] == str(len(harbour.sentences))
    assert "precision operating point" in html and 'list="score-cut"' in html
    assert f'value="{min(t.score for t in harbour.techniques):.2f}" label="cut"' in html
