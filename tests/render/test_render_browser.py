"""The HTML report in real headless Chromium: highlights, layers, details, slider, legend, safety."""

from __future__ import annotations

from typing import Any

import pytest

from glasnost.analysis import Analysis

from .conftest import HOSTILE, HOSTILE_IMG

pytestmark = pytest.mark.browser

SEGMENTS_OF = """(id) => Array.from(document.querySelectorAll('.seg'))
    .filter(el => el.dataset.ids.split(' ').includes(id))"""


def style(page: Any, id_: str, prop: str) -> list[str]:
    """The computed `prop` of every segment that item `id_` covers."""
    return page.evaluate(f"(id) => ({SEGMENTS_OF})(id).map(el => getComputedStyle(el)['{prop}'])", id_)


def item_id(harbour: Analysis, layer: str, text: str) -> str:
    """The report's id of the item of `layer` whose text is `text` (ids follow list positions)."""
    prefix = {"techniques": "t", "claims": "c", "quotes": "q", "entities": "e"}[layer]
    index = next(n for n, item in enumerate(getattr(harbour, layer)) if item.text == text)
    return f"{prefix}{index}"


def set_slider(page: Any, value: float) -> None:
    page.locator("#min-score").fill(str(value))


def all_layers(page: Any) -> Any:
    """The report switched from the reader's view it opens on to every layer."""
    page.locator("#view-all").click()
    return page


def test_the_report_opens_on_the_readers_view(open_report: Any, harbour: Analysis) -> None:
    page = open_report(harbour)
    checked = {key: page.locator(f"input[data-layer='{key}']").is_checked()
               for key in ("techniques", "claims", "quotes", "entities", "actors", "sentences")}
    assert checked == {"techniques": True, "claims": True, "quotes": True,
                       "entities": False, "actors": False, "sentences": False}
    assert page.locator(".seg.L-techniques").count() > 0 and page.locator(".seg.L-quotes").count() > 0
    assert page.locator(".seg.L-entities, .seg.L-actors, .seg.L-sentences").count() == 0
    assert page.locator("#view-reader").get_attribute("aria-pressed") == "true"

    all_layers(page)
    assert page.locator(".seg.L-entities").count() > 0 and page.locator(".seg.L-sentences").count() > 0
    assert page.locator("#view-all").get_attribute("aria-pressed") == "true"
    assert page.locator("#view-reader").get_attribute("aria-pressed") == "false"
    page.locator("#view-reader").click()
    assert page.locator(".seg.L-entities").count() == 0


def test_counts_add_up_and_the_slider_says_what_it_hides(open_report: Any, harbour: Analysis) -> None:
    page = open_report(harbour)
    counts = {key: page.locator(f".count[data-count='{key}']").inner_text() for key in ("techniques", "quotes", "actors")}
    assert counts == {"techniques": str(len(harbour.techniques)), "quotes": str(len(harbour.quotes)),
                      "actors": str(len(harbour.actors))}
    assert "operating point" in page.locator("#cut-note").inner_text()
    assert page.locator("#score-cut option").get_attribute("value") == f"{min(t.score for t in harbour.techniques):.2f}"
    set_slider(page, 0.5)
    kept = sum(1 for t in harbour.techniques if t.score >= 0.5)
    assert page.locator(".count[data-count='techniques']").inner_text() == f"{kept} of {len(harbour.techniques)}"
    hidden = page.locator("#slider-hidden").inner_text()
    assert hidden.startswith("The slider hides ") and "under 0.50" in hidden
    set_slider(page, 0)
    assert page.locator(".count[data-count='techniques']").inner_text() == str(len(harbour.techniques))
    assert page.locator("#slider-hidden").inner_text() == ""


def test_highlights_render_every_item(open_report: Any, harbour: Analysis) -> None:
    page = all_layers(open_report(harbour))
    assert page.errors == []
    assert all(url.startswith("file://") for url in page.requests), page.requests
    entity_ids = page.evaluate("""() => new Set(Array.from(document.querySelectorAll('.seg.L-entities'))
        .flatMap(el => el.dataset.ids.split(' ').filter(id => /^e\\d+$/.test(id)))).size""")
    assert entity_ids == len(harbour.entities) > 0
    heads = page.evaluate("""() => Array.from(document.querySelectorAll('.seg.L-entities'))
        .filter(el => !(el.previousSibling && el.previousSibling.classList
            && el.previousSibling.classList.contains('L-entities'))).length""")
    assert heads == len(harbour.entities), "each entity is one run of underlined text"
    # every item's segments spell exactly its text, overlaps included
    for layer in ("entities", "techniques", "claims", "quotes"):
        for item in getattr(harbour, layer):
            key = item_id(harbour, layer, item.text)
            assert page.evaluate(f"(id) => ({SEGMENTS_OF})(id).map(el => el.textContent).join('')", key) == item.text
    # the article keeps its structure
    assert page.locator("#article h2.a-title").inner_text() == "Harbour of broken promises"
    assert page.locator("#article p.a-byline").inner_text() == "By Anna Lindqvist"
    assert page.locator("#article h3.a-heading").inner_text() == "Who is in charge?"
    assert page.locator("#article p.a-para").count() == 2
    # overlapping techniques deepen the tint; hedged and asserted sentences look different
    both = page.locator(".seg.multi-tech")
    assert both.count() >= 1 and both.first.inner_text() == "corrupt clique"
    hedged = page.locator(".seg.cert-hedged").first.evaluate("el => getComputedStyle(el).color")
    plain = page.locator(".seg.cert-asserted").first.evaluate("el => getComputedStyle(el).color")
    assert hedged != plain
    cue = page.locator(".seg.cue").first
    assert cue.inner_text() == "may"
    assert "underline" in cue.evaluate("el => getComputedStyle(el).textDecorationLine")


def test_toggling_a_layer_hides_and_restores_its_highlights(open_report: Any, harbour: Analysis) -> None:
    page = all_layers(open_report(harbour))
    entity = next(e for e in harbour.entities if e.text == "Monday")
    key = item_id(harbour, "entities", entity.text)
    assert style(page, key, "boxShadow")[0] != "none"
    page.locator("input[data-layer='entities']").uncheck()
    assert style(page, key, "boxShadow") == ["none"]
    assert page.locator(".seg.L-entities").count() == 0

    technique = item_id(harbour, "techniques", "corrupt clique")
    assert set(style(page, technique, "backgroundColor")) != {"rgba(0, 0, 0, 0)"}
    page.locator("input[data-layer='techniques']").uncheck()
    assert set(style(page, technique, "backgroundColor")) == {"rgba(0, 0, 0, 0)"}
    assert page.locator(".seg.L-techniques").count() == 0
    assert page.locator(".seg.L-claims").count() > 0, "other layers stay"

    page.locator("input[data-layer='entities']").check()
    assert style(page, key, "boxShadow")[0] != "none"


def test_clicking_a_highlight_shows_its_details(open_report: Any, harbour: Analysis) -> None:
    page = open_report(harbour)
    page.locator(".seg.multi-tech").first.click()
    details = page.locator("#details-body")
    text = details.inner_text()
    assert "Loaded language" in text and "Name calling / labeling" in text
    assert "score 0.91" in text and "Words picked for their emotional charge" in text
    assert page.locator(".seg.sel").first.inner_text() == "corrupt clique"

    page.locator(".seg.qcue").click()
    text = details.inner_text()
    assert "Direct quote" in text and "Karl Ostberg" in text and "Introduced by" in text and "“said”" in text
    assert "score 0.86" in text

    page.locator("#details-close").click()
    assert page.locator(".seg.sel").count() == 0


def test_hovering_previews_details(open_report: Any, harbour: Analysis) -> None:
    page = all_layers(open_report(harbour))
    page.locator(".seg.L-entities", has_text="Monday").hover()
    assert "Date" in page.locator("#details-body").inner_text()


def test_slider_hides_low_scored_findings_only(open_report: Any, harbour: Analysis) -> None:
    page = all_layers(open_report(harbour))
    weak = item_id(harbour, "techniques", next(t.text for t in harbour.techniques if t.score < 0.5))
    strong = item_id(harbour, "techniques", "corrupt clique")
    weak_claim = next(n for n, c in enumerate(harbour.claims) if c.score < 0.5)
    cert_before = page.locator(".seg.cert-hedged").count()

    set_slider(page, 0.5)
    assert page.locator("#min-score-value").inner_text() == "0.50"
    classes = page.evaluate(f"(id) => ({SEGMENTS_OF})(id).map(el => el.className)", weak)
    assert not any("L-techniques" in c for c in classes)
    assert set(style(page, weak, "backgroundColor")) == {"rgba(0, 0, 0, 0)"}
    assert all("L-techniques" in c for c in page.evaluate(f"(id) => ({SEGMENTS_OF})(id).map(el => el.className)", strong))
    assert page.locator(f"li:has(> .claim[data-item='c{weak_claim}'])").get_attribute("class") == "below"
    assert page.locator(".seg.cert-hedged").count() == cert_before, "sentences carry no score: unaffected"
    assert page.locator(".seg.L-actors").count() == sum(len(a.mentions) for a in harbour.actors)
    assert page.locator(".edge.below-hidden").count() == sum(1 for r in harbour.relations if r.score < 0.5)

    set_slider(page, 0)
    assert all("L-techniques" in c for c in page.evaluate(f"(id) => ({SEGMENTS_OF})(id).map(el => el.className)", weak))


def test_legend_lists_every_label_present(open_report: Any, harbour: Analysis) -> None:
    page = open_report(harbour)
    present = {f"entities:{e.label}" for e in harbour.entities}
    present |= {f"techniques:{t.technique}" for t in harbour.techniques}
    present |= {f"certainty:{s.certainty}" for s in harbour.sentences if s.certainty}
    present |= {f"certainty:{c.certainty}" for c in harbour.claims if c.certainty}
    present |= {f"cues:{c.kind}" for s in harbour.sentences for c in s.cues}
    present |= {f"claims:{c.claim_type}" for c in harbour.claims}
    present |= {f"quotes:{q.kind}" for q in harbour.speech_quotes()}
    present |= {f"actors:{a.type}" for a in harbour.actors}
    present |= {f"relations:{r.kind}" for r in harbour.relations}
    present |= {f"genre:{harbour.genre.label}"}
    for key in sorted(present):
        entry = page.locator(f"[data-legend='{key}']")
        assert entry.count() == 1, key
        assert entry.is_visible(), key
        assert len(entry.locator("dd").inner_text()) > 10, key
        assert entry.locator(".count").count() == 1, f"{key} shows how often it occurs"


def test_actor_click_highlights_mentions_and_quotes(open_report: Any, harbour: Analysis) -> None:
    page = open_report(harbour)
    page.locator(".actor", has_text="Karl Ostberg").click()
    focused = page.locator(".seg.focus").all_inner_texts()
    assert "".join(focused).count("Karl Ostberg") == 1
    assert "ten thousand" in "".join(focused), "the actor's quote is highlighted too"
    assert page.locator(".actor[aria-pressed='true']").inner_text().startswith("Karl Ostberg")
    assert "Sentiment" in page.locator("#details-body").inner_text()
    page.locator(".actor", has_text="Tomas Reiter").click()
    assert page.locator(".seg.focus").all_inner_texts() == ["Tomas Reiter", "the Premier"]


def test_relation_graph_and_claims_sidebar(open_report: Any, harbour: Analysis) -> None:
    page = open_report(harbour)
    assert page.locator("#relation-graph svg .edge").count() == len(harbour.relations)
    assert page.locator("#relation-graph svg .node").count() == 3
    page.locator("#relation-graph .node", has_text="Tomas Reiter").click()
    assert page.locator(".seg.focus").count() >= 2
    first = page.locator(".claim").first
    assert "412 million" in first.text_content() and "Asserted" in first.text_content()
    first.click()
    assert page.locator(".seg.sel").count() >= 1
    assert "Statistic" in page.locator("#details-body").inner_text()


def test_bare_analysis_says_what_was_not_analysed(open_report: Any, bare: Analysis) -> None:
    page = open_report(bare)
    assert page.errors == []
    assert page.locator("#actors .empty").inner_text() == "Actors were not analysed."
    assert page.locator("#relations .empty").inner_text() == "Relations were not analysed."
    assert page.locator("#article p.a-para").count() == 2


def test_print_hides_the_controls(open_report: Any, harbour: Analysis) -> None:
    page = open_report(harbour)
    page.emulate_media(media="print")
    assert not page.locator("#controls").is_visible()
    assert page.locator("#article .seg.L-techniques").first.is_visible()


def test_hostile_article_runs_nothing_and_shows_text_literally(open_report: Any, hostile: Analysis) -> None:
    page = open_report(hostile)
    assert page.errors == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.locator(".actor").first.click()
    page.locator(".seg.L-quotes").first.click()
    page.locator("#relation-graph .edge").first.dispatch_event("click")  # a level line has no height
    assert "Conflict" in page.locator("#details-body").inner_text()
    page.locator("#details-body .jump").click()  # evidence after an emoji: offsets in UTF-16
    assert "".join(page.locator("#article .evid").all_text_contents()) == HOSTILE_IMG
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.scripts.length") == 3
    assert page.locator("img, b, i, iframe").count() == 0
    article = page.locator("#article").inner_text()
    assert HOSTILE in article and HOSTILE_IMG in article and "</script> tag" in article and "&amp;" in article
    assert page.locator("#headline").inner_text() == f"Breaking {HOSTILE}"
    assert HOSTILE_IMG in page.locator(".masthead").inner_text()
    assert "<b onclick=window.__pwned=4>Dahl</b>" in page.locator("#actor-list").inner_text()
    assert HOSTILE_IMG in page.locator("#relation-graph").text_content()
    assert page.locator("[data-legend='techniques:<i>Evil</i>_Technique']").count() == 1
    assert all(url.startswith("file://") for url in page.requests), page.requests


def test_the_shipped_sample_renders(open_report: Any, sample_analysis: Analysis) -> None:
    page = all_layers(open_report(sample_analysis))
    assert page.errors == []
    entity_ids = page.evaluate("""() => new Set(Array.from(document.querySelectorAll('.seg.L-entities'))
        .flatMap(el => el.dataset.ids.split(' ').filter(id => /^e\\d+$/.test(id)))).size""")
    assert entity_ids == len(sample_analysis.entities)
    kinds = [b.kind for b in sample_analysis.article.blocks]
    assert page.locator("#article h3.a-heading").count() == kinds.count("heading") > 0
    assert page.locator("#article p.a-para").count() == kinds.count("paragraph")
