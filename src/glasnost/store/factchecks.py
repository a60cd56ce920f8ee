"""Fact-checks in the store: import (an update, never a duplicate), and hybrid retrieval.

Each fact-check row keeps its sentence vector (float16, 768 bytes); an HNSW index over them
(usearch) is saved in the store itself (`vector_indexes`), so a match loads it instead of
rebuilding it, and an import adds to it instead of starting over. Full-text search is FTS5 on
SQLite and a generated tsvector on PostgreSQL, as for articles.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

import numpy as np

from glasnost.analysis import Analysis, ClaimMatch
from glasnost.claims_match.embedder import tuned_for
from glasnost.claims_match.factchecks import FactCheck
from glasnost.claims_match.matching import Candidate, Matcher, Scored, content_words
from glasnost.store.backend import Backend
from glasnost.store.embedders import check_embedder, identity

Embed = Callable[[list[str]], np.ndarray]
INDEX = "factchecks"
_BATCH = 1000
_COLUMNS = (
    "key", "identifier", "url", "claim_reviewed", "rating", "rating_value", "publisher", "author",
    "date_published", "item_author", "item_date", "appearance", "language", "source", "extra",
)
_SHOWN = ("identifier", "url", "claim_reviewed", "rating", "publisher", "date_published", "source")
_QUERY_WORDS = 32  # the lexical query ORs at most this many of the claim's content words
# On SQLite, words held by more than this share of the fact-checks are left out of it (and the
# query keeps the `_FALLBACK_WORDS` rarest when that leaves none): bench/claim_retrieval.py.
_COMMON = 0.02
_COMMON_FLOOR = 100  # never below this many fact-checks: a small store has no common words to drop
_FALLBACK_WORDS = 3
_RARE_WORDS = 16  # and at most this many, the rarest: an article's long sentences stay cheap
# and, rarest first, only as many as this share of the fact-checks hold between them (the first
# always): FTS5 scores every fact-check holding a queried word, so this bounds a query's cost
_POSTINGS = 0.05


@dataclass
class ImportCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    def counts(self) -> dict[str, int]:
        return asdict(self)


def _values(check: FactCheck) -> tuple:
    data = asdict(check)
    data["appearance"] = json.dumps(check.appearance, ensure_ascii=False)
    data["extra"] = json.dumps(check.extra, ensure_ascii=False, sort_keys=True)
    return tuple(data[name] for name in _COLUMNS)


def _hash(values: tuple) -> str:
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode("utf-8")).hexdigest()


def import_factchecks(db: Backend, checks: Iterable[FactCheck], embed: Embed, counts: ImportCounts) -> None:
    """Store `checks` in batches, one transaction each: a new key is added, a known key whose
    content changed is updated in place (its vector recomputed only when its claim changed).

    The saved vector index is dropped when the first batch changes anything and saved once at
    the end, extended (rewriting it per batch would cost more than the import itself at 100,000):
    an import that stops half-way leaves no stale index behind, and the next match rebuilds it.
    A store whose vectors come from another embedder than `embed`'s is refused (E231)."""
    check_embedder(db, *identity(embed))
    index = None
    batch: dict[str, FactCheck] = {}

    def flush() -> None:
        nonlocal index
        added = _store_batch(db, list(batch.values()), embed, counts, drop_index=index is None)
        if added:
            index = index if index is not None else load_index(db, saved=False)
            keys = np.asarray([row for row, _ in added], dtype=np.uint64)
            for key in keys:
                if key in index:
                    index.remove(int(key))
            index.add(keys, np.stack([v for _, v in added]).astype(np.float32))

    for check in checks:
        if check.key in batch:
            counts.updated += 1  # the file names it twice: the later one wins
        batch[check.key] = check
        if len(batch) >= _BATCH:
            flush()
            batch = {}
    if batch:
        flush()
    if index is not None:
        with db.write():
            save_index(db, index)


def _store_batch(db: Backend, checks: list[FactCheck], embed: Embed, counts: ImportCounts, drop_index: bool) -> list[tuple[int, np.ndarray]]:
    """Store one batch; the row ids and new vectors of what it added or re-embedded."""
    marks = ", ".join("?" * len(checks))
    known = {
        key: (row, digest, claim)
        for key, row, digest, claim in db.rows(
            f"SELECT key, id, content_hash, claim_reviewed FROM factchecks WHERE key IN ({marks})", [c.key for c in checks]
        )
    }
    values = {c.key: _values(c) for c in checks}
    digests = {key: _hash(v) for key, v in values.items()}
    changed = [c for c in checks if c.key not in known or known[c.key][1] != digests[c.key]]
    counts.unchanged += len(checks) - len(changed)
    texts = sorted({c.claim_reviewed for c in changed if c.key not in known or known[c.key][2] != c.claim_reviewed})
    vectors = dict(zip(texts, embed(texts).astype(np.float16))) if texts else {}
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    added: list[tuple[int, np.ndarray]] = []
    if not changed:
        return added
    with db.write():
        if drop_index and vectors:
            db.execute("DELETE FROM vector_indexes WHERE name = ?", (INDEX,))
        for check in changed:
            vector = vectors.get(check.claim_reviewed)
            if check.key in known:
                row = known[check.key][0]
                sets = ", ".join(f"{name} = ?" for name in _COLUMNS) + ", content_hash = ?, imported_at = ?"
                params = [*values[check.key], digests[check.key], stamp]
                if vector is not None:
                    sets += ", vector = ?"
                    params.append(vector.tobytes())
                db.execute(f"UPDATE factchecks SET {sets} WHERE id = ?", (*params, row))
                counts.updated += 1
                if db.name == "sqlite":
                    db.execute("DELETE FROM factchecks_fts WHERE rowid = ?", (row,))
            else:
                row = db.insert(
                    f"INSERT INTO factchecks ({', '.join(_COLUMNS)}, content_hash, vector, imported_at)"
                    f" VALUES ({', '.join('?' * (len(_COLUMNS) + 3))})",
                    (*values[check.key], digests[check.key], vector.tobytes(), stamp),
                )
                counts.added += 1
            if db.name == "sqlite":
                db.execute("INSERT INTO factchecks_fts (rowid, claim_reviewed) VALUES (?, ?)", (row, check.claim_reviewed))
            if vector is not None:
                added.append((row, vector))
    return added


def count(db: Backend) -> int:
    return int(db.scalar("SELECT count(*) FROM factchecks"))


def _new_index(dimensions: int = 384):
    from usearch.index import Index

    return Index(ndim=dimensions, metric="cos", dtype="f16", connectivity=16, expansion_add=128, expansion_search=64)


def load_index(db: Backend, saved: bool = True):
    """The saved HNSW index of the fact-check vectors (with `saved`); built from the rows when
    none is saved or its row count disagrees with the table's."""
    from usearch.index import Index

    row = db.execute("SELECT rows, data FROM vector_indexes WHERE name = ?", (INDEX,)).fetchone() if saved else None
    if row is not None:
        index = Index.restore(bytes(row[1]), view=False)
        if index is not None and len(index) == row[0] == count(db):
            return index
    index = _new_index()
    for rows in _chunks(db.stream("SELECT id, vector FROM factchecks ORDER BY id")):
        keys = np.asarray([r[0] for r in rows], dtype=np.uint64)
        index.add(keys, np.stack([np.frombuffer(bytes(r[1]), dtype=np.float16) for r in rows]).astype(np.float32))
    return index


def save_index(db: Backend, index) -> None:
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    db.execute(
        "INSERT INTO vector_indexes (name, rows, stamp, data) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (name) DO UPDATE SET rows = excluded.rows, stamp = excluded.stamp, data = excluded.data",
        (INDEX, len(index), stamp, bytes(index.save())),
    )


def _chunks(rows: Iterator[tuple], size: int = 5000) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Vocabulary:
    """How many fact-checks hold each word, read from the SQLite full-text index itself.

    The index stems with FTS5's Porter tokenizer, so a word is stemmed the same way first: it
    goes through a temporary FTS5 table with that tokenizer (per connection, never stored), and
    its stems are looked up in an `fts5vocab` view of the index. Stems are kept per word."""

    def __init__(self, db: Backend) -> None:
        self.db = db
        self.total = count(db)  # fact-checks are not imported while a retriever matches
        self._stems: dict[str, tuple[str, ...]] = {}
        db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.glasnost_stem USING fts5(word, tokenize='porter unicode61')")
        db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.glasnost_stem_terms USING fts5vocab(temp, glasnost_stem, instance)")
        db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.glasnost_factcheck_terms USING fts5vocab(main, factchecks_fts, row)")

    def frequencies(self, words: list[str]) -> dict[str, int]:
        """Each word's document frequency (a word the tokenizer splits, "don't", counts as its
        rarest part)."""
        new = [w for w in dict.fromkeys(words) if w not in self._stems]
        if new:
            self.db.insert_many("INSERT INTO temp.glasnost_stem (rowid, word) VALUES (?, ?)", list(enumerate(new, 1)))
            stems: dict[int, list[str]] = {}
            for doc, term in self.db.rows("SELECT doc, term FROM temp.glasnost_stem_terms ORDER BY doc, offset"):
                stems.setdefault(int(doc), []).append(term)
            self.db.execute("DELETE FROM temp.glasnost_stem")
            for number, word in enumerate(new, 1):
                self._stems[word] = tuple(stems.get(number, ()))
        terms = sorted({t for w in words for t in self._stems[w]})
        if not terms:
            return dict.fromkeys(words, 0)
        marks = ", ".join("?" * len(terms))
        docs = dict(self.db.rows(f"SELECT term, doc FROM temp.glasnost_factcheck_terms WHERE term IN ({marks})", terms))
        return {w: min((int(docs.get(t, 0)) for t in self._stems[w]), default=0) for w in words}


def _within(words: list[str], frequency: dict[str, int], budget: float) -> list[str]:
    """The first of `words` while the fact-checks holding them add up to at most `budget`."""
    kept, held = [], 0
    for word in words:
        held += frequency[word]
        if kept and held > budget:
            break
        kept.append(word)
    return kept


def lexical(db: Backend, text: str, limit: int, vocabulary: Vocabulary | None = None) -> list[int]:
    """Row ids of the fact-checks sharing the most (rarest) words with `text`, best first.

    With a `vocabulary` (SQLite), the query leaves out the words no fact-check holds and those
    more than `_COMMON` of them hold, and keeps the `_RARE_WORDS` rarest of the rest while they
    are held by at most `_POSTINGS` of them in all: common words add little to BM25 but most of
    its cost, as every fact-check holding any queried word is scored."""
    words = list(dict.fromkeys(content_words(text)))[:_QUERY_WORDS]
    if not words:
        return []
    if db.name == "sqlite":
        if vocabulary is not None:
            frequency = vocabulary.frequencies(words)
            held = [w for w in words if frequency[w]]
            common = max(_COMMON * vocabulary.total, _COMMON_FLOOR)
            rare = sorted((w for w in held if frequency[w] <= common), key=lambda w: frequency[w])[:_RARE_WORDS]
            words = _within(rare, frequency, max(_POSTINGS * vocabulary.total, _COMMON_FLOOR))
            words = words or sorted(held, key=lambda w: frequency[w])[:_FALLBACK_WORDS]
            if not words:
                return []
        query = " OR ".join(f'"{w}"' for w in words)
        return [r[0] for r in db.rows("SELECT rowid FROM factchecks_fts WHERE factchecks_fts MATCH ? ORDER BY rank LIMIT ?", (query, limit))]
    query = " or ".join(words)
    return [
        r[0]
        for r in db.rows(
            "SELECT id FROM factchecks, websearch_to_tsquery('english', ?) q WHERE search @@ q"
            " ORDER BY ts_rank_cd(search, q, 1) DESC, id LIMIT ?",
            (query, limit),
        )
    ]


@dataclass
class Retriever:
    """Hybrid retrieval over one store's fact-checks, its vector index loaded once."""

    db: Backend
    depth: int = 20
    _index: object = field(default=None, init=False, repr=False)
    _vocabulary: Vocabulary | None = field(default=None, init=False, repr=False)

    def candidates(self, text: str, vector: np.ndarray) -> list[Candidate]:
        if self._index is None:
            self._index = load_index(self.db)
            self._vocabulary = Vocabulary(self.db) if self.db.name == "sqlite" else None
        by_words = lexical(self.db, text, self.depth, self._vocabulary)
        found = self._index.search(vector.astype(np.float32), self.depth) if len(self._index) else None
        by_vector = [int(k) for k in found.keys] if found is not None else []
        rows = list(dict.fromkeys(by_words + by_vector))
        if not rows:
            return []
        marks = ", ".join("?" * len(rows))
        data = {
            r[0]: r[1:]
            for r in self.db.rows(f"SELECT id, vector, {', '.join(_SHOWN)} FROM factchecks WHERE id IN ({marks})", rows)
        }
        lexical_rank = {row: rank for rank, row in enumerate(by_words)}
        vector_rank = {row: rank for rank, row in enumerate(by_vector)}
        return [
            Candidate(
                row, data[row][3], np.frombuffer(bytes(data[row][0]), dtype=np.float16).astype(np.float32),
                lexical_rank.get(row), vector_rank.get(row), dict(zip(_SHOWN, data[row][1:])),
            )
            for row in rows
            if row in data
        ]


def match_claims(
    db: Backend, embedder, texts: list[str], top: int, everything: bool = False,
    matcher: Matcher | None = None, retriever: Retriever | None = None, vectors: np.ndarray | None = None,
) -> list[list[dict]]:
    """The best `top` fact-checks of each text, as the `factchecks match` output shows them:
    `identifier` and `url` as imported, the verdict, the publisher, the score and the tier.
    Candidates below the `suggested` tier are left out unless `everything`. Pass the same
    `retriever` to many calls to load the vector index once; pass `vectors` (one row per text)
    where they are computed already, and `embedder` is not called. The default matcher is the
    one fitted on `embedder`'s vectors; a store of another embedder's vectors is refused (E231)."""
    check_embedder(db, *identity(embedder), record=False)
    matcher = matcher or Matcher.load(tuned_for(embedder) / "matcher.json")
    retriever = retriever or Retriever(db)
    vectors = embedder.embed(texts) if vectors is None else vectors
    found = []
    for text, vector in zip(texts, vectors):
        ranked = matcher.rank(text, vector, retriever.candidates(text, vector))
        found.append([_shown(s) for s in ranked if everything or s.tier is not None][:top])
    return found


def _shown(scored: Scored) -> dict:
    data = scored.candidate.payload
    return {
        "identifier": data["identifier"], "url": data["url"], "claim_reviewed": data["claim_reviewed"],
        "rating": data["rating"], "publisher": data["publisher"], "score": round(scored.score, 4),
        "tier": scored.tier, "guard": scored.guard,
    }


def attach_matches(
    db: Backend, embedder, analysis: Analysis, top: int = 3, matcher: Matcher | None = None,
    retriever: Retriever | None = None, vectors: np.ndarray | None = None,
) -> Analysis:
    """The analysis with each claim's fact-check matches (tiers `match` and `suggested`) filled
    in; `vectors`, one per claim, spare embedding them again."""
    if not analysis.claims:
        return analysis
    found = match_claims(db, embedder, [c.text for c in analysis.claims], top, matcher=matcher, retriever=retriever, vectors=vectors)
    claims = [
        claim.model_copy(update={"matches": [ClaimMatch(**m) for m in matches]})
        for claim, matches in zip(analysis.claims, found)
    ]
    return analysis.model_copy(update={"claims": claims})
