"""`md`: a Markdown summary a journalist can paste into a note, a ticket or a chat.

Article text is escaped so that a `*`, `_`, `#`, `[` or `<` in the article stays a character and
never becomes formatting, a link or HTML.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from glasnost.analysis import Analysis
from glasnost.render import labels
from glasnost.render.summary import (
    actors_by_id,
    certainty_counts,
    entity_groups,
    layer_ran,
    one_line,
    ranked_claims,
    speaker_name,
    technique_groups,
)

TOP_CLAIMS = 10
FRAGMENTS_PER_TECHNIQUE = 3
FRAGMENT_CHARS = 200
FORMS_PER_LABEL = 12

_INLINE = re.compile(r"([\\`*_\[\]<>|~#])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(\s*)([+\-=]|\d+(?=[.)]))")


def escape(text: str, limit: int | None = None, block_start: bool = False) -> str:
    """Article text as literal Markdown on one line, safe in a table cell; `block_start` where
    it opens a block's content (after `> ` or a list marker), where `- ` or `1. ` would nest a list."""
    text = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", one_line(text, limit)))
    if block_start:
        text = _LINE_START.sub(_escape_marker, text)
    return text


def _escape_marker(match: re.Match[str]) -> str:
    space, marker = match.groups()
    return space + (marker + "\\" if marker.isdigit() else "\\" + marker)


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _empty(analysis: Analysis, layer: str, none: str) -> str:
    return f"_{none}_" if layer_ran(analysis, layer) else "_Not analysed._"


def render_markdown(analyses: Sequence[Analysis]) -> str:
    return "\n---\n\n".join(_article(a) for a in analyses)


def _article(analysis: Analysis) -> str:
    out: list[str] = []
    info = analysis.article
    out.append(f"# {escape(info.title) if info.title else 'Untitled article'}")
    out.append("")
    meta = []
    if info.authors:
        meta.append("By " + ", ".join(escape(a) for a in info.authors))
    if info.published:
        meta.append(escape(info.published))
    if info.site:
        meta.append(escape(info.site))
    if analysis.genre is not None and analysis.genre.label != "uncertain":
        genre = labels.label(labels.GENRES, analysis.genre.label)
        meta.append(f"Genre: {escape(genre.name.lower())} ({_score(analysis.genre.score)})")
    if meta:
        out += [" · ".join(meta), ""]
    if info.url:
        out += [f"Source: `{info.url.replace('`', '%60')}`", ""]
    out += _stats(analysis)
    out += _techniques(analysis)
    out += _claims(analysis)
    out += _certainty(analysis)
    out += _quotes(analysis)
    out += _actors(analysis)
    out += _relations(analysis)
    out += _entities(analysis)
    out += _pipeline(analysis)
    return "\n".join(out).rstrip("\n") + "\n"


def _stats(analysis: Analysis) -> list[str]:
    stats = analysis.stats
    if stats is None:
        return []
    return [
        f"**{stats.words:,} words** · {stats.sentences} sentences · {stats.paragraphs} paragraphs · "
        f"{stats.reading_minutes:g} min read · {stats.mean_sentence_words:g} words per sentence · "
        f"type/token ratio {stats.type_token_ratio:.2f}",
        "",
    ]


def _techniques(analysis: Analysis) -> list[str]:
    out = ["## Persuasion techniques", ""]
    groups = technique_groups(analysis)
    if not groups:
        return out + [_empty(analysis, "techniques", "No persuasion techniques found."), ""]
    out += ["| Technique | Count | Strongest score |", "|---|---:|---:|"]
    for group in groups:
        info = labels.technique_info(group.name)
        out.append(f"| {escape(info.label)} | {len(group.spans)} | {_score(group.spans[0].score)} |")
    out.append("")
    for group in groups:
        info = labels.technique_info(group.name)
        out.append(f"**{escape(info.label)}**: {escape(info.definition)}")
        out.append("")
        seen: set[str] = set()
        for span in group.spans:
            fragment = escape(span.text, FRAGMENT_CHARS, block_start=True)
            if fragment in seen:
                continue
            seen.add(fragment)
            out.append(f"> {fragment} ({_score(span.score)})")
            out.append(">")
            if len(seen) == FRAGMENTS_PER_TECHNIQUE:
                break
        out[-1] = ""
    return out


def _claims(analysis: Analysis) -> list[str]:
    out = ["## Most check-worthy claims", ""]
    ranked = ranked_claims(analysis, TOP_CLAIMS)
    if not ranked:
        return out + [_empty(analysis, "claims", "No checkable claims found."), ""]
    for n, item in enumerate(ranked, 1):
        claim = item.claim
        kind = escape(labels.label(labels.CLAIM_TYPES, claim.claim_type).name.lower())
        certainty = escape(labels.label(labels.CERTAINTY, claim.certainty).name.lower()) if claim.certainty else None
        facts = [kind] + ([certainty] if certainty else [])
        facts.append(f"score {_score(claim.score)}")
        if item.checkworthiness is not None:
            facts.append(f"check-worthiness {_score(item.checkworthiness)}")
        out.append(f"{n}. {escape(claim.text, 400, block_start=True)} — {', '.join(facts)}")
    if len(analysis.claims) > len(ranked):
        out.append(f"\n_{len(analysis.claims) - len(ranked)} more claims in the full analysis._")
    return out + [""]


def _certainty(analysis: Analysis) -> list[str]:
    counts = certainty_counts(analysis)
    if not counts:
        return []
    parts = [f"{escape(labels.label(labels.CERTAINTY, k).name.lower())} {n}" for k, n in counts.items()]
    return ["## Certainty of sentences", "", " · ".join(parts), ""]


def _quotes(analysis: Analysis) -> list[str]:
    out = ["## Quotes", ""]
    quotes = analysis.speech_quotes()
    others = Counter(q.cue_kind for q in analysis.quotes if not q.is_speech)
    if not quotes:
        out.append(_empty(analysis, "quotes", "No quotes found."))
    for quote in quotes:
        speaker = speaker_name(analysis, quote)
        who = f"**{escape(speaker)}**" if speaker else "_unattributed_"
        kind = escape(labels.label(labels.QUOTE_KINDS, quote.kind).name.lower())
        out.append(f"- {who}: {escape(quote.text, 400)} ({kind}, {_score(quote.score)})")
    if others:
        names = {k: escape(labels.label(labels.CUE_REPORTS, k).name.lower()) for k in others}
        listed = " · ".join(f"{names[k]} {n}" for k, n in sorted(others.items()))
        out += ["", f"_Attributions that report no words, not listed (in the JSON output): {listed}._"]
    return out + [""]


def _actors(analysis: Analysis) -> list[str]:
    out = ["## Actors", ""]
    if not analysis.actors:
        return out + [_empty(analysis, "actors", "No actors found."), ""]
    out += ["| Actor | Type | Mentions | Sentiment | Also called |", "|---|---|---:|---:|---|"]
    for actor in sorted(analysis.actors, key=lambda a: (-len(a.mentions), -a.salience, a.name)):
        aliases = ", ".join(escape(a) for a in actor.aliases if a != actor.name)
        kind = escape(labels.label(labels.ACTOR_TYPES, actor.type).name.lower())
        out.append(f"| {escape(actor.name)} | {kind} | {len(actor.mentions)} | {actor.sentiment:+.2f} | {aliases} |")
    return out + [""]


def _relations(analysis: Analysis) -> list[str]:
    out = ["## Relations", ""]
    if not analysis.relations:
        return out + [_empty(analysis, "relations", "No relations between actors found."), ""]
    actors = actors_by_id(analysis)
    for relation in sorted(analysis.relations, key=lambda r: -r.score):
        source = actors[relation.source].name if relation.source in actors else relation.source
        target = actors[relation.target].name if relation.target in actors else relation.target
        kind = escape(labels.label(labels.RELATION_KINDS, relation.kind).name.lower())
        line = f"- {escape(source)} — {kind} — {escape(target)} ({_score(relation.score)})"
        if relation.evidence:
            line += f": {escape(relation.evidence[0].text, FRAGMENT_CHARS)}"
        out.append(line)
    return out + [""]


def _entities(analysis: Analysis) -> list[str]:
    out = ["## Entities", ""]
    groups = entity_groups(analysis)
    if not groups:
        return out + [_empty(analysis, "entities", "No named entities found."), ""]
    for label, forms in groups:
        name = labels.label(labels.ENTITY_LABELS, label).name
        shown = ", ".join(f"{escape(text)}" + (f" ({n})" if n > 1 else "") for text, n in forms[:FORMS_PER_LABEL])
        more = f", and {len(forms) - FORMS_PER_LABEL} more" if len(forms) > FORMS_PER_LABEL else ""
        out.append(f"- **{escape(label)}** ({escape(name.lower())}): {shown}{more}")
    return out + [""]


def _pipeline(analysis: Analysis) -> list[str]:
    pipeline = analysis.pipeline
    steps = ", ".join(
        f"{step.name} {step.version}" + (f" ({step.model})" if step.model else "") for step in pipeline.steps
    )
    return [
        "---",
        "",
        f"_Glasnost {escape(pipeline.glasnost)} · spaCy {escape(pipeline.spacy_model)} · schema "
        f"{escape(analysis.schema_version)}" + (f" · analyzers: {escape(steps)}" if steps else "") + "_",
    ]
