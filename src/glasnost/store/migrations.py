"""The store's schema as numbered migrations, each applied once, in order, in its own transaction.

A migration is never edited once released: a change is a new, higher number, so a store made by
any earlier Glasnost reaches the current schema by running the ones it lacks. `{pk}`, `{ref}`,
`{real}` and `{blob}` stand for each backend's column types; a step given as a pair holds the
SQLite and the PostgreSQL spelling of something they do differently, and a function is a step
SQL alone cannot take (filling a table from what Python computes of the stored rows).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from glasnost.errors import Errors, InputError
from glasnost.store import narrative_sizes
from glasnost.store.backend import Backend

Step = str | tuple[str, str] | Callable[[Backend], None]


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    steps: tuple[Step, ...]


def _findings(table: str, columns: str) -> tuple[str, str]:
    return (
        f"CREATE TABLE {table} (article {{ref}} NOT NULL REFERENCES articles(id) ON DELETE CASCADE, {columns})",
        f"CREATE INDEX {table}_article ON {table}(article)",
    )


def rollups(article: bool) -> tuple[str, ...]:
    """Add articles' counts to the outlet rollups: every article when building them (migration
    4), or one (`article=True`, a `?` for its row id) as `Store.add` stores it, so both fill
    them alike. Missing sites and months are '' there (a key column cannot be NULL). Migration 4
    runs these: a change to them is a new migration that rebuilds the rollups."""
    where = "WHERE a.id = ?" if article else "WHERE 1 = 1"
    upsert = " ON CONFLICT (site, month, kind, key, type) DO UPDATE SET n = outlet_counts.n + excluded.n, total = outlet_counts.total + excluded.total,"
    upsert += " label = CASE WHEN excluded.label > outlet_counts.label THEN excluded.label ELSE outlet_counts.label END"
    keys = "coalesce(a.site, ''), coalesce(a.month, '')"
    return (
        f"INSERT INTO outlet_months SELECT {keys}, count(*), sum(a.words), sum(a.techniques), sum(a.quotes)"
        f" FROM articles a {where} GROUP BY 1, 2 ON CONFLICT (site, month) DO UPDATE SET"
        " articles = outlet_months.articles + excluded.articles, words = outlet_months.words + excluded.words,"
        " highlights = outlet_months.highlights + excluded.highlights, quotes = outlet_months.quotes + excluded.quotes",
        f"INSERT INTO outlet_counts SELECT {keys}, 'technique', t.technique, '', t.technique, count(*), 0"
        f" FROM techniques t JOIN articles a ON a.id = t.article {where} GROUP BY 1, 2, 4" + upsert,
        f"INSERT INTO outlet_counts SELECT {keys}, 'genre', coalesce(a.genre, 'unknown'), '', coalesce(a.genre, 'unknown'), count(*), 0"
        f" FROM articles a {where} GROUP BY 1, 2, 4" + upsert,
        f"INSERT INTO outlet_counts SELECT {keys}, 'certainty', coalesce(c.certainty, 'unmarked'), '', coalesce(c.certainty, 'unmarked'), count(*), 0"
        f" FROM claims c JOIN articles a ON a.id = c.article {where} GROUP BY 1, 2, 4" + upsert,
        f"INSERT INTO outlet_counts SELECT {keys}, 'actor', x.name_key, x.type, max(x.name), count(*), sum(x.sentiment)"
        f" FROM actors x JOIN articles a ON a.id = x.article {where} GROUP BY 1, 2, 4, 5" + upsert,
        "INSERT INTO outlet_actors SELECT coalesce(a.site, ''), x.name_key, x.type, max(x.name), count(*), sum(x.sentiment)"
        f" FROM actors x JOIN articles a ON a.id = x.article {where} GROUP BY 1, 2, 3"
        + upsert.replace("(site, month, kind, key, type)", "(site, key, type)").replace("outlet_counts", "outlet_actors"),
    )


_SPAN = "char_start INTEGER NOT NULL, char_end INTEGER NOT NULL, raw_start INTEGER NOT NULL, raw_end INTEGER NOT NULL"

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "articles, pipelines and one table per layer of findings",
        (
            "CREATE TABLE pipelines (id {pk}, fingerprint TEXT NOT NULL UNIQUE, glasnost TEXT NOT NULL,"
            " spacy_model TEXT NOT NULL, steps TEXT NOT NULL, settings TEXT NOT NULL)",
            "CREATE TABLE articles (id {pk}, article_id TEXT NOT NULL UNIQUE, content_hash TEXT NOT NULL UNIQUE,"
            " url TEXT, url_key TEXT, site TEXT, published TEXT, day TEXT, month TEXT, title TEXT,"
            " authors TEXT NOT NULL, language TEXT, source TEXT, words INTEGER NOT NULL,"
            " genre TEXT, genre_score {real}, techniques INTEGER NOT NULL, claims INTEGER NOT NULL,"
            " quotes INTEGER NOT NULL, pipeline {ref} NOT NULL REFERENCES pipelines(id),"
            " schema_version TEXT NOT NULL, stored_at TEXT NOT NULL)",
            # The bulky part of an article, apart, so that scanning articles reads metadata only.
            "CREATE TABLE bodies (id {ref} PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,"
            " title TEXT, text TEXT NOT NULL, analysis {blob} NOT NULL)",
            "CREATE INDEX articles_url_key ON articles(url_key)",
            "CREATE INDEX articles_site_day ON articles(site, day)",
            "CREATE INDEX articles_day ON articles(day)",
            *_findings("techniques", f"technique TEXT NOT NULL, {_SPAN}, score {{real}} NOT NULL"),
            "CREATE INDEX techniques_technique ON techniques(technique, article)",
            *_findings(
                "claims",
                f"sentence INTEGER NOT NULL, claim_type TEXT NOT NULL, certainty TEXT, {_SPAN}, score {{real}} NOT NULL",
            ),
            *_findings(
                "quotes",
                f"kind TEXT NOT NULL, {_SPAN}, speaker TEXT, speaker_name TEXT, speaker_text TEXT,"
                " cue_text TEXT, score {real} NOT NULL",
            ),
            *_findings(
                "actors",
                "actor TEXT NOT NULL, name TEXT NOT NULL, name_key TEXT NOT NULL, type TEXT NOT NULL,"
                " aliases TEXT NOT NULL, mentions INTEGER NOT NULL, salience {real} NOT NULL, sentiment {real} NOT NULL",
            ),
            "CREATE INDEX actors_name_key ON actors(name_key, article)",
            *_findings("mentions", f"actor TEXT NOT NULL, {_SPAN}"),
            *_findings(
                "relations",
                "source TEXT NOT NULL, target TEXT NOT NULL, source_name TEXT NOT NULL, target_name TEXT NOT NULL,"
                " kind TEXT NOT NULL, evidence TEXT NOT NULL, score {real} NOT NULL",
            ),
        ),
    ),
    Migration(
        2,
        "full-text index over title and text",
        (
            (
                "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='bodies', content_rowid='id',"
                " tokenize='porter unicode61')",
                "ALTER TABLE bodies ADD COLUMN search tsvector GENERATED ALWAYS AS"
                " (setweight(to_tsvector('english', coalesce(title, '')), 'A') || to_tsvector('english', text)) STORED",
            ),
            (
                "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
                "CREATE INDEX bodies_search ON bodies USING GIN (search)",
            ),
        ),
    ),
    Migration(
        3,
        "near-duplicates: a MinHash signature per article and a link to its original",
        (
            "ALTER TABLE articles ADD COLUMN duplicate_of {ref} REFERENCES articles(id)",
            "ALTER TABLE articles ADD COLUMN similarity {real}",
            "ALTER TABLE bodies ADD COLUMN minhash {blob}",
            "CREATE INDEX articles_duplicate_of ON articles(duplicate_of)",
        ),
    ),
    Migration(
        4,
        "outlet rollups: per site and month (and per site for actors), the counts outlet profiles read, built from the stored rows",
        (
            "CREATE TABLE outlet_months (site TEXT NOT NULL, month TEXT NOT NULL, articles INTEGER NOT NULL,"
            " words INTEGER NOT NULL, highlights INTEGER NOT NULL, quotes INTEGER NOT NULL, PRIMARY KEY (site, month))",
            "CREATE TABLE outlet_counts (site TEXT NOT NULL, month TEXT NOT NULL, kind TEXT NOT NULL, key {key} NOT NULL,"
            " type {key} NOT NULL, label TEXT NOT NULL, n INTEGER NOT NULL, total {real} NOT NULL,"
            " PRIMARY KEY (site, month, kind, key, type))",
            "CREATE INDEX outlet_counts_rank ON outlet_counts(site, month, kind, n DESC, key, type)",
            "CREATE TABLE outlet_actors (site TEXT NOT NULL, key {key} NOT NULL, type {key} NOT NULL, label TEXT NOT NULL,"
            " n INTEGER NOT NULL, total {real} NOT NULL, PRIMARY KEY (site, key, type))",
            "CREATE INDEX outlet_actors_rank ON outlet_actors(site, n DESC, key, type)",
            *rollups(article=False),
        ),
    ),
    Migration(
        5,
        "fact-checks (ClaimReview, EUvsDisinfo) with a full-text index and sentence vectors; saved vector indexes",
        (
            "CREATE TABLE factchecks (id {pk}, key {key} NOT NULL UNIQUE, identifier TEXT, url TEXT,"
            " claim_reviewed TEXT NOT NULL, rating TEXT, rating_value TEXT, publisher TEXT, author TEXT,"
            " date_published TEXT, item_author TEXT, item_date TEXT, appearance TEXT NOT NULL, language TEXT,"
            " source TEXT NOT NULL, extra TEXT NOT NULL, content_hash TEXT NOT NULL, vector {blob} NOT NULL,"
            " imported_at TEXT NOT NULL)",
            "CREATE INDEX factchecks_source ON factchecks(source)",
            (
                "CREATE VIRTUAL TABLE factchecks_fts USING fts5(claim_reviewed, tokenize='porter unicode61')",
                "ALTER TABLE factchecks ADD COLUMN search tsvector GENERATED ALWAYS AS"
                " (to_tsvector('english', claim_reviewed)) STORED",
            ),
            ("SELECT 1", "CREATE INDEX factchecks_search ON factchecks USING GIN (search)"),  # FTS5 is its own index
            "CREATE TABLE vector_indexes (name {key} PRIMARY KEY, rows INTEGER NOT NULL, stamp TEXT NOT NULL, data {blob} NOT NULL)",
        ),
    ),
    Migration(
        6,
        "narratives: a sentence vector per stored claim, the narrative it joined, and the merges of narratives",
        (
            "CREATE TABLE narratives (id {pk}, created_at TEXT NOT NULL, merged_into {ref} REFERENCES narratives(id))",
            "CREATE TABLE claim_vectors (id {pk}, article {ref} NOT NULL REFERENCES articles(id), claim INTEGER NOT NULL,"
            " text TEXT NOT NULL, vector {blob} NOT NULL, narrative {ref} NOT NULL REFERENCES narratives(id),"
            " nearest {ref} REFERENCES claim_vectors(id), similarity {real})",
            "CREATE INDEX claim_vectors_narrative ON claim_vectors(narrative)",
            "CREATE INDEX claim_vectors_article ON claim_vectors(article)",
            "CREATE TABLE narrative_events (id {pk}, kind TEXT NOT NULL, narrative {ref} NOT NULL REFERENCES narratives(id),"
            " survivor {ref} REFERENCES narratives(id), claim {ref} REFERENCES claim_vectors(id), similarity {real},"
            " at TEXT NOT NULL)",
            "CREATE INDEX narrative_events_survivor ON narrative_events(survivor)",
        ),
    ),
    Migration(
        7,
        "narrative sizes and claim word counts, so a page of narratives reads a page, not every claim",
        (
            "CREATE TABLE narrative_sizes (narrative {ref} PRIMARY KEY REFERENCES narratives(id), claims INTEGER NOT NULL,"
            " articles INTEGER NOT NULL, sort_day {key} NOT NULL)",
            "CREATE INDEX narrative_sizes_rank ON narrative_sizes(articles DESC, sort_day, narrative)",
            "CREATE TABLE claim_words (word {key} PRIMARY KEY, claims INTEGER NOT NULL)",
            "CREATE INDEX narrative_events_narrative ON narrative_events(narrative)",
            narrative_sizes.fill,
        ),
    ),
    Migration(
        8,
        "the sentence embedder whose vectors the store holds (name and version), so that two never mix",
        ("CREATE TABLE embedder (option TEXT NOT NULL, name TEXT NOT NULL, recorded_at TEXT NOT NULL)",),
    ),
)

LATEST = MIGRATIONS[-1].version
_LEDGER = "glasnost_schema"


def version(backend: Backend) -> int:
    """The schema version a store is at; 0 for an empty database."""
    if not backend.has_table(_LEDGER):
        if backend.has_table("articles"):
            raise InputError(Errors.E170.format(path=backend.location.shown, reason="it has tables but no glasnost_schema"))
        return 0
    return int(backend.scalar(f"SELECT coalesce(max(version), 0) FROM {_LEDGER}"))


def migrate(backend: Backend, target: int = LATEST) -> int:
    """Bring the store up to `target`, refusing one written by a newer Glasnost."""
    current = version(backend)
    if current > LATEST:
        raise InputError(Errors.E162.format(url=backend.location.shown, found=current, known=LATEST))
    if current == 0:
        with backend.write():
            backend.execute(
                f"CREATE TABLE IF NOT EXISTS {_LEDGER} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
    for migration in MIGRATIONS:
        if current < migration.version <= target:
            with backend.write():
                if version(backend) >= migration.version:  # another process got there first
                    continue
                for step in migration.steps:
                    if callable(step):
                        step(backend)
                        continue
                    text = step if isinstance(step, str) else step[backend.name == "postgresql"]
                    backend.execute(text.format(**backend.types))
                stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
                backend.execute(f"INSERT INTO {_LEDGER} VALUES (?, ?, ?)", (migration.version, migration.name, stamp))
    return version(backend)
