"""Ingest bookkeeping: which loaded articles need analysing, and the counts a run reports.

`admit` runs before analysis, so an article already stored (same text hash, same normalized URL),
or met earlier in this run, costs no analysis. It also looks the article up in the near-duplicate
index; `keep` then stores the analysis linked to that original. Articles admitted in this run are
indexed at once, so a wire copy that follows its original in the same batch is still caught.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from glasnost.analysis import Analysis
from glasnost.article import Article
from glasnost.store.dedupe import (
    NearDuplicates,
    content_hash,
    from_bytes,
    signature,
    to_bytes,
    url_key,
)
from glasnost.store.narratives import ClaimVectors, Embed
from glasnost.store.store import ArticleConflict, Store


@dataclass
class IngestReport:
    """Each input article lands in exactly one count. `near_duplicates` were stored, linked to
    their original; `duplicates` were already stored and were not analysed again."""

    added: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {k: v for k, v in asdict(self).items() if k != "failures"}

    def fail(self, source: str, reason: str) -> None:
        self.failed += 1
        self.failures.append((source, reason))


@dataclass(frozen=True)
class _Admitted:
    minhash: bytes
    original: str | None
    similarity: float | None


class Intake:
    def __init__(self, store: Store, report: IngestReport | None = None, embed: Embed | None = None) -> None:
        """With `embed`, each kept article's claims join their narratives; `vectors` computes
        their vectors once per article, for the fact-check matcher as for the store. A store
        whose vectors come from another embedder than `embed`'s is refused here (E231)."""
        self.store = store
        if embed is not None:
            store.use_embedder(embed)
        self.vectors = ClaimVectors(embed) if embed is not None else None
        self.report = report or IngestReport()
        self._index: NearDuplicates | None = None
        self._admitted: dict[str, _Admitted] = {}
        self._urls: set[str] = set()

    def admit(self, article: Article) -> bool:
        """True when the article is new and should be analysed; a duplicate is counted here."""
        text_hash = content_hash(article.text)
        key = url_key(article.url)
        if text_hash in self._admitted or (key and key in self._urls) or self.store.knows(text_hash, article.url):
            self.report.duplicates += 1
            return False
        minhash = signature(article.text)
        index = self._near_duplicates()
        found = index.original_of(minhash)
        if found is None:
            index.add(text_hash, minhash)
        self._admitted[text_hash] = _Admitted(to_bytes(minhash), *(found or (None, None)))
        if key:
            self._urls.add(key)
        return True

    def forget(self, article: Article) -> None:
        """An admitted article that will not be kept (its analysis failed): a later copy of its
        text in the run is analysed, not counted as a duplicate of nothing stored."""
        self._admitted.pop(content_hash(article.text), None)

    def keep(self, analysis: Analysis) -> None:
        """Store one analysis of an admitted article; a failure is counted and the article left out whole."""
        info = analysis.article
        admitted = self._admitted.pop(content_hash(info.text))
        try:
            vectors = self.vectors.take(analysis) if self.vectors is not None and analysis.claims else None
            added = self.store.add(analysis, admitted.original, admitted.similarity, admitted.minhash, vectors=vectors)
        except ArticleConflict as error:
            self.report.fail(info.source or info.id, str(error))
            return
        if added is None:
            self.report.duplicates += 1
        elif added.duplicate_of is not None:
            self.report.near_duplicates += 1
        else:
            self.report.added += 1

    def _near_duplicates(self) -> NearDuplicates:
        """The index over the stored originals, read on first need (a run of exact duplicates reads none)."""
        if self._index is None:
            self._index = NearDuplicates()
            for key, data in self.store.signatures():
                self._index.add(key, from_bytes(data))
        return self._index
