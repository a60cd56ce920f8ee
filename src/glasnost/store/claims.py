"""Stored claims one at a time: the claims of an article, one claim with its fact-check matches,
and the claims of other articles that retell it.

A claim's id is its row id in `claim_vectors`, the table that gives each embedded claim its
narrative (`glasnost ingest` embeds every claim; an article stored without `embed=` has claims
without ids, and takes no part in narratives). Its place in the analysis (`claims[position]`,
where its fact-check matches are kept) is the row's `claim` column.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field

import numpy as np

from glasnost.store.backend import Backend

_ARTICLE = "a.article_id, a.site, a.day, a.title"


@dataclass(frozen=True)
class StoredClaim:
    """One stored claim, where it was published, and what it matched at ingest."""

    id: int | None
    position: int
    text: str
    claim_type: str
    certainty: str | None
    article: str
    site: str | None
    published: str | None
    title: str | None
    narrative: int | None
    matches: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Retelling:
    """A claim of another article in the same narrative, with its cosine to the claim asked about
    and whether its article was published earlier (or, on the same day or undated, stored earlier)."""

    id: int
    text: str
    article: str
    site: str | None
    published: str | None
    title: str | None
    similarity: float
    earlier: bool


def _stored_claims(db: Backend, row: int) -> list[dict] | None:
    """The `claims` of a stored analysis as plain JSON: a page needs only them, and reading them
    so costs a fraction of validating the whole analysis."""
    data = db.scalar("SELECT analysis FROM bodies WHERE id = ?", (row,))
    return None if data is None else json.loads(zlib.decompress(data)).get("claims", [])


def _claims(db: Backend, article: int) -> list[StoredClaim]:
    """The claims of one article (its row id), each with its id, narrative and matches."""
    meta = db.rows(f"SELECT {_ARTICLE} FROM articles a WHERE a.id = ?", (article,))
    claims = _stored_claims(db, article)
    if not meta or claims is None:
        return []
    ids = {int(r[0]): (int(r[1]), int(r[2])) for r in db.rows("SELECT claim, id, narrative FROM claim_vectors WHERE article = ?", (article,))}
    article_id, site, day, title = meta[0]
    return [
        StoredClaim(
            id=ids[n][0] if n in ids else None, position=n, text=c["text"], claim_type=c["claim_type"],
            certainty=c.get("certainty"), article=article_id, site=site, published=day, title=title,
            narrative=ids[n][1] if n in ids else None, matches=list(c.get("matches", [])),
        )
        for n, c in enumerate(claims)
    ]


def article_claims(db: Backend, article_id: str) -> list[StoredClaim]:
    """Every claim of one article, in the order of its analysis."""
    row = db.scalar("SELECT id FROM articles WHERE article_id = ?", (article_id,))
    return [] if row is None else _claims(db, int(row))


def stored_claim(db: Backend, claim_id: int) -> StoredClaim | None:
    rows = db.rows("SELECT article, claim FROM claim_vectors WHERE id = ?", (claim_id,))
    if not rows:
        return None
    return next((c for c in _claims(db, int(rows[0][0])) if c.position == int(rows[0][1])), None)


def retellings(db: Backend, claim: StoredClaim, limit: int = 50, offset: int = 0) -> list[Retelling]:
    """The claims of other articles in `claim`'s narrative, in order of publication (undated
    last), with their cosine to it. One claim per row: an article that retells it twice is
    listed twice."""
    if claim.narrative is None or claim.id is None:
        return []
    return _retold(db, claim, "", "ORDER BY a.day IS NULL, a.day, a.id, c.id", limit, offset)


def earlier(db: Backend, claim: StoredClaim, limit: int, most: int = 1000) -> tuple[list[Retelling], int]:
    """The `limit` newest retellings of `claim` that appeared before it (`Retelling.earlier`),
    newest first, and how many there are in all, counted up to `most` and one more (a page
    says "more than" past that): a few rows and one bounded count, however often it was retold."""
    if claim.narrative is None or claim.id is None:
        return [], 0
    row = int(db.scalar("SELECT article FROM claim_vectors WHERE id = ?", (claim.id,)))
    if claim.published is None:  # an undated claim: what was stored before its article
        before, params = " AND a.id < ?", (row,)
    else:
        before = " AND CASE WHEN a.day IS NOT NULL AND a.day <> ? THEN a.day < ? ELSE a.id < ? END"
        params = (claim.published, claim.published, row)
    shown = _retold(db, claim, before, "ORDER BY a.day IS NULL DESC, a.day DESC, a.id DESC, c.id DESC", limit, 0, params)
    total = db.scalar(
        "SELECT count(*) FROM (SELECT 1 FROM claim_vectors c JOIN articles a ON a.id = c.article"
        f" WHERE c.narrative = ? AND a.article_id <> ?{before} LIMIT ?) counted",
        (claim.narrative, claim.article, *params, most + 1),
    )
    return shown, int(total)


def _retold(
    db: Backend, claim: StoredClaim, where: str, order: str, limit: int, offset: int, params: tuple = (),
) -> list[Retelling]:
    me = db.rows("SELECT vector, article FROM claim_vectors WHERE id = ?", (claim.id,))
    vector = np.frombuffer(bytes(me[0][0]), dtype=np.float16).astype(np.float32)
    row, day = int(me[0][1]), claim.published
    rows = db.rows(
        f"SELECT c.id, c.text, c.vector, a.id, {_ARTICLE} FROM claim_vectors c JOIN articles a ON a.id = c.article"
        f" WHERE c.narrative = ? AND a.article_id <> ?{where} {order} LIMIT ? OFFSET ?",
        (claim.narrative, claim.article, *params, limit, offset),
    )
    shown = []
    for vector_id, text, data, article, article_id, site, published, title in rows:
        similarity = round(float(np.frombuffer(bytes(data), dtype=np.float16).astype(np.float32) @ vector), 4)
        if published and day and published != day:
            earlier = published < day
        else:
            earlier = int(article) < row
        shown.append(Retelling(int(vector_id), text, article_id, site, published, title, similarity, earlier))
    return shown


def narrative_articles(db: Backend, narrative: int, limit: int, offset: int = 0) -> list[tuple[str, str | None, str | None, str | None, int]]:
    """(article id, site, day, title, claims in the narrative) for a page of a narrative's
    articles, in order of publication (undated last)."""
    rows = db.rows(
        f"SELECT {_ARTICLE}, count(*) FROM claim_vectors c JOIN articles a ON a.id = c.article WHERE c.narrative = ?"
        " GROUP BY a.id, a.article_id, a.site, a.day, a.title ORDER BY a.day IS NULL, a.day, a.id LIMIT ? OFFSET ?",
        (narrative, limit, offset),
    )
    return [(r[0], r[1], r[2], r[3], int(r[4])) for r in rows]
