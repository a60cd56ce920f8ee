"""The Store: one interface over SQLite and PostgreSQL for keeping and querying analyses."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from glasnost.analysis import Analysis
from glasnost.errors import Errors, InputError
from glasnost.store import browse, claims, export, migrations, ratings, rows
from glasnost.store.backend import Backend, connect
from glasnost.store.dedupe import content_hash, signature, to_bytes, url_key
from glasnost.store.embedders import check_embedder, identity, recorded
from glasnost.store.location import parse
from glasnost.store.narratives import (
    ClaimIndex,
    Embed,
    Narrative,
    assign,
    claim_vectors,
    narrative_count,
    narrative_page,
    narratives,
    one_narrative,
    split_narratives,
    survivor,
    thresholds_for,
)
from glasnost.store.profiles import ActorStanding, OutletProfile, profiles
from glasnost.store.search import Filters, Hit, search
from glasnost.store.summary import CorpusSummary, summarize


class ArticleConflict(InputError):
    """This one article cannot be stored (its id names another stored article); the rest can."""


@dataclass(frozen=True)
class Added:
    """An article the store took: its row id and, for a near-duplicate, its original's row id."""

    id: int
    duplicate_of: int | None


class Store:
    """A corpus of analyses. Each `add` is one transaction: an article is stored whole or not at all.

    The whole analysis is kept as zlib-compressed JSON (a tenth of its size), beside the rows."""

    def __init__(self, backend: Backend, hnsw_from: int | None = None) -> None:
        self.db = backend
        self._claims = ClaimIndex(hnsw_from=hnsw_from)
        self.touched: set[int] = set()  # the narratives this Store's adds put claims in
        self._embedder: tuple[str, str] | None = None

    def use_embedder(self, embed: object) -> None:
        """Take claim vectors from `embed` (an embedder or its bound `embed`): refused (E231)
        where the store's vectors come from another; its narrative thresholds from now on."""
        if identity(embed) == self._embedder:
            return
        check_embedder(self.db, *identity(embed))
        self._embedder = identity(embed)

    def _thresholds(self) -> tuple[float, float]:
        """The narrative thresholds of the embedder the store's vectors come from."""
        found = self._embedder or recorded(self.db)
        return thresholds_for(found[0] if found else "minilm")

    @property
    def url(self) -> str:
        return self.db.location.shown

    @property
    def backend(self) -> str:
        return self.db.name

    @property
    def schema_version(self) -> int:
        return migrations.version(self.db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def knows(self, text_hash: str, url: str | None) -> bool:
        """Whether an article with this text hash, or this URL once normalized, is stored."""
        key = url_key(url)
        query = "SELECT 1 FROM articles WHERE content_hash = ?" + (" OR url_key = ?" if key else "") + " LIMIT 1"
        return self.db.scalar(query, (text_hash, key) if key else (text_hash,)) is not None

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """The MinHash signature of every original (not near-duplicate) article, by text hash."""
        query = (
            "SELECT a.content_hash, b.minhash FROM articles a JOIN bodies b ON b.id = a.id"
            " WHERE a.duplicate_of IS NULL AND b.minhash IS NOT NULL"
        )
        for key, data in self.db.stream(query):
            yield key, bytes(data)

    def add(
        self,
        analysis: Analysis,
        original: str | None = None,
        similarity: float | None = None,
        minhash: bytes | None = None,
        embed: Embed | None = None,
        vectors: np.ndarray | None = None,
    ) -> Added | None:
        """Store an analysis with every layer; None when its text or URL is already stored.

        `original` is the text hash of the article this one nearly duplicates (see `Intake`).
        With `embed`, its claims get their sentence vectors and narratives (`glasnost.store.
        narratives`); the vectors are computed before the write transaction, so the writer's
        lock is not held while the model runs. `vectors` (one row per claim, as `embed` would
        give them) are used instead, where the caller computed them already."""
        info = analysis.article
        text_hash = content_hash(info.text)
        if embed is not None:
            self.use_embedder(embed)
        if not analysis.claims:
            vectors = None
        elif vectors is None and embed is not None:
            vectors = claim_vectors(embed, analysis)
        with self.db.write():
            if self.knows(text_hash, info.url):
                return None
            if self.db.scalar("SELECT 1 FROM articles WHERE article_id = ?", (info.id,)) is not None:
                raise ArticleConflict(Errors.E165.format(id=info.id))
            pipeline = self._pipeline(analysis)
            original_id = self.db.scalar("SELECT id FROM articles WHERE content_hash = ?", (original,)) if original else None
            day, month = rows.day_and_month(info.published)
            stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
            article_id = self.db.insert(
                "INSERT INTO articles (article_id, content_hash, url, url_key, site, published, day, month, title,"
                " authors, language, source, words, genre, genre_score, techniques, claims, quotes, pipeline,"
                " schema_version, stored_at, duplicate_of, similarity)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    info.id, text_hash, info.url, url_key(info.url), info.site, info.published, day, month, info.title,
                    json.dumps(info.authors), info.language, info.source,
                    analysis.stats.words if analysis.stats else len(info.text.split()),
                    analysis.genre.label if analysis.genre else None, analysis.genre.score if analysis.genre else None,
                    len(analysis.techniques), len(analysis.claims), len(analysis.speech_quotes()), pipeline,
                    analysis.schema_version, stamp, original_id, similarity if original_id else None,
                ),
            )
            self.db.execute(
                "INSERT INTO bodies (id, title, text, analysis, minhash) VALUES (?, ?, ?, ?, ?)",
                (
                    article_id, info.title, info.text, zlib.compress(analysis.to_json(indent=None).encode("utf-8")),
                    minhash or to_bytes(signature(info.text)),
                ),
            )
            self.db.index_text(article_id, info.title, info.text)
            found = rows.findings(analysis)
            for table, columns in rows.COLUMNS.items():
                marks = ", ".join("?" * (len(columns) + 1))
                self.db.insert_many(
                    f"INSERT INTO {table} (article, {', '.join(columns)}) VALUES ({marks})",
                    [(article_id, *row) for row in getattr(found, table)],
                )
            for statement in migrations.rollups(article=True):
                self.db.execute(statement, (article_id,))
            if vectors is not None:
                found_in = assign(self.db, self._claims, article_id, [c.text for c in analysis.claims], vectors, self._thresholds()[0])
        if vectors is not None:
            self.touched.update(found_in)
        return Added(article_id, original_id)

    def _pipeline(self, analysis: Analysis) -> int:
        row = rows.pipeline_row(analysis)
        known = self.db.scalar("SELECT id FROM pipelines WHERE fingerprint = ?", (row[0],))
        if known is not None:
            return int(known)
        return self.db.insert(
            "INSERT INTO pipelines (fingerprint, glasnost, spacy_model, steps, settings) VALUES (?, ?, ?, ?, ?)", row
        )

    def analysis(self, article_id: str) -> Analysis | None:
        """A stored analysis as it was made, its raw-offset map included."""
        data = self.db.scalar(
            "SELECT b.analysis FROM bodies b JOIN articles a ON a.id = b.id WHERE a.article_id = ?", (article_id,)
        )
        return None if data is None else Analysis.from_json(zlib.decompress(data))

    def search(self, query: str, filters: Filters = Filters(), limit: int = 20, offset: int = 0) -> list[Hit]:
        """The best `limit` articles holding every word and "phrase" of `query`, best first,
        after skipping the `offset` best."""
        return search(self.db, query, filters, limit, offset)

    def summary(self) -> CorpusSummary:
        return summarize(self.db, self.schema_version)

    def outlets(self, filters: Filters = Filters()) -> list[OutletProfile]:
        """One profile per site, most articles first (only `since`/`until` of `filters` make sense here)."""
        return profiles(self.db, filters)

    def site_hosts(self) -> dict[str | None, list[str]]:
        """Each site's article URL hosts, the most common first (for joining outlet ratings)."""
        return ratings.site_hosts(self.db)

    def export(self, table: str, fmt: str, path: Path) -> int:
        """Write one table as csv, jsonl or parquet; returns the number of rows."""
        return export.export(self.db, table, fmt, path)

    def analyses(self, filters: Filters = Filters()) -> Iterator[tuple[str | None, Analysis]]:
        """Every stored analysis that `filters` lets through, oldest first, with its month."""
        where, params = filters.where()
        query = (
            "SELECT a.month, b.analysis FROM articles a JOIN bodies b ON b.id = a.id"
            f" WHERE 1 = 1{where} ORDER BY a.day, a.id"
        )
        for month, data in self.db.stream(query, params, size=200):
            yield month, Analysis.from_json(zlib.decompress(data))

    def contents(self) -> dict[str, tuple[str | None, str]]:
        """Every stored article as article id -> (its original's article id when it is a near
        duplicate, its analysis JSON exactly as stored): what two runs over the same inputs must
        agree on, whatever order their writers committed in."""
        rows = self.db.rows(
            "SELECT a.article_id, o.article_id, b.analysis FROM articles a JOIN bodies b ON b.id = a.id"
            " LEFT JOIN articles o ON o.id = a.duplicate_of"
        )
        return {article: (original, zlib.decompress(data).decode("utf-8")) for article, original, data in rows}

    def narratives(self, filters: Filters = Filters(), min_articles: int = 2) -> list[Narrative]:
        """The narratives spanning at least `min_articles` articles (see `glasnost.store.narratives`)."""
        return narratives(self.db, filters, min_articles)

    def narrative_page(self, filters: Filters = Filters(), min_articles: int = 2, limit: int = 20, offset: int = 0) -> list[Narrative]:
        """A page of `narratives`, read and built for that page alone."""
        return narrative_page(self.db, filters, min_articles, limit, offset)

    def narrative_count(self, filters: Filters = Filters(), min_articles: int = 2) -> int:
        return narrative_count(self.db, filters, min_articles)

    def narrative(self, key: int) -> Narrative | None:
        """One live narrative whole; None when unknown or merged (`merged_into` says which)."""
        return one_narrative(self.db, key)

    def merged_into(self, key: int) -> tuple[bool, int | None]:
        """Whether narrative `key` exists, and the survivor it was merged into (None while it lives)."""
        return survivor(self.db, key)

    def narrative_articles(self, key: int, limit: int = 20, offset: int = 0) -> list[tuple[str, str | None, str | None, str | None, int]]:
        return claims.narrative_articles(self.db, key, limit, offset)

    def claims_of(self, article_id: str) -> list[claims.StoredClaim]:
        """Every claim of one stored article with its claim id, narrative and fact-check matches."""
        return claims.article_claims(self.db, article_id)

    def claim(self, claim_id: int) -> claims.StoredClaim | None:
        return claims.stored_claim(self.db, claim_id)

    def retellings(self, claim: claims.StoredClaim, limit: int = 50, offset: int = 0) -> list[claims.Retelling]:
        """The claims of other articles in the claim's narrative, in order of publication."""
        return claims.retellings(self.db, claim, limit, offset)

    def earlier(self, claim: claims.StoredClaim, limit: int = 5, most: int = 1000) -> tuple[list[claims.Retelling], int]:
        """The newest retellings of the claim that appeared before it, and how many (up to `most` + 1)."""
        return claims.earlier(self.db, claim, limit, most)

    def split_narratives(self, only: set[int] | None = None) -> list[dict]:
        """Split the narratives (of `only`, or all) whose claims no longer hold together, in one
        transaction; the split events (see `glasnost.store.narratives.split_narratives`)."""
        with self.db.write():
            return split_narratives(self.db, only, self._thresholds()[1])

    def save_claim_index(self) -> bool:
        """Keep the HNSW index over the claim vectors (past `HNSW_FROM` of them) in the store for
        the next run, when the saved one lags; whether it was written."""
        with self.db.write():
            return self._claims.save(self.db)

    def revision(self) -> tuple[int, int]:
        """The row ids of the newest stored article and narrative event (0 when none): articles
        are only ever added, and narratives change only with them or with a recorded merge or
        split, so while both stay the same, so does every search and narrative list."""
        row = self.db.rows("SELECT (SELECT coalesce(max(id), 0) FROM articles), (SELECT coalesce(max(id), 0) FROM narrative_events)")
        return int(row[0][0]), int(row[0][1])

    def count(self) -> int:
        return int(self.db.scalar("SELECT count(*) FROM articles"))

    def newest(self, filters: Filters = Filters(), limit: int = 20, offset: int = 0) -> list[browse.Listed]:
        """A page of the articles `filters` lets through, newest first."""
        return browse.newest(self.db, filters, limit, offset)

    def listed(self, article_id: str) -> browse.Listed | None:
        """One article's metadata and counts, without reading its analysis."""
        return browse.listed(self.db, article_id)

    def near_duplicates(self, article_id: str, limit: int = 50) -> list[browse.Listed]:
        return browse.near_duplicates(self.db, article_id, limit)

    def daily(self, filters: Filters = Filters()) -> list[tuple[str, str | None, int]]:
        """Articles per day and site; `last_day()` is the latest day a store holds."""
        return browse.daily(self.db, filters)

    def last_day(self) -> str | None:
        return browse.last_day(self.db)

    def top_actors(self, filters: Filters = Filters(), limit: int = 20, offset: int = 0) -> list[ActorStanding]:
        return browse.top_actors(self.db, filters, limit, offset)

    def actor_months(
        self, name: str, filters: Filters = Filters(), limit: int = 12, offset: int = 0, partners: int = 8
    ) -> list[browse.ActorMonth]:
        return browse.actor_months(self.db, name, filters, limit, offset, partners)


def open_store(url: str | Path | None = None, create: bool = True, migrate_to: int | None = None, hnsw_from: int | None = None) -> Store:
    """Open (and, with `create`, make) the store at `url`: a path or `sqlite:///PATH` (default
    `glasnost.db` here) or `postgresql://...`, bringing its schema up to date.

    `migrate_to` stops at an earlier schema version (for testing migrations); `hnsw_from` is the
    count of stored claims past which their links come from the HNSW index, not brute force."""
    backend = connect(parse(url), create)
    try:
        migrations.migrate(backend, migrations.LATEST if migrate_to is None else migrate_to)
    except BaseException:
        backend.close()
        raise
    return Store(backend, hnsw_from)
