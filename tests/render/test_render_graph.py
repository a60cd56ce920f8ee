"""The relation graph and the relations list in real headless Chromium: what the graph draws by
default and what the toggle adds, a layout whose labels never overlap, clicking a line for its
evidence, dragging a node, the confidence slider, print."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pytest

from glasnost.analysis import Analysis
from glasnost.render.html import graph_relations

pytestmark = pytest.mark.browser

# (checkVisibility() does not look at SVG elements' display)
SHOWN = """const shown = el => { for (let n = el; n; n = n.parentElement) if (getComputedStyle(n).display === 'none') return false;
    return true; };"""
VISIBLE_EDGES = f"""() => {{ {SHOWN} return Array.from(document.querySelectorAll('#relation-graph .edge'))
    .filter(shown).map(e => Number(e.dataset.relation)).sort((a, b) => a - b); }}"""
VISIBLE_NODES = f"""() => {{ {SHOWN} return Array.from(document.querySelectorAll('#relation-graph .node'))
    .filter(shown).map(n => n.dataset.actor).sort(); }}"""
NODE_BOXES = SHOWN.join(("() => {", """
    const box = r => [r.left, r.top, r.right, r.bottom];
    const svg = document.querySelector('#relation-graph svg').getBoundingClientRect();
    return {svg: box(svg), nodes: Array.from(document.querySelectorAll('#relation-graph .node'))
        .filter(shown)
        .map(n => ({actor: n.dataset.actor, text: n.querySelector('text.label').textContent,
                    label: box(n.querySelector('text.label').getBoundingClientRect()),
                    mark: box(n.querySelector('.mark').getBoundingClientRect())}))};
}"""))
# A point on the line of relation n that the pointer would really hit (not a node over it).
EDGE_POINT = """(n) => {
    const g = document.querySelector(`#relation-graph .edge[data-relation="${n}"]`);
    const line = g.querySelector('.line'), ctm = g.ownerSVGElement.getScreenCTM();
    const at = name => Number(line.getAttribute(name));
    for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
        const p = new DOMPoint(at('x1') + (at('x2') - at('x1')) * t, at('y1') + (at('y2') - at('y1')) * t)
            .matrixTransform(ctm);
        const hit = document.elementFromPoint(p.x, p.y);
        if (hit && hit.closest('.edge') === g) return [p.x, p.y];
    }
    return null;
}"""


def keys(analysis: Analysis) -> dict[str, str]:
    """Actor id -> the report's key for it."""
    return {actor.id: f"a{n}" for n, actor in enumerate(analysis.actors)}


def expected_nodes(analysis: Analysis, edges: set[int]) -> list[str]:
    key = keys(analysis)
    ends = {end for n in edges for end in (analysis.relations[n].source, analysis.relations[n].target)}
    return sorted(key[a.id] for a in analysis.actors if a.id in ends or a.salience >= 0.5)


def overlap(a: list[float], b: list[float], tolerance: float = 0.5) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > tolerance and min(a[3], b[3]) - max(a[1], b[1]) > tolerance


def assert_readable(page: Any, count: int) -> None:
    """`count` nodes show, each with its label; no label overlaps another label or another node's
    mark, and every label and mark lies inside the picture."""
    boxes = page.evaluate(NODE_BOXES)
    nodes = boxes["nodes"]
    assert len(nodes) == count
    for node in nodes:
        assert node["text"] and node["label"][2] - node["label"][0] > 5, node
        for part in ("label", "mark"):
            left, top, right, bottom = node[part]
            svg = boxes["svg"]
            assert left >= svg[0] - 1 and top >= svg[1] - 1 and right <= svg[2] + 1 and bottom <= svg[3] + 1, (node, svg)
    for a, b in combinations(nodes, 2):
        assert not overlap(a["label"], b["label"]), (a, b)
        assert not overlap(a["label"], b["mark"]) and not overlap(b["label"], a["mark"]), (a, b)
        assert not overlap(a["mark"], b["mark"]), (a, b)


def test_graph_draws_conflict_support_and_the_strongest_co_mentions(open_report: Any, cabinet: Analysis) -> None:
    page = open_report(cabinet)
    assert page.errors == []
    drawn = graph_relations(cabinet)
    relations = cabinet.relations
    assert {n for n, r in enumerate(relations) if r.kind != "co-mention"} <= drawn
    hidden = set(range(len(relations))) - drawn
    assert hidden and all(relations[n].kind == "co-mention" for n in hidden)
    assert max(relations[n].score for n in hidden) <= min(relations[n].score for n in drawn if relations[n].kind == "co-mention")

    assert page.evaluate(VISIBLE_EDGES) == sorted(drawn)
    assert page.evaluate(VISIBLE_NODES) == expected_nodes(cabinet, drawn)
    assert page.locator("#relation-graph .edge").count() == len(relations), "every line is there, hidden or not"
    status = page.locator("#graph-status")
    assert f"{len(drawn) - 5} strongest of {len(relations) - 5}" in status.inner_text()

    page.locator("#show-all-co-mentions").check()
    assert page.evaluate(VISIBLE_EDGES) == list(range(len(relations)))
    assert page.evaluate(VISIBLE_NODES) == sorted(keys(cabinet).values())
    assert status.inner_text() == "Showing every pair mentioned together."
    assert_readable(page, len(cabinet.actors))

    page.locator("#show-all-co-mentions").uncheck()
    assert page.evaluate(VISIBLE_EDGES) == sorted(drawn)
    assert page.evaluate(VISIBLE_NODES) == expected_nodes(cabinet, drawn)
    assert page.errors == []


def test_graph_labels_never_overlap(open_report: Any, cabinet: Analysis) -> None:
    page = open_report(cabinet)
    assert_readable(page, len(expected_nodes(cabinet, graph_relations(cabinet))))
    long = page.locator("#relation-graph .node", has_text="Northern Shipping and Logistics Consortium")
    assert long.locator("text.label").text_content().endswith("\u2026"), "a long name is cut, in full in the tooltip"
    page.set_viewport_size({"width": 700, "height": 800})  # the layout was done for the wider page: it scales
    assert_readable(page, len(expected_nodes(cabinet, graph_relations(cabinet))))


def test_graph_layout_is_the_same_on_every_load(open_report: Any, cabinet: Analysis) -> None:
    where = "() => Array.from(document.querySelectorAll('#relation-graph .node')).map(n => n.getAttribute('transform'))"
    first = open_report(cabinet).evaluate(where)
    assert first == open_report(cabinet).evaluate(where)
    placed = [t for t in first if t is not None]  # a node the view never showed is not laid out
    assert len(placed) == len(expected_nodes(cabinet, graph_relations(cabinet))) == len(set(placed))


def test_clicking_a_line_shows_its_evidence_and_finds_it_in_the_text(open_report: Any, cabinet: Analysis) -> None:
    page = open_report(cabinet)
    n = next(n for n, r in enumerate(cabinet.relations) if r.source == "berg" and r.kind == "conflict")
    sentence = cabinet.relations[n].evidence[0].text
    page.evaluate("document.getElementById('relation-graph').scrollIntoView({block: 'center'})")
    point = page.evaluate(EDGE_POINT, n)
    assert point is not None, "some point of the line can be clicked"
    page.mouse.click(*point)

    details = page.locator("#details-body")
    assert "Conflict" in details.inner_text() and "Anna Berg \u2194 Tomas Reiter" in details.inner_text()
    assert details.locator("blockquote").all_inner_texts() == [sentence]
    assert page.locator(f"#relation-graph .edge[data-relation='{n}']").get_attribute("class").split().count("sel") == 1
    assert "sel" in page.locator(f"#relation-list li[data-relation='{n}']").get_attribute("class")
    assert page.locator("#article .evid").count() == 0

    details.get_by_role("button", name="Show in text").click()
    assert "".join(page.locator("#article .evid").all_text_contents()) == sentence
    assert page.locator(".jump[aria-pressed='true']").count() == 1

    page.locator("#details-close").click()
    assert page.locator("#article .evid").count() == 0
    assert page.locator("#relation-graph .edge.sel").count() == 0
    assert page.errors == []


def test_the_list_shows_evidence_of_a_co_mention_too(open_report: Any, cabinet: Analysis) -> None:
    page = open_report(cabinet)
    n, strongest = max(((n, r) for n, r in enumerate(cabinet.relations) if r.kind == "co-mention"),
                       key=lambda nr: nr[1].score)
    page.locator(f"#relation-list li[data-relation='{n}']").click()
    quotes = page.locator("#details-body blockquote").all_inner_texts()
    assert quotes == [e.text for e in strongest.evidence][:6] and len(quotes) > 1
    jumps = page.locator("#details-body .jump")
    jumps.last.click()
    assert "".join(page.locator("#article .evid").all_text_contents()) == strongest.evidence[len(quotes) - 1].text

    weak = next(n for n in range(len(cabinet.relations)) if n not in graph_relations(cabinet))
    more = page.locator("#co-mentions-more")
    assert not page.locator(f"li[data-relation='{weak}']").is_visible()
    more.locator("summary").click()
    page.locator(f"li[data-relation='{weak}']").click()
    assert page.locator("#details-body blockquote").count() == len(cabinet.relations[weak].evidence)


def test_dragging_a_node_moves_it_and_its_lines_clicking_selects_the_actor(open_report: Any, cabinet: Analysis) -> None:
    page = open_report(cabinet)
    key = keys(cabinet)["reiter"]
    node = page.locator(f"#relation-graph .node[data-actor='{key}']")
    page.evaluate("document.getElementById('relation-graph').scrollIntoView({block: 'center'})")
    before = node.get_attribute("transform")
    box = node.locator(".mark").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 30, y + 20, steps=5)
    page.mouse.move(x + 60, y + 40, steps=5)
    page.mouse.up()
    after = node.get_attribute("transform")
    assert after != before
    moved = [float(v) for v in after[len("translate("):-1].split(",")]
    ends = page.evaluate("""(key) => {
        const node = document.querySelector(`#relation-graph .node[data-actor="${key}"]`);
        return Array.from(document.querySelectorAll('#relation-graph .edge:not(.off) .line')).flatMap(line => {
            const ends = [[line.getAttribute('x1'), line.getAttribute('y1')], [line.getAttribute('x2'), line.getAttribute('y2')]];
            return ends.map(e => e.map(Number));
        });
    }""", key)
    assert moved in ends, "its lines follow it"
    assert page.locator(".actor[aria-pressed='true']").count() == 0, "a drag is not a click"

    node.locator(".mark").click()
    assert page.locator(".actor[aria-pressed='true']").inner_text().startswith("Tomas Reiter")
    focused = page.locator(".seg.focus").all_inner_texts()
    assert focused and set(focused) == {"Tomas Reiter"}
    assert "focus" in node.get_attribute("class")
    assert page.errors == []


def test_slider_hides_weak_relations_and_the_nodes_they_leave_alone(open_report: Any, cabinet: Analysis) -> None:
    page = open_report(cabinet)
    drawn = graph_relations(cabinet)
    page.locator("#min-score").fill("0.7")
    strong = {n for n in drawn if cabinet.relations[n].score >= 0.7}
    assert page.evaluate(VISIBLE_EDGES) == sorted(strong)
    assert page.evaluate(VISIBLE_NODES) == expected_nodes(cabinet, strong)
    below = {int(li.get_attribute("data-relation")) for li in page.locator("#relation-list li.below").all()}
    assert below == {n for n, r in enumerate(cabinet.relations) if r.score < 0.7}
    page.locator("#show-all-co-mentions").check()
    every = {n for n, r in enumerate(cabinet.relations) if r.score >= 0.7}
    assert page.evaluate(VISIBLE_EDGES) == sorted(every)
    page.locator("#min-score").fill("0")
    assert page.evaluate(VISIBLE_EDGES) == list(range(len(cabinet.relations)))


def test_graph_and_list_print(open_report: Any, cabinet: Analysis) -> None:
    page = open_report(cabinet)
    page.emulate_media(media="print")
    assert page.locator("#relation-graph svg").is_visible()
    assert not page.locator("#graph-controls").is_visible()
    assert page.locator("#relation-list .rel-group-conflict li").first.is_visible()
    assert page.locator("#co-mentions-more summary").is_visible()
