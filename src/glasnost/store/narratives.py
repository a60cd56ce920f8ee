"""Narratives: the same claim retold across articles, grouped as articles arrive.

Each stored claim keeps its sentence vector (float16, `claim_vectors`). When an article is stored,
each of its claims is compared with every earlier claim of another article (cosine, numpy brute
force over the vectors held in memory: fine up to about 100,000 claims; past that an HNSW index
like the fact-checks' would be the next step). The claims at or above `THRESHOLD` say which
narratives it belongs to: none, and it starts a new one; one, and it joins it; several, and they
merge into the oldest (lowest id), the merge recorded in `narrative_events`. So a narrative id never
changes while the narrative lives, and a merged one names its survivor in `merged_into`.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone

import numpy as np

from glasnost.analysis import Analysis
from glasnost.store.backend import Backend
from glasnost.store.search import Filters

Embed = Callable[[list[str]], np.ndarray]
# The lowest cosine whose precision on CheckThat! 2020 dev hard negatives reaches 0.9
# (bench/narrative_threshold.py prints how it was chosen).
THRESHOLD = 0.6
_TOP_ACTORS = 5
_LINKS = 500  # a claim links through its most similar earlier claims, at most this many


class ClaimIndex:
    """The stored claim vectors in memory, read incrementally: rows are only ever appended, so
    a refresh reads the rows past the last one it has (inside the writer's transaction, before
    it adds any: a rolled-back add leaves nothing behind here). The arrays grow ahead of need, so
    an add seldom copies every vector held (a quarter more room than needed on growing)."""

    def __init__(self, dimensions: int = 384) -> None:
        self.size = 0
        self._ids = np.zeros(1024, dtype=np.int64)
        self._articles = np.zeros(1024, dtype=np.int64)
        self._matrix = np.zeros((1024, dimensions), dtype=np.float32)

    @property
    def ids(self) -> np.ndarray:
        return self._ids[: self.size]

    @property
    def articles(self) -> np.ndarray:
        return self._articles[: self.size]

    @property
    def matrix(self) -> np.ndarray:
        return self._matrix[: self.size]

    def refresh(self, db: Backend) -> None:
        last = int(self._ids[self.size - 1]) if self.size else 0
        rows = db.rows("SELECT id, article, vector FROM claim_vectors WHERE id > ? ORDER BY id", (last,))
        if not rows:
            return
        end = self.size + len(rows)
        if end > len(self._ids):
            capacity = max(end + end // 4 + 1024, 2 * len(self._ids))
            self._ids = np.resize(self._ids, capacity)
            self._articles = np.resize(self._articles, capacity)
            grown = np.zeros((capacity, self._matrix.shape[1]), dtype=np.float32)
            grown[: self.size] = self._matrix[: self.size]
            self._matrix = grown
        self._ids[self.size : end] = [r[0] for r in rows]
        self._articles[self.size : end] = [r[1] for r in rows]
        self._matrix[self.size : end] = np.stack([np.frombuffer(bytes(r[2]), dtype=np.float16) for r in rows])
        self.size = end


def claim_vectors(embed: Embed, analysis: Analysis) -> np.ndarray:
    """One vector per claim of `analysis`, in one batch (computed before the write transaction)."""
    return embed([c.text for c in analysis.claims])


class ClaimVectors:
    """Each article's claim vectors, computed once per article: by whoever asks first (at ingest,
    the fact-check matcher, before the analysis is written anywhere) and taken by the store when
    it keeps the article. Only articles between those two steps are held (a sink that buffers
    analyses holds their vectors as long)."""

    def __init__(self, embed: Embed) -> None:
        self.embed = embed
        self._held: dict[tuple[str, tuple[str, ...]], np.ndarray] = {}

    @staticmethod
    def _key(analysis: Analysis) -> tuple[str, tuple[str, ...]]:
        return analysis.article.id, tuple(c.text for c in analysis.claims)

    def of(self, analysis: Analysis) -> np.ndarray:
        """The vectors of the article's claims, kept for `take`."""
        key = self._key(analysis)
        if key not in self._held:
            self._held[key] = claim_vectors(self.embed, analysis)
        return self._held[key]

    def take(self, analysis: Analysis) -> np.ndarray:
        """The vectors of the article's claims, no longer held (computed now if never asked for)."""
        found = self._held.pop(self._key(analysis), None)
        return found if found is not None else claim_vectors(self.embed, analysis)


def assign(db: Backend, index: ClaimIndex, article: int, texts: Sequence[str], vectors: np.ndarray, threshold: float = THRESHOLD) -> list[int]:
    """Store the claims of the new `article` with their vectors, each in its narrative; runs in
    the caller's write transaction. Returns each claim's narrative id."""
    index.refresh(db)
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    found = []
    others = index.articles != article
    every = index.matrix @ vectors.astype(np.float32).T  # (stored, new): one product for the article
    for position, (text, vector) in enumerate(zip(texts, vectors)):
        sims = every[:, position]
        linked = np.flatnonzero((sims >= threshold) & others)
        linked = linked[np.argsort(-sims[linked], kind="stable")[:_LINKS]]
        nearest = int(linked[0]) if len(linked) else None
        closest: dict[int, float] = {}  # each linked narrative and its most similar claim's cosine
        if len(linked):
            similarity = {int(index.ids[i]): float(sims[i]) for i in linked}
            marks = ", ".join("?" * len(similarity))
            for row, narrative in db.rows(f"SELECT id, narrative FROM claim_vectors WHERE id IN ({marks})", list(similarity)):
                closest[int(narrative)] = max(closest.get(int(narrative), -1.0), similarity[int(row)])
        narratives = sorted(closest)
        survivor = narratives[0] if narratives else db.insert("INSERT INTO narratives (created_at) VALUES (?)", (stamp,))
        claim = db.insert(
            "INSERT INTO claim_vectors (article, claim, text, vector, narrative, nearest, similarity) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                article, position, text, vector.astype(np.float16).tobytes(), survivor,
                int(index.ids[nearest]) if nearest is not None else None,
                round(float(sims[nearest]), 4) if nearest is not None else None,
            ),
        )
        for other in narratives[1:]:
            db.execute("UPDATE claim_vectors SET narrative = ? WHERE narrative = ?", (survivor, other))
            db.execute("UPDATE narratives SET merged_into = ? WHERE id = ? OR merged_into = ?", (survivor, other, other))
            db.execute(
                "INSERT INTO narrative_events (kind, narrative, survivor, claim, similarity, at) VALUES ('merge', ?, ?, ?, ?, ?)",
                (other, survivor, claim, round(closest[other], 4), stamp),
            )
        found.append(survivor)
    return found


@dataclass
class Narrative:
    """One narrative as `glasnost narratives` shows it."""

    id: int
    label: str
    claims: int
    articles: int
    sites: list[str]
    first_seen: str | None
    last_seen: str | None
    weeks: dict[str, int]
    spread: list[dict]
    factchecks: list[dict]
    actors: list[dict]
    merged: list[dict]


def _week(day: str | None) -> str:
    if not day:
        return "undated"
    year, week, _ = date.fromisoformat(day).isocalendar()
    return f"{year}-W{week:02d}"


def narratives(db: Backend, filters: Filters = Filters(), min_articles: int = 2) -> list[Narrative]:
    """The narratives whose claims (in articles published within `filters`' dates) span at least
    `min_articles` articles; with `filters.site`, only those that site took part in. Most
    articles first, then the oldest."""
    where, params = Filters(since=filters.since, until=filters.until).where()
    rows = db.rows(
        "SELECT c.narrative, c.id, c.article, c.claim, c.text, c.vector, a.site, a.day"
        f" FROM claim_vectors c JOIN articles a ON a.id = c.article WHERE 1 = 1{where} ORDER BY c.narrative, c.id",
        params,
    )
    grouped: dict[int, list[tuple]] = {}
    for row in rows:
        grouped.setdefault(int(row[0]), []).append(row)
    kept = {
        key: members for key, members in grouped.items()
        if len({m[2] for m in members}) >= min_articles and (filters.site is None or any(m[6] == filters.site for m in members))
    }
    analyses = _analyses(db, sorted({m[2] for members in kept.values() for m in members}))
    merges = _merges(db, list(kept))
    shown = [_narrative(key, members, analyses, merges.get(key, [])) for key, members in kept.items()]
    return sorted(shown, key=lambda n: (-n.articles, n.first_seen or "9999", n.id))


def _analyses(db: Backend, articles: list[int]) -> dict[int, Analysis]:
    found: dict[int, Analysis] = {}
    for first in range(0, len(articles), 500):
        chunk = articles[first : first + 500]
        marks = ", ".join("?" * len(chunk))
        for key, data in db.rows(f"SELECT id, analysis FROM bodies WHERE id IN ({marks})", chunk):
            found[int(key)] = Analysis.from_json(zlib.decompress(data))
    return found


def _merges(db: Backend, survivors: list[int]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {}
    for narrative, survivor, similarity, at in db.rows(
        "SELECT narrative, survivor, similarity, at FROM narrative_events WHERE kind = 'merge' ORDER BY id"
    ):
        found.setdefault(int(survivor), []).append(
            {"id": int(narrative), "merged_into": int(survivor), "similarity": similarity, "at": at}
        )
    return {key: found[key] for key in survivors if key in found}


def _label(members: list[tuple]) -> str:
    """The most central claim: the highest mean cosine to the narrative's other claims."""
    if len(members) < 3:
        return members[0][4]
    matrix = np.stack([np.frombuffer(bytes(m[5]), dtype=np.float16) for m in members]).astype(np.float32)
    sims = matrix @ matrix.T
    return members[int(np.argmax(sims.sum(axis=1) - np.diag(sims)))][4]


def _narrative(key: int, members: list[tuple], analyses: dict[int, Analysis], merged: list[dict]) -> Narrative:
    dated = sorted(members, key=lambda m: (m[7] is None, m[7] or "", m[2]))
    days = [m[7] for m in members if m[7]]
    spread: dict[str | None, dict] = {}
    for m in dated:
        entry = spread.setdefault(m[6], {"site": m[6], "first_seen": m[7], "articles": set()})
        entry["articles"].add(m[2])
    week_articles: dict[str, set[int]] = {}
    for m in members:
        week_articles.setdefault(_week(m[7]), set()).add(m[2])
    checks: dict[str, dict] = {}
    for m in members:
        analysis = analyses.get(int(m[2]))
        if analysis is None or m[3] >= len(analysis.claims):
            continue
        for match in analysis.claims[m[3]].matches:
            shown = checks.setdefault(
                match.url or match.identifier or match.claim_reviewed,
                {"identifier": match.identifier, "url": match.url, "claim_reviewed": match.claim_reviewed,
                 "rating": match.rating, "publisher": match.publisher, "tier": match.tier, "claims": 0},
            )
            shown["claims"] += 1
            if match.tier == "match":
                shown["tier"] = "match"
    actors: Counter[tuple[str, str]] = Counter()
    for article in {int(m[2]) for m in members}:
        if article in analyses:
            actors.update({(a.name, a.type) for a in analyses[article].actors})
    return Narrative(
        id=key,
        label=_label(members),
        claims=len(members),
        articles=len({m[2] for m in members}),
        sites=sorted({m[6] for m in members if m[6]}),
        first_seen=min(days) if days else None,
        last_seen=max(days) if days else None,
        weeks=dict(sorted((week, len(ids)) for week, ids in week_articles.items())),
        spread=[{**e, "articles": len(e["articles"])} for e in spread.values()],
        factchecks=sorted(checks.values(), key=lambda c: (-c["claims"], c["claim_reviewed"])),
        actors=[{"name": name, "type": kind, "articles": n} for (name, kind), n in sorted(actors.items(), key=lambda x: (-x[1], x[0]))[:_TOP_ACTORS]],
        merged=merged,
    )


def one_narrative(db: Backend, key: int) -> Narrative | None:
    """One live narrative whole (every claim, whatever its date or site), as `narratives` shows
    each; None when no claim is in it (an unknown id, or one merged into another: see `survivor`)."""
    rows = db.rows(
        "SELECT c.narrative, c.id, c.article, c.claim, c.text, c.vector, a.site, a.day"
        " FROM claim_vectors c JOIN articles a ON a.id = c.article WHERE c.narrative = ? ORDER BY c.id",
        (key,),
    )
    if not rows:
        return None
    analyses = _analyses(db, sorted({int(row[2]) for row in rows}))
    return _narrative(key, rows, analyses, _merges(db, [key]).get(key, []))


def survivor(db: Backend, key: int) -> tuple[bool, int | None]:
    """Whether narrative `key` was ever made, and the narrative it was merged into (None while it lives)."""
    rows = db.rows("SELECT merged_into FROM narratives WHERE id = ?", (key,))
    return (bool(rows), int(rows[0][0]) if rows and rows[0][0] is not None else None)
