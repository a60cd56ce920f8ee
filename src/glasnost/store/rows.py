"""An `Analysis` taken apart into the rows of the store's tables.

Every finding keeps both its offsets into the normalized text (`char_*`) and into the raw input
(`raw_*`, through the article's offset map, which a stored or JSON analysis carries as
`article.raw_offsets`), so a query can point at either. The text a span covers is not copied into the
row (claims and quotes are whole sentences, and copies would double the store): it is cut from
the article's text when asked for, as `export` does.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from glasnost.analysis import Analysis, Span

_DAY = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Findings:
    techniques: list[Row]
    claims: list[Row]
    quotes: list[Row]
    actors: list[Row]
    mentions: list[Row]
    relations: list[Row]


def day_and_month(published: str | None) -> tuple[str | None, str | None]:
    """`2024-03-05T10:00Z` -> ("2024-03-05", "2024-03"); a month alone has no day."""
    match = _DAY.match(published or "")
    if match is None:
        return None, None
    year, month, day = match.groups()
    return (f"{year}-{month}-{day}" if day else None), f"{year}-{month}"


def pipeline_row(analysis: Analysis) -> Row:
    """The pipeline that made an analysis, with a fingerprint so each distinct one is stored once."""
    info = analysis.pipeline
    steps = json.dumps([step.model_dump() for step in info.steps], sort_keys=True)
    settings = info.settings.model_dump_json()
    fingerprint = hashlib.sha256("\n".join((info.glasnost, info.spacy_model, steps, settings)).encode()).hexdigest()
    return fingerprint, info.glasnost, info.spacy_model, steps, settings


def _span(analysis: Analysis, span: Span) -> Row:
    raw_start, raw_end = analysis.raw_span(span.start, span.end)
    return span.start, span.end, raw_start, raw_end


def findings(analysis: Analysis) -> Findings:
    names = {actor.id: actor.name for actor in analysis.actors}
    return Findings(
        techniques=[(t.technique, *_span(analysis, t), t.score) for t in analysis.techniques],
        claims=[(c.sentence, c.claim_type, c.certainty, *_span(analysis, c), c.score) for c in analysis.claims],
        quotes=[
            (
                q.kind,
                *_span(analysis, q),
                q.speaker,
                names.get(q.speaker) if q.speaker else None,
                q.speaker_mention.text if q.speaker_mention else None,
                q.cue.text if q.cue else None,
                q.score,
            )
            for q in analysis.speech_quotes()
        ],
        actors=[
            (a.id, a.name, a.name.casefold(), a.type, json.dumps(a.aliases), len(a.mentions), a.salience, a.sentiment)
            for a in analysis.actors
        ],
        mentions=[(a.id, *_span(analysis, m)) for a in analysis.actors for m in a.mentions],
        relations=[
            (
                r.source,
                r.target,
                names.get(r.source, r.source),
                names.get(r.target, r.target),
                r.kind,
                json.dumps([[*_span(analysis, e)] for e in r.evidence]),
                r.score,
            )
            for r in analysis.relations
        ],
    )


COLUMNS: dict[str, tuple[str, ...]] = {
    "techniques": ("technique", "char_start", "char_end", "raw_start", "raw_end", "score"),
    "claims": ("sentence", "claim_type", "certainty", "char_start", "char_end", "raw_start", "raw_end", "score"),
    "quotes": (
        "kind", "char_start", "char_end", "raw_start", "raw_end", "speaker", "speaker_name", "speaker_text",
        "cue_text", "score",
    ),
    "actors": ("actor", "name", "name_key", "type", "aliases", "mentions", "salience", "sentiment"),
    "mentions": ("actor", "char_start", "char_end", "raw_start", "raw_end"),
    "relations": ("source", "target", "source_name", "target_name", "kind", "evidence", "score"),
}
