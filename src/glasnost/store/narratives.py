"""Narratives: the same claim retold across articles, grouped as articles arrive.

Each stored claim keeps its sentence vector (float16, `claim_vectors`). When an article is stored,
each of its claims is compared with every earlier claim of another article (cosine, numpy brute
force over the vectors held in memory: fine up to about 100,000 claims; past that an HNSW index
like the fact-checks' would be the next step). The claims at or above `THRESHOLD` say which
narratives it belongs to: none, and it starts a new one; one, and it joins it; several, and they
merge into the oldest (lowest id), the merge recorded in `narrative_events`. So a narrative id never
changes while the narrative lives, and a merged one names its survivor in `merged_into`.

Single links chain, so `split_narratives` (run by ingest over the narratives it touched, and by
`glasnost narratives --rebuild` over all) re-checks a narrative whole at a stricter threshold and
splits it where two groups of claims met only through weak links: the largest part keeps the id,
the others get new ones, each split recorded in `narrative_events` too.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

import numpy as np

from glasnost.analysis import Analysis
from glasnost.claims_match.embedder import tuned_for
from glasnost.claims_match.matching import content_words
from glasnost.store import narrative_sizes
from glasnost.store.backend import Backend
from glasnost.store.search import Filters

Embed = Callable[[list[str]], np.ndarray]
# The lowest cosine whose precision on CheckThat! 2020 dev hard negatives reaches 0.9
# (bench/narrative_threshold.py prints how it was chosen).
THRESHOLD = 0.6
# Splitting re-checks a narrative at the next step of that table (precision 0.957 there): claims
# linked this closely form its cores, and two cores joined only through weaker links part.
STRICT = 0.65
_TERMS = 5  # key terms shown per narrative


def thresholds_for(option: str) -> tuple[float, float]:
    """(THRESHOLD, STRICT) as measured on the vectors of the embedder `option` names: cosines of
    two models are not on one scale (multilingual-e5 puts unrelated sentences near 0.75). Read
    from the `config.json` of its tuned folder where it gives them, else the MiniLM's above."""
    path = tuned_for(option) / "config.json"
    config = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    return float(config.get("narrative_threshold", THRESHOLD)), float(config.get("narrative_strict", STRICT))

_CHUNK = 256  # rows per block of a narrative's similarity matrix when it is re-checked
_TOP_ACTORS = 5
_LINKS = 500  # a claim links through its most similar earlier claims, at most this many
# Past this many stored claims, their nearest are found in an HNSW index (usearch, as for the
# fact-checks) instead of by brute force; it is saved in the store (`vector_indexes`, "claims").
HNSW_FROM = 50_000
_FIRST = 64  # the HNSW search asks for this many first, and for `_LINKS` only when all are linked
_RESAVE = 0.02  # the saved claim index is rewritten once it lacks this share of the claims
CLAIM_INDEX = "claims"


class ClaimIndex:
    """The stored claim vectors in memory, read incrementally: rows are only ever appended, so
    a refresh reads the rows past the last one it has (inside the writer's transaction, before
    it adds any: a rolled-back add leaves nothing behind here). The arrays grow ahead of need, so
    an add seldom copies every vector held (a quarter more room than needed on growing)."""

    def __init__(self, dimensions: int = 384, hnsw_from: int | None = None) -> None:
        self.size = 0
        self.hnsw_from = hnsw_from  # None: HNSW_FROM, read when used
        self._ids = np.zeros(1024, dtype=np.int64)
        self._articles = np.zeros(1024, dtype=np.int64)
        self._matrix = np.zeros((1024, dimensions), dtype=np.float32)
        self._hnsw = None  # past `hnsw_from` claims: a usearch index over them, keyed by claim id
        self._saved = 0  # how many claims the saved index held when read or last written

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
        if self._hnsw is None and self.size >= (HNSW_FROM if self.hnsw_from is None else self.hnsw_from):
            self._hnsw = _load_claim_index(db, self.ids, self._matrix.shape[1])
            self._saved = len(self._hnsw)
        if self._hnsw is not None and len(self._hnsw) < self.size:
            done = len(self._hnsw)
            self._hnsw.add(self._ids[done : self.size].astype(np.uint64), self._matrix[done : self.size])

    def linked(self, vectors: np.ndarray, article: int, threshold: float) -> list[tuple[np.ndarray, np.ndarray]]:
        """For each vector, the positions of the stored claims of other articles at `threshold`
        or closer (the `_LINKS` closest at most), closest first, with their cosines: by brute
        force, or past `HNSW_FROM` claims from the HNSW index (approximate: a link it misses is
        one a later claim may still make)."""
        if self._hnsw is None:
            every = self.matrix @ vectors.astype(np.float32).T  # (stored, new): one product for the article
            others = self.articles != article
            found = []
            for column in range(every.shape[1]):
                sims = every[:, column]
                linked = np.flatnonzero((sims >= threshold) & others)
                linked = linked[np.argsort(-sims[linked], kind="stable")[:_LINKS]]
                found.append((linked, sims[linked]))
            return found
        return [self._nearest(vector, article, threshold) for vector in vectors.astype(np.float32)]

    def _nearest(self, vector: np.ndarray, article: int, threshold: float) -> tuple[np.ndarray, np.ndarray]:
        for count in (_FIRST, _LINKS):
            hits = self._hnsw.search(vector, count)
            sims = 1.0 - np.asarray(hits.distances, dtype=np.float32)
            if len(sims) < count or sims[-1] < threshold:
                break
        positions = np.searchsorted(self.ids, np.asarray(hits.keys, dtype=np.int64))
        keep = (sims >= threshold) & (self.articles[positions] != article)
        order = np.argsort(-sims[keep], kind="stable")
        return positions[keep][order], sims[keep][order]

    def save(self, db: Backend) -> bool:
        """Save the HNSW index in the store when the saved one lacks `_RESAVE` of the claims
        (runs in the caller's write transaction); whether it did."""
        self.refresh(db)
        if self._hnsw is None or len(self._hnsw) - self._saved < _RESAVE * max(self._saved, 1):
            return False
        stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
        db.execute(
            "INSERT INTO vector_indexes (name, rows, stamp, data) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (name) DO UPDATE SET rows = excluded.rows, stamp = excluded.stamp, data = excluded.data",
            (CLAIM_INDEX, len(self._hnsw), stamp, bytes(self._hnsw.save())),
        )
        self._saved = len(self._hnsw)
        return True


def _load_claim_index(db: Backend, ids: np.ndarray, dimensions: int):
    """The saved HNSW index of the claim vectors where it holds the first stored claims (rows
    are only appended, so then it lacks only newer ones), else a new, empty one."""
    from usearch.index import Index

    row = db.execute("SELECT rows, data FROM vector_indexes WHERE name = ?", (CLAIM_INDEX,)).fetchone()
    if row is not None and 0 < int(row[0]) <= len(ids):
        index = Index.restore(bytes(row[1]), view=False)
        if index is not None and len(index) == int(row[0]) and int(ids[len(index) - 1]) in index:
            return index
    # expansion_add 64 (the fact-checks' index uses 128) builds it about 1.7 times faster
    return Index(ndim=dimensions, metric="cos", dtype="f16", connectivity=16, expansion_add=64, expansion_search=_FIRST)




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
    gone: set[int] = set()
    for position, (text, vector, (linked, sims)) in enumerate(zip(texts, vectors, index.linked(vectors, article, threshold))):
        closest: dict[int, float] = {}  # each linked narrative and its most similar claim's cosine
        if len(linked):
            similarity = {int(index.ids[i]): float(sim) for i, sim in zip(linked, sims)}
            marks = ", ".join("?" * len(similarity))
            for row, narrative in db.rows(f"SELECT id, narrative FROM claim_vectors WHERE id IN ({marks})", list(similarity)):
                closest[int(narrative)] = max(closest.get(int(narrative), -1.0), similarity[int(row)])
        narratives = sorted(closest)
        survivor = narratives[0] if narratives else db.insert("INSERT INTO narratives (created_at) VALUES (?)", (stamp,))
        claim = db.insert(
            "INSERT INTO claim_vectors (article, claim, text, vector, narrative, nearest, similarity) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                article, position, text, vector.astype(np.float16).tobytes(), survivor,
                int(index.ids[linked[0]]) if len(linked) else None,
                round(float(sims[0]), 4) if len(linked) else None,
            ),
        )
        gone.update(narratives[1:])
        for other in narratives[1:]:
            db.execute("UPDATE claim_vectors SET narrative = ? WHERE narrative = ?", (survivor, other))
            # those merged into `other` before, found through the merge events (indexed by
            # survivor) instead of a scan of every narrative for their merged_into
            db.execute(
                "WITH RECURSIVE gone(id) AS (SELECT CAST(? AS BIGINT) UNION SELECT e.narrative FROM narrative_events e"
                " JOIN gone g ON e.survivor = g.id WHERE e.kind = 'merge')"
                " UPDATE narratives SET merged_into = ? WHERE id IN (SELECT id FROM gone) AND (id = ? OR merged_into = ?)",
                (other, survivor, other, other),
            )
            db.execute(
                "INSERT INTO narrative_events (kind, narrative, survivor, claim, similarity, at) VALUES ('merge', ?, ?, ?, ?, ?)",
                (other, survivor, claim, round(closest[other], 4), stamp),
            )
        found.append(survivor)
    narrative_sizes.count_words(db, texts)
    narrative_sizes.resize(db, {*found, *gone})
    return found


def split_narratives(db: Backend, only: Iterable[int] | None = None, strict: float = STRICT) -> list[dict]:
    """Split the live narratives (those of `only`, or all) whose claims no longer hold together;
    runs in the caller's write transaction. Returns the split events, each with its part's claims.

    Single links chain: A near B near C puts A and C in one narrative, and a claim between two
    stories merges them for good. So each narrative is re-checked as a whole: its claims linked
    at `strict` or closer (claims of other articles, as at ingest) form cores; with two cores or
    more, every other claim goes with the core it is closest to, and each core with its claims
    is a part. The part with the most claims (then the oldest claim) keeps the id; each other
    part gets a new narrative and a `split` event, with the highest cosine between it and the
    rest. A narrative with one core or none stays whole, so a narrative splits only where two
    groups of closely agreeing claims met through weak links. A part holding the claim of an
    earlier split off this narrative, merged back since, takes that id again: a story that keeps
    being bridged and split keeps its id."""
    if only is None:  # claims always point at a live narrative (a merge moves them)
        only = [int(r[0]) for r in db.rows("SELECT narrative FROM claim_vectors GROUP BY narrative HAVING count(*) >= 4")]
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    events = []
    for narrative in sorted(set(only)):
        rows = db.rows("SELECT id, article, vector FROM claim_vectors WHERE narrative = ? ORDER BY id", (narrative,))
        if len(rows) < 4:  # a merged narrative has none left
            continue
        parts = _parts(rows, strict)
        if len(parts) < 2:
            continue
        parts.sort(key=lambda part: (-len(part[0]), part[0][0]))
        earlier = {
            int(claim): int(part)
            for part, claim in db.rows(
                "SELECT e.narrative, e.claim FROM narrative_events e JOIN narratives n ON n.id = e.narrative"
                " WHERE e.kind = 'split' AND e.survivor = ? AND n.merged_into = ?",
                (narrative, narrative),
            )
        }
        for members, similarity in parts[1:]:
            again = next((earlier.pop(c) for c in members if c in earlier), None)
            if again is not None:  # split off before, merged back since: it gets its id back
                db.execute("UPDATE narratives SET merged_into = NULL WHERE id = ?", (again,))
            new = again if again is not None else db.insert("INSERT INTO narratives (created_at) VALUES (?)", (stamp,))
            marks = ", ".join("?" * len(members))
            db.execute(f"UPDATE claim_vectors SET narrative = ? WHERE id IN ({marks})", (new, *members))
            db.execute(
                "INSERT INTO narrative_events (kind, narrative, survivor, claim, similarity, at) VALUES ('split', ?, ?, ?, ?, ?)",
                (new, narrative, members[0], round(similarity, 4), stamp),
            )
            events.append({"id": new, "split_from": narrative, "claims": len(members), "similarity": round(similarity, 4), "at": stamp})
        narrative_sizes.resize(db, [narrative, *(e["id"] for e in events if e["split_from"] == narrative)])
    return events


def _parts(rows: list[tuple], strict: float) -> list[tuple[list[int], float]]:
    """The parts of one narrative's claims (see `split_narratives`): each its claim ids, in
    order, and the highest cosine between it and the other parts."""
    from glasnost.unionfind import UnionFind

    ids = [int(r[0]) for r in rows]
    articles = np.asarray([int(r[1]) for r in rows])
    matrix = np.stack([np.frombuffer(bytes(r[2]), dtype=np.float16) for r in rows]).astype(np.float32)
    links = UnionFind()
    for first in range(0, len(ids), _CHUNK):
        sims = matrix[first : first + _CHUNK] @ matrix.T
        sims[articles[first : first + _CHUNK, None] == articles[None, :]] = -1.0
        for row, column in zip(*np.nonzero(sims >= strict)):
            links.union(first + int(row), int(column))
    groups: dict[int, list[int]] = {}
    for i in range(len(ids)):
        groups.setdefault(links.find(i), []).append(i)
    cores = [members for members in groups.values() if len(members) > 1]
    if len(cores) < 2:
        return []
    core_of = np.full(len(ids), -1)
    for number, members in enumerate(cores):
        core_of[members] = number
    loose = np.flatnonzero(core_of < 0)
    if len(loose):
        best = np.stack([_closest(matrix[loose], matrix[members]) for members in cores], axis=1)
        core_of[loose] = best.argmax(axis=1)
    parts = []
    for number in range(len(cores)):
        inside = core_of == number
        parts.append(([ids[i] for i in np.flatnonzero(inside)], float(_closest(matrix[inside], matrix[~inside]).max())))
    return parts


def _closest(rows: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Each row's highest cosine to any of `others`, a block of rows at a time (bounded memory)."""
    return np.concatenate([(rows[first : first + _CHUNK] @ others.T).max(axis=1) for first in range(0, len(rows), _CHUNK)])


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
    terms: list[str] = field(default_factory=list)  # its most distinctive words (see `_terms`)
    splits: list[dict] = field(default_factory=list)  # parts split off it, or what it was split from


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
    analyses = _evidence(db, sorted({m[2] for members in kept.values() for m in members}))
    merges = _merges(db, list(kept))
    splits = _splits(db, list(kept))
    frequency = _document_frequency(db if where else None, rows)
    shown = [
        _narrative(key, members, analyses, merges.get(key, []), splits.get(key, []), frequency)
        for key, members in kept.items()
    ]
    return sorted(shown, key=lambda n: (-n.articles, n.first_seen or "9999", n.id))


def narrative_page(db: Backend, filters: Filters = Filters(), min_articles: int = 2, limit: int = 20, offset: int = 0) -> list[Narrative]:
    """`narratives(db, filters, min_articles)[offset : offset + limit]`, ranked in SQL and built
    for the page alone: without dates, a walk down `narrative_sizes` (the same cost on any
    number of narratives); with dates, the claims of articles in that span, counted per
    narrative (as many as the span holds, not the store)."""
    sql, params = _ranking(db, filters, min_articles)
    keys = [int(row[0]) for row in db.rows(sql + " LIMIT ? OFFSET ?", (*params, limit, offset))]
    if not keys:
        return []
    where, dates = Filters(since=filters.since, until=filters.until).where()
    marks = ", ".join("?" * len(keys))
    grouped: dict[int, list[tuple]] = {key: [] for key in keys}
    for row in db.rows(
        "SELECT c.narrative, c.id, c.article, c.claim, c.text, c.vector, a.site, a.day FROM claim_vectors c"
        f" JOIN articles a ON a.id = c.article WHERE c.narrative IN ({marks}){where} ORDER BY c.narrative, c.id",
        (*keys, *dates),
    ):
        grouped[int(row[0])].append(row)
    rows = [row for members in grouped.values() for row in members]
    analyses = _evidence(db, sorted({int(row[2]) for row in rows}))
    merges, splits, frequency = _merges(db, keys), _splits(db, keys), _word_counts(db, rows)
    return [_narrative(key, grouped[key], analyses, merges.get(key, []), splits.get(key, []), frequency) for key in keys]


def narrative_count(db: Backend, filters: Filters = Filters(), min_articles: int = 2) -> int:
    """How many narratives `narratives(db, filters, min_articles)` lists (it counts them all:
    for a page past the end, never for a page of the list)."""
    sql, params = _ranking(db, filters, min_articles)
    return int(db.scalar(f"SELECT count(*) FROM ({sql}) ranked", params))


def _ranking(db: Backend, filters: Filters, min_articles: int) -> tuple[str, list]:
    """The query of the narrative ids in the list's order: most articles, then the earliest
    first day (undated last, as `UNDATED`), then the id."""
    if filters.since is None and filters.until is None:
        params: list = [min_articles]
        site = ""
        if filters.site is not None:
            site = (" AND EXISTS (SELECT 1 FROM claim_vectors c JOIN articles a ON a.id = c.article"
                    " WHERE c.narrative = s.narrative AND a.site = ?)")
            params.append(filters.site)
        return f"SELECT s.narrative FROM narrative_sizes s WHERE s.articles >= ?{site} ORDER BY s.articles DESC, s.sort_day, s.narrative", params
    where, params = Filters(since=filters.since, until=filters.until).where()
    params.append(min_articles)
    site = ""
    if filters.site is not None:
        site = " AND sum(CASE WHEN a.site = ? THEN 1 ELSE 0 END) > 0"
        params.append(filters.site)
    return (
        f"SELECT c.narrative FROM claim_vectors c JOIN articles a ON a.id = c.article WHERE 1 = 1{where}"
        f" GROUP BY c.narrative HAVING count(DISTINCT c.article) >= ?{site}"
        f" ORDER BY count(DISTINCT c.article) DESC, coalesce(min(a.day), '{narrative_sizes.UNDATED}'){db.binary}, c.narrative",
        params,
    )


def _word_counts(db: Backend, rows: list[tuple]) -> tuple[int, Counter[str]]:
    """The stored claims' count, and the document frequency of the words of `rows`' claims."""
    return narrative_sizes.frequency(db, {word for row in rows for word in content_words(row[4])})


# A non-empty "matches" list in an analysis's JSON: a key, so never inside a JSON string, where
# each quote is escaped.
_A_MATCH = re.compile(rb'"matches"\s*:\s*\[\s*\{')


@dataclass
class _Evidence:
    """What a narrative shows of its articles' analyses: each article's claims' fact-check
    matches (by position, as stored JSON) and its actors (name, type). Read from the stored JSON
    without validating it and from the actor rows: a fraction of loading each whole `Analysis`."""

    matches: dict[int, list[list[dict]]]
    actors: dict[int, set[tuple[str, str]]]


def _evidence(db: Backend, articles: list[int]) -> _Evidence:
    found = _Evidence({}, {})
    for first in range(0, len(articles), 500):
        chunk = articles[first : first + 500]
        marks = ", ".join("?" * len(chunk))
        for key, data in db.rows(f"SELECT id, analysis FROM bodies WHERE id IN ({marks})", chunk):
            raw = zlib.decompress(data)
            # most articles' claims matched nothing: their JSON is not parsed at all
            claims = json.loads(raw).get("claims", []) if _A_MATCH.search(raw) else []
            found.matches[int(key)] = [claim.get("matches", []) for claim in claims]
            found.actors[int(key)] = set()
        for key, name, kind in db.rows(f"SELECT article, name, type FROM actors WHERE article IN ({marks})", chunk):
            found.actors.setdefault(int(key), set()).add((name, kind))
    return found


def _events(db: Backend, kind: str, keys: list[int], columns: tuple[str, ...]) -> list[tuple]:
    """The `kind` events naming any of `keys` in one of `columns`, oldest first (through the
    indexes on those columns: a page of narratives reads its own events, not every one)."""
    found: dict[int, tuple] = {}
    for first in range(0, len(keys), 500):
        chunk = keys[first : first + 500]
        marks = ", ".join("?" * len(chunk))
        for column in columns:
            for row in db.rows(
                f"SELECT id, narrative, survivor, similarity, at FROM narrative_events WHERE kind = ? AND {column} IN ({marks})",
                (kind, *chunk),
            ):
                found[int(row[0])] = row[1:]
    return [found[key] for key in sorted(found)]


def _merges(db: Backend, survivors: list[int]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {}
    for narrative, survivor, similarity, at in _events(db, "merge", survivors, ("survivor",)):
        found.setdefault(int(survivor), []).append(
            {"id": int(narrative), "merged_into": int(survivor), "similarity": similarity, "at": at}
        )
    return found


def _splits(db: Backend, shown: list[int]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {}
    wanted = set(shown)
    for narrative, source, similarity, at in _events(db, "split", shown, ("survivor", "narrative")):
        event = {"id": int(narrative), "split_from": int(source), "similarity": similarity, "at": at}
        for key in dict.fromkeys((int(source), int(narrative))):
            if key in wanted:
                found.setdefault(key, []).append(event)
    return found


def _document_frequency(db: Backend | None, rows: list[tuple]) -> tuple[int, Counter[str]]:
    """How many stored claims hold each word, and how many claims there are: over the rows at
    hand, or over every stored claim with `db` (when the rows are a window of dates)."""
    texts = (r[4] for r in rows) if db is None else (r[0] for r in db.stream("SELECT text FROM claim_vectors"))
    counts: Counter[str] = Counter()
    total = 0
    for text in texts:
        counts.update(set(content_words(text)))
        total += 1
    return total, counts


def _terms(members: list[tuple], frequency: tuple[int, Counter[str]]) -> list[str]:
    """The narrative's most distinctive words: in how many of its claims each occurs times its
    inverse document frequency over all stored claims (log N/df); a word must occur in two of
    its claims where it has two or more."""
    total, counts = frequency
    mine: Counter[str] = Counter()
    for m in members:
        mine.update(set(content_words(m[4])))
    least = 2 if len(members) > 1 else 1
    scored = [
        (n * math.log((total + 1) / (counts.get(word, 0) + 1)), word)
        for word, n in mine.items() if n >= least and not word.isdigit()
    ]
    return [word for _, word in sorted(scored, key=lambda x: (-x[0], x[1]))[:_TERMS]]


def _label(members: list[tuple]) -> str:
    """The most central claim: the highest mean cosine to the narrative's other claims."""
    if len(members) < 3:
        return members[0][4]
    matrix = np.stack([np.frombuffer(bytes(m[5]), dtype=np.float16) for m in members]).astype(np.float32)
    sims = matrix @ matrix.T
    return members[int(np.argmax(sims.sum(axis=1) - np.diag(sims)))][4]


def _narrative(
    key: int, members: list[tuple], analyses: _Evidence, merged: list[dict], splits: list[dict],
    frequency: tuple[int, Counter[str]],
) -> Narrative:
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
        claims = analyses.matches.get(int(m[2]))
        if claims is None or m[3] >= len(claims):
            continue
        for match in claims[m[3]]:
            shown = checks.setdefault(
                match.get("url") or match.get("identifier") or match["claim_reviewed"],
                {"identifier": match.get("identifier"), "url": match.get("url"), "claim_reviewed": match["claim_reviewed"],
                 "rating": match.get("rating"), "publisher": match.get("publisher"), "tier": match["tier"], "claims": 0},
            )
            shown["claims"] += 1
            if match["tier"] == "match":
                shown["tier"] = "match"
    actors: Counter[tuple[str, str]] = Counter()
    for article in {int(m[2]) for m in members}:
        actors.update(analyses.actors.get(article, set()))
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
        terms=_terms(members, frequency),
        splits=splits,
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
    analyses = _evidence(db, sorted({int(row[2]) for row in rows}))
    return _narrative(key, rows, analyses, _merges(db, [key]).get(key, []), _splits(db, [key]).get(key, []), _word_counts(db, rows))


def survivor(db: Backend, key: int) -> tuple[bool, int | None]:
    """Whether narrative `key` was ever made, and the narrative it was merged into (None while it lives)."""
    rows = db.rows("SELECT merged_into FROM narratives WHERE id = ?", (key,))
    return (bool(rows), int(rows[0][0]) if rows and rows[0][0] is not None else None)
