"""`html`: a self-contained report of one analysis that works offline in any browser.

The page is `templates/report.html.j2` rendered with autoescape; `report.css` and `report.js` are
read from the same folder and inlined. Everything article-derived reaches the page in two ways
only: autoescaped by Jinja, or inside `<script type="application/json">` blocks with `<`, `>`,
`&`, U+2028 and U+2029 escaped, from which `report.js` builds the DOM with `textContent` and
`createElement`. A Content-Security-Policy allows no network access and no script but ours (by
hash), so a report never phones home and never runs what an article smuggles in.

Python does the thinking and JavaScript only draws: the view model below cuts the text into
segments at every span boundary (each segment lists the ids of the items covering it), and every
item carries its display name, CSS classes and detail rows.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from glasnost.analysis import Analysis, AnalysisSettings, ClaimMatch, Relation
from glasnost.errors import Errors, GlasnostError
from glasnost.render import labels
from glasnost.render.summary import (
    actors_by_id,
    layer_ran,
    one_line,
    quotes_by_speaker,
    ranked_claims,
    speaker_name,
)

TEMPLATE = "report.html.j2"
TOP_CLAIMS = 15
DETAIL_CHARS = 400

# The relation graph draws every conflict and support but, out of many co-mentions, only the
# strongest: an op-ed names thirty actors and pairs most of them once in passing.
#: An article with this many co-mentions or fewer draws them all.
GRAPH_ALL_CO_MENTIONS = 6
#: Beyond that, co-mentions scored at least this (named together in three sentences or more)...
GRAPH_CO_MENTION_CUT = 0.5
#: ... at most this many of them, and at least the first few in rank order (score, then the
#: salience of the less salient actor of the pair: co-mentions among the most salient actors).
GRAPH_MAX_CO_MENTIONS = 12
GRAPH_MIN_CO_MENTIONS = 4
#: An actor this salient keeps its node even when none of its lines is drawn.
GRAPH_SALIENT = 0.5
#: Evidence sentences a relation shows in the details panel, and the list's excerpt length.
EVIDENCE_SHOWN = 6
EVIDENCE_CHARS = 160

#: The highlight layers, in the order of the toggles and of the details panel.
HIGHLIGHT_LAYERS = ("techniques", "claims", "quotes", "entities", "actors", "sentences")
#: The layers a report opens with (the reader's view): how the article persuades, what it claims
#: and how sure it is, who it quotes. The others are one click away ("All layers").
READER_LAYERS = ("techniques", "claims", "quotes")

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")
_CLASS_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def render_html(analyses: Sequence[Analysis]) -> str:
    if len(analyses) != 1:
        raise GlasnostError(Errors.E042.format(fmt="html", count=len(analyses)))
    return report(analyses[0])


def report(analysis: Analysis) -> str:
    """The HTML report of one analysis, as one self-contained page."""
    css = _asset("report.css", "</style")
    js = _asset("report.js", "</script")
    view = view_model(analysis)
    page = environment().get_template(TEMPLATE).render(
        css=Markup(css),
        js=Markup(js),
        csp=_csp(css, js),
        analysis_json=Markup(script_json(analysis.model_dump(mode="json"))),
        view_json=Markup(script_json(view)),
        page=page_model(analysis, layer_counts(view["items"])),
    )
    return page if page.endswith("\n") else page + "\n"


def script_json(data: Any) -> str:
    """JSON that is safe inside a `<script>` element: no `</script>`, no `<!--`, no HTML entity
    and no JavaScript line terminator can appear in it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


@functools.cache
def environment() -> jinja2.Environment:
    """The Jinja environment of every Glasnost page: autoescape on, undefined names an error."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("glasnost.render", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def _asset(name: str, closing_tag: str) -> str:
    text = (resources.files("glasnost.render") / "templates" / name).read_text(encoding="utf-8")
    if closing_tag in text.lower():  # would end the inline element early: a bug in the asset
        raise RuntimeError(Errors.E131.format(name=name, tag=closing_tag))
    return text


def report_csp() -> str:
    """The Content-Security-Policy every report carries (it names our own assets by hash), for a
    server that sends it as a header as well."""
    return _csp(_asset("report.css", "</style"), _asset("report.js", "</script"))


def _csp(css: str, js: str) -> str:
    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"

    return (
        f"default-src 'none'; script-src {digest(js)}; style-src {digest(css)}; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


# ---------------------------------------------------------------------------------------------
# Segments: the text cut at every span boundary


def segments(
    length: int, spans: Iterable[tuple[int, int, str]], cuts: Iterable[int] = ()
) -> list[tuple[int, int, tuple[str, ...]]]:
    """Cut `[0, length)` at every span start and end (and at `cuts`); each piece lists the ids of
    the spans covering it, in the order the spans were given. Empty spans cover nothing."""
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    points = {0, length, *(min(max(c, 0), length) for c in cuts)}
    for start, end, item in spans:
        start, end = max(start, 0), min(end, length)
        if end <= start:
            continue
        opens.setdefault(start, []).append(item)
        closes.setdefault(end, []).append(item)
        points.update((start, end))
    order = sorted(points)
    active: dict[str, None] = {}
    out = []
    for a, b in zip(order, order[1:]):
        for item in closes.get(a, ()):
            active.pop(item, None)
        for item in opens.get(a, ()):
            active[item] = None
        out.append((a, b, tuple(active)))
    return out


def layout_blocks(analysis: Analysis) -> list[tuple[str, int, int]]:
    """(kind, start, end) of every piece of the article to show, in text order: the article's
    blocks, and paragraphs split at blank lines wherever no block covers non-blank text."""
    text = analysis.article.text
    out: list[tuple[str, int, int]] = []
    position = 0
    for block in sorted(analysis.article.blocks, key=lambda b: b.start):
        if block.start < position:
            continue
        out += _paragraphs(text, position, block.start)
        if block.end > block.start:
            out.append((block.kind, block.start, block.end))
        position = block.end
    return out + _paragraphs(text, position, len(text))


def _paragraphs(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    out = []
    for match in re.finditer(r"\S(?:.*?\S)?(?=\s*\n\s*\n|\s*\Z)", text[start:end], re.DOTALL):
        out.append(("paragraph", start + match.start(), start + match.end()))
    return out


def _utf16(text: str) -> Any:
    """Code-point offset -> UTF-16 offset (what JavaScript's String.slice counts)."""
    if all(ord(c) <= 0xFFFF for c in text):
        return lambda i: i
    table = [0]
    for c in text:
        table.append(table[-1] + (2 if ord(c) > 0xFFFF else 1))
    return table.__getitem__


# ---------------------------------------------------------------------------------------------
# The view model report.js draws from


def _score(value: float | None) -> str:
    return "not scored" if value is None else f"{value:.2f}"


def _sentiment(value: float) -> str:
    mood = "negative" if value < -0.25 else "positive" if value > 0.25 else "neutral"
    return f"{value:+.2f} ({mood})"


def _actor_keys(analysis: Analysis) -> dict[str, str]:
    """Actor id -> the report's own key for it (actor ids are free text; keys are safe tokens)."""
    return {actor.id: f"a{n}" for n, actor in enumerate(analysis.actors)}


def _token(value: str) -> str:
    return _CLASS_UNSAFE.sub("_", value)


def _described(table: dict[str, labels.Label], key: str | None) -> str:
    entry = labels.label(table, key)
    return f"{entry.name}: {entry.description}"


class _Items:
    def __init__(self) -> None:
        self.items: dict[str, dict[str, Any]] = {}
        self.spans: list[tuple[int, int, str]] = []

    def add(
        self, key: str, layer: str, start: int, end: int, text: str, name: str, cls: str,
        details: list[tuple[str, str]], score: float | None = None, group: str | None = None,
        unit: str | None = None, **extra: Any,
    ) -> None:
        """``group``: the items selected together (a quote, its cue and speaker); ``unit``: the
        finding the item is part of, which the layer counts once (default: the group)."""
        self.items[key] = {
            "layer": layer,
            "name": name,
            "score": score,
            "text": one_line(text, DETAIL_CHARS),
            "cls": cls,
            "group": group or key,
            "unit": unit or group or key,
            "details": [[k, v] for k, v in details if v],
            **extra,
        }
        self.spans.append((start, end, key))


def _fact_check(match: ClaimMatch) -> str:
    """One fact-check a claim matches, as the side panel lists it."""
    return f"{match.rating or 'no verdict'} ({match.publisher or 'unknown publisher'}, {match.tier} {match.score:.2f})"


def view_model(analysis: Analysis) -> dict[str, Any]:
    """Everything report.js needs beyond the analysis itself; offsets are UTF-16 for JavaScript."""
    found = _Items()
    actor_keys = _actor_keys(analysis)

    for n, technique in enumerate(analysis.techniques):
        info = labels.technique_info(technique.technique)
        found.add(
            f"t{n}", "techniques", technique.start, technique.end, technique.text, info.label,
            "L-techniques",
            [("Technique", info.label), ("What it is", info.definition),
             ("Example", f"\u201c{info.example}\u201d" if info.example else "")],
            technique.score,
        )

    sentences = {s.index: s for s in analysis.sentences}
    for n, claim in enumerate(analysis.claims):
        sentence = sentences.get(claim.sentence)
        found.add(
            f"c{n}", "claims", claim.start, claim.end, claim.text,
            labels.label(labels.CLAIM_TYPES, claim.claim_type).name, "L-claims",
            [("Claim type", _described(labels.CLAIM_TYPES, claim.claim_type)),
             ("Certainty", _described(labels.CERTAINTY, claim.certainty) if claim.certainty else ""),
             ("Check-worthiness", _score(sentence.checkworthiness) if sentence and sentence.checkworthiness is not None else ""),
             ("Fact-checks", "; ".join(_fact_check(m) for m in claim.matches))],
            claim.score,
        )

    for n, quote in enumerate(analysis.speech_quotes()):
        key = f"q{n}"
        speaker = speaker_name(analysis, quote)
        details = [
            ("Kind", _described(labels.QUOTE_KINDS, quote.kind)),
            ("Speaker", speaker or "not identified"),
            ("Introduced by", f"\u201c{one_line(quote.cue.text)}\u201d" if quote.cue else ""),
        ]
        extra = {"speaker": actor_keys.get(quote.speaker or "")}
        name = labels.label(labels.QUOTE_KINDS, quote.kind).name
        found.add(key, "quotes", quote.start, quote.end, quote.text, name, "L-quotes", details, quote.score, **extra)
        if quote.cue is not None:
            found.add(f"{key}c", "quotes", quote.cue.start, quote.cue.end, quote.cue.text, name,
                      "L-quotes qcue", details, quote.score, group=key, **extra)
        if quote.speaker_mention is not None:
            mention = quote.speaker_mention
            found.add(f"{key}s", "quotes", mention.start, mention.end, mention.text, name,
                      "L-quotes qspk", details, quote.score, group=key, **extra)

    for n, entity in enumerate(analysis.entities):
        entry = labels.label(labels.ENTITY_LABELS, entity.label)
        found.add(
            f"e{n}", "entities", entity.start, entity.end, entity.text, entry.name,
            f"L-entities ent-{_token(entity.label)}",
            [("Label", f"{entity.label} ({entry.name})"), ("Meaning", entry.description),
             ("Score means", labels.SCORES["entities"])],
            entity.score,
        )

    quotes_by = quotes_by_speaker(analysis)
    actor_view = {}
    for actor in analysis.actors:
        key = actor_keys[actor.id]
        details = [
            ("Type", labels.label(labels.ACTOR_TYPES, actor.type).name),
            ("Also called", ", ".join(a for a in actor.aliases if a != actor.name)),
            ("Mentions", str(len(actor.mentions))),
            ("Quoted", str(quotes_by[actor.id]) if quotes_by[actor.id] else ""),
            ("Salience", _score(actor.salience)),
            ("Sentiment", _sentiment(actor.sentiment)),
        ]
        actor_view[key] = {"name": actor.name, "salience": actor.salience, "type": _token(actor.type),
                           "typeName": labels.label(labels.ACTOR_TYPES, actor.type).name,
                           "salient": actor.salience >= GRAPH_SALIENT,
                           "details": [[k, v] for k, v in details if v]}
        for m, mention in enumerate(actor.mentions):
            found.add(f"{key}m{m}", "actors", mention.start, mention.end, mention.text, actor.name,
                      "L-actors", details, group=key, actor=key)

    for n, sentence in enumerate(analysis.sentences):
        key = f"s{n}"
        certainty = sentence.certainty
        scores = (sentence.checkworthiness, sentence.subjectivity, sentence.hedging)
        if certainty is None and not sentence.cues and all(v is None for v in scores):
            continue  # nothing to say about it
        name = labels.label(labels.CERTAINTY, certainty).name if certainty else "Sentence"
        cues = ", ".join(f"\u201c{one_line(c.text)}\u201d ({labels.label(labels.CUE_KINDS, c.kind).name.lower()})"
                         for c in sentence.cues)
        found.add(
            key, "sentences", sentence.start, sentence.end, sentence.text, name,
            f"L-sentences cert-{_token(certainty)}" if certainty else "L-sentences",
            [("Certainty", _described(labels.CERTAINTY, certainty) if certainty else "not assessed"),
             ("Signal words", cues),
             ("Check-worthiness", _score(sentence.checkworthiness) if sentence.checkworthiness is not None else ""),
             ("Subjectivity", _score(sentence.subjectivity) if sentence.subjectivity is not None else ""),
             ("Hedging", _score(sentence.hedging) if sentence.hedging is not None else "")],
        )
        for m, cue in enumerate(sentence.cues):
            cue_label = labels.label(labels.CUE_KINDS, cue.kind)
            found.add(
                f"{key}k{m}", "sentences", cue.start, cue.end, cue.text, cue_label.name,
                f"L-sentences cue cue-{_token(cue.kind)}",
                [("Signal word", f"{cue_label.name}: {cue_label.description}"),
                 ("In a sentence that is", name.lower())],
                unit=key,
            )

    text = analysis.article.text
    u16 = _utf16(text)
    pieces = layout_blocks(analysis)
    evidence_points = [p for r in analysis.relations for e in r.evidence[:EVIDENCE_SHOWN] for p in (e.start, e.end)]
    cut = segments(len(text), found.spans, [*(p for _, s, e in pieces for p in (s, e)), *evidence_points])
    blocks = []
    index = 0
    for kind, start, end in pieces:
        while index < len(cut) and cut[index][0] < start:
            index += 1
        segs = []
        while index < len(cut) and cut[index][1] <= end:
            a, b, ids = cut[index]
            segs.append([u16(a), u16(b), list(ids)])
            index += 1
        blocks.append({"kind": kind, "segments": segs})

    relations = []
    drawn = graph_relations(analysis)
    for n, relation in enumerate(analysis.relations):
        source, target = _ends(analysis, relation)
        count = len(relation.evidence)
        relations.append({
            "source": actor_keys.get(relation.source),
            "target": actor_keys.get(relation.target),
            "sourceName": source,
            "targetName": target,
            "kind": _token(relation.kind),
            "name": labels.label(labels.RELATION_KINDS, relation.kind).name,
            "score": relation.score,
            "key": n in drawn,
            "details": [
                ["Relation", _described(labels.RELATION_KINDS, relation.kind)],
                ["Evidence", f"{count} sentence{'' if count == 1 else 's'}" + (
                    f", the first {EVIDENCE_SHOWN} below" if count > EVIDENCE_SHOWN else "")],
            ],
            "evidence": [[u16(e.start), u16(e.end), one_line(e.text, DETAIL_CHARS)]
                         for e in relation.evidence[:EVIDENCE_SHOWN]],
        })

    return {
        "layers": {key: labels.LAYERS[key].name for key in HIGHLIGHT_LAYERS},
        "reader": list(READER_LAYERS),
        "items": found.items,
        "blocks": blocks,
        "actors": actor_view,
        "relations": relations,
    }


# ---------------------------------------------------------------------------------------------
# What the template shows without JavaScript: header, sidebar lists, legend, footer


def layer_counts(items: dict[str, dict[str, Any]]) -> Counter[str]:
    """Findings per highlight layer: each unit (a technique span, a claim, a quote with its cue and
    speaker, an actor with all its mentions, a sentence with its signal words) once, the rule
    report.js applies to the live "shown of total" counts."""
    return Counter(layer for layer, _ in {(item["layer"], item["unit"]) for item in items.values()})


def page_model(analysis: Analysis, counts: Counter[str] | None = None) -> dict[str, Any]:
    info = analysis.article
    counts = counts if counts is not None else layer_counts(view_model(analysis)["items"])
    genre = None
    if analysis.genre is not None and analysis.genre.label != "uncertain":
        entry = labels.label(labels.GENRES, analysis.genre.label)
        genre = {"label": analysis.genre.label, "name": entry.name, "description": entry.description,
                 "score": f"{analysis.genre.score:.2f}"}
    stats = analysis.stats
    figures = []
    if stats is not None:
        figures = [
            ("Words", f"{stats.words:,}"),
            ("Sentences", f"{stats.sentences:,}"),
            ("Paragraphs", f"{stats.paragraphs:,}"),
            ("Reading time", f"{stats.reading_minutes:g} min"),
            ("Words per sentence", f"{stats.mean_sentence_words:g}"),
            ("Type/token ratio", f"{stats.type_token_ratio:.2f}"),
        ]
    actor_keys = _actor_keys(analysis)
    quotes_by = quotes_by_speaker(analysis)
    claim_index = {id(c): n for n, c in enumerate(analysis.claims)}
    related = {end for r in analysis.relations for end in (r.source, r.target)}
    return {
        "title": info.title or _first_block(analysis, "title") or "Untitled article",
        "lang": info.language or "en",
        "authors": info.authors,
        "published": info.published,
        "site": info.site,
        "url": info.url,
        "genre": genre,
        "figures": figures,
        "layers": [
            {"key": key, "name": labels.LAYERS[key].name, "description": labels.LAYERS[key].description,
             "count": counts[key], "on": key in READER_LAYERS}
            for key in HIGHLIGHT_LAYERS
        ],
        "cut": score_cut(analysis),
        "actors": [
            {"key": actor_keys[a.id], "name": a.name, "type": labels.label(labels.ACTOR_TYPES, a.type).name,
             "aliases": [x for x in a.aliases if x != a.name], "mentions": len(a.mentions),
             "quotes": quotes_by[a.id], "sentiment": a.sentiment, "sentiment_text": _sentiment(a.sentiment)}
            for a in sorted(analysis.actors, key=lambda a: (-len(a.mentions), -a.salience, a.name))
        ],
        "actors_ran": layer_ran(analysis, "actors"),
        "claims": [
            {"key": f"c{claim_index[id(r.claim)]}", "text": one_line(r.claim.text, 240),
             "type": labels.label(labels.CLAIM_TYPES, r.claim.claim_type).name,
             "certainty": r.claim.certainty,
             "certainty_name": labels.label(labels.CERTAINTY, r.claim.certainty).name if r.claim.certainty else None,
             "score": f"{r.rank_score:.2f}",
             "basis": "check-worthiness" if r.checkworthiness is not None else "score",
             "matches": [{"verdict": m.rating or "no verdict", "publisher": m.publisher or "unknown publisher", "tier": m.tier,
                          "score": f"{m.score:.2f}", "claim": one_line(m.claim_reviewed, 240),
                          "url": m.url if (m.url or "").startswith(("https://", "http://")) else None}
                         for m in r.claim.matches]}
            for r in ranked_claims(analysis, TOP_CLAIMS)
        ],
        "claims_total": len(analysis.claims),
        "claims_ran": layer_ran(analysis, "claims"),
        "relations_ran": layer_ran(analysis, "relations"),
        "relations": relation_list(analysis) if analysis.relations else None,
        "actor_types": [
            {"type": _token(code), "name": labels.label(labels.ACTOR_TYPES, code).name}
            for code in [*labels.ACTOR_TYPES, *sorted({a.type for a in analysis.actors} - set(labels.ACTOR_TYPES))]
            if any(a.type == code and a.id in related for a in analysis.actors)
        ],
        "legend": legend(analysis),
        "pipeline": analysis.pipeline,
        "schema_version": analysis.schema_version,
    }


def graph_relations(analysis: Analysis) -> set[int]:
    """Indices of the relations the graph draws by default: every conflict and support, and the
    strongest co-mentions (all of them where there are few); the rest wait behind a toggle."""
    co = [n for n, r in enumerate(analysis.relations) if r.kind == "co-mention"]
    drawn = {n for n, r in enumerate(analysis.relations) if r.kind != "co-mention"}
    if len(co) <= GRAPH_ALL_CO_MENTIONS:
        return drawn | set(co)
    salience = {a.id: a.salience for a in analysis.actors}

    def rank(n: int) -> tuple[float, float, float, int]:
        r = analysis.relations[n]
        ends = (salience.get(r.source, 0.0), salience.get(r.target, 0.0))
        return (-r.score, -min(ends), -max(ends), n)

    ranked = sorted(co, key=rank)
    strong = [n for n in ranked if analysis.relations[n].score >= GRAPH_CO_MENTION_CUT][:GRAPH_MAX_CO_MENTIONS]
    return drawn | set(strong) | set(ranked[:GRAPH_MIN_CO_MENTIONS])


def relation_list(analysis: Analysis) -> dict[str, Any]:
    """The relations list under the graph: conflict and support first, grouped and strongest
    first, each with its first evidence sentence; then the co-mentions the graph draws, then the
    rest (collapsed in the page)."""
    drawn = graph_relations(analysis)
    co_order = {n: i for i, n in enumerate(sorted(
        (n for n, r in enumerate(analysis.relations) if r.kind == "co-mention"),
        key=lambda n: (-analysis.relations[n].score, n)))}

    def entry(n: int, relation: Relation) -> dict[str, Any]:
        count = len(relation.evidence)
        return {"n": n, "ends": _ends(analysis, relation), "kind": _token(relation.kind),
                "name": labels.label(labels.RELATION_KINDS, relation.kind).name.lower(),
                "score": f"{relation.score:.2f}",
                "evidence": _quoted(one_line(relation.evidence[0].text, EVIDENCE_CHARS)) if relation.evidence else "",
                "sentences": f"{count} sentence{'' if count == 1 else 's'}"}

    groups = []
    for kind in ("conflict", "support"):
        found = sorted(((n, r) for n, r in enumerate(analysis.relations) if r.kind == kind),
                       key=lambda nr: (-nr[1].score, nr[0]))
        if found:
            groups.append({"kind": kind, "title": labels.label(labels.RELATION_KINDS, kind).name,
                           "items": [entry(n, r) for n, r in found]})
    co = sorted(((n, r) for n, r in enumerate(analysis.relations) if r.kind == "co-mention"),
                key=lambda nr: co_order[nr[0]])
    return {
        "groups": groups,
        "co_drawn": [entry(n, r) for n, r in co if n in drawn],
        "co_rest": [entry(n, r) for n, r in co if n not in drawn],
        "kinds": sorted({_token(r.kind) for r in analysis.relations}),
        "hidden": len(co) - sum(1 for n, _ in co if n in drawn),
        "co_total": len(co),
    }


def _quoted(text: str) -> str:
    """Text in quotation marks, unless it already stands in some (evidence that is a quote)."""
    marks = "\"\u201c\u201d\u201e\u00ab\u00bb'\u2018\u2019"
    return text if text[:1] in marks and text[-1:] in marks + "\u2026" else f"\u201c{text}\u201d"


def _ends(analysis: Analysis, relation: Relation) -> tuple[str, str]:
    """The names of a relation's two actors (the raw id where an actor is missing)."""
    actors = actors_by_id(analysis)
    return tuple(actors[end].name if end in actors else end for end in (relation.source, relation.target))  # type: ignore[return-value]


def _first_block(analysis: Analysis, kind: str) -> str | None:
    return next((one_line(b.text) for b in analysis.article.blocks if b.kind == kind), None)


def score_cut(analysis: Analysis) -> dict[str, str]:
    """Where the model findings were cut before the report was made, for the slider: the lowest
    score kept among the techniques (the slider's tick) and in words, how they were cut."""
    scores = [t.score for t in analysis.techniques]
    settings = analysis.pipeline.settings
    if settings.min_score is not None:
        how = f"every finding scored {settings.min_score:.2f} or more (--min-score)"
    else:
        how = f"technique thresholds of the {settings.operating_point} operating point, one per technique"
    low = f"{min(scores):.2f}" if scores else None
    note = f"Cut before the report: {how}" + (f"; the weakest technique kept scores {low}." if low else ".")
    return {"value": low or "", "note": note}


def _operating_point_note(settings: AnalysisSettings) -> str:
    """Where the technique highlights were cut, and how a reader gets more of them: the slider only
    hides findings, so a looser point has to be asked for when the report is made."""
    if settings.min_score is not None:
        return f"Shown: every technique scored {settings.min_score:.2f} or more (--min-score)."
    more = {
        "precision": " For more, make the report with --operating-point balanced or recall;"
        " the slider then hides the weaker ones.",
        "balanced": " For more, make the report with --operating-point recall.",
        "recall": "",
    }[settings.operating_point]
    return (f"Shown: the {settings.operating_point} operating point, thresholds chosen per technique on "
            f"validation articles.{more}")


def legend(analysis: Analysis) -> list[dict[str, Any]]:
    """Every label the report can show, in plain words, with how often this article uses it.

    Each entry's `id` is ``group:label``; labels present in the article but unknown to this
    version still get an entry (with a generic explanation)."""

    def group(key: str, title: str, intro: str, table: dict[str, labels.Label], present: Counter[str],
              swatch: str | None = None) -> dict[str, Any]:
        codes = list(table) + [c for c in present if c not in table]
        entries = []
        for code in codes:
            entry = labels.label(table, code)
            entries.append({"id": f"{key}:{code}", "code": code, "name": entry.name,
                            "description": entry.description, "example": None, "count": present.get(code, 0),
                            "swatch": f"{swatch}{_token(code)}" if swatch else None})
        return {"key": key, "title": title, "intro": intro, "entries": entries}

    sentences = analysis.sentences
    certainty = Counter(s.certainty for s in sentences if s.certainty)
    certainty.update(c.certainty for c in analysis.claims if c.certainty)
    layers = group("layers", "Highlights", "What each kind of highlight in the article marks.",
                   labels.LAYERS, Counter(), swatch="sw-")
    layers["entries"][HIGHLIGHT_LAYERS.index("quotes")]["description"] += (
        " The verb that introduces a quote is dotted-underlined and the speaker is set in bold.")
    techniques = {"key": "techniques", "title": "Persuasion techniques",
                  "intro": "Ways of persuading that work on feelings or shortcuts rather than evidence. "
                  + _operating_point_note(analysis.pipeline.settings),
                  "entries": []}
    present = Counter(t.technique for t in analysis.techniques)
    known = labels.known_techniques()
    for info in known + [labels.technique_info(n) for n in present if n not in {k.name for k in known}]:
        techniques["entries"].append({"id": f"techniques:{info.name}", "code": info.name, "name": info.label,
                                      "description": info.definition, "example": info.example,
                                      "count": present.get(info.name, 0), "swatch": None})
    techniques["entries"].sort(key=lambda e: -e["count"])
    scores = {"key": "scores", "title": "Scores", "intro": "", "entries": [
        {"id": "scores:entities", "code": "", "name": "Entity score", "description": labels.SCORES["entities"],
         "example": None, "count": 0, "swatch": None},
        {"id": "scores:default", "code": "", "name": "Other scores", "description": labels.SCORES["default"]
         + " The confidence slider hides findings scored below the value it is set to.",
         "example": None, "count": 0, "swatch": None},
    ]}
    return [
        layers,
        techniques,
        group("entities", "Entity labels", "The kinds of names the entity tagger recognises (spaCy, OntoNotes "
              "labels).", labels.ENTITY_LABELS, Counter(e.label for e in analysis.entities), swatch="ent-"),
        group("certainty", "Certainty", "How firmly a sentence or claim is put.", labels.CERTAINTY, certainty,
              swatch="cert-"),
        group("cues", "Signal words", "Underlined words that set a sentence's certainty.", labels.CUE_KINDS,
              Counter(c.kind for s in sentences for c in s.cues), swatch="cue-"),
        group("claims", "Claim types", "What kind of checkable statement a claim is.", labels.CLAIM_TYPES,
              Counter(c.claim_type for c in analysis.claims)),
        group("quotes", "Quotes", "How a quote is given.", labels.QUOTE_KINDS,
              Counter(q.kind for q in analysis.speech_quotes())),
        group("actors", "Actor types", "What kind of party an actor is.", labels.ACTOR_TYPES,
              Counter(a.type for a in analysis.actors)),
        group("relations", "Relations", "How the article links two actors.", labels.RELATION_KINDS,
              Counter(r.kind for r in analysis.relations), swatch="rel-"),
        group("genre", "Genre", "What kind of article this is, as a model judges it.", labels.GENRES,
              Counter([analysis.genre.label] if analysis.genre else [])),
        scores,
    ]


