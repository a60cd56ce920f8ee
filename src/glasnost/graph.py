"""The actor graph across articles: who appears where, and who is said to oppose or back whom.

    from glasnost.graph import build_graph, to_graphml, to_json
    graph = build_graph(analyses)          # Analysis objects, one per article
    open("actors.graphml", "w").write(to_graphml(graph))

Nodes are actors merged across articles by name and alias: two actors of one type are one node
when they share a folded name or alias ("Vladimir Putin" with alias "Putin" in one article,
"Putin" in the next). Homonyms of different types stay apart (Amazon the company, the Amazon a
place), and a one-word key that names different full names in different articles ("Clinton" for
both Hillary and Bill) merges nothing. Edges are
the relations of every article, one edge per pair and kind: `weight` sums the relations' scores,
`count` counts them, `articles` lists where they were found, `evidence` keeps each evidence span
with its article id. Co-mention edges are undirected; conflict and support point from the actor
that was the agent most often.

GraphML (for Gephi, yEd, networkx) carries the scalar attributes and the first evidence sentence;
JSON carries everything and reads back with `from_json`.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from glasnost.actors import names as nm
from glasnost.analysis import Analysis
from glasnost.unionfind import UnionFind

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


@dataclass
class Node:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    mentions: int = 0
    salience: float = 0.0
    sentiment: float = 0.0


@dataclass
class Evidence:
    article: str
    start: int
    end: int
    text: str


@dataclass
class Edge:
    source: str
    target: str
    kind: str
    weight: float = 0.0
    count: int = 0
    articles: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def directed(self) -> bool:
        return self.kind != "co-mention"


@dataclass
class Graph:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)

    def node(self, ident: str) -> Node | None:
        return next((n for n in self.nodes if n.id == ident), None)

    def edges_between(self, a: str, b: str, kind: str | None = None) -> list[Edge]:
        return [e for e in self.edges if {e.source, e.target} == {a, b} and (kind is None or e.kind == kind)]


def _keys(name: str, aliases: list[str], kind: str) -> set[str]:
    out = set()
    for form in [name, *aliases]:
        tokens = name_key_tokens(form, kind)
        if tokens:
            out.add(" ".join(tokens))
    return out


def name_key_tokens(form: str, kind: str) -> list[str]:
    tokens = nm.name_tokens(form)
    if kind == "person":
        tokens = nm.strip_titles(tokens)
    return nm.core_key(tokens).split() if tokens else []


def build_graph(analyses: Iterable[Analysis]) -> Graph:
    """Merge the actors of many analyses into nodes and their relations into edges."""
    entries = []  # (article id, actor)
    relations = []  # (article id, relation)
    for analysis in analyses:
        article = analysis.article.id
        for actor in analysis.actors:
            entries.append((article, actor))
        for relation in analysis.relations:
            relations.append((article, relation))

    # which full names each one-word key points to, to find the ambiguous ones
    full_for_word: dict[tuple[str, str], set[str]] = defaultdict(set)
    keysets = []
    for _, actor in entries:
        keys = _keys(actor.name, actor.aliases, actor.type)
        keysets.append(keys)
        for k in keys:
            if " " in k:
                last = k.split()[-1] if actor.type == "person" else k.split()[0]
                full_for_word[(actor.type, last)].add(k)
    uf = UnionFind()
    owner: dict[str, int] = {}
    for i, ((_, actor), keys) in enumerate(zip(entries, keysets)):
        uf.find(i)
        for k in keys:
            if " " not in k and len(full_for_word.get((actor.type, k), ())) > 1:
                continue  # "Clinton": Hillary or Bill
            token = f"{actor.type}:{k}"
            if token in owner:
                uf.union(owner[token], i)
            else:
                owner[token] = i

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(entries)):
        groups[uf.find(i)].append(i)

    nodes: list[Node] = []
    node_of: dict[tuple[str, str], str] = {}
    used: Counter = Counter()
    for members in sorted(groups.values(), key=lambda m: m[0]):
        actors = [entries[i][1] for i in members]
        articles = list(dict.fromkeys(entries[i][0] for i in members))
        counts = [len(a.mentions) for a in actors]
        kinds: Counter = Counter()
        for a, c in zip(actors, counts):
            kinds[a.type] += max(1, c)
        type_ = kinds.most_common(1)[0][0]
        names: Counter = Counter(a.name for a in actors)
        name = max(names, key=lambda n: (len(n.split()), names[n], -len(n)))
        aliases = []
        seen = {name.lower()}
        for a in actors:
            for form in [a.name, *a.aliases]:
                if form.lower() not in seen:
                    seen.add(form.lower())
                    aliases.append(form)
        base = nm.slug(name)
        used[base] += 1
        ident = base if used[base] == 1 else f"{base}-{used[base]}"
        total = sum(counts)
        nodes.append(
            Node(
                id=ident,
                name=name,
                type=type_,
                aliases=aliases,
                articles=articles,
                mentions=total,
                salience=round(max(a.salience for a in actors), 4),
                sentiment=round(
                    sum(a.sentiment * max(1, c) for a, c in zip(actors, counts))
                    / max(1, sum(max(1, c) for c in counts)),
                    4,
                ),
            )
        )
        for i in members:
            node_of[(entries[i][0], entries[i][1].id)] = ident

    edges: dict[tuple[frozenset, str], dict] = {}
    for article, rel in relations:
        a, b = node_of.get((article, rel.source)), node_of.get((article, rel.target))
        if a is None or b is None or a == b:
            continue
        key = (frozenset((a, b)), rel.kind)
        entry = edges.setdefault(
            key,
            {
                "sources": Counter(),
                "weight": 0.0,
                "count": 0,
                "articles": [],
                "evidence": [],
                "order": len(edges),
            },
        )
        entry["sources"][a] += 1
        entry["weight"] += rel.score
        entry["count"] += 1
        if article not in entry["articles"]:
            entry["articles"].append(article)
        entry["evidence"].extend(Evidence(article, e.start, e.end, e.text) for e in rel.evidence)
    out_edges = []
    for (pair, kind), entry in sorted(edges.items(), key=lambda kv: kv[1]["order"]):
        source = entry["sources"].most_common(1)[0][0]
        target = next(iter(pair - {source}))
        out_edges.append(
            Edge(
                source,
                target,
                kind,
                round(entry["weight"], 4),
                entry["count"],
                entry["articles"],
                entry["evidence"],
            )
        )
    return Graph(nodes, out_edges)


# --- Export --------------------------------------------------------------------------------

NODE_KEYS = (
    ("name", "string"),
    ("type", "string"),
    ("aliases", "string"),
    ("articles", "string"),
    ("mentions", "int"),
    ("salience", "double"),
    ("sentiment", "double"),
)
EDGE_KEYS = (
    ("kind", "string"),
    ("weight", "double"),
    ("count", "int"),
    ("articles", "string"),
    ("evidence", "string"),
)


def to_graphml(graph: Graph) -> str:
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    for name, kind in NODE_KEYS:
        ET.SubElement(
            root,
            f"{{{GRAPHML_NS}}}key",
            {"id": f"n_{name}", "for": "node", "attr.name": name, "attr.type": kind},
        )
    for name, kind in EDGE_KEYS:
        ET.SubElement(
            root,
            f"{{{GRAPHML_NS}}}key",
            {"id": f"e_{name}", "for": "edge", "attr.name": name, "attr.type": kind},
        )
    g = ET.SubElement(root, f"{{{GRAPHML_NS}}}graph", {"id": "actors", "edgedefault": "directed"})

    def data(parent: ET.Element, key: str, value: object) -> None:
        ET.SubElement(parent, f"{{{GRAPHML_NS}}}data", {"key": key}).text = str(value)

    for n in graph.nodes:
        el = ET.SubElement(g, f"{{{GRAPHML_NS}}}node", {"id": n.id})
        data(el, "n_name", n.name)
        data(el, "n_type", n.type)
        data(el, "n_aliases", "|".join(n.aliases))
        data(el, "n_articles", "|".join(n.articles))
        data(el, "n_mentions", n.mentions)
        data(el, "n_salience", n.salience)
        data(el, "n_sentiment", n.sentiment)
    for i, e in enumerate(graph.edges):
        attrs = {"id": f"e{i}", "source": e.source, "target": e.target}
        if not e.directed:
            attrs["directed"] = "false"
        el = ET.SubElement(g, f"{{{GRAPHML_NS}}}edge", attrs)
        data(el, "e_kind", e.kind)
        data(el, "e_weight", e.weight)
        data(el, "e_count", e.count)
        data(el, "e_articles", "|".join(e.articles))
        data(el, "e_evidence", e.evidence[0].text if e.evidence else "")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def to_json(graph: Graph, indent: int | None = 2) -> str:
    return json.dumps(
        {
            "nodes": [asdict(n) for n in graph.nodes],
            "edges": [asdict(e) | {"directed": e.directed} for e in graph.edges],
        },
        indent=indent,
        ensure_ascii=False,
    )


def from_json(data: str | bytes) -> Graph:
    raw = json.loads(data)
    nodes = [Node(**n) for n in raw.get("nodes", [])]
    edges = []
    for e in raw.get("edges", []):
        e = dict(e)
        e.pop("directed", None)
        e["evidence"] = [Evidence(**ev) for ev in e.get("evidence", [])]
        edges.append(Edge(**e))
    return Graph(nodes, edges)


__all__ = ["Edge", "Evidence", "Graph", "Node", "build_graph", "from_json", "to_graphml", "to_json"]
