"""CheckThat! 2020 Task 2 (English): rank verified claims for each tweet, scored by MAP@5.

The 10,375 Snopes claims go into a store as fact-checks, through the same import as
`glasnost factchecks import`; each tweet is then matched through the same retrieval and
scoring as `glasnost factchecks match`, so the figures are those of the shipped path.

    claims, splits = read_ct2020(data / "claim-retrieval" / "ct2020")
    with open_store(path) as store:
        load_claims(store, claims)
        sets = candidate_sets(store, splits["dev"])
        print(mean_average_precision(Matcher.load(), sets))
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from glasnost.claims_match.embedder import Embedder, load_embedder
from glasnost.claims_match.factchecks import FactCheck
from glasnost.claims_match.matching import GUARDS, Candidate, Matcher, average_precision
from glasnost.errors import Errors, InputError
from glasnost.store import Store
from glasnost.store.factchecks import ImportCounts, Retriever, import_factchecks

SPLITS = ("train", "dev", "test")


@dataclass(frozen=True)
class Query:
    id: str
    text: str
    relevant: frozenset[str]  # identifiers of the verified claims it matches


@dataclass(frozen=True)
class CandidateSet:
    query: Query
    vector: np.ndarray
    candidates: list[Candidate]


def _rows(path: Path) -> list[list[str]]:
    if not path.is_file():
        raise InputError(Errors.E005.format(path=path))
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter="\t")
        next(reader, None)
        return [row for row in reader if row]


def read_ct2020(folder: Path) -> tuple[list[FactCheck], dict[str, list[Query]]]:
    """The verified claims as fact-checks (identifier: the claim's number) and each split's tweets."""
    claims = [
        FactCheck(key=f"ct2020:{row[0]}", claim_reviewed=row[1], identifier=row[0], publisher="Snopes", extra={"title": row[2]})
        for row in _rows(folder / "verified-claims.tsv")
    ]
    splits = {}
    for split in SPLITS:
        relevant: dict[str, set[str]] = {}
        with (folder / f"{split}-qrels.tsv").open(encoding="utf-8") as handle:
            for line in handle:
                cells = line.split("\t")
                if len(cells) >= 3:
                    relevant.setdefault(cells[0], set()).add(cells[2])
        splits[split] = [Query(row[0], row[1], frozenset(relevant.get(row[0], ()))) for row in _rows(folder / f"{split}-queries.tsv")]
    return claims, splits


def load_claims(store: Store, claims: Iterable[FactCheck], embedder: Embedder | None = None) -> ImportCounts:
    counts = ImportCounts()
    import_factchecks(store.db, claims, (embedder or load_embedder()).embed, counts)
    return counts


def candidate_sets(store: Store, queries: list[Query], embedder: Embedder | None = None, depth: int = 20) -> list[CandidateSet]:
    vectors = (embedder or load_embedder()).embed([q.text for q in queries])
    retriever = Retriever(store.db, depth)
    return [CandidateSet(q, v, retriever.candidates(q.text, v)) for q, v in zip(queries, vectors)]


def without_answer(item: CandidateSet) -> CandidateSet:
    """The tweet as if the collection did not hold its fact-check: its relevant candidates are
    taken out and those ranked below them move up. Every CheckThat! tweet has an answer, but
    most claims of a news article have none, so a matcher fitted and thresholded on answered
    queries alone learns that the top of both lists is right (it is, there) and calls the top of
    an unrelated claim's lists a match. Depth falls by the candidates taken out (at most a few of
    20), the one approximation against re-querying a collection without them."""
    kept = [c for c in item.candidates if c.payload.get("identifier") not in item.query.relevant]
    gone = [c for c in item.candidates if c.payload.get("identifier") in item.query.relevant]

    def moved(rank: int | None, ranks: list[int | None]) -> int | None:
        return None if rank is None else rank - sum(r is not None and r < rank for r in ranks)

    shifted = [
        replace(c, lexical_rank=moved(c.lexical_rank, [g.lexical_rank for g in gone]),
                vector_rank=moved(c.vector_rank, [g.vector_rank for g in gone]))
        for c in kept
    ]
    return CandidateSet(Query(f"{item.query.id}:unanswered", item.query.text, frozenset()), item.vector, shifted)


def with_unanswered(sets: list[CandidateSet]) -> list[CandidateSet]:
    """Each tweet twice: with its fact-check in the collection and without (`without_answer`)."""
    return sets + [without_answer(item) for item in sets]


def unanswered_report(matcher: Matcher, sets: list[CandidateSet]) -> dict[str, float]:
    """Over the tweets with their fact-check taken out, the share whose best candidate is still
    given a tier: what a claim without any fact-check in the store would be shown."""
    tiers = [next(iter(matcher.rank(s.query.text, s.vector, s.candidates)), None) for s in map(without_answer, sets)]
    given = [t.tier for t in tiers if t is not None]
    return {
        "unanswered_match": round(sum(t == "match" for t in given) / max(len(tiers), 1), 3),
        "unanswered_any_tier": round(sum(t is not None for t in given) / max(len(tiers), 1), 3),
    }


def mean_average_precision(matcher: Matcher, sets: list[CandidateSet], depth: int = 5) -> float:
    scores = []
    for item in sets:
        ranked = [s.candidate.payload["identifier"] for s in matcher.rank(item.query.text, item.vector, item.candidates)]
        scores.append(average_precision(ranked, set(item.query.relevant), depth))
    return float(np.mean(scores)) if scores else 0.0


def tier_report(matcher: Matcher, sets: list[CandidateSet]) -> dict[str, float | int]:
    """Per tier, precision over every candidate given it (or a better tier) and the share of the
    qrels pairs that got it; per guard (all of them tried, whatever `matcher.guards` says), how
    many candidates it held back and how many of those were right."""
    trying = Matcher(matcher.weights, matcher.bias, matcher.match, matcher.suggested, GUARDS)
    given = {"match": [0, 0], "suggested": [0, 0]}
    held = {name: [0, 0] for name in GUARDS}
    pairs = sum(len(item.query.relevant) for item in sets)
    for item in sets:
        for scored in trying.rank(item.query.text, item.vector, item.candidates):
            right = scored.candidate.payload["identifier"] in item.query.relevant
            if scored.guard:
                held[scored.guard][0] += 1
                held[scored.guard][1] += right
            tier = scored.tier if scored.guard is None or scored.guard in matcher.guards else "match"
            for name in ("match", "suggested"):
                if tier == "match" or (name == "suggested" and tier == "suggested"):
                    given[name][0] += 1
                    given[name][1] += right
    out: dict[str, float | int] = {f"{tier}_precision": round(hits / max(n, 1), 3) for tier, (n, hits) in given.items()}
    out.update({f"{tier}_recall": round(hits / max(pairs, 1), 3) for tier, (n, hits) in given.items()})
    for name, (n, hits) in held.items():
        out[f"guard_{name}_held"] = n
        out[f"guard_{name}_right"] = hits
    return out
