"""What a store holds, at a glance: how many articles, from where and when, and which models made them."""

from __future__ import annotations

import json
from dataclasses import dataclass

from glasnost.store.backend import Backend


@dataclass(frozen=True)
class PipelineUse:
    glasnost: str
    spacy_model: str
    steps: list[dict]
    settings: dict
    articles: int


@dataclass(frozen=True)
class CorpusSummary:
    store: str
    backend: str
    schema_version: int
    articles: int
    near_duplicates: int
    first_published: str | None
    last_published: str | None
    sites: dict[str, int]  # "" for articles without a site
    months: dict[str, int]  # "" for articles without a date
    pipelines: list[PipelineUse]


def summarize(db: Backend, schema_version: int) -> CorpusSummary:
    def counts(column: str) -> dict[str, int]:
        rows = db.rows(f"SELECT coalesce({column}, ''), count(*) FROM articles GROUP BY 1 ORDER BY 1")
        return {key: int(n) for key, n in rows}

    first, last = db.rows("SELECT min(day), max(day) FROM articles")[0]
    pipelines = [
        PipelineUse(glasnost, spacy, json.loads(steps), json.loads(settings), int(n))
        for glasnost, spacy, steps, settings, n in db.rows(
            # counted by id first: grouping every article row by the pipeline's long text took a second per 50,000
            "SELECT p.glasnost, p.spacy_model, p.steps, p.settings, c.n FROM pipelines p"
            " JOIN (SELECT pipeline, count(*) AS n FROM articles GROUP BY pipeline) c ON c.pipeline = p.id ORDER BY p.id"
        )
    ]
    return CorpusSummary(
        store=db.location.shown,
        backend=db.name,
        schema_version=schema_version,
        articles=int(db.scalar("SELECT count(*) FROM articles")),
        near_duplicates=int(db.scalar("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL")),
        first_published=first,
        last_published=last,
        sites=counts("site"),
        months=counts("month"),
        pipelines=pipelines,
    )
