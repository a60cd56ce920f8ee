"""The cross-article actor graph: merging by name and alias, GraphML and JSON export."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from glasnost import Analysis, Article, analyze
from glasnost.graph import build_graph, from_json, to_graphml, to_json

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}

ONE = (
    "Yevgeny Prigozhin was trashing the defence minister Sergei Shoigu in a video. "
    "Later Shoigu clashed with Prigozhin over ammunition in Bakhmut."
)
TWO = (
    "On Sunday the mercenary boss Prigozhin attacked Shoigu again. Hillary Clinton spoke in Ohio. "
    "Bill Clinton stayed in Arkansas. Clinton later flew home."
)


@pytest.fixture(scope="module")
def analyses() -> list[Analysis]:
    return [analyze(Article.from_text(ONE, given_id="one")), analyze(Article.from_text(TWO, given_id="two"))]


@pytest.fixture(scope="module")
def graph(analyses):
    return build_graph(analyses)


def test_actors_merge_across_articles_by_name_and_alias(graph):
    prigozhin = [n for n in graph.nodes if "Prigozhin" in n.name]
    assert len(prigozhin) == 1
    node = prigozhin[0]
    assert node.name == "Yevgeny Prigozhin" and node.type == "person"
    assert node.articles == ["one", "two"] and node.mentions >= 3
    # the one-word "Clinton" names two full names: it merges neither
    clintons = sorted(n.name for n in graph.nodes if "Clinton" in n.name)
    assert "Hillary Clinton" in clintons and "Bill Clinton" in clintons


def test_relations_of_both_articles_become_one_conflict_edge(graph):
    p = next(n.id for n in graph.nodes if n.name == "Yevgeny Prigozhin")
    s = next(n.id for n in graph.nodes if n.name == "Sergei Shoigu")
    (edge,) = graph.edges_between(p, s, "conflict")
    assert edge.articles == ["one", "two"] and edge.count == 2
    assert edge.directed and edge.weight > 1.0
    assert {ev.article for ev in edge.evidence} == {"one", "two"}


def test_graphml_parses_and_carries_nodes_and_edges(graph):
    xml = to_graphml(graph)
    root = ET.fromstring(xml)
    nodes = root.findall(".//g:node", NS)
    edges = root.findall(".//g:edge", NS)
    assert len(nodes) == len(graph.nodes) and len(edges) == len(graph.edges)
    ids = {n.get("id") for n in nodes}
    assert all(e.get("source") in ids and e.get("target") in ids for e in edges)
    keys = {k.get("attr.name") for k in root.findall("g:key", NS)}
    assert {"name", "type", "kind", "weight"} <= keys


def test_json_round_trips(graph):
    text = to_json(graph)
    assert json.loads(text)["nodes"]
    again = from_json(text)
    assert again == graph
    assert to_json(again) == text


def test_an_empty_corpus_is_an_empty_graph():
    graph = build_graph([])
    assert graph.nodes == [] and graph.edges == []
    assert ET.fromstring(to_graphml(graph)) is not None


def test_homonyms_of_different_types_stay_apart():
    company = analyze(Article.from_text("Amazon, the online retailer, hired 500 workers in Seattle.", given_id="a"))
    forest = analyze(Article.from_text("Fires spread across the Amazon rainforest this summer.", given_id="b"))
    amazon = [n for n in build_graph([company, forest]).nodes if n.name == "Amazon"]
    assert sorted((n.type, n.articles) for n in amazon) == [("organization", ["a"]), ("place", ["b"])]
